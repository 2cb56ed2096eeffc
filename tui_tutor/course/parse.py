"""Read and check lesson files: TOML front matter, ``::: step`` pages, lab and quiz fences.

Nothing in a lesson is executed: TOML is read with ``tomllib``, lab settings are checked
with ``ml.LabConfig.from_mapping`` (which builds no data), and every problem becomes a
``Problem(path, line, message)`` pointing at the offending key, fence or marker.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_tutor import ml

from .kinds import KINDS
from .model import (
    CONTROLS,
    DEFAULT_CONTROLS,
    METRICS,
    OPS,
    VIEWS,
    Condition,
    Lesson,
    Pack,
    Problem,
    Quiz,
    Step,
)
from .tomllines import TomlLines, toml_error_line

__all__ = ["check_pack", "load_pack", "parse_lesson"]

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_QUIZ_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_MARKER = re.compile(r"^ {0,3}:::")
_STEP = re.compile(r"^ {0,3}:::\s*step(?:\s+(.*?))?\s*$")
_LINK = re.compile(r"(?:\]\(\s*|<|\]:\s*)lesson:([^\s)>#]*)(?:#([^\s)>]*))?")

_FRONT_KEYS = ("id", "title", "order", "lab")
_LAB_EXTRA = ("controls", "views", "view")
_STEP_EXTRA = ("view", "claims")
_QUIZ_COMMON = ("id", "kind", "prompt", "hint", "explain")
_QUIZ_KEYS = sorted({*_QUIZ_COMMON, *(k for kind in KINDS.values() for k in kind.keys)})


@dataclass
class _RawStep:
    title: str
    line: int
    md: list[str] = field(default_factory=list)
    lab: tuple[int, list[str]] | None = None
    quizzes: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class _Parsed:
    path: Path
    lesson: Lesson | None
    problems: list[Problem]
    fatal: bool
    id: str | None = None
    id_line: int = 1
    links: list[tuple[int, str, str | None]] = field(default_factory=list)


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def _kind_name(v: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a whole number", float: "a number"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(v), type(v).__name__)


class _LessonParser:
    """Parses one file; collects problems instead of raising."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.fatal = False
        self.links: list[tuple[int, str, str | None]] = []
        self.id: str | None = None
        self.id_line = 1

    def problem(self, line: int, message: str, fatal: bool = True) -> None:
        self.problems.append(Problem(self.path, max(1, line), message))
        self.fatal = self.fatal or fatal

    # -- text ---------------------------------------------------------------------
    def decode(self, data: bytes) -> str | None:
        """``data`` as UTF-8 text, or None (reported) when it is not."""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            self.problem(
                line,
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {col}); "
                "save the lesson as UTF-8",
            )
            return None

    def toml(self, lines: list[str], first: int, fallback: int, what: str) -> dict | None:
        """Parse ``lines`` (file lines ``first``...) as TOML, reporting a syntax error."""
        try:
            return tomllib.loads("\n".join(lines))
        except tomllib.TOMLDecodeError as exc:
            last = first + len(lines) - 1 if lines else fallback
            line = toml_error_line(str(exc), first, last)
            self.problem(line, f"invalid TOML in {what}: {exc}")
            return None

    # -- the whole file -------------------------------------------------------------
    def parse(self, data: bytes | str) -> Lesson | None:
        """The lesson in ``data`` (file bytes or text), or None when it has a fatal problem."""
        text = data if isinstance(data, str) else self.decode(data)
        if text is None:
            return None
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if lines[0].strip() != "+++":
            self.problem(
                1,
                "a lesson starts with a '+++' line, then its TOML front matter "
                "(id, title, order, [lab]), then another '+++' line",
            )
            return None
        close = next((i for i in range(1, len(lines)) if lines[i].strip() == "+++"), None)
        if close is None:
            self.problem(1, "the front matter opened here is never closed by a '+++' line")
            return None
        front = self.toml(lines[1:close], 2, 1, "the front matter")
        if front is None:
            return None
        keys = TomlLines(lines[1:close], 2, 1)
        header = self.front(front, keys)
        lab_info = self.lesson_lab(front.get("lab", {}), keys)
        raw_steps = self.split_steps(lines, close + 1, header[1] if header else "")
        # Go on after a bad header or preset, so that one check reports every problem.
        lab, controls, views, view = lab_info or (ml.LabConfig(), (), VIEWS, VIEWS[0])
        if not any(any(t.strip() for t in s.md) or s.lab or s.quizzes for s in raw_steps):
            self.problem(close + 1, "the lesson has no text after its front matter")
            return None
        steps = []
        all_claims: list[tuple[int, list, TomlLines | None]] = []
        seen_quiz: dict[str, int] = {}
        for index, raw in enumerate(raw_steps):
            step, claims = self.step(index, raw, lab, views, view, seen_quiz)
            steps.append(step)
            all_claims.append(claims)
        steps = [self.with_claims(s, c, len(steps)) for s, c in zip(steps, all_claims, strict=True)]
        if self.fatal or header is None or lab_info is None:
            return None
        lesson_id, title, order = header
        return Lesson(lesson_id, title, order, self.path, lab, controls, views, tuple(steps))

    def front(self, front: dict, keys: TomlLines) -> tuple[str, str, int] | None:
        for key in front:
            if key not in _FRONT_KEYS:
                self.problem(
                    keys.key(key),
                    f"unknown front-matter key {key!r}; accepted: {', '.join(_FRONT_KEYS)}",
                )
        ok = True
        lesson_id = front.get("id")
        self.id_line = keys.key("id")
        if not isinstance(lesson_id, str) or not _ID.fullmatch(lesson_id):
            shown = "missing" if lesson_id is None else repr(lesson_id)
            self.problem(
                keys.key("id"),
                f"id is {shown}; it must be text of lower-case letters, digits and '-', "
                'such as id = "bias-variance"',
            )
            ok = False
        else:
            self.id = lesson_id
        title = front.get("title")
        if not isinstance(title, str) or not title.strip():
            shown = "missing" if title is None else repr(title)
            self.problem(keys.key("title"), f'title is {shown}; write title = "Lesson title"')
            ok = False
        order = front.get("order")
        if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 9999:
            shown = "missing" if order is None else repr(order)
            self.problem(
                keys.key("order"), f"order is {shown}; it must be a whole number from 0 to 9999"
            )
            ok = False
        if not isinstance(front.get("lab", {}), dict):
            self.problem(keys.key("lab"), "lab must be a table: write [lab] on its own line")
            ok = False
        return (lesson_id, title.strip(), order) if ok else None

    def lab_values(
        self, values: dict, base: ml.LabConfig | None, keys: TomlLines, prefix: tuple[str, ...]
    ) -> ml.LabConfig | None:
        """Check lab settings with ``LabConfig.from_mapping``; report at the key's line."""
        values = dict(values)
        if isinstance(values.get("csv"), str) and values["csv"]:
            csv = Path(values["csv"])
            csv = csv if csv.is_absolute() else self.path.parent / csv
            if not csv.is_file():
                self.problem(keys.key(*prefix, "csv"), f"csv: no such file {str(csv)!r}")
                return None
            values["csv"] = str(csv)
        try:
            return ml.LabConfig.from_mapping(values, base=base)
        except ml.ConfigError as exc:
            line = keys.key(*prefix, exc.key) if exc.key in values else keys.fallback
            where = "" if exc.key in values else " (with the lesson preset)"
            self.problem(line, f"{exc.key}: {exc.message}{where}")
            return None
        except (TypeError, ValueError) as exc:  # defensive: a message, never a traceback
            self.problem(keys.fallback, f"lab settings: {exc}")
            return None

    def names(
        self, value: Any, allowed: tuple[str, ...], key: str, line: int
    ) -> tuple[str, ...] | None:
        empty_ok = key == "controls"  # a lab the learner only watches is fine; no views is not
        if (
            not isinstance(value, list)
            or not (value or empty_ok)
            or not all(isinstance(v, str) for v in value)
        ):
            what = "a list" if empty_ok else "a non-empty list"
            self.problem(line, f"{key} must be {what} of names from: {', '.join(allowed)}")
            return None
        bad = [v for v in value if v not in allowed]
        if bad:
            self.problem(line, f"{key}: unknown name {bad[0]!r}; accepted: {', '.join(allowed)}")
            return None
        if len(set(value)) != len(value):
            self.problem(line, f"{key} lists a name twice")
            return None
        return tuple(value)

    def lesson_lab(
        self, lab: Any, keys: TomlLines
    ) -> tuple[ml.LabConfig, tuple[str, ...], tuple[str, ...], str] | None:
        if not isinstance(lab, dict):
            return None
        known = set(ml.LabConfig.keys()) | set(_LAB_EXTRA)
        settings = {}
        ok = True
        for key, value in lab.items():
            if key not in known:
                self.problem(
                    keys.key("lab", key),
                    f"unknown key {key!r} in [lab]; accepted: {', '.join(sorted(known))}",
                )
                ok = False
            elif key not in _LAB_EXTRA:
                settings[key] = value
        controls = self.names(
            lab.get("controls", list(DEFAULT_CONTROLS)), CONTROLS, "controls",
            keys.key("lab", "controls"),
        )  # fmt: skip
        views = self.names(lab.get("views", list(VIEWS)), VIEWS, "views", keys.key("lab", "views"))
        view = lab.get("view")
        if views and view is not None and view not in views:
            self.problem(
                keys.key("lab", "view"),
                f"view {view!r} is not among this lesson's views: {', '.join(views)}",
            )
            ok = False
        config = self.lab_values(settings, None, keys, ("lab",))
        if not ok or config is None or controls is None or views is None:
            return None
        return config, controls, views, view or views[0]

    # -- the body -------------------------------------------------------------------
    def split_steps(self, lines: list[str], start: int, title: str) -> list[_RawStep]:
        """Cut the body (from 0-based row ``start``) into steps; fences become blocks."""
        steps = [_RawStep(title, start + 1)]
        row = start
        while row < len(lines):
            text = lines[row]
            fence = _FENCE.match(text)
            if fence:
                mark, info = fence.group(1), fence.group(2).lower()
                end = row + 1
                while end < len(lines):
                    closing = lines[end].strip()
                    if closing.startswith(mark[0] * len(mark)) and not closing.strip(mark[0]):
                        break
                    end += 1
                if end >= len(lines):
                    what = f"```{info}" if info else "code"
                    self.problem(
                        row + 1,
                        f"the {what} fence opened here is never closed (close it with {mark})",
                    )
                    return steps
                body = lines[row + 1 : end]
                if info == "lab":
                    if steps[-1].lab is not None:
                        self.problem(
                            row + 1,
                            f"a step has one ```lab block; this is a second one "
                            f"(the first is at line {steps[-1].lab[0]})",
                        )
                    else:
                        steps[-1].lab = (row + 1, body)
                    self.scan_links(body, row + 2)
                elif info == "quiz":
                    steps[-1].quizzes.append((row + 1, body))
                    self.scan_links(body, row + 2)
                else:
                    steps[-1].md.extend(lines[row : end + 1])
                row = end + 1
                continue
            if _MARKER.match(text):
                step = _STEP.match(text)
                if step:
                    title = (step.group(1) or "").strip().removesuffix(":::").strip()
                    steps.append(_RawStep(title, row + 1))
                else:
                    self.problem(
                        row + 1,
                        "a ':::' line marks a step: write '::: step Title' "
                        "(no other ':::' blocks exist)",
                    )
                row += 1
                continue
            steps[-1].md.append(text)
            self.scan_links([text], row + 1)
            row += 1
        first = steps[0]
        empty = not any(s.strip() for s in first.md) and first.lab is None and not first.quizzes
        if len(steps) > 1 and empty:
            steps.pop(0)
        return steps

    def scan_links(self, lines: list[str], first: int) -> None:
        for i, text in enumerate(lines):
            for found in _LINK.finditer(text):
                self.links.append((first + i, found.group(1), found.group(2)))

    def step(
        self,
        index: int,
        raw: _RawStep,
        lab: ml.LabConfig,
        views: tuple[str, ...],
        view: str,
        seen_quiz: dict[str, int],
    ) -> tuple[Step, tuple[int, list, TomlLines | None]]:
        overrides: dict[str, Any] = {}
        claims: list = []
        keys = None
        step_lab = lab
        fence_line = raw.line
        if raw.lab is not None:
            fence_line, body = raw.lab
            values = self.toml(body, fence_line + 1, fence_line, "the ```lab block")
            keys = TomlLines(body, fence_line + 1, fence_line)
            if values is not None:
                known = set(ml.LabConfig.keys()) | set(_STEP_EXTRA)
                for key, value in values.items():
                    if key not in known:
                        hint = (
                            " (controls and views are set once, in the front matter's [lab])"
                            if key in ("controls", "views")
                            else ""
                        )
                        self.problem(
                            keys.key(key),
                            f"unknown key {key!r} in a ```lab block{hint}; accepted: "
                            f"{', '.join(sorted(known))}",
                        )
                    elif key == "view":
                        if value not in views:
                            self.problem(
                                keys.key("view"),
                                f"view {value!r} is not among this lesson's views: "
                                f"{', '.join(views)}",
                            )
                        else:
                            view = value
                    elif key == "claims":
                        if not isinstance(value, list):
                            self.problem(
                                keys.key("claims"),
                                "claims must be a list of conditions such as "
                                '[{ metric = "dev_error", op = "<", value = 0.12 }]',
                            )
                        else:
                            claims = value
                    else:
                        overrides[key] = value
                step_lab = self.lab_values(overrides, lab, keys, ()) or lab
        quizzes = []
        for line, body in raw.quizzes:
            quiz = self.quiz(line, body, step_lab, seen_quiz)
            if quiz is not None:
                quizzes.append(quiz)
        markdown = "\n".join(raw.md).strip("\n")
        step = Step(
            index, raw.title, markdown, step_lab, view, (), tuple(quizzes), overrides, raw.line
        )
        return step, (fence_line, claims, keys)

    def with_claims(self, step: Step, info: tuple[int, list, TomlLines | None], n: int) -> Step:
        fence_line, raw_claims, keys = info
        out = []
        for i, raw in enumerate(raw_claims):
            line = keys.item(("claims",), i) if keys else fence_line
            cond = self.condition(raw, line, "claims", n_steps=n, own_step=step.index + 1)
            if cond is not None:
                out.append(cond)
        return Step(
            step.index, step.title, step.markdown, step.lab, step.view, tuple(out),
            step.quizzes, step.overrides, step.line,
        )  # fmt: skip

    def condition(
        self, raw: Any, line: int, where: str, n_steps: int = 0, own_step: int = 0
    ) -> Condition | None:
        """Check one ``{ metric, op, value | step, margin }`` table."""
        example = '{ metric = "dev_error", op = "<", value = 0.12 }'
        if not isinstance(raw, dict):
            self.problem(line, f"each item of {where} must be a table such as {example}")
            return None
        allowed = (
            ("metric", "op", "value", "step", "margin") if n_steps else ("metric", "op", "value")
        )
        for key in raw:
            if key not in allowed:
                extra = (
                    " (step comparisons are only for claims)" if key in ("step", "margin") else ""
                )
                self.problem(
                    line,
                    f"unknown key {key!r} in a condition of {where}{extra}; "
                    f"accepted: {', '.join(allowed)}",
                )
                return None
        metric, op = raw.get("metric"), raw.get("op")
        if metric not in METRICS:
            self.problem(
                line,
                f"unknown metric {metric!r} in {where}; accepted: {', '.join(METRICS)}",
            )
            return None
        if op not in OPS:
            self.problem(line, f"unknown op {op!r} in {where}; accepted: {', '.join(OPS)}")
            return None
        has_value, has_step = "value" in raw, "step" in raw
        if has_value == has_step:
            what = "value = NUMBER or step = N" if n_steps else "value = NUMBER"
            self.problem(line, f"a condition in {where} needs exactly one of {what}")
            return None
        if has_value:
            if not _is_number(raw["value"]):
                self.problem(
                    line, f"value in {where} must be a number, got {_kind_name(raw['value'])}"
                )
                return None
            if "margin" in raw:
                self.problem(line, "margin only goes with step = N")
                return None
            return Condition(metric, op, float(raw["value"]))
        step = raw["step"]
        if isinstance(step, bool) or not isinstance(step, int) or not 1 <= step <= n_steps:
            self.problem(
                line,
                f"step {step!r} does not exist: this lesson has steps 1 to {n_steps}",
            )
            return None
        if step == own_step:
            self.problem(line, f"a claim of step {step} compares the step with itself")
            return None
        margin = raw.get("margin", 0.0)
        if not _is_number(margin):
            self.problem(line, f"margin must be a number, got {_kind_name(margin)}")
            return None
        return Condition(metric, op, None, step, float(margin))

    def text_field(self, quiz: dict, key: str, keys: TomlLines, required: bool = True) -> str:
        value = quiz.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            shown = "missing" if value is None else f"not text ({_kind_name(value)})"
            self.problem(keys.key(key), f'the quiz\'s {key} is {shown}; write {key} = "..."')
            return ""
        return value.strip()

    def quiz(
        self, fence: int, body: list[str], lab: ml.LabConfig, seen: dict[str, int]
    ) -> Quiz | None:
        values = self.toml(body, fence + 1, fence, "the ```quiz block")
        if values is None:
            return None
        keys = TomlLines(body, fence + 1, fence)
        before = len(self.problems)
        for key in values:
            if key not in _QUIZ_KEYS:
                self.problem(
                    keys.key(key),
                    f"unknown key {key!r} in a quiz; accepted: {', '.join(_QUIZ_KEYS)}",
                )
        quiz_id = values.get("id")
        if not isinstance(quiz_id, str) or not _QUIZ_ID.fullmatch(quiz_id):
            shown = "missing" if quiz_id is None else repr(quiz_id)
            self.problem(
                keys.key("id"),
                f'the quiz id is {shown}; write id = "q-name" (letters, digits, "-", "_", ".")',
            )
        elif quiz_id in seen:
            self.problem(
                keys.key("id"),
                f"quiz id {quiz_id!r} is used twice in this lesson (first at line {seen[quiz_id]})",
            )
        else:
            seen[quiz_id] = keys.key("id")
        kind = values.get("kind")
        if kind not in KINDS:
            shown = "missing" if kind is None else repr(kind)
            self.problem(
                keys.key("kind"), f"the quiz kind is {shown}; accepted: {', '.join(KINDS)}"
            )
            return None
        prompt = self.text_field(values, "prompt", keys)
        hint = self.text_field(values, "hint", keys)
        explain = self.text_field(values, "explain", keys)
        for key in values:
            if key in _QUIZ_KEYS and key not in _QUIZ_COMMON and key not in KINDS[kind].keys:
                self.problem(keys.key(key), f"{key!r} does not apply to a {kind} quiz")
        for key in KINDS[kind].required:
            if key not in values:
                if key == "answer":
                    msg = f"the {kind} quiz has no answer: add {KINDS[kind].answer_help}"
                else:
                    msg = f"the {kind} quiz needs {key!r}"
                self.problem(fence, msg)
        if len(self.problems) > before:
            return None
        fields: dict[str, Any] = {}
        if kind in ("single", "multiple", "predict"):
            choices = values["choices"]
            if (
                not isinstance(choices, list)
                or len(choices) < 2
                or not all(isinstance(c, str) and c.strip() for c in choices)
            ):
                self.problem(keys.key("choices"), "choices must be a list of at least 2 texts")
                return None
            fields["choices"] = tuple(c.strip() for c in choices)
            n = len(choices)
            answer = values["answer"]
            if kind == "multiple":
                if not isinstance(answer, list) or not answer:
                    self.problem(
                        keys.key("answer"),
                        "answer of a multiple quiz must be a non-empty list such as [1, 3]",
                    )
                    return None
                items = answer
            else:
                items = [answer]
            for a in items:
                if isinstance(a, bool) or not isinstance(a, int):
                    self.problem(
                        keys.key("answer"),
                        f"answer must be 1-based choice numbers, got {_kind_name(a)}",
                    )
                    return None
                if not 1 <= a <= n:
                    self.problem(
                        keys.key("answer"), f"answer {a} is out of range: there are {n} choices"
                    )
                    return None
            if len(set(items)) != len(items):
                self.problem(keys.key("answer"), "answer lists a choice twice")
                return None
            fields["answer"] = tuple(sorted(items)) if kind == "multiple" else items[0]
        if kind == "numeric":
            answer, tolerance = values["answer"], values["tolerance"]
            if not _is_number(answer):
                self.problem(
                    keys.key("answer"), f"answer must be a number, got {_kind_name(answer)}"
                )
                return None
            if not _is_number(tolerance) or tolerance < 0:
                self.problem(
                    keys.key("tolerance"),
                    f"tolerance must be a number >= 0 (absolute), got {tolerance!r}",
                )
                return None
            unit = values.get("unit", "")
            if not isinstance(unit, str):
                self.problem(keys.key("unit"), f"unit must be text, got {_kind_name(unit)}")
                return None
            fields.update(answer=float(answer), tolerance=float(tolerance), unit=unit.strip())
        if kind == "predict":
            run = values["run"]
            if not isinstance(run, dict):
                self.problem(
                    keys.key("run"), "run must be a table of lab settings such as { lambd = 10 }"
                )
                return None
            if self.lab_override(run, lab, keys, "run") is None:
                return None
            fields["run"] = run
            fields["expect"] = self.conditions(values["expect"], keys, "expect")
        if kind == "challenge":
            fields["goal"] = self.conditions(values["goal"], keys, "goal")
            solution = values.get("solution")
            if solution is not None:
                if not isinstance(solution, dict):
                    self.problem(keys.key("solution"), "solution must be a table of lab settings")
                    return None
                if self.lab_override(solution, lab, keys, "solution") is None:
                    return None
                fields["solution"] = solution
        if len(self.problems) > before:
            return None
        return Quiz(
            id=quiz_id, kind=kind, prompt=prompt, hint=hint, explain=explain, line=fence, **fields
        )

    def lab_override(
        self, values: dict, lab: ml.LabConfig, keys: TomlLines, key: str
    ) -> ml.LabConfig | None:
        try:
            return ml.LabConfig.from_mapping(values, base=lab)
        except ml.ConfigError as exc:
            self.problem(keys.key(key), f"{key}: {exc.key}: {exc.message}")
            return None

    def conditions(self, raw: Any, keys: TomlLines, key: str) -> tuple[Condition, ...]:
        if not isinstance(raw, list) or not raw:
            self.problem(
                keys.key(key),
                f"{key} must be a non-empty list of conditions such as "
                '[{ metric = "dev_error", op = "<", value = 0.12 }]',
            )
            return ()
        out = []
        for i, item in enumerate(raw):
            cond = self.condition(item, keys.item((key,), i), key)
            if cond is not None:
                out.append(cond)
        return tuple(out)


def _parse(path: Path, data: bytes | str) -> _Parsed:
    parser = _LessonParser(path)
    try:
        lesson = parser.parse(data)
    except RecursionError:  # pathologically nested TOML: report, never crash
        parser.problem(1, "the lesson's TOML is nested too deeply to read")
        lesson = None
    return _Parsed(
        path,
        lesson if not parser.fatal else None,
        parser.problems,
        parser.fatal,
        parser.id,
        parser.id_line,
        parser.links,
    )


def parse_lesson(
    data: bytes | str, path: Path | str = "<lesson>"
) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson's text. Links to other lessons are not checked here (see load_pack)."""
    parsed = _parse(Path(path), data)
    return parsed.lesson, sorted(parsed.problems, key=lambda p: p.line)


def _lesson_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.glob("*.md")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
    )


def load_pack(folder: Path | str) -> Pack:
    """Load every lesson of a folder (``*.md`` except README.md); report the rest.

    Broken lessons are skipped; a link to a missing lesson is reported, but the lesson
    holding it still loads. A single ``.md`` file may be given too.
    """
    folder = Path(folder)
    only: Path | None = None
    if folder.is_file():
        only, folder = folder, folder.parent
    if not folder.is_dir():
        return Pack(problems=[Problem(folder, 0, "no such folder of lessons")])
    try:
        files = _lesson_files(folder)
    except OSError as exc:
        return Pack(problems=[Problem(folder, 0, f"cannot list the folder: {exc.strerror or exc}")])
    if not files:
        return Pack(problems=[Problem(folder, 0, "no lesson files (*.md) in this folder")])
    parsed: list[_Parsed] = []
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            problem = Problem(path, 1, f"cannot read: {exc.strerror or exc}")
            parsed.append(_Parsed(path, None, [problem], True))
            continue
        parsed.append(_parse(path, data))
    pack = Pack()
    known: set[str] = set()
    by_id: dict[str, Lesson] = {}
    first_file: dict[str, Path] = {}
    for p in parsed:
        pack.problems.extend(p.problems)
        if p.id is None:
            continue
        if p.id in first_file:
            where = first_file[p.id].name
            pack.problems.append(
                Problem(p.path, p.id_line, f"lesson id {p.id!r} is already used by {where}")
            )
            p.lesson = None
            continue
        first_file[p.id] = p.path
        if p.lesson is not None:
            by_id[p.id] = p.lesson
        known.add(p.id)
    for p in parsed:
        if p.lesson is None:
            continue
        for line, target, anchor in p.links:
            if not target:
                msg = "a lesson link needs an id: lesson:ID or lesson:ID#STEP"
                pack.problems.append(Problem(p.lesson.path, line, msg))
            elif target not in known:
                ids = ", ".join(sorted(known))
                msg = f"link to lesson {target!r}, which does not exist in this pack (ids: {ids})"
                pack.problems.append(Problem(p.lesson.path, line, msg))
            elif anchor is not None and target in by_id:
                n = len(by_id[target].steps)
                if not anchor.isdecimal() or not 1 <= int(anchor) <= n:
                    msg = f"link to step {anchor!r} of {target!r}, which has steps 1 to {n}"
                    pack.problems.append(Problem(p.lesson.path, line, msg))
        pack.lessons.append(p.lesson)
    pack.lessons.sort(key=lambda lesson: (lesson.order, lesson.path.name))
    pack.problems.sort(key=lambda pr: (str(pr.path), pr.line))
    if only is not None:
        pack.lessons = [les for les in pack.lessons if les.path == only]
        pack.problems = [pr for pr in pack.problems if pr.path == only]
    return pack


def check_pack(folder: Path | str) -> list[Problem]:
    """Every problem of a lesson folder (empty when all lessons are valid)."""
    return load_pack(folder).problems

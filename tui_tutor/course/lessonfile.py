"""Read one lesson file: its text, TOML front matter and ``[lab]`` preset, and its steps.

Nothing in a lesson is executed: TOML is read with ``tomllib``, lab settings are checked
with ``ml.LabConfig.from_mapping`` (which builds no data), and every problem becomes a
``Problem(path, line, message)`` pointing at the offending key, fence or marker. The
body's shape is cut by ``fences``, conditions are read by ``conditions`` and quizzes by
``quizparse`` (with each kind's reader in ``kinds``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from tui_tutor import ml
from tui_tutor.ml.config import LEARNING_FRACTIONS

from .conditions import EXAMPLE, parse_condition
from .fences import Link, RawStep, split_steps
from .limits import check_lines, check_steps, check_title
from .model import (
    CONTROLS,
    DEFAULT_CONTROLS,
    DEFAULT_VIEWS,
    VIEWS,
    Condition,
    Lesson,
    Problem,
    Step,
)
from .quizparse import parse_quiz
from .tomllines import TomlLines, read_toml

__all__ = ["LessonParser"]

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
_FRONT_KEYS = ("id", "title", "order", "lab")
_LAB_EXTRA = ("controls", "views", "view", "readout")
_STEP_EXTRA = ("view", "claims", "readout")

# What a step's ``claims`` need once every step is known: (fence line, raw list, keys).
_RawClaims = tuple[int, list, TomlLines | None]


class LessonParser:
    """Parses one file; collects problems instead of raising.

    After ``parse``: ``problems``, ``fatal`` (the lesson is unusable), ``id`` and
    ``id_line`` (for the pack's duplicate check, even when the lesson is broken) and
    ``links`` (the ``lesson:`` links, for the pack to check).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.fatal = False
        self.links: list[Link] = []
        self.id: str | None = None
        self.id_line = 1

    def problem(self, line: int, message: str) -> None:
        """Report a problem at file line ``line`` (every problem makes the lesson unusable)."""
        self.problems.append(Problem(self.path, max(1, line), message))
        self.fatal = True

    def decode(self, data: bytes) -> str | None:
        """``data`` as UTF-8 text, or None (reported) when it is not."""
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = data[: exc.start]  # lines as parse counts them: CRLF, CR, LF
            line = before.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
            col = exc.start - (max(before.rfind(b"\n"), before.rfind(b"\r")) + 1) + 1
            self.problem(
                line,
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at column {col}); "
                "save the lesson as UTF-8",
            )
            return None

    # -- the whole file -------------------------------------------------------------
    def parse(self, data: bytes | str) -> Lesson | None:
        """The lesson in ``data`` (file bytes or text), or None when it has a problem."""
        text = data if isinstance(data, str) else self.decode(data)
        if text is None:
            return None
        text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
        lines = text.split("\n")
        if not check_lines(lines, self.problem):
            return None
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
        front = read_toml(lines[1:close], 2, 1, "the front matter", self.problem)
        if front is None:
            return None
        keys = TomlLines(lines[1:close], 2, 1)
        header = self.front(front, keys)
        lab_info = self.lesson_lab(front.get("lab", {}), keys)
        title = header[1] if header else ""
        raw_steps = split_steps(lines, close + 1, title, self.problem, self.links)
        if not check_steps(raw_steps, self.problem):
            return None
        # Go on after a bad header or preset, so that one check reports every problem.
        empty = (ml.LabConfig(), (), DEFAULT_VIEWS, VIEWS[0], ())
        lab, controls, views, view, readout = lab_info or empty
        if all(s.empty for s in raw_steps):
            self.problem(close + 1, "the lesson has no text after its front matter")
            return None
        seen_quiz: dict[str, int] = {}
        read = [
            self.step(i, raw, lab, views, view, seen_quiz, readout)
            for i, raw in enumerate(raw_steps)
        ]
        steps = tuple(self.with_claims(step, claims, len(read)) for step, claims in read)
        if self.fatal or header is None or lab_info is None:
            return None
        lesson_id, title, order = header
        return Lesson(lesson_id, title, order, self.path, lab, controls, views, steps)

    def front(self, front: dict, keys: TomlLines) -> tuple[str, str, int] | None:
        """The id, title and order of the front matter, or None (reported)."""
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
        elif not check_title(title.strip(), keys.key("title"), self.problem):
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

    # -- lab settings ---------------------------------------------------------------
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
            config = ml.LabConfig.from_mapping(values, base=base)
            if "csv" in values and config.csv:
                config.data()  # read the CSV now: a bad one fails the check, not the app
            return config
        except ml.DataError as exc:  # the message names the file and the first bad row
            self.problem(keys.key(*prefix, "csv"), f"csv: {exc}")
            return None
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
        """``controls`` or ``views``: a list of distinct names from ``allowed``."""
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
        if bad and key == "controls" and bad[0] in ml.SETTINGS:
            self.problem(
                line,
                f"controls: {bad[0]!r} is a setting the learner cannot change in the app; "
                f"accepted: {', '.join(allowed)}",
            )
            return None
        if bad:
            self.problem(line, f"{key}: unknown name {bad[0]!r}; accepted: {', '.join(allowed)}")
            return None
        if len(set(value)) != len(value):
            self.problem(line, f"{key} lists a name twice")
            return None
        return tuple(value)

    def readout_names(self, value: Any, line: int) -> tuple[str, ...] | None:
        """A ``readout`` key: distinct names of one run's metrics (``ml.RUN_METRICS``)."""
        allowed = ml.RUN_METRICS
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                line,
                "readout must be a list of metric names such as "
                f'["w_norm_sq", "zero_weights"]; accepted: {", ".join(allowed)}',
            )
            return None
        for name in value:
            if name in ml.METRICS and name not in allowed:
                runs = ml.METRICS[name].runs
                self.problem(
                    line,
                    f"readout: {name!r} is measured over {runs} runs, not read from one; "
                    f"accepted: {', '.join(allowed)}",
                )
                return None
            if name not in allowed:
                self.problem(
                    line, f"readout: unknown metric {name!r}; accepted: {', '.join(allowed)}"
                )
                return None
        if len(set(value)) != len(value):
            self.problem(line, "readout lists a metric twice")
            return None
        return tuple(value)

    def lesson_lab(
        self, lab: Any, keys: TomlLines
    ) -> tuple[ml.LabConfig, tuple[str, ...], tuple[str, ...], str, tuple[str, ...]] | None:
        """The front matter's ``[lab]``: the preset, controls, views, first view, readout."""
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
        listed = lab.get("views", list(DEFAULT_VIEWS))
        views = self.names(listed, VIEWS, "views", keys.key("lab", "views"))
        view = lab.get("view")
        if views and view is not None and view not in views:
            self.problem(
                keys.key("lab", "view"),
                f"view {view!r} is not among this lesson's views: {', '.join(views)}",
            )
            ok = False
        readout = self.readout_names(lab.get("readout", []), keys.key("lab", "readout"))
        config = self.lab_values(settings, None, keys, ("lab",))
        if config is not None and views is not None:
            self.sweeps_fit(config, views, keys.key("lab", "views"))
        if not ok or config is None or controls is None or views is None or readout is None:
            return None
        return config, controls, views, view or views[0], readout

    def sweeps_fit(self, config: ml.LabConfig, views: tuple[str, ...], line: int) -> None:
        """Report a sweep the lesson's views would run that exceeds the budget
        (``ml.budget``): the validation curve over the λ ladder, the learning curve."""
        ladder = ml.SETTINGS["lambd"].ladder
        sweeps = {"validation": len(ladder), "learning": len(LEARNING_FRACTIONS)}
        for kind, models in sweeps.items():
            if kind in views:
                try:
                    config.check_budget(models, kind)
                except ml.ConfigError as exc:
                    self.problem(line, f"the {kind} view's sweep of {models} models: {exc.message}")
                    return

    # -- steps ----------------------------------------------------------------------
    def step(
        self,
        index: int,
        raw: RawStep,
        lab: ml.LabConfig,
        views: tuple[str, ...],
        view: str,
        seen_quiz: dict[str, int],
        readout: tuple[str, ...] = (),
    ) -> tuple[Step, _RawClaims]:
        """One step without its claims (they need the number of steps: ``with_claims``).

        ``readout`` is the lesson's; a step's own ``readout`` key replaces it.
        """
        overrides: dict[str, Any] = {}
        claims: list = []
        keys = None
        step_lab = lab
        fence_line = raw.line
        if raw.lab is not None:
            fence_line, body = raw.lab
            values = read_toml(body, fence_line + 1, fence_line, "the ```lab block", self.problem)
            keys = TomlLines(body, fence_line + 1, fence_line)
            if values is not None:
                view, claims = self.step_lab(values, keys, views, view, overrides)
                if "readout" in values:
                    own = self.readout_names(values["readout"], keys.key("readout"))
                    readout = own if own is not None else readout
                step_lab = self.lab_values(overrides, lab, keys, ()) or lab
                if step_lab is not lab:
                    self.sweeps_fit(step_lab, views, fence_line)
        quizzes = []
        for line, body in raw.quizzes:
            quiz = parse_quiz(line, body, step_lab, seen_quiz, self.problem)
            if quiz is not None:
                quizzes.append(quiz)
        markdown = "\n".join(raw.md).strip("\n")
        step = Step(
            index, raw.title, markdown, step_lab, view, (), tuple(quizzes), overrides, raw.line,
            readout,
        )  # fmt: skip
        return step, (fence_line, claims, keys)

    def step_lab(
        self,
        values: dict,
        keys: TomlLines,
        views: tuple[str, ...],
        view: str,
        overrides: dict[str, Any],
    ) -> tuple[str, list]:
        """A ```lab block: fills ``overrides``; returns the step's view and raw claims."""
        claims: list = []
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
                        f"view {value!r} is not among this lesson's views: {', '.join(views)}",
                    )
                else:
                    view = value
            elif key == "readout":
                continue  # read by ``step``
            elif key == "claims":
                if not isinstance(value, list):
                    self.problem(
                        keys.key("claims"),
                        f"claims must be a list of conditions such as [{EXAMPLE}]",
                    )
                else:
                    claims = value
            else:
                overrides[key] = value
        return view, claims

    def with_claims(self, step: Step, info: _RawClaims, n: int) -> Step:
        """``step`` with its claims read (``n`` steps in the lesson, for ``step = N``)."""
        fence_line, raw_claims, keys = info
        out: list[Condition] = []
        for i, raw in enumerate(raw_claims):
            line = keys.item(("claims",), i) if keys else fence_line
            cond = parse_condition(
                raw, line, "claims", self.problem, n_steps=n, own_step=step.index + 1
            )
            if cond is not None:
                out.append(cond)
        return replace(step, claims=tuple(out))

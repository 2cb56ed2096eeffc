"""Quiz kinds: one entry each, shared by the parser, the answer checker and the quiz widget.

A ``QuizKind`` says which keys a ```quiz block of that kind takes and needs, how the
parser reads them (``parse``), how the learner answers it (``choices``, ``multiple``,
``typed``, ``runs_lab``, ``live``: what the app's widget reads instead of switching on the
kind's name) and how a response is judged (``check``).

Adding a kind: a judge ``(quiz, response, lang) -> Verdict`` (its words under
``verdict.*`` in both i18n tables), a reader ``(values, fields) -> the Quiz's fields``
built from the ``QuizFields`` helpers (a new field, if any, on ``model.Quiz``), one
``QuizKind`` entry below, and its row in docs/lesson-format.md (whose example lesson must
use every kind: a test checks it). A quiz that holds ``run``/``expect`` or
``goal``/``solution`` is verified by ``course.verify`` from those fields, whatever its
kind.

Answers, by kind:
- single, predict: a 1-based int (or text holding one).
- multiple: a set/list of 1-based ints; right when it equals the answer's set.
- numeric: text typed by the learner. Accepted: "0.93", "-1.5e-3", ".5", "1,000",
  "0,93" (one decimal comma), "3/4", full-width digits, and the quiz's unit after the
  number. "93%" means 0.93, except in a quiz whose unit counts percent or percentage
  points ("%", "points", "percentage points", "pp", "个百分点": ``PERCENT_UNITS``):
  there the answer is written in percent and "93", "93%" and "93 points" all mean 93. Right when
  |typed - answer| <= tolerance (absolute).
- challenge: the live lab's metrics (a mapping); right when every goal condition holds.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui_tutor.i18n import t

from .model import Condition, Quiz, format_metric
from .tomllines import is_number, kind_name

if TYPE_CHECKING:  # the parser imports KINDS; a kind's reader only gets its QuizFields
    from .quizparse import QuizFields

__all__ = [
    "KINDS",
    "PERCENT_UNITS",
    "QuizKind",
    "Verdict",
    "check_answer",
    "check_conditions",
    "in_percent",
    "parse_number",
    "percent_sign_missing",
]

# Units that count percent or percentage points: a number typed with "%" is already in
# them ("3%" is 3 points, not 0.03), and any of these names may follow the number.
PERCENT_UNITS = frozenset(
    {"%", "pp", "point", "points", "percentage point", "percentage points", "百分点", "个百分点"}
)


def in_percent(unit: str) -> bool:
    """Whether a numeric quiz of ``unit`` is answered in percent or percentage points."""
    return unit.strip().lower() in PERCENT_UNITS


def _msg(key: str, lang: str, **fmt: Any) -> str:
    return t(f"verdict.{key}", lang, **fmt)


@dataclass(frozen=True)
class Verdict:
    """Whether a response is right, and what to tell the learner."""

    correct: bool
    message: str


def _to_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if re.fullmatch(r"[+-]?\d{1,6}", text):
            return int(text)
    return None


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.IGNORECASE)


def _plain_number(text: str) -> float | None:
    if _THOUSANDS.fullmatch(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if "/" in text:
        num, _, den = text.partition("/")
        if "/" in den:  # "1/2/3" is no number a learner means
            return None
        a, b = _plain_number(num.strip()), _plain_number(den.strip())
        if a is None or b is None or b == 0:
            return None
        value = a / b  # finite parts can still overflow: 1e308/1e-308
        return value if math.isfinite(value) else None
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def parse_number(text: str, unit: str = "") -> float | None:
    """The number a learner typed, or None when it is not one (see the module doc)."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text).strip().replace("_", "").replace("−", "-")
    if len(text) > 64:
        return None
    percent_unit = in_percent(unit)
    names = sorted(PERCENT_UNITS - {"%"}, key=len, reverse=True) if percent_unit else [unit]
    for name in names:
        if name and name != "%" and text.lower().endswith(name.lower()):
            text = text[: -len(name)].strip()
            break
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    text = text.replace(" ", "")
    value = _plain_number(text)
    if value is None:
        return None
    return value / 100 if percent and not percent_unit else value


def percent_sign_missing(quiz: Quiz, text: str) -> bool:
    """Whether ``text`` is a fraction's right answer written in percent without its sign
    ("5" for 0.05 with no unit): the learner meant 5%, and it should not cost an attempt."""
    if quiz.kind != "numeric" or quiz.unit or not isinstance(text, str) or "%" in text:
        return False
    value, answer = parse_number(text), quiz.answer
    if value is None or not isinstance(answer, int | float) or not 0 < abs(answer) <= 1:
        return False
    return _within(value, answer * 100, quiz.tolerance * 100) and not _within(
        value, answer, quiz.tolerance
    )


def _within(value: float, answer: float, tolerance: float) -> bool:
    """A typed number judged right: within ``tolerance`` (float noise never decides)."""
    return abs(value - answer) <= tolerance + 1e-9 * max(1.0, abs(answer))


def _format_answer(quiz: Quiz) -> str:
    value = quiz.answer
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    if quiz.unit == "%":
        return f"{shown}%"
    return f"{shown} {quiz.unit}" if quiz.unit else shown


def check_conditions(
    conditions: Iterable[Condition],
    metrics: Mapping[str, float],
    references: Mapping[int, Mapping[str, float]] | None = None,
) -> list[tuple[Condition, bool]]:
    """Each condition with whether ``metrics`` meet it; ``references[N]`` = step N's metrics."""
    refs = references or {}
    return [(c, c.holds(metrics, refs.get(c.step) if c.step else None)) for c in conditions]


# -- the judges: (quiz, response, lang) -> Verdict; bad input gives a Verdict, never raises --
def _judge_pick(quiz: Quiz, response: Any, lang: str) -> Verdict:
    n = len(quiz.choices)
    pick = _to_int(response)
    if pick is None or not 1 <= pick <= n:
        return Verdict(False, _msg("pick", lang, n=n))
    if pick == quiz.answer:
        return Verdict(True, _msg("correct", lang))
    return Verdict(False, _msg("wrong", lang))


def _judge_prediction(quiz: Quiz, response: Any, lang: str) -> Verdict:
    n = len(quiz.choices)
    pick = _to_int(response)
    if pick is None or not 1 <= pick <= n:
        return Verdict(False, _msg("pick", lang, n=n))
    choice = quiz.choices[quiz.answer - 1]
    if pick == quiz.answer:
        return Verdict(True, _msg("predict_ok", lang, choice=choice))
    return Verdict(False, _msg("predict_wrong", lang, choice=choice))


def _judge_multiple(quiz: Quiz, response: Any, lang: str) -> Verdict:
    n = len(quiz.choices)
    items = [response] if isinstance(response, int | str) else response
    try:
        picks = {_to_int(v) for v in items}
    except TypeError:
        picks = {None}
    if not picks or None in picks or not all(1 <= p <= n for p in picks):
        return Verdict(False, _msg("pick_many", lang, n=n))
    if picks == set(quiz.answer):
        return Verdict(True, _msg("correct", lang))
    return Verdict(False, _msg("wrong_multiple", lang, n=len(quiz.answer)))


def _judge_number(quiz: Quiz, response: Any, lang: str) -> Verdict:
    if isinstance(response, int | float) and not isinstance(response, bool):
        value = float(response)
    else:
        value = parse_number(response, quiz.unit) if isinstance(response, str) else None
    if value is None or not math.isfinite(value):
        points = in_percent(quiz.unit) and quiz.unit != "%"
        return Verdict(False, _msg("number_points" if points else "number", lang))
    if _within(value, quiz.answer, quiz.tolerance):
        return Verdict(True, _msg("numeric_ok", lang, answer=_format_answer(quiz)))
    return Verdict(False, _msg("wrong", lang))


def _judge_goal(quiz: Quiz, response: Any, lang: str) -> Verdict:
    if not isinstance(response, Mapping):
        return Verdict(False, _msg("no_run", lang))
    missing = []
    for cond, ok in check_conditions(quiz.goal, response):
        if not ok:
            now = response.get(cond.metric)
            extra = "" if now is None else _msg("now", lang, value=format_metric(cond.metric, now))
            missing.append(cond.describe(lang) + extra)
    if missing:
        sep = "；" if lang == "zh" else "; "
        return Verdict(False, _msg("not_met", lang, missing=sep.join(missing)))
    return Verdict(True, _msg("met", lang))


# -- the readers: (values of the ```quiz block, fields) -> the Quiz's own fields --------
# Common keys (id, kind, prompt, hint, explain), unknown keys and missing required keys
# are checked before; ``fields.fail`` reports at the key's line and leaves the quiz out.
def _read_single(values: Mapping[str, Any], fields: QuizFields) -> dict[str, Any]:
    choices = fields.choices()
    return {"choices": choices, "answer": fields.picks(len(choices))}


def _read_multiple(values: Mapping[str, Any], fields: QuizFields) -> dict[str, Any]:
    choices = fields.choices()
    return {"choices": choices, "answer": fields.picks(len(choices), multiple=True)}


def _read_numeric(values: Mapping[str, Any], fields: QuizFields) -> dict[str, Any]:
    answer, tolerance = values["answer"], values["tolerance"]
    if not is_number(answer):
        fields.fail("answer", f"answer must be a number, got {kind_name(answer)}")
    if not is_number(tolerance) or tolerance < 0:
        fields.fail("tolerance", f"tolerance must be a number >= 0 (absolute), got {tolerance!r}")
    unit = values.get("unit", "")
    if not isinstance(unit, str):
        fields.fail("unit", f"unit must be text, got {kind_name(unit)}")
    return {"answer": float(answer), "tolerance": float(tolerance), "unit": unit.strip()}


def _read_predict(values: Mapping[str, Any], fields: QuizFields) -> dict[str, Any]:
    out = _read_single(values, fields)
    out["run"] = fields.lab_override(
        "run", "run must be a table of lab settings such as { lambd = 10 }"
    )
    out["expect"] = fields.conditions("expect")
    return out


def _read_challenge(values: Mapping[str, Any], fields: QuizFields) -> dict[str, Any]:
    out: dict[str, Any] = {"goal": fields.conditions("goal")}
    if "solution" in values:
        not_a_table = "solution must be a table of lab settings"
        out["solution"] = fields.lab_override("solution", not_a_table)
    return out


@dataclass(frozen=True)
class QuizKind:
    """One kind of question.

    ``keys``: the keys a quiz of this kind may have besides the common ones (id, kind,
    prompt, hint, explain); ``required``: those it must have; ``answer_help``: how to
    write its answer (for the checker's "has no answer" message).
    How the learner answers: ``choices`` (numbered choices, picked with number keys),
    ``multiple`` (the number keys toggle; right when exactly the answer's set is
    chosen), ``typed`` (a field for a number), ``runs_lab`` (committing the choice runs
    the lab with ``run`` and the ``expect`` conditions are shown once it finished),
    ``live`` (judged from the live lab's finished runs against ``goal``; no Enter, no
    attempts limit, 1 point when met). ``check(quiz, response, lang)`` judges;
    ``parse(values, fields)`` reads the kind's keys of a checked block into the
    ``Quiz``'s fields (``quizparse.QuizFields`` reports at the key's line).
    """

    name: str
    keys: tuple[str, ...]
    required: tuple[str, ...]
    check: Callable[[Quiz, Any, str], Verdict]
    parse: Callable[[Mapping[str, Any], QuizFields], dict[str, Any]]
    answer_help: str = ""
    choices: bool = False
    multiple: bool = False
    typed: bool = False
    runs_lab: bool = False
    live: bool = False


KINDS: dict[str, QuizKind] = {
    k.name: k
    for k in (
        QuizKind(
            "single", keys=("choices", "answer"), required=("choices", "answer"),
            check=_judge_pick, parse=_read_single,
            answer_help="answer = N, the 1-based number of the right choice", choices=True,
        ),
        QuizKind(
            "multiple", keys=("choices", "answer"), required=("choices", "answer"),
            check=_judge_multiple, parse=_read_multiple,
            answer_help="answer = [N, ...], the 1-based numbers of the right choices",
            choices=True, multiple=True,
        ),
        QuizKind(
            "numeric", keys=("answer", "tolerance", "unit"), required=("answer", "tolerance"),
            check=_judge_number, parse=_read_numeric, answer_help="answer = a number",
            typed=True,
        ),
        QuizKind(
            "predict", keys=("choices", "answer", "run", "expect"),
            required=("choices", "answer", "run", "expect"),
            check=_judge_prediction, parse=_read_predict,
            answer_help="answer = N, the 1-based number of the outcome that happens",
            choices=True, runs_lab=True,
        ),
        QuizKind(
            "challenge", keys=("goal", "solution"), required=("goal",),
            check=_judge_goal, parse=_read_challenge, live=True,
        ),
    )
}  # fmt: skip
"""Every quiz kind by name, in the order the lesson format documents them."""


def check_answer(quiz: Quiz, response: Any, lang: str = "en") -> Verdict:
    """Check a learner's response to ``quiz``; bad input gives a Verdict, never an exception."""
    kind = KINDS.get(quiz.kind)
    if kind is None:
        return Verdict(False, f"unknown quiz kind {quiz.kind!r}")
    return kind.check(quiz, response, lang)

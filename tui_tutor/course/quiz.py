"""Check answers, measure runs headless, and score a lesson.

Answers:
- single, predict: a 1-based int (or text holding one).
- multiple: a set/list of 1-based ints; right when it equals the answer's set.
- numeric: text typed by the learner. Accepted: "0.93", "-1.5e-3", ".5", "1,000",
  "0,93" (one decimal comma), "3/4", full-width digits, and the quiz's unit after the
  number. "93%" means 0.93, except in a quiz whose unit is "%": there the answer is
  written in percent and "93" and "93%" both mean 93. Right when
  |typed - answer| <= tolerance (absolute).
- challenge: the live lab's metrics (a mapping); right when every goal condition holds.

Scoring (``quiz_points``): a quiz right at the first attempt earns 1 point, right after
a retry 0.5, never right 0; a challenge met earns 1. A lesson's score is its points
divided by its number of quizzes (0..1).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tui_tutor import ml
from tui_tutor.i18n import t

from .model import Condition, Lesson, Quiz, format_metric

__all__ = [
    "Verdict",
    "check_answer",
    "check_conditions",
    "lesson_score",
    "measure",
    "parse_number",
    "quiz_points",
]


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
    if unit and unit != "%" and text.lower().endswith(unit.lower()):
        text = text[: -len(unit)].strip()
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    text = text.replace(" ", "")
    value = _plain_number(text)
    if value is None:
        return None
    return value / 100 if percent and unit != "%" else value


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


def check_answer(quiz: Quiz, response: Any, lang: str = "en") -> Verdict:
    """Check a learner's response to ``quiz``; bad input gives a Verdict, never an exception."""
    if quiz.kind in ("single", "predict"):
        n = len(quiz.choices)
        pick = _to_int(response)
        if pick is None or not 1 <= pick <= n:
            return Verdict(False, _msg("pick", lang, n=n))
        if quiz.kind == "predict":
            choice = quiz.choices[quiz.answer - 1]
            if pick == quiz.answer:
                return Verdict(True, _msg("predict_ok", lang, choice=choice))
            return Verdict(False, _msg("predict_wrong", lang, choice=choice))
        if pick == quiz.answer:
            return Verdict(True, _msg("correct", lang))
        return Verdict(False, _msg("wrong", lang))
    if quiz.kind == "multiple":
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
    if quiz.kind == "numeric":
        if isinstance(response, int | float) and not isinstance(response, bool):
            value = float(response)
        else:
            value = parse_number(response, quiz.unit) if isinstance(response, str) else None
        if value is None or not math.isfinite(value):
            return Verdict(False, _msg("number", lang))
        slack = 1e-9 * max(1.0, abs(quiz.answer))
        if abs(value - quiz.answer) <= quiz.tolerance + slack:
            return Verdict(True, _msg("numeric_ok", lang, answer=_format_answer(quiz)))
        return Verdict(False, _msg("wrong", lang))
    if quiz.kind == "challenge":
        if not isinstance(response, Mapping):
            return Verdict(False, _msg("no_run", lang))
        missing = []
        for cond, ok in check_conditions(quiz.goal, response):
            if not ok:
                now = response.get(cond.metric)
                extra = (
                    "" if now is None else _msg("now", lang, value=format_metric(cond.metric, now))
                )
                missing.append(cond.describe(lang) + extra)
        if missing:
            sep = "；" if lang == "zh" else "; "
            return Verdict(False, _msg("not_met", lang, missing=sep.join(missing)))
        return Verdict(True, _msg("met", lang))
    return Verdict(False, f"unknown quiz kind {quiz.kind!r}")


def quiz_points(correct: bool, attempts: int, kind: str = "single") -> float:
    """Points for one quiz: 1 right at the first try (or a challenge met), 0.5 later, 0 never."""
    if not correct:
        return 0.0
    if kind == "challenge" or attempts <= 1:
        return 1.0
    return 0.5


def lesson_score(lesson: Lesson, answers: Mapping[str, Any]) -> float:
    """Score in [0, 1]: points over the number of quizzes (1.0 for a lesson without quizzes).

    ``answers`` maps quiz id to an object with ``correct`` and ``attempts``
    (``progress.QuizAnswer``) or to a dict with those keys.
    """
    quizzes = lesson.quizzes
    if not quizzes:
        return 1.0
    total = 0.0
    for quiz in quizzes:
        a = answers.get(quiz.id)
        if a is None:
            continue
        correct = a["correct"] if isinstance(a, Mapping) else a.correct
        attempts = a["attempts"] if isinstance(a, Mapping) else a.attempts
        total += quiz_points(bool(correct), int(attempts), quiz.kind)
    return total / len(quizzes)


@lru_cache(maxsize=512)
def _final_metrics(config: ml.LabConfig) -> dict[str, float]:
    run, last = config.final()
    return run.metrics(last)


def measure(config: ml.LabConfig, metrics_needed: Iterable[str] = ()) -> dict[str, float]:
    """Run ``config`` to the end headless and return its metrics (``LabRun.metrics``).

    With "dev_spread" in ``metrics_needed`` the run is repeated over data seeds 0..4 and
    ``dev_spread`` = max - min of their dev errors is added. Runs are cached per config
    (a config is deterministic given its seed).
    """
    try:
        hash(config)
        final = _final_metrics
    except TypeError:  # a config built by hand with lists: run it uncached
        final = _final_metrics.__wrapped__
    metrics = dict(final(config))
    if "dev_spread" in set(metrics_needed):
        devs = [final(config.with_changes(seed=s))["dev_error"] for s in range(5)]
        metrics["dev_spread"] = max(devs) - min(devs)
    return metrics

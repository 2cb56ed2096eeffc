"""Score a lesson, and measure runs headless (answers are judged in ``kinds``).

Scoring (``quiz_points``): a quiz right at the first attempt earns 1 point, right after
a retry 0.5, never right 0; a challenge met earns 1. A lesson's score is its points
divided by its number of quizzes (0..1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from tui_tutor import ml

from .kinds import KINDS
from .model import Lesson

__all__ = ["lesson_score", "measure", "quiz_points"]


def quiz_points(correct: bool, attempts: int, kind: str = "single") -> float:
    """Points for one quiz: 1 right at the first try (or a challenge met), 0.5 later, 0 never."""
    if not correct:
        return 0.0
    live = kind in KINDS and KINDS[kind].live
    if live or attempts <= 1:
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

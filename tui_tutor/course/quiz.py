"""Score a lesson (answers are judged in ``kinds``; runs are measured in ``verify``).

Scoring (``quiz_points``): a quiz right at the first attempt earns 1 point, right after
a retry 0.5, never right 0; a challenge met earns 1. A lesson's score is its points
divided by its number of quizzes (0..1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import KINDS
from .model import Lesson

__all__ = ["lesson_score", "quiz_points"]


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

"""Score a lesson and say when it is finished (answers are judged in ``kinds``).

Scoring (``quiz_points``): a quiz right at the first attempt earns 1 point, right after
a retry 0.5, never right 0; a challenge met earns 1. A lesson's score is its points
divided by its number of quizzes (0..1).

Finished (``lesson_finished``): every question of the lesson is done (``quiz_done``:
answered right, or its answer revealed after the last of ``MAX_ATTEMPTS`` attempts, a
prediction made, a challenge met), or the learner reached the lesson's last step.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .kinds import KINDS
from .model import Lesson

__all__ = [
    "MAX_ATTEMPTS",
    "FINISHED_HELP",
    "lesson_finished",
    "lesson_score",
    "quiz_done",
    "quiz_points",
]

MAX_ATTEMPTS = 3
"""Attempts at a question before its answer is revealed."""
FINISHED_HELP = (
    "every question answered (right, or its answer revealed after the last attempt; a "
    "prediction made; a challenge met) or the lesson's last step reached"
)
"""What "finished" means, in the words of the report's help."""


def _field(answer: Any, key: str) -> Any:
    return answer.get(key) if isinstance(answer, Mapping) else getattr(answer, key, None)


def quiz_done(kind: str, answer: Any, met: bool = False) -> bool:
    """Whether a question is over for the learner: right, revealed after ``MAX_ATTEMPTS``
    tries, predicted (``runs_lab`` kinds), or (``live`` kinds) met. ``answer`` is a
    ``QuizAnswer`` or a dict with ``response``, ``correct`` and ``attempts`` (or None);
    ``met`` says the quiz is among the lesson's challenges met."""
    info = KINDS.get(kind)
    correct = bool(answer is not None and _field(answer, "correct"))
    if info is not None and info.live:
        return met or correct
    if answer is None:
        return False
    if info is not None and info.runs_lab:
        return correct or _field(answer, "response") is not None
    attempts = _field(answer, "attempts")
    return correct or (isinstance(attempts, int) and attempts >= MAX_ATTEMPTS)


def lesson_finished(lesson: Lesson, progress: Any) -> bool:
    """Whether ``progress`` (a ``LessonProgress``) has finished ``lesson``: every question
    done, or the last step reached (the old rule, "pressed n past the last step", also
    counts: ``progress.finished``)."""
    if getattr(progress, "finished", False):
        return True
    if getattr(progress, "reached", 0) >= len(lesson.steps) - 1:
        return True
    if not lesson.quizzes:
        return False
    answers = getattr(progress, "answers", {})
    met = set(getattr(progress, "challenges", ()))
    return all(quiz_done(q.kind, answers.get(q.id), q.id in met) for q in lesson.quizzes)


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

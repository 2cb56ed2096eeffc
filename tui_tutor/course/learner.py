"""What one learner has done: answers, challenges met, positions and lab settings per lesson.

``Progress`` is plain data with the few changes the app makes (``record_answer``,
``record_challenge``, ``set_position``, ``set_lab``, ``finish``), its JSON form (schema
version 1, see ``progress``) checked field by field on the way in (``ProgressError``
names the first bad field), and ``merge_progress``, which combines two versions of one
learner's file so that nothing either recorded is lost. Files are read and written by
``progress.ProgressStore``.
"""

from __future__ import annotations

import copy
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .model import Lesson
from .quiz import lesson_finished, lesson_score

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "LessonProgress",
    "Progress",
    "ProgressError",
    "QuizAnswer",
    "add_sorted",
    "json_safe",
    "merge_progress",
]

SCHEMA = "tui-tutor-progress"
SCHEMA_VERSION = 1


class ProgressError(ValueError):
    """A progress file that cannot be read; the message says why."""


@dataclass
class QuizAnswer:
    """The learner's latest response to one quiz, whether it was right, and how many tries."""

    response: Any = None
    correct: bool = False
    attempts: int = 0


@dataclass
class LessonProgress:
    """Everything saved about one lesson. ``lab`` maps a 0-based step to its overrides."""

    step: int = 0
    answers: dict[str, QuizAnswer] = field(default_factory=dict)
    challenges: list[str] = field(default_factory=list)
    lab: dict[int, dict[str, Any]] = field(default_factory=dict)
    finished: bool = False
    score: float = 0.0
    updated: float = 0.0
    reached: int = 0  # the furthest step shown (0-based), for "finished"


@dataclass
class Progress:
    """One learner's progress: where they are and, per lesson id, what they did."""

    lang: str | None = None
    lesson: str | None = None
    step: int = 0
    learner: str | None = None
    lessons: dict[str, LessonProgress] = field(default_factory=dict)
    updated: float = 0.0
    # What ``from_json`` left out of the file (entries nested too deeply to save again).
    dropped: list[str] = field(default_factory=list, compare=False, repr=False)

    # -- changes the app makes -------------------------------------------------------
    def lesson_progress(self, lesson_id: str) -> LessonProgress:
        """The lesson's record, created when missing."""
        return self.lessons.setdefault(lesson_id, LessonProgress())

    def _touch(self, lp: LessonProgress | None = None) -> None:
        now = time.time()
        self.updated = max(now, self.updated + 1e-6)
        if lp is not None:
            lp.updated = max(now, lp.updated + 1e-6)

    def set_position(self, lesson_id: str, step: int) -> None:
        """Remember the current lesson and (0-based) step, to resume there."""
        lp = self.lesson_progress(lesson_id)
        self.lesson, self.step, lp.step = lesson_id, int(step), int(step)
        lp.reached = max(lp.reached, lp.step)
        self._touch(lp)

    def set_learner(self, name: str) -> None:
        """The learner's name, for the instructor's report (``tui-tutor --name``)."""
        self.learner = name
        self._touch()

    def update_finished(self, lesson: Lesson) -> bool:
        """Mark ``lesson`` finished when ``lesson_finished`` says so; True if it changed."""
        lp = self.lessons.get(lesson.id)
        if lp is None or lp.finished or not lesson_finished(lesson, lp):
            return False
        lp.finished = True
        self._touch(lp)
        return True

    def record_answer(
        self, lesson: Lesson | str, quiz_id: str, response: Any, correct: bool
    ) -> QuizAnswer:
        """Count one attempt at a quiz. Once right, later attempts change nothing.

        With a ``Lesson`` (not just its id) the lesson's score is updated too.
        """
        lesson_id = lesson if isinstance(lesson, str) else lesson.id
        lp = self.lesson_progress(lesson_id)
        answer = lp.answers.setdefault(quiz_id, QuizAnswer())
        if answer.correct:
            return answer
        answer.attempts += 1
        answer.response = _bounded(json_safe(response))
        answer.correct = bool(correct)
        if not isinstance(lesson, str):
            quiz = next((q for q in lesson.quizzes if q.id == quiz_id), None)
            if quiz is not None and quiz.kind == "challenge" and correct:
                add_sorted(lp.challenges, quiz_id)
            lp.score = lesson_score(lesson, lp.answers)
            lp.finished = lp.finished or lesson_finished(lesson, lp)
        self._touch(lp)
        return answer

    def record_challenge(self, lesson: Lesson | str, quiz_id: str) -> None:
        """Mark a lab challenge met."""
        lesson_id = lesson if isinstance(lesson, str) else lesson.id
        lp = self.lesson_progress(lesson_id)
        add_sorted(lp.challenges, quiz_id)
        self.record_answer(lesson, quiz_id, None, True)

    def set_lab(self, lesson_id: str, step: int, overrides: Mapping[str, Any]) -> None:
        """Remember the lab settings the learner chose in a step (LabConfig overrides)."""
        lp = self.lesson_progress(lesson_id)
        lp.lab[int(step)] = json_safe(dict(overrides))
        self._touch(lp)

    def finish(self, lesson_id: str) -> None:
        """Mark a lesson finished."""
        lp = self.lesson_progress(lesson_id)
        lp.finished = True
        self._touch(lp)

    # -- JSON -------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The progress as JSON-ready values (the file layout in the module doc)."""
        return {
            "schema": SCHEMA,
            "version": SCHEMA_VERSION,
            "learner": self.learner,
            "lang": self.lang,
            "lesson": self.lesson,
            "step": self.step,
            "updated": self.updated,
            "lessons": {
                lid: {
                    "step": lp.step,
                    "finished": lp.finished,
                    "score": lp.score,
                    "updated": lp.updated,
                    "answers": {
                        qid: {"response": a.response, "correct": a.correct, "attempts": a.attempts}
                        for qid, a in lp.answers.items()
                    },
                    "challenges": list(lp.challenges),
                    "lab": {str(k): v for k, v in sorted(lp.lab.items())},
                    "reached": lp.reached,
                }
                for lid, lp in self.lessons.items()
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> Progress:
        """Check and read the file layout; raises ProgressError naming what is wrong.

        An answer or lab entry nested too deeply to be saved again is left out and
        named in ``dropped`` (``progressfile.read_json``).
        """
        from .progressfile import read_json

        return read_json(cls, data)


def add_sorted(items: list[str], item: str) -> None:
    """Add ``item`` to the sorted list ``items`` unless it is there."""
    if item not in items:
        items.append(item)
        items.sort()


def json_safe(value: Any) -> Any:
    """Sets and tuples become lists, NaN/inf become None, other objects their text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return [json_safe(v) for v in sorted(value, key=repr)]
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    try:  # numpy scalars
        return json_safe(value.item())
    except (AttributeError, ValueError):
        return str(value)


MAX_RESPONSE_CHARS = 200
"""A typed response is kept to this many characters (a 10 KB paste is not saved whole)."""


def _bounded(response: Any) -> Any:
    if isinstance(response, str) and len(response) > MAX_RESPONSE_CHARS:
        return response[:MAX_RESPONSE_CHARS]
    return response


def _better_answer(a: QuizAnswer, b: QuizAnswer) -> QuizAnswer:
    """A right answer wins; of two right ones the first-try one; of two wrong, more attempts."""
    if a.correct != b.correct:
        return a if a.correct else b
    if a.correct:
        return a if a.attempts <= b.attempts else b
    return a if a.attempts >= b.attempts else b


def merge_progress(mine: Progress, theirs: Progress) -> Progress:
    """Combine two versions of one learner's progress; nothing either recorded is lost."""
    newer, older = (mine, theirs) if mine.updated >= theirs.updated else (theirs, mine)
    out = Progress(
        lang=newer.lang or older.lang,
        lesson=newer.lesson or older.lesson,
        step=newer.step if newer.lesson else older.step,
        learner=newer.learner or older.learner,
        updated=newer.updated,
    )
    for lid in sorted(set(mine.lessons) | set(theirs.lessons)):
        a, b = mine.lessons.get(lid), theirs.lessons.get(lid)
        if a is None or b is None:
            out.lessons[lid] = copy.deepcopy(a or b)
            continue
        new, old = (a, b) if a.updated >= b.updated else (b, a)
        merged = LessonProgress(
            step=new.step,
            finished=a.finished or b.finished,
            score=max(a.score, b.score),
            updated=new.updated,
            lab={**old.lab, **new.lab},
            reached=max(a.reached, b.reached),
        )
        for qid in sorted(set(a.answers) | set(b.answers)):
            qa, qb = a.answers.get(qid), b.answers.get(qid)
            merged.answers[qid] = _better_answer(qa, qb) if qa and qb else (qa or qb)
        for cid in [*a.challenges, *b.challenges]:
            add_sorted(merged.challenges, cid)
        out.lessons[lid] = merged
    return out

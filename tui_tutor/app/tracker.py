"""The app's view of the learner's progress, kept in `tui_tutor.course.Progress`.

`Tracker` answers what the screen asks (where to resume, a question's saved answer, a
step's lab settings, a lesson's score) and saves through `ProgressStore` after every
change. A save that fails is reported once through `on_error`; the lesson goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from tui_tutor.course.model import Lesson, Quiz
from tui_tutor.course.progress import Progress, ProgressStore
from tui_tutor.course.quiz import lesson_score
from tui_tutor.ml import ConfigError, LabConfig


class Tracker:
    """Progress of one learner; `store` None keeps it in memory only (test mode).

    ``lessons`` are the pack's lessons: with them a lesson reached at its last step is
    finished even before anything asked for its score (a jump straight to the end)."""

    def __init__(
        self,
        store: ProgressStore | None = None,
        *,
        lang: str = "en",
        on_error: Callable[[str], None] | None = None,
        lessons: Iterable[Lesson] = (),
    ) -> None:
        self.store = store
        self.on_error = on_error
        self.warning: str | None = None
        self._failed = False
        self.progress = Progress()
        # The lessons known, to tell when one is finished (the pack's, and any scored).
        self._lessons: dict[str, Lesson] = {lesson.id: lesson for lesson in lessons}
        if store is not None:
            self.progress = store.load()
            self.warning = store.warning
        self.progress.lang = lang

    # -- reading ------------------------------------------------------------------------------
    def resume_point(self) -> tuple[str, int] | None:
        """(lesson id, 0-based step) saved last, or None."""
        if not self.progress.lesson:
            return None
        return self.progress.lesson, int(self.progress.step or 0)

    def answer(self, lesson_id: str, quiz_id: str) -> dict[str, Any] | None:
        """The saved {response, correct, attempts} of a question, or None."""
        lp = self.progress.lessons.get(lesson_id)
        if lp is None:
            return None
        saved = lp.answers.get(quiz_id)
        if saved is None:
            if quiz_id in lp.challenges:
                return {"response": None, "correct": True, "attempts": 1}
            return None
        return {"response": saved.response, "correct": saved.correct, "attempts": saved.attempts}

    def lab_settings(self, lesson_id: str, step: int) -> dict[str, Any] | None:
        """The learner's lab overrides for a step (0-based), or None."""
        lp = self.progress.lessons.get(lesson_id)
        if lp is None:
            return None
        return dict(lp.lab.get(int(step)) or {}) or None

    def lab_overrides(self, lesson_id: str, step: int, preset: LabConfig) -> dict[str, Any] | None:
        """The saved lab changes of a step if they still fit ``preset``; else forgotten."""
        saved = self.lab_settings(lesson_id, step)
        if saved:
            try:
                LabConfig.from_mapping(saved, base=preset)
            except (ConfigError, TypeError, ValueError):
                self.set_lab_settings(lesson_id, step, None)
                return None
        return saved

    def finished(self, lesson_id: str) -> bool:
        """Whether the lesson is finished: every question done or its last step reached
        (``course.quiz.lesson_finished``), or the learner went past its last step."""
        lp = self.progress.lessons.get(lesson_id)
        return bool(lp and lp.finished)

    def score(self, lesson: Lesson) -> tuple[float, int]:
        """(points, questions): 1 point right at the first try or a challenge met, 0.5 later."""
        self._lessons[lesson.id] = lesson
        quizzes = lesson.quizzes
        if not quizzes:
            return 0.0, 0
        lp = self.progress.lessons.get(lesson.id)
        if lp is None:
            return 0.0, len(quizzes)
        return round(lesson_score(lesson, lp.answers) * len(quizzes), 2), len(quizzes)

    # -- writing ------------------------------------------------------------------------------
    def set_current(self, lesson_id: str, step: int) -> None:
        """Remember where the learner is (0-based step), to resume there; saved if it moved."""
        if self.progress.lesson == lesson_id and self.progress.step == step:
            return
        self.progress.set_position(lesson_id, step)
        lesson = self._lessons.get(lesson_id)
        if lesson is not None:
            self.progress.update_finished(lesson)  # reaching the last step finishes it
        self.save()

    def record_answer(self, lesson: Lesson, quiz: Quiz, response: Any, correct: bool) -> None:
        """Save one judged response; the progress counts the attempt, marks a challenge met
        and keeps a right answer right."""
        if isinstance(response, (set, tuple)):
            response = sorted(response)
        self._lessons[lesson.id] = lesson
        self.progress.record_answer(lesson, quiz.id, response, correct)  # may finish it
        self.save()

    def set_lab_settings(
        self, lesson_id: str, step: int, overrides: dict[str, Any] | None, *, save: bool = True
    ) -> None:
        """Remember the learner's lab changes for a step; None forgets them (reset lab).
        ``save=False`` keeps them for the next save (the screen saves a burst of lab keys
        once, after the last; quitting saves too)."""
        if overrides:
            clean = {k: list(v) if isinstance(v, tuple) else v for k, v in overrides.items()}
            self.progress.set_lab(lesson_id, step, clean)
        else:
            if self.lab_settings(lesson_id, step) is None:
                return
            self.progress.set_lab(lesson_id, step, {})  # empty: the step's preset
        if save:
            self.save()

    def set_finished(self, lesson_id: str) -> None:
        """Mark the lesson finished (saved once)."""
        if not self.finished(lesson_id):
            self.progress.finish(lesson_id)
            self.save()

    def save(self) -> None:
        """Write the progress now (atomic, merged with other instances by the store)."""
        if self.store is None:
            return
        try:
            ok = self.store.save(self.progress)
        except Exception as error:  # noqa: BLE001 - any failure: report once, keep teaching
            ok, self.store.warning = False, str(error)
        if not ok and not self._failed:
            self._failed = True
            if self.on_error is not None:
                self.on_error(self.store.warning or "")

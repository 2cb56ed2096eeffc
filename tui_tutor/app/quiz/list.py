"""The questions of one lesson step: shown together, keys routed to the one that waits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.containers import Vertical

from tui_tutor.course.kinds import KINDS
from tui_tutor.course.model import Quiz

from .widget import QuizWidget

__all__ = ["QuizList"]


class QuizList(Vertical):
    """A step's ``QuizWidget``s in order; hidden when the step asks nothing."""

    def __init__(self, *, lang: str = "en", test_mode: bool = False, id: str | None = None):
        super().__init__(id=id)
        self.lang = lang
        self.test_mode = test_mode

    async def show(
        self, quizzes: Sequence[Quiz], saved: Callable[[str], dict[str, Any] | None]
    ) -> None:
        """Show ``quizzes``, each restored from ``saved(quiz id)`` (its progress entry)."""
        await self.remove_children()
        widgets = [
            QuizWidget(quiz, lang=self.lang, saved=saved(quiz.id), test_mode=self.test_mode)
            for quiz in quizzes
        ]
        if widgets:
            await self.mount_all(widgets)
        self.display = bool(widgets)

    @property
    def widgets(self) -> list[QuizWidget]:
        """The questions shown now, in order."""
        return list(self.query(QuizWidget))

    def active(self) -> QuizWidget | None:
        """The first question still waiting for an answer by key (a live one only when no
        other waits; else the last question)."""
        widgets = self.widgets
        for widget in widgets:
            if widget.active and not KINDS[widget.quiz.kind].live:
                return widget
        for widget in widgets:
            if widget.active:
                return widget
        return widgets[-1] if widgets else None

    def run_finished(self, metrics: dict[str, Any]) -> None:
        """A lab run ended: every question sees its metrics."""
        for widget in self.widgets:
            widget.run_finished(metrics)

    def cancel_runs(self) -> None:
        """The lab was reset: a committed prediction asks again."""
        for widget in self.widgets:
            widget.cancel_run()

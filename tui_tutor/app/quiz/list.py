"""The questions of one lesson step: shown together, keys routed to the one in view.

A number key, Enter or h goes to the question the learner sees (``target``): the first
waiting one with a line on screen, else the first waiting one, which is then only
scrolled into view (``bring_into_view``), so a key never answers a question scrolled
out of sight."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from textual.containers import Vertical
from textual.errors import NoWidget
from textual.widget import Widget

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

    def in_view(self, widget: Widget) -> bool:
        """Whether some line of ``widget`` is inside the scrolling lesson's viewport."""
        view = self.parent.region if isinstance(self.parent, Widget) else self.region
        try:
            region = widget.region
        except NoWidget:  # not laid out (or not shown)
            return False
        return region.height > 0 and view.overlaps(region)

    def target(self) -> tuple[QuizWidget | None, bool]:
        """(the question keys go to, whether it is in view); see the module doc."""
        widgets = self.widgets
        waiting = [w for w in widgets if w.active]
        ordered = [w for w in waiting if not KINDS[w.quiz.kind].live]
        ordered += [w for w in waiting if KINDS[w.quiz.kind].live]
        for widget in ordered:
            if self.in_view(widget):
                return widget, True
        if ordered:
            return ordered[0], False
        last = widgets[-1] if widgets else None
        return last, last is None or self.in_view(last)

    def bring_into_view(self, widget: QuizWidget) -> None:
        """Scroll the lesson so ``widget`` shows whole, its prompt at least (a question
        taller than the view shows from its top)."""
        parent = self.parent
        if not isinstance(parent, Widget):
            return
        try:
            region, view = widget.region, parent.region
        except NoWidget:
            region = view = None
        if region is not None and view is not None and view.contains_region(region):
            return
        parent.scroll_to_widget(widget, animate=False, top=True)

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

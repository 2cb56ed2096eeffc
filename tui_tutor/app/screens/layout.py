"""The main screen's layout: lesson and lab side by side, stacked or one of them full
screen (f), fitted to the terminal.

``LayoutKeys`` is the layer of ``TutorScreen`` that owns the layout: the f key's cycle
(the lesson keeps its focus and scroll position through it), the note below the size at
which both cannot be read, the stacked lab's height (its chart at its minimum and its
whole readout) and where messages go (over the chart, not over what the learner reads).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import VerticalScroll
from textual.css.query import NoMatches
from textual.widgets import Input, Static
from textual.widgets._toast import ToastRack

from tui_tutor.i18n import t

from ..lab.plot import LabPlot
from .questions import QuestionKeys

__all__ = ["LAYOUTS", "LayoutKeys"]

LAYOUTS = ("split", "lab", "lesson")


class LayoutKeys(QuestionKeys):
    """A lesson screen with a ``#lesson-scroll`` and a lab: its layout and the f key."""

    layout_mode: str = "split"  # one of LAYOUTS

    # Below this size the lesson and the lab cannot both be read: say so, with the keys
    # that help (issue 9 item 10: at 50x15 the chart vanished and the Footer lost f, ?, q).
    SMALL: tuple[int, int] = (60, 18)

    def on_resize(self) -> None:
        width, height = self.size
        small = width < self.SMALL[0] or height < self.SMALL[1]
        self.set_class(small, "-small")
        if small:
            note = t("small_terminal", self.lang, w=width, h=height)
            self.query_one("#small-note", Static).update(Text(note, overflow="fold"))
        self.call_after_refresh(self._place_toasts)
        self.call_after_refresh(self._fit_lab)

    # Stacked, the lab's chart keeps this many rows (LabPanel's #lab-plot min-height).
    PLOT_MIN_ROWS = 7
    _lab_rows: int | None = None  # the min-height _fit_lab set

    def _fit_lab(self) -> None:
        """Stacked (lab under the lesson), the lab gets the rows its chart at its minimum
        height and its whole readout need (at 80x24 the diagnosis line was cut); the
        lesson, which scrolls, keeps what is left. Side by side, or full, it has them."""
        lab, need = self.lab, None
        stacked = self.has_class("-narrow") and not self.has_class("-small")
        if stacked and self.layout_mode == "split":  # (too small: the note says press f)
            charts = ("lab-plot", "lab-boundary")
            rows = [w.outer_size.height for w in lab.children if w.display and w.id not in charts]
            plot = lab.query_one("#lab-plot", LabPlot)  # a titled chart needs its title's row
            need = (plot.min_height if plot.display else self.PLOT_MIN_ROWS) + sum(rows)
        if need != self._lab_rows:
            self._lab_rows = need
            lab.styles.min_height = need

    @on(LabPlot.Retitled)
    def _retitled(self) -> None:
        self.call_after_refresh(self._fit_lab)

    def _place_toasts(self) -> None:
        """Stacked (lab under the lesson), messages go over the chart's top right: the
        lesson text and the readout, what the learner reads, stay uncovered."""
        try:
            rack = self.query_one(ToastRack)
        except NoMatches:
            return
        top = 0
        if self.has_class("-narrow") and self.layout_mode == "split":
            top = max(0, self.lab.region.y - self.region.y + 1)
        rack.styles.margin = (top, 0, 0, 0)

    _lesson_y: float = 0.0  # where the lesson was scrolled to while it was shown

    def action_layout(self) -> None:
        scroll = self.query_one("#lesson-scroll", VerticalScroll)
        if self.layout_mode != "lab" and scroll.max_scroll_y > 0:  # (a lesson that fits: 0)
            self._lesson_y = scroll.scroll_y
        self.layout_mode = LAYOUTS[(LAYOUTS.index(self.layout_mode) + 1) % len(LAYOUTS)]
        self.set_class(self.layout_mode == "lab", "-lab-full")
        self.set_class(self.layout_mode == "lesson", "-lesson-full")
        # Hiding the lesson (lab full screen) drops its focus and its scroll position; give
        # both back when it shows again, or the arrow and page keys would scroll nothing and
        # the question the learner was reading would be out of sight (its next key would
        # only bring it back into view).
        if self.layout_mode != "lab":
            self.call_after_refresh(self._refocus_lesson)
            self.call_after_refresh(self._restore_lesson_y)
        self.call_after_refresh(self._place_toasts)
        self.call_after_refresh(self._fit_lab)

    def _restore_lesson_y(self) -> None:
        self.query_one("#lesson-scroll", VerticalScroll).scroll_to(y=self._lesson_y, animate=False)

    def _refocus_lesson(self) -> None:
        if not isinstance(self.focused, Input):
            self.query_one("#lesson-scroll").focus()

"""The lesson list (key `l`): every lesson and its steps; Enter jumps there."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui_tutor.course.model import Lesson
from tui_tutor.i18n import t

from ..safe_text import as_text, plain
from .modal import TutorModal


class LessonListScreen(TutorModal[tuple[str, int] | None]):
    """Dismissed with (lesson id, 0-based step) or None."""

    BINDINGS = [
        Binding("escape", "close", "close"),
        Binding("l", "close", "close", show=False),
        Binding("q", "app.quit", "quit", show=False),  # q quits from every screen
    ]

    def __init__(
        self,
        lessons: list[Lesson],
        *,
        lang: str = "en",
        current: tuple[int, int] = (0, 0),
        scores: dict[str, tuple[float, int]] | None = None,
        finished: set[str] | None = None,
    ) -> None:
        super().__init__()
        self.lessons = lessons
        self.lang = lang
        self.current = current
        self.scores = scores or {}
        self.finished = finished or set()
        self._targets: dict[str, tuple[str, int]] = {}

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        highlight = 0
        for n, lesson in enumerate(self.lessons):
            got, total = self.scores.get(lesson.id, (0, 0))
            label = Text()
            label.append(f"{n + 1}. {plain(lesson.title, line=True)}", style="bold")
            if total:
                label.append("  " + t("score", self.lang, got=f"{got:g}", total=total), style="dim")
            if lesson.id in self.finished:
                label.append("  ✓ " + t("lesson_done", self.lang), style="green")
            option_id = f"l{n}"
            self._targets[option_id] = (lesson.id, 0)
            options.append(Option(label, id=option_id))
            for step in lesson.steps:
                step_id = f"l{n}s{step.index}"
                self._targets[step_id] = (lesson.id, step.index)
                if (n, step.index) == self.current:
                    highlight = len(options)
                title = step.title or t("step_of", self.lang, n=step.index + 1, m=len(lesson.steps))
                line = as_text(f"    {step.index + 1}. {plain(title, line=True)}")
                options.append(Option(line, id=step_id))
        with Vertical(id="lesson-list-box"):
            yield Static(t("lessons_title", self.lang), classes="modal-title")
            option_list = OptionList(*options, id="lesson-list")
            option_list.highlighted = highlight
            yield option_list
            yield Static(t("lessons_hint", self.lang), classes="modal-hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self._targets.get(event.option.id or ""))

    def action_close(self) -> None:
        self.dismiss(None)

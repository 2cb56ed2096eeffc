"""The thin App: it holds the arguments, loads nothing itself, and pushes the main screen."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from tui_tutor.course.model import Lesson, Problem
from tui_tutor.i18n import t

from .screens.main import TutorScreen
from .tracker import Tracker

DARK, LIGHT = "textual-dark", "textual-light"


class TutorApp(App[int]):
    """The tutor: one `TutorScreen`, problems and warnings shown as notifications."""

    CSS_PATH = "tutor.tcss"
    screen_class: type[TutorScreen] = TutorScreen  # a class's app shows its own (classlink)
    TITLE = "tui-tutor"
    BINDINGS = [Binding("ctrl+t", "toggle_theme", "theme", show=False)]

    def __init__(
        self,
        lessons: list[Lesson],
        tracker: Tracker,
        *,
        lang: str = "en",
        lesson_id: str | None = None,
        step: int = 0,
        problems: list[Problem] | None = None,
        notes: list[str] | None = None,
        test_mode: bool = False,
        lessons_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.lessons = lessons
        self.tracker = tracker
        self.lang = lang
        self.start = (lesson_id, step)
        self.problems = list(problems or [])
        self.notes = list(notes or [])
        self.test_mode = test_mode
        self.lessons_dir = lessons_dir
        self.title = t("app_title", lang)
        if test_mode:
            self.animation_level = "none"
        tracker.on_error = self._save_failed

    def on_mount(self) -> None:
        self.theme = DARK
        lesson_id, step = self.start
        self.push_screen(
            self.screen_class(
                self.lessons,
                self.tracker,
                lang=self.lang,
                lesson_id=lesson_id,
                step=step,
                test_mode=self.test_mode,
            )
        )

        # Long enough to read, short enough not to hide the lab's readout for long;
        # Escape hides them at once (TutorScreen.key_escape). Tests keep them all 30 s.
        def shown(seconds: int) -> int:
            return 30 if self.test_mode else seconds

        if self.problems:
            self.notify(self.problems_text(), severity="warning", timeout=shown(12))
        if self.tracker.warning:
            warning = t("progress_warning", self.lang, warning=self.tracker.warning)
            self.notify(warning, severity="warning", timeout=shown(10))
        for note in self.notes:
            self.notify(note, timeout=shown(5))

    def problems_text(self) -> str:
        """Each lesson problem as `file:line: message`, files that did not load marked."""
        loaded = {Path(lesson.path).resolve() for lesson in self.lessons}
        lines = [t("problems_title", self.lang, n=len(self.problems))]
        for problem in self.problems:
            path = Path(problem.path)
            try:
                shown = path.resolve().relative_to(Path(self.lessons_dir or ".").resolve())
            except ValueError:
                shown = path
            where = f"{shown}:{problem.line}" if problem.line > 0 else f"{shown}"
            skipped = "" if path.resolve() in loaded else " " + t("problem_skipped", self.lang)
            lines.append(f"{where}: {problem.message}{skipped}")
        lines.append(t("problems_hide", self.lang))
        return "\n".join(lines)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def _save_failed(self, error: str) -> None:
        self.notify(t("progress_save_failed", self.lang, error=error), severity="error")

"""The thin App: it holds the arguments, loads nothing itself, and pushes the main screen.

Leaving is one path (``save_and_exit``) for ``q``, ctrl+c (everywhere, fields included),
the palette's Quit, SIGTERM and SIGHUP: save the progress, stop the lab's threads (they
are daemons: nothing waits for them), exit through Textual, which restores the terminal
(no alternate screen or mouse tracking left on).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui_tutor.course.model import Lesson, Problem
from tui_tutor.i18n import t

from .safe_text import plain
from .screens.main import TutorScreen
from .screens.modal import TutorPalette
from .tracker import Tracker

DARK, LIGHT = "textual-dark", "textual-light"

# Signals handled like q, and the exit status they give (128 + the signal's number).
SIGNALS: dict[str, int] = {"SIGTERM": 128 + 15, "SIGHUP": 128 + 1}

# Textual's system commands (``App.get_system_commands``) by title -> ``sys.<key>`` strings.
_SYSTEM_COMMANDS = {
    "Theme": "theme",
    "Quit": "quit",
    "Keys": "keys",
    "Maximize": "maximize",
    "Minimize": "minimize",
    "Screenshot": "screenshot",
}


class TutorApp(App[int]):
    """The tutor: one `TutorScreen`, problems and warnings shown as notifications."""

    CSS_PATH = "tutor.tcss"
    screen_class: type[TutorScreen] = TutorScreen  # a class's app shows its own (classlink)
    TITLE = "tui-tutor"
    BINDINGS = [
        Binding("ctrl+t", "toggle_theme", "theme", show=False),
        # ctrl+c saves and quits from every screen, text fields included (Textual's own
        # ctrl+c only says how to quit, and a field's ctrl+c copies).
        Binding("ctrl+c", "quit", "quit", show=False, priority=True),
    ]

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
        self._signals: list[int] = []

    def on_mount(self) -> None:
        self.theme = DARK
        if not self.test_mode:
            self._handle_signals()
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

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the tutor is plain text: its messages quote lesson titles,
        file names, links and pack problems, so markup is never parsed (``markup`` is
        ignored) and control characters are shown as visible escapes."""
        super().notify(
            plain(message, limit=4000),
            title=plain(title, line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

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

    # -- leaving -------------------------------------------------------------------------
    async def action_quit(self) -> None:
        """q, ctrl+c and the palette's Quit: save and leave."""
        self.save_and_exit()

    def save_and_exit(self, code: int = 0) -> None:
        """Save the progress, stop the lab's work and exit with status ``code``."""
        self.tracker.save()
        for screen in self.screen_stack:
            for panel in screen.query("LabPanel"):
                panel.stop()  # type: ignore[attr-defined]
        self.exit(code, return_code=code)

    def _handle_signals(self) -> None:
        """SIGTERM and SIGHUP save and leave like q (the terminal is restored)."""
        loop = asyncio.get_running_loop()
        for name, code in SIGNALS.items():
            number = getattr(signal, name, None)
            if number is None:
                continue
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self.save_and_exit, code)
                self._signals.append(number)

    def on_unmount(self) -> None:
        with contextlib.suppress(RuntimeError):
            loop = asyncio.get_running_loop()
            for number in self._signals:
                loop.remove_signal_handler(number)
        self._signals.clear()

    # -- the palette -----------------------------------------------------------------------
    def action_command_palette(self) -> None:
        """The palette (ctrl+p): Textual's, guarded (``TutorPalette``), in the learner's words."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = t("palette.placeholder", self.lang)
            self.push_screen(TutorPalette(id="--command-palette", placeholder=placeholder))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own palette commands, named in the learner's language; Quit saves."""
        for command in super().get_system_commands(screen):
            key = _SYSTEM_COMMANDS.get(command.title)
            if key is None:  # a command a later Textual adds: as it is
                yield command
                continue
            help_key = f"sys.{key}_help"
            if key == "keys" and "Hide" in command.help:
                help_key = "sys.keys_hide_help"
            run = {"quit": self.action_quit, "screenshot": self._screenshot}.get(
                key, command.callback
            )
            yield SystemCommand(
                t(f"sys.{key}", self.lang), t(help_key, self.lang), run, command.discover
            )

    def _screenshot(self) -> None:
        """The palette's Screenshot: an SVG in the current folder, said in plain words."""
        try:
            path = self.save_screenshot()
        except OSError as error:
            self.notify(t("sys.screenshot_failed", self.lang, error=error), severity="error")
            return
        self.notify(t("sys.screenshot_saved", self.lang, path=path))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT if self.theme == DARK else DARK

    def _save_failed(self, error: str) -> None:
        self.notify(t("progress_save_failed", self.lang, error=error), severity="error")

"""The main screen: the current lesson step (text and questions) beside the live lab.

Keys live here (n/p steps, l lessons, ? help), in `LayoutKeys` (layout.py: f and the
fit to the terminal) and in `QuestionKeys` (questions.py: 1-9/Enter/h, typed numbers,
Esc, and lab results handed to the questions); the lab's keys come with `LabKeys`, so
every key works wherever focus is.
Every change is saved through the `Tracker`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Footer, Input, Markdown, Static

from tui_tutor.course.fences import lesson_target
from tui_tutor.course.model import Lesson, Step
from tui_tutor.i18n import t
from tui_tutor.ml import LabConfig

from ..lab import LAB_BINDINGS, LabPanel
from ..lab.actions import help_rows, relabel
from ..quiz import QuizList
from ..safe_text import as_text, plain
from ..tracker import Tracker
from .commands import LessonCommands
from .help import HelpScreen
from .layout import LayoutKeys
from .lessons import LessonListScreen

# Footer labels, by action, looked up in i18n at screen creation.
_LABEL_KEYS = {
    "next_step": "key_next",
    "prev_step": "key_prev",
    "lessons": "key_lessons",
    "help": "key_help",
    "quit": "key_quit",
    "layout": "key_layout",
    "hint": "key_hint",
    "submit": "key_answer",
}


def _number_bindings() -> list[Binding]:
    return [Binding(str(k), f"choose({k})", f"choice {k}", show=False) for k in range(10)]


class LessonHeader(Static):
    """Lesson title, `step N/M` and the lesson's score; a title too long for the line is
    shortened with an ellipsis, so the step and the score always show."""

    _title = Text()
    _tail = Text()

    def show(self, lesson: Lesson, step_index: int, score: tuple[float, int], lang: str) -> None:
        """Lesson ``lesson`` at 0-based step ``step_index``, (points, questions) ``score``."""
        got, total = score
        tail = Text("  ·  ")
        tail.append(t("step_of", lang, n=step_index + 1, m=len(lesson.steps)))
        if total:
            tail.append("  ·  ")
            tail.append(t("score", lang, got=f"{got:g}", total=total))
        self._title, self._tail = as_text(lesson.title, "bold", line=True), tail
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        title = self._title.copy()
        room = self.content_size.width - self._tail.cell_len
        if self.content_size.width and title.cell_len > room:
            title.truncate(max(room, 0), overflow="ellipsis")
        text.append_text(title)
        text.append_text(self._tail)
        self.update(text)


def _step_markdown(lesson: Lesson, step: Step) -> str:
    """The step's text, under its title unless that repeats the lesson's.

    Textual's Markdown reads Markdown, never Rich markup; control characters are shown
    as visible escapes before it renders (``safe_text.plain``).
    """
    show_title = step.title and not (step.index == 0 and step.title == lesson.title)
    title = f"### {plain(step.title, line=True)}\n\n" if show_title else ""
    return title + plain(step.markdown)


class TutorScreen(LayoutKeys):
    """One lesson step at a time, its questions under it, the lab beside (or under) it."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (18, "-tall")]
    COMMANDS = {LessonCommands}

    BINDINGS = [
        Binding("n", "next_step", "next"),
        Binding("p", "prev_step", "prev"),
        Binding("l", "lessons", "lessons"),
        Binding("h", "hint", "hint", show=False),
        # help and quit before the lab keys: a narrow Footer cuts its end, and a lesson
        # with more lab keys (keep_prob's K and k) must not cut these two
        Binding("question_mark", "help", "help", key_display="?"),
        Binding("q", "quit", "quit"),
        *LAB_BINDINGS,  # from LabKeys; listed here for their place in the Footer
        Binding("f", "layout", "layout"),
        Binding("enter", "submit", "answer", show=False),
        *_number_bindings(),
    ]

    def __init__(
        self,
        lessons: list[Lesson],
        tracker: Tracker,
        *,
        lang: str = "en",
        lesson_id: str | None = None,
        step: int = 0,
        test_mode: bool = False,
    ) -> None:
        super().__init__()
        self.lessons = lessons
        self.tracker = tracker
        self.lang = lang
        self.test_mode = test_mode
        self._first_show = True
        self._composed_text: str | None = None  # the step text the Markdown was composed with
        position = self._lesson_position(lesson_id) if lesson_id else 0
        self.lesson_index = position or 0
        self.step_index = max(0, min(step, len(self.lesson.steps) - 1))
        self._localize_bindings()

    def _localize_bindings(self) -> None:
        """Footer labels in the learner's language; the Footer lists keys in BINDINGS order."""
        table = self._bindings.key_to_bindings
        order = [b.key for b in self.BINDINGS if isinstance(b, Binding)]
        ordered = {k: table[k] for k in order if k in table}
        ordered.update({k: v for k, v in table.items() if k not in ordered})
        table.clear()
        table.update(ordered)
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=t(_LABEL_KEYS[b.action], self.lang))
                if b.action in _LABEL_KEYS
                else b
                for b in bindings
            ]
        relabel(self._bindings, self.lang)

    # -- composition --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        lesson = self.lesson
        yield Static(id="small-note")
        with Container(id="body"):
            with Vertical(id="lesson-pane"):
                yield LessonHeader(id="lesson-header")
                with VerticalScroll(id="lesson-scroll"):
                    # The first step's text comes with the widget: one layout round less
                    # before the first paint (``show`` then leaves it as it is).
                    self._composed_text = _step_markdown(lesson, self.step)
                    yield Markdown(self._composed_text, id="step-text", open_links=False)
                    yield QuizList(lang=self.lang, test_mode=self.test_mode, id="quizzes")
            # The panel starts the first step's run itself, right after the first paint.
            yield LabPanel(
                self._preset(),
                overrides=self._saved_overrides(),
                views=list(lesson.views),
                controls=list(lesson.controls),
                view=self.step.view,
                readout=self.step.readout,
                lang=self.lang,
                test_mode=self.test_mode,
                id="lab",
            )
        yield Footer(compact=True, show_command_palette=False)

    async def on_mount(self) -> None:
        await self.show(self.lesson_index, self.step_index)
        # The readout's lines change with the run shown: the stacked lab follows them.
        self.watch(self.lab, "shown", lambda _: self.call_after_refresh(self._fit_lab), init=False)
        self.query_one("#lesson-scroll").focus()

    # -- the current lesson and step ----------------------------------------------------------
    @property
    def lesson(self) -> Lesson:
        """The lesson shown now."""
        return self.lessons[self.lesson_index]

    @property
    def step(self) -> Step:
        """The step shown now."""
        return self.lesson.steps[self.step_index]

    def _lesson_position(self, lesson_id: str) -> int | None:
        for i, lesson in enumerate(self.lessons):
            if lesson.id == lesson_id:
                return i
        return None

    async def show(self, lesson_index: int, step_index: int) -> None:
        """Show step `step_index` (0-based) of lesson `lesson_index`; load its lab (the
        step's own preset: a toast says so when the learner had changed it)."""
        changed = not self._first_show and bool(self.lab.session.overrides())
        lesson_index = max(0, min(lesson_index, len(self.lessons) - 1))
        lesson = self.lessons[lesson_index]
        step_index = max(0, min(step_index, len(lesson.steps) - 1))
        self.lesson_index, self.step_index = lesson_index, step_index
        self._typing = None
        step = self.step
        self.tracker.set_current(lesson.id, step_index)

        text = _step_markdown(lesson, step)
        if not (self._first_show and text == self._composed_text):
            await self.query_one("#step-text", Markdown).update(text)
        await self.quizzes.show(
            step.quizzes, lambda quiz_id: self.tracker.answer(lesson.id, quiz_id)
        )
        self.query_one("#lesson-scroll", VerticalScroll).scroll_home(animate=False)
        self._update_header()
        if self._first_show:
            self._first_show = False  # the panel was composed with this step's lab
        else:
            self._load_lab()
            if changed:  # a toast, over the chart: a notice line would move the lesson twice
                self.notify(t("lab_step_preset", self.lang), timeout=6)

    def _preset(self) -> LabConfig:
        """The current step's preset lab."""
        return self.step.lab or self.lesson.lab

    def _saved_overrides(self) -> dict[str, Any] | None:
        return self.tracker.lab_overrides(self.lesson.id, self.step_index, self._preset())

    def _load_lab(self, *, preset: bool = False) -> None:
        lesson, step = self.lesson, self.step
        self.lab.load(
            self._preset(),
            views=list(lesson.views),
            controls=list(lesson.controls),
            view=step.view,
            overrides=None if preset else self._saved_overrides(),
            readout=step.readout,
        )

    def _update_header(self) -> None:
        score = self.tracker.score(self.lesson)
        self.query_one(LessonHeader).show(self.lesson, self.step_index, score, self.lang)

    # -- actions ------------------------------------------------------------------------------
    async def action_next_step(self) -> None:
        lesson = self.lesson
        if self.step_index + 1 < len(lesson.steps):
            await self.show(self.lesson_index, self.step_index + 1)
            return
        self.tracker.set_finished(lesson.id)
        got, total = self.tracker.score(lesson)
        if self.lesson_index + 1 < len(self.lessons):
            self.notify(
                t(
                    "lesson_finished",
                    self.lang,
                    title=lesson.title,
                    score=t("score", self.lang, got=f"{got:g}", total=total),
                )
            )
            await self.show(self.lesson_index + 1, 0)
        else:
            self.notify(t("last_step", self.lang))

    async def action_prev_step(self) -> None:
        if self.step_index > 0:
            await self.show(self.lesson_index, self.step_index - 1)
        elif self.lesson_index > 0:
            previous = self.lessons[self.lesson_index - 1]
            await self.show(self.lesson_index - 1, len(previous.steps) - 1)
        else:
            self.notify(t("first_step", self.lang))

    def action_lessons(self) -> None:
        screen = LessonListScreen(
            self.lessons,
            lang=self.lang,
            current=(self.lesson_index, self.step_index),
            scores={lesson.id: self.tracker.score(lesson) for lesson in self.lessons},
            finished={lesson.id for lesson in self.lessons if self.tracker.finished(lesson.id)},
        )
        self.app.push_screen(screen, self._jump)

    async def _jump(self, target: tuple[str, int] | None) -> None:
        if target is not None:
            await self.go_to(*target)

    async def go_to(self, lesson_id: str, step: int = 0) -> None:
        """Jump to lesson `lesson_id`, step `step` (0-based); unknown ids are reported."""
        index = self._lesson_position(lesson_id)
        if index is None:
            self.notify(t("unknown_lesson", self.lang, id=lesson_id), severity="warning")
            return
        await self.show(index, step)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(self.lang, help_rows(self.lang)))

    def on_screen_resume(self) -> None:
        """A modal closed (form, palette, help, list): the keys go to the lesson, never to
        an answer field, so what the learner typed on does not become an answer."""
        if isinstance(self.focused, Input):
            self.query_one("#lesson-scroll").focus()

    def action_quit(self) -> None:
        self.app.save_and_exit()  # type: ignore[attr-defined]

    def action_reset_lab(self) -> None:
        self.tracker.set_lab_settings(self.lesson.id, self.step_index, None)
        self.quizzes.cancel_runs()
        self._load_lab(preset=True)
        self.notify(t("lab_reset", self.lang))

    def action_problems(self) -> None:
        """Show the lesson problems found at start again (palette)."""
        text = getattr(self.app, "problems_text", None)
        if getattr(self.app, "problems", None) and text is not None:
            self.notify(text(), severity="warning", timeout=20)

    # -- messages -----------------------------------------------------------------------------
    @on(Markdown.LinkClicked)
    async def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        await self.follow_link(event.href)

    async def follow_link(self, href: str) -> None:
        """`lesson:ID` or `lesson:ID#N` opens that lesson (step N); other links are shown."""
        found = lesson_target(href)  # as `lessons --check` reads it
        if found is not None:
            target, step = found
            step = step or ""
            number = int(step) if step.isdecimal() and len(step) < 6 else 1  # int('²') fails
            await self.go_to(target or self.lesson.id, max(number - 1, 0))
        else:
            self.notify(t("link_not_opened", self.lang, href=href), timeout=8)

    # A lab key's settings are saved this long after the last of a burst, off the key's
    # path: a save takes a lock, merges and fsyncs twice, which on a lab host where thirty
    # learners press at once delayed the key's paint. Quitting (q, SIGTERM, SIGHUP), a
    # step change and an answer save them at once.
    LAB_SAVE_DELAY_S = 1.0
    _lab_save: Timer | None = None

    @on(LabPanel.ConfigChanged)
    def _config_changed(self, event: LabPanel.ConfigChanged) -> None:
        overrides = event.overrides or None
        self.tracker.set_lab_settings(self.lesson.id, self.step_index, overrides, save=False)
        if self._lab_save is not None:
            self._lab_save.stop()
        self._lab_save = self.set_timer(self.LAB_SAVE_DELAY_S, self._save_lab)

    def _save_lab(self) -> None:
        self._lab_save = None
        self.tracker.save()

    def on_unmount(self) -> None:
        if self._lab_save is not None:  # a lab key's settings not saved yet: now
            self._lab_save.stop()
            self._save_lab()

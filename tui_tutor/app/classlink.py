"""The learner's app in a class (``tui-tutor --class DIR``): the live file and the
instructor's guided commands.

``ClassLink`` (no Textual) builds the learner's live record from the tracker's progress
and writes it to DIR/live/NAME.json (``classroom.live``) on each event and every
``HEARTBEAT`` seconds; it reads DIR/state.json through ``classroom.state.StateWatcher``.
``ClassTutorApp`` and ``ClassTutorScreen`` hook it into the tutor without changing how a
lesson works: the screen blocks the keys of a question the instructor holds closed, adds
the help-request key ``!`` and the go-back key ``b``, and tells the link each step shown.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import on
from textual.binding import Binding
from textual.widgets import Input

from tui_tutor.classroom.live import Answer, Live, write_live
from tui_tutor.classroom.seat import Seat
from tui_tutor.classroom.spread import spread_text
from tui_tutor.classroom.state import ClassState, StateWatcher
from tui_tutor.course.model import Lesson
from tui_tutor.i18n import t

from .app import TutorApp
from .lab.actions import help_rows
from .quiz import QuizWidget
from .screens.help import HelpScreen
from .screens.main import TutorScreen
from .tracker import Tracker

__all__ = ["HEARTBEAT", "POLL", "ClassLink", "ClassTutorApp", "ClassTutorScreen"]

HEARTBEAT = 3.0
"""Seconds between two writes of the live file when nothing happens ("connected")."""
POLL = 0.5
"""Seconds between two looks at the state file's stamp (one ``stat``)."""


def _response(value: Any) -> int | str | tuple[int, ...] | None:
    """A saved response as the live file holds it: a choice, choices, or text."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, int) and not isinstance(v, bool))[:32]
    return str(value)[:200]


class ClassLink:
    """The learner's side of the class: the live record, help request, guided state."""

    def __init__(
        self,
        seat: Seat,
        lessons: list[Lesson],
        tracker: Tracker,
        *,
        lang: str = "en",
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.seat = seat
        self.lessons = lessons
        self.tracker = tracker
        self.lang = lang
        self.clock = clock
        self.watcher = StateWatcher(seat.state)
        self.help: float | None = None  # when the learner asked for help (key !)
        self.active = clock()
        self.waiting: str | None = None  # a held question the learner is on
        self.closed = False
        self.error: str | None = None  # the last write's failure
        self.goto_seq: int | None = None  # the go-to already followed (or there at start)
        self.back: tuple[str, int] | None = None  # where the learner was before a go-to
        self._position: tuple[str, int] | None = None

    @property
    def state(self) -> ClassState:
        """The class state last read (an empty one before any, or when there is none)."""
        return self.watcher.state or ClassState()

    def moved(self, lesson_id: str, step: int) -> None:
        """The learner is on step ``step`` (0-based) of ``lesson_id``."""
        self._position = (lesson_id, step)
        self.touch()

    def touch(self) -> None:
        """The learner did something: last active is now."""
        self.active = self.clock()

    def record(self) -> Live:
        """The live record of now, from the tracker's progress."""
        progress = self.tracker.progress
        lesson_id, step = self._position or (progress.lesson, int(progress.step or 0))
        at = steps = 0
        points, questions = 0.0, 0
        for lesson in self.lessons:
            got, total = self.tracker.score(lesson)
            points, questions = points + got, questions + total
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                at, steps = at + step, len(lesson.steps)
                break
            at += len(lesson.steps)
        answers = {
            lid: {
                qid: Answer(_response(a.response), bool(a.correct), int(a.attempts))
                for qid, a in lp.answers.items()
            }
            for lid, lp in progress.lessons.items()
            if lp.answers
        }
        return Live(
            self.seat.name,
            lesson=lesson_id,
            step=step,
            steps=steps,
            at=at,
            lang=self.lang,
            points=round(min(points, questions), 2),
            questions=questions,
            challenges=sum(len(lp.challenges) for lp in progress.lessons.values()),
            answers=answers,
            active=self.active,
            beat=self.clock(),
            help=self.help,
            waiting=self.waiting,
            closed=self.closed,
            pid=os.getpid(),
        )

    def write(self) -> bool:
        """Write the live file now; False (and ``error``) when it cannot be written."""
        try:
            write_live(self.seat.live, self.record())
        except (OSError, ValueError) as exc:
            self.error = getattr(exc, "strerror", None) or str(exc)
            return False
        self.error = None
        return True

    def toggle_help(self) -> bool:
        """Key !: ask for help, or withdraw the request; True when now asking."""
        self.help = None if self.help is not None else self.clock()
        self.touch()
        self.write()
        return self.help is not None

    def help_seen(self) -> bool:
        """Whether the instructor has seen the request (it is then cleared: ! asks anew)."""
        seen = self.state.seen.get(self.seat.name)
        if self.help is not None and seen is not None and seen >= self.help:
            self.help = None
            return True
        return False

    def new_goto(self) -> tuple[str, int] | None:
        """The instructor's go-to not followed yet (one issued before the app started is
        not followed: the learner resumes where they were)."""
        goto = self.state.goto
        seq = goto.seq if goto is not None else 0
        if self.goto_seq is None:
            self.goto_seq = seq
            return None
        if goto is None or seq == self.goto_seq:
            return None
        self.goto_seq = seq
        return goto.lesson, goto.step


class ClassTutorScreen(TutorScreen):
    """The main screen with the class's keys and held questions."""

    BINDINGS = [
        Binding("exclamation_mark", "help_request", "ask", key_display="!"),
        Binding("b", "go_back", "back", show=False),
    ]

    @property
    def link(self) -> ClassLink:
        return self.app.link  # type: ignore[attr-defined, no-any-return]

    def _localize_bindings(self) -> None:
        super()._localize_bindings()
        words = {"help_request": "key_help_request", "go_back": "key_go_back"}
        table = self._bindings.key_to_bindings
        # The Footer lists keys in the table's order: ! goes right before ? (help).
        ordered = {k: v for k, v in table.items() if k != "exclamation_mark"}
        items = list(ordered.items())
        at = next((i for i, (k, _) in enumerate(items) if k == "question_mark"), len(items))
        items.insert(at, ("exclamation_mark", table["exclamation_mark"]))
        table.clear()
        for key, bindings in items:
            table[key] = [
                replace(b, description=t(words[b.action], self.lang)) if b.action in words else b
                for b in bindings
            ]

    async def show(self, lesson_index: int, step_index: int) -> None:
        await super().show(lesson_index, step_index)
        self.link.moved(self.lesson.id, self.step_index)
        self.apply_state()
        self.link.write()

    def apply_state(self) -> None:
        """Hold, open or reveal the questions shown, as the class state says."""
        state, lang = self.link.state, self.lang
        waiting = None
        for widget in self.query(QuizWidget):
            key = f"{self.lesson.id}/{widget.quiz.id}"
            status = state.status(self.lesson.id, widget.quiz.id)
            closed = status != "open"
            for field in widget.query(Input):
                field.disabled = closed or widget.done
            was = widget.has_class("-held") or widget.has_class("-class-revealed")
            widget.set_class(status == "held", "-held")
            widget.set_class(status == "revealed", "-class-revealed")
            if status == "held":
                waiting = waiting or key
                widget.feedback = (t("class_waiting", lang), "info")
            elif status == "revealed":
                entry = state.questions[key]
                dist = spread_text(entry.counts, entry.numbers, lang)
                widget.feedback = (t("class_revealed", lang, dist=dist), "info")
            elif was:
                widget.feedback = ("", "")
        self.link.waiting = waiting

    def _held(self) -> bool:
        quiz = self.quizzes.active()
        if quiz is None or self.link.state.status(self.lesson.id, quiz.quiz.id) == "open":
            return False
        quiz.reveal_status()
        status = self.link.state.status(self.lesson.id, quiz.quiz.id)
        self.notify(t("class_waiting" if status == "held" else "class_closed", self.lang))
        return True

    def action_choose(self, k: int) -> None:
        if not self._held():
            super().action_choose(k)

    def action_submit(self) -> None:
        if not self._held():
            super().action_submit()

    def action_help(self) -> None:
        rows = [("!", t("help_help_request", self.lang)), ("b", t("help_go_back", self.lang))]
        more = [(t("help_class", self.lang), rows)]
        self.app.push_screen(HelpScreen(self.lang, help_rows(self.lang), more))

    def action_help_request(self) -> None:
        asking = self.link.toggle_help()
        self.notify(t("class_help_sent" if asking else "class_help_withdrawn", self.lang))

    async def action_go_back(self) -> None:
        back, self.link.back = self.link.back, None
        if back is None:
            self.notify(t("class_no_back", self.lang))
            return
        await self.go_to(*back)
        self.notify(t("class_back", self.lang))

    async def follow_goto(self, lesson_id: str, step: int) -> None:
        """The instructor's go-to: move there, say so, remember where the learner was."""
        if self._lesson_position(lesson_id) is None:
            self.notify(t("class_goto_unknown", self.lang, id=lesson_id), severity="warning")
            return
        here = (self.lesson.id, self.step_index)
        await self.go_to(lesson_id, step)
        if (self.lesson.id, self.step_index) != here:
            self.link.back = here
        where = t("step_of", self.lang, n=self.step_index + 1, m=len(self.lesson.steps))
        self.notify(t("class_goto", self.lang, title=self.lesson.title, step=where), timeout=10)


class ClassTutorApp(TutorApp):
    """The tutor of a learner in a class; ``seat`` names the class folder and the learner.

    Outside test mode two timers run: the heartbeat (``HEARTBEAT``) and the state poll
    (``POLL``); tests call ``heartbeat`` and ``poll_state`` themselves.
    """

    screen_class = ClassTutorScreen

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seat = seat
        self.link = ClassLink(seat, self.lessons, self.tracker, lang=self.lang)
        self._warned: str | None = None
        self._write_failed = False

    def on_mount(self) -> None:
        super().on_mount()
        self.link.watcher.poll()
        self.link.new_goto()  # a go-to from before this start is not followed
        self._report_state_problem()
        if not self.test_mode:
            self.set_interval(HEARTBEAT, self.heartbeat)
            self.set_interval(POLL, self.poll_state)

    def heartbeat(self) -> None:
        """Write the live file ("connected"); a failure is said once."""
        if not self.link.write() and not self._write_failed:
            self._write_failed = True
            error = self.link.error or ""
            self.notify(t("class_live_failed", self.lang, error=error), severity="error")

    async def poll_state(self) -> None:
        """Look at the state file; when it changed, follow what it says."""
        if not self.link.watcher.poll():
            return
        self._report_state_problem()
        screen = self.screen
        if not isinstance(screen, ClassTutorScreen):
            screen = next((s for s in self.screen_stack if isinstance(s, ClassTutorScreen)), None)
            if screen is None:
                return
        before = self.link.waiting
        goto = self.link.new_goto()
        if goto is not None:
            while self.screen is not screen:  # a modal (help, lessons) closes first
                self.pop_screen()
            await screen.follow_goto(*goto)
        screen.apply_state()
        if before is not None and self.link.waiting is None:
            self.notify(t("class_opened", self.lang))
        if self.link.help_seen():
            self.notify(t("class_help_seen", self.lang), timeout=10)
        self.link.write()

    def _report_state_problem(self) -> None:
        problem = self.link.watcher.problem
        if problem is not None and problem != self._warned:
            self.notify(t("class_state_warning", self.lang, problem=problem), severity="warning")
        self._warned = problem

    @on(QuizWidget.Answered)
    def _answered(self, event: QuizWidget.Answered) -> None:
        self.link.touch()
        self.link.write()

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.link.closed = True  # the view shows "not connected" at once
        self.link.write()
        super().exit(*args, **kwargs)

"""One question under the step text, of any kind in ``course.kinds.KINDS``.

The widget reads how its question is answered from the kind's entry (``choices``,
``multiple``, ``typed``, ``runs_lab``, ``live``), never from the kind's name. Its state
(selection, done, right, hint, feedback, the lab's metrics) is reactive and each
watcher redraws the part that shows it. The screen routes keys to the active question
(``choose``, ``submit``, ``show_hint``) and lab results to every question
(``run_finished``). It posts ``Answered`` when a response is judged and
``RunRequested`` when a prediction is committed and the lab must run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Input, Static

from tui_tutor.course.kinds import KINDS, check_answer, parse_number, percent_sign_missing
from tui_tutor.course.model import Quiz
from tui_tutor.i18n import t

from ..safe_text import plain
from .parts import Hanging, NumberInput, choices_text, conditions_text, holds
from .words import final_feedback, prompt_text

__all__ = ["MAX_ATTEMPTS", "QuizWidget"]

MAX_ATTEMPTS = 3
"""After this many wrong answers the answer and the explanation are shown."""


class QuizWidget(Vertical):
    """A question of ``tui_tutor.course.Quiz``; ``saved`` is the progress entry to restore."""

    can_focus = False

    selected: reactive[frozenset[int]] = reactive(frozenset, init=False)
    """The chosen choices (1-based)."""
    done: reactive[bool] = reactive(False, init=False)
    """The question is finished: answered right, revealed, predicted or met."""
    correct: reactive[bool] = reactive(False, init=False)
    hint_shown: reactive[bool] = reactive(False, init=False)
    feedback: reactive[tuple[str, str]] = reactive(("", ""), init=False)
    """The line under the question and its kind ("right", "wrong", "info" or "")."""
    metrics: reactive[dict[str, Any] | None] = reactive(None, init=False)
    """The last finished lab run's metrics (for the goal and the expected outcome)."""

    @dataclass
    class Answered(Message):
        """A response was judged (`done`: the question is finished, right or revealed)."""

        widget: QuizWidget
        response: Any
        correct: bool
        attempts: int
        done: bool

    @dataclass
    class RunRequested(Message):
        """A prediction was committed: run the lab with `overrides`."""

        widget: QuizWidget
        overrides: dict[str, Any]

    def __init__(
        self,
        quiz: Quiz,
        *,
        lang: str = "en",
        saved: dict[str, Any] | None = None,
        test_mode: bool = False,
    ) -> None:
        super().__init__(classes=f"quiz quiz-{quiz.kind}")
        self.quiz = quiz
        self.kind = KINDS[quiz.kind]
        self.lang = lang
        self.attempts = 0
        self.running = False  # a committed prediction waits for its run
        self.response: Any = None
        if saved:
            self._restore(saved)
        # The parts exist from the start, so the watchers can redraw them at any time.
        self._prompt = Static(self._prompt_text(), classes="quiz-prompt")
        self._choices = Static(self._choices_text(), classes="quiz-choices")
        self._field: NumberInput | None = None
        self._judged_text: str | None = None  # the field's text when it was last judged
        if self.kind.typed:
            # A saved response comes from the learner's file: one clean line, short.
            value = "" if self.response is None else plain(self.response, line=True, limit=64)
            self._field = NumberInput(
                lang=lang,
                value=value,
                placeholder=t("quiz_number_placeholder", lang),
                classes="quiz-input",
                disabled=self.done,
                select_on_focus=False,  # the number key that focused it is the first digit
                compact=True,  # one line: the question fits the lesson's view at 80x24
            )
            if test_mode:
                self._field.cursor_blink = False
        self._conditions = Static(classes="quiz-conditions")
        self._status = Static(classes="quiz-status")
        self._show_conditions()
        self._show_status()
        self._sync_classes()

    # -- state --------------------------------------------------------------------------------
    @property
    def n_choices(self) -> int:
        """How many choices the question offers (0 for numeric and challenge)."""
        return len(self.quiz.choices or [])

    @property
    def active(self) -> bool:
        """Whether keys should still reach this question."""
        return not self.done

    def _restore(self, saved: dict[str, Any]) -> None:
        """The saved progress, set without redrawing (nothing is drawn yet)."""
        self.attempts = int(saved.get("attempts") or 0)
        correct = bool(saved.get("correct"))
        self.response = saved.get("response")
        if self.kind.live:
            done = correct
        elif self.kind.runs_lab:
            done = self.response is not None
        else:
            done = correct or self.attempts >= MAX_ATTEMPTS
        selected: set[int] = set()
        if isinstance(self.response, (list, tuple)):
            selected = {int(v) for v in self.response if isinstance(v, int)}
        elif isinstance(self.response, int) and not isinstance(self.response, bool):
            selected = {self.response}
        self.set_reactive(QuizWidget.correct, correct)
        self.set_reactive(QuizWidget.done, done)
        self.set_reactive(QuizWidget.selected, frozenset(selected))
        if done:
            feedback = ("right" if correct else "wrong", self._final_feedback())
            self.set_reactive(QuizWidget.feedback, (feedback[1], feedback[0]))

    # -- composition --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self._prompt
        if self.kind.choices:
            yield self._choices
        if self._field is not None:
            yield self._field
        if self.kind.runs_lab or self.kind.live:
            yield self._conditions
        yield self._status

    # -- watchers -----------------------------------------------------------------------------
    def watch_selected(self) -> None:
        self._choices.update(self._choices_text())

    def watch_done(self) -> None:
        self._prompt.update(self._prompt_text())
        self._choices.update(self._choices_text())
        self._show_conditions()
        self._show_status()
        self._sync_classes()
        if self.done and self._field is not None:
            self._field.disabled = True

    def watch_correct(self) -> None:
        self.watch_done()

    def watch_hint_shown(self) -> None:
        self._show_status()

    def watch_feedback(self) -> None:
        self._show_status()

    def watch_metrics(self) -> None:
        self._show_conditions()

    @property
    def field(self) -> NumberInput | None:
        """The typed answer's field (None for a question answered by choices)."""
        return self._field

    # -- actions the screen calls ---------------------------------------------------------------
    def choose(self, k: int) -> None:
        """Number key `k` (1-based)."""
        if self.done or self.running:
            return
        if self._field is not None:
            self._field.focus()  # a turn later: TutorScreen.on_key keeps what comes between
            if self._field.value == self._judged_text:  # a new answer after a wrong one
                self._field.value = ""  # (typed on from the lesson: 13 then 14 gave 1314)
            self._field.insert_text_at_cursor(str(k))
            return
        if not self.kind.choices:
            return
        if not 1 <= k <= self.n_choices:
            self._say(t("quiz_no_choice", self.lang, k=k, n=self.n_choices), "info")
            return
        self.selected = self.selected ^ {k} if self.kind.multiple else frozenset({k})
        self._say("", "")

    def submit(self) -> None:
        """Enter: judge the selection (typed: the text; runs the lab: commit and run)."""
        if self.done or self.running:
            return
        if self._field is not None:
            self._submit_numeric(self._field.value)
            return
        if not self.kind.choices:
            return  # judged from the lab's runs, not by Enter
        if not self.selected:
            self._say(t("quiz_pick_first", self.lang, n=self.n_choices), "info")
            return
        if self.kind.runs_lab:
            self.response = min(self.selected)
            self.running = True
            self._say(t("quiz_running", self.lang), "info")
            self.post_message(self.RunRequested(self, dict(self.quiz.run or {})))
            return
        self._judge(sorted(self.selected) if self.kind.multiple else min(self.selected))

    def show_hint(self) -> None:
        """Key h: show the question's hint under it."""
        self.hint_shown = True

    def run_finished(self, metrics: dict[str, Any]) -> None:
        """A lab run ended: settle a pending prediction, tick a live question's goals.
        A prediction's checks are ticked against its own run only: a later run (a key, the
        step reopened, where the saved verdict stands) would cross them under "held"."""
        if self.kind.runs_lab and not self.running:
            return
        self.metrics = metrics
        if self.kind.runs_lab and self.running:
            self.running = False
            verdict = check_answer(self.quiz, self.response, self.lang)
            self.attempts += 1
            self._finish(bool(verdict.correct), verdict.message)
            self.post_message(self.Answered(self, self.response, self.correct, self.attempts, True))
        elif self.kind.live and not self.done:
            self.attempts += 1
            if all(holds(c, metrics) for c in self.quiz.goal or []):
                self._finish(True)
                self.post_message(self.Answered(self, None, True, self.attempts, True))

    def cancel_run(self) -> None:
        """The lab was reloaded before the prediction's run ended: ask again."""
        if self.running:
            self.running = False
            self.response = None
            self._say("", "")

    def reveal_status(self) -> None:
        """Scroll the lesson so that the feedback line is in view."""
        self.call_after_refresh(self._status.scroll_visible, animate=False)

    # -- judging ------------------------------------------------------------------------------
    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_numeric(event.value)

    def _submit_numeric(self, text: str) -> None:
        if percent_sign_missing(self.quiz, text):  # "5" for 5%: say so, no attempt lost
            self._say(t("quiz_percent_sign", self.lang, n=text.strip()), "info")
            return
        if parse_number(text, self.quiz.unit or "") is None:
            # Not a number: say what is accepted; it does not count as an attempt.
            self._say(check_answer(self.quiz, text, self.lang).message, "info")
            return
        self._judged_text = text
        self._judge(text.strip())

    def _judge(self, response: Any) -> None:
        verdict = check_answer(self.quiz, response, self.lang)
        self.attempts += 1
        self.response = response
        correct = bool(verdict.correct)
        if correct or self.attempts >= MAX_ATTEMPTS:
            self._finish(correct, verdict.message if correct else "")
        else:
            self.correct = False
            attempt = t("quiz_attempts", self.lang, n=self.attempts, max=MAX_ATTEMPTS)
            message = verdict.message or t("quiz_wrong", self.lang)
            self.feedback = (t("quiz_retry", self.lang, message=message, attempt=attempt), "wrong")
            if self._field is not None:
                self._field.select_all()  # the next number replaces the wrong one
        self.post_message(self.Answered(self, response, self.correct, self.attempts, self.done))

    def _finish(self, correct: bool, message: str = "") -> None:
        """The question is over: right, or its answer revealed (or the prediction missed)."""
        self.correct = correct
        self.feedback = (self._final_feedback(message), "right" if correct else "wrong")
        self.done = True

    def _final_feedback(self, message: str = "") -> str:
        return final_feedback(self.quiz, self.kind, self.correct, message, self.lang)

    def _say(self, text: str, kind: str) -> None:
        self.feedback = (text, kind)
        if text:
            self.reveal_status()

    # -- drawing ------------------------------------------------------------------------------
    def _prompt_text(self) -> Text:
        return prompt_text(self.quiz, self.kind, self.done, self.correct, self.lang)

    def _show_status(self) -> None:
        status = Text()
        if self.hint_shown and not (self.done and self.correct):
            status.append(t("quiz_hint", self.lang, hint=plain(self.quiz.hint)), style="italic")
        text, kind = self.feedback
        text = plain(text)  # quotes the explanation and what the learner typed
        if text:
            if status:
                status.append("\n")
            style = {"right": "bold green", "wrong": "bold red"}.get(kind, "")
            first, _, rest = text.partition("\n")
            status.append(first, style=style)
            if rest:
                status.append("\n" + rest)
        self._status.update(status)
        self._status.display = bool(status)

    def _show_conditions(self) -> None:
        conditions = self._conditions_text()
        self._conditions.update(conditions)
        self._conditions.display = bool(conditions)  # a prediction's checks appear after its run

    def _sync_classes(self) -> None:
        self.set_class(self.done and self.correct, "-right")
        self.set_class(self.done and not self.correct, "-revealed")

    def _choices_text(self) -> Hanging:
        return choices_text(self.quiz, self.kind.multiple, self.selected, self.done)

    def _conditions_text(self) -> Hanging:
        return conditions_text(self.quiz, self.kind, self.done, self.metrics, self.lang)

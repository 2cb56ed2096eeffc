"""One question under the step text: single, multiple, numeric, predict-then-run, challenge.

The widget keeps the question's state and draws it; the screen routes keys to the active
question (`choose`, `submit`, `show_hint`) and lab results to every question
(`run_finished`). It posts `Answered` when a response is judged and `RunRequested` when a
prediction is committed and the lab must run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from tui_tutor.course.kinds import check_answer, parse_number
from tui_tutor.course.model import Condition, Quiz
from tui_tutor.i18n import t


class Hanging:
    """Lines of `marker  body` whose wrapped body lines stay indented under the body.

    A Rich renderable (a two-column grid) with `.plain` like `Text`, so a long choice
    that wraps keeps its left edge instead of running back under the number.
    """

    def __init__(self, head: Text | None = None) -> None:
        self.head = head
        self.rows: list[tuple[Text, Text]] = []
        self.tail: Text | None = None

    def add(self, marker: Text, body: Text) -> None:
        """One more line: `marker` (no wrap), then `body` (wrapped under itself)."""
        self.rows.append((marker, body))

    @property
    def plain(self) -> str:
        """The text without styles, one line per row."""
        lines = [self.head.plain] if self.head is not None else []
        lines += [f"{m.plain} {b.plain}" for m, b in self.rows]
        if self.tail is not None:
            lines.append(self.tail.plain)
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return bool(self.head or self.rows or self.tail)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.head is not None:
            yield self.head
        if self.rows:
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1, overflow="fold")
            for marker, body in self.rows:
                grid.add_row(marker, body)
            yield grid
        if self.tail is not None:
            yield self.tail


class NumberInput(Input):
    """The numeric answer field; its Footer shows Enter (answer) and Escape (leave)."""

    BINDINGS = [
        Binding("enter", "submit", "answer", key_display="enter"),
        Binding("escape", "leave", "leave field", key_display="esc"),
    ]

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {"submit": t("key_answer", lang), "leave": t("key_leave", lang)}
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=labels[b.action]) if b.action in labels else b
                for b in bindings
            ]

    def action_leave(self) -> None:
        """Hand the keys back to the lesson (n, p, h ... work again)."""
        found = self.screen.query("#lesson-scroll")
        scroll = found.first() if found else None
        if scroll is not None and scroll.focusable:
            scroll.focus()
        else:
            self.blur()


MAX_ATTEMPTS = 3
"""After this many wrong answers the answer and the explanation are shown."""

CHOICE_KINDS = ("single", "multiple", "predict")


class QuizWidget(Vertical):
    """A question of `tui_tutor.course.Quiz`; `saved` is the progress entry to restore."""

    can_focus = False

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
        self.lang = lang
        self.test_mode = test_mode
        self.selected: set[int] = set()
        self.attempts = 0
        self.done = False
        self.correct = False
        self.hint_shown = False
        self.running = False
        self.feedback = ""
        self.feedback_kind = ""
        self.metrics: dict[str, Any] | None = None
        self.response: Any = None
        if saved:
            self._restore(saved)

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
        self.attempts = int(saved.get("attempts") or 0)
        self.correct = bool(saved.get("correct"))
        self.response = saved.get("response")
        kind = self.quiz.kind
        if kind == "challenge":
            self.done = self.correct
        elif kind == "predict":
            self.done = self.response is not None
        else:
            self.done = self.correct or self.attempts >= MAX_ATTEMPTS
        if isinstance(self.response, (list, tuple)):
            self.selected = {int(v) for v in self.response if isinstance(v, int)}
        elif isinstance(self.response, int) and not isinstance(self.response, bool):
            self.selected = {self.response}
        if self.done:
            self.feedback_kind = "right" if self.correct else "wrong"
            self.feedback = self._final_feedback()

    # -- composition --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Contents are drawn here too, so the first layout already has them.
        yield Static(self._prompt_text(), classes="quiz-prompt")
        if self.quiz.kind in CHOICE_KINDS:
            yield Static(self._choices_text(), classes="quiz-choices")
        if self.quiz.kind == "numeric":
            value = "" if self.response is None else str(self.response)
            field = NumberInput(
                lang=self.lang,
                value=value,
                placeholder=t("quiz_number_placeholder", self.lang),
                classes="quiz-input",
                disabled=self.done,
                select_on_focus=False,  # the number key that focused it is the first digit
            )
            if self.test_mode:
                field.cursor_blink = False
            yield field
        if self.quiz.kind in ("predict", "challenge"):
            conditions = self._conditions_text()
            box = Static(conditions, classes="quiz-conditions")
            box.display = bool(conditions)  # a prediction's checks appear after its run
            yield box
        status = self._status_text()
        box = Static(status, classes="quiz-status")
        box.display = bool(status)
        yield box

    def on_mount(self) -> None:
        self._sync_classes()

    # -- actions the screen calls ---------------------------------------------------------------
    def choose(self, k: int) -> None:
        """Number key `k` (1-based)."""
        if self.done or self.running:
            return
        kind = self.quiz.kind
        if kind == "numeric":
            field = self.query_one(Input)
            field.focus()
            field.insert_text_at_cursor(str(k))
            return
        if kind not in CHOICE_KINDS:
            return
        if not 1 <= k <= self.n_choices:
            self._say(t("quiz_no_choice", self.lang, k=k, n=self.n_choices), "info")
            return
        if kind == "multiple":
            self.selected ^= {k}
        else:
            self.selected = {k}
        self._say("", "")
        choices = self.query_one(".quiz-choices", Static)
        self.call_after_refresh(choices.scroll_visible, animate=False)

    def submit(self) -> None:
        """Enter: judge the selection (numeric: the typed text; predict: commit and run)."""
        if self.done or self.running:
            return
        kind = self.quiz.kind
        if kind == "numeric":
            self._submit_numeric(self.query_one(Input).value)
            return
        if kind == "challenge":
            return
        if not self.selected:
            self._say(t("quiz_pick_first", self.lang, n=self.n_choices), "info")
            return
        if kind == "predict":
            self.response = min(self.selected)
            self.running = True
            self._say(t("quiz_running", self.lang), "info")
            self.post_message(self.RunRequested(self, dict(self.quiz.run or {})))
            return
        response: Any = sorted(self.selected) if kind == "multiple" else min(self.selected)
        self._judge(response)

    def show_hint(self) -> None:
        """Key h: show the question's hint under it."""
        self.hint_shown = True
        self.refresh_view()

    def run_finished(self, metrics: dict[str, Any]) -> None:
        """A lab run ended: settle a pending prediction, tick a challenge's goals."""
        self.metrics = metrics
        if self.quiz.kind == "predict" and self.running:
            self.running = False
            verdict = check_answer(self.quiz, self.response, self.lang)
            self.attempts += 1
            self.correct = bool(verdict.correct)
            self.done = True
            self.feedback_kind = "right" if self.correct else "wrong"
            self.feedback = self._final_feedback(verdict.message)
            self.post_message(self.Answered(self, self.response, self.correct, self.attempts, True))
        elif self.quiz.kind == "challenge" and not self.done:
            self.attempts += 1
            if all(_holds(c, metrics) for c in self.quiz.goal or []):
                self.correct = True
                self.done = True
                self.feedback_kind = "right"
                self.feedback = self._final_feedback()
                self.post_message(self.Answered(self, None, True, self.attempts, True))
        self.refresh_view()

    def cancel_run(self) -> None:
        """The lab was reloaded before the prediction's run ended: ask again."""
        if self.running:
            self.running = False
            self.response = None
            self._say("", "")

    # -- judging ------------------------------------------------------------------------------
    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit_numeric(event.value)

    def _submit_numeric(self, text: str) -> None:
        if parse_number(text, self.quiz.unit or "") is None:
            # Not a number: say what is accepted; it does not count as an attempt.
            self._say(check_answer(self.quiz, text, self.lang).message, "info")
            return
        self._judge(text.strip())

    def _judge(self, response: Any) -> None:
        verdict = check_answer(self.quiz, response, self.lang)
        self.attempts += 1
        self.response = response
        self.correct = bool(verdict.correct)
        if self.correct or self.attempts >= MAX_ATTEMPTS:
            self.done = True
            self.feedback_kind = "right" if self.correct else "wrong"
            self.feedback = self._final_feedback(verdict.message if self.correct else "")
            if self.quiz.kind == "numeric":
                self.query_one(Input).disabled = True
        else:
            self.feedback_kind = "wrong"
            attempt = t("quiz_attempts", self.lang, n=self.attempts, max=MAX_ATTEMPTS)
            message = verdict.message or t("quiz_wrong", self.lang)
            self.feedback = t("quiz_retry", self.lang, message=message, attempt=attempt)
            if self.quiz.kind == "numeric":
                self.query_one(Input).select_all()  # the next number replaces the wrong one
        self.post_message(self.Answered(self, response, self.correct, self.attempts, self.done))
        self.refresh_view()

    def _answer_text(self) -> str:
        quiz = self.quiz
        choices = list(quiz.choices or [])
        answer = quiz.answer
        if quiz.kind == "multiple":
            return "; ".join(f"{k}. {choices[k - 1]}" for k in answer if 0 < k <= len(choices))
        single = quiz.kind in ("single", "predict") and isinstance(answer, int)
        if single and 0 < answer <= len(choices):
            return f"{answer}. {choices[answer - 1]}"
        if quiz.kind == "numeric":
            unit = f" {quiz.unit}" if quiz.unit else ""
            return f"{answer:g}{unit}" if isinstance(answer, (int, float)) else str(answer)
        return str(answer)

    def _final_feedback(self, message: str = "") -> str:
        lang = self.lang
        kind = self.quiz.kind
        lines = []
        if message:
            lines.append(message)
        elif kind == "challenge":
            lines.append(t("quiz_challenge_met", lang))
        elif kind == "predict":
            if self.correct:
                lines.append(t("quiz_prediction_held", lang))
            else:
                lines.append(t("quiz_prediction_failed", lang, answer=self._answer_text()))
        elif self.correct:
            lines.append(t("quiz_correct", lang))
        else:
            lines.append(t("quiz_reveal", lang, answer=self._answer_text()))
        if self.quiz.explain:
            lines.append(t("quiz_explain", lang, explain=self.quiz.explain))
        return "\n".join(lines)

    def _say(self, text: str, kind: str) -> None:
        self.feedback = text
        self.feedback_kind = kind
        self.refresh_view()
        if text:
            self.reveal_status()

    def reveal_status(self) -> None:
        """Scroll the lesson so that the feedback line is in view."""
        status = self.query_one(".quiz-status", Static)
        self.call_after_refresh(status.scroll_visible, animate=False)

    # -- drawing ------------------------------------------------------------------------------
    def _instructions(self) -> str:
        kind, lang, n = self.quiz.kind, self.lang, self.n_choices
        if kind == "single":
            return t("quiz_single", lang, n=n)
        if kind == "multiple":
            return t("quiz_multiple", lang, n=n)
        if kind == "numeric":
            unit = self.quiz.unit
            return t("quiz_numeric_unit", lang, unit=unit) if unit else t("quiz_numeric", lang)
        if kind == "predict":
            return t("quiz_predict", lang, n=n)
        return t("quiz_challenge", lang)

    def _title(self) -> str:
        key = {"predict": "quiz_prediction", "challenge": "quiz_challenge_title"}
        return t(key.get(self.quiz.kind, "quiz_question"), self.lang)

    def _prompt_text(self) -> Text:
        prompt = Text()
        mark = " ✓" if self.done and self.correct else ""
        prompt.append(t("quiz_heading", self.lang, title=self._title() + mark), style="bold")
        prompt.append(str(self.quiz.prompt))
        if not self.done:
            prompt.append("\n" + self._instructions(), style="italic dim")
        return prompt

    def _status_text(self) -> Text:
        status = Text()
        if self.hint_shown and not (self.done and self.correct):
            status.append(t("quiz_hint", self.lang, hint=self.quiz.hint), style="italic")
        if self.feedback:
            if status:
                status.append("\n")
            style = {"right": "bold green", "wrong": "bold red"}.get(self.feedback_kind, "")
            first, _, rest = self.feedback.partition("\n")
            status.append(first, style=style)
            if rest:
                status.append("\n" + rest)
        return status

    def refresh_view(self) -> None:
        """Redraw prompt, choices, conditions and status from the question's state."""
        if not self.is_mounted:
            return
        self.query_one(".quiz-prompt", Static).update(self._prompt_text())

        if self.quiz.kind in CHOICE_KINDS:
            self.query_one(".quiz-choices", Static).update(self._choices_text())
        if self.quiz.kind in ("predict", "challenge"):
            conditions = self._conditions_text()
            box = self.query_one(".quiz-conditions", Static)
            box.update(conditions)
            box.display = bool(conditions)

        status = self._status_text()
        box = self.query_one(".quiz-status", Static)
        box.update(status)
        box.display = bool(status)
        self._sync_classes()

    def _sync_classes(self) -> None:
        self.set_class(self.done and self.correct, "-right")
        self.set_class(self.done and not self.correct, "-revealed")

    def _choices_text(self) -> Hanging:
        text = Hanging()
        multiple = self.quiz.kind == "multiple"
        answer = self.quiz.answer
        right = set(answer) if isinstance(answer, (list, tuple)) else {answer}
        for k, choice in enumerate(self.quiz.choices or [], start=1):
            picked = k in self.selected
            box = ("[x]" if picked else "[ ]") if multiple else ("(•)" if picked else "( )")
            style = "bold" if picked else ""
            if self.done and k in right:
                style = "bold green"
            body = Text(str(choice), style=style)
            if self.done and k in right:
                body.append(" ✓", style="bold green")
            text.add(Text(f" {k} {box}", style=style), body)
        return text

    def _conditions_text(self) -> Hanging:
        lang = self.lang
        if self.quiz.kind == "predict":
            if not self.done or self.metrics is None:
                return Hanging()
            conds, heading = list(self.quiz.expect or []), t("quiz_expect", lang)
        else:
            conds, heading = list(self.quiz.goal or []), t("quiz_goal", lang)
        text = Hanging(Text(t("quiz_heading", lang, title=heading).rstrip(), style="bold"))
        for cond in conds:
            if self.metrics is None:
                box, style = "[ ]", ""
            elif _holds(cond, self.metrics):
                box, style = "[✓]", "green"
            else:
                box, style = "[✗]", "red"
            if self.quiz.kind == "challenge" and self.done and self.metrics is None:
                box, style = "[✓]", "green"
            text.add(Text(f" {box}", style=style), Text(cond.describe(lang), style=style))
        if self.quiz.kind == "challenge" and not self.done and self.metrics is None:
            text.tail = Text(t("quiz_challenge_waiting", lang), style="italic dim")
        return text


def _holds(cond: Condition, metrics: dict[str, Any]) -> bool:
    try:
        return bool(cond.holds(metrics))
    except (KeyError, TypeError, ValueError):
        return False

"""The question half of the main screen: the keys that answer a step's questions (1-9,
Enter, h, a number typed into a field, Esc) and the messages between the questions, the
lab and the saved progress.

`TutorScreen` (main.py) derives from `QuestionKeys` and gives it the lesson, the tracker
and the header; its bindings map 0-9, Enter and h to the actions here.
"""

from __future__ import annotations

from textual import events, on
from textual.widgets import Input

from tui_tutor.course.model import Lesson
from tui_tutor.i18n import t

from ..lab import LabKeys, LabPanel
from ..quiz import QuizList, QuizWidget
from ..tracker import Tracker


class QuestionKeys(LabKeys):
    """A lab screen whose step has questions (``QuizList``, id ``quizzes``)."""

    lang: str
    tracker: Tracker
    _typing: Input | None = None  # the answer field a number key is focusing

    @property
    def lesson(self) -> Lesson:  # pragma: no cover - TutorScreen's
        raise NotImplementedError

    def _update_header(self) -> None:  # pragma: no cover - TutorScreen's
        raise NotImplementedError

    @property
    def lab(self) -> LabPanel:
        """The live lab beside the lesson."""
        return self.query_one(LabPanel)

    @property
    def quizzes(self) -> QuizList:
        """The questions of the step shown now."""
        return self.query_one(QuizList)

    def _focus_lesson(self) -> None:
        self.query_one("#lesson-scroll").focus()

    # -- keys ---------------------------------------------------------------------------------
    def _question(self) -> QuizWidget | None:
        """The question a key goes to; None (having scrolled it into view) when it was
        out of sight: the next key answers it."""
        quizzes = self.quizzes
        quiz, in_view = quizzes.target()
        if quiz is None:
            return None
        quizzes.bring_into_view(quiz)
        return quiz if in_view else None

    def action_choose(self, k: int) -> None:
        quiz = self._question()
        if quiz is not None:
            if self._typing is not None and quiz.field is self._typing:
                self._typing.focus()
                self._typing.insert_text_at_cursor(str(k))  # the focus is on its way
            else:
                quiz.choose(int(k))
                self._typing = quiz.field
            self.call_after_refresh(self.quizzes.bring_into_view, quiz)

    def action_submit(self) -> None:
        quiz = self._question()
        if quiz is not None:
            quiz.submit()

    def action_hint(self) -> None:
        if not self.quizzes.widgets:
            self.notify(t("no_hint", self.lang))
            return
        quiz = self._question()
        if quiz is not None:
            quiz.show_hint()
            quiz.reveal_status()

    def on_key(self, event: events.Key) -> None:
        """A number typed fast into a question's field ("0.05"): the keys after the digit
        that focuses the field reach the screen before the focus moves, and the "." went
        nowhere ("005"). Until the field has the focus, the screen types for it, in order."""
        if event.key == "backspace" and not isinstance(self.focused, Input):
            quiz, in_view = self.quizzes.target()
            if quiz is not None and in_view and quiz.field is not None and quiz.field.value:
                event.stop()  # the field's text is being corrected from the lesson
                quiz.field.focus()
                quiz.field.action_delete_left()
            return
        char = event.character
        if not char or isinstance(self.focused, Input) or char not in "0123456789.,-+/%":
            return
        if char.isdigit():
            quiz, _ = self.quizzes.target()
            if quiz is None or quiz.field is None:
                return  # a choice: the number binding
            event.stop()
            event.prevent_default()
            self.action_choose(int(char))
        elif self._typing is not None and not self._typing.disabled:
            event.stop()
            event.prevent_default()
            self._typing.insert_text_at_cursor(char)

    def key_escape(self) -> None:
        self._typing = None
        if isinstance(self.focused, Input):
            self._focus_lesson()
        else:
            self.app.clear_notifications()

    # -- messages -----------------------------------------------------------------------------
    @on(QuizWidget.Answered)
    def _answered(self, event: QuizWidget.Answered) -> None:
        widget = event.widget
        self.tracker.record_answer(self.lesson, widget.quiz, event.response, event.correct)
        self._update_header()
        widget.reveal_status()
        if event.done and (self.focused is None or isinstance(self.focused, Input)):
            self._focus_lesson()

    @on(QuizWidget.RunRequested)
    def _run_requested(self, event: QuizWidget.RunRequested) -> None:
        if self.lab.run_with(event.overrides) is False:  # the lab showed why; ask again
            event.widget.cancel_run()

    @on(LabPanel.RunFinished)
    def _run_finished(self, event: LabPanel.RunFinished) -> None:
        if event.run_id is not None and event.run_id != self.lab.run_id:
            return  # replaced by a newer run (another step, a prediction) on its way here
        self.quizzes.run_finished(event.metrics)

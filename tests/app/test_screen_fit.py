"""Issue 9's screen items at 80x24: what the learner types goes where they look, and
what they read fits and says what it means."""

from __future__ import annotations

from conftest import screen_text, settle
from lab_host import send_key
from textual.widgets import Input

from tui_tutor.app import build_app
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.app.screens.form import LabForm
from tui_tutor.app.tracker import Tracker
from tui_tutor.course import load_pack
from tui_tutor.course.kinds import check_answer, parse_number
from tui_tutor.course.model import Quiz


def numeric_quiz(app) -> QuizWidget:
    return app.screen.query_one(QuizWidget)


async def test_enter_in_the_form_never_types_into_the_steps_answer(make_app):
    """Issue 9 item 1: `e`, change a field, Enter, then '20 3' Enter: no attempt."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "e")  # the numeric step, then the form
        await settle(pilot, lambda: isinstance(app.screen, LabForm))
        form = app.screen
        field = form.query_one("#field-lambd", Input)
        field.focus()
        await pilot.press("ctrl+a", *"0.5", "enter")  # Enter: the next field, not apply
        assert isinstance(app.screen, LabForm)
        await pilot.press(*"20 3", "enter")
        await pilot.pause()
        await pilot.press("escape", "escape")
        await settle(pilot, lambda: not isinstance(app.screen, LabForm))
        quiz = numeric_quiz(app)
        assert quiz.attempts == 0 and not quiz.done
        assert not isinstance(app.focused, Input)  # closing gives no field the keys


async def test_a_fast_typed_decimal_keeps_its_dot(make_app):
    """Issue 9 item 12: '0.05' typed in one burst arrives whole."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n")
        await pilot.pause()
        for key, char in (("0", "0"), ("full_stop", "."), ("0", "0"), ("5", "5")):
            send_key(app, key, char)  # one burst: nothing handled in between
        await settle(pilot, lambda: isinstance(app.focused, Input))
        await pilot.pause()
        field = numeric_quiz(app).query_one(Input)
        assert field.value == "0.05"


def test_percentage_points_accept_a_percent_sign() -> None:
    """Issue 9 item 12: '3%' is 3 points in a 'percentage points' question."""
    quiz = Quiz(id="g", kind="numeric", prompt="gap?", answer=3.0, tolerance=0.5, unit="points")
    for typed in ("3", "3%", "3 points", "3 percentage points", "3pp"):
        assert parse_number(typed, "points") == 3.0, typed
        assert check_answer(quiz, typed).correct, typed
    assert parse_number("3%", "") == 0.03  # without a unit "3%" still means 0.03


def test_a_jump_to_the_last_step_finishes_the_lesson_before_any_score() -> None:
    """The tracker knows the pack's lessons: reaching the last step finishes a lesson
    even when nothing asked for its score first (build_app passes them)."""
    from conftest import PACK

    lessons = load_pack(PACK).lessons
    lesson = lessons[0]
    tracker = Tracker(None, lessons=lessons)
    tracker.set_current(lesson.id, len(lesson.steps) - 1)
    assert tracker.finished(lesson.id)


async def test_build_app_gives_the_tracker_the_pack(make_app):
    app = make_app()
    lessons = app.lessons
    app.tracker.set_current(lessons[0].id, len(lessons[0].steps) - 1)
    assert app.tracker.finished(lessons[0].id)


def _visible_lines(app) -> list[str]:
    return [line.strip() for line in screen_text(app).splitlines()]


async def test_a_five_choice_question_shows_its_prompt_with_its_choices_80x24():
    """Issue 9 items 3 and 12: a number key brings the question into view first (it
    answers nothing while out of sight), then its prompt and every choice show together."""
    app = build_app(lang="en", lesson="bias-variance", test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.screen.go_to("bias-variance", 3)
        await pilot.pause()
        quiz = app.screen.quizzes.widgets[0]
        assert len(quiz.quiz.choices) == 5
        await pilot.press("1")
        await pilot.pause()
        text = screen_text(app)
        prompt_start = quiz.quiz.prompt.split()[:4]
        assert " ".join(prompt_start) in " ".join(text.split())
        for choice in quiz.quiz.choices:
            assert " ".join(choice.split()[:3]) in " ".join(text.split()), choice
        await pilot.press("1")  # now in view: this one answers
        assert quiz.selected

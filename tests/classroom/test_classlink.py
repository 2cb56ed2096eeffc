"""The learner's app in a class: the live file, the help request, guided commands."""

from __future__ import annotations

import io
import json

from conftest import PACK, screen_text
from rich.console import Console
from textual.widgets import Static

from tui_tutor.app import build_app
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.classroom.live import read_live
from tui_tutor.classroom.seat import Seat
from tui_tutor.classroom.state import ClassState, GoTo, Question, write_state
from tui_tutor.i18n import t


def learner_app(klass, name="alice", lang="en"):
    seat = Seat(klass, name)
    (klass / "live").mkdir(exist_ok=True)
    return build_app(
        lang=lang, lessons_dir=PACK, progress=seat.progress, test_mode=True, classroom=seat
    )


def quiz(app, quiz_id: str) -> QuizWidget:
    return next(w for w in app.screen.query(QuizWidget) if w.quiz.id == quiz_id)


async def poll(app, pilot) -> None:
    """One look at the state file (the timer's work), then let the app settle."""
    await app.poll_state()
    await pilot.pause()


def notices(app) -> str:
    return "\n".join(str(n.message) for n in app._notifications)


async def test_live_file_follows_steps_and_answers(klass):
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        live = read_live(klass / "live" / "alice.json")  # written when the first step shows
        assert (live.name, live.lesson, live.step, live.closed) == ("alice", "first", 0, False)
        await pilot.press("n", "1", "enter")  # step 2: a wrong choice
        live = read_live(klass / "live" / "alice.json")
        assert live.step == 1 and live.at == 1 and live.steps > 1
        assert live.answer("first", "q-single").response == 1
        assert live.answer("first", "q-single").tries == 1
        assert not live.answer("first", "q-single").correct
        await pilot.press("2", "enter")
        live = read_live(klass / "live" / "alice.json")
        assert live.answer("first", "q-single").tries == 2 and live.answered == 1
        assert live.points == 0.5 and live.questions > 1
        beat = live.beat
        app.heartbeat()
        assert read_live(klass / "live" / "alice.json").beat >= beat
        await pilot.press("q")
    assert read_live(klass / "live" / "alice.json").closed  # quitting says so at once


async def test_help_request_and_the_instructors_seen(klass):
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("exclamation_mark")
        asked = read_live(klass / "live" / "alice.json").help
        assert asked is not None
        assert "Help requested" in notices(app)
        write_state(klass / "state.json", ClassState(seen={"alice": asked + 1}))
        await poll(app, pilot)
        assert "has seen your help request" in notices(app)
        assert read_live(klass / "live" / "alice.json").help is None
        await pilot.press("exclamation_mark", "exclamation_mark")
        assert "withdrawn" in notices(app)
        assert read_live(klass / "live" / "alice.json").help is None


async def test_goto_moves_the_learner_and_b_goes_back(klass):
    write_state(klass / "state.json", ClassState(goto=GoTo("second", 0, 1)))
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        await poll(app, pilot)
        assert app.screen.lesson.id == "first"  # a go-to from before the start stays unfollowed
        await pilot.press("n")
        write_state(klass / "state.json", ClassState(goto=GoTo("second", 1, 2)))
        await poll(app, pilot)
        await pilot.pause()
        assert (app.screen.lesson.id, app.screen.step_index) == ("second", 1)
        assert "moved the class" in notices(app)
        assert read_live(klass / "live" / "alice.json").lesson == "second"
        await pilot.press("b")
        assert (app.screen.lesson.id, app.screen.step_index) == ("first", 1)
        await pilot.press("b")
        assert "Nothing to go back to" in notices(app)
        write_state(klass / "state.json", ClassState(goto=GoTo("nope", 0, 3)))
        await poll(app, pilot)
        assert "does not have" in notices(app)
        assert app.screen.lesson.id == "first"


async def test_a_held_question_cannot_be_answered_until_opened(klass):
    held = ClassState(questions={"first/q-single": Question("held")})
    write_state(klass / "state.json", held)
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "2", "enter")
        widget = quiz(app, "q-single")
        assert widget.attempts == 0 and not widget.done
        assert "waiting for the instructor" in widget.feedback[0]
        assert read_live(klass / "live" / "alice.json").waiting == "first/q-single"
        write_state(klass / "state.json", ClassState(questions={}))
        await poll(app, pilot)
        assert "opened a question" in notices(app)
        await pilot.press("2", "enter")
        assert widget.done and widget.correct
        revealed = Question("revealed", {"1": 1, "2": 3}, None)
        write_state(klass / "state.json", ClassState(questions={"first/q-single": revealed}))
        await poll(app, pilot)
        assert "1: 1, 2: 3" in widget.feedback[0]


async def test_a_held_numeric_question_disables_its_field(klass):
    held = ClassState(questions={"first/q-num": Question("held")})
    write_state(klass / "state.json", held)
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "1", "enter")
        widget = quiz(app, "q-num")
        assert widget.attempts == 0
        from textual.widgets import Input

        assert widget.query_one(Input).disabled


async def test_a_corrupt_state_file_warns_once_and_changes_nothing(klass):
    (klass / "state.json").write_text("{not json", encoding="utf-8")
    app = learner_app(klass)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert notices(app).count("cannot be read") == 1
        (klass / "state.json").write_text(json.dumps({"format": "x"}), encoding="utf-8")
        await poll(app, pilot)
        await poll(app, pilot)
        assert notices(app).count("cannot be read") == 2  # a new problem, said once
        await pilot.press("2", "enter")
        assert quiz(app, "q-single").done  # nothing held: answering works


async def test_class_keys_in_footer_and_help_in_both_languages(klass):
    for lang, ask, title in (("en", "ask", "Class"), ("zh", "求助", "课堂")):
        app = learner_app(klass, lang=lang)
        async with app.run_test(size=(80, 24)) as pilot:
            footer = app.screen.active_bindings
            assert footer["exclamation_mark"].binding.description == ask
            assert f"! {ask}" in screen_text(app).splitlines()[-1]  # seen at 80 columns
            await pilot.press("question_mark")
            table = app.screen.query_one("#help-keys", Static).content
            console = Console(width=80, record=True, file=io.StringIO())
            console.print(table)
            shown = console.export_text()
            assert title in shown and t("help_help_request", lang) in shown

"""End to end: a class folder, two learner apps (Pilot, --class) and the instructor's view."""

from __future__ import annotations

from conftest import PACK, make_class

from tui_tutor import course
from tui_tutor.app import build_app
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.classroom.seat import take_seat
from tui_tutor.classroom.watch import ClassWatch


def learner(klass, name):
    seat = take_seat(klass, name)  # what --class DIR --name NAME checks
    return build_app(
        lang="en", lessons_dir=PACK, progress=seat.progress, test_mode=True, classroom=seat
    )


async def poll(app) -> None:
    """The app's state poll (its timer's work), in the app's own context: two apps run in
    this one test, and Textual finds "the app" of a call through a context variable."""
    with app._context():
        await app.poll_state()


async def test_two_learners_a_watch_a_goto_and_a_held_question(tmp_path):
    klass = make_class(tmp_path / "class", ("alice", "bob"))
    watch = ClassWatch(klass, course.load_pack(PACK).lessons)
    watch.set_question("first", "q-single", "held")  # before anyone gets there
    alice, bob = learner(klass, "alice"), learner(klass, "bob")
    async with alice.run_test(size=(80, 24)) as pa, bob.run_test(size=(80, 24)) as pb:
        await pa.press("n", "2", "enter")  # held: nothing is judged
        held = next(iter(alice.screen.query(QuizWidget)))
        assert held.attempts == 0 and "waiting for the instructor" in held.feedback[0]
        watch.set_question("first", "q-single", "open")
        await poll(alice)
        await pb.pause()
        await poll(bob)
        await pa.press("2", "enter")  # right
        await pb.press("n", "1", "enter")  # wrong
        await pb.press("3", "enter")  # wrong again: needs help
        assert watch.poll()  # within one poll of the saves
        rows = {r.name: r for r in watch.rows()}
        assert rows["alice"].connected and rows["bob"].connected
        assert rows["alice"].live.answer("first", "q-single").correct
        assert rows["bob"].needs == ["tries"]
        assert watch.distribution("first", "q-single") == (2, {"2": 1, "3": 1}, None)
        assert watch.go_to("second", 1) == 2
        await poll(alice)
        await poll(bob)
        await pa.pause()
        await pb.pause()
        for app in (alice, bob):
            assert (app.screen.lesson.id, app.screen.step_index) == ("second", 1)
        watch.poll()
        assert {r.name: r.live.lesson for r in watch.rows()} == {"alice": "second", "bob": "second"}
        await pb.press("b")  # bob goes back to his question
        assert (bob.screen.lesson.id, bob.screen.step_index) == ("first", 1)

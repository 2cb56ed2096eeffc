"""Pilot tests of the questions: each kind answered right, wrong, retried, with hints."""

from __future__ import annotations

from conftest import plain, screen_text
from textual.widgets import Input

from tui_tutor.app.lab import LabPanel
from tui_tutor.app.quiz import MAX_ATTEMPTS, QuizWidget
from tui_tutor.app.screens.main import LessonHeader


def quiz(app) -> QuizWidget:
    return app.screen.query_one(QuizWidget)


def status(app) -> str:
    return plain(quiz(app).query_one(".quiz-status"))


def header(app) -> str:
    return plain(app.screen.query_one(LessonHeader))


async def test_single_choice_wrong_then_hint_then_right(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert "1-4" in plain(quiz(app).query_one(".quiz-prompt"))
        await pilot.press("enter")
        assert "Pick a choice first" in status(app)
        await pilot.press("1", "enter")
        assert "Not quite" in status(app) and "attempt 1 of 3" in status(app)
        assert not quiz(app).done
        await pilot.press("h")
        assert "Hint: Compare the train error with the Bayes error." in status(app)
        await pilot.press("2", "enter")
        w = quiz(app)
        assert w.done and w.correct and w.attempts == 2
        assert "Correct." in status(app)
        assert "Why: The train error is far above the floor" in status(app)
        assert "score 0.5/3" in header(app)  # right after a retry: half a point
        await pilot.press("3", "enter")  # a finished question ignores keys
        assert quiz(app).selected == {2}


async def test_single_choice_right_first_time_scores_one(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "9")
        assert "There is no choice 9" in status(app)
        await pilot.press("2", "enter")
        assert "score 1/3" in header(app)


async def test_three_wrong_answers_reveal_the_answer(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        for wrong in "134"[:MAX_ATTEMPTS]:
            await pilot.press(wrong, "enter")
        w = quiz(app)
        assert w.done and not w.correct
        assert "The answer: 2. High bias." in status(app)
        assert "Why:" in status(app)


async def test_multiple_choice_toggles_then_enter(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "1", "2")
        assert quiz(app).selected == {1, 2}
        assert "[x] Bigger network" in plain(quiz(app).query_one(".quiz-choices"))
        await pilot.press("enter")
        assert "2 choices are right" in status(app)
        await pilot.press("2", "3", "enter")
        assert quiz(app).correct
        assert "More data and regularization" in status(app)


async def test_numeric_bad_text_gives_a_message_then_right(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n")
        field = quiz(app).query_one(Input)
        field.focus()
        await pilot.press(*"abc", "enter")
        assert "Type a number" in status(app)
        assert quiz(app).attempts == 0  # bad text is not an attempt
        field.value = ""
        await pilot.press(*"0.99", "enter")
        assert "Not quite" in status(app) and quiz(app).attempts == 1
        await pilot.press(*"0.9993", "enter")  # the wrong answer is selected: typing replaces it
        w = quiz(app)
        assert w.correct and w.done and field.disabled
        assert "0.0007" in status(app)
        assert app.focused is app.screen.query_one("#lesson-scroll")


async def test_number_key_focuses_the_numeric_field_and_escape_leaves_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "0")
        field = quiz(app).query_one(Input)
        assert app.focused is field and field.value == "0"
        footer = screen_text(app).splitlines()[-1]
        assert "enter answer" in footer and "esc leave field" in footer
        await pilot.press("x")  # the first digit stays (not selected and replaced)
        assert field.value == "0x"
        await pilot.press("backspace")
        await pilot.press(*".9993", "enter")
        assert quiz(app).correct
        await pilot.press("escape")
        assert app.focused is not field
        await pilot.press("n")
        assert "Second lesson" in header(app)


async def test_predict_then_run_shows_whether_the_prediction_held(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        lab = app.screen.query_one(LabPanel)
        assert lab.config.lambd == 0
        await pilot.press("2", "enter")
        await pilot.pause()
        w = quiz(app)
        assert lab.config.lambd == 10  # the quiz's run was applied
        assert w.done and w.correct
        assert "Your prediction held" in status(app)
        conditions = plain(w.query_one(".quiz-conditions"))
        assert "[✓] ‖W‖² < 5" in conditions
        assert "score 1/2" in header(app)


async def test_a_held_prediction_keeps_its_own_runs_ticks(make_app, tmp_path):
    """Later runs (a key; the step reopened from the saved progress, which runs the
    preset) crossed the prediction's checks under "Your prediction held"."""
    path = tmp_path / "progress.json"
    app = make_app(lesson="second", progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "2", "enter")
        await pilot.pause()
        w = quiz(app)
        assert w.correct and "[✓] ‖W‖² < 5" in plain(w.query_one(".quiz-conditions"))
        app.screen.query_one(LabPanel).change(lambd=0.0)  # a run whose ‖W‖² is large
        await pilot.pause()
        assert "[✗]" not in plain(w.query_one(".quiz-conditions"))
        await pilot.press("q")
    again = make_app(lesson="second", progress=path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        w = quiz(again)
        assert w.done and w.correct and "Your prediction held" in status(again)
        assert "[✗]" not in plain(w.query_one(".quiz-conditions"))


async def test_wrong_prediction_is_shown_with_the_outcome(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "1", "enter")
        await pilot.pause()
        w = quiz(app)
        assert w.done and not w.correct
        assert "It shrinks" in status(app)


async def test_challenge_ticks_its_goal_from_lab_runs(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        await pilot.pause()
        w = quiz(app)
        assert w.quiz.kind == "challenge"
        assert not w.done
        assert "[✗] train error > 10%" in plain(w.query_one(".quiz-conditions"))
        await pilot.press("h")
        assert "A huge λ" in status(app)
        lab = app.screen.query_one(LabPanel)
        lab.run_with({"lambd": 10})
        await pilot.pause()
        assert w.done and w.correct
        assert "[✓] train error > 10%" in plain(w.query_one(".quiz-conditions"))
        assert "Challenge met!" in status(app)
        assert "score 1/2" in header(app)


async def test_a_run_replaced_on_its_way_does_not_judge_the_new_steps_questions(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        await pilot.pause()
        w, lab = quiz(app), app.screen.query_one(LabPanel)
        met = {**lab.metrics, "train_error": 0.5}  # would meet the goal train error > 10%
        attempts = w.attempts
        # The previous step's run ended just before the step changed: its message
        # arrives after the new step's run started and must not count.
        lab.post_message(LabPanel.RunFinished(lab.config, met, lab.run_id - 1))
        await pilot.pause()
        assert not w.done and w.attempts == attempts
        lab.post_message(LabPanel.RunFinished(lab.config, met, lab.run_id))
        await pilot.pause()
        assert w.done and w.correct


async def test_challenge_met_with_the_lab_keys(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        for _ in range(12):
            await pilot.press("right_square_bracket")
            if quiz(app).done:
                break
        assert quiz(app).correct


async def test_a_wrapped_choice_keeps_its_indent(make_app):
    app = make_app()
    async with app.run_test(size=(26, 40)) as pilot:
        await pilot.press("f", "f", "n", "n")  # lesson full screen, the multiple choice
        quiz(app).scroll_visible(animate=False)
        await pilot.pause()
        lines = screen_text(app).splitlines()
        first = next(i for i, line in enumerate(lines) if "[ ] Bigger" in line)
        body = lines[first].index("Bigger")
        following = lines[first + 1]
        assert "2 [ ]" not in following  # the choice wrapped onto the next line ...
        assert following[body - 1] == " " and following[body] != " "  # ... under its text


async def test_the_lesson_keeps_its_place_when_the_lab_takes_the_screen_and_gives_it_back(
    tmp_path,
) -> None:
    """f cycles split -> lab -> lesson -> split. The hidden lesson lost its scroll
    position, so the question the learner was reading was out of sight on return, and the
    next digit only brought it back into view (learners read it as a dropped key)."""
    from textual.containers import VerticalScroll

    from tui_tutor.app import build_app

    app = build_app(
        lang="en", lesson="understanding-dropout", progress=tmp_path / "p.json", test_mode=True
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"nnnn")
        await pilot.press("2")  # brings the step's question into view
        await pilot.pause()
        scroll = app.screen.query_one("#lesson-scroll", VerticalScroll)
        place = scroll.scroll_y
        assert place > 0 and not quiz(app).selected
        await pilot.press("f", "f", "f")
        await pilot.pause()
        assert app.screen.layout_mode == "split" and scroll.scroll_y == place
        await pilot.press("2")
        await pilot.pause()
        assert quiz(app).selected == {2}  # the first key after the cycle answers


async def test_a_new_answer_typed_from_the_lesson_replaces_the_wrong_one(make_app, tmp_path):
    """A wrong 13, Escape, then 14 typed on from the lesson gave 1314 (a lost attempt),
    and Backspace from the lesson did nothing: it edits the field now, as in the field
    (where the judged answer is selected, so it goes at once)."""
    for backspace in (False, True):
        app = make_app(progress=tmp_path / f"progress-{backspace}.json")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("n", "n", "n", *"0.99", "enter")
            field = quiz(app).query_one(Input)
            assert quiz(app).attempts == 1 and field.value == "0.99"
            await pilot.press("escape")
            assert app.focused is not field
            if backspace:
                await pilot.press("backspace")
                assert app.focused is field and field.value == ""
                await pilot.press("escape")
            await pilot.press(*"0.9993")
            assert field.value == "0.9993"
            await pilot.press("enter")
            assert quiz(app).correct and quiz(app).attempts == 2


async def test_a_percent_typed_without_its_sign_is_said_and_costs_no_attempt(make_app):
    """The tour says "0.05 or 5% both work"; a learner typed 5 and lost an attempt."""
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", *"99.93", "enter")
        assert quiz(app).attempts == 0 and "99.93%" in status(app)
        assert "not count" in status(app)
        field = quiz(app).query_one(Input)
        field.value = ""
        await pilot.press(*"99.93%", "enter")
        assert quiz(app).correct and quiz(app).attempts == 1

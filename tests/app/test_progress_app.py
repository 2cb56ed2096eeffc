"""Progress from the app's side: saved as the learner works, resumed on the next start."""

from __future__ import annotations

import json

from conftest import notes, plain, settle

from tui_tutor.app.lab import LabPanel
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.app.screens.main import LessonHeader, TutorScreen


def header(app) -> str:
    return plain(app.screen.query_one(LessonHeader))


async def test_answers_step_and_lab_settings_are_saved_and_resumed(make_app, tmp_path):
    path = tmp_path / "progress.json"
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "2", "enter")  # step 2: right at the first try
        await pilot.press("right_square_bracket")  # a lab change on step 2
        lambd = app.screen.query_one(LabPanel).config.lambd
        assert lambd > 0
        await pilot.press("n")
        await pilot.press("q")
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["lesson"] == "first" and saved["step"] == 2
    first = saved["lessons"]["first"]
    assert first["answers"]["q-single"] == {"response": 2, "correct": True, "attempts": 1}
    assert first["lab"]["1"]["lambd"] == lambd
    assert first["score"] > 0

    again = make_app(progress=path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "step 3/4" in header(again)
        assert any("Welcome back" in n for n in notes(again))
        assert "score 1/3" in header(again)
        await pilot.press("p")
        w = again.screen.query_one(QuizWidget)
        assert w.done and w.correct and w.selected == {2}
        assert again.screen.query_one(LabPanel).config.lambd == lambd
        await pilot.press("p")  # step 1 keeps its preset
        assert again.screen.query_one(LabPanel).config.lambd == 0


async def test_reset_lab_forgets_the_steps_settings(make_app, tmp_path):
    path = tmp_path / "progress.json"
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        app.screen.action_reset_lab()
        await pilot.pause()
        assert app.screen.query_one(LabPanel).config.lambd == 0
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert not saved["lessons"]["first"]["lab"].get("0")


async def test_challenge_met_is_saved(make_app, tmp_path):
    path = tmp_path / "progress.json"
    app = make_app(progress=path, lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n")
        app.screen.query_one(LabPanel).run_with({"lambd": 10})
        await pilot.pause()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert "q-challenge" in saved["lessons"]["second"]["challenges"]
    again = make_app(progress=path)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        w = again.screen.query_one(QuizWidget)
        assert w.done and w.correct
        assert "Challenge met!" in plain(w.query_one(".quiz-status"))


async def test_finishing_a_lesson_marks_it_done_in_the_list(make_app, tmp_path):
    path = tmp_path / "progress.json"
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "n", "n", "n")
        assert "Second lesson" in header(app)
        assert any("Lesson finished: First lesson" in n for n in notes(app))
        await pilot.press("l")
        options = app.screen.query_one("#lesson-list")
        assert "✓ done" in str(options.get_option_at_index(0).prompt)
    assert json.loads(path.read_text(encoding="utf-8"))["lessons"]["first"]["finished"]


async def test_corrupt_progress_file_is_reported_and_kept(make_app, tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{not json", encoding="utf-8")
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        warning = "\n".join(notes(app))
        assert "Progress:" in warning and "corrupt" in warning
        assert "step 1/4" in header(app)
        await pilot.press("n")
    kept = list(tmp_path.glob("progress.json.corrupt-*"))
    assert kept and kept[0].read_text(encoding="utf-8") == "{not json"
    assert json.loads(path.read_text(encoding="utf-8"))["step"] == 1


async def test_resume_point_outside_the_pack_starts_at_the_beginning(make_app, tmp_path):
    path = tmp_path / "progress.json"
    path.write_text(
        json.dumps({"schema": "tui-tutor-progress", "version": 1, "lesson": "gone", "step": 9}),
        encoding="utf-8",
    )
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "First lesson" in header(app) and "step 1/4" in header(app)


def _saved_lab(path) -> dict:
    if not path.exists():
        return {}
    saved = json.loads(path.read_text(encoding="utf-8"))
    return saved.get("lessons", {}).get("first", {}).get("lab", {})


async def test_lab_keys_are_saved_once_after_the_last_not_on_each_key(make_app, tmp_path):
    """A save locks, merges and fsyncs: a burst of λ keys is saved once, after the last
    (off the key's path), and what is pending is saved when the app goes away."""
    path = tmp_path / "progress.json"
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket", "right_square_bracket")
        lambd = app.screen.query_one(LabPanel).config.lambd
        assert lambd > 0 and app.screen._lab_save is not None
        assert "0" not in _saved_lab(path)  # not yet
    assert _saved_lab(path)["0"]["lambd"] == lambd  # pending when the app closed: saved


async def test_a_pending_lab_save_happens_after_the_delay(make_app, tmp_path, monkeypatch):
    monkeypatch.setattr(TutorScreen, "LAB_SAVE_DELAY_S", 0.01)
    path = tmp_path / "progress.json"
    app = make_app(progress=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await settle(pilot, lambda: app.screen._lab_save is None)
        assert _saved_lab(path)["0"]["lambd"] == app.screen.query_one(LabPanel).config.lambd

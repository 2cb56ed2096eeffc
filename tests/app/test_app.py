"""Pilot tests of the tutor: keys, steps, lesson list, help, palette, links, layout, themes."""

from __future__ import annotations

import pytest
from conftest import BROKEN, PACK, notes, plain, run_command, screen_text
from textual.widgets import Markdown, OptionList

from tui_tutor.app import StartError, build_app
from tui_tutor.app.lab import LabPanel
from tui_tutor.app.screens.help import HelpScreen
from tui_tutor.app.screens.lessons import LessonListScreen
from tui_tutor.app.screens.main import LessonHeader, TutorScreen


def header(app) -> str:
    return plain(app.screen.query_one(LessonHeader))


async def test_first_step_shows_title_step_and_lab(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TutorScreen)
        assert "First lesson" in header(app)
        assert "step 1/4" in header(app)
        assert "score 0/3" in header(app)
        md = app.screen.query_one("#step-text", Markdown)
        assert "Welcome to the **first** lesson" in md.source
        lab = app.screen.query_one(LabPanel)
        assert lab.config.layers == (8,)
        assert lab.metrics is not None


async def test_n_and_p_move_between_steps_and_lessons(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("p")
        assert "first step" in notes(app)[-1]
        await pilot.press("n", "n")
        assert "step 3/4" in header(app)
        assert "Pick several" in app.screen.query_one("#step-text", Markdown).source
        await pilot.press("p")
        assert "step 2/4" in header(app)
        await pilot.press("n", "n", "n")  # past the last step: the next lesson
        assert "Second lesson" in header(app)
        assert "step 1/3" in header(app)
        await pilot.press("p")
        assert "First lesson" in header(app) and "step 4/4" in header(app)


async def test_lesson_list_jumps_to_a_step_of_another_lesson(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LessonListScreen)
        options = app.screen.query_one(OptionList)
        assert options.highlighted == 1  # the current step: lesson 1, step 1
        # lesson 1 and its 4 steps, then lesson 2 and its 3 steps
        await pilot.press(*["down"] * 6)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TutorScreen)
        assert "Second lesson" in header(app)
        assert "step 2/3" in header(app)
        await pilot.press("l", "escape")
        assert isinstance(app.screen, TutorScreen)
        assert "step 2/3" in header(app)


async def test_help_lists_tutor_and_lab_keys(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys").content
        cells = " ".join(str(c) for col in table.columns for c in col._cells)
        for needed in ("next step", "lesson list", "show the hint", "λ up the ladder", "rerun"):
            assert needed in cells, needed
        assert "0, 0.001, 0.003 … 100" in cells  # the λ setting's own ladder
        await pilot.press("escape")
        assert isinstance(app.screen, TutorScreen)


async def test_palette_goes_to_a_lesson(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "go to lesson: second")
        assert isinstance(app.screen, TutorScreen)
        assert "Second lesson" in header(app)


async def test_palette_resets_the_lab(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        lab = app.screen.query_one(LabPanel)
        assert lab.config.lambd > 0
        await run_command(pilot, app, "reset lab")
        assert app.screen.query_one(LabPanel).config.lambd == 0
        assert any("preset" in n for n in notes(app))


async def test_lesson_links_navigate_and_web_links_are_only_shown(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        md = app.screen.query_one("#step-text", Markdown)
        md.post_message(Markdown.LinkClicked(md, "lesson:second#2"))
        await pilot.pause()
        assert "Second lesson" in header(app) and "step 2/3" in header(app)
        md = app.screen.query_one("#step-text", Markdown)
        md.post_message(Markdown.LinkClicked(md, "https://example.com/page"))
        await pilot.pause()
        assert "https://example.com/page" in notes(app)[-1]
        assert "Second lesson" in header(app)
        md.post_message(Markdown.LinkClicked(md, "lesson:nope"))
        await pilot.pause()
        assert "nope" in notes(app)[-1]
        md.post_message(Markdown.LinkClicked(md, "lesson:first#²"))  # '²'.isdigit() is True
        await pilot.pause()
        assert "First lesson" in header(app) and "step 1/" in header(app)


async def test_palette_follows_the_steps_lesson_links(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "follow link: its step")
        assert "Second lesson" in header(app) and "step 2/3" in header(app)


async def test_lab_keys_work_from_the_lesson_side(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.focused is app.screen.query_one("#lesson-scroll")
        lab = app.screen.query_one(LabPanel)
        await pilot.press("right_square_bracket")
        assert lab.config.lambd > 0
        await pilot.press("left_square_bracket")
        assert lab.config.lambd == 0


async def test_layout_key_cycles_lab_and_lesson_full_screen(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.has_class("-narrow")
        pane, lab = screen.query_one("#lesson-pane"), screen.query_one(LabPanel)
        await pilot.press("f")
        assert screen.has_class("-lab-full") and not pane.display
        await pilot.press("f")
        assert screen.has_class("-lesson-full") and not lab.display
        await pilot.press("f")
        assert pane.display and lab.display


async def test_arrow_keys_scroll_the_lesson_after_the_lab_was_full_screen(make_app):
    """Hiding the lesson dropped its focus; the arrows must scroll it again once shown."""
    app = make_app(lessons_dir=None, lesson="tour")  # the bundled tour: a long first step
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = app.screen.query_one("#lesson-scroll")
        await pilot.press("f", "f")  # lab alone, then lesson alone
        await pilot.pause()
        assert scroll.max_scroll_y > 0
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert scroll.scroll_y > 0


async def test_wide_terminal_puts_the_lab_beside_the_lesson(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.has_class("-wide")
        pane, lab = screen.query_one("#lesson-pane"), screen.query_one(LabPanel)
        assert pane.region.y == lab.region.y
        assert lab.region.x > pane.region.x


async def test_resize_down_to_40x12_and_back_keeps_working(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        for size in [(80, 24), (40, 12), (41, 13), (120, 40)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        await pilot.press("n", "1", "enter", "f", "l", "escape", "question_mark", "escape")
        assert "step 2/4" in header(app)


async def test_ctrl_t_toggles_light_and_dark(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        dark = app.theme
        await pilot.press("ctrl+t")
        assert app.theme != dark
        await pilot.press("ctrl+t")
        assert app.theme == dark


async def test_q_quits_with_status_zero(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("q")
    assert app.return_code == 0


async def test_chinese_ui_strings(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "第 1/4 步" in header(app)
        assert "得分 0/3" in header(app)
        footer = {b.description for _, b in app.screen._bindings}
        assert {"下一步", "上一步", "课程", "帮助", "退出"} <= footer


async def test_broken_lesson_is_reported_and_the_good_one_loads(make_app):
    app = make_app(lessons_dir=BROKEN)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert [lesson.id for lesson in app.screen.lessons] == ["first"]
        report = "\n".join(notes(app))
        assert "02-bad.md:7: lambd" in report and "(lesson skipped)" in report
        assert "01-first.md:21: link to lesson 'second'" in report
        assert "First lesson" in header(app)
        await run_command(pilot, app, "show lesson problems")
        assert len([n for n in notes(app) if "02-bad.md:7" in n]) == 2
        assert "Escape hides this" in notes(app)[-1]
        await pilot.press("escape")  # hides them at once, they do not cover the lab
        assert notes(app) == []


def test_no_lessons_at_all_is_a_clear_start_error(tmp_path):
    (tmp_path / "01-x.md").write_text("+++\nid = 'x'\n+++\n", encoding="utf-8")
    with pytest.raises(StartError) as info:
        build_app(lessons_dir=tmp_path, test_mode=True, lang="en")
    assert "01-x.md" in str(info.value)
    assert info.value.code == 1


def test_unknown_lesson_and_language_are_start_errors():
    with pytest.raises(StartError, match="known ids: first, second"):
        build_app(lessons_dir=PACK, lesson="nope", test_mode=True, lang="en")
    with pytest.raises(StartError, match="accepted: en, zh"):
        build_app(lessons_dir=PACK, test_mode=True, lang="fr")


async def test_lesson_option_opens_that_lesson(make_app):
    app = make_app(lesson="second")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Second lesson" in header(app)


def test_no_color_is_respected(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = build_app(lessons_dir=PACK, test_mode=True, lang="en")
    assert app.no_color


async def test_rendered_screen_shows_step_quiz_lab_and_footer(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n", "1", "enter")
        await pilot.pause()
        text = screen_text(app)
        assert "First lesson  ·  step 2/4  ·  score 0/3" in text
        assert "Pick one" in text and "A single-choice question." in text
        assert "1 (•) High variance" in text
        assert "Not quite. Try again" in text
        assert "λ=0" in text and "train" in text  # the lab's readout beside the lesson
        assert "n next" in text and "q quit" in text and "? help" in text
        await pilot.resize_terminal(80, 24)
        await pilot.press("f")
        text = screen_text(app)
        assert "Pick one" not in text and "λ=0" in text  # the lab alone


async def test_chinese_screen_text(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", "f", "f")  # the lesson alone: room for the question
        text = screen_text(app)
        assert "第 2/4 步" in text and "得分 0/3" in text
        assert "按 1-4 选择" in text
        assert "下一步" in text and "退出" in text


async def test_chinese_palette_resets_the_lab(make_app):
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right_square_bracket")
        await run_command(pilot, app, "重置实验")
        assert app.screen.query_one(LabPanel).config.lambd == 0
        assert "实验已恢复为本步预设。" in notes(app)

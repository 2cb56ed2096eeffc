"""Text from lessons, packs and learners' files reaches the screen as text: never markup,
never a control sequence, never a clickable action (issue 10, "Critical").

A hostile copy of the fixture pack carries each payload in every field a lesson has
(titles, step titles, prompts, choices, hints, explanations, units, the Markdown body,
file names, a pack problem, a learner's saved answer). Each place the app shows them is
visited and what reaches the terminal is checked: no ESC, BEL or bidi override, no
``@click`` action that a lesson wrote, the markup shown literally, the notice there.
"""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import PACK, notes, screen_text, settle
from rich.console import Console
from rich.segment import Segment
from textual import events
from textual.command import CommandList, CommandPalette

from tui_tutor import course
from tui_tutor.app.app import TutorApp
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.app.safe_text import as_content, as_text, plain
from tui_tutor.app.screens.form import LabForm
from tui_tutor.app.screens.lessons import LessonListScreen
from tui_tutor.app.tracker import Tracker
from tui_tutor.course.model import Problem

OSC52 = "\x1b]52;c;SGVsbG8=\x07"  # write the terminal's clipboard
OSC0 = "\x1b]0;owned\x07"  # set the window title
CSI = "\x1b[2J"  # clear the screen
RLO = "\u202e"  # right-to-left override
STYLED = "[bold red]styled[/]"
SCREENSHOT = "[@click=app.screenshot('victim.txt','/tmp')]shot[/]"
QUIT = "[@click=app.quit]bye[/]"
BROKEN = "[/oops]"
MARKUP = (STYLED, SCREENSHOT, QUIT, BROKEN)
CONTROLS = (OSC52, OSC0, CSI, RLO)
EVERYTHING = "".join(CONTROLS) + " ".join(MARKUP)


def hostile(text: str) -> str:
    return f"{text} {EVERYTHING}"


def hostile_lessons() -> list:
    """The fixture pack with every payload in every text field of its lessons."""
    lessons = []
    for lesson in course.load_pack(PACK).lessons:
        steps = []
        for step in lesson.steps:
            quizzes = tuple(
                dataclasses.replace(
                    q,
                    prompt=hostile(q.prompt),
                    choices=tuple(hostile(c) for c in q.choices),
                    hint=hostile(q.hint),
                    explain=hostile(q.explain),
                    unit=hostile(q.unit) if q.kind == "numeric" else q.unit,
                )
                for q in step.quizzes
            )
            md = step.markdown + "\n\nBody " + EVERYTHING + "\n"
            steps.append(
                dataclasses.replace(step, title=hostile(step.title), markdown=md, quizzes=quizzes)
            )
        lessons.append(dataclasses.replace(lesson, title=hostile(lesson.title), steps=tuple(steps)))
    return lessons


def hostile_app(tmp_path: Path, progress: dict | None = None) -> TutorApp:
    store = None
    if progress is not None:
        path = tmp_path / "progress.json"
        path.write_text(json.dumps(progress), encoding="utf-8")
        store = course.ProgressStore(path)
    problems = [Problem(PACK / f"evil{OSC0}{BROKEN}.md", 3, hostile("bad key"))]
    return TutorApp(
        hostile_lessons(),
        Tracker(store),
        lang="en",
        problems=problems,
        test_mode=True,
        lessons_dir=PACK,
    )


def segments(app: Any) -> list[Segment]:
    """Every segment the terminal gets now (the screen with its toasts and modals)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return list(console._record_buffer)


def check_screen(app: Any, *shown: str) -> str:
    """Nothing a lesson wrote acts on the terminal; ``shown`` texts are on it literally."""
    segs = segments(app)
    raw = "".join(s.text for s in segs if not s.control)
    for bad in ("\x1b", "\x07", "\x9b", RLO):
        assert bad not in raw, f"{bad!r} reached the terminal"
    text = screen_text(app)
    for seg in segs:
        meta = seg.style.meta if seg.style is not None else {}
        action = str(meta.get("@click", ""))
        assert "screenshot" not in action and "quit" not in action, action
    flat = " ".join(text.split())
    for needle in shown:
        assert needle in flat, f"{needle!r} is not on screen:\n{text}"
    return text


def test_the_helper_builds_text_never_markup() -> None:
    for payload in (*MARKUP, EVERYTHING):
        text = as_text(payload)
        assert not text.spans and "\x1b" not in text.plain
        assert str(as_content(payload)) == plain(payload, line=True)
    assert as_text(STYLED).plain == STYLED  # shown as typed
    assert plain(OSC0) == "\\x1b]0;owned\\x07"


async def test_header_markdown_and_the_problems_notice(tmp_path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot, lambda: app.screen.query("Toast"))
        await pilot.pause()
        assert app.is_running
        # The header (the title is cut at the width), the body and the problems notice
        # (its malformed markup does not make it vanish; the file name is escaped).
        check_screen(app, "First lesson", "\\x1b]52;c;SGVsbG8=", "evil\\x1b]0;owned", "bad key")
        assert any(BROKEN in n and "bad key" in n for n in notes(app))


async def test_lesson_list_shows_titles_as_text(tmp_path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(200, 40), notifications=True) as pilot:
        app.clear_notifications()
        await pilot.press("l")
        assert isinstance(app.screen, LessonListScreen)
        await pilot.pause()
        check_screen(app, "1. First lesson \\x1b]52;c;", STYLED, QUIT)


@pytest.mark.parametrize("title", [EVERYTHING, " ".join(MARKUP)])
async def test_palette_shows_titles_as_text(tmp_path, title) -> None:
    app = hostile_app(tmp_path)
    app.lessons[0] = dataclasses.replace(app.lessons[0], title=f"{title} First")
    async with app.run_test(size=(200, 40), notifications=True) as pilot:
        app.clear_notifications()
        await pilot.press("ctrl+p")  # discovery lists every lesson at once
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        await settle(pilot, lambda: app.screen.query_one(CommandList).option_count >= 2)
        await pilot.pause()
        shown = plain(title, line=True)[:30]
        check_screen(app, f"Go to lesson: {shown}")
        await pilot.press(*"go to")  # a search highlights the letters it matched
        await settle(pilot, lambda: app.screen.query_one(CommandList).option_count >= 2)
        await pilot.pause()
        check_screen(app, f"Go to lesson: {shown}")
        await pilot.press("escape")
        assert app.is_running


async def test_lesson_finished_notice_carries_no_action(tmp_path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(200, 40), notifications=True) as pilot:
        app.clear_notifications()
        await pilot.press("n", "n", "n", "n")  # past the last step of the first lesson
        assert any(n.startswith("Lesson finished: First lesson") for n in notes(app))
        await pilot.pause()
        check_screen(app, "Lesson finished: First lesson", SCREENSHOT, QUIT)
        assert app.is_running


async def test_quiz_prompt_choices_hint_and_explanation_are_text(tmp_path) -> None:
    app = hostile_app(tmp_path)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        app.clear_notifications()
        await pilot.press("n", "h")
        check_screen(app, "Question:", "1 ( ) High variance", STYLED, "Hint: Compare")
        for wrong in "134":
            await pilot.press(wrong, "enter")
        widget = app.screen.query_one(QuizWidget)
        assert widget.done
        widget.reveal_status()
        await pilot.pause()
        check_screen(app, "Why: The train error", SCREENSHOT)
        await pilot.press("n", "n")  # the numeric question and its unit
        await pilot.pause()
        check_screen(app, "Type a number (in")
        await pilot.press("h", "1", "enter")
        await pilot.pause()
        assert app.is_running


async def test_a_saved_answer_from_a_learners_file_is_text(tmp_path) -> None:
    saved = {
        "version": 1,
        "lesson": "first",
        "step": 3,
        "lessons": {
            "first": {
                "answers": {"q-num": {"response": EVERYTHING, "correct": False, "attempts": 1}}
            }
        },
    }
    app = hostile_app(tmp_path, progress=saved)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await pilot.pause()
        app.clear_notifications()
        await pilot.press("n", "n", "n")
        await pilot.pause()
        widget = app.screen.query_one(QuizWidget)
        assert widget.quiz.id == "q-num"
        field = widget._field
        assert field is not None and "\x1b" not in field.value and "\n" not in field.value
        check_screen(app)


@pytest.mark.parametrize("typed", ["[/x]", "[bold]1", BROKEN, SCREENSHOT, "\x1b[2J1"])
async def test_text_typed_in_the_form_is_shown_as_typed(typed) -> None:
    from tui_tutor.app import build_app

    app = build_app(lang="en", lessons_dir=PACK, test_mode=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.clear_notifications()
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, LabForm)
        field = form.query_one("#field-epochs")
        field.focus()
        field.select_all()
        field.post_message(events.Paste(typed))  # what a paste or fast typing brings
        await pilot.pause()
        assert "\x1b" not in field.value
        assert form.submit() is False
        await pilot.pause()
        message = form.query_one("#form-message").content
        assert not message.spans  # never styled by what was typed
        shown = check_screen(app, "epochs:")
        assert typed.replace("\x1b", "")[:6] in shown  # a pasted control character is dropped
        await pilot.press("escape")
        assert app.is_running

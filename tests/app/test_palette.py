"""The command palette (issue 9, item 9; issue 10): links found as the Markdown renderer
finds them (one finder, shared with ``lessons --check``), answers on a hostile lesson,
Textual's own commands in Chinese, each lesson once, and the key sequences that crashed
it (PageDown before the list is laid out, a search still running as it closes)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from conftest import settle
from lab_host import send_key
from textual.command import CommandList, CommandPalette

from tui_tutor import course
from tui_tutor.app import build_app
from tui_tutor.app.screens.commands import MAX_LINKS, TEXT_LIMIT, match, step_links
from tui_tutor.app.screens.main import TutorScreen
from tui_tutor.course.fences import find_links, lesson_target

TOUR_STEP_4 = """Press `[` to lower λ and `]` to raise it, see
[L2 regularization](lesson:l2-regularization) and go back to [step 2](lesson:tour#2).

```
[in a fence](lesson:nowhere)
```

    [indented code](lesson:nowhere)

Inline `[code](lesson:nowhere)` is no link; <lesson:tour#²> is one.
"""


def test_links_are_found_as_the_renderer_finds_them() -> None:
    links = find_links(TOUR_STEP_4)
    assert [(x.line, x.text, lesson_target(x.href)) for x in links] == [
        (1, "L2 regularization", ("l2-regularization", None)),
        (1, "step 2", ("tour", "2")),
        (9, "lesson:tour#²", ("tour", "²")),  # its href arrives percent-encoded: decoded
    ]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_tours_last_step_offers_its_three_links_and_nothing_of_its_code(lang) -> None:
    tour = course.load_pack(course.bundled_lessons_dir(lang)).get("tour")
    links = step_links(tour.steps[3].markdown)
    assert [lesson_target(href) for _, href in links] == [
        ("l2-regularization", None),
        ("tour", "2"),
        ("train-dev-test", None),
    ]
    assert all("`" not in text and len(text) < 30 for text, _ in links), links


def _pack(tmp_path: Path, body: str) -> Path:
    (tmp_path / "01-a.md").write_text(
        '+++\nid = "a"\ntitle = "A"\norder = 1\n\n[lab]\nepochs = 50\n+++\n\n' + body,
        encoding="utf-8",
    )
    return tmp_path


def test_the_lesson_check_sees_the_links_the_app_sees(tmp_path) -> None:
    body = TOUR_STEP_4 + "\nA broken [one](lesson:gone) here.\n"
    pack = course.load_pack(_pack(tmp_path, body))
    first_body_line = 10  # after the 8 lines of front matter and a blank line
    where = {p.message.split(",")[0].removeprefix("link to lesson "): p.line for p in pack.problems}
    lines = body.splitlines()
    line_of = {t: next(i for i, x in enumerate(lines) if t in x) for t in ("L2", "gone", "²")}
    assert where == {  # the links in the fence, the indented block and the code span: none
        "'l2-regularization'": first_body_line + line_of["L2"],
        "'tour'": first_body_line + line_of["²"],  # tour#2 and tour#², the last one kept
        "'gone'": first_body_line + line_of["gone"],
    }, pack.problems


def test_the_matcher_is_linear_and_finds_substrings_first() -> None:
    assert match("reset", "Reset lab")[0] == 1.0
    assert match("rl", "Reset lab")[1] == [0, 6]
    assert match("xyz", "Reset lab") == (0.0, [])
    hostile = "`[` " + "r e s e t " * 20_000  # every letter everywhere, never "reset" in a row
    score, offsets = match("reset", hostile)
    assert 0 < score < 1 and len(offsets) == 5  # one pass, not every combination


def hostile_step_app(lang: str = "en"):
    """The fixture pack's first step with a hostile body: a code span opening a long
    paragraph, thousands of links, a link text of 10,000 characters."""
    from conftest import PACK

    app = build_app(lang=lang, lessons_dir=PACK, test_mode=True)
    first = app.lessons[0]
    body = (
        "Press `[` to lower λ. "
        + "word " * 5_000
        + "\n\n"
        + " ".join(f"[link {i}](lesson:second#{i % 3 + 1})" for i in range(3_000))
        + "\n\n["
        + "x" * 10_000
        + "](lesson:first#2)\n"
    )
    steps = (dataclasses.replace(first.steps[0], markdown=body), *first.steps[1:])
    app.lessons[0] = dataclasses.replace(first, steps=steps)
    return app


async def test_a_hostile_lesson_gives_short_bounded_commands_and_reset_first() -> None:
    app = hostile_step_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, TutorScreen)
        links = step_links(screen.step.markdown)
        assert len(links) <= MAX_LINKS and all(len(text) <= TEXT_LIMIT for text, _ in links)
        await pilot.press("ctrl+p", *"reset")

        def first_hit() -> str:
            palette = app.screen
            if not isinstance(palette, CommandPalette):
                return ""
            commands = palette.query_one(CommandList)
            return str(commands.get_option_at_index(0).prompt) if commands.option_count else ""

        await settle(pilot, lambda: first_hit().startswith("Reset lab"))
        commands = app.screen.query_one(CommandList)
        assert all(
            len(str(commands.get_option_at_index(i).prompt)) < 200
            for i in range(commands.option_count)
        )
        await pilot.press("escape")


async def test_each_lesson_is_listed_once_on_the_tours_last_step() -> None:
    app = build_app(lang="en", lesson="tour", test_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.screen.go_to("tour", 3)
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await settle(pilot, lambda: commands.option_count > 8)
        await pilot.pause()
        shown = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        for title in ("L2 regularization", "Train, dev and test sets"):
            assert sum(title in s.split("\n")[0] for s in shown) == 1, (title, shown)
        assert sum("step 2" in s for s in shown) == 1  # a link into a lesson stays a link
        await pilot.press("escape")


async def test_textuals_own_commands_speak_chinese() -> None:
    app = build_app(lang="zh", lesson="tour", test_mode=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await settle(pilot, lambda: isinstance(app.screen, CommandPalette))
        commands = app.screen.query_one(CommandList)
        await settle(pilot, lambda: commands.option_count > 8)
        await pilot.pause()
        shown = " ".join(
            str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)
        )
        for word in ("主题", "退出", "截图", "按键面板"):
            assert word in shown, shown
        for word in ("Theme", "Quit", "Screenshot", "Keys", "Change the current theme"):
            assert word not in shown, shown
        assert app.screen.query_one("CommandInput").placeholder == "搜索命令……"
        await pilot.press("escape")


async def test_page_down_before_the_list_is_laid_out_does_not_crash() -> None:
    app = build_app(lang="en", test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Sent in one burst: PageDown arrives while the palette still gathers its list.
        for key, char in (("ctrl+p", None), ("g", "g"), ("o", "o"), ("pagedown", None)) + (
            ("pagedown", None),
        ):
            send_key(app, key, char)
        for _ in range(10):
            await pilot.pause()
        assert app.is_running and isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert isinstance(app.screen, TutorScreen)


async def test_the_palettes_quit_saves_and_quits(tmp_path) -> None:
    from conftest import PACK

    path = tmp_path / "progress.json"
    app = build_app(lang="en", lessons_dir=PACK, progress=path, test_mode=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.press("ctrl+p", *"quit")
        await settle(pilot, lambda: app.screen.query_one(CommandList).option_count > 0)
        await pilot.press("enter")
        await settle(pilot, lambda: not app.is_running)
    assert app.return_code == 0 and '"step": 1' in path.read_text(encoding="utf-8")

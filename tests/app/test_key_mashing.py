"""Seeded key mashing (issue 10): random keys from the documented set, sent in bursts as a
hurried learner types them, through every screen (the main screen, the palette, the help,
the lesson list, the lab form). The app stays up and still answers ``?`` and ``q``."""

from __future__ import annotations

import random

import pytest
from conftest import PACK
from lab_host import send_key
from textual.command import CommandPalette

from tui_tutor.app import build_app
from tui_tutor.app.screens.form import LabForm
from tui_tutor.app.screens.help import HelpScreen
from tui_tutor.app.screens.lessons import LessonListScreen
from tui_tutor.app.screens.main import TutorScreen

# Every documented key but the two that quit (README "Keys", the help screen), with the
# characters they type; and what a learner types in the palette and in fields.
KEYS: list[tuple[str, str | None]] = [
    *[(k, k) for k in "nplrdhfe"],
    ("right_square_bracket", "]"),
    ("left_square_bracket", "["),
    ("equals_sign", "="),
    ("minus", "-"),
    ("greater_than_sign", ">"),
    ("less_than_sign", "<"),
    ("space", " "),
    ("tab", None),
    *[(str(k), str(k)) for k in range(10)],
    ("full_stop", "."),
    ("enter", None),
    ("escape", None),
    ("up", None),
    ("down", None),
    ("pageup", None),
    ("pagedown", None),
    ("ctrl+p", None),
    ("ctrl+t", None),
    ("question_mark", "?"),
    *[(k, k) for k in "goatx"],
]
OPENERS = [("ctrl+p", None), ("question_mark", "?"), ("l", "l"), ("e", "e")]
SCREENS = {TutorScreen, CommandPalette, HelpScreen, LessonListScreen, LabForm}


def screen_kind(app) -> type:
    return next((kind for kind in SCREENS if isinstance(app.screen, kind)), type(app.screen))


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_the_app_survives_mashing_and_still_answers_help_and_quit(seed, tmp_path) -> None:
    rng = random.Random(seed)
    app = build_app(lang="en", lessons_dir=PACK, progress=tmp_path / "p.json", test_mode=True)
    seen: set[type] = set()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for i in range(40):  # bursts of one to six keys, each burst then handled
            if i % 10 == 0:  # every screen gets its share: open the next one first
                for key, char in [("escape", None)] * 3:
                    send_key(app, key, char)
                await pilot.pause()  # (ctrl+p, a priority key, would overtake them)
                send_key(app, *OPENERS[i // 10 % len(OPENERS)])
                await pilot.pause()
                seen.add(screen_kind(app))
            burst = [rng.choice(OPENERS if rng.random() < 0.15 else KEYS)]
            burst += [rng.choice(KEYS) for _ in range(rng.randrange(6))]
            for key, char in burst:
                send_key(app, key, char)
            await pilot.pause()
            assert app.is_running, f"seed {seed}: the app stopped after {burst}"
            seen.add(screen_kind(app))
        for _ in range(6):  # back to the lesson: Escape closes what is open
            focused = app.focused.id if app.focused is not None else None
            if isinstance(app.screen, TutorScreen) and focused == "lesson-scroll":
                break
            await pilot.press("escape")
        assert isinstance(app.screen, TutorScreen), app.screen
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("q")
        await pilot.pause()
    assert not app.is_running and app.return_code == 0
    assert app._exception is None
    assert seen >= SCREENS, seen  # the keys went through every screen

"""Shared helpers for the app's Pilot and snapshot tests: a fixture lesson pack, text probes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.screens import FIXTURES, PACK, screen_text
from tui_tutor.app import build_app

__all__ = ["BROKEN", "PACK", "make_app", "notes", "plain", "run_command", "screen_text", "settle"]

BROKEN = FIXTURES / "broken"


def plain(widget: Any) -> str:
    """The text a Static-like widget shows (Rich Text or str content)."""
    content = getattr(widget, "content", "")
    return getattr(content, "plain", None) or str(content)


async def settle(pilot: Any, cond: Any, tries: int = 500) -> None:
    """Let the app work (``pilot.pause``: until it is idle) until ``cond()`` holds."""
    for _ in range(tries):
        if cond():
            return
        await pilot.pause()
    assert cond(), "the app settled without it"


async def run_command(pilot: Any, app: Any, query: str, expect: str | None = None) -> None:
    """Type ``query`` in the command palette and run the command it finds first.

    Waits until the palette lists a command whose text holds ``expect`` (default: the
    query), then presses Enter and waits until the palette is gone.
    """
    from textual.command import CommandList, CommandPalette

    want = (expect or query).lower()

    def found() -> bool:
        screen = app.screen
        if not isinstance(screen, CommandPalette):
            return False
        commands = screen.query_one(CommandList)
        if not commands.option_count:
            return False
        return want in str(commands.get_option_at_index(0).prompt).lower()

    await pilot.press("ctrl+p", *query)
    await settle(pilot, found)
    await pilot.press("enter")
    await settle(pilot, lambda: not isinstance(app.screen, CommandPalette))
    await pilot.pause()


def notes(app: Any) -> list[str]:
    """Every notification message the app raised so far."""
    return [n.message for n in app._notifications]


@pytest.fixture
def make_app(tmp_path: Path):
    """build_app on the fixture pack in test mode, progress in a temporary file."""

    def make(**kw: Any):
        kw.setdefault("lessons_dir", PACK)
        kw.setdefault("progress", tmp_path / "progress.json")
        kw.setdefault("lang", "en")
        return build_app(test_mode=True, **kw)

    return make

"""Shared helpers for the app's Pilot and snapshot tests: a fixture lesson pack, text probes."""

from __future__ import annotations

import asyncio
import inspect
import io
from pathlib import Path
from typing import Any

import pytest

from tui_tutor.app import build_app

FIXTURES = Path(__file__).parent / "fixtures"
PACK = FIXTURES / "pack"
BROKEN = FIXTURES / "broken"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests with asyncio.run (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def plain(widget: Any) -> str:
    """The text a Static-like widget shows (Rich Text or str content)."""
    content = getattr(widget, "content", "")
    return getattr(content, "plain", None) or str(content)


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text (as in `App.export_screenshot`)."""
    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


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

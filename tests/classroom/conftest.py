"""Helpers of the class tests: a class folder with a roster, the fixture lesson pack."""

from __future__ import annotations

import asyncio
import inspect
import io
from pathlib import Path
from typing import Any

import pytest

from tui_tutor.classroom.folder import init_class

PACK = Path(__file__).parent.parent / "app" / "fixtures" / "pack"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests with asyncio.run (no async plugin needed)."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


def screen_text(app: Any) -> str:
    """What the terminal shows now, as plain text."""
    from rich.console import Console

    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), record=True)
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def make_class(root: Path, names: tuple[str, ...] = ("alice", "bob")) -> Path:
    """A class folder at ``root`` whose roster holds ``names`` ."""
    folder = init_class(root, host_key=False)
    for name in names:
        folder.add_learner(name, password="pw-" + name)
    return root


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """A class folder with alice and bob on its roster."""
    return make_class(tmp_path / "class")

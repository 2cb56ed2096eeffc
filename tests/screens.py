"""What the app tests and the class tests both read: the fixture lesson pack and the
terminal's text."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "app" / "fixtures"
PACK = FIXTURES / "pack"


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

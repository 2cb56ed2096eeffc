"""What the lab benchmarks share: a host app for one LabPanel (not in test mode: the real
throttle and paint handshake), real key events, and the clock helpers.

Used by bench_app_keys.py and bench_app_lab.py (run from the checkout: they put it on
``sys.path`` before importing this).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult

from tui_tutor import ml
from tui_tutor.app.lab import LabKeys, LabPanel


class LabScreen(LabKeys):
    """Any screen gets the lab keys by deriving from LabKeys."""

    def __init__(self, panel: LabPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel


class LabApp(App):
    """One LabPanel with ``views``, on its own screen."""

    def __init__(self, config: ml.LabConfig, views: list[str]) -> None:
        super().__init__()
        self.panel = LabPanel(config, views=views)

    def on_mount(self) -> None:
        self.push_screen(LabScreen(self.panel))


def send(app: App, key: str, char: str | None) -> None:
    """A real key event through the driver (``pilot.press`` waits for an idle CPU)."""
    app._driver.send_message(events.Key(key, char))


async def until(cond: Callable[[], object], timeout: float = 5.0) -> float:
    """Poll ``cond`` every millisecond (a benchmark's clock, not a test's wait); return
    the time it became true."""
    end = time.perf_counter() + timeout
    while not cond():
        if time.perf_counter() > end:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.001)
    return time.perf_counter()


async def painted(app: App) -> float:
    """The time the screen has been refreshed after everything queued so far."""
    done = asyncio.get_running_loop().create_future()
    app.screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return await done


def pct(xs: list[float], q: float) -> float:
    """The ``q`` quantile (0 to 1) of ``xs``, nearest rank."""
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]

"""A tiny host app for one LabPanel, and a way to wait on what the panel does (no sleeps)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui_tutor import ml
from tui_tutor.app.lab import LabKeys, LabPanel
from tui_tutor.app.lab.plot import LabPlot

SMALL = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 80, "noise": 0.2, "flip": 0.05, "layers": [6, 3], "epochs": 60}
)
LONG = SMALL.with_changes(m=200, layers=[8], epochs=200000)
GUARD_S = 60.0  # only against a hang: every wait below ends on an event


class LabScreen(LabKeys):
    """Any screen gets the lab keys by deriving from LabKeys."""

    def __init__(self, panel: LabPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel


class LabApp(App):
    """Hosts one LabPanel and records the messages it posts.

    ``until(cond)`` waits until ``cond()`` holds, checking it again after every change of
    the panel's rendering state (its reactives, a sweep's progress) and every message.
    """

    def __init__(self, config: ml.LabConfig = SMALL, **kw) -> None:
        super().__init__()
        kw.setdefault("test_mode", True)
        self.panel = LabPanel(config, **kw)
        self.finished: list[LabPanel.RunFinished] = []
        self.changed: list[LabPanel.ConfigChanged] = []
        self._event = asyncio.Event()
        sweeps = self.panel.sweeps
        on_change = sweeps._on_change

        def sweep_changed() -> None:
            on_change()
            self._event.set()

        sweeps._on_change = sweep_changed

    def on_mount(self) -> None:
        self.push_screen(LabScreen(self.panel))
        for name in ("status", "shown", "notice", "view", "config"):
            self.watch(self.panel, name, self._event.set, init=False)

    def on_lab_panel_run_finished(self, msg: LabPanel.RunFinished) -> None:
        self.finished.append(msg)
        self._event.set()

    def on_lab_panel_config_changed(self, msg: LabPanel.ConfigChanged) -> None:
        self.changed.append(msg)
        self._event.set()

    def signal(self) -> None:
        """Wake ``until`` (for a test's own hooks)."""
        self._event.set()

    async def until(self, cond: Callable[[], object], timeout: float = GUARD_S) -> None:
        """Wait until ``cond()`` is true; fail after ``timeout`` s (a hang, not a slow run)."""

        async def wait() -> None:
            while not cond():
                self._event.clear()
                await self._event.wait()

        await asyncio.wait_for(wait(), timeout)


def send_key(app: App, key: str, char: str | None = None) -> None:
    """A real key event, without pilot.press's wait for an idle CPU (training is busy)."""
    app._driver.send_message(events.Key(key, char))


def plot_text(lab: LabPanel) -> str:
    """The chart's first three lines (its title, when it has one)."""
    plot = lab.query_one(LabPlot)
    return "".join(plot.render_line(y).text for y in range(3))


def readout(app: LabApp) -> str:
    return str(app.panel.query_one("#lab-readout", Static).render())


def legend(lab: LabPanel) -> str:
    return str(lab.query_one("#lab-legend", Static).render())


def tabs(lab: LabPanel) -> str:
    return str(lab.query_one("#lab-tabs", Static).render())

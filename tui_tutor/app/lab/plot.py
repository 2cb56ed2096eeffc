"""The lab's chart: a plotext plot that a view paints, rebuilt only when its picture changes.

A view hands ``LabPlot.show`` a key saying what the picture shows and a ``paint``
function making the plotext calls. The plot paints and builds lazily, when it is
rendered, and only if the key, the size or the theme changed: ten snapshots a second of
a run cost nothing on a chart they do not change (a sweep's), and never more than one
build per screen refresh.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence

from rich.text import Text
from textual.app import RenderResult
from textual_plotext import PlotextPlot

__all__ = ["COLORS", "MARKERS_NO_COLOR", "LabPlot", "ymax"]

# One colour per line, shared by the charts and their legends (rgb, plotext accepts tuples).
COLORS: dict[str, tuple[int, int, int]] = {
    "train": (80, 160, 255),
    "dev": (255, 150, 50),
    "cost": (90, 200, 120),
    "penalty": (210, 110, 230),
    "w_norm": (220, 200, 80),
    "before": (115, 115, 115),
    "floor": (150, 150, 150),
    # -- (inside: the activations and weights views)
    "z": (80, 160, 255),
    "g": (90, 200, 120),
    "w_unit": (80, 160, 255),
    "w_peak": (255, 150, 50),
}

# Markers when colour is off (NO_COLOR): each line keeps its own glyph.
MARKERS_NO_COLOR: dict[str, str] = {  # letters name the line (ASCII: never double width)
    "train": "t",
    "dev": "d",
    "cost": "c",
    "penalty": "p",
    "w_norm": "w",
    "before": ":",
    "floor": "-",
    # -- (inside: the activations and weights views)
    "z": "#",
    "g": "g",
    "w_unit": "#",
    "w_peak": "x",
}


def _finite(xs: Sequence[float], ys: Sequence[float], scale: float = 1.0):
    """Pairs with a finite y (plotext cannot draw NaN or inf)."""
    out_x, out_y = [], []
    for x, y in zip(xs, ys, strict=False):
        if math.isfinite(y) and math.isfinite(x):
            out_x.append(x)
            out_y.append(y * scale)
    return out_x, out_y


def ymax(*series: Sequence[float], scale: float = 1.0, floor: float = 0.0) -> float:
    """The top of a y axis holding every finite value of ``series`` (times ``scale``)."""
    top = floor
    for s in series:
        for v in s:
            if math.isfinite(v):
                top = max(top, v * scale)
    return top * 1.05 if top > 0 else 1.0


class LabPlot(PlotextPlot):
    """A PlotextPlot that knows whether colour is off and draws nothing when tiny."""

    DEFAULT_CSS = """
    LabPlot { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Hashable = None
        self._paint: Callable[[LabPlot], None] | None = None
        self._painted: Hashable = object()  # the key whose picture plt holds now
        self._cached: tuple = ((), None)
        self.builds = 0  # how many times a picture was built (tests read it)

    @property
    def key(self) -> Hashable:
        """What the picture shows now (the key of the last ``show``)."""
        return self._key

    def show(self, key: Hashable, paint: Callable[[LabPlot], None]) -> None:
        """Show the picture ``paint`` makes; nothing happens when ``key`` is unchanged."""
        if key == self._key and self._paint is not None:
            return
        self._key, self._paint = key, paint
        self.refresh()

    def line(
        self,
        name: str,
        xs: Sequence[float],
        ys: Sequence[float],
        *,
        scale: float = 1.0,
        right: bool = False,
    ) -> None:
        """Plot one named line (colour and marker from ``COLORS``) if it has points."""
        x, y = _finite(xs, ys, scale)
        if not x:
            return
        if len(x) == 1:  # one point: draw a short flat segment so it shows
            x, y = [x[0], x[0] + 1e-9], [y[0], y[0]]
        kw: dict = {"yside": "right"} if right else {}
        if self.app.no_color:
            self.plt.plot(x, y, marker=MARKERS_NO_COLOR[name], **kw)
        else:
            self.plt.plot(x, y, color=COLORS[name], marker="braille", **kw)

    def hline(self, y: float, name: str) -> None:
        """A horizontal line at ``y`` in the colour of ``name`` (none when colour is off)."""
        self.plt.hline(y, COLORS[name] if not self.app.no_color else None)

    def vline(self, x: float, name: str) -> None:
        """A vertical line at ``x`` in the colour of ``name`` (none when colour is off)."""
        self.plt.vline(x, COLORS[name] if not self.app.no_color else None)

    def render(self) -> RenderResult:
        if self.size.width < 8 or self.size.height < 3:
            return Text("")
        if self._painted != self._key and self._paint is not None:
            plt = self.plt
            plt.clear_figure()
            plt.frame(True)
            self._paint(self)
            self._painted = self._key
        key = (self._key, self.size, self.app.theme, self.theme)
        if self._cached[0] != key:
            self._cached = (key, super().render())
            self.builds += 1
        return self._cached[1]

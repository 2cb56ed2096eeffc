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
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.message import Message
from textual_plotext import PlotextPlot

__all__ = ["COLORS", "MARKERS_NO_COLOR", "LabPlot", "nice_axis", "ymax"]

# Tick steps, times a power of ten: ticks fall at values a learner reads at a glance.
_STEPS = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0)
MIN_ROWS = 5
"""The fewest data rows a chart is drawn with (below that the lab says it needs room)."""

# One colour per line, shared by the charts and their legends (rgb, plotext accepts tuples).
COLORS: dict[str, tuple[int, int, int]] = {
    "train": (80, 160, 255),
    "dev": (255, 150, 50),
    "cost": (90, 200, 120),
    "penalty": (210, 110, 230),
    "w_norm": (220, 200, 80),
    "before": (115, 115, 115),
    "floor": (150, 150, 150),
    "thinned": (170, 225, 170),  # dropout: a thinned network's J, beside J (cost)
    "stop": (220, 60, 120),  # regmore: early stopping's best epoch
    # -- (inside: the activations and weights views)
    "z": (80, 160, 255),
    "g": (90, 200, 120),
    "w_unit": (80, 160, 255),
    "w_peak": (255, 150, 50),
    # gcheck: the derivative and gradcheck views
    "one_sided": (255, 150, 50),
    "two_sided": (80, 160, 255),
    "at_init": (150, 150, 150),
    "trained": (90, 200, 120),
    # norm: the surface view
    "contour": (120, 170, 255),
    "path": (255, 150, 50),
    "minimum": (90, 200, 120),
    # deep: the layers view
    "a_rms": (80, 160, 255),
    "dw_norm": (255, 150, 50),
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
    "thinned": "~",
    "stop": "|",
    # -- (inside: the activations and weights views)
    "z": "#",
    "g": "g",
    "w_unit": "#",
    "w_peak": "x",
    # gcheck: the derivative and gradcheck views
    "one_sided": "1",
    "two_sided": "2",
    "at_init": "i",
    "trained": "T",
    # norm: the surface view
    "contour": ".",
    "path": "*",
    "minimum": "+",
    # deep: the layers view
    "a_rms": "a",
    "dw_norm": "g",
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


def _nice_step(raw: float) -> float:
    """The smallest step of ``_STEPS`` x 10^k that is at least ``raw`` (> 0)."""
    power = 10.0 ** math.floor(math.log10(raw))
    for step in _STEPS:
        if step * power >= raw * (1 - 1e-9):
            return step * power
    return 10 * power


def nice_axis(top: float, rows: int) -> tuple[float, list[float]]:
    """(axis top, ticks from 0) for values 0..``top`` on ``rows`` character rows.

    Every tick is a round value (``_STEPS``); the lowest top wins, a tick count that
    puts every tick exactly on a row preferred (see the comments).
    """
    top = top if math.isfinite(top) and top > 0 else 1.0
    rows = max(2, rows)
    # Two intervals at least, a blank row between two labels preferred.
    # A count of intervals dividing rows - 1 puts every tick exactly on a row; another
    # count leaves a tick up to half a row off, so it must save a fifth of the height.
    best: tuple[float, float, list[float]] | None = None
    for n in range(2, rows) if rows > 2 else [1]:
        step = _nice_step(top / n)
        axis = step * n
        score = axis * (1.0 if (rows - 1) % n == 0 else 1.2)
        score *= 1.1 if n > max(2, (rows - 1) // 2) else 1.0  # labels on adjacent rows
        if best is None or score <= best[0] * (1 + 1e-9):  # a tie: more ticks
            ticks = [round(step * i, 12) for i in range(n + 1)]
            best = (score, ticks[-1], ticks)
    assert best is not None
    return best[1], best[2]


def _tick_label(value: float) -> str:
    return f"{value:.4g}"


class LabPlot(PlotextPlot):
    """A PlotextPlot that knows whether colour is off and draws nothing when tiny."""

    DEFAULT_CSS = """
    LabPlot { width: 1fr; height: 1fr; }
    """

    @dataclass
    class Retitled(Message):
        """The chart gained or lost its title row: ``min_height`` changed (a stacked lab
        makes room for it)."""

        plot: LabPlot

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._key: Hashable = None
        self._paint: Callable[[LabPlot], None] | None = None
        self._painted: Hashable = object()  # the key whose picture plt holds now
        self._cached: tuple = ((), None)
        self.builds = 0  # how many times a picture was built (tests read it)
        self._titles: tuple[str, ...] = ()  # the title and its shorter forms
        self._titled = False  # whether the last picture had a title row

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

    @property
    def rows(self) -> int:
        """The character rows the data gets (the plot's height less the x axis, its
        labels and a title)."""
        return max(0, self.size.height - self.chrome)

    @property
    def chrome(self) -> int:
        """The rows that are not data: the x axis and its labels, and the title's row."""
        return 2 + (1 if self._titles else 0)

    @property
    def min_height(self) -> int:
        """The height that gives the data ``MIN_ROWS`` rows under the current title."""
        return MIN_ROWS + 2 + (1 if self._titled else 0)

    def title(self, text: str, *shorter: str) -> None:
        """A title over the chart, one row: the first of ``text`` and its ``shorter``
        forms that fits the width, else the shortest cut with an ellipsis. The plot draws
        it itself (plotext dropped a title wider than the plot, and drew a frame line
        under it, a data row fewer on a short chart)."""
        self._titles = tuple(s for s in (text, *shorter) if s)

    def _title_line(self, width: int) -> Text:
        """The title's row: the first form that fits ``width`` cells, centred."""
        fits = [s for s in self._titles if cell_len(s) <= width]
        line = Text(fits[0] if fits else self._titles[-1], no_wrap=True, overflow="ellipsis")
        line.truncate(width, overflow="ellipsis")
        return Text(" " * max(0, (width - cell_len(line.plain)) // 2)) + line

    def yaxis(self, top: float, *, right: bool = False) -> None:
        """The y axis from 0 to a round top over ``top``, ticks at round values on rows."""
        axis, ticks = nice_axis(top, self.rows)
        side = "right" if right else "left"
        self.plt.ylim(0, axis, yside=side)
        self.plt.yticks(ticks, [_tick_label(v) for v in ticks], yside=side)

    def hline(self, y: float, name: str, x0: float = 0.0, x1: float = 1.0) -> None:
        """A horizontal line at ``y`` from ``x0`` to ``x1``, drawn like a series (braille:
        a quarter of a row's resolution; plotext's own hline snaps to whole rows, which
        put a 7.6% floor on the row of 15%)."""
        self.line(name, [x0, x1], [y, y])

    def vline(self, x: float, name: str) -> None:
        """A vertical line at ``x`` in the colour of ``name`` (none when colour is off)."""
        self.plt.vline(x, COLORS[name] if not self.app.no_color else None)

    def render(self) -> RenderResult:
        if self.size.width < 8 or self.size.height < 3:
            return Text("")
        painted = (self._key, self.size)  # the ticks depend on the rows there are
        if self._painted != painted and self._paint is not None:
            plt = self.plt
            plt.clear_figure()
            plt.frame(True)
            plt.xaxes(True, False)  # no top line: one more row for the data
            self._titles = ()
            self._paint(self)
            self._painted = painted
            if bool(self._titles) != self._titled:
                self._titled = bool(self._titles)
                self.post_message(self.Retitled(self))
        key = (self._key, self.size, self.app.theme, self.theme)
        if self._cached[0] != key:
            self._cached = (key, self._build())
            self.builds += 1
        return self._cached[1]

    def _build(self) -> Text:
        """The chart as text: the title's row (if any) over plotext's picture."""
        width, height = self.size.width, self.size.height - (1 if self._titles else 0)
        plt = self.plt
        plt.plotsize(width, height)
        plt._set_size(width, height)  # as PlotextPlot.render does (textual-plotext#5)
        plt.theme(self._get_plotext_theme_name(self.app.theme))
        chart = Text.from_ansi(plt.build())
        if not self._titles:
            return chart
        return Text("\n").join([self._title_line(width), chart])

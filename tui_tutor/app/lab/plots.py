"""What the lab draws: curve snapshots, the plotext charts, and the decision-boundary raster.

Data flows in one way: the training worker fills a ``CurveLog`` and posts downsampled
``Curves`` snapshots (tuples, never the live lists); the panel hands a snapshot to one of
the ``draw_*`` functions, which only talk to a plotext ``Plot``. ``BoundaryView`` paints
``ml.predict_proba`` on a grid of the standardized input space, one character cell per
grid point, with the train and dev points on top.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rich.style import Style
from rich.text import Text
from textual.app import RenderResult
from textual.widget import Widget
from textual_plotext import PlotextPlot

from tui_tutor import ml
from tui_tutor.i18n import t

__all__ = [
    "COLORS",
    "MARKERS_NO_COLOR",
    "POINT_FG",
    "REGION_BG",
    "BoundaryView",
    "CurveLog",
    "Curves",
    "LabPlot",
    "downsample",
    "draw_cost",
    "draw_curves",
    "draw_learning",
    "draw_validation",
    "fmt_lambd",
]

# One colour per line, shared by the charts and their legends (rgb, plotext accepts tuples).
COLORS: dict[str, tuple[int, int, int]] = {
    "train": (80, 160, 255),
    "dev": (255, 150, 50),
    "cost": (90, 200, 120),
    "penalty": (210, 110, 230),
    "w_norm": (220, 200, 80),
    "before": (115, 115, 115),
    "floor": (150, 150, 150),
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
}

MAX_POINTS = 300  # per line in a snapshot


@dataclass(frozen=True)
class Curves:
    """A snapshot of one run's curves: every field is a tuple of the same length.

    Errors are fractions; ``cost`` = ``data_cost`` + ``penalty``; ``w_norm_sq`` is
    Σ_l ‖W[l]‖²_F.
    """

    epoch: tuple[float, ...] = ()
    train_error: tuple[float, ...] = ()
    dev_error: tuple[float, ...] = ()
    cost: tuple[float, ...] = ()
    data_cost: tuple[float, ...] = ()
    penalty: tuple[float, ...] = ()
    w_norm_sq: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.epoch)


_FIELDS = ("epoch", "train_error", "dev_error", "cost", "data_cost", "penalty", "w_norm_sq")


def downsample(n: int, limit: int = MAX_POINTS) -> list[int]:
    """Indices of at most ``limit`` of ``n`` points, evenly spread, always with the last."""
    if n <= limit:
        return list(range(n))
    step = (n - 1) / (limit - 1)
    return sorted({round(i * step) for i in range(limit)} | {n - 1})


@dataclass
class CurveLog:
    """The worker's own growing record lists (never shared with the UI thread)."""

    cols: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in _FIELDS})

    def add(self, record: ml.Record) -> None:
        """Append one training record's numbers."""
        c = self.cols
        c["epoch"].append(float(record.epoch))
        for k in _FIELDS[1:]:
            c[k].append(float(getattr(record, k)))

    def snapshot(self, limit: int = MAX_POINTS) -> Curves:
        """A downsampled immutable copy (at most ``limit`` points per line)."""
        idx = downsample(len(self.cols["epoch"]), limit)
        return Curves(**{k: tuple(self.cols[k][i] for i in idx) for k in _FIELDS})


def fmt_lambd(v: float) -> str:
    """λ as the ladder writes it: 0, 0.001, 0.03, 1, 30, 0.7."""
    return "0" if v == 0 else f"{v:g}"


def _finite(xs: Sequence[float], ys: Sequence[float], scale: float = 1.0):
    """Pairs with a finite y (plotext cannot draw NaN or inf)."""
    out_x, out_y = [], []
    for x, y in zip(xs, ys, strict=False):
        if math.isfinite(y) and math.isfinite(x):
            out_x.append(x)
            out_y.append(y * scale)
    return out_x, out_y


class LabPlot(PlotextPlot):
    """A PlotextPlot that knows whether colour is off and draws nothing when tiny."""

    DEFAULT_CSS = """
    LabPlot { width: 1fr; height: 1fr; }
    """

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

    version = 0  # bumped by every draw_*; render rebuilds only when it or the size changes
    _cached: tuple = ((), None)

    def render(self) -> RenderResult:
        if self.size.width < 8 or self.size.height < 3:
            return Text("")
        key = (self.version, self.size, self.app.theme, self.theme)
        if self._cached[0] != key:
            self._cached = (key, super().render())
        return self._cached[1]


def _reset(plot: LabPlot) -> None:
    plot.version += 1
    plt = plot.plt
    plt.clear_figure()
    plt.frame(True)


def _ymax(*series: Sequence[float], scale: float = 1.0, floor: float = 0.0) -> float:
    top = floor
    for s in series:
        for v in s:
            if math.isfinite(v):
                top = max(top, v * scale)
    return top * 1.05 if top > 0 else 1.0


def draw_curves(
    plot: LabPlot, now: Curves, before: Curves | None, bayes: float, epochs: int
) -> None:
    """Train and dev error (%) and the cost J against epoch; ``before`` dimmed behind.

    The x axis always spans the whole run (0 .. ``epochs``), the error axis starts at 0.
    """
    _reset(plot)
    plot.plt.xlim(0, max(1, epochs))
    series = [now.train_error, now.dev_error]
    if before is not None:
        series += [before.train_error, before.dev_error]
    plot.plt.ylim(0, _ymax(*series, scale=100, floor=bayes * 100), yside="left")
    if before is not None and len(before):
        plot.line("before", before.epoch, before.train_error, scale=100)
        plot.line("before", before.epoch, before.dev_error, scale=100)
    if bayes > 0 and len(now):
        plot.plt.hline(bayes * 100, COLORS["floor"] if not plot.app.no_color else None)
    plot.line("train", now.epoch, now.train_error, scale=100)
    plot.line("dev", now.epoch, now.dev_error, scale=100)
    plot.line("cost", now.epoch, now.cost, right=True)
    plot.refresh()


def draw_cost(plot: LabPlot, now: Curves, before: Curves | None, epochs: int) -> None:
    """Data loss and λ penalty (left) and ‖W‖²_F (right) against epoch."""
    _reset(plot)
    plot.plt.xlim(0, max(1, epochs))
    if before is not None and len(before):
        plot.line("before", before.epoch, before.w_norm_sq, right=True)
        plot.line("before", before.epoch, before.data_cost)
    plot.line("cost", now.epoch, now.data_cost)
    plot.line("penalty", now.epoch, now.penalty)
    plot.line("w_norm", now.epoch, now.w_norm_sq, right=True)
    plot.refresh()


def draw_validation(
    plot: LabPlot, sweep: ml.SweepResult | None, current: float, title: str = ""
) -> None:
    """Train/dev error (%) against λ, one x position per ladder value (λ = 0 included).

    ``sweep.values``, ``train_error`` and ``dev_error`` are (k,) arrays; a vertical line
    marks the ``current`` λ; ``title`` alone is drawn while the sweep computes.
    """
    _reset(plot)
    if sweep is None:
        plot.plt.title(title)
        plot.refresh()
        return
    xs = list(range(len(sweep.values)))
    plot.line("train", xs, sweep.train_error.tolist(), scale=100)
    plot.line("dev", xs, sweep.dev_error.tolist(), scale=100)
    labels = [fmt_lambd(float(v)) for v in sweep.values]
    plot.plt.xticks(xs, labels)
    for i, v in enumerate(sweep.values):
        if math.isclose(float(v), current, rel_tol=1e-9, abs_tol=1e-12):
            plot.plt.vline(i, COLORS["before"] if not plot.app.no_color else None)
    if title:
        plot.plt.title(title)
    plot.refresh()


def draw_learning(
    plot: LabPlot, sweep: ml.SweepResult | None, bayes: float, title: str = ""
) -> None:
    """Train/dev error (%) against the number of training examples m (``sweep.values``),
    with the Bayes floor ``bayes`` (a fraction) as a line; ``title`` alone while computing."""
    _reset(plot)
    if sweep is None:
        plot.plt.title(title)
        plot.refresh()
        return
    xs = [float(v) for v in sweep.values]
    if bayes > 0:
        plot.plt.hline(bayes * 100, COLORS["floor"] if not plot.app.no_color else None)
    plot.line("train", xs, sweep.train_error.tolist(), scale=100)
    plot.line("dev", xs, sweep.dev_error.tolist(), scale=100)
    if title:
        plot.plt.title(title)
    plot.refresh()


# -- decision boundary ---------------------------------------------------------------
REGION_BG = {  # (class, confident) -> background
    (1, True): "#005f87",  # exact xterm-256 colours, so 256-colour terminals keep them
    (1, False): "#005f5f",
    (0, True): "#870000",
    (0, False): "#5f0000",
}
POINT_FG = {  # (set, class) -> glyph colour; dev points share one colour, o and x tell them apart
    ("train", 1): "#afd7ff",
    ("train", 0): "#ffafaf",
    ("dev", 1): "#ffd75f",
    ("dev", 0): "#ffd75f",
}
_BEFORE_FG = "#9e9e9e"
_GLYPH = {0: "o", 1: "x"}


def _cell_styles(fg_names: list[str | None], no_color: bool) -> dict[int, Style]:
    """Style for every cell code: region (0-3: class * 2 + confident) + 4 * foreground."""
    out = {}
    for i, name in enumerate(fg_names):
        for region in range(4):
            cls, confident = divmod(region, 2)
            point = name is not None and name != _BEFORE_FG
            if no_color:
                out[region + 4 * i] = Style(bold=point)
            else:
                bg = REGION_BG[cls, bool(confident)]
                out[region + 4 * i] = Style(color=name, bgcolor=bg, bold=point)
    return out


class BoundaryView(Widget):
    """The predicted regions of the current weights with the train and dev points on top.

    ``show(params, activation, data, before)`` sets what to draw: ``params`` the weights
    ({"W1": (n1, 2), "b1": (n1, 1), ...}), ``data`` the ``ml.Splits`` whose X_train
    (2, m_train) and X_dev (2, m_dev), standardized, with Y (1, m) labels, are the points;
    ``before`` the previous run's (params, activation), whose boundary is traced as dim
    dots. The grid is recomputed only when the params or the size change.
    """

    DEFAULT_CSS = """
    BoundaryView { width: 1fr; height: 1fr; }
    """

    def __init__(self, *, lang: str = "en", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._params: dict | None = None
        self._before: dict | None = None
        self._activation = "relu"
        self._before_activation = "relu"
        self._points: tuple[np.ndarray, ...] | None = None
        self._cache: tuple | None = None

    def show(
        self,
        params: dict | None,
        activation: str,
        data: ml.Splits | None,
        before: tuple[dict, str] | None = None,
    ) -> None:
        """Draw ``params`` over ``data``'s train and dev sets (and ``before``'s boundary)."""
        self._params = params
        self._activation = activation
        if before is None:
            self._before = None
        else:
            self._before, self._before_activation = before
        if data is not None:
            self._points = (data.X_train, data.Y_train, data.X_dev, data.Y_dev)
        self._cache = None
        self.refresh()

    def _bounds(self) -> tuple[float, float, float, float]:
        if self._points is None:
            return -2.5, 2.5, -2.5, 2.5
        X = np.concatenate([self._points[0], self._points[2]], axis=1)
        if X.size == 0:
            return -2.5, 2.5, -2.5, 2.5
        lo, hi = np.nanmin(X, axis=1), np.nanmax(X, axis=1)
        pad = 0.08 * (hi - lo) + 1e-6
        return (
            float(lo[0] - pad[0]),
            float(hi[0] + pad[0]),
            float(lo[1] - pad[1]),
            float(hi[1] + pad[1]),
        )

    def _grid(self, w: int, h: int, params: dict, activation: str) -> np.ndarray:
        """ŷ on the cell centres, shape (h, w); row 0 is the top (largest x2)."""
        x0, x1, y0, y1 = self._bounds()
        gx = x0 + (np.arange(w) + 0.5) / w * (x1 - x0)
        gy = y1 - (np.arange(h) + 0.5) / h * (y1 - y0)
        XX, YY = np.meshgrid(gx, gy)
        G = np.vstack([XX.ravel(), YY.ravel()])
        p = ml.predict_proba(params, G, activation).reshape(h, w)
        return np.nan_to_num(p, nan=0.5)

    def render(self) -> RenderResult:
        w, gh = self.size.width, self.size.height
        if w < 4 or gh < 2 or self._params is None:
            return Text(t("waiting", self.lang) if self._params is None else "")
        key = (w, gh, id(self._params), id(self._before))
        if self._cache is None or self._cache[0] != key:
            p = self._grid(w, gh, self._params, self._activation)
            before = None
            if self._before is not None:
                bp = self._grid(w, gh, self._before, self._before_activation) > 0.5
                edge = np.zeros_like(bp)
                edge[:, :-1] |= bp[:, :-1] != bp[:, 1:]
                edge[:-1, :] |= bp[:-1, :] != bp[1:, :]
                before = edge
            self._cache = (key, p, before)
        _, p, before = self._cache
        no_color = self.app.no_color
        chars = np.full((gh, w), " ", dtype="<U1")
        if no_color:
            chars[p > 0.5] = "."
        fg: dict[tuple[int, int], str] = {}
        if before is not None:
            chars[before] = "·" if not no_color else ":"
            for r, c in zip(*np.nonzero(before), strict=True):
                fg[r, c] = _BEFORE_FG
        if self._points is not None:
            x0, x1, y0, y1 = self._bounds()
            for kind, X, Y in (
                ("train", self._points[0], self._points[1]),
                ("dev", self._points[2], self._points[3]),
            ):
                if X.size == 0:
                    continue
                cols = np.clip(((X[0] - x0) / (x1 - x0) * w).astype(int), 0, w - 1)
                rows = np.clip(((y1 - X[1]) / (y1 - y0) * gh).astype(int), 0, gh - 1)
                for r, c, y in zip(rows, cols, Y[0], strict=True):
                    cls = int(y > 0.5)
                    glyph = _GLYPH[cls]
                    chars[r, c] = glyph.upper() if no_color and kind == "dev" else glyph
                    fg[r, c] = POINT_FG[kind, cls]
        # Each cell's look as one small int: region (0-3) + 4 * foreground index, so runs
        # of equal cells become one Text span (a few dozen per row instead of one per cell).
        region = (p > 0.5).astype(int) * 2 + (np.abs(p - 0.5) > 0.25)
        fg_names = [None, *sorted(set(fg.values()))]
        fg_index = {name: i for i, name in enumerate(fg_names)}
        code = region.copy()
        for (r, c), name in fg.items():
            code[r, c] += 4 * fg_index[name]
        styles = _cell_styles(fg_names, no_color)
        text = Text(no_wrap=True, overflow="crop")
        for r in range(gh):
            row_codes = code[r].tolist()
            row_chars = chars[r].tolist()
            start = 0
            for c in range(1, w + 1):
                if c == w or row_codes[c] != row_codes[start]:
                    text.append("".join(row_chars[start:c]), styles[row_codes[start]])
                    start = c
            if r < gh - 1:
                text.append("\n")
        return text

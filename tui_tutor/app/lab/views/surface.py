"""The surface view: contour lines of J(w1, w2) and gradient descent's path on them.

The model is ``ml.surface``'s two-weight logistic regression (no bias) on the lab's
training inputs as the network sees them. ``ml.lab_surface`` (computed, cached and
stopped like a sweep: kind "surface") gives the J grid's contour segments, the path at
the lab's α and ``lr_max`` with ``normalize`` on and off. Both axes have one scale (a
character cell is about twice as tall as it is wide), so round contours look round and
an elongated bowl looks elongated. Segments are drawn as braille dots sampled along
them (plotext has no contour plot); the path is a line from the start to its end.
"""

from __future__ import annotations

import math

import numpy as np
from rich.style import Style
from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t

from ..plot import COLORS, MARKERS_NO_COLOR, LabPlot
from .base import Frame, View, chip, legend_text, sweep_title

__all__ = ["SurfaceView", "sample_segments"]

CELL_ASPECT = 2.0  # a terminal cell is about twice as tall as it is wide
Y_LABELS = 8  # the columns plotext's y tick labels and frame take (about)
VERTICES = 40  # the path's first steps get a dot each (the zig-zag shows in them)


def sample_segments(
    segments: np.ndarray, window: tuple[float, float, float, float], cols: int, rows: int
) -> tuple[list[float], list[float]]:
    """Points along ``segments`` (n, 2, 2) about one braille dot apart on a chart of
    ``cols`` x ``rows`` cells showing ``window`` (x0, x1, y0, y1); only those inside."""
    if not len(segments):
        return [], []
    x0, x1, y0, y1 = window
    px = (x1 - x0) / max(1, 2 * cols)  # a braille dot: 2 across, 4 down per cell
    py = (y1 - y0) / max(1, 4 * rows)
    d = segments[:, 1, :] - segments[:, 0, :]
    dots = np.ceil(np.hypot(d[:, 0] / px, d[:, 1] / py)).astype(int) + 1
    n = int(min(dots.max(), 64))
    s = np.linspace(0.0, 1.0, n)
    pts = segments[:, None, 0, :] + s[None, :, None] * d[:, None, :]  # (n_seg, n, 2)
    pts = pts.reshape(-1, 2)
    inside = (pts[:, 0] >= x0) & (pts[:, 0] <= x1) & (pts[:, 1] >= y0) & (pts[:, 1] <= y1)
    pts = pts[inside]
    return pts[:, 0].tolist(), pts[:, 1].tolist()


def outcome(path: ml.surface.Path, lang: str) -> str:
    """What the path did, in words: reached J* in n steps, J rose, diverged, slow."""
    steps = len(path.J) - 1
    return t(f"sf.outcome.{path.outcome}", lang, n=path.steps_to, steps=steps)


def headline(result: ml.LabSurface, lang: str) -> str:
    """The chart's title: the contours' elongation and what α did."""
    s = result.surface
    ratio = ml.format_value("contour_ratio", s.ratio) if math.isfinite(s.ratio) else "∞"
    lr = ml.format_number(s.path.lr)
    return t("sf.title", lang, ratio=ratio, lr=lr, outcome=outcome(s.path, lang))


class SurfaceView(View):
    """J's contours over (w1, w2) with the descent path; lr_max normalized and not."""

    name = "surface"
    sweep = "surface"
    extras = ("surface",)  # the run's final metrics carry lr_max and contour_ratio

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        result, lang, nc = frame.sweep, frame.lang, frame.no_color
        title = sweep_title(frame, self.name)

        def paint(plot: LabPlot) -> None:
            if not isinstance(result, ml.LabSurface):
                plot.title(title)
                return
            plot.title(headline(result, lang))
            s = result.surface
            cols = max(10, plot.size.width - Y_LABELS)
            rows = max(3, plot.rows)
            window = s.window(cols / (CELL_ASPECT * rows))
            x0, x1, y0, y1 = window
            for level, segments in enumerate(s.segments):
                xs, ys = sample_segments(segments, window, cols, rows)
                if not xs:
                    continue
                if nc:
                    plot.plt.scatter(xs, ys, marker=MARKERS_NO_COLOR["contour"])
                else:
                    shade = 1.0 - 0.55 * level / max(1, len(s.segments) - 1)
                    colour = tuple(int(c * shade) for c in COLORS["contour"])
                    plot.plt.scatter(xs, ys, marker="braille", color=colour)
            w = s.path.w
            keep = (w[:, 0] >= x0) & (w[:, 0] <= x1) & (w[:, 1] >= y0) & (w[:, 1] <= y1)
            inside = w[: int(np.argmin(keep)) if not keep.all() else len(w)]
            if len(inside) > 1:
                plot.line("path", inside[:, 0].tolist(), inside[:, 1].tolist())
                steps = inside[1:VERTICES]  # a dot at each of the first steps
                dot = {"marker": "*"} if nc else {"marker": "•", "color": COLORS["path"]}
                plot.plt.scatter(steps[:, 0].tolist(), steps[:, 1].tolist(), **dot)
            marker = {"marker": "o"} if nc else {"marker": "●", "color": COLORS["path"]}
            plot.plt.scatter([float(w[0, 0])], [float(w[0, 1])], **marker)
            if s.w_min is not None:
                star = {"marker": "+"} if nc else {"marker": "+", "color": COLORS["minimum"]}
                plot.plt.scatter([float(s.w_min[0])], [float(s.w_min[1])], **star)
            plot.plt.xlim(x0, x1)
            plot.plt.ylim(y0, y1)

        canvas.show((self.name, frame.sweep_key, result is not None, title, lang), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        result = frame.sweep
        chip(out, "contour", t("legend.contours", lang), nc)
        chip(out, "path", t("legend.descent", lang), nc)
        if isinstance(result, ml.LabSurface):
            on = ml.format_value("lr_max", result.lr_max_on)
            off = ml.format_value("lr_max", result.lr_max_off)
            key = "sf.lr_max_on" if result.normalize else "sf.lr_max_off"
            out.append(t(key, lang, on=on, off=off), Style(bold=True))
        return out

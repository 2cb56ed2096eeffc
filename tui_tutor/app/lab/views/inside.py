"""What the two views that look inside a hidden layer share: the layer the learner picked
(key z), bars and points on the chart, the legend's layer item."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

from tui_tutor.i18n import t
from tui_tutor.ml.model import n_layers

from ..plot import COLORS, MARKERS_NO_COLOR, LabPlot
from .base import Frame

__all__ = ["bars", "extra_value", "layer_item", "points", "shown_layer"]


def shown_layer(frame: Frame, params: dict | None) -> tuple[int, int]:
    """(l, n): the hidden layer to show (1..n) and how many hidden layers ``params`` have.

    The learner's choice (``frame.layer``) is clamped to the run's layers (a layer may
    have been removed since); (0, 0) for logistic regression or before any weights.
    """
    if not params:
        return 0, 0
    n = n_layers(params) - 1
    return (min(max(1, frame.layer), n), n) if n > 0 else (0, 0)


def extra_value(frame: Frame, name: str, l: int) -> float:
    """Layer ``l``'s value of the extra ``name`` in the shown record (NaN if absent)."""
    values = frame.run.extras.get(name, ())
    return values[l - 1] if 0 < l <= len(values) else math.nan


def layer_item(out: Text, frame: Frame, l: int, n: int) -> None:
    """The legend's first item: "layer 1/2 (z)"."""
    out.append(t("legend.layer", frame.lang, l=l, n=n) + "  ")


def bars(plot: LabPlot, name: str, xs: Sequence[float], ys: Sequence[float], width: float) -> None:
    """Bars of height ``ys`` at ``xs`` (a letter-free ``#`` fill when colour is off)."""
    if not xs:
        return
    if plot.app.no_color:
        plot.plt.bar(list(xs), list(ys), width=width, marker=MARKERS_NO_COLOR[name])
    else:
        plot.plt.bar(list(xs), list(ys), width=width, color=COLORS[name])


def points(plot: LabPlot, name: str, xs: Sequence[float], ys: Sequence[float]) -> None:
    """One marker per point (the line's letter when colour is off), finite points only."""
    pairs = [(x, y) for x, y in zip(xs, ys, strict=True) if math.isfinite(y)]
    if not pairs:
        return
    px, py = [p[0] for p in pairs], [p[1] for p in pairs]
    if plot.app.no_color:
        plot.plt.scatter(px, py, marker=MARKERS_NO_COLOR[name])
    else:
        plot.plt.scatter(px, py, color=COLORS[name], marker="x")

"""The activations view: where a hidden layer's z values sit on the activation curve.

A histogram of z[l] (every unit of hidden layer l on every training example, the share in
each bin, left axis), the activation g(z) drawn over it (right axis) and the near-linear
region |z| < 0.5 marked on the z axis (``ml.extras.LINEAR_Z``). Large λ squeezes the
histogram into that region: tanh then works as a straight line and the layer is nearly
linear. The previous run's histogram is traced behind (its weights on this data).
"""

from __future__ import annotations

import math

import numpy as np
from rich.text import Text

from tui_tutor.i18n import t
from tui_tutor.ml.extras import LINEAR_Z, layer_values
from tui_tutor.ml.layers import activation_of

from ..plot import LabPlot
from .base import Frame, View, before_chip, chip, legend_text
from .inside import bars, extra_value, layer_item, shown_layer

__all__ = ["ActivationsView", "z_histogram"]

BINS = 24  # bars across the z axis: wide enough at 80 columns, fine enough to show a shape
MIN_RANGE = 2.0  # the z axis spans at least -2..2, so ±0.5 is a visible band
MAX_RANGE = 1e6  # a diverged run's z beyond this land in the end bins


def layer_z(params: dict, X: np.ndarray, activation: str, l: int) -> np.ndarray:
    """Z[l] (n[l], m) of the weights ``params`` on the inputs ``X`` (n_x, m), flattened,
    finite values only."""
    with np.errstate(all="ignore"):
        Z = layer_values(params, X, activation)[l - 1].Z.ravel()
    return Z[np.isfinite(Z)]


def z_range(*zs: np.ndarray) -> float:
    """R of the axis -R..R: the 99th percentile of |z| over ``zs``, at least ``MIN_RANGE``,
    rounded up to a half (so a run's axis does not creep at every snapshot)."""
    top = max((float(np.percentile(np.abs(z), 99)) for z in zs if z.size), default=0.0)
    return max(MIN_RANGE, math.ceil(2 * min(top, MAX_RANGE)) / 2)


def z_histogram(z: np.ndarray, R: float, bins: int = BINS) -> tuple[np.ndarray, np.ndarray]:
    """(centres (bins,), share in % (bins,)) of ``z`` on -R..R, values beyond in the end bins."""
    counts, edges = np.histogram(np.clip(z, -R, R), bins, range=(-R, R))
    share = 100.0 * counts / max(1, z.size)
    return (edges[:-1] + edges[1:]) / 2, share


class ActivationsView(View):
    """The z values of the chosen hidden layer (key z) against the activation curve."""

    name = "activations"
    extras = ("linear_share_layers", "z_abs_p90_layers")

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        run, before = frame.run, frame.before
        params, data, act = run.params, run.data, run.config.activation
        l, n = shown_layer(frame, params)
        lang = frame.lang

        def paint(plot: LabPlot) -> None:
            plt = plot.plt
            if not n or data is None or params is None:
                plot.title(t("inside.no_hidden" if params else "inside.waiting", lang))
                return
            z = layer_z(params, data.X_train, act, l)
            old = None
            if before is not None and before.params and shown_layer(frame, before.params)[1] >= l:
                old = layer_z(before.params, data.X_train, before.activation, l)
            R = z_range(z, *([old] if old is not None else []))
            centres, share = z_histogram(z, R)
            bars(plot, "z", centres.tolist(), share.tolist(), width=0.8)
            if old is not None and old.size:
                plot.line("before", centres.tolist(), z_histogram(old, R)[1].tolist())
            xs = np.linspace(-R, R, 81)
            gs = activation_of(act).forward(xs)[0]
            plot.line("g", xs.tolist(), gs.tolist(), right=True)
            low, high = float(gs.min()), float(gs.max())
            pad = 0.05 * (high - low) or 1.0
            plt.ylim(low - pad, high + pad, yside="right")
            for edge in (-LINEAR_Z, LINEAR_Z):  # the near-linear band, over the bars
                plot.vline(edge, "floor")
            plt.xlim(-R, R)
            ticks = z_ticks(R)
            plt.xticks(ticks, [_tick(v) for v in ticks])
            plt.ylim(0, max(1.0, float(share.max()) * 1.1), yside="left")

        key = (self.name, run.run_id, run.epoch, id(params), l, id(before), frame.no_color)
        canvas.show(key, paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        l, n = shown_layer(frame, frame.run.params)
        if not n:
            return out
        layer_item(out, frame, l, n)
        share = extra_value(frame, "linear_share_layers", l)
        p90 = extra_value(frame, "z_abs_p90_layers", l)
        if math.isfinite(share):
            out.append(t("legend.linear_share", lang, share=f"{100 * share:.0f}%") + "  ")
        if math.isfinite(p90):
            out.append(t("legend.z_p90", lang, p90=f"{p90:.2f}") + "  ")
        chip(out, "z", t("legend.z_hist", lang), nc)
        chip(out, "g", t("legend.g", lang, g=frame.run.config.activation), nc)
        before_chip(out, frame)
        return out


def z_ticks(R: float) -> list[float]:
    """The z axis's ticks on -R..R: ±0.5 (the linear band's edges) and at most ten round
    values, a step of 1, 2 or 5 times a power of ten (a diverged run's huge z stays a
    few ticks, never a list as long as its range)."""
    power = 10.0 ** max(0, math.floor(math.log10(max(R, 1.0) / 5)))
    step = next(f * power for f in (1, 2, 5, 10) if R / (f * power) <= 5)
    k = int(R // step)
    return sorted({-LINEAR_Z, LINEAR_Z} | {i * step for i in range(-k, k + 1) if i})


def _tick(v: float) -> str:
    return f"{v:+g}" if abs(v) == LINEAR_Z else f"{v:g}"

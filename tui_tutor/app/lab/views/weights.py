"""The weights view: how big each unit's incoming weights are, in the chosen hidden layer.

One bar per unit of hidden layer l (key z): its incoming ‖w‖₂ (the row W[l]_i,:), the
units in order of size; a marker at its largest |w|. L2 shrinks every bar; a unit that
leans on one input has its marker near the top of its bar, one whose weight is spread
over its inputs (what dropout encourages) has it well below. The previous run's bars are
traced behind as a dim line.
"""

from __future__ import annotations

import math

import numpy as np
from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t
from tui_tutor.ml.extras import unit_weights

from ..plot import LabPlot, ymax
from .base import Frame, View, before_chip, chip, legend_text
from .inside import bars, extra_value, layer_item, points, shown_layer

__all__ = ["WeightsView"]


def _sorted_units(params: dict, l: int) -> tuple[np.ndarray, np.ndarray]:
    """Layer ``l``'s units as (‖w‖, max |w|), both (n[l],), the largest ‖w‖ first."""
    norms, peaks = unit_weights(params, l)
    order = np.argsort(-np.nan_to_num(norms, nan=-1.0), kind="stable")
    return norms[order], peaks[order]


class WeightsView(View):
    """Per-unit incoming weight sizes of the chosen hidden layer."""

    name = "weights"
    extras = ("w_norm_sq_layers", "w_max_layers")

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        run, before = frame.run, frame.before
        params = run.params
        l, n = shown_layer(frame, params)
        lang = frame.lang

        def paint(plot: LabPlot) -> None:
            if not n or params is None:
                plot.title(t("inside.no_hidden" if params else "inside.waiting", lang))
                return
            norms, peaks = _sorted_units(params, l)
            xs = list(range(1, len(norms) + 1))
            series = [norms.tolist(), peaks.tolist()]
            old = None
            if before is not None and before.params and shown_layer(frame, before.params)[1] >= l:
                old = _sorted_units(before.params, l)[0].tolist()
                series.append(old)
            plot.plt.ylim(0, ymax(*series), yside="left")
            plot.plt.xlim(0.4, len(norms) + 0.6)
            bars(plot, "w_unit", xs, [v if math.isfinite(v) else 0.0 for v in norms], 0.6)
            points(plot, "w_peak", xs, peaks.tolist())
            if old is not None:
                plot.line("before", list(range(1, len(old) + 1)), old)
            step = max(1, math.ceil(len(xs) / 20))  # at most about 20 tick labels
            plot.plt.xticks(xs[::step], [str(x) for x in xs[::step]])

        key = (self.name, run.run_id, run.epoch, id(params), l, id(before))
        canvas.show(key, paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        l, n = shown_layer(frame, frame.run.params)
        if not n:
            return out
        layer_item(out, frame, l, n)
        chip(out, "w_unit", t("legend.w_unit", lang), nc)
        chip(out, "w_peak", t("legend.w_peak", lang), nc)
        norm_sq = extra_value(frame, "w_norm_sq_layers", l)
        if math.isfinite(norm_sq):
            value = ml.format_value("w_norm_sq", norm_sq)
            out.append(t("legend.w_layer", lang, l=l, value=value) + "  ")
        w_max = extra_value(frame, "w_max_layers", l)
        if math.isfinite(w_max):
            out.append(t("legend.w_max", lang, value=f"{w_max:.2f}") + "  ")
        before_chip(out, frame)
        return out

"""The layers view: how big the activations and the gradients are, layer by layer.

One point per layer l = 1..L on a log10 axis (drawn as plain numbers with 1e-n ticks),
joined into two lines: the RMS of a[l] over units and training examples (layer L: the
logits) and ‖dW[l]‖_F, both from the shown record (``ml.deep.layer_norms``); a value of
0 has no place on a log axis and is left out. A deep linear net with W = 1.5·I makes the
first line a straight climb of log10(1.5) a layer, 0.5·I a straight fall, and puts every
‖dW[l]‖ at s^(L-1); He or Xavier keep both level. When the chart has fewer columns than
layers, every k-th layer is drawn and the title says so.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

from tui_tutor.i18n import t
from tui_tutor.ml.deep import growth

from ..plot import LabPlot
from .base import Frame, View, chip, legend_text

__all__ = ["LayersView", "decade_ticks", "sampled"]

_Y_LABELS = 7  # columns the y tick labels take ("1e-12 ")


def sampled(L: int, columns: int) -> int:
    """The step k between drawn layers: 1 while the L layers fit in ``columns``, else
    the smallest k with ⌈L / k⌉ <= columns."""
    return max(1, math.ceil(L / max(1, columns)))


def decade_ticks(lo: float, hi: float, rows: int) -> list[int]:
    """Whole powers of ten from ⌊lo⌋ to ⌈hi⌉ (log10 values), thinned to at most about
    ``rows`` / 2 ticks so labels keep a blank row between them (on a chart of 6 rows or
    fewer, one a row: a blank row would leave a single label)."""
    a, b = math.floor(lo), math.ceil(hi)
    most = max(2, rows if rows <= 6 else rows // 2)
    step = max(1, math.ceil((b - a) / most))
    return list(range(a, b + 1, step))


def _logs(values: Sequence[float]) -> list[float]:
    """log10 of each value; NaN for a value that is not finite or not positive (a log
    axis has no place for 0: the title says when everything is 0)."""
    return [math.log10(v) if math.isfinite(v) and v > 0 else math.nan for v in values]


class LayersView(View):
    """RMS a[l] and ‖dW[l]‖_F against the layer l, on a log scale."""

    name = "layers"
    extras = ("a_rms_layers", "dw_norm_layers")

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        run, lang = frame.run, frame.lang
        a = run.extras.get("a_rms_layers", ())
        dw = run.extras.get("dw_norm_layers", ())
        width = canvas.size.width

        def paint(plot: LabPlot) -> None:
            L = len(a)
            if not L:
                plot.title(t("layers.waiting", lang))
                return
            # Two points per column; a chart not laid out yet (width 0) draws every layer
            # (k = L said "every 21st layer drawn" of 21 layers until the next run).
            columns = (width - _Y_LABELS) // 2 if width > _Y_LABELS else L
            k = sampled(L, max(1, columns))
            ls = list(range(1, L + 1, k))
            if ls[-1] != L:
                ls.append(L)
            la, ldw = _logs([a[l - 1] for l in ls]), _logs([dw[l - 1] for l in ls])
            finite = [v for v in la + ldw if math.isfinite(v)]
            if not finite:
                zero = all(v == 0 for v in (*a, *dw))
                plot.title(t("layers.zero" if zero else "layers.nan", lang))
                return
            lo, hi = min(finite), max(finite)
            if hi - lo < 2:  # at least two decades, centred
                mid = (hi + lo) / 2
                lo, hi = mid - 1, mid + 1
            plot.line("a_rms", ls, la)
            plot.line("dw_norm", ls, ldw)
            plot.plt.xlim(0.5, L + 0.5)
            x_step = max(1, math.ceil(L / 10))
            xs = list(range(1, L + 1, x_step))
            plot.plt.xticks(xs, [str(x) for x in xs])
            ticks = [v for v in decade_ticks(lo, hi, plot.rows) if lo - 0.5 <= v <= hi + 0.5]
            plot.plt.ylim(lo - 0.2, hi + 0.2)
            plot.plt.yticks(ticks, [f"1e{v}" if v else "1" for v in ticks])
            title = t("layers.title", lang, L=L)
            if k > 1:
                title += " " + t("layers.sampled", lang, k=k)
            zeros = sum(1 for v in (*a, *dw) if v == 0)
            if zeros:
                title += " " + t("layers.zeros", lang, n=zeros)
            plot.title(title)

        key = (self.name, run.run_id, run.epoch, id(run.extras), lang, width)
        canvas.show(key, paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        a = frame.run.extras.get("a_rms_layers", ())
        dw = frame.run.extras.get("dw_norm_layers", ())
        chip(out, "a_rms", t("legend.a_rms", lang), nc)
        chip(out, "dw_norm", t("legend.dw_norm", lang), nc)
        hidden = list(a[:-1])
        g = growth(hidden)
        if math.isfinite(g):
            out.append(t("legend.a_growth", lang, value=f"{g:.2f}") + "  ")
        if dw and math.isfinite(dw[0]):
            out.append(t("legend.dw_first", lang, value=f"{dw[0]:.2g}") + "  ")
        return out

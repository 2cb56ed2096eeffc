"""The cost view: the data loss and the λ penalty (left) and ‖W‖²_F (right) against epoch."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.text import Text

from tui_tutor.i18n import t

from ..plot import LabPlot, nice_axis, ymax
from .base import Frame, View, before_chip, chip, legend_text
from .stopmark import best_epoch, stop_chip, stop_line


def _peak(values: Sequence[float]) -> float:
    """The largest finite value (0 when none)."""
    finite = [v for v in values if math.isfinite(v)]
    return max(finite, default=0.0)


class CostView(View):
    """J's two parts against epoch, and how big the weights grow (what λ shrinks)."""

    name = "cost"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        now, epochs = frame.run.curves, frame.run.config.epochs
        before = frame.before.curves if frame.before is not None else None
        best = best_epoch(frame)

        def paint(plot: LabPlot) -> None:
            plot.plt.xlim(0, max(1, epochs))
            # Both axes from 0 with round tops. The penalty is λ/(2m)·‖W‖²: with each axis
            # scaled to its own curves the two lay exactly on each other and the penalty
            # never showed; it shares the data cost's axis, and when it would still fall
            # on the ‖W‖² line (a penalty as large as the data cost) ‖W‖²'s axis grows.
            left = [now.data_cost, now.penalty] + ([before.data_cost] if before is not None else [])
            right = [now.w_norm_sq] + ([before.w_norm_sq] if before is not None else [])
            top_left, top_right = ymax(*left) / 1.05, ymax(*right) / 1.05
            rows = max(2, plot.rows)
            axis_left, _ = nice_axis(top_left, rows)
            peak_p, peak_w = _peak(now.penalty), _peak(now.w_norm_sq)
            for _ in range(6):  # a few rounder tops up at most
                axis_right, _ = nice_axis(top_right, rows)
                if abs(peak_p / axis_left - peak_w / axis_right) * (rows - 1) * 4 >= 3:
                    break  # three braille dots apart or more
                top_right = axis_right * 1.01
            plot.yaxis(top_left)
            plot.yaxis(top_right, right=True)
            if before is not None and len(before):
                plot.line("before", before.epoch, before.w_norm_sq, right=True)
                plot.line("before", before.epoch, before.data_cost)
            stop_line(plot, best)
            plot.line("w_norm", now.epoch, now.w_norm_sq, right=True)
            plot.line("cost", now.epoch, now.data_cost)
            plot.line("penalty", now.epoch, now.penalty)

        canvas.show((self.name, now, before, epochs, best), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "cost", t("legend.data_cost", lang), nc)
        chip(out, "penalty", t("legend.penalty", lang), nc)
        chip(out, "w_norm", t("legend.w_norm", lang), nc)
        stop_chip(out, frame)
        before_chip(out, frame)
        return out

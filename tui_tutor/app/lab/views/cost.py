"""The cost view: the data loss and the λ penalty (left) and ‖W‖²_F (right) against epoch."""

from __future__ import annotations

from rich.text import Text

from tui_tutor.i18n import t

from ..plot import LabPlot
from .base import Frame, View, before_chip, chip, legend_text


class CostView(View):
    """J's two parts against epoch, and how big the weights grow (what λ shrinks)."""

    name = "cost"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        now, epochs = frame.run.curves, frame.run.config.epochs
        before = frame.before.curves if frame.before is not None else None

        def paint(plot: LabPlot) -> None:
            plot.plt.xlim(0, max(1, epochs))
            if before is not None and len(before):
                plot.line("before", before.epoch, before.w_norm_sq, right=True)
                plot.line("before", before.epoch, before.data_cost)
            plot.line("cost", now.epoch, now.data_cost)
            plot.line("penalty", now.epoch, now.penalty)
            plot.line("w_norm", now.epoch, now.w_norm_sq, right=True)

        canvas.show((self.name, now, before, epochs), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "cost", t("legend.data_cost", lang), nc)
        chip(out, "penalty", t("legend.penalty", lang), nc)
        chip(out, "w_norm", t("legend.w_norm", lang), nc)
        before_chip(out, frame)
        return out

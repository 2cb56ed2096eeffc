"""The curves view: train and dev error (%) and the cost J against epoch.

With dropout on, a thinned network's J (a fresh mask at each recorded epoch) is drawn on
J's axis too: it jumps about and sits above J, the cost training no longer has one value of.
"""

from __future__ import annotations

import math

from rich.text import Text

from tui_tutor.i18n import t

from ..plot import LabPlot, ymax
from .base import Frame, View, before_chip, chip, legend_text
from .stopmark import best_epoch, stop_chip, stop_line


class CurvesView(View):
    """Train and dev error (left axis, %) and J (right) against epoch, the run's before
    dimmed behind and the Bayes floor as a line. The x axis spans the whole run
    (0 .. ``epochs``), the error axis starts at 0."""

    name = "curves"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        now, bayes, epochs = frame.run.curves, frame.run.bayes, frame.run.config.epochs
        before = frame.before.curves if frame.before is not None else None
        best = best_epoch(frame)

        def paint(plot: LabPlot) -> None:
            plot.plt.xlim(0, max(1, epochs))
            series = [now.train_error, now.dev_error]
            if before is not None:
                series += [before.train_error, before.dev_error]
            plot.yaxis(ymax(*series, scale=100, floor=bayes * 100) / 1.05)
            thinned = any(math.isfinite(v) for v in now.cost_thinned)
            plot.yaxis(ymax(now.cost, *([now.cost_thinned] if thinned else [])) / 1.05,
                       right=True)  # fmt: skip
            # Drawn bottom to top: where lines share a character cell the last one shows,
            # so J (right axis, crossing the whole chart) goes first and train last (the
            # curve a learner compares with the floor was hidden under J at 80x24).
            if thinned:  # dropout: under J, so J shows where they meet
                plot.line("thinned", now.epoch, now.cost_thinned, right=True)
            plot.line("cost", now.epoch, now.cost, right=True)
            if before is not None and len(before):
                plot.line("before", before.epoch, before.train_error, scale=100)
                plot.line("before", before.epoch, before.dev_error, scale=100)
            if bayes > 0 and len(now):
                plot.hline(bayes * 100, "floor", 0, max(1, epochs))
            stop_line(plot, best)
            plot.line("dev", now.epoch, now.dev_error, scale=100)
            plot.line("train", now.epoch, now.train_error, scale=100)

        canvas.show((self.name, now, before, bayes, epochs, best), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "train", t("legend.train", lang), nc)
        chip(out, "dev", t("legend.dev", lang), nc)
        chip(out, "cost", t("legend.cost", lang), nc)
        if any(math.isfinite(v) for v in frame.run.curves.cost_thinned):
            chip(out, "thinned", t("legend.cost_thinned", lang), nc)
        stop_chip(out, frame)
        before_chip(out, frame)
        if frame.run.bayes > 0:
            chip(out, "floor", t("legend.floor", lang), nc)
        return out

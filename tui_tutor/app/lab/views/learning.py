"""The learning view: train and dev error (%) against the number of training examples m."""

from __future__ import annotations

from rich.text import Text

from tui_tutor.i18n import t

from ..plot import LabPlot, ymax
from .base import Frame, View, chip, legend_text, sweep_title


class LearningView(View):
    """One model per training-set size (``sweep.values``), the Bayes floor as a line; the
    title alone while the sweep computes."""

    name = "learning"
    sweep = "learning"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        sweep, bayes, title = frame.sweep, frame.run.bayes, sweep_title(frame, self.name)

        def paint(plot: LabPlot) -> None:
            if sweep is None:
                plot.title(title)
                return
            xs = [float(v) for v in sweep.values]
            if title:
                plot.title(title)
            tops = (sweep.train_error.tolist(), sweep.dev_error.tolist())
            plot.yaxis(ymax(*tops, scale=100, floor=bayes * 100) / 1.05)
            if bayes > 0 and xs:
                plot.hline(bayes * 100, "floor", min(xs), max(xs))
            plot.line("train", xs, sweep.train_error.tolist(), scale=100)
            plot.line("dev", xs, sweep.dev_error.tolist(), scale=100)

        canvas.show((self.name, frame.sweep_key, sweep is not None, bayes, title), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "train", t("legend.train", lang), nc)
        chip(out, "dev", t("legend.dev", lang), nc)
        out.append(t("legend.m", lang))
        return out

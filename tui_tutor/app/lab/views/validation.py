"""The validation view: train and dev error (%) against λ, one model per ladder value."""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t

from ..plot import LabPlot, ymax
from .base import Frame, View, chip, legend_text, sweep_title

_show_lambd = ml.SETTINGS["lambd"].show


class ValidationView(View):
    """One x position per λ of ``sweep.values`` ((k,) arrays, λ = 0 included), a vertical
    line at the current λ; the title alone while the sweep computes. The legend names the
    λ to pick (``SweepResult.chosen_index``) and says when it is chosen within a tie."""

    name = "validation"
    sweep = "validation"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        sweep, current, title = frame.sweep, frame.config.lambd, sweep_title(frame, self.name)

        def paint(plot: LabPlot) -> None:
            if sweep is None:
                plot.title(title)
                return
            xs = list(range(len(sweep.values)))
            if title:
                plot.title(title)
            tops = (sweep.train_error.tolist(), sweep.dev_error.tolist())
            plot.yaxis(ymax(*tops, scale=100) / 1.05)
            plot.line("train", xs, sweep.train_error.tolist(), scale=100)
            plot.line("dev", xs, sweep.dev_error.tolist(), scale=100)
            plot.plt.xticks(xs, [_show_lambd(float(v)) for v in sweep.values])
            for i, v in enumerate(sweep.values):
                if math.isclose(float(v), current, rel_tol=1e-9, abs_tol=1e-12):
                    plot.vline(i, "before")

        # A sweep chart changes only with its sweep or the current λ: a run's snapshots
        # (ten a second) leave it alone.
        canvas.show((self.name, frame.sweep_key, sweep is not None, current, title), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "train", t("legend.train", lang), nc)
        chip(out, "dev", t("legend.dev", lang), nc)
        sweep = frame.sweep
        if sweep is not None and sweep.best_index >= 0:
            if any(math.isclose(float(x), frame.config.lambd) for x in sweep.values):
                out.append(t("legend.current", lang) + "  ", Style(dim=True))
            # The lesson's choice: the lowest dev error, or within a tie (dev errors
            # within one dev example) the most regularized model, the largest λ.
            i, ties = sweep.chosen_index, sweep.ties
            best = _show_lambd(float(sweep.values[i]))
            dev = ml.format_value("dev_error", float(sweep.dev_error[i]))
            if len(ties) > 1:
                out.append(t("legend.tie", lang, lambd=best, dev=dev, n=len(ties)))
            else:
                out.append(t("legend.best", lang, lambd=best, dev=dev))
        return out

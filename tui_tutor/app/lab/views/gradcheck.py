"""The gradient-check view: backprop against finite differences, per parameter group.

The check (``ml.lab_check``: the lab's run trained again in a worker, then checked at
initialization and at the end, with the ``bug`` setting's planted bug) is computed,
cached and stopped like a sweep (``SweepCache``, kind "gradcheck"). The chart puts the
relative difference of each group (dW1, db1, dW2, ...) on a log10 axis, at
initialization and after training, over the verdict bands 1e-7 / 1e-5 / 1e-3; the
title gives the verdict and the layer to look at.
"""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t

from ..plot import COLORS, MARKERS_NO_COLOR, LabPlot
from .base import Frame, View, chip, legend_text, sweep_title

FLOOR = -13  # log10 of a difference drawn at the bottom (an exact 0)


def _log(x: float) -> float:
    return math.log10(x) if x > 0 and math.isfinite(x) else FLOOR


def _verdict(name: str, lang: str) -> str:
    return t("gc.verdict." + name.replace(" ", "_"), lang)


def headline(check: ml.LabCheck, lang: str, *, short: bool = False) -> str:
    """The chart's title (or its ``short`` form, for a narrow chart): the verdict after
    training (and at initialization), the layer to look at."""
    end = "_short" if short else ""
    if check.keep_prob < 1 or check.after.stochastic or check.at_init.stochastic:
        return t("gc.dropout" + end, lang, keep_prob=ml.format_number(check.keep_prob))
    after, init = check.after, check.at_init
    words = dict(
        epochs=check.epochs,
        after=ml.format_value("gc_difference", after.difference),
        verdict=_verdict(after.verdict, lang),
        init=ml.format_value("gc_init", init.difference),
        init_verdict=_verdict(init.verdict, lang),
    )
    layer = t("gc.layer", lang, layer=after.layer) if after.layer else ""
    return t("gc.title" + end, lang, **words) + layer


class GradCheckView(View):
    """One point per parameter group at initialization and after training."""

    name = "gradcheck"
    sweep = "gradcheck"
    extras = ("gradcheck",)  # the run's final metrics carry gc_init, gc_difference, gc_layer

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        check, lang = frame.sweep, frame.lang
        title = sweep_title(frame, self.name)
        nc = frame.no_color

        def paint(plot: LabPlot) -> None:
            if not isinstance(check, ml.LabCheck):
                plot.title(title)
                return
            groups = list(check.after.per)
            xs = list(range(len(groups)))
            for band in (-7, -5, -3):
                plot.hline(band, "floor", -0.5, len(groups) - 0.5)  # across every group
            for name, result in (("at_init", check.at_init), ("trained", check.after)):
                ys = [_log(result.per[g]) for g in groups]
                if nc:
                    plot.plt.scatter(xs, ys, marker=MARKERS_NO_COLOR[name])
                else:
                    plot.plt.scatter(xs, ys, marker="●", color=COLORS[name])
            plot.plt.xticks(xs, ["d" + g for g in groups])
            step = 2 if plot.rows >= 9 else 3 if plot.rows >= 5 else 6  # a label per 2 rows
            ys = list(range(-12, 1, step))
            plot.plt.yticks(ys, [f"1e{v}" if v else "1" for v in ys])
            plot.plt.xlim(-0.5, len(groups) - 0.5)
            plot.plt.ylim(FLOOR, 0.5)
            plot.title(headline(check, lang), headline(check, lang, short=True))

        canvas.show((self.name, frame.sweep_key, check is not None, title, lang), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc = legend_text(), frame.lang, frame.no_color
        chip(out, "at_init", t("legend.at_init", lang), nc)
        epochs = frame.config.epochs
        chip(out, "trained", t("legend.trained", lang, epochs=epochs), nc)
        out.append(t("legend.bands", lang) + "  ", Style(dim=True))
        cfg = frame.config
        if cfg.bug == "no-lambda" and cfg.lambd == 0:
            out.append(t("gc.no_lambda", lang))
        elif cfg.bug != "none":
            out.append(t("gc.planted", lang, bug=cfg.bug))
        return out

"""The derivative view: the error of f'(1) for f(θ) = θ³ from difference quotients, against ε.

Both axes are log10 (drawn as plain numbers with 1e-n ticks: plotext's own log ticks
print fifteen digits). The one-sided quotient's error falls with slope 1 (O(ε)), the
two-sided one's with slope 2 (O(ε²)), until rounding turns both back up. The picture
depends on nothing in the lab, so it is built once.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t

from ..plot import LabPlot
from .base import Frame, View, chip, legend_text

FLOOR = 1e-17  # an error of exactly 0 (a lucky rounding) is drawn here


@lru_cache(maxsize=1)
def table() -> ml.DerivativeTable:
    """``ml.cube_table()`` (θ = 1, ε from 1 to 1e-15), computed once."""
    return ml.cube_table()


def _log(values: np.ndarray) -> list[float]:
    return [math.log10(max(float(v), FLOOR)) for v in values]


class DerivativeView(View):
    """|quotient − 3| against ε on log-log axes, one line per quotient."""

    name = "derivative"

    def draw(self, frame: Frame, canvas: LabPlot) -> None:
        tab, lang = table(), frame.lang

        def paint(plot: LabPlot) -> None:
            x = _log(tab.epsilons)
            plot.line("one_sided", x, _log(tab.one_error))
            plot.line("two_sided", x, _log(tab.two_error))
            xs = list(range(-15, 1, 3))
            plot.plt.xticks(xs, [f"1e{v}" if v else "1" for v in xs])
            ys = list(range(-12, 1, 3))
            plot.plt.yticks(ys, [f"1e{v}" if v else "1" for v in ys])
            plot.plt.xlim(-15, 0)
            plot.plt.ylim(-13, 1)
            best = [f"{tab.best(two):.0e}".replace("e-0", "e-") for two in (False, True)]
            words = dict(one=best[0], two=best[1])
            plot.title(t("deriv.title", lang, **words), t("deriv.title_short", lang, **words))

        canvas.show((self.name, lang), paint)

    def legend(self, frame: Frame) -> Text:
        out, lang, nc, tab = legend_text(), frame.lang, frame.no_color, table()
        chip(out, "one_sided", t("legend.one_sided", lang), nc)
        chip(out, "two_sided", t("legend.two_sided", lang), nc)
        at = ml.cube_table(epsilons=(0.01,))
        out.append(
            t(
                "legend.deriv",
                lang,
                one=f"{tab.slope(False):.2f}",
                two=f"{tab.slope(True):.2f}",
                q1=f"{float(at.one_sided[0]):.4f}",
                q2=f"{float(at.two_sided[0]):.4f}",
            )
        )
        return out

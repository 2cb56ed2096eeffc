"""Early stopping on the charts against epoch: a vertical line at the best dev epoch.

A run with ``patience`` ends with the weights of its best dev epoch (``ml.earlystop``);
its final metrics carry ``best_epoch``. The curves and cost views draw the line there and
add a legend item.
"""

from __future__ import annotations

import math

from rich.text import Text

from tui_tutor import ml
from tui_tutor.i18n import t

from ..plot import LabPlot
from .base import Frame, chip

__all__ = ["best_epoch", "stop_chip", "stop_line"]


def best_epoch(frame: Frame) -> float | None:
    """The best dev epoch of the run on screen once early stopping has ended it, else None."""
    m = frame.run.metrics
    best = m.get("best_epoch", math.nan) if m else math.nan
    return best if math.isfinite(best) else None


def stop_line(plot: LabPlot, best: float | None) -> None:
    """The vertical line at ``best`` (nothing when None)."""
    if best is not None:
        plot.vline(best, "stop")


def stop_chip(out: Text, frame: Frame) -> None:
    """The legend item "best epoch 137" when the run has one (the tabs' state says where
    it stopped: "stopped early 337/2000")."""
    best = best_epoch(frame)
    if best is None:
        return
    label = t("legend.best_epoch", frame.lang, best=ml.format_value("best_epoch", best))
    chip(out, "stop", label, frame.no_color)

"""The lab's views, one class each, by the lesson format's name (``course.model.VIEWS``).

A test pins ``VIEWS`` to the lesson format's list, so a lesson can offer exactly the
views the lab draws. Adding a view: a ``View`` subclass in its own file, one entry here,
its ``view.<name>`` string in both languages.
"""

from __future__ import annotations

from .activations import ActivationsView
from .base import Frame, View
from .boundary import BoundaryView, Raster
from .cost import CostView
from .curves import CurvesView
from .derivative import DerivativeView
from .gradcheck import GradCheckView
from .layers import LayersView
from .learning import LearningView
from .surface import SurfaceView
from .validation import ValidationView
from .weights import WeightsView

__all__ = ["VIEWS", "Frame", "Raster", "View", "extras_for"]

VIEWS: dict[str, View] = {
    v.name: v
    for v in (
        CurvesView(),
        BoundaryView(),
        CostView(),
        ValidationView(),
        LearningView(),
        # -- (inside: looking inside a hidden layer)
        ActivationsView(),
        WeightsView(),
        # gcheck
        DerivativeView(),
        GradCheckView(),
        # norm
        SurfaceView(),
        # deep: every layer of a deep net
        LayersView(),
    )
}
"""Every view by name, in the lesson format's order (the default tab order)."""


def extras_for(names: tuple[str, ...]) -> frozenset[str]:
    """The per-layer extras the views ``names`` need recorded during a run."""
    return frozenset(x for name in names for x in VIEWS[name].extras)

"""The lab's cost surface: ``surface.make_surface`` on the training set a config builds.

``lab_surface`` is what the surface view shows (computed, cached and stopped like a
sweep: ``LabConfig.sweep("surface")``): the two-weight model's J over (w1, w2) on the
lab's training inputs as the network sees them (after ``feature_scale`` and, when
``normalize`` is on, the training set's standardization), the descent path at the lab's
``lr`` for its ``epochs`` (at most ``surface.PATH_STEPS``), and ``lr_max`` for both
``normalize`` settings. ``SURFACE_METRICS`` are a run's figures of the same surface,
measured when asked for (the view is offered, a lesson's condition names them).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from . import surface as sf
from .sweep import SweepCancelled

__all__ = ["SURFACE_METRICS", "LabSurface", "lab_surface", "surface_metrics"]

SURFACE_METRICS: tuple[str, ...] = ("lr_max", "contour_ratio", "descent_steps")
"""The run metrics of the two-weight surface (NaN unless asked for)."""

_CACHE: dict[int, tuple[np.ndarray, dict[str, float]]] = {}  # id(X_train) -> (X, metrics)
_LOCK = threading.Lock()


@dataclass(frozen=True)
class LabSurface:
    """The surface of the lab's training set and ``lr_max`` with ``normalize`` on and off.

    ``surface`` is the current setting's (``normalize``, ``feature_scale`` as given).
    """

    surface: sf.Surface
    normalize: bool
    feature_scale: tuple[float, float]
    lr_max_on: float
    lr_max_off: float
    steps: int


def _of_data(X: np.ndarray, Y: np.ndarray) -> dict[str, float]:
    """``lr_max``, ``contour_ratio`` and J* of ``X`` (2, m), ``Y`` (1, m), cached per
    array (the lab's data are built once per data setting and never changed)."""
    with _LOCK:
        hit = _CACHE.get(id(X))
    if hit is not None and hit[0] is X:
        return dict(hit[1])
    w_min, J_min = sf.minimum(X, Y)
    ratio = sf.contour_ratio(X, Y, w_min) if w_min is not None else math.nan
    values = {"lr_max": sf.lr_max(X, Y), "contour_ratio": ratio, "J_min": J_min}
    with _LOCK:
        _CACHE[id(X)] = (X, values)
        while len(_CACHE) > 32:
            _CACHE.pop(next(iter(_CACHE)))
    return dict(values)


def surface_metrics(
    X: np.ndarray, Y: np.ndarray, lr: float | None = None, epochs: int = sf.PATH_STEPS
) -> dict[str, float]:
    """``SURFACE_METRICS`` of ``X`` (2, m), ``Y`` (1, m): ``lr_max``, ``contour_ratio``
    and, with ``lr``, ``descent_steps``: the steps gradient descent at ``lr`` takes from
    w = 0 to come near the minimum (``surface.Path``'s "reached"), within
    min(``epochs``, ``surface.PATH_STEPS``) steps; NaN when it does not (J rose, or too
    slow) or without ``lr``."""
    values = _of_data(X, Y)
    J_min = values.pop("J_min")
    values["descent_steps"] = math.nan
    if lr is not None:
        path = sf.descend(X, Y, lr, min(epochs, sf.PATH_STEPS), J_min)
        if path.outcome == "reached":
            values["descent_steps"] = float(path.steps_to)
    return values


def no_metrics() -> dict[str, float]:
    """``SURFACE_METRICS`` not measured: NaN each."""
    return dict.fromkeys(SURFACE_METRICS, math.nan)


def lab_surface(
    config: Any,
    *,
    weight_seed: int | None = None,
    data_seed: int | None = None,
    should_stop: Callable[[int], bool] | None = None,
) -> LabSurface:
    """The surface view's picture of ``config`` (a ``LabConfig``).

    ``should_stop(done)`` as a sweep's (``done`` in epochs of ``config.epochs``, for the
    progress shown); True raises ``SweepCancelled``. ``weight_seed`` is not used (the
    path starts at w = 0), only accepted like every sweep's.
    """
    del weight_seed
    epochs = config.epochs

    def stop(share: float) -> bool:
        return should_stop is not None and should_stop(int(share * epochs))

    def data(normalize: bool) -> Any:
        cfg = config.with_changes(normalize=normalize)
        return cfg.with_data_seed(data_seed).data() if data_seed is not None else cfg.data()

    here = data(config.normalize)
    X, Y = here.X_train, here.Y_train
    steps = min(epochs, sf.PATH_STEPS)
    if stop(0.0):
        raise SweepCancelled
    top = _of_data(X, Y)["lr_max"]  # the run's metrics share it
    if stop(0.3):
        raise SweepCancelled
    try:
        surface = sf.make_surface(X, Y, config.lr, steps, top=top, should_stop=lambda: stop(0.5))
    except InterruptedError:
        raise SweepCancelled from None
    if stop(0.7):
        raise SweepCancelled
    other = data(not config.normalize)
    top_other = _of_data(other.X_train, other.Y_train)["lr_max"]
    on, off = (surface.lr_max, top_other) if config.normalize else (top_other, surface.lr_max)
    scale = tuple(float(v) for v in config.feature_scale)
    return LabSurface(surface, config.normalize, scale, on, off, steps)  # type: ignore[arg-type]

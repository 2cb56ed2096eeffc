"""Per-layer values a run may record beside its curves: one declaration per extra.

``train(..., extras=("w_norm_sq_layers", ...))`` computes the named extras at the recorded
epochs only (never when none are asked for) and puts them in ``Record.extras`` as tuples
of floats, one per layer. A view that needs a per-layer value adds one entry here: a
function of the current ``params`` and, if ``needs_forward``, of a forward pass of the
training inputs (``Layer`` values per layer, computed once per record for all extras).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .deep import layer_norms
from .layers import activation_of, linear_forward
from .model import Params, n_layers

__all__ = [
    "EXTRAS",
    "LINEAR_Z",
    "Extra",
    "Layer",
    "compute_extras",
    "inside_metrics",
    "layer_values",
    "unit_weights",
]

LINEAR_Z = 0.5
"""Where tanh counts as near-linear: |z| < 0.5. There tanh(z) stays within 8% of z
(tanh(0.5) = 0.462) and its slope 1 - tanh²(z) above 0.78, so a layer whose z all sit
inside passes its input on almost linearly; at |z| = 1 tanh is already 24% below z."""


@dataclass(frozen=True)
class Layer:
    """Layer l's values for the training inputs: ``Z`` and ``A`` = g(Z), both (n[l], m).

    For the output layer ``A`` is the logits Z[L] itself (σ is part of the cost).
    """

    Z: np.ndarray
    A: np.ndarray


def layer_values(params: Params, X: np.ndarray, activation: str) -> list[Layer]:
    """Forward pass of ``X`` (n_x, m) keeping every layer's Z and A: [layer 1, ..., layer L]."""
    g = activation_of(activation)
    L = n_layers(params)
    out: list[Layer] = []
    A = X
    for l in range(1, L + 1):
        Z, _ = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A = g.forward(Z)[0] if l < L else Z
        out.append(Layer(Z, A))
    return out


@dataclass(frozen=True)
class Extra:
    """One recordable per-layer value: ``compute(params, layers)`` -> one float per layer.

    ``layers`` is ``layer_values(...)`` of the training inputs when ``needs_forward``,
    else None; with ``needs_grads`` it is ``deep.layer_norms(...)`` of the training set
    instead ((RMS a[l], ‖dW[l]‖_F) for every layer: one forward and backward pass).
    """

    name: str
    help: str
    compute: Callable[[Params, Any], tuple[float, ...]]
    needs_forward: bool = False
    needs_grads: bool = False


def _w_norm_sq_layers(params: Params, _: list[Layer] | None) -> tuple[float, ...]:
    Ws = (params[f"W{l}"] for l in range(1, n_layers(params) + 1))
    return tuple(float(np.sum(W * W)) for W in Ws)


def _z_std_layers(params: Params, layers: list[Layer] | None) -> tuple[float, ...]:
    assert layers is not None
    return tuple(float(np.std(layer.Z)) for layer in layers[:-1])


def _linear_share_layers(params: Params, layers: list[Layer] | None) -> tuple[float, ...]:
    assert layers is not None
    return tuple(float(np.mean(np.abs(layer.Z) < LINEAR_Z)) for layer in layers[:-1])


def abs_percentile(Z: np.ndarray, q: float) -> float:
    """np.percentile(|Z|, q) (its linear method) by a partial sort: about ten times faster,
    which matters at every recorded epoch. NaN when ``Z`` holds a NaN or nothing."""
    a = np.abs(Z).ravel()
    if a.size == 0 or np.isnan(a).any():
        return float("nan")
    k = q / 100 * (a.size - 1)
    lo = int(k)
    hi = min(lo + 1, a.size - 1)
    part = np.partition(a, (lo, hi))
    return float(part[lo] + (k - lo) * (part[hi] - part[lo]))


def _z_abs_p90_layers(params: Params, layers: list[Layer] | None) -> tuple[float, ...]:
    assert layers is not None
    return tuple(abs_percentile(layer.Z, 90) for layer in layers[:-1])


def _w_max_layers(params: Params, _: list[Layer] | None) -> tuple[float, ...]:
    Ws = (params[f"W{l}"] for l in range(1, n_layers(params) + 1))
    return tuple(float(np.max(np.abs(W))) for W in Ws)


_ALL: tuple[Extra, ...] = (
    Extra("w_norm_sq_layers", "‖W[l]‖²_F for each layer l = 1..L", _w_norm_sq_layers),
    Extra("z_std_layers", "the spread (standard deviation) of Z[l] over units and training "
          "examples, for each hidden layer l = 1..L-1", _z_std_layers, needs_forward=True),
    # -- (inside: looking inside the hidden layers)
    Extra("linear_share_layers", "the share of Z[l]'s entries (units x training examples) "
          "with |z| < LINEAR_Z = 0.5, tanh's near-linear region, for each hidden layer",
          _linear_share_layers, needs_forward=True),
    Extra("z_abs_p90_layers", "the 90th percentile of |Z[l]| over units and training "
          "examples, for each hidden layer (below 0.5: nine z in ten are near-linear)",
          _z_abs_p90_layers, needs_forward=True),
    Extra("w_max_layers", "the largest |W[l]_ij|: the largest incoming weight of any unit "
          "of layer l, for each layer l = 1..L", _w_max_layers),
    # -- deep: every layer of a deep net (ml/deep.py)
    Extra("a_rms_layers", "the RMS of a[l] over units and training examples, for each layer "
          "l = 1..L (layer L: the logits Z[L])", lambda p, norms: norms[0], needs_grads=True),
    Extra("dw_norm_layers", "‖dW[l]‖_F, the data cost's gradient (no λ term) on the training "
          "set, for each layer l = 1..L", lambda p, norms: norms[1], needs_grads=True),
)  # fmt: skip

EXTRAS: dict[str, Extra] = {e.name: e for e in _ALL}
"""Every per-layer value a run may record, by name."""


def unit_weights(params: Params, l: int) -> tuple[np.ndarray, np.ndarray]:
    """Each unit's incoming weights in layer ``l``: (‖W[l]_i,:‖₂, max_j |W[l]_ij|), both (n[l],).

    L2 shrinks the first; dropout, which keeps a unit from relying on one input, spreads
    its weight over its inputs and so lowers the second relative to the first.
    """
    W = params[f"W{l}"]
    with np.errstate(all="ignore"):
        return np.sqrt(np.sum(W * W, axis=1)), np.max(np.abs(W), axis=1)


def inside_metrics(params: Params, X: np.ndarray, activation: str) -> dict[str, float]:
    """The run metrics that look inside (``metrics.METRICS``): ``linear_share``, ``z_std``
    and ``w_max``, for the weights ``params`` and the training inputs ``X`` (n_x, m).

    ``linear_share`` and ``z_std`` pool every hidden layer's Z (units x examples); both
    are NaN without a hidden layer. ``w_max`` is the largest |w| of W[1..L].
    """
    with np.errstate(all="ignore"):
        hidden = layer_values(params, X, activation)[:-1]
        if hidden:
            Z = np.concatenate([layer.Z.ravel() for layer in hidden])
            share, std = float(np.mean(np.abs(Z) < LINEAR_Z)), float(np.std(Z))
        else:
            share = std = float("nan")
        w_max = max(_w_max_layers(params, None))
    return {"linear_share": share, "z_std": std, "w_max": w_max}


def check_extras(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple, or a ValueError naming the first unknown one and the choices."""
    for name in names:
        if name not in EXTRAS:
            raise ValueError(f"unknown extra {name!r}; choose from {', '.join(EXTRAS)}")
    return tuple(names)


def compute_extras(
    names: Sequence[str],
    params: Params,
    X: np.ndarray,
    activation: str,
    Y: np.ndarray | None = None,
) -> dict[str, tuple[float, ...]]:
    """The extras ``names`` for the current ``params``; ``X`` (n_x, m) are the training
    inputs and ``Y`` (1, m) their labels (needed by the extras that take gradients).

    Non-finite weights give NaN values, without warnings.
    """
    with np.errstate(all="ignore"):
        chosen = [EXTRAS[n] for n in names]
        layers = norms = None
        if any(e.needs_forward for e in chosen):
            layers = layer_values(params, X, activation)
        if any(e.needs_grads for e in chosen):
            if Y is None:
                raise ValueError("the extras that take gradients need the labels Y")
            norms = layer_norms(params, X, Y, activation)
        return {e.name: e.compute(params, norms if e.needs_grads else layers) for e in chosen}

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

import numpy as np

from .layers import activation_of, linear_forward
from .model import Params, n_layers

__all__ = ["EXTRAS", "Extra", "Layer", "compute_extras", "layer_values"]


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
    else None.
    """

    name: str
    help: str
    compute: Callable[[Params, list[Layer] | None], tuple[float, ...]]
    needs_forward: bool = False


def _w_norm_sq_layers(params: Params, _: list[Layer] | None) -> tuple[float, ...]:
    Ws = (params[f"W{l}"] for l in range(1, n_layers(params) + 1))
    return tuple(float(np.sum(W * W)) for W in Ws)


def _z_std_layers(params: Params, layers: list[Layer] | None) -> tuple[float, ...]:
    assert layers is not None
    return tuple(float(np.std(layer.Z)) for layer in layers[:-1])


_ALL: tuple[Extra, ...] = (
    Extra("w_norm_sq_layers", "‖W[l]‖²_F for each layer l = 1..L", _w_norm_sq_layers),
    Extra("z_std_layers", "the spread (standard deviation) of Z[l] over units and training "
          "examples, for each hidden layer l = 1..L-1", _z_std_layers, needs_forward=True),
)  # fmt: skip

EXTRAS: dict[str, Extra] = {e.name: e for e in _ALL}
"""Every per-layer value a run may record, by name."""


def check_extras(names: Sequence[str]) -> tuple[str, ...]:
    """``names`` as a tuple, or a ValueError naming the first unknown one and the choices."""
    for name in names:
        if name not in EXTRAS:
            raise ValueError(f"unknown extra {name!r}; choose from {', '.join(EXTRAS)}")
    return tuple(names)


def compute_extras(
    names: Sequence[str], params: Params, X: np.ndarray, activation: str
) -> dict[str, tuple[float, ...]]:
    """The extras ``names`` for the current ``params``; ``X`` (n_x, m) are the training inputs.

    Non-finite weights give NaN values, without warnings.
    """
    with np.errstate(all="ignore"):
        chosen = [EXTRAS[n] for n in names]
        layers = None
        if any(e.needs_forward for e in chosen):
            layers = layer_values(params, X, activation)
        return {e.name: e.compute(params, layers) for e in chosen}

"""The network's layers as the course writes them: each forward step beside its backward step.

Convention (the course's): ``A_prev`` (n[l-1], m) enters layer l, ``Z`` = W A_prev + b and
``A`` = g(Z) are (n[l], m), one column per example. Backward steps take dZ or dA *per
example* (column i is ∂L(i)/∂Z, not yet divided by m); the 1/m of the mean cost enters
in ``linear_backward``, in dW and db. Each forward returns what its backward needs (its
``cache``), so ``model.py`` chains them without knowing what is inside.

``ACTIVATIONS`` is the one definition of a hidden activation: its reference forward and
backward, and (optionally) the in-place form the fast path (``fast.py``) trains with.
To add one: write ``<name>_forward`` / ``<name>_backward`` below, then an ``Activation``
entry; with only those two, ``train`` uses the reference loop; add its ``FastBind``
(and ``in_place=True`` if its fast backward needs only A) and it trains on the fast path
too (tests/ml/test_paths.py shows one added this way and checks both paths agree).
The setting's choices (``settings.SETTINGS["activation"]``) are this registry's names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "FastBind",
    "activation_of",
    "identity_backward",
    "identity_forward",
    "linear_backward",
    "linear_forward",
    "relu_backward",
    "relu_forward",
    "sigmoid",
    "sigmoid_backward",
    "sigmoid_forward",
    "tanh_backward",
    "tanh_forward",
]

LinearCache = tuple[np.ndarray, np.ndarray, np.ndarray]


# -- linear: Z = W A_prev + b ------------------------------------------------------------
def linear_forward(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray
) -> tuple[np.ndarray, LinearCache]:
    """Z = W A_prev + b for ``A_prev`` (n[l-1], m), ``W`` (n[l], n[l-1]), ``b`` (n[l], 1).

    Returns ``Z`` (n[l], m) and the cache (A_prev, W, b).
    """
    return W @ A_prev + b, (A_prev, W, b)


def linear_backward(
    dZ: np.ndarray, cache: LinearCache
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the mean cost from ``dZ`` (n[l], m), the per-example ∂L/∂Z.

    dW = (1/m) dZ A_prevᵀ (n[l], n[l-1]); db = (1/m) Σ_i dZ(i) (n[l], 1);
    dA_prev = Wᵀ dZ (n[l-1], m), again per example. Returns (dA_prev, dW, db).
    """
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = (dZ @ A_prev.T) / m
    db = dZ.sum(axis=1, keepdims=True) / m
    return W.T @ dZ, dW, db


# -- ReLU: A = max(Z, 0) -------------------------------------------------------------------
def relu_forward(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A = max(Z, 0), shape of ``Z`` (n, m); the cache is Z."""
    return np.maximum(Z, 0.0), Z


def relu_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dZ = dA * g'(Z) with g'(Z) = 1 where Z > 0, else 0; ``dA`` and Z are (n, m)."""
    return dA * (cache > 0)


# -- tanh: A = tanh(Z) ---------------------------------------------------------------------
def tanh_forward(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A = tanh(Z), shape of ``Z`` (n, m); the cache is A (g' needs only A)."""
    A = np.tanh(Z)
    return A, A


def tanh_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dZ = dA * (1 - A²), since tanh'(Z) = 1 - tanh(Z)²; ``dA`` and A are (n, m)."""
    return dA * (1.0 - cache * cache)


# -- sigmoid: A = σ(Z) = 1 / (1 + e^-Z) ----------------------------------------------------
def sigmoid(Z: np.ndarray) -> np.ndarray:
    """σ(Z) = 1 / (1 + e^-Z), written as (1 + tanh(Z/2)) / 2 so that no Z overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * Z))


def sigmoid_forward(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A = σ(Z), shape of ``Z`` (n, m); the cache is A.

    The output layer uses σ too, but its backward step is folded into the cost:
    dZ[L] = A[L] - Y (see ``model.backward``), which stays exact when σ saturates.
    """
    A = sigmoid(Z)
    return A, A


def sigmoid_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dZ = dA * A (1 - A), since σ'(Z) = σ(Z)(1 - σ(Z)); ``dA`` and A are (n, m)."""
    return dA * cache * (1.0 - cache)


# -- linear (the identity): A = Z -----------------------------------------------------------
def identity_forward(Z: np.ndarray) -> tuple[np.ndarray, None]:
    """A = Z, shape of ``Z`` (n, m): a deep linear net computes ŷ = σ(W[L]...W[1] x + ...);
    no cache (g' = 1 everywhere)."""
    return Z, None


def identity_backward(dA: np.ndarray, cache: None) -> np.ndarray:
    """dZ = dA, since g'(Z) = 1; ``dA`` is (n, m)."""
    return dA


# -- the registry of hidden activations ----------------------------------------------------
FastBind = Callable[
    [np.ndarray, np.ndarray, np.ndarray], tuple[Callable[[], None], Callable[[], None]]
]
"""An activation's in-place form for the fast path (``fast.py``): ``bind(Z, A, dA)``.

It receives one hidden layer's buffers, all of shape (*lead, n, m) (``lead`` is () for
one model, (K,) for K stacked ones), makes the work arrays it needs once, and returns two
calls without arguments: ``forward()`` writes g(Z) into ``A``; ``backward()`` multiplies
``dA`` in place by g'(Z), from the buffered ``Z`` or ``A``. ``dA`` carries the learning
rate as a factor, so ``backward`` must only multiply it. Binding once per buffer set
keeps the cost per epoch to one Python call per layer and direction.
"""


@dataclass(frozen=True)
class Activation:
    """One hidden activation g: the reference forward and backward, and the fast form.

    ``forward(Z) -> (A, cache)`` and ``backward(dA, cache) -> dZ`` on (n, m) arrays;
    ``fast`` is a ``FastBind`` or None (then ``train`` uses the reference loop).
    ``in_place``: the fast backward gives the same g' when handed A in place of Z, so for
    one model the fast path may write Z straight into A and apply g there (``Z is A``),
    which saves a buffer pass per layer.
    """

    name: str
    forward: Callable[[np.ndarray], tuple[np.ndarray, Any]]
    backward: Callable[[np.ndarray, Any], np.ndarray]
    fast: FastBind | None = None
    in_place: bool = False


def _relu_fast(Z: np.ndarray, A: np.ndarray, dA: np.ndarray) -> tuple[Callable, Callable]:
    """A = max(Z, 0); dA *= (A > 0), which is also (Z > 0): in place is fine."""
    # NumPy's maximum against an array is several times faster than against the scalar
    # 0, so a zero array (n, m) is kept (it broadcasts over K models).
    zeros = np.zeros(Z.shape[-2:], Z.dtype)
    # g' as a multiply by a 0/1 mask, in integers on the floats' bits: for A >= 0 the
    # bits read as an integer are > 0 exactly when A > 0, so min(bits, 1) is the mask,
    # and multiplying dA's bits by 1 keeps dA, by 0 gives +0.0 (for A = -0.0 the
    # product's bits are those of ±0.0). Two SIMD integer passes, same-type operands:
    # about half the time of a comparison and a bool-times-float multiply.
    ints = np.dtype(f"i{Z.dtype.itemsize}")
    A_bits, dA_bits = A.view(ints), dA.view(ints)
    ones = np.ones(Z.shape[-2:], ints)
    mask = np.empty(A.shape, ints)
    # Outputs by keyword: a positional ``out`` is a slower (and, for maximum, deprecated)
    # call path, about 0.5 µs per call.
    forward = partial(np.maximum, Z, zeros, out=A)

    def backward() -> None:
        np.minimum(A_bits, ones, out=mask)
        np.multiply(dA_bits, mask, out=dA_bits)

    return forward, backward


def _tanh_fast(Z: np.ndarray, A: np.ndarray, dA: np.ndarray) -> tuple[Callable, Callable]:
    """A = tanh(Z); dA *= 1 - A², from A only: in place is fine."""
    tmp = np.empty(Z.shape, Z.dtype)
    ones = np.ones(Z.shape, Z.dtype)  # subtracting from an array beats subtracting from 1.0
    forward = partial(np.tanh, Z, out=A)

    def backward() -> None:
        np.multiply(A, A, out=tmp)
        np.subtract(ones, tmp, out=tmp)
        np.multiply(dA, tmp, out=dA)

    return forward, backward


def _sigmoid_fast(Z: np.ndarray, A: np.ndarray, dA: np.ndarray) -> tuple[Callable, Callable]:
    """A = σ(Z) = (1 + tanh(Z/2)) / 2; dA *= A (1 - A), from A only: in place is fine."""
    tmp = np.empty(Z.shape)
    ones = np.ones(Z.shape)

    def forward() -> None:
        np.multiply(Z, 0.5, out=A)
        np.tanh(A, out=A)
        np.add(A, 1.0, out=A)
        np.multiply(A, 0.5, out=A)

    def backward() -> None:
        np.subtract(ones, A, out=tmp)
        np.multiply(tmp, A, out=tmp)
        np.multiply(dA, tmp, out=dA)

    return forward, backward


def _linear_fast(Z: np.ndarray, A: np.ndarray, dA: np.ndarray) -> tuple[Callable, Callable]:
    """A = Z (nothing to do when Z is A); dA *= 1: nothing to do."""

    def forward() -> None:
        if Z is not A:
            np.copyto(A, Z)

    def backward() -> None:
        pass

    return forward, backward


ACTIVATIONS: dict[str, Activation] = {
    "relu": Activation("relu", relu_forward, relu_backward, fast=_relu_fast, in_place=True),
    "tanh": Activation("tanh", tanh_forward, tanh_backward, fast=_tanh_fast, in_place=True),
    # -- deep: the deep linear net of the vanishing-gradients lesson, and σ in hidden layers
    "linear": Activation(
        "linear", identity_forward, identity_backward, fast=_linear_fast, in_place=True
    ),
    "sigmoid": Activation(
        "sigmoid", sigmoid_forward, sigmoid_backward, fast=_sigmoid_fast, in_place=True
    ),
}
"""The hidden activations a network may use, by name (the ``activation`` setting)."""


def activation_of(name: str) -> Activation:
    """The registry entry for ``name``; a ValueError naming the choices if unknown."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        choices = ", ".join(ACTIVATIONS)
        raise ValueError(f"unknown activation {name!r}; choose {choices}") from None

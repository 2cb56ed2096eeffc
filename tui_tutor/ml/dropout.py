"""Inverted dropout on the hidden layers, in the course's notation.

For hidden layer l with keep probability p = keep_prob[l] (the course's layer 3, p = 0.8):

    d[l] = rand(a[l].shape) < p        # the mask: keep each unit with probability p
    a[l] = a[l] * d[l]                 # switch the dropped units off
    a[l] = a[l] / p                    # inverted: E[a[l]] and so E[z[l+1]] are unchanged

Backward uses the same mask and the same scale: dA[l] := dA[l] * d[l] / p. Every
training step draws a new mask (``mask_rng``: its own generator from the run's seed, so
a run is reproducible and the mini-batch order is the run without dropout's). Nothing is
dropped or scaled at prediction, dev, test, boundary or readout time: ``model.forward``
never drops. A layer with p = 1 draws no random numbers, so keep_prob = 1 everywhere is
the run without dropout bit for bit (``train`` then takes its usual path).

The cost the thinned network descends on changes with the mask: it is not one function
of θ (so the gradient check needs keep_prob = 1). ``thinned_cost`` measures one draw of
it at the recorded weights, beside the true J of the whole network.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .layers import activation_of, linear_backward, linear_forward, sigmoid
from .model import Params, cost_terms, n_layers

__all__ = [
    "active",
    "dropout_backward",
    "dropout_forward",
    "keep_probs",
    "loss_and_grads_dropout",
    "mask_rng",
    "thinned_cost",
]

KeepProb = float | Sequence[float]
"""One keep probability for every hidden layer, or one per hidden layer."""

_MASK_STREAM = 0x0D0  # the masks' generator: its own stream of the run's seed
_MEASURE_STREAM = 0x0D1  # the thinned cost's masks at recorded epochs


def keep_probs(keep_prob: KeepProb, n_hidden: int) -> tuple[float, ...]:
    """keep_prob per hidden layer, (n_hidden,): one number is repeated, a list is checked.

    Raises ``ValueError`` for a value outside (0, 1] or a list whose length is not the
    number of hidden layers (the message says both).
    """
    if isinstance(keep_prob, int | float) and not isinstance(keep_prob, bool):
        values = (float(keep_prob),) * n_hidden
        given = [float(keep_prob)]
    else:
        values = tuple(float(p) for p in keep_prob)
        given = list(values)
        if len(values) == 1:
            values = values * n_hidden
        elif len(values) != n_hidden:
            raise ValueError(
                f"keep_prob lists {len(values)} values for {n_hidden} hidden layer"
                f"{'' if n_hidden == 1 else 's'}; give one number or one per hidden layer"
            )
    for p in given:
        if not (0.0 < p <= 1.0):
            raise ValueError(f"keep_prob must be more than 0 and at most 1, got {p!r}")
    return values


def active(keep: Sequence[float]) -> bool:
    """Does any hidden layer drop units (some keep_prob < 1)?"""
    return any(p < 1.0 for p in keep)


def mask_rng(seed: int, epoch: int | None = None) -> np.random.Generator:
    """The generator of a run's training masks, or (``epoch`` given) of the mask
    ``thinned_cost`` uses at that recorded epoch: the same figure however often a run
    records."""
    if epoch is None:
        return np.random.default_rng((int(seed), _MASK_STREAM))
    return np.random.default_rng((int(seed), _MEASURE_STREAM, int(epoch)))


def dropout_forward(
    A: np.ndarray, keep_prob: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray | None]:
    """Inverted dropout of ``A`` (n[l], m): A * D / keep_prob with D = rand < keep_prob.

    Returns the thinned ``A`` and the cache (the mask D, (n[l], m) of bools), or ``A``
    itself and None when keep_prob = 1 (no random numbers drawn).
    """
    if keep_prob >= 1.0:
        return A, None
    D = rng.random(A.shape) < keep_prob
    return A * D / keep_prob, D


def dropout_backward(dA: np.ndarray, D: np.ndarray | None, keep_prob: float) -> np.ndarray:
    """dA (n[l], m) through the same mask and scale: dA * D / keep_prob (dA when no mask)."""
    if D is None:
        return dA
    return dA * D / keep_prob


def _forward(
    params: Params, X: np.ndarray, activation: str, keep: Sequence[float],
    rng: np.random.Generator,
) -> tuple[np.ndarray, list]:  # fmt: skip
    """The thinned network's forward: [LINEAR -> g -> DROPOUT] x (L-1) -> LINEAR.

    Returns Z[L] (1, m) and per layer (linear cache, activation cache, mask).
    """
    g = activation_of(activation)
    L = n_layers(params)
    caches: list = []
    A = X
    for l in range(1, L):
        Z, linear_cache = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, activation_cache = g.forward(Z)
        A, D = dropout_forward(A, keep[l - 1], rng)
        caches.append((linear_cache, activation_cache, D))
    ZL, linear_cache = linear_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((linear_cache, None, None))
    return ZL, caches


def loss_and_grads_dropout(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    keep: Sequence[float],
    rng: np.random.Generator,
    lambd: float = 0.0,
    activation: str = "relu",
) -> tuple[float, Params]:
    """One thinned network (a new mask from ``rng``): its cost J and gradients.

    ``X`` (n_x, m), ``Y`` (1, m), ``keep`` one keep_prob per hidden layer. J = (1/m) Σ
    L(ŷ, y) + (λ/2m) Σ‖W[l]‖²_F of the thinned network; grads {"dW1": ..., "db1": ...}
    with dA[l] through the same mask and 1/keep_prob, plus (λ/m) W[l] in dW[l].
    """
    g = activation_of(activation)
    m = Y.shape[1]
    with np.errstate(all="ignore"):
        ZL, caches = _forward(params, X, activation, keep, rng)
        data, penalty = cost_terms(params, ZL, Y, lambd)
        grads: Params = {}
        L = len(caches)
        dZ = sigmoid(ZL) - Y
        dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
        for l in range(L - 1, 0, -1):
            linear_cache, activation_cache, D = caches[l - 1]
            dA = dropout_backward(dA, D, keep[l - 1])
            dZ = g.backward(dA, activation_cache)
            dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, linear_cache)
        for l in range(1, L + 1):
            grads[f"dW{l}"] += (lambd / m) * params[f"W{l}"]
    order = [f"d{p}{l}" for l in range(1, L + 1) for p in ("W", "b")]
    return data + penalty, {k: grads[k] for k in order}


def thinned_cost(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    keep: Sequence[float],
    rng: np.random.Generator,
    lambd: float = 0.0,
    l1: float = 0.0,
    activation: str = "relu",
) -> float:
    """J of one thinned network (one mask from ``rng``) on ``X`` (n_x, m), ``Y`` (1, m),
    with the same penalty as the true J: a different mask, a different J."""
    with np.errstate(all="ignore"):
        ZL, _ = _forward(params, X, activation, keep, rng)
        data, penalty = cost_terms(params, ZL, Y, lambd, l1)
    return data + penalty


def dropout_metrics(keep_prob: KeepProb, n_hidden: int, cost_thinned: float) -> dict[str, float]:
    """The run metrics of dropout: ``keep_prob`` (the lowest of the hidden layers; 1
    without any) and ``cost_thinned`` (one thinned network's J; NaN without dropout)."""
    keep = keep_probs(keep_prob, n_hidden)
    return {"keep_prob": min(keep, default=1.0), "cost_thinned": cost_thinned}

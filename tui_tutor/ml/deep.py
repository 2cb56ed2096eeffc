"""Deep nets, layer by layer: how big the activations and the gradients are in each layer.

The course's picture of vanishing and exploding gradients: in a deep linear net
(g(z) = z, b = 0) ŷ = σ(W[L] ... W[1] x), so with every W[l] = 1.5·I the activations grow
like 1.5^l from layer to layer, with 0.5·I they shrink like 0.5^l, and the gradients
follow: dW[l] = dZ[l] a[l-1]ᵀ, where dZ[l] carries the L - l layers above and a[l-1] the
l - 1 below, so every dW[l] is of the size s^(L-1), huge or tiny with the depth L.

``layer_norms`` measures both for every layer of a network on the training inputs; the
extras ``a_rms_layers`` and ``dw_norm_layers`` (``extras.EXTRAS``) and the metrics
``a_growth``, ``a_last``, ``dw_first``, ``dw_last`` and ``unit_spread``
(``deep_metrics``) are read from it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from .model import Params, backward, cost_terms, forward, n_layers

__all__ = ["DEEP_METRICS", "deep_metrics", "growth", "init_cost", "layer_norms", "unit_spread"]

DEEP_METRICS: tuple[str, ...] = ("a_growth", "a_last", "dw_first", "dw_last", "unit_spread")
"""The metrics ``deep_metrics`` returns (``metrics.METRICS`` describes them)."""


def layer_norms(
    params: Params, X: np.ndarray, Y: np.ndarray, activation: str
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(RMS of a[l], ‖dW[l]‖_F) for l = 1..L, on the training inputs ``X`` (n_x, m) with
    labels ``Y`` (1, m).

    RMS of a[l] = sqrt(mean of a[l]² over its n[l] units and m examples), a (n[l], m)
    array; for the output layer L it is the logits Z[L] (σ belongs to the cost).
    dW[l] is the gradient of the data cost (no λ term), from backprop. Non-finite
    weights give NaN or inf, without warnings.
    """
    with np.errstate(all="ignore"):
        ZL, caches = forward(params, X, activation)
        grads = backward(ZL, Y, caches, activation)
        L = n_layers(params)
        # caches[l][0] is layer l+1's input a[l] (a[0] = X); layer L's "a" is Z[L].
        acts = [caches[l][0][0] for l in range(1, L)] + [ZL]
        a_rms = tuple(float(np.sqrt(np.mean(A * A))) for A in acts)
        dw = tuple(float(np.sqrt(np.sum(grads[f"dW{l}"] ** 2))) for l in range(1, L + 1))
    return a_rms, dw


def unit_spread(params: Params) -> float:
    """How different the hidden units of a layer are, at most over the hidden layers:
    max over l < L and units i of max_j |W[l]_ij − W[l]_0j| + |b[l]_i − b[l]_0|.

    0 means every unit of every hidden layer has the same incoming weights (zero
    initialization never breaks that symmetry); NaN without a hidden layer.
    """
    L = n_layers(params)
    if L < 2:
        return math.nan
    with np.errstate(all="ignore"):
        out = 0.0
        for l in range(1, L):
            W, b = params[f"W{l}"], params[f"b{l}"]
            spread = np.max(np.abs(W - W[:1]), axis=1) + np.abs(b - b[:1])[:, 0]
            out = max(out, float(np.max(spread)))
    return out


def init_cost(params: Params, X: np.ndarray, Y: np.ndarray, activation: str) -> float:
    """The data cost J of ``params`` on ``X`` (n_x, m), ``Y`` (1, m), computed from the
    logits (so a saturated σ gives a large finite J where log(σ) would give inf)."""
    with np.errstate(all="ignore"):
        ZL, _ = forward(params, X, activation)
        return cost_terms(params, ZL, Y)[0]


def growth(values: Sequence[float]) -> float:
    """The mean factor from one hidden layer to the next: (v[last] / v[first])^(1/(k-1))
    over the k hidden layers' values (NaN with fewer than two, or a value 0 or not finite)."""
    k = len(values)
    if k < 2:
        return math.nan
    first, last = values[0], values[-1]
    if not (math.isfinite(first) and math.isfinite(last)) or first <= 0 or last <= 0:
        return math.nan
    return math.exp((math.log(last) - math.log(first)) / (k - 1))


def deep_metrics(params: Params, X: np.ndarray, Y: np.ndarray, activation: str) -> dict[str, float]:
    """The run metrics that look at every layer (``DEEP_METRICS``), for ``params`` on the
    training set ``X`` (n_x, m), ``Y`` (1, m): ``a_growth`` the mean factor of RMS a[l]
    from one hidden layer to the next, ``a_last`` the RMS of the last hidden layer's a,
    ``dw_first`` and ``dw_last`` ‖dW[1]‖_F and ‖dW[L]‖_F, ``unit_spread`` as above."""
    a_rms, dw = layer_norms(params, X, Y, activation)
    hidden = a_rms[:-1]
    return {
        "a_growth": growth(hidden),
        "a_last": hidden[-1] if hidden else math.nan,
        "dw_first": dw[0],
        "dw_last": dw[-1],
        "unit_spread": unit_spread(params),
    }

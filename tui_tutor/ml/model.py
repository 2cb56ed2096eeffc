"""The L-layer MLP in the course's notation, built from the layers of ``layers.py``.

Shapes: ``X`` (n_x, m); ``Y`` (1, m); ``params`` = {"W1": (n1, n_x), "b1": (n1, 1), ...,
"WL": (1, n_{L-1}), "bL": (1, 1)}. Hidden layers use an activation of
``layers.ACTIVATIONS`` (ReLU or tanh), the output a sigmoid. The cost is cross-entropy
plus (λ/2m) Σ_l ‖W[l]‖²_F plus, optionally, (λ1/m) Σ_l Σ|W[l]|.

This is the readable reference the learner reads and the gradient check checks;
``train`` runs the same maths on a packed fast path (``fast.py``) when it can, and
falls back to gradient descent over ``loss_and_grads`` otherwise.

L1 is trained by a proximal step, not by its subgradient: after the gradient step on the
data cost and the L2 term, ``l1_prox`` shrinks every weight toward 0 by αλ1/m and sets it
to exactly 0 when it would cross. So weights become exactly zero (the subgradient
λ1/m sign(W) would leave them jittering in ±αλ1/m around 0). The cost J, and so the
gradient the gradient check checks, are the same either way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .layers import ACTIVATIONS, activation_of, linear_backward, linear_forward, sigmoid

__all__ = [
    "ACTIVATIONS",
    "INITS",
    "backward",
    "cost_terms",
    "forward",
    "init_params",
    "l1_prox",
    "loss_and_grads",
    "n_layers",
    "predict",
    "predict_proba",
    "sigmoid",
]

Params = dict[str, np.ndarray]
Caches = list[tuple[Any, Any]]  # per layer: (linear cache, activation cache or None)

# Standard deviation of W[l] for each initialization, given n[l-1] and n[l].
INITS: dict[str, Callable[[int, int], float]] = {
    "zeros": lambda n_prev, n: 0.0,
    "random": lambda n_prev, n: 1.0,
    "xavier": lambda n_prev, n: float(np.sqrt(1.0 / n_prev)),
    "he": lambda n_prev, n: float(np.sqrt(2.0 / n_prev)),
    # -- deep: Glorot (Bengio's) and the identity of the vanishing-gradients lesson
    "glorot": lambda n_prev, n: float(np.sqrt(2.0 / (n_prev + n))),
    "identity": lambda n_prev, n: 1.0,  # W = s·I: no random draw (see init_params)
}


def n_layers(params: Params) -> int:
    """Number of layers L (hidden layers plus the output layer)."""
    return sum(1 for k in params if k.startswith("W"))


def init_params(
    layer_dims: Sequence[int], method: str = "he", seed: int = 0, scale: float = 1.0
) -> Params:
    """Initialize weights for ``layer_dims`` = [n_x, n1, ..., 1].

    ``method``: "zeros" (every weight 0: symmetry is never broken), "random" (randn),
    "xavier" (randn * sqrt(1/n[l-1]), for tanh), "he" (randn * sqrt(2/n[l-1]), for
    ReLU), "glorot" (randn * sqrt(2/(n[l-1] + n[l]))) or "identity" (W = I, ones on the
    diagonal: for a layer that is not square, the identity's rectangular part
    ``np.eye(n[l], n[l-1])``, so unit i takes input i and the extra units or inputs get
    0). Every W is then multiplied by ``scale`` (identity: W = s·I); biases start at 0.

    Returns ``{"W1": (n1, n_x), "b1": (n1, 1), ...}``.
    """
    if method not in INITS:
        raise ValueError(f"unknown init {method!r}; choose one of {', '.join(INITS)}")
    dims = [int(d) for d in layer_dims]
    if len(dims) < 2 or any(d < 1 for d in dims):
        raise ValueError(f"layer_dims needs at least two sizes, all >= 1, got {list(layer_dims)}")
    rng = np.random.default_rng(seed)
    params: Params = {}
    for l in range(1, len(dims)):
        std = INITS[method](dims[l - 1], dims[l]) * scale
        shape = (dims[l], dims[l - 1])
        W = np.eye(*shape) if method == "identity" else rng.standard_normal(shape)
        params[f"W{l}"] = W * std if std else np.zeros_like(W)
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def forward(params: Params, X: np.ndarray, activation: str = "relu") -> tuple[np.ndarray, Caches]:
    """Forward propagation of ``X`` (n_x, m): [LINEAR -> g] x (L-1) -> LINEAR.

    Returns the output logits Z[L] (1, m) (σ is applied by the cost and by
    ``predict_proba``) and one cache per layer for ``backward``.
    """
    g = activation_of(activation)
    L = n_layers(params)
    caches: Caches = []
    A = X
    for l in range(1, L):
        Z, linear_cache = linear_forward(A, params[f"W{l}"], params[f"b{l}"])
        A, activation_cache = g.forward(Z)
        caches.append((linear_cache, activation_cache))
    ZL, linear_cache = linear_forward(A, params[f"W{L}"], params[f"b{L}"])
    caches.append((linear_cache, None))
    return ZL, caches


def backward(ZL: np.ndarray, Y: np.ndarray, caches: Caches, activation: str = "relu") -> Params:
    """Backpropagation of the data cost (no penalty) from the logits ``ZL`` (1, m).

    The output's σ and the cross-entropy together give dZ[L] = A[L] - Y per example;
    then, layer by layer, LINEAR backward and g backward. Returns {"dW1", "db1", ...}
    shaped like the parameters.
    """
    g = activation_of(activation)
    grads: Params = {}
    L = len(caches)
    dZ = sigmoid(ZL) - Y
    dA, grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(dZ, caches[L - 1][0])
    for l in range(L - 1, 0, -1):
        linear_cache, activation_cache = caches[l - 1]
        dZ = g.backward(dA, activation_cache)  # dZ[l] = dA[l] * g'(Z[l])
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_backward(dZ, linear_cache)
    return grads


def cost_terms(
    params: Params, Z: np.ndarray, Y: np.ndarray, lambd: float = 0.0, l1: float = 0.0
) -> tuple[float, float]:
    """Return (data cost, penalty) for logits ``Z`` (1, m) and labels ``Y`` (1, m).

    Data cost: (1/m) Σ -[y log σ(z) + (1-y) log(1-σ(z))], computed from logits as
    log(1 + e^z) - y z so that no log(0) occurs. Penalty: (λ/2m) Σ‖W‖²_F + (λ1/m) Σ|W|.
    """
    m = Y.shape[1]
    data = float(np.mean(np.logaddexp(0.0, Z) - Y * Z))
    Ws = [v for k, v in params.items() if k.startswith("W")]
    penalty = 0.0
    if lambd:
        penalty += lambd / (2 * m) * sum(float(np.sum(W * W)) for W in Ws)
    if l1:
        penalty += l1 / m * sum(float(np.sum(np.abs(W))) for W in Ws)
    return data, penalty


def loss_and_grads(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    activation: str = "relu",
    l1: float = 0.0,
) -> tuple[float, Params]:
    """Cost J and its gradients for ``X`` (n_x, m), ``Y`` (1, m).

    J = (1/m) Σ L(ŷ, y) + (λ/2m) Σ_l ‖W[l]‖²_F (+ (λ1/m) Σ_l Σ|W[l]|). Biases are not
    penalized. Returns ``(J, grads)`` with grads keyed "dW1", "db1", ... shaped like the
    parameters; dW[l] = (from backprop) + (λ/m) W[l] (+ (λ1/m) sign(W[l])).

    The L1 part is J's (sub)gradient, which the gradient check checks; ``train`` does
    not step along it but calls it with ``l1=0`` and then takes ``l1_prox``.
    """
    with np.errstate(all="ignore"):
        m = Y.shape[1]
        ZL, caches = forward(params, X, activation)
        data, penalty = cost_terms(params, ZL, Y, lambd, l1)
        grads = backward(ZL, Y, caches, activation)
        for l in range(1, len(caches) + 1):
            W = params[f"W{l}"]
            grads[f"dW{l}"] += (lambd / m) * W + (l1 / m) * np.sign(W)
    return data + penalty, {k: grads[k] for k in sorted(grads, key=_grad_order)}


def l1_prox(W: np.ndarray, threshold: float) -> None:
    """The proximal (soft-threshold) step of L1, in place: W := sign(W) max(|W| - t, 0).

    ``threshold`` t = αλ1/m. A weight within t of zero becomes exactly 0; the others move
    t toward 0. ``train`` applies it to every W[l] after each gradient step (biases are
    not penalized).
    """
    np.copysign(np.maximum(np.abs(W) - threshold, 0.0), W, out=W)


def _grad_order(key: str) -> tuple[int, int]:
    return int(key[2:]), 0 if key[1] == "W" else 1


def predict_proba(params: Params, X: np.ndarray, activation: str = "relu") -> np.ndarray:
    """ŷ = σ(Z[L]) of shape (1, m) for ``X`` (n_x, m)."""
    with np.errstate(all="ignore"):
        return sigmoid(forward(params, X, activation)[0])


def predict(params: Params, X: np.ndarray, activation: str = "relu") -> np.ndarray:
    """Predicted labels (1, m) of 0/1 for ``X`` (n_x, m): 1 where ŷ > 0.5, i.e. Z[L] > 0."""
    with np.errstate(all="ignore"):
        return (forward(params, X, activation)[0] > 0).astype(int)

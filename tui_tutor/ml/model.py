"""The L-layer MLP in the course's notation: forward, cost and backprop, layer by layer.

Shapes: ``X`` (n_x, m); ``Y`` (1, m); ``params`` = {"W1": (n1, n_x), "b1": (n1, 1), ...,
"WL": (1, n_{L-1}), "bL": (1, 1)}. Hidden layers use ReLU or tanh, the output a sigmoid.
The cost is cross-entropy plus (λ/2m) Σ_l ‖W[l]‖²_F plus, optionally, (λ1/m) Σ_l Σ|W[l]|.
This module is the readable reference; ``train`` runs the same maths in a lean loop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

__all__ = [
    "ACTIVATIONS",
    "DERIVATIVES",
    "INITS",
    "cost_terms",
    "init_params",
    "loss_and_grads",
    "n_layers",
    "predict",
    "predict_proba",
    "sigmoid",
]

Params = dict[str, np.ndarray]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """σ(z) = 1 / (1 + e^-z), written with tanh so that no z overflows."""
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


# Derivatives are written in terms of the layer's output a = g(z), so backprop needs no z.
ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {"relu": _relu, "tanh": np.tanh}
DERIVATIVES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": lambda a: (a > 0).astype(a.dtype),
    "tanh": lambda a: 1.0 - a * a,
}

# Standard deviation of W[l] for each initialization, given n[l-1] and n[l].
INITS: dict[str, Callable[[int, int], float]] = {
    "zeros": lambda n_prev, n: 0.0,
    "random": lambda n_prev, n: 1.0,
    "xavier": lambda n_prev, n: float(np.sqrt(1.0 / n_prev)),
    "he": lambda n_prev, n: float(np.sqrt(2.0 / n_prev)),
}


def n_layers(params: Params) -> int:
    """Number of layers L (hidden layers plus the output layer)."""
    return sum(1 for k in params if k.startswith("W"))


def init_params(
    layer_dims: Sequence[int], method: str = "he", seed: int = 0, scale: float = 1.0
) -> Params:
    """Initialize weights for ``layer_dims`` = [n_x, n1, ..., 1].

    ``method``: "zeros" (every weight 0: symmetry is never broken), "random" (randn),
    "xavier" (randn * sqrt(1/n[l-1]), for tanh) or "he" (randn * sqrt(2/n[l-1]), for
    ReLU). Every W is then multiplied by ``scale``; biases start at 0.

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
        W = rng.standard_normal((dims[l], dims[l - 1]))
        params[f"W{l}"] = W * std if std else np.zeros_like(W)
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


def _forward(params: Params, X: np.ndarray, activation: str) -> tuple[list[np.ndarray], np.ndarray]:
    """Return the activations [A0=X, A1, ..., A_{L-1}] and the output logits Z_L (1, m)."""
    g = ACTIVATIONS[activation]
    L = n_layers(params)
    caches = [X]
    A = X
    for l in range(1, L):
        A = g(params[f"W{l}"] @ A + params[f"b{l}"])
        caches.append(A)
    Z = params[f"W{L}"] @ A + params[f"b{L}"]
    return caches, Z


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
    """
    with np.errstate(all="ignore"):
        m = Y.shape[1]
        L = n_layers(params)
        caches, Z = _forward(params, X, activation)
        data, penalty = cost_terms(params, Z, Y, lambd, l1)
        dg = DERIVATIVES[activation]
        grads: Params = {}
        dZ = (sigmoid(Z) - Y) / m  # output layer: dJ/dZ_L for sigmoid + cross-entropy
        for l in range(L, 0, -1):
            W = params[f"W{l}"]
            A_prev = caches[l - 1]
            grads[f"dW{l}"] = dZ @ A_prev.T + (lambd / m) * W + (l1 / m) * np.sign(W)
            grads[f"db{l}"] = dZ.sum(axis=1, keepdims=True)
            if l > 1:
                dZ = (W.T @ dZ) * dg(A_prev)
    return data + penalty, {k: grads[k] for k in sorted(grads, key=_grad_order)}


def _grad_order(key: str) -> tuple[int, int]:
    return int(key[2:]), 0 if key[1] == "W" else 1


def predict_proba(params: Params, X: np.ndarray, activation: str = "relu") -> np.ndarray:
    """ŷ = σ(Z_L) of shape (1, m) for ``X`` (n_x, m)."""
    with np.errstate(all="ignore"):
        return sigmoid(_forward(params, X, activation)[1])


def predict(params: Params, X: np.ndarray, activation: str = "relu") -> np.ndarray:
    """Predicted labels (1, m) of 0/1 for ``X`` (n_x, m): 1 where ŷ > 0.5."""
    with np.errstate(all="ignore"):
        return (_forward(params, X, activation)[1] > 0).astype(int)

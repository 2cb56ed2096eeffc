"""Gradient checking: two-sided finite differences against backprop, as in the course."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .model import Params, loss_and_grads, n_layers

__all__ = ["difference_quotient", "gradient_check", "params_to_vector", "vector_to_params"]


def difference_quotient(
    f: Callable[[float], float], theta: float, epsilon: float = 1e-7, *, two_sided: bool = True
) -> float:
    """Numerical derivative of a scalar ``f`` at ``theta``.

    Two-sided: (f(θ + ε) - f(θ - ε)) / 2ε, error O(ε²); one-sided: (f(θ + ε) - f(θ)) / ε,
    error O(ε). For f(θ) = θ³ at θ = 1 with ε = 0.01 they give 3.0001 and 3.0301.
    """
    if not (epsilon > 0 and np.isfinite(epsilon)):
        raise ValueError(f"epsilon must be a positive number, got {epsilon!r}")
    if two_sided:
        return float((f(theta + epsilon) - f(theta - epsilon)) / (2 * epsilon))
    return float((f(theta + epsilon) - f(theta)) / epsilon)


def _keys(params: Params) -> list[str]:
    return [k for l in range(1, n_layers(params) + 1) for k in (f"W{l}", f"b{l}")]


def params_to_vector(params: Params) -> np.ndarray:
    """Reshape W1, b1, W2, ... into one vector θ of shape (n_params,)."""
    return np.concatenate([params[k].ravel() for k in _keys(params)])


def vector_to_params(theta: np.ndarray, like: Params) -> Params:
    """Inverse of ``params_to_vector``: cut θ (n_params,) into arrays shaped as ``like``."""
    out: Params = {}
    i = 0
    for k in _keys(like):
        n = like[k].size
        out[k] = theta[i : i + n].reshape(like[k].shape)
        i += n
    return out


def gradient_check(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    epsilon: float = 1e-7,
    activation: str = "relu",
    l1: float = 0.0,
    *,
    details: bool = False,
) -> float | tuple[float, dict[str, float]]:
    """Compare backprop's gradient with dθ_approx[i] = (J(θ + ε e_i) - J(θ - ε e_i)) / 2ε.

    ``X`` (n_x, m), ``Y`` (1, m). Returns the relative difference
    ‖dθ_approx - dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂): about 1e-7 is great, about 1e-5 worth a
    closer look, about 1e-3 probably a bug. With ``details``, also returns the same
    difference per parameter ("W1", "b1", ...), to find which layer disagrees.
    The regularization term is included; the check never changes ``params``.

    With ``l1``, backprop's gradient holds J's L1 subgradient (λ1/m) sign(W): that is
    the gradient of the J that ``train`` reports. ``train`` does not step along it, but
    takes L1's proximal step (``model.l1_prox``), which minimizes the same J. A weight
    exactly at 0 (where |w| has a kink) gets sign(0) = 0 from backprop and the mean of
    the two slopes, also 0, from the differences.
    """
    keys = _keys(params)
    _, grads = loss_and_grads(params, X, Y, lambd, activation, l1)
    grad = np.concatenate([grads["d" + k].ravel() for k in keys])
    theta = params_to_vector(params).astype(np.float64)
    approx = np.empty_like(theta)
    for i in range(theta.size):
        old = theta[i]
        theta[i] = old + epsilon
        j_plus, _ = loss_and_grads(vector_to_params(theta, params), X, Y, lambd, activation, l1)
        theta[i] = old - epsilon
        j_minus, _ = loss_and_grads(vector_to_params(theta, params), X, Y, lambd, activation, l1)
        theta[i] = old
        approx[i] = (j_plus - j_minus) / (2 * epsilon)
    diff = _relative(approx, grad)
    if not details:
        return diff
    per: dict[str, float] = {}
    i = 0
    for k in keys:
        n = params[k].size
        per[k] = _relative(approx[i : i + n], grad[i : i + n])
        i += n
    return diff, per


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b)) / denom

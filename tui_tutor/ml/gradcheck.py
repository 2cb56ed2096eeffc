"""Gradient checking: two-sided finite differences against backprop, as in the course."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .model import Params, loss_and_grads, n_layers

__all__ = [
    "GradCheck",
    "check_gradients",
    "difference_quotient",
    "gradient_check",
    "params_to_vector",
    "vector_to_params",
]


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


@dataclass(frozen=True)
class GradCheck:
    """A gradient check's result: the relative ``difference`` over all parameters, the
    same per parameter ("W1", "b1", ...) in ``per``, and the norms ‖dθ_approx‖ and ‖dθ‖
    of each (``norms``: name -> (approx, backprop)), to tell a difference of two zero
    vectors (nothing to compare: dead units, all-zero weights) from agreement."""

    difference: float
    per: dict[str, float]
    norms: dict[str, tuple[float, float]]
    cost: float

    def flat(self, name: str | None = None) -> bool:
        """Whether both gradients are zero up to rounding, for ``name`` (or all): the
        differences can only measure their rounding (about 1e-16 J / ε per entry)."""
        noise = 1e-8 * max(1.0, abs(self.cost))
        names = [name] if name is not None else list(self.norms)
        return all(max(self.norms[n]) <= noise for n in names)


def check_gradients(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    epsilon: float = 1e-7,
    activation: str = "relu",
    l1: float = 0.0,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> GradCheck:
    """The gradient check of ``gradient_check``, with the norms and an optional
    ``progress(done, total)`` called every few hundred parameters (a long check shows
    it is alive)."""
    keys = _keys(params)
    J, grads = loss_and_grads(params, X, Y, lambd, activation, l1)
    grad = np.concatenate([grads["d" + k].ravel() for k in keys])
    theta = params_to_vector(params).astype(np.float64)
    approx = np.empty_like(theta)
    for i in range(theta.size):
        if progress is not None and i % 256 == 0:
            progress(i, theta.size)
        old = theta[i]
        theta[i] = old + epsilon
        j_plus, _ = loss_and_grads(vector_to_params(theta, params), X, Y, lambd, activation, l1)
        theta[i] = old - epsilon
        j_minus, _ = loss_and_grads(vector_to_params(theta, params), X, Y, lambd, activation, l1)
        theta[i] = old
        approx[i] = (j_plus - j_minus) / (2 * epsilon)
    per: dict[str, float] = {}
    norms: dict[str, tuple[float, float]] = {}
    i = 0
    for k in keys:
        n = params[k].size
        a, g = approx[i : i + n], grad[i : i + n]
        per[k] = _relative(a, g)
        norms[k] = (float(np.linalg.norm(a)), float(np.linalg.norm(g)))
        i += n
    return GradCheck(_relative(approx, grad), per, norms, float(J))


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
    The regularization term is included; the check never changes ``params``. It costs
    two evaluations of J per parameter (``budget.gradcheck_work``).

    With ``l1``, backprop's gradient holds J's L1 subgradient (λ1/m) sign(W): that is
    the gradient of the J that ``train`` reports. ``train`` does not step along it, but
    takes L1's proximal step (``model.l1_prox``), which minimizes the same J. A weight
    exactly at 0 (where |w| has a kink) gets sign(0) = 0 from backprop and the mean of
    the two slopes, also 0, from the differences.
    """
    result = check_gradients(params, X, Y, lambd, epsilon, activation, l1)
    return (result.difference, result.per) if details else result.difference


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b)) / denom

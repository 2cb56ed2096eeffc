"""Gradient checking: two-sided finite differences against backprop, as in the course."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from .bugs import loss_and_grads_with
from .dropout import KeepProb, active, keep_probs, loss_and_grads_dropout, mask_rng
from .model import Params, loss_and_grads, n_layers

__all__ = [
    "EPSILON",
    "GROUP_LIMIT",
    "NEEDS_NO_DROPOUT",
    "VERDICTS",
    "CheckCancelled",
    "GradCheck",
    "check_function",
    "check_gradients",
    "difference_quotient",
    "gradient_check",
    "params_to_vector",
    "vector_to_params",
    "verdict",
]


NEEDS_NO_DROPOUT = (
    "the gradient check needs dropout off (keep_prob = 1): with dropout J is a new thinned "
    "network at every evaluation, so the differences measure the masks, not backprop; "
    "check with keep_prob = 1, then turn dropout back on"
)


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


# Where the relative difference of a gradient check falls (the course's bands, ε = 1e-7):
# about 1e-7 is great, about 1e-5 worth a closer look, about 1e-3 probably a bug. The
# limits sit between the bands (a factor of 10 either side of each).
VERDICTS: tuple[tuple[float, str], ...] = (
    (1e-6, "great"),
    (1e-4, "look closer"),
    (math.inf, "probably a bug"),
)
EPSILON = 1e-7  # the course's ε for a gradient check
GROUP_LIMIT = 1e-5  # a parameter group at or above this "differs" (names the layer)


def verdict(difference: float) -> str:
    """ "great", "look closer" or "probably a bug" for a relative difference (``VERDICTS``)."""
    if not math.isfinite(difference):
        return "probably a bug"
    return next(name for limit, name in VERDICTS if difference < limit)


class CheckCancelled(Exception):
    """``should_stop`` asked a gradient check to stop."""


@dataclass(frozen=True)
class GradCheck:
    """A gradient check's result: the relative ``difference`` over all parameters, the
    same per parameter ("W1", "b1", ...) in ``per``, and the norms ‖dθ_approx‖ and ‖dθ‖
    of each (``norms``: name -> (approx, backprop)), to tell a difference of two zero
    vectors (nothing to compare: dead units, all-zero weights) from agreement.
    ``stochastic``: J gave two values at the same θ (dropout on): the differences are
    noise, and the check means nothing until the cost is deterministic."""

    difference: float
    per: dict[str, float]
    norms: dict[str, tuple[float, float]]
    cost: float
    stochastic: bool = False

    def flat(self, name: str | None = None) -> bool:
        """Whether both gradients are zero up to rounding, for ``name`` (or all): the
        differences can only measure their rounding (about 1e-16 J / ε per entry)."""
        noise = 1e-8 * max(1.0, abs(self.cost))
        names = [name] if name is not None else list(self.norms)
        return all(max(self.norms[n]) <= noise for n in names)

    @property
    def verdict(self) -> str:
        """``verdict(difference)``; "stochastic" or "nothing to check" when it cannot say."""
        if self.stochastic:
            return "stochastic"
        if self.flat():
            return "nothing to check"
        return verdict(self.difference)

    def differing(self, limit: float = GROUP_LIMIT) -> list[str]:
        """The parameter groups ("W2", "b1", ...) whose difference is at least ``limit``."""
        return [k for k, v in self.per.items() if not self.flat(k) and not v < limit]

    @property
    def layer(self) -> int:
        """The layer the check points at: the highest l whose W or b differs (a wrong dZ[l]
        is carried down to every layer below, so the bug sits in the highest), 0 if none."""
        return max((int(k[1:]) for k in self.differing()), default=0)


CostAndGrads = Callable[[Params], tuple[float, Params]]
"""J and its gradients at some parameters: ``fn(params) -> (J, {"dW1": ..., ...})``."""


def check_function(
    fn: CostAndGrads,
    params: Params,
    epsilon: float = 1e-7,
    *,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[int, int], bool] | None = None,
) -> GradCheck:
    """Gradient check of any ``fn`` (its J against its own gradient) at ``params``.

    dθ_approx[i] = (J(θ + ε e_i) - J(θ - ε e_i)) / 2ε, two evaluations per parameter.
    ``progress(done, total)`` is called every 256 parameters, ``should_stop(done,
    total)`` every 64 (``should_stop`` True raises ``CheckCancelled``). J is evaluated twice at
    θ first: a cost that differs (a stochastic forward, such as dropout) gives a result
    with ``stochastic`` set, since its differences would measure noise.
    """
    keys = _keys(params)
    J, grads = fn(params)
    J_again, _ = fn({k: v.copy() for k, v in params.items()})
    stochastic = not (J_again == J or (math.isnan(J) and math.isnan(J_again)))
    grad = np.concatenate([grads["d" + k].ravel() for k in keys])
    theta = params_to_vector(params).astype(np.float64)
    approx = np.empty_like(theta)
    for i in range(theta.size):
        if progress is not None and i % 256 == 0:
            progress(i, theta.size)
        if should_stop is not None and i % 64 == 0 and should_stop(i, theta.size):
            raise CheckCancelled
        old = theta[i]
        theta[i] = old + epsilon
        j_plus, _ = fn(vector_to_params(theta, params))
        theta[i] = old - epsilon
        j_minus, _ = fn(vector_to_params(theta, params))
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
    return GradCheck(_relative(approx, grad), per, norms, float(J), stochastic)


def check_gradients(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    lambd: float = 0.0,
    epsilon: float = 1e-7,
    activation: str = "relu",
    l1: float = 0.0,
    *,
    bug: str = "none",
    fix: int = 0,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[int, int], bool] | None = None,
    keep_prob: KeepProb = 1.0,
) -> GradCheck:
    """The gradient check of ``gradient_check``, with the norms, an optional
    ``progress(done, total)`` (a long check shows it is alive) and ``should_stop``.
    ``bug`` (``bugs.BUGS``) plants a bug in backprop's gradient, ``fix`` = l takes
    layer l's backward from the reference; J itself is always the true cost.

    With dropout (some ``keep_prob`` < 1) every evaluation of J is a new thinned network
    (``dropout.loss_and_grads_dropout``, a new mask each time): the check fails, and
    says why (``stochastic``); it needs keep_prob = 1."""
    keep = keep_probs(keep_prob, n_layers(params) - 1)
    fn: CostAndGrads
    if active(keep):
        rng = mask_rng(0)
        fn = lambda p: loss_and_grads_dropout(p, X, Y, keep, rng, lambd, activation)  # noqa: E731
    elif bug == "none":
        fn = lambda p: loss_and_grads(p, X, Y, lambd, activation, l1)  # noqa: E731
    else:
        fn = lambda p: loss_and_grads_with(bug, p, X, Y, lambd, activation, l1, fix=fix)  # noqa: E731
    return check_function(fn, params, epsilon, progress=progress, should_stop=should_stop)


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
    keep_prob: KeepProb = 1.0,
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

    With dropout on (some ``keep_prob`` < 1) it refuses: ``ValueError``
    (``NEEDS_NO_DROPOUT``).
    """
    if active(keep_probs(keep_prob, n_layers(params) - 1)):
        raise ValueError(NEEDS_NO_DROPOUT)
    result = check_gradients(params, X, Y, lambd, epsilon, activation, l1)
    return (result.difference, result.per) if details else result.difference


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    denom = float(np.linalg.norm(a) + np.linalg.norm(b))
    return 0.0 if denom == 0 else float(np.linalg.norm(a - b)) / denom


COURSE_DIMS = (4, 5, 3, 1)  # the course's gradient-checking network (47 parameters)


def course_case() -> tuple[Params, np.ndarray, np.ndarray]:
    """The course's gradient-checking example: (params, X (4, 3), Y (1, 3)).

    The assignment seeds NumPy's generator with 1 and draws, with randn and in this
    order, x (4, 3), W1 (5, 4), b1 (5, 1), W2 (3, 5), b2 (3, 1), W3 (1, 3), b3 (1, 1);
    y = [1, 1, 0]; ReLU, ReLU, sigmoid. ``RandomState(1)`` is that same stream without
    touching the global generator. Check it with ``activation="relu"``, λ = 0.
    """
    rng = np.random.RandomState(1)
    X = rng.randn(4, 3)
    params: Params = {}
    for l in range(1, len(COURSE_DIMS)):
        n, n_prev = COURSE_DIMS[l], COURSE_DIMS[l - 1]
        params[f"W{l}"] = rng.randn(n, n_prev)
        params[f"b{l}"] = rng.randn(n, 1)
    return params, X, np.array([[1.0, 1.0, 0.0]])

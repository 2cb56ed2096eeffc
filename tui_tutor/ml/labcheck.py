"""The lab's gradient check: the current network at initialization and after its training.

``lab_check`` trains the run a ``LabConfig`` describes (the same seeds give the same
weights as the lab's own run), then checks backprop, with the config's planted ``bug``
and ``fix``, at the initial and at the trained weights, on the training set, with the
config's λ. Two checks because a bug may hide at initialization (``bugs.BUGS``'s
``forgot-b``: the biases start at 0) and show only once the weights have moved.

What it costs is bounded by ``budget.GRADCHECK_BUDGET`` (each of the two checks); a
check over it is refused with a ``ConfigError`` naming how many parameters fit. A
config with dropout (``keep_prob`` < 1) is checked on its thinned networks, a new mask
at every evaluation of J: the check fails, the result says why (``GradCheck.stochastic``)
and the view tells the learner to turn dropout off (keep_prob = 1) first.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import budget
from .dropout import keep_probs
from .gradcheck import CheckCancelled, GradCheck, check_gradients
from .model import Params
from .settings import ConfigError
from .sweep import SweepCancelled

__all__ = ["CHECK_METRICS", "LabCheck", "check_budget", "check_metrics", "check_run", "lab_check"]

CHECK_METRICS: tuple[str, ...] = ("gc_init", "gc_difference", "gc_layer")
"""The run metrics a gradient check measures (NaN when no check was asked for)."""

METRICS_BUDGET = 2e8
"""The most multiply-adds (``budget.gradcheck_work``, each of the two checks) that a run's
final metrics spend on ``CHECK_METRICS``: about 0.1 s, so a lab that offers the gradcheck
view stays quick at the end of every run (a 2-20-3-1 net at m_train = 240 takes about
5e7). A bigger network gets NaN there; the view's own check runs in its worker under
``budget.GRADCHECK_BUDGET``, stoppable."""


@dataclass(frozen=True)
class LabCheck:
    """Two gradient checks of one run: ``at_init`` and ``after`` ``epochs`` of training.

    ``bug``, ``fix``, ``lambd`` are the settings they ran with; ``keep_prob`` the run's
    lowest keep_prob of a hidden layer (1.0 without dropout).
    """

    at_init: GradCheck
    after: GradCheck
    epochs: int
    bug: str
    fix: int
    lambd: float
    keep_prob: float = 1.0

    def metrics(self) -> dict[str, float]:
        """``CHECK_METRICS`` of this check."""
        return {
            "gc_init": self.at_init.difference,
            "gc_difference": self.after.difference,
            "gc_layer": float(self.after.layer),
        }


def check_budget(config: Any, m_train: int) -> None:
    """Refuse (``ConfigError`` on ``layers``) a check of ``config``'s network over the budget."""
    work = budget.gradcheck_work(config.layer_dims, m_train)
    if work <= budget.GRADCHECK_BUDGET:
        return
    n = budget.forward_macs(config.layer_dims)
    fits = budget.largest_gradcheck(config.layer_dims, m_train)
    raise ConfigError(
        "layers",
        f"a gradient check of {n} parameters at m_train = {m_train} needs about "
        f"{budget.human(work)} multiply-adds, over the budget of "
        f"{budget.human(budget.GRADCHECK_BUDGET)}: at most about {fits} parameters fit "
        "(gradient checking is for a small net, such as layers 5,3)",
    )


def check_run(
    config: Any,
    initial: Params,
    trained: Params,
    X: Any,
    Y: Any,
    *,
    should_stop: Callable[[int, int], bool] | None = None,
) -> LabCheck:
    """Check ``initial`` and ``trained`` weights of ``config``'s network on ``X``, ``Y``.

    ``should_stop(done, total)``: True stops (``CheckCancelled``); ``done`` counts the
    parameters of both checks.
    """
    check_budget(config, X.shape[1])
    n = sum(v.size for v in initial.values())
    options = {
        "lambd": config.lambd, "epsilon": config.epsilon, "activation": config.activation,
        "l1": config.l1, "bug": config.bug, "fix": config.fix,
        "keep_prob": getattr(config, "keep_prob", 1.0),
    }  # fmt: skip

    def stop_from(offset: int) -> Callable[[int, int], bool] | None:
        if should_stop is None:
            return None
        return lambda done, _: should_stop(offset + done, 2 * n)

    first = check_gradients(initial, X, Y, **options, should_stop=stop_from(0))
    second = check_gradients(trained, X, Y, **options, should_stop=stop_from(n))
    keep_prob = min(keep_probs(options["keep_prob"], len(config.layer_dims) - 2), default=1.0)
    return LabCheck(first, second, config.epochs, config.bug, config.fix, config.lambd, keep_prob)


def lab_check(
    config: Any,
    *,
    weight_seed: int | None = None,
    data_seed: int | None = None,
    should_stop: Callable[[int], bool] | None = None,
) -> LabCheck:
    """Train ``config`` (a ``LabConfig``) as the lab does and check it before and after.

    ``should_stop(done)`` as a sweep's (``done`` in epochs: training counts its epochs,
    the checks the rest of the way to ``config.epochs`` in proportion); True raises
    ``SweepCancelled``.
    """
    data = config.with_data_seed(data_seed).data() if data_seed is not None else config.data()
    check_budget(config, data.sizes[0])
    seed = config.seed if weight_seed is None else weight_seed
    initial = config.initial_params(seed)  # the run draws the same from the same seed
    run = config.run(
        every=max(1, config.epochs // 20), weight_seed=seed, data_seed=data_seed, dev=False
    )
    epochs = config.epochs
    half = epochs // 2  # the progress bar: training is its first half, the checks the rest
    for record in run.records:
        if should_stop is not None and should_stop(record.epoch * half // max(1, epochs)):
            raise SweepCancelled

    def stop(done: int, total: int) -> bool:
        return should_stop is not None and should_stop(half + done * (epochs - half) // total)

    try:
        return check_run(config, initial, run.params, data.X_train, data.Y_train,
                         should_stop=stop)  # fmt: skip
    except CheckCancelled:
        raise SweepCancelled from None


def check_metrics(config: Any, initial: Params | None, trained: Params, X: Any, Y: Any) -> dict:
    """``CHECK_METRICS`` of a finished run (NaN each over ``METRICS_BUDGET``)."""
    nan = dict.fromkeys(CHECK_METRICS, math.nan)
    if initial is None or budget.gradcheck_work(config.layer_dims, X.shape[1]) > METRICS_BUDGET:
        return nan
    try:
        return check_run(config, initial, trained, X, Y).metrics()
    except ConfigError:
        return nan

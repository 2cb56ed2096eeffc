"""What a run, a sweep or a gradient check costs, estimated from its settings, and the budget.

Every limit of a single setting is reasonable, but together they multiply: 6 layers of
256 units, m = 20,000 and 200,000 epochs asked for terabytes of multiply-adds, and a
sweep stacks K such models. So before any array is made, ``estimate`` reckons the work
(multiply-adds, with each step's fixed cost counted as the multiply-adds it takes the
same time for) and the memory (the arrays the fast path allocates) from the network's
shape and the set sizes alone, and ``check`` refuses what exceeds the budget with one
``ConfigError`` naming the budget and what would fit. ``LabConfig.validate`` checks a
run, ``LabConfig.sweep`` a sweep, so the CLI, the app's form and lesson packs refuse the
same things in the same words.

The budgets (the worst cases they allow are measured by benchmarks/bench_budget.py):

- ``MEMORY_BUDGET``: the arrays of one run or one sweep, 150 MB, so the app (a run and
  its two sweeps at once, plus Python, NumPy and Textual) stays under 500 MB;
- ``EPOCH_BUDGET``: one epoch of a run, 5e7 multiply-adds (about 25 ms on one core
  here), so the lab, which checks for a cancel at least every 50 epochs, answers a key
  or quits within about a second; a sweep's epoch may cost ``SWEEP_EPOCH_BUDGET``
  (4e8, about 0.2 s), since a sweep asks whether to stop after every few epochs
  (``check_every``);
- ``WORK_BUDGET``: a whole run or sweep, 3e11 multiply-adds (at most about 2 minutes);
- ``MAX_SWEEP_MODELS``: at most 50 λ values or training-set sizes in one sweep;
- ``GRADCHECK_BUDGET``: a gradient check (two cost evaluations per parameter), 2e10.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from .data import DataError, split_sizes
from .settings import SETTINGS, ConfigError

__all__ = [
    "EPOCH_BUDGET",
    "GRADCHECK_BUDGET",
    "MAX_SWEEP_MODELS",
    "MEMORY_BUDGET",
    "SWEEP_EPOCH_BUDGET",
    "WORK_BUDGET",
    "Cost",
    "check",
    "check_every",
    "estimate",
    "forward_macs",
    "gradcheck_work",
    "human",
    "largest_gradcheck",
]

MEMORY_BUDGET = 150 * 2**20  # bytes of arrays per run or sweep
EPOCH_BUDGET = 5e7  # multiply-adds per epoch of a run (about 25 ms on one core)
SWEEP_EPOCH_BUDGET = 4e8  # ... of a sweep, which is asked to stop every few epochs
WORK_BUDGET = 3e11  # multiply-adds per run or sweep (at most about 2 minutes)
MAX_SWEEP_MODELS = 50  # models (λ values, training-set sizes) in one sweep
GRADCHECK_BUDGET = 2e10  # multiply-adds of one gradient check

# The fixed cost of NumPy calls, in the multiply-adds that take the same time (about
# 2e9 a second on one core here): one layer's share of a step (about 7 µs), a mini-batch
# step's gathering of its examples (about 40 µs). Measured by benchmarks/bench_budget.py.
LAYER_STEP = 1.5e4
BATCH_STEP = 8e4
STACKED = 3.0  # K stacked models run at about a third of the rate of one (batched matmuls)
# Bytes per float of an activation: A, Z and dZ for the train and dev buffers, and the
# temporaries of the measures (3.2 measured, 3.3 taken).
_PER_UNIT = 8 * 3.3


def forward_macs(dims: Sequence[int]) -> int:
    """Multiply-adds of one example's forward pass: Σ_l n[l] (n[l-1] + 1)."""
    return sum(n * (p + 1) for p, n in zip(dims, dims[1:], strict=False))


def human(x: float) -> str:
    """A large count as people write it: 3e11, 5.3e7."""
    return f"{x:.2g}".replace("e+0", "e").replace("e+", "e")


@dataclass(frozen=True)
class Cost:
    """The estimate of one computation: ``memory`` (bytes), ``epoch`` and ``total`` work
    (multiply-adds), for ``models`` models (1 for a run)."""

    memory: float
    epoch: float
    total: float
    models: int = 1

    @property
    def epoch_budget(self) -> float:
        return EPOCH_BUDGET if self.models == 1 else SWEEP_EPOCH_BUDGET

    def over(self) -> str | None:
        """Which budget it exceeds first ("memory", "epoch", "total"), or None."""
        if self.memory > MEMORY_BUDGET:
            return "memory"
        if self.epoch > self.epoch_budget:
            return "epoch"
        if self.total > WORK_BUDGET:
            return "total"
        return None


def estimate(
    layer_dims: Sequence[int],
    sizes: tuple[int, int, int],
    epochs: int,
    batch_size: int = 0,
    models: int = 1,
) -> Cost:
    """The cost of training ``models`` networks of ``layer_dims`` = [n_x, n1, ..., 1] on
    ``sizes`` = (m_train, m_dev, m_test) for ``epochs`` epochs (``batch_size`` 0: full
    batch). A sweep's models are stacked: one set of steps, K times the arithmetic.

    Work per epoch: each step's forward and backward (3 multiply-adds per weight and
    example) plus its fixed cost, and a forward pass over the dev set (a record; the
    lab records far less often, so this is an upper bound), counted ``STACKED`` times for
    stacked models (they run at about a third of the rate of one). Memory: about three floats
    per hidden unit and example of the train and dev sets (A, Z, dZ and the measures'
    temporaries) per model, the per-example weights of a stacked sweep, the parameters.
    """
    m_train, m_dev, m_test = (int(v) for v in sizes)
    L = len(layer_dims) - 1
    units = sum(layer_dims[1:])
    full = batch_size <= 0 or batch_size >= m_train
    steps = 1 if full else math.ceil(m_train / batch_size)
    fixed = steps * (L * LAYER_STEP + (0 if full else BATCH_STEP))
    f = forward_macs(layer_dims)
    epoch = models * (3 * f * m_train + f * m_dev) * (STACKED if models > 1 else 1) + fixed
    params = f  # one weight or bias per multiply-add of a forward pass
    memory = (
        models * (_PER_UNIT * units * (m_train + m_dev) + 8 * 6 * params)
        + (8 * 3 * models * m_train if models > 1 else 0)  # per-example weights
        + 8 * units * max(m_test, 1)  # the test forward of the final metrics
    )
    return Cost(memory, epoch, epoch * max(1, epochs), models)


def check_every(cost: Cost, most: int = 25) -> int:
    """Epochs between a sweep's ``should_stop`` calls: at most ``most``, fewer when its
    epochs are heavy, so a stale sweep stops within about 0.05 s of work."""
    return max(1, min(most, int(1e8 // max(cost.epoch, 1.0))))


def explain(cost: Cost, fits: str) -> str:
    """One line: the estimate, the budget it exceeds, and what would fit (``fits``)."""
    what = cost.over()
    if what == "memory":
        got = f"about {math.ceil(cost.memory / 2**20)} MB of arrays"
        budget = f"the budget of {MEMORY_BUDGET // 2**20} MB per run or sweep"
    elif what == "epoch":
        got = f"about {human(cost.epoch)} multiply-adds per epoch"
        budget = f"the budget of {human(cost.epoch_budget)} (so the lab answers at once)"
    else:
        got = f"about {human(cost.total)} multiply-adds in all"
        budget = f"the budget of {human(WORK_BUDGET)} (about 2 minutes)"
    return f"too big to train here: {got}, over {budget}: {fits}"


def gradcheck_work(layer_dims: Sequence[int], m_train: int) -> float:
    """Multiply-adds of a gradient check: two cost evaluations (a forward and backward
    pass over ``m_train`` examples, and their fixed cost) per parameter."""
    f = forward_macs(layer_dims)
    L = len(layer_dims) - 1
    return 2 * f * (3 * f * m_train + 2 * L * LAYER_STEP)


def largest_gradcheck(layer_dims: Sequence[int], m_train: int) -> int:
    """About how many parameters a gradient check at this depth and ``m_train`` fits
    in ``GRADCHECK_BUDGET``."""
    L = len(layer_dims) - 1
    a, b = 6 * m_train, 4 * L * LAYER_STEP  # 2n (3 n m + 2 L c) = budget
    return int((-b + math.sqrt(b * b + 4 * a * GRADCHECK_BUDGET)) / (2 * a))


def check(cfg: Any, models: int = 1, kind: str = "run", sizes: tuple | None = None) -> None:
    """Raise ``ConfigError`` when ``cfg`` (a ``LabConfig``) run alone, or as a sweep of
    ``models`` models (``kind`` "validation" or "learning"), exceeds a budget; the
    message names the budget and what would fit. ``sizes`` (m_train, m_dev, m_test)
    default to what the split makes of m (a CSV's own size is passed in)."""
    if models > MAX_SWEEP_MODELS:
        raise ConfigError(
            "lambd" if kind == "validation" else "m",
            f"a sweep of {models} models is too many: at most {MAX_SWEEP_MODELS} "
            "λ values or training-set sizes",
        )
    cost = cfg.cost(models, sizes)
    if cost.over() is not None:
        key, fits = _what_fits(cfg, cost, models, kind, sizes)
        raise ConfigError(key, explain(cost, fits))


def _doubling(start: int, stop: int) -> list[int]:
    """2 start, 4 start, ... up to ``stop`` (included)."""
    out, b = [], max(1, start)
    while b < stop:
        b *= 2
        out.append(min(b, stop))
    return out


def _what_fits(
    cfg: Any, cost: Cost, models: int, kind: str, sizes: tuple | None
) -> tuple[str, str]:
    """(the setting to change, "what fits" in words) for a cost over budget: the remedy
    for the first budget it exceeds (memory and an epoch's work grow with the models, m
    and the number of mini-batches; the total with the epochs too)."""
    per_epoch = cost.over() in ("memory", "epoch")

    def fits(name: str, value: int) -> bool:
        k = value if name == "models" else models
        trial = cfg if name == "models" else replace(cfg, **{name: value})
        try:
            s = sizes if name != "m" else trial._sizes(trial.m)
            over = trial.cost(k, s).over()
        except DataError:
            return False
        return over is None or (per_epoch and over == "total")

    def largest(name: str, lo: int, hi: int) -> int | None:
        """The largest value in [lo, hi] that fits (costs grow with it), or None."""
        if hi < lo or not fits(name, lo):
            return None
        while lo < hi:
            mid = (lo + hi + 1) // 2
            lo, hi = (mid, hi) if fits(name, mid) else (lo, mid - 1)
        return lo

    def epochs_too(changed: Cost) -> str:
        """ ", with at most N epochs" when the total is over as well."""
        n = int(WORK_BUDGET // max(changed.epoch, 1.0))
        return f", with at most {n} epochs" if changed.total > WORK_BUDGET else ""

    if models > 1 and (k := largest("models", 1, models - 1)):
        name = "λ values" if kind == "validation" else "training-set sizes"
        return ("lambd" if kind == "validation" else "m"), f"at most {k} {name} fit"
    if not per_epoch:
        n = largest("epochs", 1, cfg.epochs - 1)
        return "epochs", f"at most {n or 1} epochs fit with these settings"
    train = (sizes or split_sizes(cfg.m, cfg.split))[0]
    if cfg.batch_size and cfg.batch_size < train:
        # Many small steps: their fixed cost is what a bigger batch saves.
        b = next((b for b in _doubling(cfg.batch_size, train) if fits("batch_size", b)), None)
        if b is not None:
            after = replace(cfg, batch_size=b).cost(models, sizes)
            return "batch_size", (
                f"a mini-batch size of at least {b} fits (0: full batch){epochs_too(after)}"
            )
    if sizes is None and all(float(v) <= 1 for v in cfg.split):  # ratios: m scales
        m = largest("m", int(SETTINGS["m"].limits[0]), cfg.m - 1)
        if m:
            after = replace(cfg, m=m).cost(models)
            return "m", (
                f"at most m = {m} fits with these layers{epochs_too(after)} "
                "(or use fewer, narrower ones)"
            )
    return "layers", "use fewer or narrower hidden layers, or less data"

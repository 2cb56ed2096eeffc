"""Validation curves (error against λ) and learning curves (error against m).

Each sweep trains all of its models at once: their weights are stacked along a first
axis of size K and stepped together by ``loops.run_batch``, so 12 λ values cost far
less than 12 runs. Every model starts from the same initial weights (``seed``), so the
curves differ only by the swept quantity.

With a hidden activation that has no fast form, a sweep runs one reference run per model
(``loops.run_reference``), stepped in lockstep so ``should_stop`` works the same. Its
results are the stacked ones, except for a learning curve with mini-batches: the stacked
models draw their batches from all m examples (a model's share of a batch may be empty),
a reference run of model k from its own m_k.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

from . import budget, earlystop
from .fast import PackedNet, has_fast_path
from .loops import Measure, run_batch, run_reference
from .model import init_params

__all__ = ["SweepCancelled", "SweepResult", "learning_curve", "validation_curve"]


@dataclass
class SweepResult:
    """Final metrics of K models, one per swept value; every array has shape (K,).

    ``values`` are the swept λ values or training-set sizes. ``diverged`` marks models
    whose weights or cost became NaN or infinite (their metrics are NaN). ``n_dev`` is
    the number of dev examples (one of them is 1/n_dev of the dev error; 0 if unknown).

    Which λ to choose (``chosen_index``) follows the lesson: the lowest dev error, and
    among the models within one dev example of it (``ties``: the measurement cannot
    rank them) the simplest, most regularized one, the largest λ.
    """

    param: str
    values: np.ndarray
    train_error: np.ndarray
    dev_error: np.ndarray
    cost: np.ndarray
    data_cost: np.ndarray
    penalty: np.ndarray
    w_norm_sq: np.ndarray
    diverged: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    n_dev: int = 0

    def rows(self) -> list[dict[str, float | bool]]:
        """One dict per swept value, for tables and JSON (NaN becomes None)."""
        out = []
        for i, v in enumerate(self.values):
            row: dict = {self.param: float(v)}
            for name in ("train_error", "dev_error", "cost", "data_cost", "penalty", "w_norm_sq"):
                x = float(getattr(self, name)[i])
                row[name] = x if np.isfinite(x) else None
            row["diverged"] = bool(self.diverged[i])
            out.append(row)
        return out

    @property
    def best_index(self) -> int:
        """Index of the lowest dev error (the first on ties); -1 if none is finite."""
        dev = np.where(np.isfinite(self.dev_error), self.dev_error, np.inf)
        return int(np.argmin(dev)) if np.isfinite(dev).any() else -1

    @property
    def ties(self) -> list[int]:
        """Indices of the models whose dev error is within one dev example of the lowest
        (the lowest included), in sweep order; [] if none is finite.

        Dev errors are counts over the same n_dev examples, so "within one example" is
        a difference of at most 1/n_dev (with n_dev unknown: equal errors).
        """
        best = self.best_index
        if best < 0:
            return []
        step = 1.0 / self.n_dev if self.n_dev else 0.0
        top = self.dev_error[best] + step + 1e-9
        return [i for i, v in enumerate(self.dev_error) if np.isfinite(v) and v <= top]

    @property
    def chosen_index(self) -> int:
        """The model to choose: among ``ties`` the largest λ (validation curve) or the
        largest training set (learning curve); -1 if none is finite."""
        ties = self.ties
        return max(ties, key=lambda i: float(self.values[i])) if ties else -1


def _stack(layer_dims: Sequence[int], K: int, init: str, seed: int, scale: float):
    p = init_params(layer_dims, init, seed, scale)
    L = len(layer_dims) - 1
    Ws = [np.repeat(p[f"W{l}"][None], K, axis=0) for l in range(1, L + 1)]
    bs = [np.repeat(p[f"b{l}"][None], K, axis=0) for l in range(1, L + 1)]
    return Ws, bs


class SweepCancelled(Exception):
    """Raised by a sweep whose ``should_stop`` callback returned True."""


def _every(
    epochs: int, should_stop: Callable[[int], bool] | None, cost: budget.Cost | None = None
) -> int:
    # With a callback, pause every 25 epochs to ask it (measuring K models there is
    # cheap), or more often when the epochs are heavy (``budget.check_every``).
    if should_stop is None:
        return max(1, epochs)
    most = max(1, min(epochs, 25))
    return most if cost is None else budget.check_every(cost, most)


def _lockstep(runs: list[Iterator[tuple[int, Measure]]]) -> Iterator[tuple[int, Measure]]:
    """K one-model runs stepped together, their measures joined into arrays of shape (K,)."""
    names = [f.name for f in fields(Measure)]
    for steps in zip(*runs, strict=True):
        joined = [np.concatenate([getattr(meas, n) for _, meas in steps]) for n in names]
        yield steps[0][0], Measure(*joined)


def _reference_runs(
    X, Y, X_dev, Y_dev, layer_dims, models, *, init, init_scale, seed, every, **options
) -> Iterator[tuple[int, Measure]]:
    """The sweep without a fast form: one reference run per model, in lockstep.

    ``models`` holds, per model, its training-set size m_k and λ.
    """  # fmt: skip
    runs = [
        run_reference(init_params(layer_dims, init, seed, init_scale), X[:, :mk], Y[:, :mk],
                      lambd=lambd, X_dev=X_dev, Y_dev=Y_dev, seed=seed, every=every, **options)
        for mk, lambd in models
    ]  # fmt: skip
    return _lockstep(runs)


def _run(steps, epochs, param, values, should_stop, n_dev, patience=0):
    if patience:  # each model's figures are those of its best dev epoch
        steps = earlystop.watch_batch(steps, patience=patience, epochs=epochs)
    meas = None
    for epoch, meas in steps:
        if should_stop is not None and epoch < epochs and should_stop(epoch):
            raise SweepCancelled(f"stopped at epoch {epoch} of {epochs}")
    assert meas is not None
    bad = ~meas.finite

    def clean(a: np.ndarray) -> np.ndarray:
        a = np.array(a, dtype=float)
        a[bad] = np.nan
        return a

    return SweepResult(
        param,
        np.asarray(values, dtype=float),
        clean(meas.train_error),
        clean(meas.dev_error),
        clean(meas.cost),
        clean(meas.data_cost),
        clean(meas.penalty),
        clean(meas.w_norm_sq),
        bad,
        int(n_dev),
    )


def _check(X: np.ndarray, Y: np.ndarray, layer_dims: Sequence[int]) -> None:
    if X.shape[0] != layer_dims[0] or Y.shape != (1, X.shape[1]):
        raise ValueError(
            f"X must be ({layer_dims[0]}, m) and Y (1, m), got {X.shape} and {Y.shape}"
        )


def validation_curve(
    X: np.ndarray,
    Y: np.ndarray,
    X_dev: np.ndarray,
    Y_dev: np.ndarray,
    layer_dims: Sequence[int],
    lambds: Sequence[float],
    *,
    lr: float,
    epochs: int,
    activation: str = "relu",
    init: str = "he",
    init_scale: float = 1.0,
    l1: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
    should_stop: Callable[[int], bool] | None = None,
    patience: int = 0,
    dtype: type = np.float32,
) -> SweepResult:
    """Train one model per λ in ``lambds`` and return final train/dev errors against λ.

    ``X`` (n_x, m), ``Y`` (1, m) train; ``X_dev``, ``Y_dev`` dev; ``layer_dims`` =
    [n_x, n1, ..., 1]. All models share the initial weights and the mini-batch order.
    ``should_stop(epochs_done)``, if given, is asked every 25 epochs; returning True
    raises ``SweepCancelled`` (a UI cancels a stale sweep this way and shows progress).
    ``patience`` > 0: early stopping per model (``earlystop.watch_batch``; the models
    are measured every epoch and ``should_stop`` is asked at each).
    ``dtype`` is that of the work buffers and the weights the products read: float32
    (the default) is about twice as fast as float64; the updates still accumulate in
    float64, so costs move by about 1e-7 to 5e-5 relative after 1000-2000 epochs
    (measured on moons; an error changes only if an example sits that close to the
    boundary, and none did); pass np.float64 to agree with single runs to rounding.
    Measures are computed in float64.
    """
    _check(X, Y, layer_dims)
    lam = np.asarray(lambds, dtype=float)
    if lam.ndim != 1 or lam.size == 0 or np.any(lam < 0) or not np.all(np.isfinite(lam)):
        raise ValueError("lambds must be a non-empty list of numbers >= 0")
    K, m = lam.size, X.shape[1]
    cost = budget.estimate(layer_dims, (m, Y_dev.shape[1], 0), epochs, batch_size or 0, K)
    every = 1 if patience else _every(epochs, should_stop, cost)
    options = dict(lr=lr, epochs=epochs, batch_size=batch_size, every=every)
    if has_fast_path(activation):
        Ws, bs = _stack(layer_dims, K, init, seed, init_scale)
        net = PackedNet(
            Ws, bs, activation, lam, np.full(K, l1), np.full(K, m), stacked=True, dtype=dtype
        )
        w = np.full((1, 1, m), 1.0 / m)
        steps = run_batch(net, X, Y, w, X_dev=X_dev, Y_dev=Y_dev, seed=seed, **options)
    else:
        steps = _reference_runs(X, Y, X_dev, Y_dev, layer_dims, [(m, v) for v in lam],
                                init=init, init_scale=init_scale, seed=seed, l1=l1,
                                activation=activation, **options)  # fmt: skip
    return _run(steps, epochs, "lambd", lam, should_stop, Y_dev.shape[1], patience)


def learning_curve(
    X: np.ndarray,
    Y: np.ndarray,
    X_dev: np.ndarray,
    Y_dev: np.ndarray,
    layer_dims: Sequence[int],
    sizes: Sequence[int],
    *,
    lr: float,
    epochs: int,
    lambd: float = 0.0,
    activation: str = "relu",
    init: str = "he",
    init_scale: float = 1.0,
    l1: float = 0.0,
    batch_size: int | None = None,
    seed: int = 0,
    should_stop: Callable[[int], bool] | None = None,
    patience: int = 0,
    dtype: type = np.float32,
) -> SweepResult:
    """Train one model per training-set size m_k in ``sizes`` (the first m_k examples).

    ``should_stop``, ``patience`` and ``dtype`` work as in ``validation_curve``.

    The training error of each model is measured on its own m_k examples, the dev error
    on the whole dev set. Subsets are nested, so a larger m only adds examples. Each
    model's data cost is the mean over its own subset and its penalty uses λ/(2 m_k).
    """
    _check(X, Y, layer_dims)
    m = X.shape[1]
    ms = np.asarray(sizes, dtype=int)
    if ms.ndim != 1 or ms.size == 0 or np.any(ms < 1) or np.any(ms > m):
        raise ValueError(f"sizes must be whole numbers between 1 and m = {m}")
    K = ms.size
    w = np.zeros((K, 1, m))
    for k, mk in enumerate(ms):
        w[k, 0, :mk] = 1.0 / mk
    cost = budget.estimate(layer_dims, (m, Y_dev.shape[1], 0), epochs, batch_size or 0, K)
    every = 1 if patience else _every(epochs, should_stop, cost)
    options = dict(lr=lr, epochs=epochs, batch_size=batch_size, every=every)
    if has_fast_path(activation):
        Ws, bs = _stack(layer_dims, K, init, seed, init_scale)
        net = PackedNet(
            Ws,
            bs,
            activation,
            np.full(K, lambd),
            np.full(K, l1),
            ms.astype(float),
            stacked=True,
            dtype=dtype,
        )
        steps = run_batch(net, X, Y, w, X_dev=X_dev, Y_dev=Y_dev, seed=seed, **options)
    else:
        steps = _reference_runs(X, Y, X_dev, Y_dev, layer_dims, [(mk, lambd) for mk in ms],
                                init=init, init_scale=init_scale, seed=seed, l1=l1,
                                activation=activation, **options)  # fmt: skip
    return _run(steps, epochs, "m", ms, should_stop, Y_dev.shape[1], patience)

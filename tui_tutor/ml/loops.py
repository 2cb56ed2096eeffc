"""The epochs of gradient descent, twice: on the packed fast path and on the reference model.

Both loops share the schedule (``_schedule``: a measure at epoch 0, at every multiple of
``every`` and at ``epochs``) and the mini-batch order (``_batches``: one shuffled order
per epoch from ``seed``), and yield ``(epoch, Measure)``, so ``train`` builds the same
records from either. ``run_batch`` trains the K models of a ``fast.PackedNet``;
``run_reference`` is plain gradient descent over ``model.loss_and_grads``, the
definition the fast path is tested against.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from . import dropout
from .fast import Buffers, PackedNet
from .model import Params, cost_terms, forward, l1_prox, loss_and_grads, n_layers, predict

__all__ = ["Measure", "run_batch", "run_fast", "run_reference"]


@dataclass
class Measure:
    """Per-model arrays of shape (K,) measured at one epoch (K = 1 for one run)."""

    data_cost: np.ndarray
    penalty: np.ndarray
    train_error: np.ndarray
    dev_error: np.ndarray
    w_norm_sq: np.ndarray
    finite: np.ndarray
    # dropout: J of one thinned network at these weights (NaN without dropout)
    cost_thinned: np.ndarray = field(default_factory=lambda: np.full(1, np.nan))

    @property
    def cost(self) -> np.ndarray:
        return self.data_cost + self.penalty


def _schedule(
    measure: Callable[[], Measure], advance: Callable[[int, int], None], epochs: int, every: int
) -> Iterator[tuple[int, Measure]]:
    """Yield (epoch, measure()) at 0, every ``every`` epochs and at ``epochs``.

    ``advance(start, stop)`` trains from epoch ``start`` to ``stop``. Overflow to inf/NaN
    is expected when training diverges and is reported by the measures, so floating-point
    warnings are silenced, but only while computing: the caller's code between yields
    keeps its own error state.
    """
    epoch = 0
    while True:
        with np.errstate(all="ignore"):
            meas = measure()
        yield epoch, meas
        if epoch >= epochs:
            return
        stop = min(epochs, (epoch // every + 1) * every)
        with np.errstate(all="ignore"):
            advance(epoch, stop)
        epoch = stop


def _batches(rng: np.random.Generator, m: int, batch_size: int) -> Iterator[np.ndarray]:
    """One epoch's mini-batches: indices (≤ batch_size,) in a fresh shuffled order."""
    order = rng.permutation(m)
    for first in range(0, m, batch_size):
        yield order[first : first + batch_size]


def _full_batch(batch_size: int | None, m: int) -> bool:
    return batch_size is None or batch_size <= 0 or batch_size >= m


class _Meter:
    """Measures every model of a ``PackedNet`` at a recorded epoch: cost terms, errors, norms.

    ``Y`` (1, m) and ``w`` (1 or K, 1, m) as in ``run_batch``; ``dev`` holds the loaded
    dev inputs (or None) and ``Y_dev`` (1, m_dev) their labels. What does not change
    between records is prepared once.
    """

    def __init__(
        self,
        net: PackedNet,
        Y: np.ndarray,
        w: np.ndarray,
        dev: Buffers | None,
        Y_dev: np.ndarray | None,
    ) -> None:
        self.net, self.Y, self.w, self.dev = net, Y, w, dev
        self.y = Y.reshape(-1)
        self.y_pos = self.y > 0.5
        self.y_dev_pos = None if Y_dev is None else Y_dev.reshape(-1) > 0.5
        # One model on the whole set: plain means and a flat mask of the weights W
        # (not the biases) in ``theta``, so norms take two calls for any depth.
        self.plain = not net.lead and w.size == Y.size and bool(np.all(w == w.flat[0]))
        if self.plain:
            self.w_mask = net.per_weight(np.ones(1), 0.0)
        else:
            # Errors are counts over the examples each model trains on (w > 0), so a
            # model trained on a subset reports exactly what a run on it alone reports.
            self.used = w > 0
            self.n_used = np.sum(self.used, axis=(1, 2))

    def __call__(self, Z: np.ndarray) -> Measure:
        """Measures for the training logits ``Z`` (*lead, 1, m) of the current weights."""
        net = self.net
        if self.plain:
            z = Z.reshape(-1)
            m = z.size
            data = np.array([(np.logaddexp(0.0, z).sum() - np.dot(self.y, z)) / m])
            train_err = np.array([np.count_nonzero((z > 0) != self.y_pos) / m])
            t = net.theta * self.w_mask
            sq = np.array([np.dot(t, t)])
            ab = np.array([np.abs(t).sum()]) if net.l1[0] else np.zeros(1)
            finite = np.array([np.isfinite(net.theta).all()])
        else:
            Z = Z.reshape(net.K, 1, -1).astype(np.float64, copy=False)  # measures in float64
            data = np.sum((np.logaddexp(0.0, Z) - self.Y * Z) * self.w, axis=(1, 2))
            wrong = ((Z > 0) != self.y_pos) & self.used
            train_err = np.sum(wrong, axis=(1, 2)) / self.n_used
            sq, ab = net.norms()
            finite = net.finite()
        penalty = net.lambd / (2 * net.m_eff) * sq + net.l1 / net.m_eff * ab
        if self.dev is not None and self.y_dev_pos is not None:
            Zd = net.forward(self.dev).reshape(net.K, -1)  # only its sign is used
            dev_err = np.count_nonzero((Zd > 0) != self.y_dev_pos, axis=1) / Zd.shape[1]
        else:
            dev_err = np.full(net.K, np.nan)
        finite = finite & np.isfinite(data) & np.isfinite(penalty)
        return Measure(data, penalty, train_err, dev_err, sq, finite)


def run_batch(
    net: PackedNet,
    X: np.ndarray,
    Y: np.ndarray,
    w: np.ndarray,
    *,
    lr: float,
    epochs: int,
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    every: int = 1,
) -> Iterator[tuple[int, Measure]]:
    """Train the K models of ``net`` and yield (epoch, measures) every ``every`` epochs.

    ``X`` (n_x, m), ``Y`` (1, m), ``w`` (1 or K, 1, m) per-example weights of the data
    cost (each model's row sums to 1). The first yield is epoch 0 (the initial state),
    the last is ``epochs``. Mini-batches (``batch_size`` < m) are drawn in one shuffled
    order per epoch from ``seed``; their weights are rescaled so each step's gradient
    is an unbiased estimate of the full one. Between yields the caller may read (not
    resize) ``net.Wb``.
    """
    m = X.shape[1]
    full = _full_batch(batch_size, m)
    rng = np.random.default_rng(seed)
    net.set_lr(lr)
    # A single model's per-example weights drop the stacking axis: (1, m).
    shape = (1, m) if not net.lead else w.shape
    w_step = w.reshape(shape).astype(net.dtype)
    half_w = 0.5 * lr * w_step
    c_full = lr * (0.5 - Y.reshape(1, m).astype(net.dtype)) * w_step
    train_bufs = net.buffers("train", m)
    train_bufs.load(X)
    dev = None
    if X_dev is not None and Y_dev is not None and Y_dev.shape[1] > 0:
        dev = net.buffers("dev", Y_dev.shape[1])
        dev.load(X_dev)
    meter = _Meter(net, Y, w, dev, Y_dev)
    forward_, step = net.forward, net.step

    def advance(start: int, stop: int) -> None:
        """Train from epoch ``start`` to ``stop``; in full batch the measure ran forward."""
        if full:
            step(train_bufs, half_w, c_full)
            for _ in range(start + 1, stop):
                forward_(train_bufs)
                step(train_bufs, half_w, c_full)
            return
        for _ in range(start, stop):
            for idx in _batches(rng, m, batch_size):  # type: ignore[arg-type]
                bufs = net.buffers("batch", len(idx))
                bufs.load(X[:, idx])
                wb = w_step[..., idx] * (m / len(idx))
                forward_(bufs)
                step(bufs, 0.5 * lr * wb, lr * (0.5 - Y[:, idx].astype(net.dtype)) * wb)

    return _schedule(lambda: meter(forward_(train_bufs)), advance, epochs, every)


def run_fast(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    lambd: float,
    l1: float,
    activation: str,
    **options,
) -> Iterator[tuple[int, Measure]]:
    """``run_batch`` for one model, keeping ``params`` equal to the weights at each yield.

    Arguments as in ``run_reference``.
    """  # fmt: skip
    L = n_layers(params)
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]
    bs = [params[f"b{l}"] for l in range(1, L + 1)]
    m = Y.shape[1]
    net = PackedNet(Ws, bs, activation, np.array([lambd]), np.array([l1]), np.array([m]),
                    stacked=False)  # fmt: skip
    for epoch, meas in run_batch(net, X, Y, np.full((1, 1, m), 1.0 / m), **options):
        for l in range(L):  # the measure describes these weights
            np.copyto(Ws[l], net.W[l])
            np.copyto(bs[l], net.b[l])
        yield epoch, meas


def run_reference(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    lr: float,
    epochs: int,
    lambd: float = 0.0,
    l1: float = 0.0,
    activation: str = "relu",
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    every: int = 1,
    keep_prob: tuple[float, ...] = (),
) -> Iterator[tuple[int, Measure]]:
    """Plain gradient descent over ``loss_and_grads``, updating ``params`` in place.

    ``X`` (n_x, m), ``Y`` (1, m); ``X_dev``, ``Y_dev`` an optional dev set. Each step is
    W := W - α dW for every parameter, dW from the data cost and the L2 term, then with
    L1 the proximal step W := sign(W) max(|W| - αλ1/m, 0) (``model.l1_prox``). A
    mini-batch of b examples uses λ b/m, so that its penalty is the whole set's
    (λ/2m) Σ‖W‖²_F, and the same threshold αλ1/m. Yields (epoch, measures of shape (1,))
    as ``run_batch`` does, with ``params`` describing them.

    ``keep_prob`` (one per hidden layer, some < 1) trains with inverted dropout: each
    step descends on a thinned network with a new mask (``dropout.py``); the measures
    are those of the whole network, plus ``cost_thinned``, one thinned network's J.
    """
    m = X.shape[1]
    full = _full_batch(batch_size, m)
    rng = np.random.default_rng(seed)
    drop = dropout.active(keep_prob)
    masks, at = dropout.mask_rng(seed), [0]  # at: the epoch the weights are at
    has_dev = X_dev is not None and Y_dev is not None and Y_dev.shape[1] > 0

    def measure() -> Measure:
        Z, _ = forward(params, X, activation)
        data, penalty = cost_terms(params, Z, Y, lambd, l1)
        train_error = float(np.mean((Z > 0) != (Y > 0.5)))
        if has_dev:
            dev_error = float(np.mean(predict(params, X_dev, activation) != (Y_dev > 0.5)))
        else:
            dev_error = float("nan")
        w_norm_sq = sum(float(np.sum(v * v)) for k, v in params.items() if k.startswith("W"))
        finite = all(np.isfinite(v).all() for v in params.values())
        finite = finite and np.isfinite(data) and np.isfinite(penalty)
        values = (data, penalty, train_error, dev_error, w_norm_sq, finite)
        if drop:
            args = (params, X, Y, keep_prob, dropout.mask_rng(seed, at[0]), lambd, l1,
                    activation)  # fmt: skip
            values += (dropout.thinned_cost(*args),)
        return Measure(*(np.array([v]) for v in values))

    def update(X_b: np.ndarray, Y_b: np.ndarray) -> None:
        share = Y_b.shape[1] / m
        if drop:
            _, grads = dropout.loss_and_grads_dropout(
                params, X_b, Y_b, keep_prob, masks, lambd * share, activation
            )
        else:
            _, grads = loss_and_grads(params, X_b, Y_b, lambd * share, activation)
        for k, v in params.items():
            v -= lr * grads["d" + k]
            if l1 and k.startswith("W"):
                l1_prox(v, lr * l1 / m)

    def advance(start: int, stop: int) -> None:
        for _ in range(start, stop):
            if full:
                update(X, Y)
            else:
                for idx in _batches(rng, m, batch_size):  # type: ignore[arg-type]
                    update(X[:, idx], Y[:, idx])
        at[0] = stop

    return _schedule(measure, advance, epochs, every)

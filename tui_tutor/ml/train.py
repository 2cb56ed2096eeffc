"""Gradient descent for one MLP, or for K MLPs of the same shape trained side by side.

The maths is ``model.loss_and_grads``; this module runs it lean. Weights of K models
are stacked into arrays of shape (K, n[l], n[l-1]) so that a sweep over λ (or over
training-set sizes, through per-example weights) costs one batched pass per epoch
instead of K. Buffers are allocated once, the learning rate is folded into dZ, and
the cost, errors and norms are computed only at the epochs that are recorded.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .model import Params, n_layers

__all__ = ["Record", "train"]


@dataclass(frozen=True, slots=True)
class Record:
    """One point on the training curves, measured after ``epoch`` epochs.

    ``cost`` = ``data_cost`` + ``penalty`` is the regularized J on the training set;
    errors are fractions in [0, 1] (``dev_error`` is NaN without a dev set);
    ``w_norm_sq`` is Σ_l ‖W[l]‖²_F. ``status`` is "running", "done" or "diverged".
    """

    epoch: int
    cost: float
    data_cost: float
    penalty: float
    train_error: float
    dev_error: float
    w_norm_sq: float
    status: str = "running"

    def as_dict(self) -> dict[str, float | int | str | None]:
        """The record as JSON-ready values (NaN becomes None)."""
        out: dict[str, float | int | str | None] = {}
        for k in self.__slots__:
            v = getattr(self, k)
            out[k] = None if isinstance(v, float) and not np.isfinite(v) else v
        return out


class _Batch:
    """K stacked models of one shape; ``W[l]`` is (K, n[l], n[l-1]), ``b[l]`` (K, n[l], 1)."""

    def __init__(
        self,
        Ws: list[np.ndarray],
        bs: list[np.ndarray],
        activation: str,
        lambd: np.ndarray,
        l1: np.ndarray,
        m_eff: np.ndarray,
    ) -> None:
        if activation not in ("relu", "tanh"):
            raise ValueError(f"unknown activation {activation!r}; choose relu or tanh")
        self.W, self.b = Ws, bs
        self.L = len(Ws)
        self.K = Ws[0].shape[0]
        self.relu = activation == "relu"
        self.lambd = lambd.reshape(-1, 1, 1).astype(float)  # (K, 1, 1)
        self.l1 = l1.reshape(-1, 1, 1).astype(float)
        self.m_eff = m_eff.reshape(-1, 1, 1).astype(float)  # examples each model trains on
        self._bufs: dict[tuple[str, int], tuple] = {}
        self.set_lr(1.0)

    def _buffers(self, m: int, key: str) -> tuple:
        bufs = self._bufs.get((key, m))
        if bufs is None:
            K = self.K
            A = [np.empty((K, W.shape[2], m)) for W in self.W]  # A[l]: input of layer l (0-based)
            dZ = [np.empty((K, W.shape[1], m)) for W in self.W]
            gW = [np.empty_like(W) for W in self.W]
            gb = [np.empty_like(b) for b in self.b]
            mask = [np.empty((K, W.shape[1], m), dtype=bool) for W in self.W]
            out = np.empty((K, 1, m))
            bufs = self._bufs[key, m] = (A, dZ, gW, gb, mask, out)
        return bufs

    def forward(self, X: np.ndarray, key: str = "train") -> np.ndarray:
        """Logits Z_L (K, 1, m) for ``X`` (n_x, m); hidden activations stay in buffers.

        ``key`` names the buffer set, so a dev pass never overwrites a training pass.
        """
        A, _, _, _, _, Z = self._buffers(X.shape[1], key)
        prev = X
        for l in range(self.L - 1):
            a = A[l + 1]
            np.matmul(self.W[l], prev, out=a)
            a += self.b[l]
            if self.relu:
                np.maximum(a, 0.0, out=a)
            else:
                np.tanh(a, out=a)
            prev = a
        np.matmul(self.W[-1], prev, out=Z)
        Z += self.b[-1]
        return Z

    def step(self, X: np.ndarray, Z: np.ndarray, half_w: np.ndarray, c: np.ndarray) -> None:
        """One gradient-descent update after ``forward(X)`` produced ``Z`` (K, 1, m).

        With w (K or 1, 1, m) the weight of each example in the data cost (1/m for a
        plain mean), ``half_w`` = α w / 2 and ``c`` = α (0.5 - Y) w, so that
        α dZ_L = α (σ(Z) - Y) w = half_w tanh(Z/2) + c. Every dZ carries the factor α,
        so the products below are already α dW and α db.
        """
        A, dZ, gW, gb, mask, _ = self._buffers(X.shape[1], "train")
        d = dZ[-1]
        np.multiply(Z, 0.5, out=d)
        np.tanh(d, out=d)
        d *= half_w
        d += c
        for l in range(self.L - 1, -1, -1):
            a_prev = X if l == 0 else A[l]
            np.matmul(d, a_prev.swapaxes(-1, -2), out=gW[l])
            np.sum(d, axis=2, keepdims=True, out=gb[l])
            W = self.W[l]
            if l > 0:
                dp = dZ[l - 1]
                np.matmul(W.swapaxes(-1, -2), d, out=dp)
                if self.relu:
                    np.greater(a_prev, 0.0, out=mask[l - 1])
                    np.multiply(dp, mask[l - 1], out=dp)
                else:
                    dp *= 1.0 - a_prev * a_prev
                d = dp
            if self._decay is not None:
                W *= self._decay
            if self._l1_step is not None:
                W -= self._l1_step * np.sign(W)
            W -= gW[l]
            self.b[l] -= gb[l]

    def set_lr(self, lr: float) -> None:
        """Precompute the per-step weight decay (1 - αλ/m) and the L1 step αλ1/m."""
        self._decay = 1.0 - lr * self.lambd / self.m_eff if np.any(self.lambd) else None
        self._l1_step = lr * self.l1 / self.m_eff if np.any(self.l1) else None

    def norms(self) -> tuple[np.ndarray, np.ndarray]:
        """Per model Σ‖W[l]‖²_F and Σ|W[l]|, each of shape (K,)."""
        sq = sum(np.einsum("kij,kij->k", W, W) for W in self.W)
        ab = sum(np.abs(W).sum(axis=(1, 2)) for W in self.W) if np.any(self.l1) else 0.0
        return np.asarray(sq, dtype=float), np.broadcast_to(np.asarray(ab, float), (self.K,))

    def finite(self) -> np.ndarray:
        """Per model: are all weights and biases finite? Shape (K,)."""
        ok = np.ones(self.K, dtype=bool)
        for W, b in zip(self.W, self.b, strict=True):
            ok &= np.isfinite(W).all(axis=(1, 2)) & np.isfinite(b).all(axis=(1, 2))
        return ok


@dataclass
class _Measure:
    """Per-model arrays of shape (K,) measured at one epoch."""

    data_cost: np.ndarray
    penalty: np.ndarray
    train_error: np.ndarray
    dev_error: np.ndarray
    w_norm_sq: np.ndarray
    finite: np.ndarray

    @property
    def cost(self) -> np.ndarray:
        return self.data_cost + self.penalty


def _measure(
    net: _Batch,
    Z: np.ndarray,
    Y: np.ndarray,
    w: np.ndarray,
    X_dev: np.ndarray | None,
    Y_dev: np.ndarray | None,
) -> _Measure:
    """Cost terms and errors of every model, given training logits ``Z`` (K, 1, m)."""
    data = np.sum((np.logaddexp(0.0, Z) - Y * Z) * w, axis=(1, 2))
    wrong = (Z > 0) != (Y > 0.5)
    if w.shape[0] == 1 and np.all(w == w.flat[0]):
        train_err = wrong.mean(axis=(1, 2))
    else:
        train_err = np.sum(wrong * w, axis=(1, 2)) / np.sum(w, axis=(1, 2))
    sq, ab = net.norms()
    m = net.m_eff.ravel()
    penalty = net.lambd.ravel() / (2 * m) * sq + net.l1.ravel() / m * ab
    if X_dev is not None and Y_dev is not None and Y_dev.shape[1] > 0:
        Zd = net.forward(X_dev, key="dev")
        dev_err = ((Zd > 0) != (Y_dev > 0.5)).mean(axis=(1, 2))
    else:
        dev_err = np.full(net.K, np.nan)
    finite = net.finite() & np.isfinite(data) & np.isfinite(penalty)
    return _Measure(data, penalty, train_err, dev_err, sq, finite)


def run_batch(
    net: _Batch,
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
) -> Iterator[tuple[int, _Measure]]:
    """Train the K models of ``net`` and yield (epoch, measures) every ``every`` epochs.

    ``X`` (n_x, m), ``Y`` (1, m), ``w`` (K or 1, 1, m) per-example weights of the data
    cost (each model's row sums to 1). The first yield is epoch 0 (the initial state),
    the last is ``epochs``. Mini-batches (``batch_size`` < m) are drawn in one shuffled
    order per epoch from ``seed``; their weights are rescaled so each step's gradient
    is an unbiased estimate of the full one.
    """
    m = X.shape[1]
    full = batch_size is None or batch_size <= 0 or batch_size >= m
    rng = np.random.default_rng(seed)
    net.set_lr(lr)
    half_w = 0.5 * lr * w
    c_full = lr * (0.5 - Y) * w
    with np.errstate(all="ignore"):
        for epoch in range(epochs + 1):
            record = epoch % every == 0 or epoch == epochs
            if full:
                Z = net.forward(X)
                if record:
                    yield epoch, _measure(net, Z, Y, w, X_dev, Y_dev)
                    if epoch == epochs:
                        return
                net.step(X, Z, half_w, c_full)
            else:
                if record:
                    yield epoch, _measure(net, net.forward(X), Y, w, X_dev, Y_dev)
                    if epoch == epochs:
                        return
                order = rng.permutation(m)
                for start in range(0, m, batch_size):
                    idx = order[start : start + batch_size]
                    Xb = np.ascontiguousarray(X[:, idx])
                    wb = w[:, :, idx] * (m / len(idx))
                    Zb = net.forward(Xb)
                    net.step(Xb, Zb, 0.5 * lr * wb, lr * (0.5 - Y[:, idx]) * wb)


def _validate_xy(X: np.ndarray, Y: np.ndarray, n_x: int, name: str) -> None:
    if X.ndim != 2 or Y.ndim != 2 or Y.shape[0] != 1 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"{name}: X must be (n_x, m) and Y (1, m), got {X.shape} and {Y.shape}")
    if X.shape[0] != n_x:
        raise ValueError(f"{name}: X has {X.shape[0]} features, the network expects {n_x}")


def train(
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
) -> Iterator[Record]:
    """Train ``params`` in place by gradient descent and yield a ``Record`` per ``every`` epochs.

    ``X`` (n_x, m) and ``Y`` (1, m) are the training set; ``X_dev`` (n_x, m_dev) and
    ``Y_dev`` (1, m_dev) an optional dev set. Each epoch is one pass over the data: one
    full-batch step, or ⌈m / batch_size⌉ mini-batch steps in a shuffled order. The
    update is W[l] := (1 - αλ/m) W[l] - α (dW[l] from backprop), with α = ``lr``.

    Records come at epoch 0 (before any update), every ``every`` epochs and at
    ``epochs`` (status "done"). Stopping the iteration stops training cleanly. If the
    cost or the weights become NaN or infinite, a final record with status "diverged"
    is yielded and training ends; no warning is printed.
    """
    if not (lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if int(epochs) < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs!r}")
    if lambd < 0 or l1 < 0:
        raise ValueError("lambd and l1 must be >= 0")
    L = n_layers(params)
    _validate_xy(X, Y, params["W1"].shape[1], "train")
    if X_dev is not None and Y_dev is not None:
        _validate_xy(X_dev, Y_dev, params["W1"].shape[1], "dev")
    for l in range(1, L + 1):
        for key in (f"W{l}", f"b{l}"):
            arr = params[key]
            if arr.dtype != np.float64 or not arr.flags.c_contiguous or not arr.flags.writeable:
                params[key] = np.ascontiguousarray(arr, dtype=np.float64)
    m = Y.shape[1]
    net = _Batch(
        [params[f"W{l}"][None] for l in range(1, L + 1)],  # views: updates land in params
        [params[f"b{l}"][None] for l in range(1, L + 1)],
        activation,
        np.array([lambd]),
        np.array([l1]),
        np.array([m]),
    )
    w = np.full((1, 1, m), 1.0 / m)
    X = np.ascontiguousarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    epochs = int(epochs)
    for epoch, meas in run_batch(
        net,
        X,
        Y,
        w,
        lr=lr,
        epochs=epochs,
        X_dev=X_dev,
        Y_dev=Y_dev,
        batch_size=batch_size,
        seed=seed,
        every=max(1, int(every)),
    ):
        ok = bool(meas.finite[0])
        status = "diverged" if not ok else ("done" if epoch == epochs else "running")
        yield Record(
            epoch,
            float(meas.cost[0]),
            float(meas.data_cost[0]),
            float(meas.penalty[0]),
            float(meas.train_error[0]),
            float(meas.dev_error[0]),
            float(meas.w_norm_sq[0]),
            status,
        )
        if not ok:
            return

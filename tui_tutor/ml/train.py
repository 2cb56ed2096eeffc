"""Gradient descent for one MLP, or for K MLPs of the same shape trained side by side.

The maths is ``model.loss_and_grads``; this module runs it lean. Layer l keeps W[l] and
b[l] together in one array ``Wb[l]`` = [W[l] | b[l]] of shape (n[l], n[l-1] + 1), and each
activation buffer carries an extra row of ones, so the forward step Z = W A + b is one
matmul and the backward step dW, db = dZ [A; 1]ᵀ is another. A sweep stacks K models
along a first axis, (K, n[l], n[l-1] + 1), so 12 λ values (or 12 training-set sizes,
through per-example weights) cost one batched pass per epoch instead of 12 runs; a
single run uses plain 2-D arrays, which NumPy multiplies fastest.

Buffers are allocated once, the learning rate is folded into dZ, and the cost, errors
and norms are computed only at the epochs that are recorded.
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


# Stacked products with at most this many output rows run row by row (see _Rowwise).
_ROWWISE_MAX = 4


class _Rowwise:
    """A stacked product ``left @ right -> out`` computed one output row at a time.

    For K stacked small matrices NumPy makes K matrix-matrix BLAS calls, each with a
    fixed cost of microseconds; a one-row product becomes K matrix-vector calls, which
    cost a fraction of that. With a few rows (a narrow layer) this is several times
    faster. Called like the product it replaces; the operands are bound at creation.
    """

    def __init__(self, left: np.ndarray, right: np.ndarray, out: np.ndarray) -> None:
        self.ops = [
            (left[..., i : i + 1, :], right, out[..., i : i + 1, :]) for i in range(left.shape[-2])
        ]

    def __call__(self, *_: np.ndarray) -> None:
        for a, b, o in self.ops:
            np.matmul(a, b, o)


class _Buffers:
    """Work arrays for one input size m; ``lead`` is () for one model, (K,) for K.

    ``A[l]`` = [A[l]; 1] of shape (*lead, n[l] + 1, m) (``A[0]`` = [X; 1], (n_x + 1, m),
    shared by all K models), ``Z[l]`` and ``dZ[l]`` (*lead, n[l+1], m) for layer l + 1
    (for one model a hidden ``Z[l]`` shares memory with the activation ``A[l+1]``),
    ``mask[l]`` (the ReLU derivative) and ``zeros[l]`` (n[l+1], m) (a zero array: NumPy's
    maximum against an array is several times faster than against the scalar 0).
    """

    def __init__(self, net: _Net, m: int) -> None:
        lead, dims = net.lead, net.dims
        self.m = m
        self.A = [np.ones((dims[0] + 1, m))]
        self.A += [np.ones((*lead, n + 1, m)) for n in dims[1:-1]]
        self.act = [a[..., :-1, :] for a in self.A[1:]]  # where g(Z) is written
        if lead:
            self.Z = [np.empty((*lead, n, m)) for n in dims[1:]]
        else:  # one model: Z is written straight into [A; 1], then g(Z) in place
            self.Z = [*self.act, np.empty((1, m))]
        self.dZ = [np.empty(z.shape) for z in self.Z]
        if net.relu:
            self.mask = [np.empty(z.shape, dtype=bool) for z in self.Z[:-1]]
            # Multiplying by uint8 is a little faster than by bool.
            self.mask_u8 = [mk.view(np.uint8) for mk in self.mask]
            self.zeros = [np.zeros(z.shape[-2:]) for z in self.Z[:-1]]  # broadcast over K
        else:
            self.tmp = [np.empty(z.shape) for z in self.Z[:-1]]
            self.ones = [np.ones(z.shape) for z in self.Z[:-1]]
        # Products as (function, left, right, out). Layer 1's input [X; 1] is shared by
        # all K models, so its products are single 2-D products over the K n1 rows
        # stacked together; np.dot is the leanest call for 2-D operands.
        n_in = dims[0] + 1
        mm = np.matmul if lead else np.dot
        self.fw = [(np.dot, net.Wb[0].reshape(-1, n_in), self.A[0], self.Z[0].reshape(-1, m))]
        self.grad = [(np.dot, self.dZ[0].reshape(-1, m), self.A[0].T, net.gW[0].reshape(-1, n_in))]
        self.back: list[tuple | None] = [None]
        for l in range(1, net.L):
            fw = (net.Wb[l], self.A[l], self.Z[l])
            grad = (self.dZ[l], self.A[l].swapaxes(-1, -2), net.gW[l])
            if lead and 1 < dims[l + 1] <= _ROWWISE_MAX:
                self.fw.append((_Rowwise(*fw), *fw))
                self.grad.append((_Rowwise(*grad), *grad))
            else:
                self.fw.append((mm, *fw))
                self.grad.append((mm, *grad))
            # α dA[l-1] = W[l]ᵀ α dZ[l]; when layer l has one unit this is an outer
            # product, which broadcasting does faster than K stacked matmuls (but np.dot
            # still beats broadcasting for one model).
            fn = np.multiply if lead and dims[l + 1] == 1 else mm
            self.back.append((fn, net.WT[l], self.dZ[l], self.dZ[l - 1]))
        # With many rows (K stacked models), dZ1 [X; 1]ᵀ is faster as n_x + 1
        # matrix-vector products, one per input row, written to gT1 = (α [dW1 | db1])ᵀ.
        rows = self.grad[0][1].shape[0]
        self.gT1 = np.empty((n_in, rows)) if rows >= 64 else None

    def load(self, X: np.ndarray) -> None:
        """Copy the inputs ``X`` (n_x, m) into [X; 1]."""
        np.copyto(self.A[0][:-1], X)


class _Net:
    """K stacked models of one shape (K = 1 without the stacking axis).

    ``Wb[l]`` = [W[l+1] | b[l+1]] has shape (*lead, n[l+1], n[l] + 1); all of them are
    views into one flat vector ``theta`` (and the gradients ``gW[l]`` into ``g_theta``),
    so an update is a few calls on the whole network. ``WT[l]`` is W[l+1]ᵀ for backprop:
    a view for one model, a contiguous copy for stacked models (a stacked matmul with a
    transposed view is slower); for a layer with one unit (the output) backprop is an
    outer product.
    ``lambd``, ``l1`` and ``m_eff`` (the number of examples each model trains on) have
    shape (K,).
    """

    def __init__(
        self,
        Ws: list[np.ndarray],
        bs: list[np.ndarray],
        activation: str,
        lambd: np.ndarray,
        l1: np.ndarray,
        m_eff: np.ndarray,
        *,
        stacked: bool,
    ) -> None:
        if activation not in ("relu", "tanh"):
            raise ValueError(f"unknown activation {activation!r}; choose relu or tanh")
        self.relu = activation == "relu"
        self.L = len(Ws)
        self.K = Ws[0].shape[0] if stacked else 1
        self.lead: tuple[int, ...] = (self.K,) if stacked else ()
        self.dims = [Ws[0].shape[-1]] + [W.shape[-2] for W in Ws]
        shapes = [(*self.lead, n, p + 1) for p, n in zip(self.dims, self.dims[1:], strict=False)]
        sizes = [int(np.prod(s)) for s in shapes]
        self.theta = np.empty(sum(sizes))
        self.g_theta = np.empty(sum(sizes))
        self.Wb = self._views(self.theta, shapes, sizes)
        self.gW = self._views(self.g_theta, shapes, sizes)
        for Wb, W, b in zip(self.Wb, Ws, bs, strict=True):
            Wb[..., :-1] = W
            Wb[..., -1:] = b
        self.W = [Wb[..., :-1] for Wb in self.Wb]  # views
        self.b = [Wb[..., -1:] for Wb in self.Wb]
        # Stacked models keep contiguous copies of W[l]ᵀ (``_copied``), refreshed after
        # each update; np.dot takes a transposed 2-D view at no cost.
        self._copied = [stacked and W.shape[-2] > 1 for W in self.W]
        self.WT = [
            np.ascontiguousarray(W.swapaxes(-1, -2)) if copy else W.swapaxes(-1, -2)
            for W, copy in zip(self.W, self._copied, strict=True)
        ]
        self.lambd = np.asarray(lambd, dtype=float).reshape(self.K)
        self.l1 = np.asarray(l1, dtype=float).reshape(self.K)
        self.m_eff = np.asarray(m_eff, dtype=float).reshape(self.K)
        self._bufs: dict[tuple[str, int], _Buffers] = {}
        self.set_lr(1.0)

    @staticmethod
    def _views(flat: np.ndarray, shapes: list[tuple], sizes: list[int]) -> list[np.ndarray]:
        out, i = [], 0
        for shape, size in zip(shapes, sizes, strict=True):
            out.append(flat[i : i + size].reshape(shape))
            i += size
        return out

    def buffers(self, key: str, m: int) -> _Buffers:
        """The buffer set ``key`` ("train", "dev", ...) for ``m`` examples, made once."""
        bufs = self._bufs.get((key, m))
        if bufs is None:
            bufs = self._bufs[key, m] = _Buffers(self, m)
        return bufs

    def set_lr(self, lr: float) -> None:
        """Precompute the update factors for learning rate α = ``lr``, shaped like ``theta``.

        ``decay`` multiplies [W | b]: (1 - αλ/m) on W (weight decay), 1 on b;
        ``l1_step`` is αλ1/m on W and 0 on b. Either is None when unused.
        """
        self.decay: np.ndarray | None = None
        self.l1_step: np.ndarray | None = None
        if np.any(self.lambd):
            self.decay = self._per_weight(1.0 - lr * self.lambd / self.m_eff, 1.0)
        if np.any(self.l1):
            self.l1_step = self._per_weight(lr * self.l1 / self.m_eff, 0.0)
            self._l1_buf = np.empty_like(self.theta)

    def _per_weight(self, w_value: np.ndarray, b_value: float) -> np.ndarray:
        """A vector like ``theta``: each model's ``w_value`` (K,) on W, ``b_value`` on b."""
        flat = np.empty_like(self.theta)
        shapes = [Wb.shape for Wb in self.Wb]
        for v in self._views(flat, shapes, [Wb.size for Wb in self.Wb]):
            v[...] = w_value.reshape(*self.lead, 1, 1)
            v[..., -1] = b_value
        return flat

    def forward(self, bufs: _Buffers) -> np.ndarray:
        """Logits Z_L (*lead, 1, m) of the inputs loaded into ``bufs``."""
        last = self.L - 1
        for l, (mm, W, A, Z) in enumerate(bufs.fw):
            mm(W, A, Z)  # Z[l] = W[l] A[l-1] + b[l]
            if l < last:
                if self.relu:
                    np.maximum(bufs.Z[l], bufs.zeros[l], out=bufs.act[l])
                else:
                    np.tanh(bufs.Z[l], bufs.act[l])
        return bufs.Z[last]

    def step(self, bufs: _Buffers, half_w: np.ndarray, c: np.ndarray) -> None:
        """One gradient-descent update after ``forward(bufs)``.

        With w (1 or K, 1, m) the weight of each example in the data cost (1/m for a
        plain mean), ``half_w`` = α w / 2 and ``c`` = α (0.5 - Y) w, so that
        α dZ_L = α (σ(Z) - Y) w = half_w tanh(Z/2) + c. Every dZ carries the factor α,
        so the products below are already α dW and α db.
        """
        multiply = np.multiply
        dZ = bufs.dZ
        d = dZ[-1]
        multiply(bufs.Z[-1], 0.5, d)
        np.tanh(d, d)
        multiply(d, half_w, d)
        np.add(d, c, d)
        for l in range(self.L - 1, -1, -1):
            mm, d, A_T, g = bufs.grad[l]
            if l == 0 and bufs.gT1 is not None:
                gT, A0 = bufs.gT1, bufs.A[0]
                for j in range(gT.shape[0]):
                    np.dot(d, A0[j], gT[j])
                np.copyto(g, gT.T)
            else:
                mm(d, A_T, g)  # α [dW | db] = α dZ [A; 1]ᵀ
            if l > 0:
                fn, WT, d, dp = bufs.back[l]
                fn(WT, d, dp)  # α dA[l-1] = Wᵀ α dZ, then times g'(Z[l-1])
                if self.relu:
                    np.greater(bufs.Z[l - 1], 0.0, bufs.mask[l - 1])
                    multiply(dp, bufs.mask_u8[l - 1], dp)
                else:
                    t, a = bufs.tmp[l - 1], bufs.act[l - 1]
                    multiply(a, a, t)
                    np.subtract(bufs.ones[l - 1], t, t)
                    multiply(dp, t, dp)
        theta = self.theta
        if self.decay is not None:
            multiply(theta, self.decay, theta)  # W := (1 - αλ/m) W
        if self.l1_step is not None:
            s = self._l1_buf
            np.sign(theta, s)
            multiply(s, self.l1_step, s)
            np.subtract(theta, s, theta)  # W := W - (αλ1/m) sign(W)
        np.subtract(theta, self.g_theta, theta)
        if self.lead:
            self.sync_transposes()

    def sync_transposes(self) -> None:
        """Refresh the ``WT`` copies after ``theta`` changed."""
        for l in range(1, self.L):
            if self._copied[l]:
                np.copyto(self.WT[l], self.W[l].swapaxes(-1, -2))

    def norms(self) -> tuple[np.ndarray, np.ndarray]:
        """Per model Σ‖W[l]‖²_F and Σ|W[l]|, each of shape (K,)."""
        sq = sum(np.einsum("...ij,...ij->...", W, W) for W in self.W)
        ab = sum(np.abs(W).sum(axis=(-2, -1)) for W in self.W) if np.any(self.l1) else 0.0
        return (
            np.asarray(sq, dtype=float).reshape(self.K),
            np.broadcast_to(np.asarray(ab, float), (self.K,)),
        )

    def finite(self) -> np.ndarray:
        """Per model: are all weights and biases finite? Shape (K,)."""
        ok = np.ones(self.K, dtype=bool)
        for Wb in self.Wb:
            ok &= np.isfinite(Wb).all(axis=(-2, -1)).reshape(self.K)
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


class _Meter:
    """Measures every model at a recorded epoch: cost terms, errors, norms.

    ``Y`` (1, m) and ``w`` (1 or K, 1, m) as in ``run_batch``; ``dev`` holds the loaded
    dev inputs (or None) and ``Y_dev`` (1, m_dev) their labels. What does not change
    between records is prepared once.
    """

    def __init__(
        self,
        net: _Net,
        Y: np.ndarray,
        w: np.ndarray,
        dev: _Buffers | None,
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
            self.w_mask = net._per_weight(np.ones(1), 0.0)
        else:
            # Errors are counts over the examples each model trains on (w > 0), so a
            # model trained on a subset reports exactly what a run on it alone reports.
            self.used = w > 0
            self.n_used = np.sum(self.used, axis=(1, 2))

    def __call__(self, Z: np.ndarray) -> _Measure:
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
            Z = Z.reshape(net.K, 1, -1)
            data = np.sum((np.logaddexp(0.0, Z) - self.Y * Z) * self.w, axis=(1, 2))
            wrong = ((Z > 0) != self.y_pos) & self.used
            train_err = np.sum(wrong, axis=(1, 2)) / self.n_used
            sq, ab = net.norms()
            finite = net.finite()
        penalty = net.lambd / (2 * net.m_eff) * sq + net.l1 / net.m_eff * ab
        if self.dev is not None and self.y_dev_pos is not None:
            Zd = net.forward(self.dev).reshape(net.K, -1)
            dev_err = np.count_nonzero((Zd > 0) != self.y_dev_pos, axis=1) / Zd.shape[1]
        else:
            dev_err = np.full(net.K, np.nan)
        finite = finite & np.isfinite(data) & np.isfinite(penalty)
        return _Measure(data, penalty, train_err, dev_err, sq, finite)


def run_batch(
    net: _Net,
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

    ``X`` (n_x, m), ``Y`` (1, m), ``w`` (1 or K, 1, m) per-example weights of the data
    cost (each model's row sums to 1). The first yield is epoch 0 (the initial state),
    the last is ``epochs``. Mini-batches (``batch_size`` < m) are drawn in one shuffled
    order per epoch from ``seed``; their weights are rescaled so each step's gradient
    is an unbiased estimate of the full one. Between yields the caller may read (not
    resize) ``net.Wb``.
    """
    m = X.shape[1]
    full = batch_size is None or batch_size <= 0 or batch_size >= m
    rng = np.random.default_rng(seed)
    net.set_lr(lr)
    # A single model's per-example weights drop the stacking axis: (1, m).
    shape = (1, m) if not net.lead else w.shape
    w_step = w.reshape(shape)
    half_w = 0.5 * lr * w_step
    c_full = lr * (0.5 - Y.reshape(1, m)) * w_step
    train_bufs = net.buffers("train", m)
    train_bufs.load(X)
    dev = None
    if X_dev is not None and Y_dev is not None and Y_dev.shape[1] > 0:
        dev = net.buffers("dev", Y_dev.shape[1])
        dev.load(X_dev)
    measure = _Meter(net, Y, w, dev, Y_dev)
    forward, step = net.forward, net.step

    def advance(start: int, stop: int) -> None:
        """Train from epoch ``start`` to ``stop``; in full batch ``forward`` ran at start."""
        if full:
            step(train_bufs, half_w, c_full)
            for _ in range(start + 1, stop):
                forward(train_bufs)
                step(train_bufs, half_w, c_full)
            return
        for _ in range(start, stop):
            order = rng.permutation(m)
            for first in range(0, m, batch_size):
                idx = order[first : first + batch_size]
                bufs = net.buffers("batch", len(idx))
                bufs.load(X[:, idx])
                wb = w_step[..., idx] * (m / len(idx))
                forward(bufs)
                step(bufs, 0.5 * lr * wb, lr * (0.5 - Y[:, idx]) * wb)

    # Overflow to inf/NaN is expected when training diverges and is reported by the
    # records, so floating-point warnings are silenced, but only while computing: the
    # caller's code between records keeps its own error state.
    epoch = 0
    while True:
        with np.errstate(all="ignore"):
            meas = measure(forward(train_bufs))
        yield epoch, meas
        if epoch >= epochs:
            return
        stop = min(epochs, (epoch // every + 1) * every)
        with np.errstate(all="ignore"):
            advance(epoch, stop)
        epoch = stop


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
    ``epochs`` (status "done"). When a record is yielded, ``params`` hold the weights it
    describes; stopping the iteration stops training cleanly there. If the cost or the
    weights become NaN or infinite, a final record with status "diverged" is yielded
    and training ends; no warning is printed.
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
            if arr.dtype != np.float64 or not arr.flags.writeable:
                params[key] = np.array(arr, dtype=np.float64)
    m = Y.shape[1]
    net = _Net(
        [params[f"W{l}"] for l in range(1, L + 1)],
        [params[f"b{l}"] for l in range(1, L + 1)],
        activation,
        np.array([lambd]),
        np.array([l1]),
        np.array([m]),
        stacked=False,
    )
    w = np.full((1, 1, m), 1.0 / m)
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X_dev is not None:
        X_dev = np.asarray(X_dev, dtype=np.float64)
    if Y_dev is not None:
        Y_dev = np.asarray(Y_dev, dtype=np.float64)
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
        for l in range(L):  # the record describes these weights
            np.copyto(params[f"W{l + 1}"], net.W[l])
            np.copyto(params[f"b{l + 1}"], net.b[l])
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

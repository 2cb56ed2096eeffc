"""The packed fast path: one MLP, or K MLPs of one shape, stepped in preallocated buffers.

The maths is ``model.loss_and_grads``; this module folds and stacks it. Layer l keeps
W[l] and b[l] together in one array ``Wb[l]`` = [W[l] | b[l]] of shape
(n[l], n[l-1] + 1), and each activation buffer carries an extra row of ones, so the
forward step Z = W A + b is one matmul and the backward step dW, db = dZ [A; 1]ᵀ is
another. A sweep stacks K models along a first axis, (K, n[l], n[l-1] + 1), so 12 λ
values (or 12 training-set sizes, through per-example weights) cost one batched pass per
epoch instead of 12 runs; a single run uses plain 2-D arrays, which NumPy multiplies
fastest. Hidden activations come from ``layers.ACTIVATIONS`` (their ``fast`` form, bound
once to each layer's buffers). Buffers are allocated once and the learning rate is
folded into dZ. The loop over epochs is ``loops.run_batch``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .layers import activation_of

Hook = Callable[[int], None]
"""A call with a hidden layer's index l (0 for layer 1) inside ``forward`` or ``step``."""

__all__ = ["Buffers", "PackedNet", "has_fast_path"]

# Stacked products with at most this many output rows run row by row (see _Rowwise).
_ROWWISE_MAX = 4


def has_fast_path(activation: str) -> bool:
    """Can ``PackedNet`` train with this hidden activation (has it a fast form)?"""
    return activation_of(activation).fast is not None


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


class Buffers:
    """Work arrays for one input size m; ``lead`` is () for one model, (K,) for K.

    ``A[l]`` = [A[l]; 1] of shape (*lead, n[l] + 1, m) (``A[0]`` = [X; 1], (n_x + 1, m),
    shared by all K models), ``Z[l]`` and ``dZ[l]`` (*lead, n[l+1], m) for layer l + 1
    (with an ``in_place`` activation a hidden ``Z[l]`` is the activation ``A[l+1]``
    itself, a view of [A; 1]). Stacked nets with a constant unit (``PackedNet.const``)
    keep ``dZ0_full`` (K, n1 + 1, m), dZ of layer 1 with the constant unit's row, always 0;
    ``dZ[0]`` is its first n1 rows.
    ``act_fw[l]`` / ``act_bw[l]`` are the hidden activation of layer l + 1 bound to these
    buffers: A[l+1] = g(Z[l]) and dZ[l] *= g'(Z[l]).
    """

    def __init__(self, net: PackedNet, m: int) -> None:
        lead, dims, dt = net.lead, net.dims, net.dtype
        self.m = m
        self.A = [np.ones((dims[0] + 1, m), dt)]
        self.A += [np.ones((*lead, n + 1, m), dt) for n in dims[1:-1]]
        self.act = [a[..., :-1, :] for a in self.A[1:]]  # where g(Z) is written
        if not net.g.in_place:
            self.Z = [np.empty((*lead, n, m), dt) for n in dims[1:]]
            self.dZ = [np.empty(z.shape, dt) for z in self.Z]
        else:  # Z is written straight into [A; 1], then g(Z) in place
            self.Z = [*self.act, np.empty((*lead, 1, m), dt)]
            self.dZ = [np.empty(z.shape, dt) for z in self.Z]
            if net.const:
                # Stacked: layer 1 has a constant unit (net.const), so its product writes
                # all of [A1; 1] at once; its row of dZ1 stays 0, so its weights stay.
                self.dZ0_full = np.zeros(self.A[1].shape, dt)
                self.dZ[0] = self.dZ0_full[..., :-1, :]
        bound = [net.g.fast(Z, A, dZ) for Z, A, dZ in zip(self.Z, self.act, self.dZ, strict=False)]
        self.act_fw = [fw for fw, _ in bound]
        self.act_bw = [bw for _, bw in bound]
        # Products as (function, left, right, out). Layer 1's input [X; 1] is shared by
        # all K models, so its products are single 2-D products over the K n1 rows
        # stacked together; np.dot is the leanest call for 2-D operands.
        n_in = dims[0] + 1
        mm = np.matmul if lead else np.dot
        Z0 = self.A[1] if net.const else self.Z[0]
        dZ0 = self.dZ0_full if net.const else self.dZ[0]
        self.fw = [(np.dot, net.Wb[0].reshape(-1, n_in), self.A[0], Z0.reshape(-1, m))]
        self.grad = [(np.dot, dZ0.reshape(-1, m), self.A[0].T, net.gW[0].reshape(-1, n_in))]
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
        self.gT1 = np.empty((n_in, rows), dt) if rows >= 64 else None

    def load(self, X: np.ndarray) -> None:
        """Copy the inputs ``X`` (n_x, m) into [X; 1] (in the buffers' dtype)."""
        np.copyto(self.A[0][:-1], X, casting="same_kind")


class PackedNet:
    """K stacked models of one shape (K = 1 without the stacking axis).

    ``Wb[l]`` = [W[l+1] | b[l+1]] has shape (*lead, n[l+1], n[l] + 1) (stacked nets with
    ``const``: ``Wb[0]`` has one more row, the constant unit's [0 ... 0 | 1], which its
    zero gradient, decay and L1 threshold leave exactly as it is; ``W`` and ``b`` are
    views without it, and it adds 0 to the norms); all of them are
    views into one flat vector ``theta`` (and the gradients ``gW[l]`` into ``g_theta``),
    so an update is a few calls on the whole network. ``WT[l]`` is W[l+1]ᵀ for backprop:
    a view for one model, a contiguous copy for stacked models (a stacked matmul with a
    transposed view is slower); for a layer with one unit (the output) backprop is an
    outer product.
    ``lambd``, ``l1`` and ``m_eff`` (the number of examples each model trains on) have
    shape (K,). ``Ws`` and ``bs`` are W[l] (*lead, n[l], n[l-1]) and b[l] (*lead, n[l], 1).
    ``dtype`` is that of the work buffers and of the weights the products read: float64
    (the default, what a single run uses) or float32, which sweeps use for speed (half
    the memory traffic, twice the SIMD width); the updates accumulate in a float64
    ``theta`` and measures are taken in float64 either way.
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
        dtype: type = np.float64,
    ) -> None:
        self.g = activation_of(activation)
        if self.g.fast is None:
            raise ValueError(f"activation {activation!r} has no fast form; use the reference")
        self.L = len(Ws)
        self.K = Ws[0].shape[0] if stacked else 1
        self.lead: tuple[int, ...] = (self.K,) if stacked else ()
        self.dims = [Ws[0].shape[-1]] + [W.shape[-2] for W in Ws]
        # Stacked nets with a hidden layer and an in-place activation give layer 1 one
        # constant unit, weights [0 ... 0 | 1] (row n1 of Wb[0]): its output is A1's row
        # of ones, so one 2-D product writes [A1; 1] for all K models.
        self.const = stacked and self.L > 1 and self.g.in_place
        rows = [n + (l == 0 and self.const) for l, n in enumerate(self.dims[1:])]
        shapes = [(*self.lead, n, p + 1) for p, n in zip(self.dims, rows, strict=False)]
        sizes = [int(np.prod(s)) for s in shapes]
        self.dtype = np.dtype(dtype)
        # ``theta`` is the float64 master copy the updates accumulate in; the products
        # read ``work``, which is ``theta`` itself in float64, else its float32 copy
        # refreshed after each update (small updates are not lost to float32 rounding).
        self.theta = np.empty(sum(sizes))
        self.work = self.theta if self.dtype == np.float64 else np.empty(sum(sizes), self.dtype)
        self.g_theta = np.empty(sum(sizes), self.dtype)
        self.Wb = self._views(self.work, shapes, sizes)
        self.gW = self._views(self.g_theta, shapes, sizes)
        self._master = self._views(self.theta, shapes, sizes)
        for Wb, W, b in zip(self._master, Ws, bs, strict=True):
            n = W.shape[-2]
            Wb[..., n:, :] = 0.0  # the constant unit, if any: [0 ... 0 | 1]
            Wb[..., n:, -1] = 1.0
            Wb[..., :n, :-1] = W
            Wb[..., :n, -1:] = b
        self._refresh_work()
        self.W = [Wb[..., :n, :-1] for Wb, n in zip(self.Wb, self.dims[1:], strict=True)]  # views
        self.b = [Wb[..., :n, -1:] for Wb, n in zip(self.Wb, self.dims[1:], strict=True)]
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
        self._bufs: dict[tuple[str, int], Buffers] = {}
        self.set_lr(1.0)

    @staticmethod
    def _views(flat: np.ndarray, shapes: list[tuple], sizes: list[int]) -> list[np.ndarray]:
        out, i = [], 0
        for shape, size in zip(shapes, sizes, strict=True):
            out.append(flat[i : i + size].reshape(shape))
            i += size
        return out

    def buffers(self, key: str, m: int) -> Buffers:
        """The buffer set ``key`` ("train", "dev", ...) for ``m`` examples, made once."""
        bufs = self._bufs.get((key, m))
        if bufs is None:
            bufs = self._bufs[key, m] = Buffers(self, m)
        return bufs

    def set_lr(self, lr: float) -> None:
        """Precompute the update factors for learning rate α = ``lr``, shaped like ``theta``.

        ``decay`` multiplies [W | b]: (1 - αλ/m) on W (weight decay), 1 on b;
        ``l1_step`` is the L1 threshold αλ1/m on W and 0 on b. Either is None when unused
        (a run without L1 pays nothing for it).
        """
        self.decay: np.ndarray | None = None
        self.l1_step: np.ndarray | None = None
        if np.any(self.lambd):
            self.decay = self.per_weight(1.0 - lr * self.lambd / self.m_eff, 1.0)
        if np.any(self.l1):
            self.l1_step = self.per_weight(lr * self.l1 / self.m_eff, 0.0)
            self._l1_buf = np.empty_like(self.theta)

    def per_weight(self, w_value: np.ndarray, b_value: float) -> np.ndarray:
        """A vector like ``theta``: each model's ``w_value`` (K,) on W, ``b_value`` on b."""
        flat = np.empty_like(self.theta)
        shapes = [Wb.shape for Wb in self.Wb]
        for v in self._views(flat, shapes, [Wb.size for Wb in self.Wb]):
            v[...] = w_value.reshape(*self.lead, 1, 1)
            v[..., -1] = b_value
        return flat

    def forward(self, bufs: Buffers, on_act: Hook | None = None) -> np.ndarray:
        """Logits Z_L (*lead, 1, m) of the inputs loaded into ``bufs``.

        ``on_act(l)``, if given, runs after each hidden activation A[l+1] = g(Z[l]) is
        written (``bufs.act[l]``), before the next layer reads it (dropout's masks)."""
        act_fw = bufs.act_fw
        last = self.L - 1
        for l, (mm, W, A, Z) in enumerate(bufs.fw):
            mm(W, A, Z)  # Z[l] = W[l] A[l-1] + b[l]
            if l < last:
                act_fw[l]()  # A[l] = g(Z[l])
                if on_act is not None:
                    on_act(l)
        return bufs.Z[-1]

    def step(
        self, bufs: Buffers, half_w: np.ndarray, c: np.ndarray, on_dA: Hook | None = None
    ) -> None:
        """One gradient-descent update after ``forward(bufs)``.

        With w (1 or K, 1, m) the weight of each example in the data cost (1/m for a
        plain mean), ``half_w`` = α w / 2 and ``c`` = α (0.5 - Y) w, so that
        α dZ_L = α (σ(Z) - Y) w = half_w tanh(Z/2) + c. Every dZ carries the factor α,
        so the products below are already α dW and α db. ``on_dA(l)``, if given, runs
        after α dA of hidden layer l + 1 is written (``bufs.dZ[l]``), before g'.
        """
        multiply = np.multiply
        d = bufs.dZ[-1]
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
                fn(WT, d, dp)  # α dA[l-1] = Wᵀ α dZ
                if on_dA is not None:
                    on_dA(l - 1)
                bufs.act_bw[l - 1]()  # α dZ[l-1] = α dA[l-1] * g'(Z[l-1])
        theta = self.theta
        if self.decay is not None:
            multiply(theta, self.decay, theta)  # W := (1 - αλ/m) W
        np.subtract(theta, self.g_theta, theta)
        if self.l1_step is not None:
            # The L1 proximal step (model.l1_prox): W := sign(W) max(|W| - αλ1/m, 0);
            # on b the threshold is 0, which leaves b exactly as it is.
            s = self._l1_buf
            np.abs(theta, s)
            np.subtract(s, self.l1_step, s)
            np.maximum(s, 0.0, out=s)
            np.copysign(s, theta, theta)
        self._refresh_work()
        if self.lead:
            self.sync_transposes()

    def _refresh_work(self) -> None:
        if self.work is not self.theta:
            np.copyto(self.work, self.theta, casting="same_kind")

    def sync_transposes(self) -> None:
        """Refresh the ``WT`` copies after ``theta`` changed."""
        for l in range(1, self.L):
            if self._copied[l]:
                np.copyto(self.WT[l], self.W[l].swapaxes(-1, -2))

    def norms(self) -> tuple[np.ndarray, np.ndarray]:
        """Per model Σ‖W[l]‖²_F and Σ|W[l]|, each of shape (K,)."""
        Ws = [Wb[..., :-1] for Wb in self._master]
        sq = sum(np.einsum("...ij,...ij->...", W, W) for W in Ws)
        ab = sum(np.abs(W).sum(axis=(-2, -1)) for W in Ws) if np.any(self.l1) else 0.0
        return (
            np.asarray(sq, dtype=float).reshape(self.K),
            np.broadcast_to(np.asarray(ab, float), (self.K,)),
        )

    def finite(self) -> np.ndarray:
        """Per model: are all weights and biases finite? Shape (K,)."""
        ok = np.ones(self.K, dtype=bool)
        for Wb in self._master:
            ok &= np.isfinite(Wb).all(axis=(-2, -1)).reshape(self.K)
        return ok

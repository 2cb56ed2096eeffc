"""Inverted dropout on the packed fast path: one model, the masks of ``dropout.py``.

The same arithmetic as ``loops.run_reference`` with dropout (``dropout.loss_and_grads_
dropout``), in ``fast.PackedNet``'s buffers: the masks are drawn from the same generator
in the same order (layer by layer, one (n[l], m_batch) array per step), so a run gives the
reference's weights up to rounding (tests/ml/test_dropout.py holds the two together).
Per training step:

- forward: A[l] = g(Z[l]) as usual; for a layer with keep_prob p < 1 the undropped A[l]
  is kept (its g' is needed backward), then A[l] := A[l] * D[l] / p in place;
- backward: after dA[l] = W[l+1]ᵀ dZ[l+1] (which used the dropped A[l] for dW[l+1]),
  dA[l] := dA[l] * D[l] / p, A[l] is put back undropped, and g' applies as usual.

Records measure the whole network (``PackedNet.forward``, no mask), and one thinned
network's J from ``dropout.thinned_cost`` on the synced weights.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from .dropout import mask_rng, thinned_cost
from .fast import Buffers, PackedNet
from .loops import Measure, _batches, _full_batch, _Meter, _schedule
from .model import Params, n_layers

__all__ = ["run_fast_dropout"]


class _Dropped:
    """One step of a thinned network in ``net``'s buffers (a new mask per call)."""

    def __init__(self, net: PackedNet, keep: Sequence[float], rng: np.random.Generator) -> None:
        self.net, self.keep, self.rng = net, tuple(keep), rng

    def __call__(self, bufs: Buffers, half_w: np.ndarray, c: np.ndarray) -> None:
        """``PackedNet.forward`` and ``step`` with a new mask on each hidden A and dA."""
        net, keep, multiply = self.net, self.keep, np.multiply
        masks: list[np.ndarray | None] = [None] * (net.L - 1)
        saved: list[np.ndarray | None] = [None] * (net.L - 1)

        def drop(l: int) -> None:  # A := A D / p, keeping the undropped A for g'
            a, p = bufs.act[l], keep[l]
            if p < 1.0:
                D = self.rng.random(a.shape) < p
                saved[l] = a.copy()
                multiply(a, D, out=a)
                np.divide(a, p, out=a)
                masks[l] = D

        def drop_grad(l: int) -> None:  # the same mask and scale on α dA
            D = masks[l]
            if D is not None:
                dA = bufs.dZ[l]
                multiply(dA, D, out=dA)
                np.divide(dA, keep[l], out=dA)
                np.copyto(bufs.act[l], saved[l])  # g' of the undropped A

        net.forward(bufs, drop)
        net.step(bufs, half_w, c, drop_grad)


def run_fast_dropout(
    params: Params,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    keep_prob: Sequence[float],
    lambd: float,
    l1: float,
    activation: str,
    lr: float,
    epochs: int,
    X_dev: np.ndarray | None = None,
    Y_dev: np.ndarray | None = None,
    batch_size: int | None = None,
    seed: int = 0,
    every: int = 1,
) -> Iterator[tuple[int, Measure]]:
    """``loops.run_reference`` with dropout (``keep_prob`` per hidden layer), packed.

    ``X`` (n_x, m), ``Y`` (1, m); yields (epoch, measures of shape (1,)) with ``params``
    equal to the weights they describe, ``cost_thinned`` included.
    """
    L = n_layers(params)
    Ws = [params[f"W{l}"] for l in range(1, L + 1)]
    bs = [params[f"b{l}"] for l in range(1, L + 1)]
    m = Y.shape[1]
    net = PackedNet(Ws, bs, activation, np.array([lambd]), np.array([l1]), np.array([m]),
                    stacked=False)  # fmt: skip
    net.set_lr(lr)
    full = _full_batch(batch_size, m)
    order = np.random.default_rng(seed)
    step = _Dropped(net, keep_prob, mask_rng(seed))
    at = [0]  # the epoch the weights are at (the thinned cost's mask is that epoch's)
    w = np.full((1, 1, m), 1.0 / m)
    w_step = w.reshape(1, m)
    train_bufs = net.buffers("train", m)
    train_bufs.load(X)
    dev = None
    if X_dev is not None and Y_dev is not None and Y_dev.shape[1] > 0:
        dev = net.buffers("dev", Y_dev.shape[1])
        dev.load(X_dev)
    meter = _Meter(net, Y, w, dev, Y_dev)
    half_full, c_full = 0.5 * lr * w_step, lr * (0.5 - Y) * w_step

    def measure() -> Measure:
        meas = meter(net.forward(train_bufs))
        for l in range(L):  # the measure describes these weights
            np.copyto(Ws[l], net.W[l])
            np.copyto(bs[l], net.b[l])
        args = (params, X, Y, keep_prob, mask_rng(seed, at[0]), lambd, l1, activation)
        meas.cost_thinned = np.array([thinned_cost(*args)])
        return meas

    def advance(start: int, stop: int) -> None:
        for _ in range(start, stop):
            if full:
                step(train_bufs, half_full, c_full)
                continue
            for idx in _batches(order, m, batch_size):  # type: ignore[arg-type]
                bufs = net.buffers("batch", len(idx))
                bufs.load(X[:, idx])
                wb = w_step[..., idx] * (m / len(idx))
                step(bufs, 0.5 * lr * wb, lr * (0.5 - Y[:, idx]) * wb)
        at[0] = stop

    return _schedule(measure, advance, epochs, every)

"""Training one MLP by gradient descent: the ``train`` iterator and its ``Record``s.

``train`` checks its arguments, then runs one of two loops (``loops.py``) with the same
records: the packed fast path (``fast.py``) when every requested feature has a fast form
(today: the hidden activation's ``fast`` entry in ``layers.ACTIVATIONS``), else the
reference loop over ``model.loss_and_grads``. So a feature may land in the reference
first and train in the lab at once; tests/ml holds the two loops together.
Per-layer ``extras`` (``extras.EXTRAS``) are computed only at recorded epochs and only
when asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from . import dropout, earlystop
from .dropout_fast import run_fast_dropout
from .extras import check_extras, compute_extras
from .fast import has_fast_path
from .layers import activation_of
from .loops import run_fast, run_reference
from .model import Params, n_layers

__all__ = ["PATHS", "Record", "train", "uses_fast_path"]

PATHS = ("auto", "fast", "reference")
"""``train``'s ``path``: "auto" (fast when it can), or one forced, for tests and benchmarks."""


@dataclass(frozen=True, slots=True)
class Record:
    """One point on the training curves, measured after ``epoch`` epochs.

    ``cost`` = ``data_cost`` + ``penalty`` is the regularized J on the training set;
    errors are fractions in [0, 1] (``dev_error`` is NaN without a dev set);
    ``w_norm_sq`` is Σ_l ‖W[l]‖²_F. ``status`` is "running", "done" or "diverged".
    ``extras`` maps each requested extra (``extras.EXTRAS``) to one float per layer.
    ``cost_thinned`` (dropout on) is J of one thinned network, a fresh mask, at these
    weights: NaN, and left out of ``as_dict``, without dropout.
    ``w_norm_sq`` is Σ_l ‖W[l]‖²_F. ``status`` is "running", "done", "stopped" (early
    stopping ran out of patience) or "diverged". ``extras`` maps each requested extra
    (``extras.EXTRAS``) to one float per layer. ``best_epoch`` is set only on the last
    record of a run with early stopping (``earlystop``): the record then describes the
    restored weights of that epoch, while ``epoch`` is where training ended (a curve
    leaves this record out; the one before it, at the same epoch, is the last point).
    """

    epoch: int
    cost: float
    data_cost: float
    penalty: float
    train_error: float
    dev_error: float
    w_norm_sq: float
    status: str = "running"
    extras: dict[str, tuple[float, ...]] = field(default_factory=dict, hash=False)
    cost_thinned: float = float("nan")
    best_epoch: int | None = None

    def as_dict(self) -> dict[str, Any]:
        """The record as JSON-ready values (NaN becomes None).

        ``extras`` (name -> list of per-layer values) is included only when some were
        requested, so a run without extras keeps its plain shape.
        """
        out: dict[str, Any] = {}
        for k in self.__slots__:
            if k == "cost_thinned" and not np.isfinite(self.cost_thinned):
                continue  # dropout off: the record keeps its plain shape
            if k not in ("extras", "best_epoch"):
                out[k] = _json_number(getattr(self, k))
        if self.best_epoch is not None:
            out["best_epoch"] = self.best_epoch
        if self.extras:
            out["extras"] = {k: [_json_number(x) for x in v] for k, v in self.extras.items()}
        return out


def _json_number(v: Any) -> Any:
    return None if isinstance(v, float) and not np.isfinite(v) else v


def uses_fast_path(activation: str) -> bool:
    """Does ``train(path="auto")`` take the fast path for these features?

    Every feature the run uses must have a fast form; a new feature adds its condition
    here (and to ``fast.py``), and until then trains through the reference loop.
    Dropout has its own fast form (``dropout_fast.py``), for the same activations.
    """
    return has_fast_path(activation)


def _validate_xy(X: np.ndarray, Y: np.ndarray, n_x: int, name: str) -> None:
    if X.ndim != 2 or Y.ndim != 2 or Y.shape[0] != 1 or X.shape[1] != Y.shape[1]:
        raise ValueError(f"{name}: X must be (n_x, m) and Y (1, m), got {X.shape} and {Y.shape}")
    if X.shape[0] != n_x:
        raise ValueError(f"{name}: X has {X.shape[0]} features, the network expects {n_x}")


def _as_float(a: np.ndarray | None) -> np.ndarray | None:
    return None if a is None else np.asarray(a, dtype=np.float64)


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
    extras: Sequence[str] = (),
    path: Literal["auto", "fast", "reference"] = "auto",
    keep_prob: dropout.KeepProb = 1.0,
    patience: int = 0,
) -> Iterator[Record]:
    """Train ``params`` in place by gradient descent and yield a ``Record`` per ``every`` epochs.

    ``X`` (n_x, m) and ``Y`` (1, m) are the training set; ``X_dev`` (n_x, m_dev) and
    ``Y_dev`` (1, m_dev) an optional dev set. Each epoch is one pass over the data: one
    full-batch step, or ⌈m / batch_size⌉ mini-batch steps in a shuffled order from
    ``seed``. The update is W[l] := (1 - αλ/m) W[l] - α (dW[l] from backprop), with
    α = ``lr``; with L1 (``l1`` = λ1) it is followed by the proximal step
    W[l] := sign(W[l]) max(|W[l]| - αλ1/m, 0), which sets small weights exactly to 0
    (``model.l1_prox``; the cost J, with its (λ1/m) Σ|W| term, is what it always was).

    Records come at epoch 0 (before any update), every ``every`` epochs and at
    ``epochs`` (status "done"). When a record is yielded, ``params`` hold the weights it
    describes; stopping the iteration stops training cleanly there. If the cost or the
    weights become NaN or infinite, a final record with status "diverged" is yielded
    and training ends; no warning is printed. ``extras`` names per-layer values
    (``extras.EXTRAS``) to put in each record. ``path`` forces a loop ("fast" raises a
    ValueError when a feature has no fast form); both give the same records.

    ``keep_prob`` (one number for every hidden layer, or one per hidden layer) trains
    with inverted dropout on the hidden layers (``dropout.py``): a new mask each step,
    from the seed; records, predictions and extras are of the whole network, and each
    record's ``cost_thinned`` is one thinned network's J. keep_prob = 1 is no dropout,
    bit for bit. Dropout has a fast form too (``dropout_fast.py``).

    ``patience`` > 0 turns on early stopping (``earlystop.watch``; needs a dev set): the
    dev error is read every epoch, training stops after ``patience`` epochs without a
    new lowest dev error, and the last record (status "stopped", or "done" when the
    epochs ran out first) carries ``best_epoch`` and describes that epoch's weights,
    which ``params`` then hold. ``patience`` 0 trains exactly as without it.
    """
    if not (lr > 0 and np.isfinite(lr)):
        raise ValueError(f"lr must be a positive number, got {lr!r}")
    if int(epochs) < 0:
        raise ValueError(f"epochs must be >= 0, got {epochs!r}")
    if lambd < 0 or l1 < 0:
        raise ValueError("lambd and l1 must be >= 0")
    if int(patience) < 0:
        raise ValueError(f"patience must be >= 0, got {patience!r}")
    if patience and (X_dev is None or Y_dev is None or Y_dev.shape[1] == 0):
        raise ValueError("early stopping (patience > 0) needs a dev set")
    if path not in PATHS:
        raise ValueError(f"unknown path {path!r}; choose {', '.join(PATHS)}")
    activation_of(activation)  # a ValueError naming the choices if unknown
    extras = check_extras(extras)
    L = n_layers(params)
    keep = dropout.keep_probs(keep_prob, L - 1)
    drops = dropout.active(keep)
    fast = has_fast_path(activation)
    if path == "fast" and not fast:
        raise ValueError(f"activation {activation!r} has no fast form")
    _validate_xy(X, Y, params["W1"].shape[1], "train")
    if X_dev is not None and Y_dev is not None:
        _validate_xy(X_dev, Y_dev, params["W1"].shape[1], "dev")
    for l in range(1, L + 1):  # both loops update these arrays in place
        for key in (f"W{l}", f"b{l}"):
            arr = params[key]
            if arr.dtype != np.float64 or not arr.flags.writeable:
                params[key] = np.array(arr, dtype=np.float64)
    X, Y = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64)
    epochs = int(epochs)
    loop = run_fast if fast and path != "reference" else run_reference
    if drops and loop is run_fast:  # dropout: its own packed loop
        loop = run_fast_dropout
    steps = loop(
        params, X, Y, lr=lr, epochs=epochs, lambd=lambd, l1=l1, activation=activation,
        X_dev=_as_float(X_dev), Y_dev=_as_float(Y_dev), batch_size=batch_size, seed=seed,
        every=1 if patience else max(1, int(every)),
        **({"keep_prob": keep} if drops else {}),
    )  # fmt: skip
    if patience:
        watched = earlystop.watch(
            steps, params, patience=int(patience), every=max(1, int(every)), epochs=epochs
        )
    else:
        watched = ((epoch, meas, None) for epoch, meas in steps)
    for epoch, meas, best in watched:
        ok = bool(meas.finite[0])
        if not ok:
            status = "diverged"
        elif patience:
            status = "running" if best is None else ("done" if epoch == epochs else "stopped")
        else:
            status = "done" if epoch == epochs else "running"
        yield Record(
            epoch,
            float(meas.cost[0]),
            float(meas.data_cost[0]),
            float(meas.penalty[0]),
            float(meas.train_error[0]),
            float(meas.dev_error[0]),
            float(meas.w_norm_sq[0]),
            status,
            compute_extras(extras, params, X, activation) if extras else {},
            float(meas.cost_thinned[0]),
            best,
        )
        if not ok:
            return

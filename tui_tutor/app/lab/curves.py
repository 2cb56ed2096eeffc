"""What a training run hands the UI: downsampled curve snapshots (no Textual here).

The worker thread fills its own ``CurveLog`` and hands over ``Snapshot``s holding
``Curves`` tuples, never the live lists, so the UI thread reads data nobody else writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tui_tutor import ml
from tui_tutor.ml.extras import compute_extras

__all__ = ["MAX_POINTS", "CurveLog", "Curves", "Snapshot", "downsample"]

MAX_POINTS = 300  # per line in a snapshot


@dataclass(frozen=True)
class Curves:
    """A snapshot of one run's curves: every field is a tuple of the same length (k,).

    Errors are fractions; ``cost`` = ``data_cost`` + ``penalty``; ``w_norm_sq`` is
    Σ_l ‖W[l]‖²_F; ``cost_thinned`` one thinned network's J (NaN without dropout).
    """

    epoch: tuple[float, ...] = ()
    train_error: tuple[float, ...] = ()
    dev_error: tuple[float, ...] = ()
    cost: tuple[float, ...] = ()
    data_cost: tuple[float, ...] = ()
    penalty: tuple[float, ...] = ()
    w_norm_sq: tuple[float, ...] = ()
    cost_thinned: tuple[float, ...] = ()

    def __len__(self) -> int:
        return len(self.epoch)


_FIELDS = ("epoch", "train_error", "dev_error", "cost", "data_cost", "penalty", "w_norm_sq",
           "cost_thinned")  # fmt: skip


def downsample(n: int, limit: int = MAX_POINTS) -> list[int]:
    """Indices of at most ``limit`` of ``n`` points, evenly spread, always with the last."""
    if n <= limit:
        return list(range(n))
    step = (n - 1) / (limit - 1)
    return sorted({round(i * step) for i in range(limit)} | {n - 1})


@dataclass
class CurveLog:
    """The worker's own growing record lists (never shared with the UI thread)."""

    cols: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in _FIELDS})

    def add(self, record: ml.Record) -> None:
        """Append one training record's numbers (not the restored weights that end an
        early-stopped run: they are the best epoch's, marked on the chart instead)."""
        if record.best_epoch is not None:
            return
        c = self.cols
        c["epoch"].append(float(record.epoch))
        for k in _FIELDS[1:]:
            c[k].append(float(getattr(record, k)))

    def snapshot(self, limit: int = MAX_POINTS) -> Curves:
        """A downsampled immutable copy (at most ``limit`` points per line)."""
        idx = downsample(len(self.cols["epoch"]), limit)
        return Curves(**{k: tuple(self.cols[k][i] for i in idx) for k in _FIELDS})


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One look at run ``run_id``, taken in the worker thread.

    ``params`` is a copy of the weights ({"W1": (n1, 2), "b1": (n1, 1), ...}); ``metrics``
    is ``LabRun.metrics`` at ``epoch``; ``status`` is the record's ("running", "done", "stopped",
    "diverged"), or "error" with ``error`` saying why the run could not start or go on.
    ``extras`` are the per-layer extras the offered views asked for, for these weights.
    """

    run_id: int
    curves: Curves
    params: dict | None
    metrics: dict[str, float] | None
    status: str
    epoch: int
    data: ml.Splits | None = None
    error: str | None = None
    extras: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def final(self) -> bool:
        """Whether nothing will follow this snapshot (the run ended or failed)."""
        return self.status != "running"

    @classmethod
    def of(
        cls,
        run_id: int,
        run: ml.LabRun,
        log: CurveLog,
        record: ml.Record,
        extras: Iterable[str] = (),
    ) -> Snapshot:
        """The snapshot of ``run`` at ``record`` (weights copied, curves downsampled), with
        the per-layer ``extras`` (``ml.EXTRAS`` names) of its current weights."""
        params = {k: v.copy() for k, v in run.params.items()}
        names = sorted(x for x in extras if x != "gradcheck")  # a metric, not a per-layer value
        values = dict(record.extras)
        if names:
            X, act = run.data.X_train, run.config.activation
            values.update(compute_extras(names, run.params, X, act))
        return cls(
            run_id,
            log.snapshot(),
            params,
            run.metrics(record),
            record.status,
            record.epoch,
            run.data,
            extras=values,
        )

    @classmethod
    def failed(cls, run_id: int, error: Exception) -> Snapshot:
        """A run that could not go on (a missing CSV and the like)."""
        return cls(run_id, Curves(), None, None, "error", 0, error=str(error))

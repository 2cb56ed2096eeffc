"""The numbers a finished run is measured by: one declaration per metric.

``LabRun.metrics`` returns exactly the keys of ``RUN_METRICS``; the lesson format's
claims, predictions and challenge goals may test any of ``METRICS`` (the run's metrics
plus those measured over several runs, such as ``dev_spread``). Words the learner reads
live in ``tui_tutor.i18n`` under ``metric.<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["METRICS", "RUN_METRICS", "Metric"]


@dataclass(frozen=True)
class Metric:
    """One measured number. ``percent``: a fraction shown as a percent (0.12 -> 12%).

    ``runs`` > 1 means it is measured over that many runs (data seeds 0..runs-1), not
    read from one run's record.
    """

    name: str
    help: str
    percent: bool = False
    runs: int = 1


_ALL: tuple[Metric, ...] = (
    Metric("epoch", "epochs trained"),
    Metric("train_error", "error on the training set", percent=True),
    Metric("dev_error", "error on the dev set", percent=True),
    Metric("test_error", "error on the test set (NaN without one, and then never holds)",
           percent=True),
    Metric("gap", "dev error − train error", percent=True),
    Metric("cost", "regularized cost J on the training set = data_cost + penalty"),
    Metric("data_cost", "the cross-entropy part of J"),
    Metric("penalty", "the λ part: (λ/2m) Σ‖W[l]‖²_F (+ the L1 term)"),
    Metric("w_norm_sq", "Σ_l ‖W[l]‖²_F"),
    Metric("zero_weights", "fraction of weights that are exactly 0 (sparsity: L1's "
           "proximal step sets weights to 0)", percent=True),
    Metric("bayes_error", "the Bayes floor of the data: label flips plus the class overlap "
           "that noise causes, from the dataset's generative model (flip for a CSV)",
           percent=True),
    Metric("lambd", "the λ used"),
    Metric("l1", "the L1 strength used"),
    Metric("units", "total hidden units"),
    Metric("hidden_layers", "number of hidden layers"),
    Metric("m_train", "training examples"),
    Metric("m_dev", "dev examples"),
    Metric("m_test", "test examples"),
    Metric("diverged", "1 when training blew up (NaN/inf), else 0"),
    Metric("dev_spread", "max − min of the dev error over data seeds 0..4 (how much a small "
           "dev set jumps)", percent=True, runs=5),
)  # fmt: skip

METRICS: dict[str, Metric] = {m.name: m for m in _ALL}
"""Every metric a lesson may test, by name."""

RUN_METRICS: tuple[str, ...] = tuple(m.name for m in _ALL if m.runs == 1)
"""The metrics of one run, as ``LabRun.metrics`` returns them."""

"""The numbers a finished run is measured by: one declaration per metric.

``LabRun.metrics`` returns exactly the keys of ``RUN_METRICS``; the lesson format's
claims, predictions and challenge goals may test any of ``METRICS`` (the run's metrics
plus those measured over several runs, such as ``dev_spread``). Words the learner reads
live in ``tui_tutor.i18n`` under ``metric.<name>``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["METRICS", "RUN_METRICS", "Metric", "format_value", "shown_gap"]


@dataclass(frozen=True)
class Metric:
    """One measured number. ``percent``: a fraction shown as a percent (0.12 -> 12%).

    ``runs`` > 1 means it is measured over that many runs (data seeds 0..runs-1), not
    read from one run's record. ``decimals`` is how a measured value is shown (see
    ``format_value``): a fixed number of decimals (of the percent, for a percent), or
    None for a count or a setting (shown as a person writes it: 3, 0.7, 1e-06).
    ``signed``: a measured value always shows its sign (a negative gap is news).
    ``significant``: show a measured value with that many significant digits instead
    (a figure that spans decades, such as a learning rate: 0.0295, 25.6).
    ``scientific``: show it as a mantissa with that many decimals and an exponent (a
    gradient check's relative difference: 1.23e-11, 4.56e-02, compared in decades).
    """

    name: str
    help: str
    percent: bool = False
    runs: int = 1
    decimals: int | None = 4
    signed: bool = False
    significant: int | None = None
    scientific: int | None = None


_COUNT = {"decimals": None}  # counts and settings: shown as a person writes them
_PCT = {"percent": True, "decimals": 1}

_ALL: tuple[Metric, ...] = (
    Metric("epoch", "epochs trained", **_COUNT),
    Metric("train_error", "error on the training set", **_PCT),
    Metric("dev_error", "error on the dev set", **_PCT),
    Metric("dev_low", "the low end of the dev error's 95% Wilson interval (what the dev "
           "error of the model on new data may be, given n_dev examples)", **_PCT),
    Metric("dev_high", "the high end of the dev error's 95% Wilson interval", **_PCT),
    Metric("test_error", "error on the test set (NaN without one, and then never holds)",
           **_PCT),
    Metric("gap", "dev error − train error", signed=True, **_PCT),
    Metric("cost", "regularized cost J on the training set = data_cost + penalty"),
    Metric("data_cost", "the cross-entropy part of J"),
    Metric("penalty", "the λ part: (λ/2m) Σ‖W[l]‖²_F (+ the L1 term)"),
    Metric("w_norm_sq", "Σ_l ‖W[l]‖²_F", decimals=1),
    Metric("zero_weights", "fraction of weights that are exactly 0 (sparsity: L1's "
           "proximal step sets weights to 0)", **_PCT),
    Metric("bayes_error", "the Bayes floor of the data: label flips plus the class overlap "
           "that noise causes, from the dataset's generative model; for a CSV it is "
           "unknown (NaN) unless the bayes setting gives an estimate", **_PCT),
    Metric("lambd", "the λ used", **_COUNT),
    Metric("l1", "the L1 strength used", **_COUNT),
    Metric("units", "total hidden units", **_COUNT),
    Metric("hidden_layers", "number of hidden layers", **_COUNT),
    Metric("m_train", "training examples", **_COUNT),
    Metric("m_dev", "dev examples", **_COUNT),
    Metric("m_test", "test examples", **_COUNT),
    # -- regmore: augmentation and early stopping
    Metric("m_augmented", "augmented copies among the training examples (m_train counts "
           "them; the drawn examples are m_train − m_augmented)", **_COUNT),
    Metric("best_epoch", "early stopping: the epoch of the lowest dev error, whose weights "
           "the run ends with (NaN when patience is 0)", **_COUNT),
    Metric("diverged", "1 when training blew up (NaN/inf), else 0", **_COUNT),
    # -- gcheck: measured only when asked (the gradcheck view, a lesson's condition) -----
    Metric("gc_init", "the gradient check's relative difference at initialization (with "
           "the bug setting's planted bug)", scientific=2),
    Metric("gc_difference", "the gradient check's relative difference at the end of the "
           "run (the trained weights)", scientific=2),
    Metric("gc_layer", "the layer the check points at after training: the highest l whose "
           "dW or db differs by 1e-5 or more (0: none)", **_COUNT),
    # gcheck: f(θ) = θ³ at θ = 1 (ml.cube_table), the same for every run (runs = 0)
    Metric("dq_one", "the one-sided quotient (f(θ+ε) − f(θ))/ε of θ³ at θ = 1, ε = 0.01",
           runs=0),
    Metric("dq_two", "the two-sided quotient (f(θ+ε) − f(θ−ε))/2ε of θ³ at θ = 1, ε = 0.01",
           runs=0),
    Metric("dq_slope_one", "the log-log slope of the one-sided quotient's error against ε "
           "(1: O(ε))", runs=0, decimals=2),
    Metric("dq_slope_two", "the log-log slope of the two-sided quotient's error against ε "
           "(2: O(ε²))", runs=0, decimals=2),
    Metric("dq_best_one", "the ε of the one-sided quotient's smallest error (below it "
           "rounding takes over)", runs=0, decimals=None),
    Metric("dq_best_two", "the ε of the two-sided quotient's smallest error", runs=0,
           decimals=None),
    Metric("dev_spread", "max − min of the dev error over data seeds 0..4 (how much a small "
           "dev set jumps)", runs=5, **_PCT),
    # -- dropout: ml.dropout.dropout_metrics
    Metric("keep_prob", "the keep_prob of inverted dropout (the lowest of the hidden "
           "layers; 1 = no dropout)", **_COUNT),
    Metric("cost_thinned", "J of one thinned network (a fresh dropout mask) at the final "
           "weights, beside the true J (cost); NaN without dropout"),
    # norm: the two-weight cost surface (ml.labsurface), measured only when asked (the
    # surface view, a lesson's condition); NaN otherwise
    Metric("lr_max", "the largest learning rate at which gradient descent on the two-weight "
           "model (logistic regression on x1, x2, no bias, from w = 0) lowers J at every one "
           "of 100 steps, on the training inputs as the network sees them", significant=3),
    Metric("contour_ratio", "how elongated J's contours are near its minimum: the long "
           "axis over the short one, √(λ_max/λ_min) of the Hessian (1: round)", decimals=1),
    Metric("descent_steps", "the steps gradient descent at the lab's α takes on the "
           "two-weight model, from w = 0, to come near the minimum (J − J* down to 1% of "
           "J(0) − J*), within the run's epochs (at most 300); NaN when it does not", **_COUNT),
    # -- (inside: looking inside the hidden layers; ml.extras.inside_metrics)
    Metric("linear_share", "the share of the hidden layers' z values (every hidden unit on "
           "every training example) with |z| < 0.5, tanh's near-linear region; NaN without "
           "a hidden layer", **_PCT),
    Metric("z_std", "the spread (standard deviation) of the hidden layers' z values over "
           "units and training examples; NaN without a hidden layer", decimals=2),
    Metric("w_max", "the largest |w| of any weight of W[1..L] (a unit's largest incoming "
           "weight)", decimals=2),
    # -- deep: every layer of a deep net (ml.deep.deep_metrics), at the run's end
    Metric("a_growth", "the mean factor by which the RMS of a[l] grows from one hidden layer "
           "to the next (1.5 for a deep linear net with W = 1.5·I); NaN with fewer than two "
           "hidden layers", decimals=3),
    Metric("a_last", "the RMS of the last hidden layer's activations a[L-1] over units and "
           "training examples", significant=4),
    Metric("dw_first", "‖dW[1]‖_F, the data cost's gradient of the first layer", scientific=2),
    Metric("dw_last", "‖dW[L]‖_F, the data cost's gradient of the output layer", scientific=2),
    Metric("unit_spread", "the largest difference between two units' incoming weights (and "
           "biases) in any hidden layer: 0 when every unit is the same (symmetry never broke)",
           decimals=None),
    Metric("init_cost", "the cost J at initialization (epoch 0), computed from the logits",
           decimals=4),
)  # fmt: skip

METRICS: dict[str, Metric] = {m.name: m for m in _ALL}
"""Every metric a lesson may test, by name."""

RUN_METRICS: tuple[str, ...] = tuple(m.name for m in _ALL if m.runs == 1)
"""The metrics of one run, as ``LabRun.metrics`` returns them."""


_HUGE = 1e6  # measured values this large (a diverging cost) are shown in scientific form


def _plain(x: float) -> str:
    """A number as a person writes it: 3, 0.7, 11.5, 1e-06 (no float noise)."""
    x = float(f"{float(x):.10g}")  # 10 significant digits, not decimals: 1e-11 stays
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}"


def format_value(
    name: str, value: float | None, *, stated: bool = False, missing: str = "–"
) -> str:
    """The one way a metric's value is written (the readout, conditions, the CLI's tables).

    A measured value has the metric's fixed ``decimals`` (errors 12.4%, ‖W‖² 24.9,
    costs 0.6931; counts and settings 3, 0.7), so every place shows the same figure
    the same way; a huge one (a diverging cost) is 1.23e+30, ``signed`` ones carry their
    sign (+1.7%). A ``stated`` value (a threshold a lesson writes) is shown as written:
    0.115 -> 11.5%, 2.05 -> 2.05. ``missing`` stands for None or NaN; an unknown name is
    shown as a plain number.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return missing
    v = float(value)
    metric = METRICS.get(name)
    if not math.isfinite(v):
        return "∞" if v > 0 else "-∞"
    if metric is None:
        return _plain(v)
    scale, unit = (100.0, "%") if metric.percent else (1.0, "")
    shown = v * scale
    if stated or metric.decimals is None:
        return _plain(shown) + unit
    if metric.scientific is not None:
        return f"{shown:.{metric.scientific}e}{unit}"
    if abs(shown) >= _HUGE:
        return f"{shown:.3g}{unit}"
    if metric.significant:
        return f"{shown:.{metric.significant}g}{unit}"
    sign = "+" if metric.signed else ""
    text = f"{shown:{sign}.{metric.decimals}f}"
    if text.lstrip("+-").strip("0.") == "":  # a rounded 0: no "-0.0"
        text = f"{0.0:{sign}.{metric.decimals}f}"
    return text + unit


def shown_gap(train_error: float, dev_error: float) -> float:
    """The gap as the readout writes it: the dev error minus the train error, each first
    rounded as ``format_value`` shows it, so the three figures add up on screen (8.6% and
    8.3% have a gap of +0.3%, where the exact 0.24 points would show +0.2%). Fractions in,
    a fraction out; the runs' ``gap`` metric (what lessons' conditions read) stays exact."""
    if not (math.isfinite(train_error) and math.isfinite(dev_error)):
        return math.nan
    shown = [float(format_value(n, v).rstrip("%")) for n, v in
             (("dev_error", dev_error), ("train_error", train_error))]  # fmt: skip
    return (shown[0] - shown[1]) / 100.0

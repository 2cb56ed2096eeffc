"""Bias/variance diagnosis from train and dev error, and what it can and cannot tell.

Only the maths and the ``kind``; the words for each kind (its name and the basic
recipe's next step: fix bias first, until the training set is fit well, then variance)
live in ``tui_tutor.i18n`` (``diag.<kind>``, ``advice.<kind>`` for the lab,
``cli.advice.<kind>`` for the command line), and so do the notes (``Diagnosis.notes``).

What the diagnosis assumes (the course's rule): the Bayes (optimal) error is known (0%
when it is not), and the dev data come from the training distribution. It reads bias
from the train error and variance from the train -> dev jump. Given the set sizes it
also weighs the dev error's uncertainty: one dev example is worth 1/n_dev of the error,
and a 95% Wilson interval of a binomial proportion says how far the true dev error may
be from the measured one; when the verdict at the interval's two ends differs, the dev
set is too small to tell.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .metrics import format_value
from .values import format_number

__all__ = [
    "KINDS",
    "NOTES",
    "Z95",
    "Diagnosis",
    "advice_figures",
    "diagnose",
    "diagnose_metrics",
    "wilson_interval",
]

KINDS: tuple[str, ...] = ("high_bias", "high_variance", "both", "fine", "too_small")
"""Every ``Diagnosis.kind`` (each has its words in ``tui_tutor.i18n``)."""

NOTES: tuple[str, ...] = ("variance_unsure", "memorized", "mismatch", "bayes_unknown")
"""Every note a diagnosis may carry (``diag.note.<name>`` in ``tui_tutor.i18n``)."""

Z95 = 1.959963984540054  # the normal quantile of a two-sided 95% interval
_EPS = 1e-9  # comparisons are decided by the errors, not by float noise (0.05 - 0.02)


def wilson_interval(errors: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of an error rate measured as ``errors`` out of ``n``.

    Returns (low, high) as fractions in [0, 1]; 95% for the default ``z``. Unlike
    p ± z√(p(1-p)/n) it stays inside [0, 1] and is not empty at 0 or n errors: 0 of 4
    gives (0, 0.49).
    """
    if n <= 0:
        return 0.0, 1.0
    p = min(max(errors / n, 0.0), 1.0)
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The verdict on one (train error, dev error) pair, and what it rests on.

    ``kind`` is one of ``KINDS``: "high_bias", "high_variance", "both", "fine", or
    "too_small" (the dev set is too small to tell whether variance is high, and bias is
    not). ``avoidable_bias`` = train error - ``bayes`` (the floor used: 0 when unknown,
    ``bayes_known`` False); ``variance`` = dev error - train error (all fractions).
    ``n_dev`` and ``dev_interval`` (the dev error's 95% Wilson interval) are set when
    the dev set's size was given. ``notes`` name what a reader must know besides the
    kind (see ``NOTES``): the variance verdict is unsure (bias is high, so it comes
    first anyway), the train error is below the Bayes floor by more than chance
    (memorized noise, a warning sign), the dev data are shifted (part of the gap may be
    the mismatch, which train and dev errors alone cannot separate), the floor is
    unknown and taken as 0. ``variance_line`` is the dev error above which variance reads
    as high (train error + ``variance_tol``): "too_small" means the interval spans it.
    """

    kind: str
    avoidable_bias: float
    variance: float
    bayes: float = 0.0
    bayes_known: bool = True
    n_dev: int | None = None
    dev_interval: tuple[float, float] | None = None
    notes: tuple[str, ...] = ()
    variance_line: float | None = None  # the dev error above which variance is high

    @property
    def high_bias(self) -> bool:
        return self.kind in ("high_bias", "both")

    @property
    def high_variance(self) -> bool:
        return self.kind in ("high_variance", "both")

    @property
    def one_example(self) -> float | None:
        """What one dev example is worth, as a fraction (1/n_dev), or None."""
        return 1.0 / self.n_dev if self.n_dev else None


def _fraction(name: str, v: object) -> float:
    if not (isinstance(v, int | float) and math.isfinite(v) and 0.0 <= v <= 1.0):
        raise ValueError(f"{name} must be a fraction between 0 and 1, got {v!r}")
    return float(v)


def diagnose(
    train_error: float,
    dev_error: float,
    bayes_error: float = 0.0,
    *,
    n_train: int | None = None,
    n_dev: int | None = None,
    shifted: bool = False,
    bias_tol: float = 0.02,
    variance_tol: float = 0.03,
) -> Diagnosis:
    """Read bias from the train error and variance from the train -> dev jump.

    Errors are fractions in [0, 1]; ``bayes_error`` NaN means the floor is unknown
    (a CSV's data): it is taken as 0, the course's assumption, and noted. Bias is high
    when the train error exceeds the floor by more than ``bias_tol``; variance is high
    when the dev error exceeds the train error by more than ``variance_tol`` (2%/5% is
    not: a tolerance of 1e-9 keeps float noise from deciding). With the defaults the
    course's four cases come out as published: 1%/11% high variance, 15%/16% high bias,
    15%/30% both, 0.5%/1% fine, and 15%/16% is fine when the Bayes error is 15%.

    ``n_dev`` (the dev set's size) adds the dev error's 95% Wilson interval: when the
    variance verdict at its low end differs from the one at its high end, the dev set
    is too small to tell ("too_small"; with high bias the kind is "high_bias", noted).
    ``n_train`` lets a train error below the floor be flagged only when it is below by
    more than chance (the Wilson interval's high end under the floor; without
    ``n_train``, by more than ``bias_tol``). ``shifted``: the dev data come from a
    shifted distribution (the ``shift`` setting), noted.
    """
    train = _fraction("train_error", train_error)
    dev = _fraction("dev_error", dev_error)
    known = not (isinstance(bayes_error, float) and math.isnan(bayes_error))
    bayes = float(bayes_error) if known else 0.0
    if not (0.0 <= bayes < 1.0):
        raise ValueError(f"bayes_error must be a fraction in [0, 1), got {bayes_error!r}")
    bias, var = train - bayes, dev - train
    hb = bias > bias_tol + _EPS
    hv = var > variance_tol + _EPS
    notes: list[str] = []
    interval = None
    if n_dev:
        interval = wilson_interval(round(dev * n_dev), n_dev)
        if (interval[0] - train > variance_tol + _EPS) != (
            interval[1] - train > variance_tol + _EPS
        ):
            notes.append("variance_unsure")
    if "variance_unsure" in notes:
        kind = "high_bias" if hb else "too_small"
    else:
        kind = "both" if hb and hv else "high_bias" if hb else "high_variance" if hv else "fine"
    if known and bayes > 0:
        top = wilson_interval(round(train * n_train), n_train)[1] if n_train else train + bias_tol
        if top < bayes - _EPS:
            notes.append("memorized")
    if shifted:
        notes.append("mismatch")
    if not known:
        notes.append("bayes_unknown")
    if kind == "too_small":  # its own words say it; the note would say it twice
        notes.remove("variance_unsure")
    line = train + variance_tol
    return Diagnosis(kind, bias, var, bayes, known, n_dev or None, interval, tuple(notes), line)


def diagnose_metrics(metrics: Mapping[str, float], *, shifted: bool = False) -> Diagnosis | None:
    """The diagnosis of one run's metrics (``LabRun.metrics``: the errors, the floor and
    the set sizes), or None when there is nothing to judge (a diverged run's NaN)."""
    try:
        return diagnose(
            metrics["train_error"],
            metrics["dev_error"],
            metrics.get("bayes_error", 0.0),
            n_train=int(metrics.get("m_train", 0)) or None,
            n_dev=int(metrics.get("m_dev", 0)) or None,
            shifted=shifted,
        )
    except (KeyError, TypeError, ValueError):
        return None


def advice_figures(d: Diagnosis) -> dict[str, str]:
    """The figures the words of ``d``'s next step may name, written as shown everywhere:
    ``step`` (one dev example, in points of dev error), ``line`` (the dev error where
    variance turns high) and ``lo`` / ``hi`` (the dev error's 95% interval)."""
    lo, hi = d.dev_interval or (None, None)
    return {
        "step": format_number(round(100 / d.n_dev, 2)) if d.n_dev else "?",
        "line": format_value("dev_error", d.variance_line),
        "lo": format_value("dev_error", lo),
        "hi": format_value("dev_error", hi),
    }

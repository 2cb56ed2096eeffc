"""Bias/variance diagnosis from train and dev error.

Only the maths and the ``kind``; the words for each kind (its name and the basic
recipe's next step: fix bias first, until the training set is fit well, then variance)
live in ``tui_tutor.i18n`` (``diag.<kind>``, ``advice.<kind>`` for the lab,
``cli.advice.<kind>`` for the command line).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["KINDS", "Diagnosis", "diagnose"]

KINDS: tuple[str, ...] = ("high_bias", "high_variance", "both", "fine")
"""Every ``Diagnosis.kind`` (each has its words in ``tui_tutor.i18n``)."""


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The verdict on one (train error, dev error) pair.

    ``kind`` is one of ``KINDS``: "high_bias", "high_variance", "both" or "fine".
    ``avoidable_bias`` = train error - Bayes error; ``variance`` = dev error - train
    error (all fractions).
    """

    kind: str
    avoidable_bias: float
    variance: float

    @property
    def high_bias(self) -> bool:
        return self.kind in ("high_bias", "both")

    @property
    def high_variance(self) -> bool:
        return self.kind in ("high_variance", "both")


def diagnose(
    train_error: float,
    dev_error: float,
    bayes_error: float = 0.0,
    *,
    bias_tol: float = 0.02,
    variance_tol: float = 0.03,
) -> Diagnosis:
    """Read bias from the train error and variance from the train -> dev jump.

    Errors are fractions in [0, 1]. Bias is high when the train error exceeds the
    Bayes (optimal) error by more than ``bias_tol``; variance is high when the dev
    error exceeds the train error by more than ``variance_tol``. With the defaults the
    course's four cases come out as published: 1%/11% high variance, 15%/16% high bias,
    15%/30% both, 0.5%/1% fine, and 15%/16% is fine when the Bayes error is 15%.
    """
    for name, v in (("train_error", train_error), ("dev_error", dev_error)):
        if not (isinstance(v, int | float) and math.isfinite(v) and 0.0 <= v <= 1.0):
            raise ValueError(f"{name} must be a fraction between 0 and 1, got {v!r}")
    if not (0.0 <= bayes_error < 1.0):
        raise ValueError(f"bayes_error must be a fraction in [0, 1), got {bayes_error!r}")
    bias = train_error - bayes_error
    var = dev_error - train_error
    hb = bias > bias_tol
    hv = var > variance_tol
    kind = "both" if hb and hv else "high_bias" if hb else "high_variance" if hv else "fine"
    return Diagnosis(kind, bias, var)

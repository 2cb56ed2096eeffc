"""Numerical derivatives of f(θ) = θ³ at θ = 1: how the error of a difference quotient
falls with ε (one-sided O(ε), two-sided O(ε²)) until rounding takes over.

The truncation error of the one-sided quotient (f(θ+ε) - f(θ))/ε is f''(θ) ε/2 + ..., a
slope of 1 on log-log axes; the two-sided (f(θ+ε) - f(θ-ε))/2ε cancels the ε term and
leaves f'''(θ) ε²/6, a slope of 2. Below some ε the rounding of f (about 1e-16 |f| per
evaluation) divided by ε grows like 1/ε and wins: the error turns up again, near
ε ≈ 1e-8 for the one-sided quotient and 1e-5 for the two-sided one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .gradcheck import difference_quotient

__all__ = ["DerivativeTable", "cube_table", "slope"]

EPSILONS = tuple(float(x) for x in np.logspace(0, -15, 61))  # 1 down to 1e-15, 4 per decade


@dataclass(frozen=True)
class DerivativeTable:
    """The quotients of f(θ) = θ³ at ``theta`` for each ε of ``epsilons`` (all (k,)).

    ``one_sided``, ``two_sided``: the quotients; ``*_error``: |quotient - 3θ²|.
    """

    theta: float
    epsilons: np.ndarray
    one_sided: np.ndarray
    two_sided: np.ndarray

    @property
    def true(self) -> float:
        """f'(θ) = 3θ²."""
        return 3.0 * self.theta**2

    @property
    def one_error(self) -> np.ndarray:
        return np.abs(self.one_sided - self.true)

    @property
    def two_error(self) -> np.ndarray:
        return np.abs(self.two_sided - self.true)

    def best(self, two_sided: bool) -> float:
        """The ε of the smallest error: where rounding starts to take over."""
        err = self.two_error if two_sided else self.one_error
        return float(self.epsilons[int(np.argmin(err))])

    def slope(self, two_sided: bool) -> float:
        """The log-log slope of the error where truncation rules (``slope``)."""
        hi = 0.1
        lo = 1e-4 if not two_sided else 1e-3  # well above where rounding starts
        return slope(self.epsilons, self.two_error if two_sided else self.one_error, lo, hi)


def cube_table(theta: float = 1.0, epsilons: tuple[float, ...] = EPSILONS) -> DerivativeTable:
    """``DerivativeTable`` of f(θ) = θ³ at ``theta``; at θ = 1, ε = 0.01 the quotients
    are 3.0301 (one-sided) and 3.0001 (two-sided), the true derivative is 3."""

    def f(x: float) -> float:
        return x**3

    eps = np.asarray(epsilons, dtype=float)
    one = [difference_quotient(f, theta, e, two_sided=False) for e in eps]
    two = [difference_quotient(f, theta, e, two_sided=True) for e in eps]
    return DerivativeTable(float(theta), eps, np.array(one), np.array(two))


def slope(epsilons: np.ndarray, errors: np.ndarray, lo: float, hi: float) -> float:
    """The least-squares slope of log10(error) against log10(ε) for lo <= ε <= hi."""
    keep = (epsilons >= lo) & (epsilons <= hi) & (errors > 0)
    x, y = np.log10(epsilons[keep]), np.log10(errors[keep])
    return float(np.polyfit(x, y, 1)[0])

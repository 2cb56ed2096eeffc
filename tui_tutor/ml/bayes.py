"""The Bayes (optimal) error of the generated datasets, from their known generative model.

Label flips alone give a floor of p; geometric noise makes the two classes overlap and
raises it. For each dataset the class densities p(x | y) are the clean shape (a curve,
two squares or a Gaussian) blurred by the isotropic Gaussian noise, integrated over the
shape's latent parameter on a fine grid. With the posterior π(x) = P(y = 1 | x) and flip
probability p, the observed label has q(x) = (1 - p) π(x) + p (1 - π(x)), and the Bayes
error is E_x[min(q, 1 - q)], estimated over a large seeded sample of x.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

from .data import DATASETS, make_dataset

__all__ = ["bayes_error", "clean_bayes_error"]

_GRID = 400  # points on each class's latent parameter
_SAMPLES = 6000  # Monte Carlo sample of x
_CHUNK = 250  # samples per vectorized block


def _curve_points(name: str, y: int, k: int) -> np.ndarray:
    """Clean points of class ``y`` along its latent parameter, shape (2, k)."""
    u = (np.arange(k) + 0.5) / k
    if name == "moons":
        t = math.pi * u
        return (
            np.stack([np.cos(t), np.sin(t)])
            if y == 0
            else np.stack([1 - np.cos(t), 0.5 - np.sin(t)])
        )
    if name == "circles":
        t = 2 * math.pi * u
        r = 1.0 if y == 0 else 0.5
        return r * np.stack([np.cos(t), np.sin(t)])
    if name == "spiral":
        r = 0.05 + 0.95 * u
        t = 1.75 * math.pi * r + y * math.pi
        return np.stack([r * np.cos(t), r * np.sin(t)])
    raise ValueError(name)  # pragma: no cover


def _log_density_curve(X: np.ndarray, C: np.ndarray, sigma: float) -> np.ndarray:
    """log p(x) up to a shared constant for x ~ uniform point on curve C + N(0, σ² I)."""
    d2 = (X[0][:, None] - C[0][None]) ** 2 + (X[1][:, None] - C[1][None]) ** 2  # (n, k)
    a = -d2 / (2 * sigma * sigma)
    top = a.max(axis=1, keepdims=True)
    return top[:, 0] + np.log(np.exp(a - top).mean(axis=1))


def _log_uniform_blur(x: np.ndarray, lo: float, hi: float, sigma: float) -> np.ndarray:
    """log density of U[lo, hi] + N(0, σ²) at x (n,), up to a shared constant."""
    u = lo + (hi - lo) * (np.arange(_GRID) + 0.5) / _GRID
    a = -((x[:, None] - u[None]) ** 2) / (2 * sigma * sigma)
    top = a.max(axis=1, keepdims=True)
    return top[:, 0] + np.log(np.exp(a - top).mean(axis=1))


def _posterior(name: str, X: np.ndarray, noise: float) -> np.ndarray:
    """P(y = 1 | x) for the clean labels, X of shape (2, n); classes are equally likely."""
    if name == "blobs":
        s2 = 0.35**2 + noise**2
        mu0, mu1 = np.array([-1.0, -0.5]), np.array([1.0, 0.5])
        l0 = -((X - mu0[:, None]) ** 2).sum(axis=0) / (2 * s2)
        l1 = -((X - mu1[:, None]) ** 2).sum(axis=0) / (2 * s2)
    elif name == "xor":
        pos = [_log_uniform_blur(X[i], 0.1, 1.1, noise) for i in (0, 1)]
        neg = [_log_uniform_blur(X[i], -1.1, -0.1, noise) for i in (0, 1)]
        l1 = np.logaddexp(pos[0] + pos[1], neg[0] + neg[1])
        l0 = np.logaddexp(pos[0] + neg[1], neg[0] + pos[1])
    else:
        l0 = _log_density_curve(X, _curve_points(name, 0, _GRID), noise)
        l1 = _log_density_curve(X, _curve_points(name, 1, _GRID), noise)
    return 0.5 * (1.0 + np.tanh(0.5 * (l1 - l0)))


def bayes_error(name: str, noise: float, flip: float = 0.0) -> float:
    """The lowest error any classifier can reach on ``make_dataset(name, noise=, flip=)``.

    Returns a fraction in [0, 0.5]. Without geometric overlap it equals ``flip``. Flips
    act on the clean posterior π alone: q = p + (1 - 2p) π, so min(q, 1 - q) =
    p + (1 - 2p) min(π, 1 - π) for p <= 0.5, and the floor is p + (1 - 2p) times the
    clean floor, which is measured once per dataset and noise (changing ``flip`` costs
    nothing). Blobs have a closed form; the other shapes an estimate that is
    deterministic (a fixed sample) and accurate to about ±0.3 points.
    """
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}")
    p = float(flip)
    return min(0.5, p + (1.0 - 2.0 * p) * clean_bayes_error(name, float(noise)))


@lru_cache(maxsize=128)
def clean_bayes_error(name: str, noise: float) -> float:
    """The Bayes error of ``name`` at ``noise`` without label flips, a fraction in [0, 0.5].

    Blobs are two Gaussians N(μ0, s² I) and N(μ1, s² I), s² = 0.35² + noise²: the error is
    Φ(-|μ1 - μ0| / (2 s)) exactly. The other shapes integrate their posterior over a
    seeded sample (module doc)."""
    if name not in DATASETS:
        raise ValueError(f"unknown dataset {name!r}")
    sigma = float(noise)
    if name == "blobs":
        s = math.sqrt(0.35**2 + sigma**2)
        half_gap = math.hypot(2.0, 1.0) / (2.0 * s)
        return 0.5 * math.erfc(half_gap / math.sqrt(2.0))
    if sigma < 1e-3:
        return 0.0  # the clean shapes do not overlap
    X, _ = make_dataset(name, _SAMPLES, noise=sigma, flip=0.0, seed=12345)
    with np.errstate(all="ignore"):
        # In chunks, so the (n, grid) temporaries stay near a megabyte each.
        pi = np.concatenate(
            [
                _posterior(name, X[:, i : i + _CHUNK], max(sigma, 1e-3))
                for i in range(0, _SAMPLES, _CHUNK)
            ]
        )
    return min(0.5, float(np.mean(np.minimum(pi, 1.0 - pi))))

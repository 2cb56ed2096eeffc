"""Data augmentation for the 2-D datasets: copies of the training examples, made new.

The lab's answer to "flip the cat photo": each dataset's true symmetries (a transform
that maps the data's distribution onto itself, the label kept or, where the transform
swaps the two classes' shapes, swapped), input jitter, and one transform that looks as
harmless but is *not* a symmetry of the problem (the cat turned upside down).

Kinds (the ``augment`` setting):

- ``none``: no copies;
- ``symmetry``: each copy of an example gets one of the dataset's symmetries, drawn at
  random (``SYMMETRIES``): circles: any rotation about the origin, then a reflection half
  of the time (label kept); xor: the seven other symmetries of the square (the half-turn
  and the two diagonal mirrors keep the label, the quarter turns and the axis mirrors swap
  it); moons: the half-turn about the centre (0.5, 0.25), which carries one moon onto the
  other (label swapped); spiral: the half-turn about the origin (label swapped); blobs:
  the mirror in the line through the two centres (kept), the half-turn about the origin
  and the mirror in the perpendicular bisector (swapped). A CSV has none known;
- ``jitter``: x + Gaussian noise of 0.1 times the training split's spread per feature
  (any dataset, a CSV too);
- ``false-symmetry``: a transform that is not a symmetry, label kept (``FALSE``): moons,
  xor, spiral, blobs: upside down (mirrored top to bottom about the data's middle);
  circles (for which upside down *is* a symmetry): shrunk to half size about the origin,
  which puts the outer ring's copies on the inner ring.

Copies are made in the raw coordinates of the generator, from the training split only,
after the split and deterministically from the seed; the standardization stays the one
fitted on the original training split, so the dev and test sets are exactly what they are
without augmentation. ``augment_splits`` appends ``copies`` × m_train examples.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from .data import Splits

__all__ = ["AUGMENTS", "FALSE", "JITTER", "SYMMETRIES", "Transform", "augment_splits", "problem"]

AUGMENTS: tuple[str, ...] = ("none", "symmetry", "jitter", "false-symmetry")
"""The ``augment`` setting's choices."""

JITTER = 0.1  # jitter's standard deviation, as a fraction of each feature's spread


@dataclass(frozen=True)
class Transform:
    """A map of raw inputs ``X`` (2, n) -> (2, n); ``swaps``: the label becomes 1 - y.

    ``apply(X, rng)`` may draw parameters from ``rng`` (a random rotation angle).
    """

    name: str
    apply: Callable[[np.ndarray, np.random.Generator], np.ndarray]
    swaps: bool = False


def _linear(matrix: list[list[float]], centre: tuple[float, float] = (0.0, 0.0)):
    """x -> M (x - c) + c for a fixed 2x2 ``matrix`` and centre ``c``."""
    M = np.array(matrix, dtype=float)
    c = np.array(centre, dtype=float).reshape(2, 1)
    return lambda X, rng: M @ (X - c) + c


def _rotate_any(X: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Each column rotated about the origin by its own uniform angle, then mirrored in the
    x axis with probability 1/2 (a random element of the circle's symmetry group)."""
    theta = rng.uniform(0.0, 2 * math.pi, X.shape[1])
    c, s = np.cos(theta), np.sin(theta)
    out = np.stack([c * X[0] - s * X[1], s * X[0] + c * X[1]])
    mirror = rng.random(X.shape[1]) < 0.5
    out[1, mirror] = -out[1, mirror]
    return out


_U = np.array([2.0, 1.0]) / math.sqrt(5.0)  # blobs: the direction from centre 0 to centre 1
_ALONG = (2 * np.outer(_U, _U) - np.eye(2)).tolist()  # mirror in the line through the centres

SYMMETRIES: dict[str, tuple[Transform, ...]] = {
    "circles": (Transform("rotate-reflect", _rotate_any),),
    "xor": (
        Transform("half-turn", _linear([[-1, 0], [0, -1]])),
        Transform("mirror-diagonal", _linear([[0, 1], [1, 0]])),
        Transform("mirror-antidiagonal", _linear([[0, -1], [-1, 0]])),
        Transform("quarter-turn", _linear([[0, -1], [1, 0]]), swaps=True),
        Transform("three-quarter-turn", _linear([[0, 1], [-1, 0]]), swaps=True),
        Transform("mirror-x", _linear([[1, 0], [0, -1]]), swaps=True),
        Transform("mirror-y", _linear([[-1, 0], [0, 1]]), swaps=True),
    ),
    "moons": (Transform("half-turn", _linear([[-1, 0], [0, -1]], (0.5, 0.25)), swaps=True),),
    "spiral": (Transform("half-turn", _linear([[-1, 0], [0, -1]]), swaps=True),),
    "blobs": (
        Transform("mirror-along", _linear(_ALONG)),
        Transform("half-turn", _linear([[-1, 0], [0, -1]]), swaps=True),
        Transform("mirror-across", _linear((-np.array(_ALONG)).tolist()), swaps=True),
    ),
}
"""Each dataset's true symmetries (a CSV has none): every one maps the clean data of
class y onto the clean data of class y (or of 1 - y when ``swaps``)."""

FALSE: dict[str, Transform] = {
    "moons": Transform("upside-down", _linear([[1, 0], [0, -1]], (0.5, 0.25))),
    "xor": Transform("upside-down", _linear([[1, 0], [0, -1]])),
    "spiral": Transform("upside-down", _linear([[1, 0], [0, -1]])),
    "blobs": Transform("upside-down", _linear([[1, 0], [0, -1]])),
    "circles": Transform("shrink", _linear([[0.5, 0], [0, 0.5]])),
}
"""Each dataset's false symmetry: label kept, but not a symmetry of the problem."""


def problem(kind: str, dataset: str, csv: bool) -> str | None:
    """Why ``kind`` cannot augment this data (None when it can): a CSV has no known
    symmetry, so only ``none`` and ``jitter`` apply to one."""
    if kind in ("symmetry", "false-symmetry") and (csv or dataset not in SYMMETRIES):
        what = "your CSV data" if csv else f"the {dataset} data"
        return f"{kind} needs symmetries and {what} has none known: choose none or jitter"
    return None


def augment_splits(
    splits: Splits, kind: str, copies: int, dataset: str, seed: int, csv: bool = False
) -> Splits:
    """``splits`` with ``copies`` augmented copies of each training example appended.

    X_train (2, m) becomes (2, m (1 + copies)), the originals first and unchanged, then
    copy 1 of every example, copy 2, ...; Y_train likewise. Dev and test are the same
    arrays. ``kind`` as in ``AUGMENTS`` ("none" returns ``splits``); ``seed`` draws the
    random choices. Raises ValueError for a kind the data has no transform for.
    """
    if kind == "none" or copies <= 0:
        return splits
    why = problem(kind, dataset, csv)
    if why is not None:
        raise ValueError(why)
    if kind not in AUGMENTS:
        raise ValueError(f"unknown augment {kind!r}; choose {', '.join(AUGMENTS)}")
    rng = np.random.default_rng([int(seed), 0xA06])
    scaler = splits.scaler
    raw = scaler.inverse(splits.X_train) if scaler is not None else splits.X_train
    y = splits.Y_train
    new_x, new_y = [], []
    for _ in range(int(copies)):
        x_copy, y_copy = _one_copy(kind, raw, y, dataset, rng)
        new_x.append(scaler.transform(x_copy) if scaler is not None else x_copy)
        new_y.append(y_copy)
    X = np.ascontiguousarray(np.concatenate([splits.X_train, *new_x], axis=1))
    Y = np.concatenate([y, *new_y], axis=1)
    return replace(splits, X_train=X, Y_train=Y, augmented=X.shape[1] - y.shape[1])


def _one_copy(
    kind: str, X: np.ndarray, Y: np.ndarray, dataset: str, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """One augmented copy of raw ``X`` (2, m) with labels ``Y`` (1, m)."""
    if kind == "jitter":
        spread = X.std(axis=1, keepdims=True)
        return X + rng.normal(0.0, 1.0, X.shape) * JITTER * spread, Y.copy()
    if kind == "false-symmetry":
        return FALSE[dataset].apply(X, rng), Y.copy()
    transforms = SYMMETRIES[dataset]
    pick = rng.integers(0, len(transforms), X.shape[1])
    out, labels = np.empty_like(X), Y.copy()
    for i, tr in enumerate(transforms):
        cols = pick == i
        if cols.any():
            out[:, cols] = tr.apply(X[:, cols], rng)
            if tr.swaps:
                labels[:, cols] = 1.0 - labels[:, cols]
    return out, labels

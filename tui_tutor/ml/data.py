"""Two-dimensional binary datasets, splits, standardization and CSV loading.

Every array follows the course's layout: ``X`` is ``(n_x, m)`` with one example per
column and ``Y`` is ``(1, m)`` of 0.0/1.0. Everything is seeded and deterministic.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "DATASETS",
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "MAX_CSV_X",
    "DataError",
    "Splits",
    "Standardizer",
    "load_csv",
    "make_dataset",
    "make_splits",
    "split_data",
    "split_sizes",
]


class DataError(ValueError):
    """Bad data or a bad split request; the message names the problem and what is accepted."""


def _moons(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n1 = m // 2
    n0 = m - n1
    t0 = rng.uniform(0.0, math.pi, n0)
    t1 = rng.uniform(0.0, math.pi, n1)
    x0 = np.stack([np.cos(t0), np.sin(t0)])
    x1 = np.stack([1.0 - np.cos(t1), 0.5 - np.sin(t1)])
    return np.concatenate([x0, x1], axis=1), np.r_[np.zeros(n0), np.ones(n1)]


def _circles(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n1 = m // 2
    n0 = m - n1
    t0 = rng.uniform(0.0, 2 * math.pi, n0)
    t1 = rng.uniform(0.0, 2 * math.pi, n1)
    x0 = np.stack([np.cos(t0), np.sin(t0)])
    x1 = 0.5 * np.stack([np.cos(t1), np.sin(t1)])
    return np.concatenate([x0, x1], axis=1), np.r_[np.zeros(n0), np.ones(n1)]


def _spiral(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n1 = m // 2
    n0 = m - n1
    parts = []
    for k, n in enumerate((n0, n1)):
        r = rng.uniform(0.05, 1.0, n)
        t = 1.75 * math.pi * r + k * math.pi
        parts.append(np.stack([r * np.cos(t), r * np.sin(t)]))
    return np.concatenate(parts, axis=1), np.r_[np.zeros(n0), np.ones(n1)]


def _xor(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-1.0, 1.0, (2, m))
    # Keep a thin margin around the axes so the clean problem is separable.
    X += 0.1 * np.sign(X)
    return X, (X[0] * X[1] > 0).astype(float)


def _blobs(m: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    n1 = m // 2
    n0 = m - n1
    x0 = rng.normal(0.0, 0.35, (2, n0)) + np.array([[-1.0], [-0.5]])
    x1 = rng.normal(0.0, 0.35, (2, n1)) + np.array([[1.0], [0.5]])
    return np.concatenate([x0, x1], axis=1), np.r_[np.zeros(n0), np.ones(n1)]


DATASETS: dict[str, Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]]] = {
    "moons": _moons,
    "circles": _circles,
    "spiral": _spiral,
    "xor": _xor,
    "blobs": _blobs,
}


def make_dataset(
    name: str = "moons",
    m: int = 400,
    *,
    noise: float = 0.1,
    flip: float = 0.0,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw ``m`` examples of a named 2-D binary problem.

    Args:
        name: one of ``DATASETS`` (moons, circles, spiral, xor, blobs).
        m: number of examples (>= 2).
        noise: standard deviation of Gaussian jitter added to each coordinate.
        flip: probability p in [0, 0.5) that a label is flipped. When the clean classes
            do not overlap (small ``noise``), the Bayes error of the problem is p.
        seed: seed of the ``np.random.default_rng`` that draws everything.

    Returns:
        ``X`` of shape (2, m) and ``Y`` of shape (1, m), examples in shuffled order.
    """
    if name not in DATASETS:
        raise DataError(f"unknown dataset {name!r}; choose one of {', '.join(DATASETS)}")
    if not isinstance(m, int | np.integer) or m < 2:
        raise DataError(f"m must be a whole number of at least 2, got {m!r}")
    if not (0.0 <= noise <= 5.0):
        raise DataError(f"noise must be between 0 and 5, got {noise!r}")
    if not (0.0 <= flip < 0.5):
        raise DataError(f"flip must be at least 0 and below 0.5, got {flip!r}")
    rng = np.random.default_rng(seed)
    X, y = DATASETS[name](int(m), rng)
    X = X + rng.normal(0.0, noise, X.shape) if noise > 0 else X
    flips = rng.random(int(m)) < flip
    y = np.where(flips, 1.0 - y, y)
    order = rng.permutation(int(m))
    return np.ascontiguousarray(X[:, order]), y[order].reshape(1, -1)


def split_sizes(m: int, split: Sequence[float] | Sequence[int]) -> tuple[int, int, int]:
    """Turn ratios or counts into exact (train, dev, test) sizes that add up to ``m``.

    ``split`` holds two or three numbers. Fractions (all below or equal to 1, adding up
    to 1) are ratios: (0.7, 0.3) is train/test, (0.6, 0.2, 0.2) train/dev/test. Whole
    numbers above 1 are counts and must add up to at most ``m``; two counts mean
    train/dev. Dev and test sizes are rounded, the train set takes the rest.
    """
    vals = [float(v) for v in split]
    if len(vals) not in (2, 3):
        raise DataError(f"a split has 2 or 3 parts (train,dev[,test]), got {len(vals)}")
    if any(not math.isfinite(v) or v < 0 for v in vals):
        raise DataError(f"split parts must be non-negative numbers, got {list(split)}")
    if all(v <= 1.0 for v in vals):
        if abs(sum(vals) - 1.0) > 1e-6:
            raise DataError(f"split ratios must add up to 1, got {sum(vals):g} from {list(split)}")
        if len(vals) == 2:
            # Two ratios are the small-data train/test split; the held-out part is
            # what the lab measures, so it plays the dev set's role.
            vals.append(0.0)
        dev = int(round(m * vals[1]))
        test = int(round(m * vals[2]))
        train = m - dev - test
    else:
        if any(v != int(v) for v in vals):
            raise DataError(f"split counts must be whole numbers, got {list(split)}")
        counts = [int(v) for v in vals] + ([0] if len(vals) == 2 else [])
        if sum(counts) > m:
            raise DataError(f"split counts add up to {sum(counts)}, more than the {m} examples")
        train, dev, test = counts
    if train < 1:
        raise DataError(f"the split {list(split)} leaves no training examples out of {m}")
    if dev < 1:
        raise DataError(f"the split {list(split)} leaves no dev examples out of {m}")
    if vals[-1] > 0 and len(split) == 3 and test < 1:
        raise DataError(f"the split {list(split)} leaves no test examples out of {m}")
    return train, dev, test


@dataclass
class Standardizer:
    """Per-feature centring and scaling fitted on the training set only.

    ``mu`` and ``sigma`` have shape (n_x, 1); ``sigma`` is never zero.
    """

    mu: np.ndarray
    sigma: np.ndarray

    @classmethod
    def fit(cls, X: np.ndarray) -> Standardizer:
        """Fit on ``X`` of shape (n_x, m): μ = mean of x, σ² = mean of (x - μ)²."""
        mu = X.mean(axis=1, keepdims=True)
        sigma = np.sqrt(((X - mu) ** 2).mean(axis=1, keepdims=True))
        sigma[sigma < 1e-12] = 1.0
        return cls(mu, sigma)

    def transform(self, X: np.ndarray) -> np.ndarray:
        """Return ``(X - mu) / sigma`` for ``X`` of shape (n_x, m)."""
        return (X - self.mu) / self.sigma

    def inverse(self, X: np.ndarray) -> np.ndarray:
        """Map standardized ``X`` of shape (n_x, m) back to raw coordinates."""
        return X * self.sigma + self.mu


@dataclass
class Splits:
    """Train, dev and test sets, each ``X`` (n_x, m_set) and ``Y`` (1, m_set).

    An empty test set has ``m_test == 0``. ``scaler`` is the standardization fitted on
    the training split (already applied to all three sets), or None. ``augmented``
    counts the last columns of X_train that are augmented copies (``augment.py``), not
    drawn examples.
    """

    X_train: np.ndarray
    Y_train: np.ndarray
    X_dev: np.ndarray
    Y_dev: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    scaler: Standardizer | None = None
    augmented: int = 0

    @property
    def sizes(self) -> tuple[int, int, int]:
        """(m_train, m_dev, m_test)."""
        return self.Y_train.shape[1], self.Y_dev.shape[1], self.Y_test.shape[1]


def split_data(
    X: np.ndarray,
    Y: np.ndarray,
    split: Sequence[float] | Sequence[int] = (0.6, 0.2, 0.2),
    *,
    seed: int = 0,
    shuffle: bool = True,
) -> Splits:
    """Split ``X`` (n_x, m) and ``Y`` (1, m) into disjoint sets of exact sizes.

    See ``split_sizes`` for the forms ``split`` takes. Examples are shuffled with
    ``seed`` first unless ``shuffle`` is False.
    """
    m = Y.shape[1]
    train, dev, test = split_sizes(m, split)
    idx = np.random.default_rng(seed).permutation(m) if shuffle else np.arange(m)
    a, b, c = idx[:train], idx[train : train + dev], idx[train + dev : train + dev + test]
    return Splits(X[:, a], Y[:, a], X[:, b], Y[:, b], X[:, c], Y[:, c])


def make_splits(
    dataset: str = "moons",
    m: int = 400,
    split: Sequence[float] | Sequence[int] = (0.6, 0.2, 0.2),
    *,
    noise: float = 0.1,
    flip: float = 0.0,
    shift: float = 0.0,
    seed: int = 0,
    standardize: bool = True,
    data: tuple[np.ndarray, np.ndarray] | None = None,
) -> Splits:
    """Build the lab's data: draw a dataset (or take ``data``), split, shift, standardize.

    ``shift`` moves the dev and test inputs by ``shift`` along the first axis and
    ``shift / 2`` along the second (in raw units, before standardization): a
    distribution mismatch between training and dev/test data, with no change in the
    model's variance. The standardizer is fitted on the training split only.
    """
    if data is None:
        X, Y = make_dataset(dataset, m, noise=noise, flip=flip, seed=seed)
    else:
        X, Y = data
    s = split_data(X, Y, split, seed=seed + 1)
    if shift:
        delta = np.array([[shift], [shift / 2.0]])
        s.X_dev = s.X_dev + delta
        s.X_test = s.X_test + delta
    if standardize:
        scaler = Standardizer.fit(s.X_train)
        s.X_train = scaler.transform(s.X_train)
        s.X_dev = scaler.transform(s.X_dev)
        s.X_test = scaler.transform(s.X_test)
        s.scaler = scaler
    return s


MAX_CSV_ROWS = 20_000  # the m setting's upper limit: the lab trains on at most this many
MAX_CSV_BYTES = 4 * 2**20  # 20,000 rows of long numbers take about 1 MB
MAX_CSV_X = 1e15  # larger coordinates overflow the standardization's squares (1e308)


def _read_bounded(path: Path) -> str:
    """The file's text, refusing (``DataError``) what is not a regular file or is larger
    than ``MAX_CSV_BYTES`` before reading more than that."""
    if path.exists() and not path.is_dir() and not path.is_file():
        raise DataError(f"{path}: not a regular file (a pipe or a device); give a CSV file")
    with path.open("rb") as f:  # FileNotFoundError, IsADirectoryError, ... for the caller
        data = f.read(MAX_CSV_BYTES + 1)
    if len(data) > MAX_CSV_BYTES:
        raise DataError(
            f"{path}: larger than {MAX_CSV_BYTES // 2**20} MB; the lab takes at most "
            f"{MAX_CSV_ROWS} rows x1,x2,label"
        )
    return data.decode("utf-8-sig")


def load_csv(path: str | Path) -> tuple[np.ndarray, np.ndarray]:
    """Read a CSV of ``x1,x2,label`` rows (a header line is optional).

    Labels must be 0 or 1; x1 and x2 finite numbers within ±``MAX_CSV_X``; at most
    ``MAX_CSV_ROWS`` rows in at most ``MAX_CSV_BYTES``. Returns ``X`` (2, m) and ``Y``
    (1, m). A problem raises ``DataError`` naming the file, the first bad row's line
    number and what is accepted.
    """
    path = Path(path)
    try:
        text = _read_bounded(path)
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a folder, not a CSV file") from None
    except UnicodeDecodeError:
        raise DataError(f"{path}: not a text file (expected UTF-8 CSV rows x1,x2,label)") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror})") from None
    rows: list[tuple[float, float, float]] = []
    first = True
    reader = csv.reader(text.splitlines())
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:  # a field over the csv module's limit, a stray quote...
            raise DataError(
                f"{path}:{reader.line_num}: not a CSV row ({exc}); expected 3 columns x1,x2,label"
            ) from None
        lineno = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        is_first, first = first, False
        if len(row) != 3:
            raise DataError(f"{path}:{lineno}: expected 3 columns x1,x2,label, found {len(row)}")
        try:
            x1, x2, label = (float(cell) for cell in row)
        except ValueError:
            if is_first:
                continue  # a header line such as x1,x2,label
            raise DataError(
                f"{path}:{lineno}: {','.join(row)!r} is not three numbers x1,x2,label"
            ) from None
        if not (math.isfinite(x1) and math.isfinite(x2)):
            raise DataError(f"{path}:{lineno}: x1 and x2 must be finite numbers")
        if max(abs(x1), abs(x2)) > MAX_CSV_X:
            raise DataError(
                f"{path}:{lineno}: x1 and x2 must be between -1e15 and 1e15 (rescale the "
                "data; the lab standardizes it anyway)"
            )
        if label not in (0.0, 1.0):
            raise DataError(f"{path}:{lineno}: label {row[2].strip()!r} is not 0 or 1")
        if len(rows) >= MAX_CSV_ROWS:
            raise DataError(
                f"{path}:{lineno}: more than {MAX_CSV_ROWS} data rows; the lab takes at most "
                f"{MAX_CSV_ROWS} (the m setting's limit): keep a sample of the rows"
            )
        rows.append((x1, x2, label))
    if len(rows) < 4:
        raise DataError(f"{path}: needs at least 4 data rows x1,x2,label, found {len(rows)}")
    arr = np.array(rows)
    if len(np.unique(arr[:, 2])) < 2:
        raise DataError(f"{path}: every label is {int(arr[0, 2])}; both classes 0 and 1 are needed")
    return np.ascontiguousarray(arr[:, :2].T), arr[:, 2].reshape(1, -1)

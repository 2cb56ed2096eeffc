"""Data augmentation: each declared symmetry is one, the false one is not, and copies
touch the training split only."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import augment
from tui_tutor.ml.augment import FALSE, SYMMETRIES

RNG = np.random.default_rng(5)


def _semicircle_distance(P: np.ndarray, centre, upper: bool) -> np.ndarray:
    """Distance of each column of P (2, n) to a unit half circle (its upper or lower half)."""
    q = P - np.array(centre, dtype=float).reshape(2, 1)
    on_side = q[1] >= 0 if upper else q[1] <= 0
    ring = np.abs(np.hypot(q[0], q[1]) - 1.0)
    ends = np.minimum(np.hypot(q[0] - 1, q[1]), np.hypot(q[0] + 1, q[1]))
    return np.where(on_side, ring, ends)


def _spiral_distance(P: np.ndarray, k: int) -> np.ndarray:
    """0 on arm k (r in [0.05, 1], angle 1.75πr + kπ), else about the distance to it."""
    rho = np.hypot(P[0], P[1])
    turn = np.angle(np.exp(1j * (np.arctan2(P[1], P[0]) - 1.75 * math.pi * rho - k * math.pi)))
    return rho * np.abs(turn) + np.maximum(0.05 - rho, 0) + np.maximum(rho - 1.0, 0)


def _off_support(name: str, P: np.ndarray, y: np.ndarray) -> np.ndarray:
    """How far each point of P (2, n) is from the clean data of its class y (n,): 0 on it.

    Written from the generators in ml/data.py (noise 0, no flips), not from augment.py."""
    if name == "moons":
        d0 = _semicircle_distance(P, (0.0, 0.0), upper=True)
        d1 = _semicircle_distance(P, (1.0, 0.5), upper=False)
    elif name == "circles":
        radius = np.hypot(P[0], P[1])
        d0, d1 = np.abs(radius - 1.0), np.abs(radius - 0.5)
    elif name == "spiral":
        d0, d1 = _spiral_distance(P, 0), _spiral_distance(P, 1)
    elif name == "xor":  # |x1|, |x2| in [0.1, 1.1]; the label is x1 x2 > 0
        inside = np.all((np.abs(P) >= 0.1 - 1e-12) & (np.abs(P) <= 1.1 + 1e-12), axis=0)
        positive = P[0] * P[1] > 0
        d0 = np.where(inside & ~positive, 0.0, 1.0)
        d1 = np.where(inside & positive, 0.0, 1.0)
    else:
        raise AssertionError(name)
    return np.where(y > 0.5, d1, d0)


def _clean(name: str, m: int = 400):
    X, Y = ml.make_dataset(name, m, noise=0.0, seed=1)
    return X, Y.reshape(-1)


@pytest.mark.parametrize("name", ["moons", "circles", "spiral", "xor"])
def test_each_declared_symmetry_keeps_the_clean_label_function(name):
    X, y = _clean(name)
    assert _off_support(name, X, y).max() < 1e-3  # the distances are right on the data
    for tr in SYMMETRIES[name]:
        label = 1.0 - y if tr.swaps else y
        assert _off_support(name, tr.apply(X, RNG), label).max() < 1e-3, tr.name


@pytest.mark.parametrize("name", ["moons", "circles", "spiral", "xor"])
def test_the_false_symmetry_breaks_it(name):
    X, y = _clean(name)
    off = _off_support(name, FALSE[name].apply(X, RNG), y)
    assert np.mean(off > 0.05) > 0.3  # a third of the copies or more land off their class


def test_blobs_symmetries_carry_each_centre_onto_its_class():
    centres = np.array([[-1.0, 1.0], [-0.5, 0.5]])  # columns: class 0, class 1 (ml/data.py)
    for tr in SYMMETRIES["blobs"]:
        moved = tr.apply(centres, RNG)
        want = centres[:, ::-1] if tr.swaps else centres
        np.testing.assert_allclose(moved, want, atol=1e-12, err_msg=tr.name)
        # an isometry: the blobs' round spread is kept
        e = tr.apply(np.eye(2), RNG) - tr.apply(np.zeros((2, 1)), RNG)
        np.testing.assert_allclose(e.T @ e, np.eye(2), atol=1e-12)
    false = FALSE["blobs"].apply(centres, RNG)
    assert not np.allclose(false, centres)


BASE = ml.LabConfig.from_mapping({"dataset": "moons", "m": 90, "noise": 0.0, "split": [30, 40, 20]})


def test_copies_go_to_the_training_split_only():
    plain = BASE.data()
    for kind in ("symmetry", "jitter", "false-symmetry"):
        aug = BASE.with_changes(augment=kind, augment_copies=3).data()
        assert aug.sizes == (120, 40, 20) and aug.augmented == 90
        for name in ("X_dev", "Y_dev", "X_test", "Y_test"):
            np.testing.assert_array_equal(getattr(aug, name), getattr(plain, name))
        np.testing.assert_array_equal(aug.X_train[:, :30], plain.X_train)
        np.testing.assert_array_equal(aug.Y_train[:, :30], plain.Y_train)
        assert aug.scaler is plain.scaler or np.all(aug.scaler.mu == plain.scaler.mu)
    # deterministic from the seed (a fresh build, not the cache), and the seed matters
    again = augment.augment_splits(plain, "jitter", 3, "moons", BASE.seed)
    np.testing.assert_array_equal(again.X_train, BASE.with_changes(augment="jitter",
                                  augment_copies=3).data().X_train)  # fmt: skip
    other = augment.augment_splits(plain, "jitter", 3, "moons", BASE.seed + 1)
    assert not np.array_equal(other.X_train, again.X_train)


def test_the_moons_half_turn_swaps_labels_and_jitter_keeps_them():
    plain = BASE.data()
    sym = BASE.with_changes(augment="symmetry").data()
    np.testing.assert_array_equal(sym.Y_train[:, 30:], 1.0 - plain.Y_train)
    raw = sym.scaler.inverse(sym.X_train)
    np.testing.assert_allclose(raw[:, 30:], np.array([[1.0], [0.5]]) - raw[:, :30], atol=1e-9)
    jit = BASE.with_changes(augment="jitter").data()
    np.testing.assert_array_equal(jit.Y_train[:, 30:], plain.Y_train)
    step = np.abs(jit.X_train[:, 30:] - plain.X_train)
    assert 0.0 < step.mean() < 0.2  # about 0.1 of each feature's spread (0.08 on average)


def test_metrics_count_the_copies():
    cfg = BASE.with_changes(augment="symmetry", augment_copies=2, epochs=3)
    run, last = cfg.final()
    m = run.metrics(last)
    assert (m["m_train"], m["m_augmented"]) == (90.0, 60.0)


def test_a_csv_takes_jitter_but_no_symmetry(tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)), encoding="utf-8")
    cfg = ml.LabConfig(csv=str(path), m=40)
    assert cfg.with_changes(augment="jitter").data().augmented == 24
    for kind in ("symmetry", "false-symmetry"):
        with pytest.raises(ml.ConfigError, match="augment: .*CSV.*none or jitter"):
            cfg.with_changes(augment=kind)


def test_the_budget_counts_the_copies():
    big = ml.LabConfig.from_mapping({"m": 2000, "layers": [64, 64], "epochs": 10})  # fits
    with pytest.raises(ml.ConfigError, match="at most m = 689 fits"):  # 9 times the examples
        big.with_changes(augment="jitter", augment_copies=8)

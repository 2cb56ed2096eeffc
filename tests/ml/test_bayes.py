"""The Bayes floor: label flips plus the class overlap that geometric noise causes."""

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml.bayes import _posterior, bayes_error, clean_bayes_error


@pytest.mark.parametrize("name", ["moons", "circles", "spiral", "xor"])
def test_without_noise_the_floor_is_the_flip_rate(name):
    assert bayes_error(name, 0.0, 0.0) == 0.0
    assert bayes_error(name, 0.0, 0.15) == pytest.approx(0.15)


@pytest.mark.parametrize(
    ("name", "noise", "flip"),
    [("moons", 0.3, 0.0), ("circles", 0.2, 0.1), ("spiral", 0.2, 0.0), ("xor", 0.2, 0.05)],
)
def test_floor_matches_the_error_of_the_bayes_rule_on_fresh_data(name, noise, flip):
    """The estimate agrees with the measured error of the optimal classifier."""
    X, Y = ml.make_dataset(name, 20000, noise=noise, flip=flip, seed=99)
    pi = _posterior(name, X, noise)
    q = (1 - flip) * pi + flip * (1 - pi)
    measured = np.mean((q > 0.5) != (Y[0] > 0.5))
    assert bayes_error(name, noise, flip) == pytest.approx(measured, abs=0.01)


def test_floor_grows_with_noise_and_never_drops_below_the_flip_rate():
    floors = [bayes_error("moons", s, 0.1) for s in (0.05, 0.15, 0.25, 0.35)]
    assert floors == sorted(floors)
    assert min(floors) >= 0.1
    assert floors[-1] > 0.15


def test_a_trained_network_does_not_beat_the_floor():
    """A good model on plenty of data lands near, never clearly under, the floor."""
    cfg = ml.LabConfig(dataset="circles", m=3000, noise=0.2, split=(0.5, 0.5), layers=(16, 16),
                       epochs=1500, lr=0.5)  # fmt: skip
    _, last = cfg.final()
    floor = cfg.bayes_error
    assert floor == pytest.approx(bayes_error("circles", 0.2, 0.0))
    assert last.dev_error > floor - 0.025
    assert last.dev_error < floor + 0.04


@pytest.mark.parametrize(("noise", "flip"), [(0.0, 0.0), (0.3, 0.0), (0.5, 0.2)])
def test_the_blobs_floor_in_closed_form_is_the_error_of_the_bayes_rule(noise, flip):
    """Blobs: two equal isotropic Gaussians, so the optimal rule is a straight line and
    its error Φ(-d / 2s); checked against that rule on 200,000 fresh examples."""
    X, Y = ml.make_dataset("blobs", 200_000, noise=noise, flip=flip, seed=7)
    pi = _posterior("blobs", X, noise)
    measured = np.mean((pi > 0.5) != (Y[0] > 0.5))
    four_se = 4 * np.sqrt(measured * (1 - measured) / Y.size) + 1e-5
    assert bayes_error("blobs", noise, flip) == pytest.approx(measured, abs=four_se)


@pytest.mark.parametrize("name", ["moons", "circles", "spiral", "xor", "blobs"])
def test_a_change_of_flip_reuses_the_clean_floor(name):
    """p + (1 - 2p) x clean floor, with the clean floor measured once per noise."""
    clean_bayes_error.cache_clear()
    clean = bayes_error(name, 0.25, 0.0)
    for p in (0.05, 0.2, 0.45):
        assert bayes_error(name, 0.25, p) == pytest.approx(p + (1 - 2 * p) * clean)
    assert clean_bayes_error.cache_info().misses == 1

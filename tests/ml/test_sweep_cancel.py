"""A sweep can be stopped from outside (the app cancels a stale one) without changing results."""

import numpy as np
import pytest

from tui_tutor import ml


def _data():
    s = ml.make_splits("moons", 200, (0.6, 0.4), noise=0.2, seed=3)
    return s.X_train, s.Y_train, s.X_dev, s.Y_dev


def test_should_stop_cancels_a_validation_curve_early():
    seen = []

    def stop(epoch: int) -> bool:
        seen.append(epoch)
        return epoch >= 100

    with pytest.raises(ml.SweepCancelled):
        ml.validation_curve(*_data(), [2, 8, 1], [0, 0.1, 1], lr=0.3, epochs=1000,
                            should_stop=stop)  # fmt: skip
    assert seen[-1] == 100 and seen == sorted(seen)


def test_a_callback_that_never_stops_gives_the_same_result():
    args = (*_data(), [2, 8, 1], [5, 20, 60])
    plain = ml.learning_curve(*args, lr=0.3, epochs=300)
    watched = ml.learning_curve(*args, lr=0.3, epochs=300, should_stop=lambda e: False)
    np.testing.assert_array_equal(plain.train_error, watched.train_error)
    np.testing.assert_allclose(plain.cost, watched.cost, rtol=1e-12)

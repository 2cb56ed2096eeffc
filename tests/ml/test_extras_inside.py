"""Looking inside: the linear-region share, the spread of z, ‖W[l]‖², the largest incoming
weight, each against a direct NumPy computation on a forward pass."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml.extras import EXTRAS, LINEAR_Z, compute_extras, inside_metrics, unit_weights

INSIDE = ("linear_share_layers", "z_abs_p90_layers", "w_max_layers", "w_norm_sq_layers")


def _data():
    X, Y = ml.make_dataset("moons", 90, noise=0.2, seed=3)
    return ml.Standardizer.fit(X).transform(X), Y


def _hidden_z(params, X):
    """Z[1], Z[2] of a [2, n1, n2, 1] tanh network, written out by hand."""
    Z1 = params["W1"] @ X + params["b1"]
    Z2 = params["W2"] @ np.tanh(Z1) + params["b2"]
    return Z1, Z2


def test_the_threshold_is_where_tanh_is_near_linear():
    assert LINEAR_Z == 0.5
    assert abs(math.tanh(LINEAR_Z) - LINEAR_Z) / LINEAR_Z < 0.08  # within 8% of z
    assert 1 - math.tanh(LINEAR_Z) ** 2 > 0.78  # slope still near 1
    assert abs(math.tanh(1.0) - 1.0) > 0.2  # at |z| = 1 it is not


@pytest.mark.parametrize("path", ["fast", "reference"])
def test_inside_extras_are_the_forward_pass_numbers(path):
    X, Y = _data()
    params = ml.init_params([2, 8, 5, 1], seed=4)
    it = ml.train(params, X, Y, lr=0.5, epochs=30, lambd=0.3, activation="tanh", every=10,
                  extras=INSIDE, path=path)  # fmt: skip
    n = 0
    for rec in it:
        n += 1
        Z1, Z2 = _hidden_z(params, X)
        share = [np.count_nonzero(np.abs(Z) < 0.5) / Z.size for Z in (Z1, Z2)]
        assert rec.extras["linear_share_layers"] == pytest.approx(share, abs=0)
        p90 = [np.sort(np.abs(Z).ravel())[int(0.9 * (Z.size - 1))] for Z in (Z1, Z2)]
        # numpy's linear percentile lies between the two order statistics around 90%
        for got, low, Z in zip(rec.extras["z_abs_p90_layers"], p90, (Z1, Z2), strict=True):
            high = np.sort(np.abs(Z).ravel())[int(0.9 * (Z.size - 1)) + 1]
            assert low <= got <= high
        Ws = [params[f"W{l}"] for l in (1, 2, 3)]
        assert rec.extras["w_max_layers"] == tuple(float(abs(W).max()) for W in Ws)
        norms = [sum(float(w) ** 2 for w in W.ravel()) for W in Ws]
        assert rec.extras["w_norm_sq_layers"] == pytest.approx(norms, rel=1e-12)
    assert n == 4


def test_unit_weights_are_each_units_incoming_row():
    params = ml.init_params([2, 6, 3, 1], seed=5)
    norms, peaks = unit_weights(params, 2)
    W = params["W2"]
    assert norms.shape == peaks.shape == (3,)
    for i in range(3):
        assert norms[i] == pytest.approx(math.sqrt(sum(w * w for w in W[i])), rel=1e-12)
        assert peaks[i] == max(abs(w) for w in W[i])


def test_inside_metrics_pool_the_hidden_layers():
    X, _ = _data()
    params = ml.init_params([2, 8, 5, 1], seed=6)
    Z = np.concatenate([z.ravel() for z in _hidden_z(params, X)])
    got = inside_metrics(params, X, "tanh")
    assert got["linear_share"] == np.count_nonzero(np.abs(Z) < 0.5) / Z.size
    assert got["z_std"] == pytest.approx(math.sqrt(np.mean((Z - Z.mean()) ** 2)), rel=1e-12)
    assert got["w_max"] == max(float(abs(params[f"W{l}"]).max()) for l in (1, 2, 3))
    flat = inside_metrics(ml.init_params([2, 1], seed=0), X, "tanh")
    assert math.isnan(flat["linear_share"]) and math.isnan(flat["z_std"])


def test_run_metrics_carry_them_and_lambda_moves_them_the_right_way():
    base = ml.LabConfig.from_mapping({"activation": "tanh", "layers": [10], "epochs": 300,
                                      "m": 150, "init": "xavier"})  # fmt: skip
    out = {}
    for lambd in (0.0, 10.0):
        run, rec = base.with_changes(lambd=lambd).final()
        out[lambd] = run.metrics(rec)
        assert set(out[lambd]) == set(ml.RUN_METRICS)
    # λ pushes W toward 0, so z shrinks into tanh's near-linear region
    assert out[10.0]["w_max"] < out[0.0]["w_max"]
    assert out[10.0]["z_std"] < out[0.0]["z_std"]
    assert out[10.0]["linear_share"] > out[0.0]["linear_share"]


def test_diverged_weights_give_nan_without_warnings():
    X, Y = _data()
    params = ml.init_params([2, 4, 1], seed=0)
    params["W1"][0, 0] = np.nan
    with np.errstate(all="raise"):
        got = compute_extras(tuple(EXTRAS), params, X, "tanh", Y)
        metrics = inside_metrics(params, X, "tanh")
    assert math.isnan(got["w_max_layers"][0]) and math.isnan(metrics["w_max"])


def test_the_fast_percentile_is_numpys_linear_one():
    from tui_tutor.ml.extras import abs_percentile

    rng = np.random.default_rng(0)
    for n in (1, 2, 7, 1000):
        Z = rng.normal(size=(3, n))
        for q in (0, 50, 90, 100):
            assert abs_percentile(Z, q) == pytest.approx(np.percentile(np.abs(Z), q), rel=1e-12)
    assert math.isnan(abs_percentile(np.array([[1.0, np.nan]]), 90))
    assert math.isnan(abs_percentile(np.zeros((0, 3)), 90))

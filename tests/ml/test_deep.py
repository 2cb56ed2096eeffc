"""Deep nets: the linear and sigmoid activations, identity and Glorot inits, the per-layer
norms of the layers view, the 50-layer limit and its budget, planted bugs in deep nets."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import layers
from tui_tutor.ml.bugs import loss_and_grads_with
from tui_tutor.ml.deep import deep_metrics, layer_norms, unit_spread
from tui_tutor.ml.extras import compute_extras
from tui_tutor.ml.gradcheck import check_gradients
from tui_tutor.ml.settings import ConfigError


def _problem(n_x=3, m=7, seed=4):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n_x, m)), (rng.random((1, m)) < 0.5).astype(float)


@pytest.mark.parametrize("activation", ["linear", "sigmoid"])
def test_new_activations_pass_the_gradient_check(activation):
    X, Y = _problem()
    params = ml.init_params([3, 4, 3, 1], "xavier", seed=1)
    assert ml.gradient_check(params, X, Y, 0.3, activation=activation) < 1e-7


def test_a_deep_net_passes_the_gradient_check():
    X, Y = _problem(2, 5)
    params = ml.init_params([2] + [3] * 10 + [1], "he", seed=2)
    assert ml.gradient_check(params, X, Y, 0.1, activation="tanh") < 1e-7


def test_linear_is_the_identity_and_sigmoid_its_own_derivative():
    Z = np.array([[-8.0, -1.0, 0.0, 2.0]])
    A, _ = layers.identity_forward(Z)
    assert A is Z and layers.identity_backward(np.ones_like(Z), None).tolist() == [[1] * 4]
    A, cache = layers.sigmoid_forward(Z)
    dZ = layers.sigmoid_backward(np.ones_like(Z), cache)
    h = 1e-6  # σ' by a two-sided difference
    num = (layers.sigmoid(Z + h) - layers.sigmoid(Z - h)) / (2 * h)
    np.testing.assert_allclose(dZ, num, rtol=1e-6, atol=1e-14)


@pytest.mark.parametrize("activation", ["linear", "sigmoid"])
def test_new_activations_train_the_same_on_both_paths(activation):
    X, Y = _problem(2, 40, seed=3)
    assert ml.uses_fast_path(activation)
    out = {}
    for path in ("fast", "reference"):
        params = ml.init_params([2, 5, 3, 1], "xavier", seed=0)
        recs = list(ml.train(params, X, Y, lr=0.5, epochs=30, lambd=0.2, every=10,
                             activation=activation, path=path))  # fmt: skip
        out[path] = ([r.cost for r in recs], params)
    np.testing.assert_allclose(out["fast"][0], out["reference"][0], rtol=1e-11)
    for k, v in out["reference"][1].items():
        np.testing.assert_allclose(out["fast"][1][k], v, rtol=1e-10, atol=1e-13)


def test_identity_init_is_s_times_i_and_its_rectangular_part():
    p = ml.init_params([2, 4, 4, 1], "identity", scale=1.5)
    np.testing.assert_array_equal(p["W2"], 1.5 * np.eye(4))
    np.testing.assert_array_equal(p["W1"], 1.5 * np.eye(4, 2))  # unit i takes input i
    np.testing.assert_array_equal(p["W3"], [[1.5, 0, 0, 0]])
    assert all(not p[f"b{l}"].any() for l in (1, 2, 3))


def test_glorot_and_he_have_their_spreads():
    big = ml.init_params([400, 600, 1], "glorot", seed=0)["W1"]
    assert np.std(big) == pytest.approx(math.sqrt(2 / 1000), rel=0.01)
    he = ml.init_params([400, 600, 1], "he", seed=0)["W1"]
    assert np.std(he) == pytest.approx(math.sqrt(2 / 400), rel=0.01)


@pytest.mark.parametrize("s", [1.5, 0.5])
def test_a_deep_linear_net_grows_like_s_to_the_l(s):
    """W = s·I, g(z) = z: a[l] = s^l (x1, x2, 0, ...), so RMS a[l+1] / RMS a[l] = s, and
    every dW[l] = dZ[l] a[l-1]ᵀ carries s^(L-1): the same in every layer."""
    X, Y = _problem(2, 9)
    L = 31
    params = ml.init_params([2] + [10] * (L - 1) + [1], "identity", scale=s)
    a, dw = layer_norms(params, X, Y, "linear")
    ratios = np.array(a[1:-1]) / np.array(a[:-2])
    np.testing.assert_allclose(ratios, s, rtol=1e-12)
    np.testing.assert_allclose(dw, dw[0], rtol=1e-9)
    # ‖dW1‖ = s^(L-1) ‖(σ(z) - y) xᵀ‖ / m for the first unit
    ZL = s**L * X[0:1]
    expected = np.linalg.norm((layers.sigmoid(ZL) - Y) @ X.T / X.shape[1])
    assert dw[0] == pytest.approx(s ** (L - 1) * expected, rel=1e-9)
    got = deep_metrics(params, X, Y, "linear")
    assert got["a_growth"] == pytest.approx(s, rel=1e-12)
    assert got["a_last"] == pytest.approx(a[-2])


def test_extras_match_layer_norms_and_need_the_labels():
    X, Y = _problem(2, 9)
    params = ml.init_params([2, 4, 3, 1], seed=0)
    got = compute_extras(("a_rms_layers", "dw_norm_layers"), params, X, "relu", Y)
    a, dw = layer_norms(params, X, Y, "relu")
    assert got == {"a_rms_layers": a, "dw_norm_layers": dw} and len(a) == 3
    _, grads = ml.loss_and_grads(params, X, Y)
    assert dw[1] == pytest.approx(np.linalg.norm(grads["dW2"]))
    with pytest.raises(ValueError, match="labels"):
        compute_extras(("dw_norm_layers",), params, X, "relu")


def test_zero_init_keeps_every_unit_the_same_and_the_cost_at_log_2():
    X, Y = _problem(2, 10)
    Y[:] = [[0, 1] * 5]  # balanced: the output bias has nothing to learn either
    params = ml.init_params([2, 4, 3, 1], "zeros")
    for rec in ml.train(params, X, Y, lr=0.5, epochs=50, every=50):
        pass
    assert unit_spread(params) == 0.0
    assert rec.cost == pytest.approx(math.log(2), abs=1e-15)
    assert unit_spread(ml.init_params([2, 4, 1], "he")) > 0
    assert math.isnan(unit_spread(ml.init_params([2, 1], "he")))


def test_cli_train_json_carries_per_layer_norms(capsys):
    from tui_tutor.cli import main

    sizes = ",".join(["10"] * 30)
    code = main(["train", "--layers", sizes, "--activation", "linear", "--init", "identity",
                 "--init-scale", "1.5", "--epochs", "1", "--m", "40", "--bayes", "0", "--json",
                 "--extras", "a_rms_layers,dw_norm_layers"])  # fmt: skip
    assert code == 0
    import json

    doc = json.loads(capsys.readouterr().out)
    a = doc["records"][0]["extras"]["a_rms_layers"]
    assert len(a) == 31 and len(doc["records"][0]["extras"]["dw_norm_layers"]) == 31
    np.testing.assert_allclose(np.array(a[1:30]) / np.array(a[:29]), 1.5, rtol=1e-9)


def test_fifty_narrow_layers_fit_and_a_huge_net_is_refused_in_one_line():
    ml.LabConfig(layers=(10,) * 50, epochs=2000).validate()
    with pytest.raises(ConfigError, match="at most 50 hidden layers"):
        ml.LabConfig.from_mapping({"layers": [10] * 51})
    with pytest.raises(ConfigError) as info:
        ml.LabConfig(layers=(256,) * 50).validate()
    assert "too big to train here" in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("activation", ["linear", "sigmoid"])
@pytest.mark.parametrize("bug", ["course", "wrong-derivative", "mystery"])
def test_planted_bugs_are_caught_with_the_new_activations(activation, bug):
    X, Y = _problem()
    params = ml.init_params([3, 4, 3, 2, 1], "xavier", seed=1)
    assert check_gradients(params, X, Y, activation=activation).difference < 1e-7
    found = check_gradients(params, X, Y, activation=activation, bug=bug)
    assert found.difference > 1e-3
    expected = {"course": 2, "wrong-derivative": 1, "mystery": 2}[bug]
    assert found.layer == expected
    _, grads = loss_and_grads_with("none", params, X, Y, activation=activation)
    _, ref = ml.loss_and_grads(params, X, Y, activation=activation)
    for k in ref:
        np.testing.assert_array_equal(grads[k], ref[k])


def test_forgot_b_shows_after_training_with_sigmoid():
    X, Y = _problem(2, 30)
    params = ml.init_params([2, 4, 3, 1], "xavier", seed=0)
    assert check_gradients(params, X, Y, activation="sigmoid", bug="forgot-b").difference < 1e-7
    for _ in ml.train(params, X, Y, lr=1.0, epochs=300, every=300, activation="sigmoid"):
        pass
    assert check_gradients(params, X, Y, activation="sigmoid", bug="forgot-b").difference > 1e-5


def test_layers_read_and_show_runs_as_count_x_width():
    assert ml.parse_layers("30x10") == (10,) * 30
    assert ml.parse_layers("20, 4×10, 3") == (20, 10, 10, 10, 10, 3)
    assert ml.show_layers((20, 10, 10, 10, 10, 3)) == "20,4×10,3"
    assert ml.show_layers((20, 3)) == "20,3"
    for sizes in ((10,) * 30, (5, 5, 5), (8,) * 4 + (2,)):
        assert ml.parse_layers(ml.show_layers(sizes)) == sizes
    with pytest.raises(ConfigError, match="at most 50"):
        ml.SETTINGS["layers"].parse("99999999x10")

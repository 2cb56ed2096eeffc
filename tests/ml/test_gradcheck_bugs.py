"""The gradient-checking lab's engine: the course's case, the planted bugs, the θ³ table."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml.bugs import BUGS, loss_and_grads_with
from tui_tutor.ml.gradcheck import CheckCancelled, check_function, check_gradients, course_case
from tui_tutor.ml.labcheck import lab_check


# -- an independent, straightforward implementation of the course's case -----------------
def _course_forward(p, X, naive):
    """relu, relu, sigmoid; the cost the course's way (log of a) or from the logits."""
    Z1 = p["W1"] @ X + p["b1"]
    A1 = np.maximum(0, Z1)
    Z2 = p["W2"] @ A1 + p["b2"]
    A2 = np.maximum(0, Z2)
    Z3 = p["W3"] @ A2 + p["b3"]
    A3 = 1 / (1 + np.exp(-Z3))
    return Z1, A1, Z2, A2, Z3, A3


def _course_cost(p, X, Y, naive):
    *_, Z3, A3 = _course_forward(p, X, naive)
    m = X.shape[1]
    if naive:  # the assignment's: log(1 - a) of a ≈ 0.999 loses digits
        return float(-np.sum(Y * np.log(A3) + (1 - Y) * np.log(1 - A3)) / m)
    return float(np.sum(np.log1p(np.exp(-np.abs(Z3))) + np.maximum(Z3, 0) - Y * Z3) / m)


def _course_grads(p, X, Y, bugs):
    Z1, A1, Z2, A2, Z3, A3 = _course_forward(p, X, False)
    m = X.shape[1]
    dZ3 = A3 - Y
    g = {"W3": dZ3 @ A2.T / m, "b3": dZ3.sum(1, keepdims=True) / m}
    dZ2 = (p["W3"].T @ dZ3) * (A2 > 0)
    g["W2"] = dZ2 @ A1.T / m * (2 if bugs else 1)
    g["b2"] = dZ2.sum(1, keepdims=True) / m
    dZ1 = (p["W2"].T @ dZ2) * (A1 > 0)
    g["W1"] = dZ1 @ X.T / m
    g["b1"] = dZ1.sum(1, keepdims=True) * (4 if bugs else 1) / m
    return g


def _independent_check(bugs, naive, eps=1e-7):
    p, X, Y = course_case()
    keys = ["W1", "b1", "W2", "b2", "W3", "b3"]
    grads = _course_grads(p, X, Y, bugs)
    grad = np.concatenate([grads[k].ravel() for k in keys])
    approx = []
    for k in keys:
        for idx in np.ndindex(p[k].shape):
            q = {n: v.copy() for n, v in p.items()}
            q[k][idx] += eps
            plus = _course_cost(q, X, Y, naive)
            q[k][idx] -= 2 * eps
            approx.append((plus - _course_cost(q, X, Y, naive)) / (2 * eps))
    a = np.array(approx)
    return float(np.linalg.norm(a - grad) / (np.linalg.norm(a) + np.linalg.norm(grad)))


def test_course_case_figures_and_an_independent_implementation():
    params, X, Y = course_case()
    assert X.shape == (4, 3) and sum(v.size for v in params.values()) == 47
    right = check_gradients(params, X, Y).difference
    both = check_gradients(params, X, Y, bug="course").difference
    assert right < 1e-8  # ours: the cost from the logits keeps its digits
    assert 0.28 < both < 0.29  # the course's ~0.285
    # The same figures from a plain NumPy version written here, independently.
    assert math.isclose(both, _independent_check(bugs=True, naive=False), rel_tol=1e-6)
    assert _independent_check(bugs=False, naive=False) < 1e-8
    # With the course's cost (log(1 - a)) the correct gradient shows the course's ~1.2e-7.
    assert 5e-8 < _independent_check(bugs=False, naive=True) < 5e-7


def test_each_bug_shows_in_its_layers_only():
    params, X, Y = course_case()  # b != 0 here, so forgot-b shows too
    expected = {
        "dw2-doubled": {"W2"},
        "db1-4m": {"b1"},
        "course": {"W2", "b1"},
        "wrong-derivative": {"W1", "b1"},
        "forgot-b": {"W1", "b1", "W2", "b2"},
        "mystery": {"W1", "b1", "W2", "b2"},
    }
    for name, groups in expected.items():
        result = check_gradients(params, X, Y, bug=name)
        assert set(result.differing()) == groups, name
        assert result.verdict == "probably a bug"
    assert check_gradients(params, X, Y, bug="mystery").layer == 2
    assert check_gradients(params, X, Y, bug="wrong-derivative").layer == 1


def test_no_lambda_needs_a_lambda_and_the_fix_names_the_layer():
    params, X, Y = course_case()
    assert check_gradients(params, X, Y, bug="no-lambda").verdict == "great"  # λ = 0
    found = check_gradients(params, X, Y, lambd=0.7, bug="no-lambda")
    assert set(found.differing()) == {"W1", "W2", "W3"}
    assert check_gradients(params, X, Y, bug="mystery", fix=2).verdict == "great"
    assert check_gradients(params, X, Y, bug="mystery", fix=1).verdict == "probably a bug"


def test_buggy_cost_is_the_true_cost():
    params, X, Y = course_case()
    J, _ = ml.loss_and_grads(params, X, Y, 0.3)
    for name in BUGS:
        assert loss_and_grads_with(name, params, X, Y, 0.3)[0] == J


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_forgot_b_hides_at_initialization_and_shows_after_training(activation):
    cfg = ml.LabConfig(bug="forgot-b", layers=(5, 3), m=100, epochs=2000, activation=activation)
    result = lab_check(cfg)
    assert result.at_init.verdict == "great" and result.at_init.difference < 1e-7
    assert result.after.verdict == "probably a bug" and result.after.difference > 1e-3
    assert result.after.layer == 2  # the last hidden layer


def test_training_never_uses_a_planted_bug():
    base = ml.LabConfig(layers=(5, 3), m=100, epochs=300)
    clean = base.final()[0].params
    buggy = base.with_changes(bug="course").final()[0].params
    assert all(np.array_equal(clean[k], buggy[k]) for k in clean)


def test_run_metrics_carry_the_check_only_when_asked():
    cfg = ml.LabConfig(bug="dw2-doubled", layers=(5, 3), m=100, epochs=200)
    run = cfg.run(every=200, extras=("gradcheck",))
    *_, last = run.records
    m = run.metrics(last)
    assert m["gc_init"] > 1e-3 and m["gc_difference"] > 1e-3 and m["gc_layer"] == 2
    run = cfg.run(every=200)
    *_, last = run.records
    assert all(math.isnan(run.metrics(last)[k]) for k in ml.CHECK_METRICS)
    assert set(ml.RUN_METRICS) == set(run.metrics(last))


def test_a_stochastic_cost_is_said_not_judged():
    """Dropout makes J random: the check says so instead of measuring noise."""
    params, X, Y = course_case()
    rng = np.random.default_rng(0)

    def dropout_cost(p):  # inverted dropout on layer 1, keep_prob 0.8, a new mask per call
        A1 = np.maximum(0, p["W1"] @ X + p["b1"])
        A1 = A1 * (rng.random(A1.shape) < 0.8) / 0.8
        A2 = np.maximum(0, p["W2"] @ A1 + p["b2"])
        Z3 = p["W3"] @ A2 + p["b3"]
        J = float(np.mean(np.logaddexp(0, Z3) - Y * Z3))
        return J, ml.loss_and_grads(p, X, Y)[1]

    result = check_function(dropout_cost, params)
    assert result.stochastic and result.verdict == "stochastic"
    assert not check_gradients(params, X, Y).stochastic


def test_checks_stop_when_asked():
    params, X, Y = course_case()
    with pytest.raises(CheckCancelled):
        check_gradients(params, X, Y, should_stop=lambda done, total: True)
    cfg = ml.LabConfig(layers=(5, 3), m=100, epochs=100)
    with pytest.raises(ml.SweepCancelled):
        cfg.sweep("gradcheck", should_stop=lambda done: done >= 50)


def test_a_bug_needs_its_layer_and_a_fix_a_layer_that_exists():
    with pytest.raises(ml.ConfigError, match="bug: dw2-doubled needs at least 1 hidden"):
        ml.LabConfig(layers=()).with_changes(bug="dw2-doubled")
    with pytest.raises(ml.ConfigError, match="bug: mystery needs at least 2 hidden"):
        ml.LabConfig(layers=(5,)).with_changes(bug="mystery")
    with pytest.raises(ml.ConfigError, match="fix: layer 5 does not exist"):
        ml.LabConfig(layers=(5, 3)).with_changes(fix=5)


def test_a_lab_check_over_the_budget_is_refused():
    cfg = ml.LabConfig(layers=(256, 256, 256), m=20000, epochs=1)
    with pytest.raises(ml.ConfigError, match="parameters fit"):
        cfg.sweep("gradcheck")


def test_theta_cubed_table():
    at = ml.cube_table(epsilons=(0.01,))
    assert round(float(at.one_sided[0]), 10) == 3.0301
    assert round(float(at.two_sided[0]), 10) == 3.0001
    table = ml.cube_table()
    assert abs(table.slope(two_sided=False) - 1) < 0.05  # O(ε)
    assert abs(table.slope(two_sided=True) - 2) < 0.05  # O(ε²)
    # Rounding takes over: the smallest errors sit near 1e-8 and 1e-5, not at the end.
    assert 1e-9 <= table.best(two_sided=False) <= 1e-7
    assert 1e-6 <= table.best(two_sided=True) <= 1e-4
    assert table.one_error[-1] > table.one_error.min() * 1e3

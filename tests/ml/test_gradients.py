"""Backprop against finite differences: the course's gradient check, and planted bugs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor import ml
from tui_tutor.ml import gradcheck


def _problem(n_x: int, hidden: list[int], m: int, seed: int, method: str = "xavier"):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = ml.init_params([n_x, *hidden, 1], method, seed=seed)
    for k in params:  # non-zero biases, so every term of the gradient is exercised
        if k.startswith("b"):
            params[k] = 0.1 * rng.standard_normal(params[k].shape)
    return params, X, Y


@settings(max_examples=25, deadline=None)
@given(
    n_x=st.integers(1, 4),
    hidden=st.lists(st.integers(1, 5), min_size=0, max_size=3),
    m=st.integers(2, 12),
    activation=st.sampled_from(["relu", "tanh"]),
    lambd=st.sampled_from([0.0, 0.1, 0.7, 3.0]),
    l1=st.sampled_from([0.0, 0.05, 0.5]),
    seed=st.integers(0, 10_000),
)
def test_backprop_matches_two_sided_differences(n_x, hidden, m, activation, lambd, l1, seed):
    params, X, Y = _problem(n_x, hidden, m, seed)
    diff = ml.gradient_check(params, X, Y, lambd, 1e-7, activation, l1)
    assert diff < 1e-7


def test_course_network_4_5_3_1_is_great_and_check_leaves_params_alone():
    params, X, Y = _problem(4, [5, 3], 3, seed=1)
    assert sum(v.size for v in params.values()) == 47  # the course's 47 parameters
    before = {k: v.copy() for k, v in params.items()}
    diff, per = ml.gradient_check(params, X, Y, 0.7, details=True)
    assert diff < 1e-7
    assert set(per) == {"W1", "b1", "W2", "b2", "W3", "b3"}
    assert max(per.values()) < 1e-6
    for k in params:
        np.testing.assert_array_equal(params[k], before[k])


@pytest.mark.parametrize("bug", ["dW2_doubled", "db1_4_over_m"])
def test_planted_backprop_bug_is_caught_and_located(monkeypatch, bug):
    params, X, Y = _problem(4, [5, 3], 3, seed=1)
    m = Y.shape[1]
    real = gradcheck.loss_and_grads

    def buggy(*args, **kwargs):
        J, grads = real(*args, **kwargs)
        grads = dict(grads)
        if bug == "dW2_doubled":
            grads["dW2"] = 2 * grads["dW2"]
        else:  # the course's db1 computed with 4/m instead of 1/m
            grads["db1"] = 4 * grads["db1"]
        return J, grads

    monkeypatch.setattr(gradcheck, "loss_and_grads", buggy)
    diff, per = ml.gradient_check(params, X, Y, details=True)
    assert 1e-2 < diff < 1.0  # the course's planted bugs gave ~0.285: "probably a bug"
    culprit = "W2" if bug == "dW2_doubled" else "b1"
    assert max(per, key=per.get) == culprit
    assert per["W1" if culprit != "W1" else "W3"] < 1e-6
    assert m == 3


def test_gradient_check_includes_the_regularization_term(monkeypatch):
    """Backprop that forgets (λ/m) W disagrees with J that includes the penalty."""
    params, X, Y = _problem(3, [4], 6, seed=3)
    real = gradcheck.loss_and_grads

    def no_decay(p, X, Y, lambd=0.0, activation="relu", l1=0.0):
        J, _ = real(p, X, Y, lambd, activation, l1)
        _, grads = real(p, X, Y, 0.0, activation, l1)
        return J, grads

    monkeypatch.setattr(gradcheck, "loss_and_grads", no_decay)
    assert ml.gradient_check(params, X, Y, lambd=0.0) < 1e-7
    assert ml.gradient_check(params, X, Y, lambd=5.0) > 1e-3


def test_two_sided_difference_is_order_eps_squared():
    """FACTS: f(θ) = θ³ at θ = 1, ε = 0.01: two-sided 3.0001, one-sided 3.0301."""

    def f(t):
        return t**3

    two = ml.difference_quotient(f, 1.0, 0.01)
    one = ml.difference_quotient(f, 1.0, 0.01, two_sided=False)
    assert two == pytest.approx(3.0001, abs=1e-9)
    assert one == pytest.approx(3.0301, abs=1e-9)
    assert abs(two - 3) == pytest.approx(1e-4, rel=1e-6)
    assert abs(one - 3) == pytest.approx(0.0301, rel=1e-6)
    with pytest.raises(ValueError, match="epsilon"):
        ml.difference_quotient(f, 1.0, 0.0)


def test_loss_and_grads_keys_and_shapes():
    params, X, Y = _problem(2, [3, 2], 5, seed=0)
    J, grads = ml.loss_and_grads(params, X, Y, 0.1)
    assert np.isfinite(J)
    assert list(grads) == ["dW1", "db1", "dW2", "db2", "dW3", "db3"]
    for k, g in grads.items():
        assert g.shape == params[k[1:]].shape

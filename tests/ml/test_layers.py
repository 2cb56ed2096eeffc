"""Each layer's backward step against finite differences of its forward step."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor.ml import layers, settings
from tui_tutor.ml.layers import ACTIVATIONS


def _numeric_grad(f, x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """∂f/∂x of a scalar f, by two-sided differences, shaped like ``x``."""
    g = np.empty_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + eps
        plus = f()
        x[i] = old - eps
        minus = f()
        x[i] = old
        g[i] = (plus - minus) / (2 * eps)
    return g


def test_linear_backward_is_the_course_formulas_with_1_over_m():
    rng = np.random.default_rng(0)
    A_prev, W, b = (
        rng.standard_normal((4, 7)),
        rng.standard_normal((3, 4)),
        rng.standard_normal((3, 1)),
    )
    Z, cache = layers.linear_forward(A_prev, W, b)
    assert Z.shape == (3, 7)
    np.testing.assert_allclose(Z, W @ A_prev + b)
    dZ = rng.standard_normal((3, 7))  # per example

    # J = (1/m) Σ_i dZ(i) · Z(i): its gradients are what linear_backward returns
    def J():
        return float(np.sum(dZ * layers.linear_forward(A_prev, W, b)[0])) / 7

    dA_prev, dW, db = layers.linear_backward(dZ, cache)
    assert (dA_prev.shape, dW.shape, db.shape) == (A_prev.shape, W.shape, b.shape)
    np.testing.assert_allclose(dW, _numeric_grad(J, W), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(db, _numeric_grad(J, b), rtol=1e-6, atol=1e-9)
    # dA_prev is per example: 7 times the mean cost's gradient
    np.testing.assert_allclose(dA_prev, 7 * _numeric_grad(J, A_prev), rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_activation_backward_matches_finite_differences(name):
    rng = np.random.default_rng(1)
    Z = rng.standard_normal((3, 5))
    Z[np.abs(Z) < 1e-3] = 0.5  # away from ReLU's kink
    forward = getattr(layers, f"{name}_forward")
    backward = getattr(layers, f"{name}_backward")
    A, cache = forward(Z)
    assert A.shape == Z.shape
    dA = rng.standard_normal(Z.shape)
    dZ = backward(dA, cache)
    expected = _numeric_grad(lambda: float(np.sum(dA * forward(Z)[0])), Z)
    np.testing.assert_allclose(dZ, expected, rtol=1e-6, atol=1e-9)


@pytest.mark.filterwarnings("error")
def test_sigmoid_never_overflows():
    z = np.array([-1e308, -800.0, -40.0, 0.0, 40.0, 800.0, 1e308])
    s = layers.sigmoid(z)
    assert s[0] == 0.0 and s[-1] == 1.0 and s[3] == 0.5
    assert np.all(np.diff(s) >= 0)
    assert math.isclose(layers.sigmoid_forward(np.array([2.0]))[0][0], 1 / (1 + math.exp(-2)))


def test_every_registered_activation_is_a_setting_choice_and_its_fast_form_agrees():
    assert settings.SETTINGS["activation"].choices == tuple(ACTIVATIONS)
    rng = np.random.default_rng(2)
    Z = rng.standard_normal((2, 4, 6))  # two stacked models
    dA = rng.standard_normal(Z.shape)
    for name, g in ACTIVATIONS.items():
        assert g.fast is not None, name
        A, cache = g.forward(Z)
        A_fast, dZ_fast = np.empty_like(Z), dA.copy()
        forward, backward = g.fast(Z, A_fast, dZ_fast)
        forward()
        backward()
        np.testing.assert_array_equal(A_fast, A)
        np.testing.assert_allclose(dZ_fast, g.backward(dA, cache), rtol=1e-15)
        if g.in_place:  # one model: Z is written into A and g applied there
            ZA, dZ_in = Z[0].copy(), dA[0].copy()
            forward, backward = g.fast(ZA, ZA, dZ_in)
            forward()
            backward()
            np.testing.assert_array_equal(ZA, A[0])
            np.testing.assert_allclose(dZ_in, dZ_fast[0], rtol=1e-15)


def test_unknown_activation_names_the_choices():
    with pytest.raises(ValueError, match="relu, tanh, linear, sigmoid"):
        layers.activation_of("swish")

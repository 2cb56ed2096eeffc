"""The two-weight cost surface (ml.surface): J, its gradient and Hessian against direct
computations and scikit-learn, the largest converging learning rate, contour segments."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss

from tui_tutor import ml
from tui_tutor.ml import surface as sf


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    s = ml.make_splits("moons", 120, (0.75, 0.25), noise=0.3, seed=4)
    return s.X_train, s.Y_train  # (2, 90), (1, 90), standardized


def _direct_cost(w: np.ndarray, X: np.ndarray, Y: np.ndarray) -> float:
    """The course's cross-entropy, one example at a time."""
    total = 0.0
    for x1, x2, y in zip(X[0], X[1], Y[0], strict=True):
        a = 1.0 / (1.0 + math.exp(-(w[0] * x1 + w[1] * x2)))
        total -= y * math.log(a) + (1 - y) * math.log(1 - a)
    return total / X.shape[1]


def test_cost_gradient_and_hessian_are_the_direct_computation(data) -> None:
    X, Y = data
    W = np.array([[0.0, 1.5, -2.0], [0.0, -0.5, 3.0]])  # three weight vectors (2, 3)
    J = sf.cost(W, X, Y)
    assert J.shape == (3,) and J[0] == pytest.approx(math.log(2), abs=1e-15)
    for k in range(3):
        assert J[k] == pytest.approx(_direct_cost(W[:, k], X, Y), rel=1e-12)
    h = 1e-6
    G = sf.gradient(W, X, Y)
    for i in range(2):
        e = np.zeros((2, 1))
        e[i] = h
        numeric = (sf.cost(W + e, X, Y) - sf.cost(W - e, X, Y)) / (2 * h)
        np.testing.assert_allclose(G[i], numeric, rtol=1e-6, atol=1e-9)
    w = W[:, 1]
    H = sf.hessian(w, X)
    for i in range(2):
        e = np.zeros(2)
        e[i] = h
        col = (sf.gradient((w + e)[:, None], X, Y) - sf.gradient((w - e)[:, None], X, Y)) / (2 * h)
        np.testing.assert_allclose(H[:, i], col[:, 0], rtol=1e-5, atol=1e-9)


def test_minimum_and_loss_agree_with_scikit_learn(data) -> None:
    X, Y = data
    w_min, J_min = sf.minimum(X, Y)
    ref = LogisticRegression(fit_intercept=False, C=1e12, tol=1e-12, max_iter=10_000)
    ref.fit(X.T, Y[0])
    np.testing.assert_allclose(w_min, ref.coef_[0], rtol=1e-4)
    assert J_min == pytest.approx(log_loss(Y[0], ref.predict_proba(X.T)), rel=1e-8)
    assert np.abs(sf.gradient(w_min[:, None], X, Y)).max() < 1e-10


def test_separable_data_have_no_minimum() -> None:
    X = np.array([[-2.0, -1.0, 1.0, 2.0], [0.5, -0.5, 0.5, -0.5]])
    Y = np.array([[0.0, 0.0, 1.0, 1.0]])
    w_min, J_min = sf.minimum(X, Y)
    assert w_min is None and math.isnan(J_min)


def test_lr_max_is_where_convergence_stops(data) -> None:
    X, Y = data
    top = sf.lr_max(X, Y)
    assert sf.converges(X, Y, [top, 0.5 * top, 1e-4]).all()
    assert not sf.converges(X, Y, [top * 1.01, 2 * top]).any()


def test_scaling_both_inputs_by_c_divides_lr_max_by_c_squared(data) -> None:
    # J(w; cX) = J(cw; X): gradient descent on cX at α is descent on X at c²α.
    X, Y = data
    assert sf.lr_max(2.0 * X, Y) == pytest.approx(sf.lr_max(X, Y) / 4, rel=0.01)


def test_an_uneven_scale_elongates_the_contours_and_lowers_lr_max(data) -> None:
    X, Y = data
    uneven = ml.scale_features(X, (1.0, 20.0))
    assert sf.contour_ratio(X, Y) < 2 < 10 < sf.contour_ratio(uneven, Y)
    assert sf.lr_max(uneven, Y) < sf.lr_max(X, Y) / 50


def test_descent_outcomes(data) -> None:
    X, Y = data
    _, J_min = sf.minimum(X, Y)
    top = sf.lr_max(X, Y)
    good = sf.descend(X, Y, 0.5 * top, 100, J_min)
    assert good.outcome == "reached" and 0 < good.steps_to < 100
    assert good.w.shape == (101, 2) and good.J.shape == (101,)
    assert np.all(np.diff(good.J) <= 1e-12)
    assert sf.descend(X, Y, 1.5 * top, 100, J_min).outcome in ("unstable", "diverged")
    assert sf.descend(X, Y, 1e-4, 100, J_min).outcome == "slow"


def test_marching_squares_finds_the_circle() -> None:
    xs = ys = np.linspace(-2.0, 2.0, 41)
    gx, gy = np.meshgrid(xs, ys)
    segments = sf.level_segments(gx**2 + gy**2, xs, ys, 1.0)
    assert segments.shape[1:] == (2, 2) and len(segments) > 20
    radius = np.hypot(segments[..., 0], segments[..., 1])
    np.testing.assert_allclose(radius, 1.0, atol=0.01)  # linear interpolation on a 0.1 grid
    assert len(sf.level_segments(gx**2 + gy**2, xs, ys, 100.0)) == 0


def test_the_lab_surface_and_its_metrics() -> None:
    cfg = ml.LabConfig.from_mapping(
        {"m": 120, "epochs": 60, "layers": [3], "lr": 0.1, "normalize": False,
         "feature_scale": [1, 20]}
    )  # fmt: skip
    result = cfg.sweep("surface")
    assert isinstance(result, ml.LabSurface) and result.steps == 60
    assert result.lr_max_on > 50 * result.lr_max_off
    on = cfg.with_changes(normalize=True).data()
    assert result.lr_max_on == sf.lr_max(on.X_train, on.Y_train)
    x0, x1, y0, y1 = result.surface.window(2.5)
    assert (x1 - x0) == pytest.approx(2.5 * (y1 - y0))  # one scale on both axes
    run, last = cfg.final()
    assert math.isnan(run.metrics(last)["lr_max"])  # measured only when asked
    asked = cfg.run(every=60, extras=("surface",))
    for rec in asked.records:
        pass
    m = asked.metrics(rec)
    assert m["lr_max"] == result.lr_max_off
    assert m["contour_ratio"] == pytest.approx(result.surface.ratio)

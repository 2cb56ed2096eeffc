"""The engine against scikit-learn's MLPClassifier on identical weights.

scikit-learn's ``alpha`` is the course's λ: its penalty is alpha/(2m) Σ‖W‖², its
coefs_ are our Wᵀ (n[l-1], n[l]) and its intercepts_ our b (n[l],).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from tui_tutor import ml


def _data(m: int = 60, seed: int = 0):
    X, Y = ml.make_dataset("moons", m, noise=0.25, seed=seed)
    return ml.Standardizer.fit(X).transform(X), Y


def _fitted_shape(hidden, activation, lambd, X, Y, **kw) -> MLPClassifier:
    """A classifier with the right shapes (one quiet epoch), ready for our weights."""
    clf = MLPClassifier(
        hidden_layer_sizes=tuple(hidden),
        activation=activation,
        alpha=lambd,
        max_iter=1,
        random_state=0,
        **kw,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X.T, Y.ravel().astype(int))
    return clf


def _load(clf: MLPClassifier, params: dict) -> None:
    L = ml.model.n_layers(params)
    clf.coefs_ = [params[f"W{l}"].T.copy() for l in range(1, L + 1)]
    clf.intercepts_ = [params[f"b{l}"].ravel().copy() for l in range(1, L + 1)]


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("hidden", [[], [5], [20, 3], [4, 6, 3]])
@pytest.mark.parametrize("lambd", [0.0, 0.7])
def test_cost_and_gradients_equal_sklearn_backprop(activation, hidden, lambd):
    X, Y = _data()
    m = Y.shape[1]
    params = ml.init_params([2, *hidden, 1], "xavier", seed=3)
    rng = np.random.default_rng(4)
    for k in params:
        if k.startswith("b"):
            params[k] = 0.1 * rng.standard_normal(params[k].shape)
    clf = _fitted_shape(hidden, activation, lambd, X, Y)
    _load(clf, params)
    L = len(hidden) + 1
    activations = [X.T] + [None] * L
    deltas = [None] * L
    coef_grads = [np.empty_like(c) for c in clf.coefs_]
    intercept_grads = [np.empty_like(b) for b in clf.intercepts_]
    loss, cg, ig = clf._backprop(X.T, Y.T, None, activations, deltas, coef_grads, intercept_grads)
    J, grads = ml.loss_and_grads(params, X, Y, lambd, activation)
    assert abs(J - loss) < 1e-12
    for l in range(1, L + 1):
        np.testing.assert_allclose(grads[f"dW{l}"], cg[l - 1].T, rtol=1e-10, atol=1e-13)
        np.testing.assert_allclose(grads[f"db{l}"].ravel(), ig[l - 1], rtol=1e-10, atol=1e-13)
    # the training loop's own cost terms agree too
    rec = next(ml.train({k: v.copy() for k, v in params.items()}, X, Y, lr=0.1, epochs=0,
                        lambd=lambd, activation=activation))  # fmt: skip
    assert abs(rec.cost - loss) < 1e-12
    sq = sum(float(np.sum(params[f"W{l}"] ** 2)) for l in range(1, L + 1))
    assert abs(rec.penalty - lambd / (2 * m) * sq) < 1e-14


@pytest.mark.parametrize(("activation", "hidden", "lambd"), [
    ("relu", [20, 3], 0.1), ("tanh", [8], 0.7), ("relu", [16, 16], 0.0),
])  # fmt: skip
def test_full_batch_train_equals_sklearn_sgd(activation, hidden, lambd):
    X, Y = _data(m=80, seed=2)
    m, lr, epochs = Y.shape[1], 0.3, 40
    params = ml.init_params([2, *hidden, 1], "he", seed=5)
    clf = _fitted_shape(
        hidden, activation, lambd, X, Y,
        solver="sgd", batch_size=m, momentum=0.0, nesterovs_momentum=False,
        learning_rate="constant", learning_rate_init=lr, shuffle=False, tol=0.0,
        n_iter_no_change=10**6, warm_start=True,
    )  # fmt: skip
    _load(clf, params)
    clf.max_iter = epochs
    n_before = len(clf.loss_curve_)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf.fit(X.T, Y.ravel().astype(int))
    records = list(ml.train(params, X, Y, lr=lr, epochs=epochs, lambd=lambd,
                            activation=activation))  # fmt: skip
    assert clf.n_iter_ == epochs
    # sklearn's loss_curve_[e] is the cost before update e: our records at epochs 0..E-1.
    np.testing.assert_allclose(
        [r.cost for r in records[:-1]], clf.loss_curve_[n_before:], rtol=1e-10, atol=1e-12
    )
    for l in range(1, len(hidden) + 2):
        np.testing.assert_allclose(params[f"W{l}"], clf.coefs_[l - 1].T, rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose(
            params[f"b{l}"].ravel(), clf.intercepts_[l - 1], rtol=1e-9, atol=1e-11
        )

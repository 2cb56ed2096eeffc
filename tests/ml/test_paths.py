"""The fast path and the reference loop give the same training, and ``train`` picks between them.

The reference loop is gradient descent over ``model.loss_and_grads`` (what the course
writes); the fast path (``fast.py``) folds and stacks the same maths. A feature with only
reference functions must still train, through the reference loop.
"""

from __future__ import annotations

import importlib
import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import layers
from tui_tutor.ml.layers import ACTIVATIONS, Activation

train_module = importlib.import_module("tui_tutor.ml.train")
FIELDS = ("cost", "data_cost", "penalty", "w_norm_sq")


def _splits(m=90, seed=0):
    s = ml.make_splits("moons", m, (0.6, 0.4), noise=0.25, flip=0.05, seed=seed)
    return s.X_train, s.Y_train, s.X_dev, s.Y_dev


def _run(path, dims, **kw):
    X, Y, Xd, Yd = _splits()
    params = ml.init_params(dims, "xavier", seed=4)
    records = list(ml.train(params, X, Y, X_dev=Xd, Y_dev=Yd, path=path, **kw))
    return params, records


def _assert_same(a, b, rtol=1e-12):
    (params_a, recs_a), (params_b, recs_b) = a, b
    assert [(r.epoch, r.status) for r in recs_a] == [(r.epoch, r.status) for r in recs_b]
    for ra, rb in zip(recs_a, recs_b, strict=True):
        for name in FIELDS:
            assert getattr(ra, name) == pytest.approx(getattr(rb, name), rel=rtol, abs=1e-15)
        assert ra.train_error == rb.train_error and ra.dev_error == rb.dev_error
    for k in params_a:
        np.testing.assert_allclose(params_a[k], params_b[k], rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize(("lambd", "l1"), [(0.0, 0.0), (0.7, 0.0), (0.3, 0.2)])
@pytest.mark.parametrize("batch_size", [None, 16])
@pytest.mark.parametrize("dims", [[2, 6, 4, 1], [2, 1]])
def test_fast_path_and_reference_loop_give_the_same_weights_and_records(
    activation, lambd, l1, batch_size, dims
):
    kw = dict(lr=0.3, epochs=40, lambd=lambd, l1=l1, activation=activation,
              batch_size=batch_size, seed=3, every=7)  # fmt: skip
    fast, reference = _run("fast", dims, **kw), _run("reference", dims, **kw)
    assert [r.epoch for r in fast[1]] == [0, 7, 14, 21, 28, 35, 40]
    assert fast[1][-1].status == "done"
    _assert_same(fast, reference)


@pytest.mark.filterwarnings("error")
def test_both_paths_end_with_the_same_diverged_record():
    kw = dict(lr=10.0, epochs=300, lambd=1000.0, every=1)
    fast, reference = _run("fast", [2, 8, 1], **kw), _run("reference", [2, 8, 1], **kw)
    assert fast[1][-1].status == reference[1][-1].status == "diverged"
    assert len(fast[1]) == len(reference[1]) < 301
    assert fast[1][-1].epoch == reference[1][-1].epoch


def _forbid(monkeypatch, name):
    def refuse(*args, **kwargs):
        raise AssertionError(f"{name} must not run")

    monkeypatch.setattr(train_module, name, refuse)


def test_auto_takes_the_fast_path_for_the_shipped_activations(monkeypatch):
    _forbid(monkeypatch, "run_reference")
    for name in ACTIVATIONS:
        assert ml.uses_fast_path(name)
        _run("auto", [2, 4, 1], lr=0.1, epochs=3, activation=name)


@pytest.fixture
def relu_reference_only(monkeypatch):
    """A ReLU registered with only its reference forward and backward."""
    g = Activation("relu_ref", layers.relu_forward, layers.relu_backward)
    monkeypatch.setitem(ACTIVATIONS, "relu_ref", g)


def test_an_activation_with_only_reference_functions_trains_through_the_reference_loop(
    monkeypatch, relu_reference_only
):
    kw = dict(lr=0.3, epochs=30, lambd=0.5, batch_size=20, seed=1, every=10)
    fast = _run("fast", [2, 5, 3, 1], activation="relu", **kw)
    _forbid(monkeypatch, "run_fast")
    assert not ml.uses_fast_path("relu_ref")
    _assert_same(_run("auto", [2, 5, 3, 1], activation="relu_ref", **kw), fast)
    with pytest.raises(ValueError, match="no fast form"):
        _run("fast", [2, 5, 3, 1], activation="relu_ref", **kw)


def test_sweeps_without_a_fast_form_equal_the_stacked_sweeps(relu_reference_only):
    X, Y, Xd, Yd = _splits(m=120)
    stops = []
    for kind, values in (("validation", [0.0, 0.3, 3.0]), ("learning", [10, 30, 72])):
        results = {}
        for activation in ("relu", "relu_ref"):
            curve = ml.validation_curve if kind == "validation" else ml.learning_curve
            batch = {"batch_size": 16} if kind == "validation" else {}
            results[activation] = curve(
                X, Y, Xd, Yd, [2, 6, 1], values, lr=0.3, epochs=60, activation=activation,
                seed=2, should_stop=lambda e, a=activation: stops.append((a, e)) and False,
                dtype=np.float64, **batch,
            )  # fmt: skip
        fast, ref = results["relu"], results["relu_ref"]
        for name in ("train_error", "dev_error"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(ref, name))
        for name in FIELDS:
            np.testing.assert_allclose(getattr(fast, name), getattr(ref, name), rtol=1e-11)
    # should_stop is asked at the same epochs, stepped in lockstep
    assert [e for a, e in stops if a == "relu"] == [e for a, e in stops if a == "relu_ref"]
    assert [e for a, e in stops if a == "relu"][:3] == [0, 25, 50]


def test_float32_sweeps_agree_with_float64_within_a_stated_tolerance():
    """Sweeps default to float32 work buffers (updates accumulate in float64): costs and
    norms move by about 1e-7 relative (stated: rtol 1e-5 after 200 epochs), the errors
    do not move at all here."""
    X, Y, Xd, Yd = _splits(m=120)
    for curve, values in ((ml.validation_curve, [0.0, 0.3, 3.0]), (ml.learning_curve, [10, 72])):
        kw = dict(lr=0.3, epochs=200, seed=2)
        f32 = curve(X, Y, Xd, Yd, [2, 8, 3, 1], values, **kw)
        f64 = curve(X, Y, Xd, Yd, [2, 8, 3, 1], values, dtype=np.float64, **kw)
        for name in ("train_error", "dev_error"):
            np.testing.assert_array_equal(getattr(f32, name), getattr(f64, name))
        for name in FIELDS:
            np.testing.assert_allclose(getattr(f32, name), getattr(f64, name), rtol=1e-5)
        assert not np.array_equal(f32.cost, f64.cost)  # float32 did run


def _sigmoid_fast(Z, A, dA):
    """A hidden sigmoid for the fast path, written as a later issue would add one."""
    tmp = np.empty(Z.shape)

    def forward():
        np.multiply(Z, 0.5, out=A)
        np.tanh(A, out=A)
        np.add(A, 1.0, out=A)
        np.multiply(A, 0.5, out=A)

    def backward():  # σ' = A (1 - A)
        np.subtract(1.0, A, out=tmp)
        np.multiply(tmp, A, out=tmp)
        np.multiply(dA, tmp, out=dA)

    return forward, backward


def test_a_new_activation_with_a_fast_form_trains_on_the_fast_path(monkeypatch):
    """One registry entry is all a new activation needs, on both paths and in sweeps."""
    g = Activation("sigmoid", layers.sigmoid_forward, layers.sigmoid_backward,
                   fast=_sigmoid_fast, in_place=True)  # fmt: skip
    monkeypatch.setitem(ACTIVATIONS, "sigmoid", g)
    monkeypatch.setitem(
        ACTIVATIONS, "sigmoid_ref", Activation("sigmoid_ref", g.forward, g.backward)
    )
    params, X, Y = ml.init_params([3, 4, 2, 1], "xavier", seed=0), *_problem()
    assert ml.gradient_check(params, X, Y, 0.3, activation="sigmoid") < 1e-7
    kw = dict(lr=0.5, epochs=30, lambd=0.2, activation="sigmoid", every=10)
    assert ml.uses_fast_path("sigmoid")
    _assert_same(_run("fast", [2, 5, 3, 1], **kw), _run("reference", [2, 5, 3, 1], **kw))
    X, Y, Xd, Yd = _splits()
    stacked = ml.validation_curve(X, Y, Xd, Yd, [2, 5, 1], [0.0, 1.0], lr=0.5, epochs=40,
                                  activation="sigmoid", dtype=np.float64)  # fmt: skip
    one_by_one = ml.validation_curve(X, Y, Xd, Yd, [2, 5, 1], [0.0, 1.0], lr=0.5, epochs=40,
                                     activation="sigmoid_ref")  # fmt: skip
    np.testing.assert_allclose(stacked.cost, one_by_one.cost, rtol=1e-11)
    np.testing.assert_array_equal(stacked.dev_error, one_by_one.dev_error)


def _problem():
    rng = np.random.default_rng(5)
    return rng.standard_normal((3, 6)), (rng.random((1, 6)) < 0.5).astype(float)


def test_train_rejects_an_unknown_path():
    X, Y, _, _ = _splits()
    with pytest.raises(ValueError, match="path"):
        next(ml.train(ml.init_params([2, 3, 1]), X, Y, lr=0.1, epochs=1, path="quick"))


def test_the_reference_loop_keeps_the_callers_float_arrays_in_place():
    X, Y, _, _ = _splits()
    params = ml.init_params([2, 3, 1], seed=0)
    W1 = params["W1"]
    last = list(ml.train(params, X, Y, lr=0.5, epochs=5, path="reference"))[-1]
    assert params["W1"] is W1 and last.status == "done"
    J, _ = ml.loss_and_grads(params, X, Y)
    assert math.isclose(J, last.cost, rel_tol=1e-13)

"""Diagnosis, batched sweeps against single runs, and LabConfig validation."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import ConfigError, LabConfig
from tui_tutor.ml.diagnose import KINDS


@pytest.mark.parametrize(
    ("train", "dev", "bayes", "kind"),
    [
        (0.01, 0.11, 0.0, "high_variance"),
        (0.15, 0.16, 0.0, "high_bias"),
        (0.15, 0.30, 0.0, "both"),
        (0.005, 0.01, 0.0, "fine"),
        (0.15, 0.16, 0.15, "fine"),  # blurry images: 15% is the optimal error
    ],
)
def test_diagnosis_reproduces_the_course_table(train, dev, bayes, kind):
    d = ml.diagnose(train, dev, bayes)
    assert d.kind == kind
    assert d.avoidable_bias == pytest.approx(train - bayes)
    assert d.variance == pytest.approx(dev - train)
    assert d.high_bias == (kind in ("high_bias", "both"))
    assert d.high_variance == (kind in ("high_variance", "both"))
    assert d.kind in KINDS


@pytest.mark.parametrize(
    "args", [(float("nan"), 0.1), (0.1, 1.5), (-0.1, 0.1), (0.1, 0.1, 1.0), ("x", 0.1)]
)
def test_diagnosis_rejects_values_that_are_not_fractions(args):
    with pytest.raises(ValueError, match="fraction"):
        ml.diagnose(*args)


def _splits(m=160, seed=0):
    s = ml.make_splits("moons", m, (0.5, 0.25, 0.25), noise=0.25, flip=0.05, seed=seed)
    return s.X_train, s.Y_train, s.X_dev, s.Y_dev


def _single(X, Y, Xd, Yd, dims, **kw):
    init = kw.pop("init", "he")
    params = ml.init_params(dims, init, kw.pop("seed_init", 0), kw.pop("init_scale", 1.0))
    return list(ml.train(params, X, Y, X_dev=Xd, Y_dev=Yd, **kw))[-1]


@pytest.mark.parametrize(
    ("dims", "activation", "l1", "batch_size"),
    [
        ([2, 20, 3, 1], "relu", 0.0, None),
        ([2, 8, 1], "tanh", 0.0, None),
        ([2, 5, 4, 1], "relu", 0.2, None),
        ([2, 1], "relu", 0.0, None),
        ([2, 70, 1], "relu", 0.0, None),  # wide layer: the matrix-vector gradient path
        ([2, 6, 1], "tanh", 0.0, 16),
    ],
)
def test_validation_curve_equals_separate_runs(dims, activation, l1, batch_size):
    X, Y, Xd, Yd = _splits()
    lambds = [0.0, 0.03, 0.3, 1.0, 3.0, 30.0]
    epochs = 60
    # float64: the stacked models agree with the single runs to rounding
    res = ml.validation_curve(X, Y, Xd, Yd, dims, lambds, lr=0.3, epochs=epochs,
                              activation=activation, l1=l1, batch_size=batch_size,
                              seed=2, dtype=np.float64)  # fmt: skip
    assert res.param == "lambd"
    np.testing.assert_array_equal(res.values, lambds)
    for i, lambd in enumerate(lambds):
        last = _single(X, Y, Xd, Yd, dims, seed_init=2, lr=0.3, epochs=epochs, lambd=lambd,
                       l1=l1, activation=activation, batch_size=batch_size, seed=2,
                       every=epochs)  # fmt: skip
        for name in ("cost", "data_cost", "penalty", "w_norm_sq"):
            assert abs(getattr(res, name)[i] - getattr(last, name)) < 1e-8, (name, lambd)
        assert res.train_error[i] == last.train_error
        assert res.dev_error[i] == last.dev_error
    assert not res.diverged.any()
    rows = res.rows()
    assert len(rows) == len(lambds) and rows[2]["lambd"] == 0.3
    assert res.best_index == int(np.argmin(res.dev_error))


def test_learning_curve_equals_runs_on_the_first_m_examples():
    X, Y, Xd, Yd = _splits(m=200)
    sizes = [10, 25, 50, 100]
    epochs, lambd = 80, 0.4
    res = ml.learning_curve(X, Y, Xd, Yd, [2, 10, 4, 1], sizes, lr=0.3, epochs=epochs,
                            lambd=lambd, dtype=np.float64)  # fmt: skip
    assert res.param == "m"
    for i, mk in enumerate(sizes):
        last = _single(X[:, :mk], Y[:, :mk], Xd, Yd, [2, 10, 4, 1], lr=0.3, epochs=epochs,
                       lambd=lambd, every=epochs)  # fmt: skip
        for name in ("cost", "data_cost", "penalty", "w_norm_sq"):
            assert abs(getattr(res, name)[i] - getattr(last, name)) < 1e-8, (name, mk)
        assert res.train_error[i] == last.train_error
        assert res.dev_error[i] == last.dev_error


def test_sweep_marks_diverged_models_and_keeps_the_rest():
    X, Y, Xd, Yd = _splits()
    res = ml.validation_curve(X, Y, Xd, Yd, [2, 8, 1], [0.0, 1000.0], lr=10.0, epochs=200)
    assert list(res.diverged) == [False, True]
    assert math.isnan(res.dev_error[1]) and math.isfinite(res.dev_error[0])
    assert res.rows()[1]["dev_error"] is None
    assert res.best_index == 0


def test_sweeps_reject_bad_values():
    X, Y, Xd, Yd = _splits()
    with pytest.raises(ValueError, match="lambds"):
        ml.validation_curve(X, Y, Xd, Yd, [2, 3, 1], [-1.0], lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="lambds"):
        ml.validation_curve(X, Y, Xd, Yd, [2, 3, 1], [], lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="sizes"):
        ml.learning_curve(X, Y, Xd, Yd, [2, 3, 1], [0, 10], lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="sizes"):
        ml.learning_curve(X, Y, Xd, Yd, [2, 3, 1], [10_000], lr=0.1, epochs=1)
    with pytest.raises(ValueError, match="X must be"):
        ml.validation_curve(X, Y, Xd, Yd, [3, 3, 1], [0.1], lr=0.1, epochs=1)


@pytest.mark.parametrize(
    ("mapping", "key", "match"),
    [
        ({"lamda": 0.1}, "lamda", "unknown setting; accepted: .*lambd"),
        ({"lambd": "big"}, "lambd", "must be a number"),
        ({"lambd": True}, "lambd", "must be a number"),
        ({"epochs": 2.5}, "epochs", "whole number"),
        ({"layers": "20,3"}, "layers", "list of hidden-layer sizes"),
        ({"layers": [20, 0]}, "layers", "1 to 256 units"),
        ({"layers": [2] * 51}, "layers", "at most 50 hidden layers"),
        ({"lambd": -1}, "lambd", "between 0 and 1000"),
        ({"lr": 0}, "lr", "between"),
        ({"lr": float("inf")}, "lr", "finite"),
        ({"m": 5}, "m", "between 8 and 20000"),
        ({"flip": 0.5}, "flip", "between 0 and 0.45"),
        ({"dataset": "swirl"}, "dataset", "unknown; choose moons"),
        ({"activation": "swish"}, "activation", "relu, tanh, linear, sigmoid"),
        ({"init": "lecun"}, "init", "zeros, random, xavier, he, glorot, identity"),
        ({"split": [0.8, 0.8]}, "split", "add up to 1"),
        ({"split": [0.5]}, "split", "2 or 3 parts"),
        ({"m": 400, "split": [300, 100, 100]}, "split", "more than the 400 examples"),
        ({"m": 100, "split": [0.995, 0.0025, 0.0025]}, "split", "no dev examples"),
        ({"batch_size": 500, "m": 400}, "batch_size", "more than the 240 training"),
        ({"csv": ""}, "csv", "file path"),
    ],
)
def test_lab_config_rejects_bad_settings_naming_the_key(mapping, key, match):
    with pytest.raises(ConfigError, match=match) as info:
        LabConfig.from_mapping(mapping)
    assert info.value.key == key
    assert str(info.value).startswith(f"{key}: ")


def test_lab_config_round_trip_and_run():
    cfg = LabConfig.from_mapping({"layers": [8], "epochs": 30, "lambd": 0.5, "split": [300, 100]})
    assert cfg.layer_dims == [2, 8, 1]
    assert LabConfig.from_mapping(cfg.as_dict()) == cfg
    assert cfg.with_changes(lambd=1.0).lambd == 1.0 and cfg.lambd == 0.5
    assert cfg.bayes_error >= cfg.flip  # label flips set a floor; class overlap adds to it
    run, last = cfg.final()
    assert last.status == "done" and last.epoch == 30
    metrics = run.metrics(last)
    assert metrics["m_train"] == 300 and metrics["m_dev"] == 100 and metrics["m_test"] == 0
    assert math.isnan(metrics["test_error"])
    assert metrics["gap"] == pytest.approx(last.dev_error - last.train_error)
    assert metrics["lambd"] == 0.5 and metrics["diverged"] == 0.0
    assert cfg.data() is cfg.data()  # built once


@pytest.mark.parametrize(
    "preset",
    [
        {"layers": [8, 3], "activation": "tanh", "init": "xavier", "l1": 0.1},
        {"layers": [6], "batch_size": 32, "init_scale": 0.5},
    ],
)
def test_a_lab_validation_sweep_equals_the_lab_runs_it_stands_for(preset):
    """What the lab's sweep shows for each λ is what running that config shows: the
    errors exactly, the costs and norms to 1e-5 relative (the sweep works in float32)."""
    cfg = LabConfig.from_mapping({"m": 200, "epochs": 60, "seed": 4, **preset})
    lambds = [0.0, 0.5, 5.0]
    res = cfg.sweep("validation", lambds, weight_seed=7)
    for i, lambd in enumerate(lambds):
        run = cfg.with_changes(lambd=lambd).run(every=cfg.epochs, weight_seed=7)
        last = list(run.records)[-1]
        for name in ("cost", "data_cost", "penalty", "w_norm_sq"):
            assert getattr(res, name)[i] == pytest.approx(getattr(last, name), rel=1e-5)
        assert res.train_error[i] == last.train_error
        assert res.dev_error[i] == last.dev_error

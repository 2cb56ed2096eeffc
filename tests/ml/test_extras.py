"""Per-layer extras in records: computed at recorded epochs, only when asked for."""

from __future__ import annotations

import importlib
import json

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import LabConfig
from tui_tutor.ml.extras import EXTRAS, layer_values

train_module = importlib.import_module("tui_tutor.ml.train")


def _data():
    X, Y = ml.make_dataset("moons", 80, noise=0.2, seed=0)
    return ml.Standardizer.fit(X).transform(X), Y


@pytest.mark.parametrize("path", ["fast", "reference"])
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_extras_describe_the_weights_of_each_record(path, activation):
    X, Y = _data()
    params = ml.init_params([2, 7, 4, 1], seed=1)
    names = ("w_norm_sq_layers", "z_std_layers")
    it = ml.train(params, X, Y, lr=0.3, epochs=20, lambd=0.2, activation=activation,
                  every=5, extras=names, path=path)  # fmt: skip
    epochs = []
    for rec in it:
        epochs.append(rec.epoch)
        assert set(rec.extras) == set(names)
        per_layer = rec.extras["w_norm_sq_layers"]
        assert len(per_layer) == 3
        for l, value in enumerate(per_layer, start=1):
            assert value == pytest.approx(float(np.sum(params[f"W{l}"] ** 2)), rel=1e-12)
        assert sum(per_layer) == pytest.approx(rec.w_norm_sq, rel=1e-12)
        # the spread of Z[l] for the hidden layers, from the reference forward pass
        Z1 = params["W1"] @ X + params["b1"]
        A1 = np.maximum(Z1, 0) if activation == "relu" else np.tanh(Z1)
        Z2 = params["W2"] @ A1 + params["b2"]
        np.testing.assert_allclose(rec.extras["z_std_layers"], [Z1.std(), Z2.std()], rtol=1e-12)
    assert epochs == [0, 5, 10, 15, 20]


def test_no_extras_are_computed_unless_asked(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("extras computed")

    monkeypatch.setattr(train_module, "compute_extras", refuse)
    X, Y = _data()
    recs = list(ml.train(ml.init_params([2, 5, 1]), X, Y, lr=0.1, epochs=10, every=5))
    assert all(r.extras == {} for r in recs)
    assert "extras" not in recs[-1].as_dict()  # a plain run keeps its plain JSON shape


@pytest.mark.filterwarnings("error")
def test_as_dict_carries_extras_as_json_even_when_training_diverges():
    X, Y = _data()
    params = ml.init_params([2, 20, 20, 1], seed=0)
    recs = list(ml.train(params, X, Y, lr=10.0, lambd=1000.0, epochs=500,
                         extras=tuple(EXTRAS)))  # fmt: skip
    assert recs[-1].status == "diverged"
    first = json.loads(json.dumps(recs[0].as_dict(), allow_nan=False))
    assert set(first["extras"]) == set(EXTRAS)
    assert first["extras"]["w_norm_sq_layers"] == list(recs[0].extras["w_norm_sq_layers"])
    last = json.loads(json.dumps(recs[-1].as_dict(), allow_nan=False))  # NaN, inf -> null
    for name, values in recs[-1].extras.items():
        assert last["extras"][name] == [v if np.isfinite(v) else None for v in values]
    rec = ml.Record(3, 1.0, 1.0, 0.0, 0.1, 0.2, 4.0, "diverged",
                    {"z_std_layers": (float("nan"), float("inf"), 2.0)})  # fmt: skip
    assert rec.as_dict()["extras"] == {"z_std_layers": [None, None, 2.0]}


def test_logistic_regression_has_no_hidden_spread():
    X, Y = _data()
    rec = next(ml.train(ml.init_params([2, 1]), X, Y, lr=0.1, epochs=0,
                        extras=("w_norm_sq_layers", "z_std_layers")))  # fmt: skip
    assert len(rec.extras["w_norm_sq_layers"]) == 1
    assert rec.extras["z_std_layers"] == ()


def test_unknown_extra_names_the_choices():
    X, Y = _data()
    with pytest.raises(ValueError, match="w_norm_sq_layers"):
        next(ml.train(ml.init_params([2, 3, 1]), X, Y, lr=0.1, epochs=1, extras=("norms",)))


def test_lab_config_run_passes_extras_through():
    cfg = LabConfig.from_mapping({"layers": [6, 3], "epochs": 12, "m": 100})
    run = cfg.run(every=6, extras=("w_norm_sq_layers",))
    recs = list(run.records)
    assert [r.epoch for r in recs] == [0, 6, 12]
    assert all(len(r.extras["w_norm_sq_layers"]) == 3 for r in recs)
    plain = list(cfg.run(every=6).records)
    assert [r.cost for r in plain] == [r.cost for r in recs]  # extras change nothing else


def test_layer_values_are_the_reference_forward_pass():
    X, Y = _data()
    params = ml.init_params([2, 4, 3, 1], seed=2)
    layers = layer_values(params, X, "tanh")
    assert [v.Z.shape for v in layers] == [(4, 80), (3, 80), (1, 80)]
    np.testing.assert_allclose(layers[-1].Z, ml.model.forward(params, X, "tanh")[0])

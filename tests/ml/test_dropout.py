"""Inverted dropout: one step against a from-scratch computation, keep_prob = 1 is no
dropout bit for bit, reproducible masks, deterministic predictions, the true J recorded,
the gradient check's refusal, and the setting's grammar."""

from __future__ import annotations

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.ml import dropout


def _data(m=60, seed=0):
    X, Y = ml.make_dataset("moons", m, noise=0.2, seed=seed)
    return ml.Standardizer.fit(X).transform(X), Y


def _params(dims=(2, 6, 4, 1), seed=1):
    return ml.init_params(list(dims), "he", seed)


def _run(params, X, Y, **kw):
    options = {"lr": 0.3, "epochs": 20, "every": 10, **kw}
    return list(ml.train(params, X, Y, **options))


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def test_one_step_matches_the_course_by_hand() -> None:
    """d = rand < p; a = a * d / p forward; dA * d / p backward; W -= α dW (ReLU)."""
    X, Y = _data()
    keep, lr, seed = (0.7, 0.5), 0.3, 4
    params = _params()
    p = {k: v.copy() for k, v in params.items()}
    rng = np.random.default_rng((seed, 0x0D0))  # the training masks' stream of the seed
    m = X.shape[1]
    Z1 = p["W1"] @ X + p["b1"]
    D1 = rng.random(Z1.shape) < keep[0]
    A1 = np.maximum(Z1, 0) * D1 / keep[0]
    Z2 = p["W2"] @ A1 + p["b2"]
    D2 = rng.random(Z2.shape) < keep[1]
    A2 = np.maximum(Z2, 0) * D2 / keep[1]
    Z3 = p["W3"] @ A2 + p["b3"]
    dZ3 = _sigmoid(Z3) - Y
    grads = {"W3": dZ3 @ A2.T / m, "b3": dZ3.sum(1, keepdims=True) / m}
    dA2 = p["W3"].T @ dZ3 * D2 / keep[1]
    dZ2 = dA2 * (Z2 > 0)
    grads |= {"W2": dZ2 @ A1.T / m, "b2": dZ2.sum(1, keepdims=True) / m}
    dA1 = p["W2"].T @ dZ2 * D1 / keep[0]
    dZ1 = dA1 * (Z1 > 0)
    grads |= {"W1": dZ1 @ X.T / m, "b1": dZ1.sum(1, keepdims=True) / m}
    expected = {k: p[k] - lr * grads[k] for k in p}
    for path in ("reference", "fast"):
        trained = _params()
        _run(trained, X, Y, epochs=1, lr=lr, seed=seed, keep_prob=list(keep), path=path)
        for k in expected:
            np.testing.assert_allclose(trained[k], expected[k], rtol=1e-12, atol=1e-14)


def test_keep_prob_one_is_no_dropout_bit_for_bit() -> None:
    X, Y = _data()
    plain = _params()
    base = _run(plain, X, Y, batch_size=16)
    for keep in (1.0, [1.0, 1.0], 1):
        p = _params()
        recs = _run(p, X, Y, batch_size=16, keep_prob=keep)
        assert all(np.array_equal(p[k], plain[k]) for k in p)
        assert [r.as_dict() for r in recs] == [r.as_dict() for r in base]


def test_masks_are_seeded_new_each_step_and_mini_batches_work() -> None:
    X, Y = _data()
    runs = []
    for seed in (3, 3, 5):
        p = _params()
        recs = _run(p, X, Y, batch_size=16, seed=seed, keep_prob=0.8)
        runs.append((p, recs))
    (a, ra), (b, rb), (c, _) = runs
    assert all(np.array_equal(a[k], b[k]) for k in a)  # the same seed, the same masks
    assert [r.as_dict() for r in ra] == [r.as_dict() for r in rb]
    assert not np.array_equal(a["W1"], c["W1"])  # another seed, other masks
    assert ra[-1].status == "done" and np.isfinite(ra[-1].cost)
    rng = dropout.mask_rng(0)
    A = np.ones((3, 5))
    first, second = dropout.dropout_forward(A, 0.5, rng)[1], dropout.dropout_forward(A, 0.5, rng)[1]
    assert not np.array_equal(first, second)  # one generator, a new mask each call


def test_expected_activation_is_unchanged() -> None:
    A = np.full((20, 2000), 2.0)
    thinned, D = dropout.dropout_forward(A, 0.8, np.random.default_rng(0))
    assert set(np.unique(thinned)) == {0.0, 2.5}
    assert abs(thinned.mean() - 2.0) < 0.03 and abs(D.mean() - 0.8) < 0.01


def test_backward_uses_the_same_mask_and_scale() -> None:
    """With the mask held fixed, backprop of the thinned network passes a gradient check."""
    X, Y = _data(m=20)
    params = _params((2, 5, 3, 1))
    for l in (1, 2, 3):  # b = 0 puts z exactly on ReLU's kink where a whole column drops
        params[f"b{l}"] += 0.1

    def fixed_mask(p):
        return dropout.loss_and_grads_dropout(p, X, Y, (0.6, 0.8), np.random.default_rng(9), 0.1)

    result = ml.gradcheck.check_function(fixed_mask, params)
    assert not result.stochastic and result.difference < 1e-7


def test_recorded_cost_is_the_true_J_and_predictions_are_deterministic() -> None:
    X, Y = _data()
    Xd, Yd = _data(m=40, seed=1)
    params = _params()
    last = _run(params, X, Y, X_dev=Xd, Y_dev=Yd, keep_prob=0.5, epochs=40)[-1]
    data, penalty = ml.cost_terms(params, ml.model.forward(params, X)[0], Y)
    assert last.cost == pytest.approx(data + penalty, rel=1e-12)  # the full network, no mask
    assert np.isfinite(last.cost_thinned) and last.cost_thinned != last.cost
    assert "cost_thinned" in last.as_dict()
    first = ml.predict(params, Xd)
    assert np.array_equal(first, ml.predict(params, Xd))
    assert last.dev_error == np.mean(first != Yd)
    every_epoch = _run(_params(), X, Y, X_dev=Xd, Y_dev=Yd, keep_prob=0.5, epochs=40, every=1)
    assert every_epoch[-1].cost_thinned == last.cost_thinned  # one mask per epoch, not per record
    plain = _run(_params(), X, Y, epochs=2)[-1]
    assert np.isnan(plain.cost_thinned) and "cost_thinned" not in plain.as_dict()


@pytest.mark.parametrize(
    ("activation", "batch_size", "keep", "l1"),
    [("relu", None, [0.8, 0.6], 0.0), ("tanh", 16, 0.7, 0.05), ("tanh", None, [1.0, 0.5], 0.0)],
)
def test_fast_path_equals_the_reference(activation, batch_size, keep, l1) -> None:
    X, Y = _data()
    Xd, Yd = _data(m=30, seed=1)
    runs = {}
    for path in ("reference", "fast"):
        p = _params()
        recs = _run(p, X, Y, X_dev=Xd, Y_dev=Yd, activation=activation, batch_size=batch_size,
                    keep_prob=keep, lambd=0.3, l1=l1, seed=2, epochs=40, path=path)  # fmt: skip
        runs[path] = (p, recs)
    (p_ref, r_ref), (p_fast, r_fast) = runs["reference"], runs["fast"]
    for k in p_ref:
        np.testing.assert_allclose(p_fast[k], p_ref[k], rtol=1e-9, atol=1e-11)
    for a, b in zip(r_ref, r_fast, strict=True):
        assert (a.epoch, a.train_error, a.dev_error) == (b.epoch, b.train_error, b.dev_error)
        np.testing.assert_allclose([b.cost, b.cost_thinned], [a.cost, a.cost_thinned], rtol=1e-9)


def test_keep_prob_values_and_layer_count() -> None:
    s = ml.SETTINGS["keep_prob"]
    assert s.parse("0.8") == 0.8 and s.parse("0.9,0.8") == (0.9, 0.8)
    assert s.parse("[0.9, 0.8]") == (0.9, 0.8) and s.coerce([0.5]) == 0.5
    assert s.show((0.9, 0.8)) == "0.9,0.8" and s.show(1.0) == "1"
    for bad in ("0", "1.5", "x", ""):
        with pytest.raises(ml.ConfigError, match="keep_prob"):
            s.parse(bad)
    with pytest.raises(ml.ConfigError, match="3 values for 2 hidden layers"):
        ml.LabConfig(layers=(20, 3)).with_changes(keep_prob=[0.9, 0.8, 0.7])
    assert ml.LabConfig(layers=(20, 3)).with_changes(keep_prob=[1.0, 0.8]).keep_prob == (1.0, 0.8)
    with pytest.raises(ValueError, match="2 values for 1 hidden layer;"):
        dropout.keep_probs([0.9, 0.8], 1)


def test_gradient_check_needs_dropout_off() -> None:
    X, Y = _data(m=12)
    params = _params((2, 3, 1))
    with pytest.raises(ValueError, match=r"needs dropout off \(keep_prob = 1\)"):
        ml.gradient_check(params, X, Y, keep_prob=0.8)
    result = ml.check_gradients(params, X, Y, keep_prob=0.8)
    assert result.stochastic and result.verdict == "stochastic"
    assert not ml.check_gradients(params, X, Y, keep_prob=1.0).stochastic


def test_the_labs_gradient_check_of_a_dropout_run_says_it_is_random() -> None:
    check = ml.lab_check(ml.LabConfig(m=20, layers=(3,), epochs=5, keep_prob=0.8))
    assert check.keep_prob == 0.8 and check.after.stochastic and check.at_init.stochastic

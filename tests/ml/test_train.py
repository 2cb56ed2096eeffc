"""The training loop: plain gradient descent, regularization effects, stability."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor import ml


def _data(name="moons", m=120, noise=0.2, flip=0.0, seed=0):
    X, Y = ml.make_dataset(name, m, noise=noise, flip=flip, seed=seed)
    return ml.Standardizer.fit(X).transform(X), Y


def _copy(params):
    return {k: v.copy() for k, v in params.items()}


def _step(ref, X_b, Y_b, lr, lambd, l1, activation, m):
    """One step as the course writes it: gradient descent on the data cost and L2 (λ
    scaled to the batch, so the penalty is the whole set's), then L1's proximal step
    w := sign(w) max(|w| - αλ1/m, 0) on the weights, written out here."""
    share = Y_b.shape[1] / m
    _, g = ml.loss_and_grads(ref, X_b, Y_b, lambd * share, activation)
    for k in ref:
        ref[k] = ref[k] - lr * g["d" + k]
        if k.startswith("W"):
            ref[k] = np.sign(ref[k]) * np.maximum(np.abs(ref[k]) - lr * l1 / m, 0.0)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize(("lambd", "l1"), [(0.0, 0.0), (0.7, 0.0), (0.3, 0.2)])
@pytest.mark.parametrize("dims", [[2, 6, 4, 1], [2, 70, 3, 1], [2, 1]])
def test_train_is_gradient_descent_with_the_l1_proximal_step(activation, lambd, l1, dims):
    X, Y = _data()
    params = ml.init_params(dims, "he", seed=2)
    ref = _copy(params)
    lr, epochs = 0.2, 25
    costs = []
    for _ in range(epochs):
        J, _ = ml.loss_and_grads(ref, X, Y, lambd, activation, l1)
        costs.append(J)
        _step(ref, X, Y, lr, lambd, l1, activation, X.shape[1])
    records = list(ml.train(params, X, Y, lr=lr, epochs=epochs, lambd=lambd, l1=l1,
                            activation=activation))  # fmt: skip
    assert [r.epoch for r in records] == list(range(epochs + 1))
    assert [r.status for r in records] == ["running"] * epochs + ["done"]
    np.testing.assert_allclose([r.cost for r in records[:-1]], costs, rtol=1e-12)
    for k in params:
        np.testing.assert_allclose(params[k], ref[k], rtol=1e-10, atol=1e-12)
    J_final, _ = ml.loss_and_grads(params, X, Y, lambd, activation, l1)
    assert abs(records[-1].cost - J_final) < 1e-12
    last = records[-1]
    assert abs(last.cost - (last.data_cost + last.penalty)) < 1e-15
    wrong = ml.predict(params, X, activation) != Y
    assert last.train_error == pytest.approx(float(wrong.mean()))
    assert last.w_norm_sq == pytest.approx(
        sum(float(np.sum(v * v)) for k, v in params.items() if k.startswith("W"))
    )
    assert math.isnan(last.dev_error)


def test_every_controls_which_epochs_are_recorded_and_params_match_each_record():
    X, Y = _data()
    params = ml.init_params([2, 5, 1], seed=0)
    seen = []
    for rec in ml.train(params, X, Y, lr=0.3, epochs=23, lambd=0.1, every=10):
        J, _ = ml.loss_and_grads(params, X, Y, 0.1)
        assert abs(J - rec.cost) < 1e-12  # params hold the weights the record describes
        seen.append(rec.epoch)
    assert seen == [0, 10, 20, 23]


def test_stopping_the_iterator_stops_training_cleanly():
    X, Y = _data()
    params = ml.init_params([2, 5, 1], seed=0)
    it = ml.train(params, X, Y, lr=0.3, epochs=1000, every=5)
    for rec in it:
        if rec.epoch == 10:
            break
    it.close()
    after = _copy(params)
    ref = ml.init_params([2, 5, 1], seed=0)
    list(ml.train(ref, X, Y, lr=0.3, epochs=10))
    for k in params:
        np.testing.assert_allclose(after[k], ref[k], rtol=1e-12)


def test_dev_error_is_measured_on_the_dev_set():
    X, Y = _data(m=200)
    Xd, Yd = X[:, 150:], Y[:, 150:]
    params = ml.init_params([2, 8, 1], seed=1)
    last = list(ml.train(params, X[:, :150], Y[:, :150], lr=0.5, epochs=50,
                         X_dev=Xd, Y_dev=Yd, every=50))[-1]  # fmt: skip
    expected = float((ml.predict(params, Xd) != Yd).mean())
    assert last.dev_error == pytest.approx(expected)


def test_mini_batches_are_plain_sgd_over_a_seeded_shuffle():
    X, Y = _data(m=100)
    m, bs, lr, lambd, epochs, seed = 100, 32, 0.1, 0.5, 3, 7
    params = ml.init_params([2, 5, 1], seed=3)
    ref = _copy(params)
    rng = np.random.default_rng(seed)
    for _ in range(epochs):
        order = rng.permutation(m)
        for start in range(0, m, bs):
            idx = order[start : start + bs]
            # the penalty is (λ/2m) ‖W‖² of the whole set: λ scaled to the batch
            _, g = ml.loss_and_grads(ref, X[:, idx], Y[:, idx], lambd * len(idx) / m)
            for k in ref:
                ref[k] = ref[k] - lr * g["d" + k]
    recs = list(ml.train(params, X, Y, lr=lr, epochs=epochs, lambd=lambd, batch_size=bs,
                         seed=seed))  # fmt: skip
    assert [r.epoch for r in recs] == [0, 1, 2, 3]
    for k in params:
        np.testing.assert_allclose(params[k], ref[k], rtol=1e-10, atol=1e-12)
    again = ml.init_params([2, 5, 1], seed=3)
    list(ml.train(again, X, Y, lr=lr, epochs=epochs, lambd=lambd, batch_size=bs, seed=seed))
    for k in params:
        np.testing.assert_array_equal(params[k], again[k])


def test_mini_batch_training_learns():
    X, Y = _data(m=300)
    params = ml.init_params([2, 16, 1], seed=0)
    recs = list(ml.train(params, X, Y, lr=0.1, epochs=30, batch_size=16, every=30))
    assert recs[-1].cost < recs[0].cost
    assert recs[-1].train_error < 0.2


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(
    ("lr", "lambd"),
    [
        (10.0, 1000.0),  # the lab's largest values: decay 1 - αλ/m < -1 makes |W| explode
        (1e6, 0.0),  # a huge step alone: ReLU activations overflow within a few epochs
    ],
)
def test_huge_learning_rate_ends_with_a_diverged_record_without_warnings(lr, lambd):
    X, Y = _data()
    params = ml.init_params([2, 20, 20, 1], seed=0)
    recs = list(ml.train(params, X, Y, lr=lr, lambd=lambd, epochs=500))
    assert recs[-1].status == "diverged"
    assert all(r.status == "running" for r in recs[:-1])
    assert len(recs) < 501
    assert not (math.isfinite(recs[-1].cost) and all(
        np.isfinite(v).all() for v in params.values()))  # fmt: skip


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_huge_init_scale_gives_finite_costs(activation):
    X, Y = _data()
    params = ml.init_params([2, 10, 5, 1], "random", seed=0, scale=1000.0)
    recs = list(ml.train(params, X, Y, lr=0.01, epochs=5, activation=activation))
    assert all(math.isfinite(r.cost) and r.status != "diverged" for r in recs)
    assert recs[0].cost > 10  # saturated sigmoid: a very confident, often wrong start
    J, _ = ml.loss_and_grads(params, X, Y, activation=activation)
    assert math.isfinite(J)
    p = ml.predict_proba(params, X, activation)
    assert np.all((p >= 0) & (p <= 1))


@pytest.mark.parametrize("activation", ["relu", "tanh"])
def test_zeros_init_never_breaks_symmetry(activation):
    X, Y = _data(m=100)  # moons: exactly half of each class
    assert Y.mean() == 0.5
    params = ml.init_params([2, 10, 5, 1], "zeros")
    recs = list(ml.train(params, X, Y, lr=0.5, epochs=200, every=20, activation=activation))
    for r in recs:
        assert r.cost == pytest.approx(math.log(2), abs=1e-12)  # 0.693147
        assert r.train_error == 0.5
    for k, v in params.items():
        assert np.all(v == v.flat[0]), k  # every unit of a layer still identical


def test_weights_shrink_as_lambda_grows():
    X, Y = _data(m=150)
    lambds = [0.0, 0.1, 1.0, 10.0, 100.0]
    res = ml.validation_curve(X, Y, X, Y, [2, 20, 3, 1], lambds, lr=0.3, epochs=300)
    assert np.all(np.diff(res.w_norm_sq) < 0)
    assert res.penalty[0] == 0.0


@pytest.mark.parametrize("path", ["fast", "reference"])
def test_l1_sets_weights_exactly_to_zero_and_more_l1_zeroes_more(path):
    """The proximal step makes exact zeros (the subgradient left 0 of 460 weights at 0,
    jittering in ±αλ1/m, so a stronger L1 could report fewer "zeros")."""
    X, Y = _data(m=75, noise=0.15, flip=0.1, seed=2)
    zeros = []
    for l1 in (0.1, 0.7, 2.0):
        params = ml.init_params([2, 20, 20, 1], "he", seed=2)
        *_, last = ml.train(params, X, Y, lr=0.1, epochs=1500, l1=l1, activation="tanh",
                            every=1500, path=path)  # fmt: skip
        Ws = [v for k, v in params.items() if k.startswith("W")]
        exact = sum(int(np.sum(W == 0.0)) for W in Ws)
        zeros.append(exact / sum(W.size for W in Ws))
        nonzero = np.concatenate([W[W != 0.0] for W in Ws])
        # What survives is clearly away from 0, not a weight caught near a threshold.
        assert np.abs(nonzero).min() > 1e-6
    assert zeros[0] > 0.3 and zeros == sorted(zeros) and zeros[-1] > zeros[0] + 0.2


def test_zero_weights_counts_exact_zeros_only():
    cfg = ml.LabConfig(m=100, layers=(8,), epochs=50, lambd=0.7)
    run, last = cfg.final()
    assert run.metrics(last)["zero_weights"] == 0.0  # L2 shrinks, never to exactly 0
    run.params["W1"][:4] = 1e-9  # tiny but not zero: not counted
    run.params["W1"][4:] = 0.0
    n_w = sum(v.size for k, v in run.params.items() if k.startswith("W"))
    assert run.metrics(last)["zero_weights"] == pytest.approx(run.params["W1"][4:].size / n_w)


def test_huge_lambda_gives_a_near_linear_high_bias_model():
    """FACTS: large λ keeps z small; tanh is then nearly linear, so is the whole network."""
    X, Y = _data(m=200, noise=0.15)
    g = np.linspace(-2.5, 2.5, 41)
    grid = np.stack(np.meshgrid(g, g)).reshape(2, -1)
    design = np.vstack([grid, np.ones(grid.shape[1])]).T

    def fit(lambd):
        params = ml.init_params([2, 20, 3, 1], "xavier", seed=0)
        last = list(ml.train(params, X, Y, lr=0.5, epochs=1500, lambd=lambd,
                             activation="tanh", every=1500))[-1]  # fmt: skip
        p = ml.predict_proba(params, grid, "tanh").ravel()
        z = np.log(p) - np.log1p(-p)  # the logits on a grid over the data
        coef, *_ = np.linalg.lstsq(design, z, rcond=None)
        plane = design @ coef  # the closest linear function of (x1, x2)
        r2 = 1 - (z - plane).var() / z.var()
        agree = float(np.mean((plane > 0) == (z > 0)))  # same side of a straight line
        return last, r2, agree

    free, r2_free, agree_free = fit(0.0)
    heavy, r2_heavy, agree_heavy = fit(20.0)
    assert free.train_error < 0.05  # the flexible net fits the moons
    assert heavy.train_error > 0.10  # high bias
    assert heavy.w_norm_sq < free.w_norm_sq / 10
    assert agree_heavy > 0.98  # the boundary is nearly a straight line
    assert agree_free < 0.95  # the free boundary curves
    assert r2_heavy > 0.9 > r2_free


def test_label_flip_p_sets_the_dev_error_floor():
    """A good model's dev error on a large dev set lands near the flip probability p."""
    p = 0.1
    X, Y = ml.make_dataset("blobs", 4000, noise=0.0, flip=p, seed=3)
    s = ml.make_splits(data=(X, Y), split=(1000, 3000), seed=0)
    params = ml.init_params([2, 1], seed=0)
    last = list(ml.train(params, s.X_train, s.Y_train, lr=1.0, epochs=300,
                         X_dev=s.X_dev, Y_dev=s.Y_dev, every=300))[-1]  # fmt: skip
    assert abs(last.dev_error - p) < 0.025
    assert abs(last.train_error - p) < 0.035


def test_train_rejects_bad_arguments():
    X, Y = _data(m=20)
    params = ml.init_params([2, 3, 1])
    with pytest.raises(ValueError, match="lr"):
        next(ml.train(params, X, Y, lr=0.0, epochs=1))
    with pytest.raises(ValueError, match="epochs"):
        next(ml.train(params, X, Y, lr=0.1, epochs=-1))
    with pytest.raises(ValueError, match="lambd"):
        next(ml.train(params, X, Y, lr=0.1, epochs=1, lambd=-1.0))
    with pytest.raises(ValueError, match="features"):
        next(ml.train(params, np.zeros((3, 20)), Y, lr=0.1, epochs=1))
    with pytest.raises(ValueError, match="activation"):
        next(ml.train(params, X, Y, lr=0.1, epochs=1, activation="swish"))


def test_error_state_is_silenced_only_inside_the_engine():
    """Between records the caller's own floating-point error state applies."""
    X, Y = _data(m=40)
    params = ml.init_params([2, 5, 1], seed=0)
    with np.errstate(divide="raise"):
        for _ in ml.train(params, X, Y, lr=1e6, epochs=30, every=10):
            with pytest.raises(FloatingPointError):
                np.array([1.0]) / 0.0


def test_a_run_abandoned_in_another_thread_is_finalized_quietly(monkeypatch):
    """The app iterates in a worker thread; the generator may be collected elsewhere."""
    import gc
    import threading

    unraisable = []
    monkeypatch.setattr("sys.unraisablehook", unraisable.append)
    X, Y = _data(m=40)
    params = ml.init_params([2, 5, 1], seed=0)
    runs = [ml.train(params, X, Y, lr=0.1, epochs=1000, every=10)]
    worker = threading.Thread(target=lambda: [next(runs[0]) for _ in range(3)])
    worker.start()
    worker.join()
    runs.clear()  # the last reference goes in this thread
    gc.collect()
    assert unraisable == []


@settings(max_examples=30, deadline=None)
@given(
    hidden=st.lists(st.integers(1, 70), min_size=0, max_size=3),
    activation=st.sampled_from(["relu", "tanh"]),
    lambd=st.sampled_from([0.0, 0.5]),
    l1=st.sampled_from([0.0, 0.1]),
    m=st.integers(2, 50),
    batch_size=st.one_of(st.none(), st.integers(1, 50)),
    seed=st.integers(0, 1000),
)
def test_any_network_trains_exactly_like_the_reference_sgd(
    hidden, activation, lambd, l1, m, batch_size, seed
):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((2, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    params = ml.init_params([2, *hidden, 1], "xavier", seed=seed)
    ref = _copy(params)
    lr, epochs = 0.3, 3
    order_rng = np.random.default_rng(seed)
    bs = m if batch_size is None or batch_size >= m else batch_size
    for _ in range(epochs):
        order = order_rng.permutation(m) if bs < m else np.arange(m)
        for start in range(0, m, bs):
            idx = order[start : start + bs]
            _step(ref, X[:, idx], Y[:, idx], lr, lambd, l1, activation, m)
    recs = list(ml.train(params, X, Y, lr=lr, epochs=epochs, lambd=lambd, l1=l1,
                         activation=activation, batch_size=batch_size, seed=seed))  # fmt: skip
    assert [r.epoch for r in recs] == [0, 1, 2, 3]
    for k in params:
        # Rounding differs (the fast path sums in another order) and a width-1 layer can
        # amplify it over ~100 mini-batch steps: [1, 1, 67] tanh, batch 1 reaches 1.3e-8.
        # A real difference (a wrong batch weight, penalty or order) is above 1e-3.
        np.testing.assert_allclose(params[k], ref[k], rtol=1e-7, atol=1e-12)

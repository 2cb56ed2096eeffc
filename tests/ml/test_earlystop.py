"""Early stopping (``patience``): the best dev epoch, its weights restored, on both loops."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import ml

# A net that overfits 40 noisy examples: the dev error bottoms out early, then rises.
OVERFIT = ml.LabConfig.from_mapping(
    {"dataset": "circles", "m": 240, "noise": 0.15, "flip": 0.1, "split": [40, 200],
     "layers": [16, 8], "init_scale": 0.3, "epochs": 600, "seed": 3}
)  # fmt: skip
PATIENCE = 60


def _train(cfg: ml.LabConfig, every: int = 1, path: str = "auto", **kw):
    data = cfg.data()
    params = cfg.initial_params()
    options = {**cfg._train_options(cfg.seed), **kw}
    records = list(
        ml.train(params, data.X_train, data.Y_train, X_dev=data.X_dev, Y_dev=data.Y_dev,
                 every=every, path=path, **options)
    )  # fmt: skip
    return records, params


@pytest.fixture(scope="module")
def every_epoch():
    """The run without early stopping, recorded at every epoch (the dev curve)."""
    return _train(OVERFIT)[0]


@pytest.fixture(scope="module")
def stopped():
    return _train(OVERFIT, patience=PATIENCE)


def test_it_stops_patience_epochs_after_the_lowest_dev_error(every_epoch, stopped):
    devs = [r.dev_error for r in every_epoch]
    # the rule read off the full dev curve: the first epoch of a new lowest dev error,
    # and the stop when `patience` epochs have brought none
    best = 0
    for epoch in range(1, len(devs)):
        if devs[epoch] < devs[best]:
            best = epoch
        if epoch - best >= PATIENCE:
            break
    records, _ = stopped
    last = records[-1]
    assert last.status == "stopped" and last.best_epoch == best > 0
    assert last.epoch == best + PATIENCE < OVERFIT.epochs
    assert last.dev_error == devs[best] < devs[-1]  # it pays here
    # the record before it is the state where training ended, at the same epoch
    assert records[-2].epoch == last.epoch and records[-2].best_epoch is None
    assert records[-2].dev_error == devs[last.epoch]


def test_the_best_epochs_weights_are_restored(every_epoch, stopped):
    records, params = stopped
    best = records[-1].best_epoch
    _, fresh = _train(OVERFIT.with_changes(epochs=best))
    for k in params:
        np.testing.assert_array_equal(params[k], fresh[k])
    same = every_epoch[best]
    last = records[-1]
    assert (last.train_error, last.dev_error, last.cost, last.w_norm_sq) == (
        same.train_error, same.dev_error, same.cost, same.w_norm_sq,
    )  # fmt: skip
    # ‖W‖² at the stop sits between the small start and the end of the long run
    assert every_epoch[0].w_norm_sq < last.w_norm_sq < every_epoch[-1].w_norm_sq


def test_the_result_does_not_depend_on_how_often_one_records(stopped):
    records, params = stopped
    sparse, p2 = _train(OVERFIT, every=100, patience=PATIENCE)
    assert sparse[-1].as_dict() == records[-1].as_dict()  # NaN (no thinned cost) != NaN
    assert [r.epoch for r in sparse[:-2]] == list(range(0, records[-1].epoch, 100))
    for k in params:
        np.testing.assert_array_equal(params[k], p2[k])


def test_fast_path_and_reference_loop_stop_alike(stopped):
    records, params = stopped
    ref, p_ref = _train(OVERFIT, every=50, path="reference", patience=PATIENCE)
    assert (ref[-1].epoch, ref[-1].best_epoch, ref[-1].status) == (
        records[-1].epoch, records[-1].best_epoch, "stopped",
    )  # fmt: skip
    assert ref[-1].dev_error == records[-1].dev_error
    for k in params:
        np.testing.assert_allclose(p_ref[k], params[k], rtol=1e-9, atol=1e-12)


def test_patience_zero_is_the_plain_run(every_epoch):
    records, _ = _train(OVERFIT, patience=0)
    assert [r.as_dict() for r in records] == [r.as_dict() for r in every_epoch]
    assert all(r.best_epoch is None for r in records)
    assert "best_epoch" not in records[-1].as_dict()


def test_epochs_running_out_first_still_restore_the_best():
    cfg = OVERFIT.with_changes(epochs=150)
    records, params = _train(cfg, every=50, patience=10_000)
    last = records[-1]
    assert last.status == "done" and last.epoch == 150 and last.best_epoch <= 150
    assert last.as_dict()["best_epoch"] == last.best_epoch


def test_lab_metrics_and_the_sweep_agree_with_the_stopped_run(stopped):
    cfg = OVERFIT.with_changes(patience=PATIENCE)
    run, last = cfg.final()
    m = run.metrics(last)
    assert m["best_epoch"] == stopped[0][-1].best_epoch
    assert m["dev_error"] == stopped[0][-1].dev_error
    plain = OVERFIT.with_changes(epochs=5)
    assert math.isnan(plain.final()[0].metrics(plain.final()[1])["best_epoch"])
    sweep = cfg.sweep("validation", [0.0, 0.03])
    assert sweep.dev_error[0] == pytest.approx(m["dev_error"])
    assert sweep.train_error[0] == pytest.approx(m["train_error"])


def test_no_dev_set_no_early_stopping():
    X, Y = ml.make_dataset("moons", 40, seed=0)
    params = ml.init_params([2, 4, 1], "he", 0)
    with pytest.raises(ValueError, match="dev set"):
        list(ml.train(params, X, Y, lr=0.1, epochs=5, patience=3))

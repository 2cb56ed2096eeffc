"""``tui-tutor gradcheck``: the JSON, the human output and the verdict bands."""

from __future__ import annotations

import math

import pytest
from cli_helpers import run, run_json

from tui_tutor import cli, ml


def test_gradcheck_json(capsys):
    data = run_json(capsys, "gradcheck", "--details", "--lambd", "0.7")
    assert data["verdict"] == "great"
    assert data["difference"] < 1e-6
    assert list(data["details"]) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert data["n_params"] == 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1
    assert data["m_train"] == 12  # m 20 split 60/20/20


def test_gradcheck_human(capsys):
    status, out, _ = run(capsys, "gradcheck", "--activation", "tanh", "--after", "20", "--details")
    assert status == 0
    assert "after 20 epochs" in out and "great" in out and "W2" in out


def test_gradcheck_after_checks_the_trained_weights(capsys, monkeypatch):
    # --after N trains N epochs through LabConfig.run (no dev set) before the check.
    calls = []
    real_run = ml.LabConfig.run

    def spy(self, every=1, **kw):
        calls.append(kw)
        return real_run(self, every=every, **kw)

    monkeypatch.setattr(ml.LabConfig, "run", spy)
    before = run_json(capsys, "gradcheck")
    after = run_json(capsys, "gradcheck", "--after", "30")
    assert calls == [{"epochs": 0, "dev": False}, {"epochs": 30, "dev": False}]
    assert after["after_epochs"] == 30 and after["difference"] != before["difference"]


@pytest.mark.parametrize(
    ("diff", "verdict"),
    [
        (1.2e-7, "great"),
        (1e-5, "look closer"),
        (1e-3, "probably a bug"),
        (math.nan, "probably a bug"),
    ],
)
def test_gradcheck_verdicts(diff, verdict):
    assert cli.gradcheck.verdict(diff)[0] == verdict


def test_training_that_went_wrong_is_not_checked(capsys):
    """Issue 10: `gradcheck --after 500 --lr 10` diverged (dead ReLUs, J rose from 0.89 to
    1.04) and reported "great", exit 0, comparing gradients that were all zero."""
    status, out, err = run(capsys, "gradcheck", "--after", "500", "--lr", "10")
    assert status == 2 and out == ""
    assert "training diverged: the cost rose from 0.8945 to 1.044" in err
    assert "give a smaller --lr (now 10)" in err and err.count("\n") == 1


def test_zero_gradients_are_nothing_to_check(capsys):
    # L1's proximal step zeroes every weight of this small net: both gradients are 0.
    data = run_json(capsys, "gradcheck", "--after", "500", "--l1", "0.5", "--details")
    assert data["verdict"] == "nothing to check"
    assert {d["verdict"] for d in data["details"].values()} == {"nothing to check"}
    status, out, _ = run(capsys, "gradcheck", "--after", "500", "--l1", "0.5")
    assert status == 0 and "nothing to check: both gradients are zero" in out
    assert "great" not in out


def test_a_check_over_budget_is_refused_saying_what_fits(capsys):
    """Issue 10: a 256 x 6 net ran over 10 minutes with no output."""
    status, out, err = run(capsys, "gradcheck", "--layers", "256,256,256,256,256,256")
    assert status == 2 and out == ""
    assert "--layers: a gradient check of 329985 parameters at m_train = 12" in err
    assert "over the budget of 2e10" in err and "at most about" in err
    status, _, _ = run(capsys, "gradcheck", "--layers", "20,20", "--m", "20")
    assert status == 0  # 501 parameters fit


def test_a_long_check_reports_its_progress():
    seen = []
    lab = ml.LabConfig(m=20, layers=(20, 20)).run(epochs=0, dev=False)
    X, Y = lab.data.X_train, lab.data.Y_train
    ml.check_gradients(lab.params, X, Y, progress=lambda i, n: seen.append((i, n)))
    assert seen[0] == (0, 501) and seen[-1] == (256, 501)

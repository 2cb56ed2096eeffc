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

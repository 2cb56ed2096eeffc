"""``tui-tutor sweep``: the validation curve over the λ ladder, the learning curve."""

from __future__ import annotations

import pytest
from cli_helpers import run, run_json

from tui_tutor import cli, ml


def test_sweep_validation_curve_json(capsys):
    data = run_json(capsys, "sweep", "--m", "100", "--epochs", "40")
    assert data["param"] == "lambd"
    values = [r["lambd"] for r in data["rows"]]
    # The default λ values are the λ setting's ladder (the lab's too): 0..100, 12 values.
    assert values == list(ml.SETTINGS["lambd"].ladder) and len(values) == 12 and values[0] == 0
    devs = [r["dev_error"] for r in data["rows"]]
    assert data["best"]["index"] == devs.index(min(devs))
    assert data["best"]["lambd"] == values[data["best"]["index"]]


def test_sweep_learning_curve(capsys):
    data = run_json(capsys, "sweep", "--m", "100", "--epochs", "40", "--sizes", "10,30,60")
    assert data["param"] == "m"
    assert [r["m"] for r in data["rows"]] == [10, 30, 60]
    status, out, _ = run(capsys, "sweep", "--m", "100", "--epochs", "40", "--sizes", "10,60")
    assert status == 0 and "learning curve" in out and "diagnosis at m = 60" in out


def test_sweep_human(capsys):
    status, out, _ = run(capsys, "sweep", "--m", "100", "--epochs", "40", "--lambds", "0,0.1,1")
    assert status == 0
    assert "log scale, 0 at the left" in out
    assert "best λ by dev error" in out and "<- best dev" in out


def test_lambda_axis_puts_zero_left():
    xs, (ticks, labels) = cli.sweep.lambda_axis([0.0, 0.01, 0.1, 1.0])
    assert xs == pytest.approx([-3.0, -2.0, -1.0, 0.0])
    assert labels[0] == "0" and labels[-1] == "1"

"""``tui-tutor sweep``: the validation curve over the λ ladder, the learning curve."""

from __future__ import annotations

import re

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
    assert data["lowest_dev_index"] == devs.index(min(devs))
    # "best" is the λ the lesson picks: the largest λ within one dev example of the lowest
    # (it was the first lowest, the smallest λ of a tie).
    n_dev = data["diagnosis"]["n_dev"]
    ties = [i for i, d in enumerate(devs) if d <= min(devs) + 1 / n_dev + 1e-9]
    assert data["ties"] == ties and data["best"]["index"] == max(ties)
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
    assert "chosen λ: " in out and "<- chosen" in out


def test_sweep_reports_a_tie_and_chooses_the_most_regularized(capsys):
    """Issue 9 #7: "best λ: 0 (dev 6.2%)" then "at λ = 0: high variance, raise λ"."""
    data = run_json(capsys, "sweep", "--lambds", "0,0.01,0.1,1,3,100")
    rows, ties = data["rows"], data["ties"]
    assert len(ties) >= 2 and data["lowest_dev_index"] == 0
    assert data["best"]["index"] == max(ties) and data["best"]["lambd"] > 0
    status, out, _ = run(capsys, "sweep", "--no-plot", "--lambds", "0,0.01,0.1,1,3,100")
    assert status == 0
    chosen = rows[max(ties)]["lambd"]
    assert f"chosen λ: {chosen:g}" in out and "tie" in out and "most regularized" in out
    assert f"diagnosis at λ = {chosen:g}:" in out and "diagnosis at λ = 0:" not in out


def test_lambda_axis_puts_zero_left():
    xs, (ticks, labels) = cli.sweep.lambda_axis([0.0, 0.01, 0.1, 1.0])
    assert xs == pytest.approx([-3.0, -2.0, -1.0, 0.0])
    assert labels[0] == "0" and labels[-1] == "1"


def test_a_sweep_over_budget_is_refused_in_one_line(capsys):
    """Issue 10: 6 x 256 at m 20000 reached 6 GB; 50 sizes at m 20000 9 GB; 20,000 λ 3.5 GB."""
    sizes = ",".join(str(200 * i) for i in range(1, 51))
    for argv, words in (
        (["--m", "20000", "--layers", "256,256,256,256,256,256"], "--m: too big to train here"),
        (["--m", "20000", "--sizes", sizes], "--sizes: too big to train here"),
        (["--lambds", ",".join(str(i / 100) for i in range(20000))], "--lambds: 20000 values"),
        (["--sizes", ",".join(["10"] * 51)], "--sizes: 51 values are too many; give at most 50"),
    ):
        status, out, err = run(capsys, "sweep", *argv)
        assert status == 2 and out == "", argv
        assert err.startswith(f"tui-tutor: error: {words}") and err.count("\n") == 1, err
        assert "Traceback" not in err


def test_one_format_for_the_weights_norm_in_every_table(capsys):
    """Issue 9 #14: ‖W‖² was printed as 32.6, 53.29, 101.5 and 2.593e-34."""
    _, out, _ = run(capsys, "sweep", "--m", "100", "--epochs", "40", "--no-plot")
    _, out2, _ = run(capsys, "train", "--m", "100", "--epochs", "40", "--no-plot")
    for text in (out, out2):
        rows = [line.split() for line in text.splitlines() if "%" in line and "  " in line]
        norms = [r[4] for r in rows if len(r) >= 5 and r[0].replace(".", "").isdigit()]
        assert norms and all(re.fullmatch(r"\d+\.\d", n) for n in norms), norms
    assert ml.format_value("w_norm_sq", 2.593e-34) == "0.0"
    assert ml.format_value("w_norm_sq", 53.29) == "53.3"

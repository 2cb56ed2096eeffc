"""``tui-tutor train``: the JSON matches the engine, the human output, Ctrl-C."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from cli_helpers import SMALL, run, run_json

from tui_tutor import cli, ml
from tui_tutor.i18n import t


def test_train_json_matches_the_engine(capsys):
    argv = ["--m", "120", "--epochs", "60", "--layers", "8", "--lambd", "0.1", "--seed", "3"]
    data = run_json(capsys, "train", *argv)
    assert set(data) >= {"command", "config", "records", "final", "diagnosis", "status"}
    cfg = ml.LabConfig.from_mapping(
        {"m": 120, "epochs": 60, "layers": (8,), "lambd": 0.1, "seed": 3}
    )
    run_, last = cfg.final()
    assert data["config"] == cfg.as_dict()
    assert data["final"]["train_error"] == last.train_error
    assert data["final"]["dev_error"] == last.dev_error
    assert data["final"]["w_norm_sq"] == pytest.approx(last.w_norm_sq)
    assert data["records"][0]["epoch"] == 0
    assert data["records"][-1]["epoch"] == 60
    assert data["records"][-1]["status"] == "done"
    d = ml.diagnose(last.train_error, last.dev_error, cfg.bayes_error)
    assert data["diagnosis"]["kind"] == d.kind
    assert data["diagnosis"]["label"] == t(f"diag.{d.kind}", "en")
    assert data["diagnosis"]["advice"] == t(f"cli.advice.{d.kind}", "en")


def test_train_json_keeps_at_most_200_records(capsys):
    data = run_json(capsys, "train", "--m", "60", "--epochs", "1000", "--every", "1")
    recs = data["records"]
    assert len(recs) <= cli.train.MAX_JSON_RECORDS
    assert recs[0]["epoch"] == 0 and recs[-1]["epoch"] == 1000
    assert [r["epoch"] for r in recs] == sorted({r["epoch"] for r in recs})


def test_train_logistic_regression(capsys):
    for spelling in ("none", ""):
        data = run_json(capsys, "train", *SMALL, "--layers", spelling)
        assert data["config"]["layers"] == []


def test_train_layers_with_a_space(capsys):
    data = run_json(capsys, "train", *SMALL, "--layers", "20 3")
    assert data["config"]["layers"] == [20, 3]


def test_train_split_counts(capsys):
    data = run_json(capsys, "train", "--m", "100", "--epochs", "5", "--split", "60,20,20")
    assert data["sizes"] == {"train": 60, "dev": 20, "test": 20}


def test_train_human_output(capsys):
    # Without geometric noise the classes do not overlap: the floor is the flip rate.
    status, out, err = run(capsys, "train", *SMALL, "--flip", "0.1", "--noise", "0")
    assert status == 0, err
    assert "error against epoch" in out and "cost against epoch" in out
    assert "Bayes floor 10.0%" in out  # drawn on the error plot
    assert "epoch" in out and "train err" in out and "‖W‖²_F" in out
    assert "diagnosis: " in out and "Bayes floor 10.0%" in out
    last_row = next(line for line in out.splitlines() if line.lstrip().startswith("30 "))
    assert last_row.count("%") == 2  # the table's last row shows percentages
    assert "\x1b[" not in out  # not a terminal: no color codes


def test_train_no_plot(capsys):
    status, out, _ = run(capsys, "train", *SMALL, "--no-plot")
    assert status == 0
    assert "against epoch" not in out and "diagnosis: " in out


def test_train_diverged(capsys):
    argv = ["--m", "60", "--epochs", "200", "--lr", "10", "--layers", "64,64,64"]
    argv += ["--init", "random", "--init-scale", "100"]
    data = run_json(capsys, "train", *argv)
    assert data["status"] == "diverged" and data["diagnosis"] is None
    assert data["records"][-1]["epoch"] < 200
    status, out, err = run(capsys, "train", *argv, "--no-plot")
    assert status == 0, err
    assert "diverged at epoch" in out and "--lr" in out
    assert max(len(line) for line in out.splitlines()) < 120  # huge costs stay compact


def test_train_without_test_set(capsys):
    data = run_json(capsys, "train", *SMALL, "--split", "0.7,0.3", "--test")
    assert data["sizes"]["test"] == 0 and data["final"]["test_error"] is None


def test_the_test_set_is_sealed_until_asked_for(capsys):
    """Issue 9 #8: train printed the test error on every run."""
    data = run_json(capsys, "train", *SMALL)
    assert data["sizes"]["test"] > 0 and "test_error" not in data["final"]
    status, out, _ = run(capsys, "train", *SMALL, "--no-plot")
    assert status == 0 and "test 0" not in out and "test error" not in out
    assert "stays sealed; --test shows" in out
    data = run_json(capsys, "train", *SMALL, "--test")
    assert 0.0 <= data["final"]["test_error"] <= 1.0
    status, out, _ = run(capsys, "train", *SMALL, "--no-plot", "--test")
    assert re.search(r", test \d+\.\d% \(the test set, looked at once\)", " ".join(out.split()))


def test_csv_trains(capsys, tmp_path: Path):
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(40))
    path = tmp_path / "data.csv"
    path.write_text("x1,x2,label\n" + rows, encoding="utf-8")
    data = run_json(capsys, "train", "--csv", str(path), *SMALL)
    assert data["config"]["csv"].endswith("data.csv")
    assert sum(data["sizes"].values()) == 40


def test_color_rules(monkeypatch):
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli.output.use_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli.output.use_color()


def test_ctrl_c_during_training(capsys, monkeypatch):
    real_run = ml.LabConfig.run

    def interrupted_run(self, every=1, **kw):
        run_ = real_run(self, every=every, **kw)
        live = run_.records

        def records():
            yield next(live)
            raise KeyboardInterrupt

        run_.records = records()
        return run_

    monkeypatch.setattr(ml.LabConfig, "run", interrupted_run)
    status, out, err = run(capsys, "train", *SMALL)
    assert status == 130
    assert err == "tui-tutor: interrupted at epoch 0 of 30\n"
    assert "Traceback" not in err


def test_a_csvs_floor_is_unknown_and_bayes_gives_an_estimate(capsys, tmp_path: Path):
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(40))
    path = tmp_path / "data.csv"
    path.write_text(rows, encoding="utf-8")
    data = run_json(capsys, "train", "--csv", str(path), *SMALL)
    assert data["final"]["bayes_error"] is None  # unknown, not 0%
    assert data["diagnosis"]["bayes_known"] is False
    assert "bayes_unknown" in data["diagnosis"]["notes"]
    status, out, _ = run(capsys, "train", "--csv", str(path), *SMALL, "--no-plot")
    flat = " ".join(out.split())
    assert "Bayes floor unknown" in flat and "unknown, taken as 0%" in flat and "--bayes" in flat
    data = run_json(capsys, "train", "--csv", str(path), *SMALL, "--bayes", "0.25")
    assert data["final"]["bayes_error"] == 0.25 and data["diagnosis"]["bayes"] == 0.25
    status, out, _ = run(
        capsys, "train", "--csv", str(path), *SMALL, "--no-plot", "--bayes", "0.25"
    )
    assert "your estimate, --bayes" in " ".join(out.split())


def test_train_says_what_the_diagnosis_assumes_and_its_notes(capsys):
    status, out, _ = run(capsys, "train", *SMALL, "--no-plot", "--shift", "1.5")
    flat = " ".join(out.split())
    assert "the diagnosis assumes a Bayes floor of" in flat and "--shift breaks here" in flat
    assert "part of the gap may be the mismatch" in flat
    assert "95% interval" in flat and "20 dev examples, one is 5 points" in flat

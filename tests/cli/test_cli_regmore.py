"""``train --patience`` and ``--augment``: the JSON says where it stopped, bad values are
one line with exit 2."""

from __future__ import annotations

import pytest
from cli_helpers import run, run_json

SMALL = ["--dataset", "circles", "--m", "240", "--noise", "0.15", "--flip", "0.1",
         "--split", "40,200", "--layers", "16,8", "--init-scale", "0.3", "--epochs", "600",
         "--seed", "3"]  # fmt: skip


def test_patience_stops_and_says_so(capsys):
    data = run_json(capsys, "train", *SMALL, "--patience", "60")
    last = data["records"][-1]
    assert data["status"] == "stopped" == last["status"]
    assert data["final"]["best_epoch"] == last["best_epoch"] == last["epoch"] - 60
    assert data["final"]["dev_error"] == last["dev_error"]
    status, out, _ = run(capsys, "train", *SMALL, "--patience", "60", "--no-plot")
    assert status == 0
    assert f"weights of epoch {last['best_epoch']}" in " ".join(out.split())


def test_augment_counts_the_copies(capsys):
    data = run_json(capsys, "train", *SMALL, "--epochs", "5", "--augment", "symmetry",
                    "--augment-copies", "3")  # fmt: skip
    assert data["sizes"] == {"train": 160, "dev": 200, "test": 0}
    assert data["final"]["m_augmented"] == 120
    status, out, _ = run(capsys, "train", *SMALL, "--epochs", "5", "--augment", "symmetry",
                         "--augment-copies", "3", "--no-plot")  # fmt: skip
    assert status == 0
    assert "m = 240 (train 40 + 120 symmetry copies / dev 200)" in out


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--patience", "-3"], "--patience: must be between 0 and 200000"),
        (["--patience", "soon"], "--patience"),
        (["--augment", "mirror"], "choose none, symmetry, jitter, false-symmetry"),
        (["--augment-copies", "0"], "--augment-copies: must be between 1 and 8"),
    ],
)
def test_bad_values_are_one_line_exit_2(capsys, argv, says):
    status, out, err = run(capsys, "train", *argv)
    assert status == 2 and out == ""
    assert says in err and err.count("\n") == 1


def test_a_csv_refuses_symmetry(capsys, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40)), encoding="utf-8")
    status, _, err = run(capsys, "train", "--csv", str(path), "--augment", "symmetry")
    assert status == 2 and err.count("\n") == 1
    assert "none or jitter" in err

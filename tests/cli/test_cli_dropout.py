"""``--keep-prob``: dropout from the command line, its bad values, the gradient check's
refusal to mean anything with dropout on."""

from __future__ import annotations

import pytest
from cli_helpers import SMALL, run, run_json


def test_train_with_keep_prob_records_the_thinned_cost(capsys) -> None:
    data = run_json(capsys, "train", *SMALL, "--keep-prob", "0.9,0.8", "--every", "10")
    assert data["config"]["keep_prob"] == [0.9, 0.8]
    assert all(r["cost_thinned"] > 0 for r in data["records"])
    plain = run_json(capsys, "train", *SMALL, "--every", "10")
    assert "cost_thinned" not in plain["records"][-1]


@pytest.mark.parametrize(
    ("value", "words"),
    [("0", "between 0.05 and 1"), ("x", "not a number"), ("0.9,0.8,0.7", "3 values for 2 hidden")],
)
def test_bad_keep_prob_is_one_line_and_exit_2(capsys, value, words) -> None:
    status, out, err = run(capsys, "train", *SMALL, "--keep-prob", value)
    assert status == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "--keep-prob" in lines[0] and words in lines[0]


def test_gradcheck_with_dropout_says_it_needs_keep_prob_1(capsys) -> None:
    data = run_json(capsys, "gradcheck", "--keep-prob", "0.8", "--m", "12", "--layers", "3")
    assert data["verdict"] == "stochastic"
    status, out, _ = run(capsys, "gradcheck", "--keep-prob", "0.8", "--m", "12", "--layers", "3")
    assert status == 0 and "keep_prob = 0.8" in out and "--keep-prob 1" in out

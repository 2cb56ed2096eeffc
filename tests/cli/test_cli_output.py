"""What the CLI prints: the diagnosis's words (from i18n), tables and JSON values."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tui_tutor import cli
from tui_tutor.i18n import LANGS, t
from tui_tutor.i18n import has as has_string
from tui_tutor.ml.diagnose import KINDS


def test_every_diagnosis_kind_has_its_words_in_every_language():
    for kind in KINDS:
        for key in (f"diag.{kind}", f"cli.advice.{kind}", f"advice.{kind}"):
            assert has_string(key), key
            for lang in LANGS:
                assert t(key, lang) != key, (key, lang)


@pytest.mark.parametrize(
    ("train", "dev", "words"),
    [
        (0.15, 0.16, ["bigger network", "more data will not help"]),
        (0.01, 0.11, ["more data", "regulariz"]),
        (0.15, 0.30, ["first grow the network"]),
        (0.005, 0.01, ["done"]),
    ],
)
def test_the_advice_follows_the_basic_recipe(train, dev, words):
    d = cli.output.diagnosis(train, dev, 0.0)
    assert d is not None
    text = cli.output.advice(d)
    for word in words:
        assert word in text
    assert cli.output.diagnosis_dict(d)["advice"] == text


def test_check_the_test_set_only_when_there_is_one():
    """Issue 9 #15: "check the test set once" was advised in steps with no test set."""
    d = cli.output.diagnosis(0.005, 0.01, 0.0)
    assert "test set" not in cli.output.advice(d)
    assert "test set" in cli.output.advice(d, has_test=True)
    assert "--test" in cli.output.advice(d, has_test=True)


def test_no_diagnosis_for_a_diverged_model():
    assert cli.output.diagnosis(math.nan, math.nan, 0.0) is None
    assert cli.output.diagnosis_dict(None) is None


def test_table_aligns_numbers_right_and_the_last_column_left():
    text = cli.output.table(("id", "n", "title"), [("a", "1", "One"), ("bb", "10", "Two")], (0,))
    assert text.splitlines() == ["id   n  title", "a    1  One", "bb  10  Two"]


def test_json_values_are_plain():
    value = {"x": np.float64(math.nan), "a": np.arange(2), "t": (1, math.inf)}
    assert cli.output.jsonable(value) == {"x": None, "a": [0, 1], "t": [1, None]}


def test_evenly_keeps_first_and_last():
    assert cli.output.evenly(5, 10) == [0, 1, 2, 3, 4]
    picked = cli.output.evenly(1001, 200)
    assert picked[0] == 0 and picked[-1] == 1000 and len(picked) <= 200

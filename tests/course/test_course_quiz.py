"""Quiz checking for every kind, conditions in words, scoring, locale."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor.course import (
    Condition,
    Quiz,
    bundled_lessons_dir,
    check_answer,
    check_conditions,
    default_lang,
    lesson_score,
    parse_lesson,
    parse_number,
    quiz_points,
)

SINGLE = Quiz("q", "single", "?", choices=("a", "b", "c"), answer=2, hint="h", explain="e")
MULTI = Quiz("m", "multiple", "?", choices=("a", "b", "c", "d"), answer=(1, 3))
NUM = Quiz("n", "numeric", "?", answer=0.9979, tolerance=0.0001)
PCT = Quiz("p", "numeric", "?", answer=12.5, tolerance=0.5, unit="%")
PRED = Quiz("r", "predict", "?", choices=("rises", "falls"), answer=1, run={"lambd": 10})
CHAL = Quiz(
    "c",
    "challenge",
    "?",
    goal=(Condition("dev_error", "<", 0.12), Condition("gap", "<", 0.02)),
)


@pytest.mark.parametrize(
    ("quiz", "response", "correct"),
    [
        (SINGLE, 2, True),
        (SINGLE, "2", True),
        (SINGLE, 1, False),
        (SINGLE, 0, False),
        (SINGLE, 4, False),
        (SINGLE, True, False),
        (SINGLE, None, False),
        (SINGLE, "two", False),
        (MULTI, {1, 3}, True),
        (MULTI, [3, 1], True),
        (MULTI, [1], False),
        (MULTI, [1, 3, 4], False),
        (MULTI, [1, 9], False),
        (MULTI, [], False),
        (MULTI, None, False),
        (MULTI, 1, False),
        (NUM, "0.9979", True),
        (NUM, "0.998", True),
        (NUM, "99.79%", True),
        (NUM, "0.997", False),
        (NUM, "abc", False),
        (NUM, "", False),
        (NUM, "nan", False),
        (NUM, 0.9979, True),
        (NUM, None, False),
        (PCT, "12.5", True),
        (PCT, "12.5%", True),
        (PCT, "13", True),
        (PCT, "0.125", False),
        (PRED, 1, True),
        (PRED, 2, False),
        (PRED, 5, False),
        (CHAL, {"dev_error": 0.1, "gap": 0.01}, True),
        (CHAL, {"dev_error": 0.1, "gap": 0.03}, False),
        (CHAL, {"dev_error": math.nan, "gap": 0.0}, False),
        (CHAL, None, False),
    ],
)
def test_check_answer(quiz: Quiz, response: object, correct: bool) -> None:
    for lang in ("en", "zh"):
        verdict = check_answer(quiz, response, lang=lang)
        assert verdict.correct is correct
        assert verdict.message


def test_messages_help_the_learner() -> None:
    assert check_answer(NUM, "abc").message.startswith("Type a number")
    assert check_answer(NUM, "abc", lang="zh").message.startswith("请输入一个数")
    assert check_answer(SINGLE, 9).message == "Choose a number from 1 to 3."
    assert "2 choices are right" in check_answer(MULTI, [1]).message
    assert check_answer(PRED, 2).message.endswith("rises")
    msg = check_answer(CHAL, {"dev_error": 0.15, "gap": 0.01}).message
    assert msg == "Not yet: dev error < 12% (now 15.0%)"  # measured: one formatter's decimals
    assert check_answer(CHAL, {"dev_error": 0.15, "gap": 0.01}, lang="zh").message == (
        "还没达到：验证集误差 < 12%（当前 15.0%）"
    )
    assert check_answer(PCT, "12.5").message == "Correct: 12.5%."


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("0.9979", 0.9979),
        ("99.79%", 0.9979),
        (" 1,000 ", 1000.0),
        ("0,93", 0.93),
        ("3/4", 0.75),
        ("０.９", 0.9),
        ("12 %", 0.12),
        ("1e-3", 0.001),
        ("-.5", -0.5),
        ("−2", -2.0),
        ("abc", None),
        ("1/0", None),
        ("1e308/1e-308", None),  # was inf: judged as an attempt with "type a number"
        ("1/2/3", None),  # was 1.5 (1 / (2/3))
        ("inf", None),
        ("1.2.3", None),
        ("", None),
    ],
)
def test_parse_number(text: str, value: float | None) -> None:
    got = parse_number(text)
    assert got == pytest.approx(value) if value is not None else got is None


def test_parse_number_with_unit() -> None:
    assert parse_number("100 epochs", "epochs") == 100
    assert parse_number("12.5%", "%") == 12.5


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_numeric_never_raises(text: str) -> None:
    verdict = check_answer(NUM, text)
    assert isinstance(verdict.correct, bool) and verdict.message


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.none(), st.integers(), st.text(), st.lists(st.integers()), st.floats()))
def test_choice_kinds_never_raise(response: object) -> None:
    for quiz in (SINGLE, MULTI, PRED, CHAL):
        assert isinstance(check_answer(quiz, response).correct, bool)


@pytest.mark.parametrize(
    ("cond", "en", "zh"),
    [
        (Condition("dev_error", "<", 0.12), "dev error < 12%", "验证集误差 < 12%"),
        (Condition("train_error", ">=", 0.005), "train error ≥ 0.5%", "训练集误差 ≥ 0.5%"),
        (Condition("w_norm_sq", "<", 40.0), "‖W‖² < 40", "‖W‖² < 40"),
        (Condition("epoch", ">", 1500.0), "epoch > 1500", "训练轮数 > 1500"),
        (Condition("lambd", "<=", 0.25), "λ ≤ 0.25", "λ ≤ 0.25"),
        (
            Condition("w_norm_sq", "<", None, 3),
            "‖W‖² < ‖W‖² of step 3",
            "‖W‖² < 第 3 步的‖W‖²",
        ),
        (
            Condition("gap", ">", None, 2, 0.05),
            "train/dev gap > train/dev gap of step 2 + 5%",
            "训练集与验证集的误差差距 > 第 2 步的训练集与验证集的误差差距 + 5%",
        ),
    ],
)
def test_describe(cond: Condition, en: str, zh: str) -> None:
    assert cond.describe("en") == en
    assert cond.describe() == en
    assert cond.describe("zh") == zh


def test_holds() -> None:
    m = {"dev_error": 0.1, "w_norm_sq": 30.0}
    assert Condition("dev_error", "<", 0.12).holds(m)
    assert not Condition("dev_error", ">", 0.12).holds(m)
    assert Condition("dev_error", "<=", 0.1).holds(m)
    assert Condition("dev_error", ">=", 0.1).holds(m)
    assert not Condition("test_error", "<", 1.0).holds(m)  # missing metric
    step3 = Condition("w_norm_sq", "<", None, 3)
    assert step3.holds(m, {"w_norm_sq": 31.0})
    assert not step3.holds(m, {"w_norm_sq": 29.0})
    assert not step3.holds(m)  # no reference run
    assert Condition("w_norm_sq", "<", None, 3, margin=2.0).holds(m, {"w_norm_sq": 29.0})
    results = check_conditions([Condition("dev_error", "<", 0.12), step3], m, {3: {"w_norm_sq": 1}})
    assert [ok for _, ok in results] == [True, False]


def test_scoring_rule() -> None:
    assert quiz_points(True, 1) == 1.0
    assert quiz_points(True, 3) == 0.5
    assert quiz_points(False, 3) == 0.0
    assert quiz_points(True, 4, "challenge") == 1.0
    from test_course_parse import GOOD

    lesson, problems = parse_lesson(GOOD)
    assert lesson is not None, problems
    answers = {
        "q-single": {"correct": True, "attempts": 1},
        "q-multi": {"correct": True, "attempts": 2},
        "q-num": {"correct": False, "attempts": 5},
    }
    assert lesson_score(lesson, answers) == pytest.approx(1.5 / 5)


def test_default_lang() -> None:
    assert default_lang({}) == "en"
    assert default_lang({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert default_lang({"LANG": "zh_TW"}) == "zh"
    assert default_lang({"LANG": "de_DE.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}) == "en"
    assert default_lang({"LC_ALL": "", "LC_MESSAGES": "zh_CN", "LANG": "en_US"}) == "zh"


def test_bundled_lessons_dir() -> None:
    for lang in ("en", "zh"):
        folder = bundled_lessons_dir(lang)
        assert folder.name == lang and folder.is_dir()
    with pytest.raises(ValueError, match="choose en or zh"):
        bundled_lessons_dir("fr")


def test_bundled_lessons_dir_in_an_installed_layout(tmp_path: Path) -> None:
    """A wheel puts lessons at tui_tutor/lessons/<lang>, with no checkout beside it."""
    root = Path(__file__).resolve().parents[2]
    site = tmp_path / "site"
    shutil.copytree(
        root / "tui_tutor", site / "tui_tutor", ignore=shutil.ignore_patterns("__pycache__")
    )
    (site / "tui_tutor" / "lessons" / "zh").mkdir(parents=True)
    code = "from tui_tutor.course import bundled_lessons_dir as b; print(b('zh'))"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(out.stdout.strip()) == site / "tui_tutor" / "lessons" / "zh"


@pytest.mark.parametrize(
    ("quiz", "text", "missing"),
    [
        (NUM, "99.79", True),  # 0.9979 written as a percent without its sign
        (NUM, "99.8", True),
        (NUM, "99.79%", False),  # with it: judged (right)
        (NUM, "0.9979", False),
        (NUM, "42", False),  # a wrong answer either way
        (PCT, "12.5", False),  # a quiz in percent reads 12.5 as 12.5%
        (Quiz("f", "numeric", "?", answer=0.05, tolerance=0.005), "5", True),
        (Quiz("b", "numeric", "?", answer=3.0, tolerance=0.1), "300", False),  # not a fraction
    ],
)
def test_a_fraction_typed_as_a_percent_without_its_sign(quiz, text, missing) -> None:
    from tui_tutor.course.kinds import percent_sign_missing

    assert percent_sign_missing(quiz, text) is missing


def test_a_setting_at_most_its_floor_reads_as_equal() -> None:
    """Lesson 07's goal read "λ ≤ 0", as if λ could be negative."""
    assert Condition("lambd", "<=", 0.0).describe("en") == "λ = 0"
    assert Condition("lambd", "<=", 0.1).describe("en") == "λ ≤ 0.1"
    assert "≤" in Condition("dev_error", "<=", 0.0).describe("en")  # not a setting

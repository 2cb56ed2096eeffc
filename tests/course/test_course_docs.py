"""docs/lesson-format.md stays true: its example lesson is valid and shows its claims, and
every metric, view, control and quiz kind is documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_tutor import ml
from tui_tutor.course import (
    CONTROLS,
    KINDS,
    METRICS,
    VIEWS,
    check_conditions,
    load_pack,
    measure,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "lesson-format.md"


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_example_lesson_is_valid_and_true(text: str, tmp_path: Path) -> None:
    example = text.split("## A complete example", 1)[1]
    body = example.split("````markdown\n", 1)[1].rsplit("````", 1)[0]
    (tmp_path / "01-l2-first-look.md").write_text(body, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert [str(p) for p in pack.problems] == []
    (lesson,) = pack.lessons
    assert {q.kind for q in lesson.quizzes} == set(KINDS)
    for step in lesson.steps:
        refs = {c.step: measure(lesson.steps[c.step - 1].lab) for c in step.claims if c.step}
        assert all(ok for _, ok in check_conditions(step.claims, measure(step.lab), refs))
        for quiz in step.quizzes:
            if quiz.kind == "predict":
                after = measure(step.lab.with_changes(**quiz.run))
                assert all(ok for _, ok in check_conditions(quiz.expect, after))
            if quiz.kind == "challenge":
                solved = measure(step.lab.with_changes(**quiz.solution))
                assert all(ok for _, ok in check_conditions(quiz.goal, solved))
                assert not all(ok for _, ok in check_conditions(quiz.goal, measure(step.lab)))


def test_every_name_is_documented(text: str) -> None:
    names = [*METRICS, *VIEWS, *CONTROLS, *KINDS, *ml.LabConfig.keys(), *ml.DATASETS]
    missing = [n for n in names if f"`{n}`" not in text and f'"{n}"' not in text]
    assert missing == []

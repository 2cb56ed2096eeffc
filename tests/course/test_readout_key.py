"""The lesson format's ``readout`` key: in ``[lab]`` and in a step's lab fence, checked by
the parser (names of one run's metrics, each problem at its file line)."""

from __future__ import annotations

import pytest

from tui_tutor.course import parse_lesson

LESSON = """+++
id = "readout-demo"
title = "Readout"
order = 1

[lab]
m = 100
epochs = 20
layers = [4]
readout = {lesson}
+++

First step.

::: step Second

```lab
lambd = 0.3
readout = {step}
```

Text.

::: step Third

No lab fence: the lesson's readout.
"""


def _lesson(lesson: str = "[]", step: str = "[]"):
    return parse_lesson(LESSON.replace("{lesson}", lesson).replace("{step}", step))


def test_a_step_readout_replaces_the_lessons() -> None:
    lesson, problems = _lesson('["w_norm_sq"]', '["zero_weights", "test_error"]')
    assert problems == [] and lesson is not None
    assert [s.readout for s in lesson.steps] == [
        ("w_norm_sq",),
        ("zero_weights", "test_error"),
        ("w_norm_sq",),
    ]


def test_no_readout_key_adds_nothing() -> None:
    text = LESSON.replace("readout = {lesson}\n", "").replace("readout = {step}\n", "")
    lesson, problems = parse_lesson(text)
    assert problems == [] and lesson is not None
    assert all(s.readout == () for s in lesson.steps)


@pytest.mark.parametrize(
    ("lesson", "step", "line", "words"),
    [
        ('["wnorm"]', "[]", 10, "unknown metric 'wnorm'; accepted: epoch, train_error"),
        ('"w_norm_sq"', "[]", 10, "readout must be a list of metric names"),
        ("[]", '["dev_spread"]', 19, "'dev_spread' is measured over 5 runs"),
        ("[]", '["gap", "gap"]', 19, "lists a metric twice"),
        ("[]", "[1]", 19, "readout must be a list"),
    ],
)
def test_a_bad_readout_is_a_problem_at_its_line(lesson, step, line, words) -> None:
    parsed, problems = _lesson(lesson, step)
    assert parsed is None
    assert [(p.line, words in p.message) for p in problems] == [(line, True)], problems

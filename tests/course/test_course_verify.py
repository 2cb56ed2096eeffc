"""The verifier: a false claim, a wrong prediction, a failing solution and a goal the step
already meets are each a Problem at their own file line, with the measured value; every
metric a lesson may test is one the engine measures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui_tutor import ml
from tui_tutor.course import (
    METRICS,
    Condition,
    check_step,
    count_checks,
    format_metric,
    load_pack,
    measure,
    run_checks,
)
from tui_tutor.course.verify import DERIVATIVE_METRICS, MULTI_RUN_METRICS

# Small runs (120 examples, 60 epochs): each check costs a few milliseconds. The bad
# facts are marked "# false"; lambd, m_train and hidden_layers are read from the
# settings, so their measured values are known without training.
LESSON = """+++
id = "verify-me"
title = "Verify me"
order = 1

[lab]
dataset = "moons"
m = 120
layers = [4]
lambd = 0.0
epochs = 60
+++

Intro.

```lab
claims = [
  { metric = "hidden_layers", op = "<=", value = 1 },
]
```

::: step Shrink

```lab
lambd = 1.0
claims = [
  { metric = "lambd", op = ">", value = 0.5 },
  { metric = "lambd", op = ">", value = 5 },   # false
  { metric = "w_norm_sq", op = ">", step = 1 },  # false: λ shrinks the weights
  { metric = "dev_error", op = "<", value = 0 },  # false
]
```

```quiz
id = "q-pred"
kind = "predict"
prompt = "What is λ after the run?"
choices = ["3", "0"]
answer = 1
run = { lambd = 3, layers = [4, 2] }
expect = [
  { metric = "lambd", op = ">", value = 1 },
  { metric = "lambd", op = "<", value = 1 },  # false
]
hint = "h"
explain = "e"
```

```quiz
id = "c-fail"
kind = "challenge"
prompt = "Get 500 training examples."
goal = [{ metric = "m_train", op = ">", value = 500 }]
solution = { m = 200 }
hint = "h"
explain = "e"
```

```quiz
id = "c-met"
kind = "challenge"
prompt = "Use a λ above 0.5."
goal = [{ metric = "lambd", op = ">", value = 0.5 }]
solution = { lambd = 3 }
hint = "h"
explain = "e"
```
"""


def line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(text.split("\n")) if needle in line)


@pytest.fixture
def pack(tmp_path: Path):
    (tmp_path / "01-verify.md").write_text(LESSON, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert [str(p) for p in pack.problems] == []
    return pack


def test_each_false_fact_is_a_problem_at_its_line_with_the_measured_value(pack) -> None:
    (lesson,) = pack.lessons
    path = lesson.path
    text = path.read_text(encoding="utf-8")
    first, second = lesson.steps[0].lab, lesson.steps[1].lab
    w1, w2 = measure(first)["w_norm_sq"], measure(second)["w_norm_sq"]
    dev = measure(second)["dev_error"]
    expected = [
        (line_of(text, "value = 5 }"), "claim λ > 5 does not hold: measured 1"),
        (
            line_of(text, "step = 1 }"),
            f"claim ‖W‖² > ‖W‖² of step 1 does not hold: measured "
            f"{format_metric('w_norm_sq', w2)} (step 1: {format_metric('w_norm_sq', w1)})",
        ),
        (
            line_of(text, '"dev_error", op = "<", value = 0 }'),
            f"claim dev error < 0% does not hold: measured {format_metric('dev_error', dev)}",
        ),
        (
            line_of(text, 'op = "<", value = 1 },  # false'),
            "q-pred: after run {lambd = 3, layers = [4, 2]}, λ < 1 does not hold: measured 3",
        ),
        (
            line_of(text, "solution = { m = 200 }"),
            "c-fail: with solution {m = 200}, training examples > 500 does not hold: measured 120",
        ),
        (
            line_of(text, 'goal = [{ metric = "lambd"'),
            "c-met: the step's own experiment already meets the goal (λ > 0.5: measured 1); "
            "a challenge must need the learner's change",
        ),
    ]
    assert [(p.path, p.line, p.message) for p in run_checks(pack)] == [
        (path, line, message) for line, message in expected
    ]
    assert str(run_checks(pack)[0]) == f"{path}:{expected[0][0]}: {expected[0][1]}"
    assert check_step(lesson, lesson.steps[0]) == []
    assert [count_checks(s) for s in lesson.steps] == [1, 4 + 1 + 2 + 2]


def test_a_true_pack_has_no_problem(tmp_path: Path) -> None:
    text = (
        LESSON.replace("value = 5 }", "value = 0.9 }")
        .replace('op = ">", step = 1 }', 'op = "<", step = 1 }')
        .replace('"dev_error", op = "<", value = 0 }', '"dev_error", op = ">=", value = 0 }')
        .replace('op = "<", value = 1 },  # false', 'op = "<", value = 4 },')
        .replace("solution = { m = 200 }", "solution = { m = 900 }")
        .replace('"lambd", op = ">", value = 0.5 }]', '"lambd", op = ">", value = 2 }]')
    )  # fmt: skip
    (tmp_path / "01-verify.md").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert pack.problems == [] and run_checks(pack) == []


def test_an_experiment_that_cannot_run_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    rows = "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(60))
    (tmp_path / "points.csv").write_text("x1,x2,label\n" + rows)
    text = LESSON.replace('dataset = "moons"\nm = 120', 'csv = "points.csv"')
    (tmp_path / "01-verify.md").write_text(text, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert pack.problems == []
    (tmp_path / "points.csv").write_text("x1,x2,label\n1,2,7\n")  # a label that is no class
    problems = run_checks(pack)
    assert problems and all("cannot run" in p.message for p in problems)
    assert problems[0].line == line_of(text, "hidden_layers")


def test_measure_and_dev_spread() -> None:
    cfg = ml.LabConfig(m=80, layers=(4,), epochs=40)
    metrics = measure(cfg)
    assert "dev_spread" not in metrics and 0 <= metrics["dev_error"] <= 1
    again = measure(cfg, ["dev_spread"])
    devs = [cfg.with_changes(seed=s).final()[1].dev_error for s in range(5)]
    assert again["dev_spread"] == pytest.approx(max(devs) - min(devs))
    assert again["dev_error"] == metrics["dev_error"]


def test_every_metric_a_lesson_may_test_is_measured() -> None:
    """The lesson format's metrics are the engine's: one run's, plus those over runs."""
    cfg = ml.LabConfig(m=80, layers=(4,), epochs=20)
    run, last = cfg.final()
    assert tuple(run.metrics(last)) == ml.RUN_METRICS
    no_run = set(DERIVATIVE_METRICS)  # θ³'s difference quotients: no run needed
    assert set(ml.METRICS) == set(ml.RUN_METRICS) | set(MULTI_RUN_METRICS) | no_run
    assert {n for n, m in ml.METRICS.items() if m.runs > 1} == set(MULTI_RUN_METRICS)
    assert tuple(measure(cfg)) == ml.RUN_METRICS
    assert set(measure(cfg, METRICS)) == set(ml.METRICS)
    assert tuple(ml.METRICS) == METRICS  # the course's list is the engine's


def test_a_condition_on_a_missing_metric_says_so() -> None:
    from tui_tutor.course.verify import _unmet

    ((cond, measured),) = _unmet([Condition("test_error", "<", 0.5)], {"test_error": float("nan")})
    assert measured == "measured NaN"
    ((cond, measured),) = _unmet([Condition("gap", ">", None, 2)], {"gap": 0.1}, {})
    assert measured == "measured +10.0% (step 2: nothing)"  # a measured gap shows its sign

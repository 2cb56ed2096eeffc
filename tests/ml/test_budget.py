"""Runs and sweeps are refused before they start when they would exceed the budget (issue 10):
one ``ConfigError`` naming the budget and what would fit, for the CLI, the form and packs."""

from __future__ import annotations

import re
import tracemalloc

import pytest

from tui_tutor import ml
from tui_tutor.course import bundled_lessons_dir, load_pack, parse_lesson
from tui_tutor.ml import ConfigError, LabConfig, budget

# What a learner or a pack asked for on today's limits, and what it cost.
ISSUE_CASES = [
    {"m": 20000, "layers": [256] * 6},  # sweep: 6 GB in 60 s
    {"m": 20000, "layers": [256] * 6, "epochs": 200000},  # the form at the limits: 10.4 GB
    {"m": 400, "layers": [256] * 6, "epochs": 200000},
    {"m": 20000, "batch_size": 1},  # 12,000 steps an epoch
    {"m": 20000, "epochs": 200000},
]


@pytest.mark.parametrize("mapping", ISSUE_CASES)
def test_a_run_over_budget_is_refused_naming_the_budget_and_what_fits(mapping):
    with pytest.raises(ConfigError) as info:
        LabConfig.from_mapping(mapping)
    message = info.value.message
    assert message.startswith("too big to train here: about ")
    assert re.search(r"over the budget of (150 MB|5e7|3e11)", message)
    assert "fit" in message  # ... and what would
    assert info.value.key in ml.SETTINGS


@pytest.mark.parametrize("mapping", ISSUE_CASES)
def test_what_the_message_says_fits_does_fit(mapping):
    with pytest.raises(ConfigError) as info:
        LabConfig.from_mapping(mapping)
    message, key = info.value.message, info.value.key
    changes = dict(mapping)
    if m := re.search(r"at most m = (\d+)", message):
        changes["m"] = int(m.group(1))
    if b := re.search(r"mini-batch size of at least (\d+)", message):
        changes["batch_size"] = int(b.group(1))
    if e := re.search(r"at most (\d+) epochs", message):
        changes["epochs"] = int(e.group(1))
    if key == "layers":
        changes["layers"] = [16]
    cfg = LabConfig.from_mapping(changes)  # no ConfigError
    assert cfg.cost().over() is None


def test_sweeps_over_budget_are_refused_before_training():
    cfg = LabConfig(m=20000, layers=(20, 3), epochs=1000)
    sizes = cfg.data().sizes
    with pytest.raises(ConfigError, match="at most 50 λ values"):
        cfg.check_budget(20000, "validation", sizes)  # 20,000 λ values: 3.5 GB
    with pytest.raises(ConfigError, match=r"150 MB .*at most \d+ training-set sizes fit"):
        cfg.sweep("learning", [200 * i for i in range(1, 51)])  # 50 sizes at m 20000: 9 GB
    cfg.check_budget(12, "validation", sizes)  # the default ladder fits (about 40 s)
    with pytest.raises(ConfigError, match=r"3e11 \(about 2 minutes\): at most \d+ λ values fit"):
        cfg.with_changes(epochs=4000).check_budget(12, "validation", sizes)


def test_a_heavy_sweep_asks_to_stop_more_often():
    light = budget.estimate([2, 20, 3, 1], (240, 80, 80), 2000, models=12)
    heavy = budget.estimate([2, 28, 1], (12000, 4000, 4000), 3000, models=12)
    assert budget.check_every(light) == 25 and budget.check_every(heavy) <= 2


def test_the_defaults_and_every_bundled_lesson_fit():
    assert LabConfig().cost().over() is None
    for lang in ("en", "zh"):
        pack = load_pack(bundled_lessons_dir(lang))
        assert pack.problems == []
        for lesson in pack.lessons:
            for step in lesson.steps:
                assert step.lab.cost().over() is None
                assert step.lab.cost(12).over() is None  # its validation curve


def test_the_memory_estimate_is_close_to_what_numpy_allocates():
    cfg = LabConfig(m=4000, layers=(64, 64), epochs=3)
    cfg.data()
    tracemalloc.start()
    cfg.final()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    estimate = cfg.cost().memory
    assert 0.7 * peak < estimate < 1.6 * peak, (estimate / 2**20, peak / 2**20)


LESSON = """+++
id = "big"
title = "Big"
order = 1

[lab]
m = {m}
epochs = 1000
layers = {layers}
views = {views}
+++

Text.

::: step Two

```lab
m = 20000
```
"""


def _problems(m=400, layers="[20, 3]", views='["curves"]'):
    text = LESSON.format(m=m, layers=layers, views=views)
    return [(p.line, p.message) for p in parse_lesson(text)[1]]


def test_a_pack_preset_over_budget_is_a_problem_at_its_line():
    line, message = _problems(m=20000, layers="[256, 256, 256, 256, 256, 256]")[0]
    assert line == 7 and message.startswith("m: too big to train here")  # at the m key
    # the step's m = 20000 with the preset's [20, 3] fits; its validation curve too
    assert _problems(views='["curves", "validation"]') == []


def test_a_sweep_a_lessons_views_would_run_over_budget_is_a_problem():
    problems = _problems(layers="[32]", views='["curves", "learning", "validation"]')
    assert [line for line, _ in problems] == [17]  # the step's lab fence (m = 20000)
    assert "the validation view's sweep of 12 models: too big" in problems[0][1]


def test_gradcheck_work_and_what_fits():
    small = budget.gradcheck_work([2, 5, 3, 1], 12)
    huge = budget.gradcheck_work([2, *[256] * 6, 1], 12)
    assert small < budget.GRADCHECK_BUDGET < huge
    n = budget.largest_gradcheck([2, 64, 64, 1], 12)
    assert 4417 < n < 20000  # [64, 64] (4417 parameters) fits at m = 12

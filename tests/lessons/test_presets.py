"""Every shipped lesson loads, en and zh match, and every experiment shows what it states.

The packs are the bundled ones (``bundled_lessons_dir``, what the app and the CLI load):
a missing or empty pack fails here, it is never skipped. Each step's claims, predict
``expect`` conditions and challenge solutions are run by ``course.check_step``, the
verifier behind ``tui-tutor lessons --check --run``: one test per step that states
something, in both languages, so a failure names the lesson and the step (and the
verifier's message the line and the measured value).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui_tutor import ml
from tui_tutor.course import (
    Lesson,
    Quiz,
    Step,
    bundled_lessons_dir,
    check_step,
    count_checks,
    load_pack,
    run_checks,
)

LANGS = ("en", "zh")
DIRS = {lang: bundled_lessons_dir(lang) for lang in LANGS}
PACKS = {lang: load_pack(DIRS[lang]) for lang in LANGS}
FILES = {lang: sorted(p.name for p in DIRS[lang].glob("*.md")) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_pack_loads_without_problems(lang: str) -> None:
    assert FILES[lang], f"no lessons in {DIRS[lang]}"
    assert [str(p) for p in PACKS[lang].problems] == []
    assert sorted(lesson.path.name for lesson in PACKS[lang].lessons) == FILES[lang]


def test_en_and_zh_have_the_same_files() -> None:
    assert FILES["en"] == FILES["zh"]


def _shape(lesson: Lesson) -> dict:
    """Everything that must be equal between the languages (all but the words)."""

    def quiz(q: Quiz) -> tuple:
        return (
            q.id, q.kind, len(q.choices), q.answer, q.tolerance, unit(q.unit),
            dict(q.run), q.expect, q.goal, dict(q.solution or {}),
        )  # fmt: skip

    def unit(u: str) -> str | bool:
        return u if u == "%" else bool(u)  # words may be translated, "%" changes the answer

    def lab(c: ml.LabConfig) -> ml.LabConfig:
        return replace(c, csv=Path(c.csv).name) if c.csv else c  # each language has its copy

    def step(s: Step) -> tuple:
        return (
            s.index,
            lab(s.lab),
            s.view,
            s.claims,
            dict(s.overrides),
            [quiz(q) for q in s.quizzes],
        )

    return {
        "id": lesson.id,
        "order": lesson.order,
        "lab": lab(lesson.lab),
        "controls": lesson.controls,
        "views": lesson.views,
        "steps": [step(s) for s in lesson.steps],
    }


@pytest.mark.parametrize("name", sorted(set(FILES["en"]) | set(FILES["zh"])))
def test_en_and_zh_match(name: str) -> None:
    en = next((x for x in PACKS["en"].lessons if x.path.name == name), None)
    zh = next((x for x in PACKS["zh"].lessons if x.path.name == name), None)
    assert en is not None and zh is not None, f"{name} does not load in both languages"
    a, b = _shape(en), _shape(zh)
    for key in a:
        if key != "steps":
            assert a[key] == b[key], key
    assert len(a["steps"]) == len(b["steps"]), "step count"
    for i, (sa, sb) in enumerate(zip(a["steps"], b["steps"], strict=True)):
        assert sa == sb, f"step {i + 1} differs between en and zh"


STEPS = [
    pytest.param(lesson, step, id=f"{lang}/{lesson.path.name}#{step.index + 1}")
    for lang in LANGS
    for lesson in PACKS[lang].lessons
    for step in lesson.steps
    if count_checks(step)
]


@pytest.mark.parametrize(("lesson", "step"), STEPS)
def test_step_shows_what_it_states(lesson: Lesson, step: Step) -> None:
    assert [str(p) for p in check_step(lesson, step)] == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_lesson_states_something_that_is_run(lang: str) -> None:
    """Each lesson has claims, predictions or challenges, so its figures are checked;
    and the whole pack passes ``run_checks`` as the CLI calls it (runs are cached)."""
    silent = [
        lesson.path.name
        for lesson in PACKS[lang].lessons
        if not any(count_checks(s) for s in lesson.steps)
    ]
    assert PACKS[lang].lessons and silent == []
    assert [str(p) for p in run_checks(PACKS[lang])] == []

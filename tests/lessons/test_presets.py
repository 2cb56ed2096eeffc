"""Every shipped lesson loads, en and zh match, and every experiment shows what it claims.

Picks up whatever lessons exist in lessons/en and lessons/zh. Each step's claims are
checked by running its preset headless (``course.measure``, cached per config); each
predict quiz's ``expect`` by running the step's preset with the quiz's ``run``
overrides; each challenge's ``solution`` must meet its goal (and the step's preset must
not meet it already: a challenge that is met before the learner acts teaches nothing).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui_tutor import ml
from tui_tutor.course import Lesson, Quiz, Step, check_conditions, load_pack, measure

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "zh")
PACKS = {lang: load_pack(ROOT / "lessons" / lang) for lang in LANGS}
FILES = {lang: sorted(p.name for p in (ROOT / "lessons" / lang).glob("*.md")) for lang in LANGS}


NONE = [pytest.param(None, None, marks=pytest.mark.skip(reason="no such lessons yet"))]


def lessons() -> list[tuple[str, Lesson]]:
    return [(lang, lesson) for lang in LANGS for lesson in PACKS[lang].lessons]


def steps_with(pred) -> list:
    out = []
    for lang, lesson in lessons():
        for step in lesson.steps:
            if pred(step):
                out.append(
                    pytest.param(lesson, step, id=f"{lang}/{lesson.path.name}#{step.index + 1}")
                )
    return out


def quizzes_of(kind: str) -> list:
    out = []
    for lang, lesson in lessons():
        for step in lesson.steps:
            for quiz in step.quizzes:
                if quiz.kind == kind:
                    out.append(pytest.param(step, quiz, id=f"{lang}/{lesson.path.name}/{quiz.id}"))
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_pack_loads_without_problems(lang: str) -> None:
    if not FILES[lang]:
        pytest.skip(f"no lessons in lessons/{lang} yet")
    assert [str(p) for p in PACKS[lang].problems] == []
    assert len(PACKS[lang].lessons) == len(FILES[lang])


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


@pytest.mark.parametrize(
    "name",
    sorted(set(FILES["en"]) & set(FILES["zh"])) or [pytest.param("-", marks=pytest.mark.skip)],
)
def test_en_and_zh_match(name: str) -> None:
    en = next((x for x in PACKS["en"].lessons if x.path.name == name), None)
    zh = next((x for x in PACKS["zh"].lessons if x.path.name == name), None)
    if en is None or zh is None:
        pytest.fail(
            f"{name} does not load in both languages (see test_pack_loads_without_problems)"
        )
    a, b = _shape(en), _shape(zh)
    for key in a:
        if key != "steps":
            assert a[key] == b[key], key
    assert len(a["steps"]) == len(b["steps"]), "step count"
    for i, (sa, sb) in enumerate(zip(a["steps"], b["steps"], strict=True)):
        assert sa == sb, f"step {i + 1} differs between en and zh"


def _metrics(config, needed) -> dict:
    return measure(config, needed)


@pytest.mark.parametrize(
    ("lesson", "step"),
    steps_with(lambda s: s.claims) or NONE,
)
def test_claims_hold(lesson: Lesson, step: Step) -> None:
    needed = {c.metric for c in step.claims}
    metrics = _metrics(step.lab, needed)
    refs = {c.step: _metrics(lesson.steps[c.step - 1].lab, needed) for c in step.claims if c.step}
    failed = [
        f"{c.describe()} (got {metrics.get(c.metric)!r}"
        + (f", step {c.step}: {refs[c.step].get(c.metric)!r})" if c.step else ")")
        for c, ok in check_conditions(step.claims, metrics, refs)
        if not ok
    ]
    assert not failed, f"step {step.index + 1} claims do not hold: {failed}"


@pytest.mark.parametrize(("step", "quiz"), quizzes_of("predict") or NONE)
def test_predict_runs_meet_expect(step: Step, quiz: Quiz) -> None:
    config = step.lab.with_changes(**quiz.run)
    metrics = _metrics(config, {c.metric for c in quiz.expect})
    failed = [
        f"{c.describe()} (got {metrics.get(c.metric)!r})"
        for c, ok in check_conditions(quiz.expect, metrics)
        if not ok
    ]
    assert not failed, f"{quiz.id}: after run {dict(quiz.run)}: {failed}"


@pytest.mark.parametrize(
    ("step", "quiz"),
    [p for p in quizzes_of("challenge") if p.values[1].solution is not None] or NONE,
)
def test_challenge_solutions_meet_the_goal(step: Step, quiz: Quiz) -> None:
    needed = {c.metric for c in quiz.goal}
    solved = _metrics(step.lab.with_changes(**quiz.solution), needed)
    failed = [
        f"{c.describe()} (got {solved.get(c.metric)!r})"
        for c, ok in check_conditions(quiz.goal, solved)
        if not ok
    ]
    assert not failed, f"{quiz.id}: solution {dict(quiz.solution)} misses: {failed}"
    start = _metrics(step.lab, needed)
    assert not all(ok for _, ok in check_conditions(quiz.goal, start)), (
        f"{quiz.id}: the step's preset already meets the goal"
    )

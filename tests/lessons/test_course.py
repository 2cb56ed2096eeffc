"""The core course keeps its shape: step and question counts, kinds, and the quiz topics.

Issue 5 asks each core lesson for 5 to 9 steps and at least 5 questions of mixed kinds,
with at least one lab challenge and one predict-then-run, each with a hint and an
explanation; across the four lessons the week-1 quiz topics of FACTS.md are covered.
The topics are pinned to the quizzes that teach them, so removing one fails here.
"""

from __future__ import annotations

import pytest

from tui_tutor.course import Lesson, bundled_lessons_dir, load_pack

CORE = ("train-dev-test", "bias-variance", "basic-recipe", "l2-regularization")
LANGS = ("en", "zh")

# FACTS.md, "The course's week-1 quiz": topic number -> (lesson id, quiz id) teaching it.
TOPICS = {
    1: ("train-dev-test", "q-ten-million"),  # 10,000,000 examples -> 98/1/1
    2: ("train-dev-test", "q-same-dist"),  # dev and test from the same distribution
    3: ("bias-variance", "q-variance-fixes"),  # high variance -> regularization, more data
    4: ("bias-variance", "q-cat-fixes"),  # train 0.5%, dev 7% -> larger λ, more data
    5: ("l2-regularization", "q-weight-decay"),  # weight decay
    6: ("l2-regularization", "q-lambda-weights"),  # larger λ pushes weights toward 0
    9: ("l2-regularization", "q-variance-tools"),  # what reduces variance
    10: ("normalizing-inputs", "q-why-normalize"),  # normalizing makes J faster to optimize
}


def _lessons(lang: str) -> dict[str, Lesson]:
    return {lesson.id: lesson for lesson in load_pack(bundled_lessons_dir(lang)).lessons}


PACKS = {lang: _lessons(lang) for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", CORE)
def test_core_lesson_shape(lang: str, lesson_id: str) -> None:
    lesson = PACKS[lang].get(lesson_id)
    assert lesson is not None, f"{lang}: core lesson {lesson_id!r} is missing"
    assert 5 <= len(lesson.steps) <= 9, f"{len(lesson.steps)} steps"
    quizzes = [q for s in lesson.steps for q in s.quizzes]
    kinds = {q.kind for q in quizzes}
    assert len(quizzes) >= 5, f"{len(quizzes)} questions"
    assert {"challenge", "predict"} <= kinds, f"kinds: {sorted(kinds)}"
    assert len(kinds) >= 3, f"kinds: {sorted(kinds)}"
    for q in quizzes:
        assert q.hint.strip() and q.explain.strip(), f"{q.id}: hint and explain are required"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_week1_quiz_topics_are_covered(lang: str, topic: int) -> None:
    lesson_id, quiz_id = TOPICS[topic]
    lesson = PACKS[lang][lesson_id]
    ids = {q.id for s in lesson.steps for q in s.quizzes}
    assert quiz_id in ids, f"topic {topic}: {lesson_id} has no quiz {quiz_id!r}"


@pytest.mark.parametrize("lang", LANGS)
def test_every_step_that_names_the_floor_pins_it(lang: str) -> None:
    """A step with label flips whose text names the Bayes floor claims its value.

    The floor comes from the data's generative model (flips plus the class overlap that
    noise causes), so a text that quotes it must be checked against ``bayes_error``.
    """
    words = {"en": ("floor", "Bayes"), "zh": ("下限", "贝叶斯")}[lang]
    naming = [
        (lesson, step)
        for lesson in PACKS[lang].values()
        for step in lesson.steps
        if step.lab.flip > 0 and any(w in step.markdown for w in words)
    ]
    missing = [
        f"{lesson.path.name}#{step.index + 1}"
        for lesson, step in naming
        if not any(c.metric == "bayes_error" for c in step.claims)
    ]
    assert naming, "no step names the Bayes floor: the words or the lessons changed"
    assert missing == []

"""Every figure a lesson tells the learner to read "in the readout" is shown in that step.

The readout always shows λ, the layers, the epoch, the train and dev errors (the dev
error with its 95% interval and n_dev), the gap and the Bayes floor; anything else a
step's text (or a question's prompt, hint or explanation) sends the learner to read
there must be listed in the step's ``readout`` (or the lesson's). "Look at ‖W‖² in the
readout of steps 1, 2 and 6" asks it of those steps. A sentence that says the readout
has *no* such figure asks nothing.
"""

from __future__ import annotations

import re

import pytest

from tui_tutor import ml
from tui_tutor.app.lab.readout import READOUT_EXTRA
from tui_tutor.course import Lesson, Step, bundled_lessons_dir, load_pack
from tui_tutor.i18n import t

# language -> (the word for the readout, {phrase: metric}, the negation before a phrase)
PHRASES: dict[str, tuple[str, dict[str, str], str]] = {
    "en": (
        "readout",
        {"‖W‖²": "w_norm_sq", "zero weights": "zero_weights", "test error": "test_error",
         "penalty": "penalty", "data loss": "data_cost"},
        "no ",
    ),
    "zh": (
        "读数",
        {"‖W‖²": "w_norm_sq", "零的权重": "zero_weights", "测试集误差": "test_error",
         "惩罚项": "penalty", "数据损失": "data_cost"},
        "没有",
    ),
}  # fmt: skip
# The metrics the readout's own line always shows (λ and the epoch in ``readout``, n_dev
# and the dev error's 95% range in ``readout.dev``): a step need not list them.
ALWAYS_SHOWN = {"lambd", "epoch", "m_dev", "dev_low", "dev_high"}
for _lang, (_, _phrases, _) in PHRASES.items():
    # each extra metric's own label, as the readout writes it, counts as its phrase too
    for _metric in READOUT_EXTRA:
        if _metric not in ALWAYS_SHOWN:
            _phrases.setdefault(t(f"metric.{_metric}", _lang), _metric)
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")
_STEPS = {
    "en": re.compile(r"steps? ((?:\d+(?:, | and )?)+)"),
    "zh": re.compile(r"第((?:\d+[、和]?)+)步"),
}


def _texts(step: Step) -> list[str]:
    out = [step.markdown]
    for q in step.quizzes:
        out += [q.prompt, q.hint, q.explain, *q.choices]
    return [" ".join(text.split()) for text in out]


def asked(lesson: Lesson, lang: str) -> list[tuple[int, str, str]]:
    """(step number, metric, sentence) for every figure a sentence reads in the readout."""
    word, phrases, negation = PHRASES[lang]
    out = []
    for step in lesson.steps:
        for text in _texts(step):
            for sentence in _SENTENCE.split(text):
                if word not in sentence.lower():
                    continue
                named = _STEPS[lang].search(sentence)
                steps = [int(n) for n in re.findall(r"\d+", named.group(1))] if named else []
                for phrase, metric in phrases.items():
                    if phrase in sentence and negation + phrase not in sentence:
                        for n in steps or [step.index + 1]:
                            out.append((n, metric, sentence))
    return out


PACKS = {lang: load_pack(bundled_lessons_dir(lang)).lessons for lang in PHRASES}


def test_the_phrase_table_names_metrics_a_readout_can_show() -> None:
    for _, phrases, _ in PHRASES.values():
        assert set(phrases.values()) <= set(ml.RUN_METRICS)


@pytest.mark.parametrize("lang", sorted(PHRASES))
def test_every_figure_read_in_the_readout_is_shown_in_that_step(lang: str) -> None:
    missing = []
    found = 0
    for lesson in PACKS[lang]:
        for n, metric, sentence in asked(lesson, lang):
            found += 1
            if metric not in lesson.steps[n - 1].readout:
                missing.append(f"{lesson.path.name} step {n}: {metric} ({sentence[:70]})")
    assert found, "no lesson reads a figure in the readout: the words or the table changed"
    assert missing == []


def test_the_finder_reads_the_l2_lessons_figures() -> None:
    """The cases issue 9 names: ‖W‖² and the zero weights, in both languages."""
    for lang in PHRASES:
        l2 = next(les for les in PACKS[lang] if les.id == "l2-regularization")
        metrics = {(n, metric) for n, metric, _ in asked(l2, lang)}
        assert {(2, "w_norm_sq"), (4, "zero_weights"), (1, "w_norm_sq")} <= metrics, lang

"""Every lesson experiment is stable: its figures do not hang on floating-point rounding.

A preset that trains in a chaotic regime (a large learning rate on a net that memorizes
its few examples, say) ends with errors that change when the initial weights move by one
part in 10¹², so the numbers the text quotes and the claims pin depend on the CPU, the
BLAS and the order of a sum. Here each experiment (every step's preset, every predict
quiz's run, every challenge's solution) is trained again from its initial weights scaled
by (1 ± 1e-12): the final train and dev errors must stay within one example of each set
and ‖W‖² within 1%. The errors of a chaotic run may still agree by luck, so the final
weights of the two nudged runs must also agree to 1e-5 (relative): a stable run keeps
their 2e-12 difference about that size (L1's sign steps make it 1e-6), a chaotic one
blows it up to 1e-4 and more. And for every step that offers the validation view, the
batched sweep of that view (``ml.validation_curve``, which sums in another order) must
agree with the single run at the step's own λ.

The en pack is enough: the zh pack has the same lab settings (test_presets checks it).
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
import pytest

from tui_tutor import ml
from tui_tutor.course import bundled_lessons_dir, load_pack, measure

LAMBDA_LADDER = ml.SETTINGS["lambd"].ladder  # the lab's ] and [ keys and its validation view
PACK = load_pack(bundled_lessons_dir("en"))
EPSILONS = (1e-12, -1e-12)
W_TOLERANCE = 0.01  # relative, on ‖W‖²
DRIFT = 1e-5  # relative distance allowed between the final weights of the two nudged runs


def _experiments() -> dict[ml.LabConfig, list[str]]:
    """Every config a lesson runs, with the places that run it (deduplicated)."""
    out: dict[ml.LabConfig, list[str]] = {}
    for lesson in PACK.lessons:
        for step in lesson.steps:
            where = f"{lesson.path.name}#{step.index + 1}"
            out.setdefault(step.lab, []).append(where)
            for quiz in step.quizzes:
                if quiz.kind == "predict":
                    out.setdefault(step.lab.with_changes(**quiz.run), []).append(
                        f"{where}/{quiz.id}"
                    )
                elif quiz.kind == "challenge" and quiz.solution is not None:
                    out.setdefault(step.lab.with_changes(**quiz.solution), []).append(
                        f"{where}/{quiz.id}"
                    )
    return out


EXPERIMENTS = _experiments()


def _perturbed(config: ml.LabConfig, eps: float) -> tuple[ml.Record, np.ndarray]:
    """The last record and the final weights (flat) of ``config``'s run from initial
    weights × (1 + eps). Biases start at 0 and ``init_scale`` multiplies every initial
    weight, so the nudged run is the same config with ``init_scale`` × (1 + eps), run as
    the lab runs it (``LabConfig.run``)."""
    nudged = config.with_changes(init_scale=config.init_scale * (1.0 + eps))
    run, last = nudged.final()
    params = run.params
    return last, np.concatenate([params[k].ravel() for k in sorted(params)])


def _close(a: float, b: float, m: int) -> bool:
    """Within one example of a set of ``m`` (NaN only matches NaN)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1.0 / m + 1e-12


@pytest.mark.parametrize(
    "config", list(EXPERIMENTS), ids=[places[0] for places in EXPERIMENTS.values()]
)
def test_rounding_does_not_change_the_result(config: ml.LabConfig) -> None:
    base = measure(config)
    m_train, m_dev, _ = config.data().sizes
    problems = []
    finals = []
    for eps in EPSILONS:
        r, theta = _perturbed(config, eps)
        finals.append(theta)
        if not _close(r.train_error, base["train_error"], m_train):
            problems.append(f"train error {base['train_error']:.4f} -> {r.train_error:.4f}")
        if m_dev and not _close(r.dev_error, base["dev_error"], m_dev):
            problems.append(f"dev error {base['dev_error']:.4f} -> {r.dev_error:.4f}")
        w = base["w_norm_sq"]
        if not abs(r.w_norm_sq - w) <= W_TOLERANCE * abs(w) + 1e-12:
            problems.append(f"‖W‖² {w:.4g} -> {r.w_norm_sq:.4g}")
        if problems:
            problems.insert(0, f"weights × (1 {eps:+.0e}):")
            break
    else:
        a, b = finals
        drift = float(np.linalg.norm(a - b) / max(np.linalg.norm(a), 1e-300))
        if not drift <= DRIFT:
            problems.append(f"the final weights of the two nudged runs differ by {drift:.1e}")
    assert not problems, f"{EXPERIMENTS[config]} is chaotic: {' '.join(problems)}"


@cache
def _sweep(config: ml.LabConfig) -> ml.SweepResult:
    """The validation view's sweep for ``config`` (over the λ ladder), as the lab calls it."""
    return config.sweep("validation")


VALIDATION_STEPS = [
    pytest.param(step.lab, id=f"{lesson.path.name}#{step.index + 1}")
    for lesson in PACK.lessons
    if "validation" in lesson.views
    for step in lesson.steps
    if step.lab.lambd in LAMBDA_LADDER
]


@pytest.mark.parametrize("config", VALIDATION_STEPS)
def test_validation_sweep_agrees_with_the_single_run(config: ml.LabConfig) -> None:
    base = measure(config)
    sweep = _sweep(config.with_changes(lambd=0.0))  # the sweep ignores the config's λ
    i = LAMBDA_LADDER.index(config.lambd)
    m_train, m_dev, _ = config.data().sizes
    got = (float(sweep.train_error[i]), float(sweep.dev_error[i]))
    assert _close(got[0], base["train_error"], m_train) and _close(
        got[1], base["dev_error"], m_dev
    ), (
        f"λ = {config.lambd}: the single run ends at train/dev {base['train_error']:.4f}/"
        f"{base['dev_error']:.4f}, the validation sweep at {got[0]:.4f}/{got[1]:.4f}"
    )


def test_there_is_something_to_check() -> None:
    assert len(EXPERIMENTS) > 10 and len(VALIDATION_STEPS) > 5

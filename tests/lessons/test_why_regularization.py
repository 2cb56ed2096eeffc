"""Lesson 05 (why-regularization): what its text says about J that no end-of-run metric holds.

The step "Debugging: plot the regularized J" says J falls at every iteration with α = 0.1
and that with α = 4 it jumps about and ends far above its start after 10 iterations.
"""

from __future__ import annotations

from tui_tutor.course import bundled_lessons_dir, load_pack

STEP = "Debugging: plot the regularized J"


def _step(lang: str = "en"):
    """The step in the en pack (test_presets holds the zh pack to the same settings)."""
    pack = load_pack(bundled_lessons_dir(lang))
    lesson = next(x for x in pack.lessons if x.id == "why-regularization")
    return next(s for s in lesson.steps if s.title == STEP)


def test_regularized_j_falls_at_every_iteration_with_a_small_rate() -> None:
    step = _step("en")
    assert step.lab.lr == 0.1 and step.lab.lambd == 1.0
    costs = [r.cost for r in step.lab.run(every=1, dev=False).records]  # J only
    assert len(costs) == step.lab.epochs + 1
    assert all(b < a for a, b in zip(costs, costs[1:], strict=False))


def test_a_big_rate_makes_j_jump_and_end_far_above_its_start() -> None:
    step = _step("en")
    quiz = next(q for q in step.quizzes if q.id == "q-lr-predict")
    assert quiz.run == {"lr": 4.0, "epochs": 10}
    costs = [r.cost for r in step.lab.with_changes(**quiz.run).run(every=1).records]
    rises = sum(b > a for a, b in zip(costs, costs[1:], strict=False))
    assert rises >= 3 and costs[-1] > 2 * costs[0]

"""Verify a lesson pack by running it: what makes its figures trustworthy.

A lesson states facts about runs, and each is checked by training headless:

- a step's ``claims`` hold for the step's experiment (``step = N`` claims compare with
  step N's experiment);
- a predict quiz's ``expect`` holds after its ``run`` (the step's experiment with the
  quiz's overrides);
- a challenge's ``solution`` meets its ``goal``, and the step's own experiment does *not*
  (a challenge met before the learner acts teaches nothing).

These follow the quiz's fields (``run``/``expect``, ``goal``/``solution``), not its kind's
name. Each failure is a ``Problem`` at the line of the claim, the ``expect`` condition,
the ``solution`` or the ``goal``, naming the condition and the measured value, in English
(for the author: ``tui-tutor lessons --check --run``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from tui_tutor import ml

from .model import Condition, Lesson, Pack, Problem, Quiz, Step, format_metric

__all__ = [
    "MULTI_RUN_METRICS",
    "check_lesson",
    "check_step",
    "count_checks",
    "measure",
    "run_checks",
]

MULTI_RUN_METRICS: tuple[str, ...] = ("dev_spread",)
"""The metrics ``measure`` computes over several runs (the rest are one run's)."""

DERIVATIVE_METRICS: tuple[str, ...] = tuple(m.name for m in ml.METRICS.values() if m.runs == 0)
"""The metrics of f(θ) = θ³'s difference quotients (``ml.cube_table``): no run needed."""


def _derivative_metrics() -> dict[str, float]:
    at, table = ml.cube_table(epsilons=(0.01,)), ml.cube_table()
    return {
        "dq_one": float(at.one_sided[0]),
        "dq_two": float(at.two_sided[0]),
        "dq_slope_one": table.slope(two_sided=False),
        "dq_slope_two": table.slope(two_sided=True),
        "dq_best_one": table.best(two_sided=False),
        "dq_best_two": table.best(two_sided=True),
    }


@lru_cache(maxsize=1024)
def _final_metrics(config: ml.LabConfig) -> dict[str, float]:
    run, last = config.final()
    return run.metrics(last)


@lru_cache(maxsize=256)
def _asked_metrics(config: ml.LabConfig, asked: tuple[str, ...]) -> dict[str, float]:
    """The final metrics with those that ``asked`` (``ml.RUN_REQUESTS``) measured too."""
    run = config.run(every=config.epochs, extras=asked)
    last = None
    for last in run.records:
        pass
    assert last is not None
    return run.metrics(last)


def measure(config: ml.LabConfig, metrics_needed: Iterable[str] = ()) -> dict[str, float]:
    """Run ``config`` to the end headless and return its metrics (``LabRun.metrics``).

    With "dev_spread" in ``metrics_needed`` the run is repeated over data seeds
    0..runs-1 (``ml.METRICS["dev_spread"].runs``, 5) and ``dev_spread`` = max - min of
    their dev errors is added; with a gradient check's metric (``ml.CHECK_METRICS``) the
    run is checked at initialization and at its end; with a cost surface's metric
    (``ml.SURFACE_METRICS``) the two-weight surface of its data is measured. Runs are
    cached per config for the life of the process (a config is deterministic given its
    seed), so measuring again costs nothing.
    Raises ``ValueError`` (a ``ConfigError`` or ``DataError``) or ``OSError`` when the
    experiment cannot be built, such as a lesson's CSV that is gone or malformed.
    """
    try:
        hash(config)
        final = _final_metrics
    except TypeError:  # a config built by hand with lists: run it uncached
        final = _final_metrics.__wrapped__
    needed = set(metrics_needed)
    asked = tuple(
        name
        for name, names in (("gradcheck", ml.CHECK_METRICS), ("surface", ml.SURFACE_METRICS))
        if needed & set(names)
    )
    if asked:
        cached = final is _final_metrics
        ask = _asked_metrics if cached else _asked_metrics.__wrapped__
        final = lambda c: ask(c, asked)  # noqa: E731
    metrics = dict(final(config))
    if needed & set(DERIVATIVE_METRICS):
        metrics.update(_derivative_metrics())
    if "dev_spread" in needed:
        runs = ml.METRICS["dev_spread"].runs
        devs = [final(config.with_changes(seed=s))["dev_error"] for s in range(runs)]
        metrics["dev_spread"] = max(devs) - min(devs)
    return metrics


def _shown(metric: str, value: float | None) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, float) and math.isnan(value):
        return "NaN"
    return format_metric(metric, value)


def _inline(values: Mapping[str, Any]) -> str:
    """Lab overrides as the lesson writes them: ``{lambd = 30, layers = [20, 3]}``."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return ml.format_number(v)
        if isinstance(v, list | tuple):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'

    return "{" + ", ".join(f"{k} = {value(v)}" for k, v in values.items()) + "}"


def _unmet(
    conditions: Iterable[Condition],
    metrics: Mapping[str, float],
    references: Mapping[int, Mapping[str, float]] | None = None,
) -> list[tuple[Condition, str]]:
    """The conditions ``metrics`` do not meet, each with "measured ..." in words."""
    refs = references or {}
    out = []
    for c in conditions:
        ref = refs.get(c.step) if c.step else None
        if c.holds(metrics, ref):
            continue
        measured = f"measured {_shown(c.metric, metrics.get(c.metric))}"
        if c.step:
            other = None if ref is None else ref.get(c.metric)
            measured += f" (step {c.step}: {_shown(c.metric, other)})"
        out.append((c, measured))
    return out


def _cannot_run(lesson: Lesson, line: int, what: str, exc: Exception) -> Problem:
    return Problem(lesson.path, line, f"{what} cannot run: {exc}")


def _check_claims(lesson: Lesson, step: Step) -> list[Problem]:
    needed = {c.metric for c in step.claims}
    try:
        metrics = measure(step.lab, needed)
        refs = {
            c.step: measure(lesson.steps[c.step - 1].lab, needed) for c in step.claims if c.step
        }
    except (ValueError, OSError) as exc:
        line = step.claims[0].line or step.line
        return [_cannot_run(lesson, line, f"the experiment of step {step.index + 1}", exc)]
    return [
        Problem(lesson.path, c.line or step.line, f"claim {c.describe()} does not hold: {measured}")
        for c, measured in _unmet(step.claims, metrics, refs)
    ]


def _check_quiz(lesson: Lesson, step: Step, quiz: Quiz) -> list[Problem]:
    out = []
    goal_line = quiz.lines.get("goal", quiz.line)
    try:
        if quiz.expect:
            after = measure(step.lab.with_changes(**quiz.run), {c.metric for c in quiz.expect})
            out += [
                Problem(
                    lesson.path,
                    c.line or quiz.line,
                    f"{quiz.id}: after run {_inline(quiz.run)}, {c.describe()} does not hold: "
                    f"{measured}",
                )
                for c, measured in _unmet(quiz.expect, after)
            ]
        if quiz.goal and quiz.solution is not None:
            needed = {c.metric for c in quiz.goal}
            solved = measure(step.lab.with_changes(**quiz.solution), needed)
            line = quiz.lines.get("solution", quiz.line)
            out += [
                Problem(
                    lesson.path,
                    line,
                    f"{quiz.id}: with solution {_inline(quiz.solution)}, {c.describe()} does not "
                    f"hold: {measured}",
                )
                for c, measured in _unmet(quiz.goal, solved)
            ]
        if quiz.goal:
            start = measure(step.lab, {c.metric for c in quiz.goal})
            if not _unmet(quiz.goal, start):
                shown = "; ".join(
                    f"{c.describe()}: measured {_shown(c.metric, start.get(c.metric))}"
                    for c in quiz.goal
                )
                out.append(
                    Problem(
                        lesson.path,
                        goal_line,
                        f"{quiz.id}: the step's own experiment already meets the goal ({shown}); "
                        "a challenge must need the learner's change",
                    )
                )
    except (ValueError, OSError) as exc:
        out.append(_cannot_run(lesson, quiz.line, f"{quiz.id}: the experiment", exc))
    return out


def count_checks(step: Step) -> int:
    """How many facts ``check_step`` tests in ``step`` (0: it has nothing to run).

    A claim is one; a quiz with ``expect`` one; a quiz with a ``goal`` one (the step's
    experiment must not meet it), plus one with a ``solution``.
    """
    n = len(step.claims)
    for quiz in step.quizzes:
        n += bool(quiz.expect) + bool(quiz.goal) + (bool(quiz.goal) and quiz.solution is not None)
    return n


def check_step(lesson: Lesson, step: Step) -> list[Problem]:
    """Run ``step``'s claims, predictions and challenge solutions; the ones that fail.

    ``lesson`` is the step's lesson (its other steps' experiments, for ``step = N``
    claims, and its path).
    """
    out = _check_claims(lesson, step) if step.claims else []
    for quiz in step.quizzes:
        out += _check_quiz(lesson, step, quiz)
    return sorted(out, key=lambda p: p.line)


def check_lesson(lesson: Lesson) -> list[Problem]:
    """``check_step`` for every step of ``lesson``, in file order."""
    return sorted(
        (p for step in lesson.steps for p in check_step(lesson, step)), key=lambda p: p.line
    )


def run_checks(pack: Pack) -> list[Problem]:
    """Run every claim, predict ``expect`` and challenge ``solution`` of ``pack``'s lessons.

    Returns one ``Problem`` per fact that does not hold (empty when all do), sorted by
    file and line; the message names the condition and the measured value. Lessons that
    did not load (``pack.problems``) are not run; report those first.

    Cost: one headless training run per distinct experiment (a step's preset, a
    prediction's ``run``, a challenge's ``solution``), five for a ``dev_spread``
    condition; runs are cached per config for the life of the process (``measure``), so
    checking the same pack again, or the other language's (same experiments), is nearly
    free. A bundled pack (212 checks, 43 runs) takes about 2.5 s on one core from a cold
    cache; a big pack of long presets (large ``m`` and ``epochs``) takes minutes.
    """
    problems = [p for lesson in pack.lessons for p in check_lesson(lesson)]
    return sorted(problems, key=lambda p: (str(p.path), p.line))

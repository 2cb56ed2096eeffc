"""What a parsed lesson is: plain frozen dataclasses, no behaviour beyond small helpers.

Lessons are data. A ``Lesson`` holds its preset (an ``ml.LabConfig``), the lab controls
and views it offers, and its ``Step`` pages; a step holds its own ``LabConfig`` (the
lesson preset with the step's overrides applied), the claims the step's experiment
must show, and its ``Quiz`` blocks. ``Condition`` is the one way a lesson states a fact
about a run: ``metric op value`` (or ``metric op <metric of step N> + margin``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_tutor import ml
from tui_tutor.i18n import has, t

__all__ = [
    "CONTROLS",
    "METRICS",
    "OPS",
    "PERCENT_METRICS",
    "DEFAULT_VIEWS",
    "VIEWS",
    "Condition",
    "Lesson",
    "Pack",
    "Problem",
    "Quiz",
    "Step",
    "format_metric",
    "metric_label",
]

VIEWS: tuple[str, ...] = (
    "curves",
    "boundary",
    "cost",
    "validation",
    "learning",
    # -- (inside: looking inside a hidden layer)
    "activations",
    "weights",
    # -- (gcheck: opt-in, see DEFAULT_VIEWS)
    "derivative",
    "gradcheck",
    # -- (norm: opt-in)
    "surface",
    # deep: opt-in too
    "layers",
)
DEFAULT_VIEWS: tuple[str, ...] = tuple(
    v for v in VIEWS if v not in ("derivative", "gradcheck", "surface", "layers")
)
"""The views a lab offers when its lesson lists none: the derivative and gradcheck views
are opt-in (only the gradient lessons need them, and the check costs a little at the end
of every run); so are the surface view (the normalizing lesson's) and the layers view (the
deep-net lessons')."""
CONTROLS: tuple[str, ...] = ml.CONTROLS
DEFAULT_CONTROLS: tuple[str, ...] = ("lambd", "layers", "lr", "epochs", "m", "noise")
OPS: tuple[str, ...] = ("<", "<=", ">", ">=")

# Metric names are the engine's (``ml.METRICS``); labels live in ``tui_tutor.i18n``.
METRICS: tuple[str, ...] = tuple(ml.METRICS)
PERCENT_METRICS: frozenset[str] = frozenset(n for n, m in ml.METRICS.items() if m.percent)
_OP_SHOWN = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def metric_label(metric: str, lang: str = "en") -> str:
    """The learner's name for a metric ("dev error" / "验证集误差")."""
    key = f"metric.{metric}"
    return t(key, lang) if has(key) else metric


def format_metric(metric: str, value: float | None, *, stated: bool = False) -> str:
    """A metric value as the learner reads it: ``ml.format_value``, the one formatter
    (measured errors "12.4%", ‖W‖² "24.9"; a ``stated`` threshold as written, "12%")."""
    return ml.format_value(metric, value, stated=stated)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a lesson file; ``line`` is 1-based (0 when no line applies)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        if self.line <= 0:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


def _floor_of(metric: str) -> float | None:
    """The lowest value a lab setting can take (λ: 0), or None for anything else."""
    setting = ml.SETTINGS.get(metric)
    limits = getattr(setting, "limits", None)
    return float(limits[0]) if limits and limits[0] is not None else None


@dataclass(frozen=True)
class Condition:
    """``metric op value``, or in claims ``metric op (metric of step N) + margin``.

    ``step`` is 1-based, as the learner counts steps. ``value`` is None when ``step`` is
    set. Errors are fractions (0.12 = 12%). ``line`` is where the lesson file states it
    (0 when built in code); it is not part of the condition's value, so the same claim in
    the en and zh files compares equal.
    """

    metric: str
    op: str
    value: float | None = None
    step: int | None = None
    margin: float = 0.0
    line: int = field(default=0, compare=False)

    def holds(
        self, metrics: Mapping[str, float], reference: Mapping[str, float] | None = None
    ) -> bool:
        """Whether ``metrics`` meet the condition.

        ``reference`` is the metrics of step ``step``'s run (needed only when ``step`` is
        set). A missing or NaN number never holds.
        """
        left = metrics.get(self.metric)
        if self.step is None:
            right = self.value
        else:
            if reference is None or reference.get(self.metric) is None:
                return False
            right = reference[self.metric] + self.margin
        if left is None or right is None or math.isnan(left) or math.isnan(right):
            return False
        if self.op == "<":
            return left < right
        if self.op == "<=":
            return left <= right
        if self.op == ">":
            return left > right
        if self.op == ">=":
            return left >= right
        return False

    def describe(self, lang: str = "en") -> str:
        """The condition in words: "dev error < 12%" / "验证集误差 < 12%"."""
        label = metric_label(self.metric, lang)
        op = _OP_SHOWN.get(self.op, self.op)
        if self.step is None and self.op == "<=" and self.value == _floor_of(self.metric):
            op = "="  # "λ ≤ 0" read as if λ could be negative: it is "λ = 0"
        if self.step is None:
            return f"{label} {op} {format_metric(self.metric, self.value, stated=True)}"
        margin = format_metric(self.metric, self.margin, stated=True)
        extra = f" + {margin}" if self.margin else ""
        if lang == "zh":
            return f"{label} {op} 第 {self.step} 步的{label}{extra}"
        return f"{label} {op} {label} of step {self.step}{extra}"

    def as_dict(self) -> dict[str, Any]:
        """The condition as it is written in a lesson (TOML/JSON values)."""
        out: dict[str, Any] = {"metric": self.metric, "op": self.op}
        if self.step is None:
            out["value"] = self.value
        else:
            out["step"] = self.step
            if self.margin:
                out["margin"] = self.margin
        return out


@dataclass(frozen=True)
class Quiz:
    """One ```quiz block.

    ``answer`` is a 1-based int (single, predict), a tuple of 1-based ints (multiple),
    a float (numeric) or None (challenge). ``run`` (predict) and ``solution``
    (challenge) are lab overrides applied to the step's ``LabConfig``. ``line`` is the
    file line of the ```quiz fence, ``lines`` that of each key of the block.
    """

    id: str
    kind: str
    prompt: str
    choices: tuple[str, ...] = ()
    answer: int | tuple[int, ...] | float | None = None
    tolerance: float = 0.0
    unit: str = ""
    hint: str = ""
    explain: str = ""
    run: Mapping[str, Any] = field(default_factory=dict)
    expect: tuple[Condition, ...] = ()
    goal: tuple[Condition, ...] = ()
    solution: Mapping[str, Any] | None = None
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Step:
    """One page of a lesson. ``index`` is 0-based; the learner sees ``index + 1``.

    ``lab`` is the lesson preset with this step's overrides (``overrides``) applied;
    ``view`` is the view shown first; ``markdown`` has the lab and quiz fences removed.
    ``readout`` names the metrics (``ml.RUN_METRICS``) the lab's readout shows besides
    its usual numbers (the step's ``readout`` key, else the lesson's).
    """

    index: int
    title: str
    markdown: str
    lab: ml.LabConfig
    view: str
    claims: tuple[Condition, ...] = ()
    quizzes: tuple[Quiz, ...] = ()
    overrides: Mapping[str, Any] = field(default_factory=dict)
    line: int = 0
    readout: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """A parsed, valid lesson file."""

    id: str
    title: str
    order: int
    path: Path
    lab: ml.LabConfig
    controls: tuple[str, ...]
    views: tuple[str, ...]
    steps: tuple[Step, ...]

    @property
    def quizzes(self) -> list[Quiz]:
        """Every quiz of the lesson, in order."""
        return [q for s in self.steps for q in s.quizzes]

    def step_of(self, quiz_id: str) -> Step | None:
        """The step that holds quiz ``quiz_id``."""
        for s in self.steps:
            if any(q.id == quiz_id for q in s.quizzes):
                return s
        return None


@dataclass
class Pack:
    """The lessons of one folder (sorted by ``order``, then file name) and its problems."""

    lessons: list[Lesson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def get(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

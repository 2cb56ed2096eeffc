"""Lessons as data: parse and check lesson packs, check quiz answers, keep progress.

No UI imports here: the app and the CLI call this package, never the other way round.
"""

from .model import (
    CONTROLS,
    KINDS,
    METRICS,
    OPS,
    VIEWS,
    Condition,
    Lesson,
    Pack,
    Problem,
    Quiz,
    Step,
    format_metric,
    metric_label,
)
from .parse import check_pack, load_pack, parse_lesson

__all__ = [
    "CONTROLS",
    "KINDS",
    "METRICS",
    "OPS",
    "VIEWS",
    "Condition",
    "Lesson",
    "Pack",
    "Problem",
    "Quiz",
    "Step",
    "check_pack",
    "format_metric",
    "load_pack",
    "metric_label",
    "parse_lesson",
]

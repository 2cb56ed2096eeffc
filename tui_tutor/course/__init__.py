"""Lessons as data: parse, check and verify lesson packs, check quiz answers, keep progress.

No UI imports here: the app and the CLI call this package, never the other way round.
"""

from .kinds import KINDS, QuizKind, Verdict, check_answer, check_conditions, parse_number
from .locale import LANGS, bundled_lessons_dir, default_lang
from .model import (
    CONTROLS,
    METRICS,
    OPS,
    PERCENT_METRICS,
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
from .progress import (
    MAX_PROGRESS_BYTES,
    LessonProgress,
    Progress,
    ProgressError,
    ProgressStore,
    QuizAnswer,
    default_progress_path,
    merge_progress,
    read_progress,
)
from .quiz import lesson_score, quiz_points
from .report import Row, build_report, format_csv, format_table
from .verify import check_lesson, check_step, count_checks, measure, run_checks

__all__ = [
    "CONTROLS",
    "KINDS",
    "QuizKind",
    "LANGS",
    "MAX_PROGRESS_BYTES",
    "METRICS",
    "OPS",
    "PERCENT_METRICS",
    "VIEWS",
    "Condition",
    "Lesson",
    "LessonProgress",
    "Pack",
    "Problem",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "Quiz",
    "QuizAnswer",
    "Row",
    "Step",
    "Verdict",
    "build_report",
    "bundled_lessons_dir",
    "check_answer",
    "check_conditions",
    "check_lesson",
    "check_pack",
    "check_step",
    "count_checks",
    "default_lang",
    "default_progress_path",
    "format_csv",
    "format_metric",
    "format_table",
    "lesson_score",
    "load_pack",
    "measure",
    "merge_progress",
    "metric_label",
    "parse_lesson",
    "parse_number",
    "quiz_points",
    "read_progress",
    "run_checks",
]

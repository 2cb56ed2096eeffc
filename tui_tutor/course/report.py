"""A report over learners' progress files, for lab instructors (``tui-tutor report``).

One row per file: the learner (the file's "learner" field, else the file name without
``.json``; a file named progress.json is named after its folder), lessons finished,
score per lesson (0..1), challenges met. A file that cannot be read gives a row with
``error`` set instead of a crash. Files are only read, never moved or changed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .progress import ProgressError, read_progress

__all__ = ["Row", "build_report", "format_csv", "format_table"]


@dataclass
class Row:
    """One learner file. ``scores`` maps lesson id to a score in [0, 1]."""

    learner: str
    path: Path
    finished: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    challenges: int = 0
    error: str | None = None


def _learner_name(path: Path) -> str:
    stem = path.name.removesuffix(".json")
    if stem == "progress" and path.parent.name not in ("", ".", "tui-tutor"):
        return path.parent.name
    return stem or path.name


def build_report(paths: Iterable[Path | str]) -> list[Row]:
    """Read each progress file into a row; unreadable files give a row with ``error``."""
    rows = []
    for p in paths:
        path = Path(p)
        try:
            progress = read_progress(path)
        except ProgressError as exc:
            rows.append(Row(_learner_name(path), path, error=str(exc)))
            continue
        lessons = progress.lessons
        rows.append(
            Row(
                learner=progress.learner or _learner_name(path),
                path=path,
                finished=sum(1 for lp in lessons.values() if lp.finished),
                scores={lid: lp.score for lid, lp in sorted(lessons.items())},
                challenges=sum(len(lp.challenges) for lp in lessons.values()),
            )
        )
    return rows


def _lesson_ids(rows: list[Row]) -> list[str]:
    ids: list[str] = []
    for row in rows:
        for lid in row.scores:
            if lid not in ids:
                ids.append(lid)
    return sorted(ids)


def _width(text: str) -> int:
    """Terminal cells: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def format_table(rows: list[Row]) -> str:
    """A plain-text table: learner, finished, challenges, one score column per lesson."""
    if not rows:
        return "no progress files given"
    ids = _lesson_ids(rows)
    header = ["learner", "finished", "challenges", *ids]
    body = []
    notes = []
    for row in rows:
        if row.error:
            body.append([row.learner, "unreadable", "", *["" for _ in ids]])
            notes.append(f"{row.learner}: {row.path}: {row.error}")
            continue
        scores = [f"{row.scores[i] * 100:.0f}%" if i in row.scores else "-" for i in ids]
        body.append([row.learner, str(row.finished), str(row.challenges), *scores])
    widths = [max(_width(r[c]) for r in [header, *body]) for c in range(len(header))]
    lines = []
    for r in [header, *body]:
        cells = [_pad(v, widths[c], right=c > 0) for c, v in enumerate(r)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    if notes:
        lines.append("")
        lines.extend(notes)
    return "\n".join(lines)


def format_csv(rows: list[Row]) -> str:
    """CSV: learner, file, finished, challenges, error, then one score column per lesson."""
    ids = _lesson_ids(rows)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "file", "finished", "challenges", "error", *ids])
    for row in rows:
        if row.error:
            writer.writerow([row.learner, str(row.path), "", "", row.error, *["" for _ in ids]])
            continue
        scores = [f"{row.scores[i]:.3f}" if i in row.scores else "" for i in ids]
        writer.writerow([row.learner, str(row.path), row.finished, row.challenges, "", *scores])
    return out.getvalue()

"""A report over learners' progress files, for lab instructors (``tui-tutor report``).

One row per file: the learner (the name the learner set with ``tui-tutor --name``, else
a name from the file's path: ``alice.json`` is "alice", ``alice/progress.json`` and the
default ``/home/alice/.local/share/tui-tutor/progress.json`` are "alice"), lessons
finished (``quiz.lesson_finished``: every question done or the last step reached), score
per lesson (0..1), challenges met. A file is the learner's, so nothing in it is trusted:

- a file that cannot be read gives a row with ``error`` set (never a crash, and the
  other files still get their rows);
- checked against the lesson pack (``lessons``), a score comes from the file's answers,
  and what cannot be true is left out of the counts and named in ``flags``: a stored
  score outside 0..100% or above what its answers give, a lesson, question or challenge
  the pack does not have, a step past the lesson's end;
- every text from the file is shown through ``tui_tutor.safe`` (``clean_line`` in the
  table, ``csv_cell`` in CSV), so no control sequence or spreadsheet formula rides in.

Files are only read, never moved or changed.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tui_tutor.safe import clean_line, csv_cell

from .learner import LessonProgress, Progress
from .model import Lesson, Pack
from .progress import ProgressError, read_progress
from .quiz import lesson_finished, lesson_score

__all__ = ["Row", "build_report", "format_csv", "format_table"]

NAME_CHARS = 40
"""A learner name is cut to this many characters in the report."""
_TOLERANCE = 0.005  # a stored score may round differently from the recomputed one
# Folders of the platforms' user data paths: a default progress.json is named after the
# first folder above them (/home/alice/.local/share/tui-tutor/progress.json is "alice").
_DATA_FOLDERS = {
    "tui-tutor", "share", ".local", "local", "library", "application support", "appdata",
    "roaming", "data", "users", "home",
}  # fmt: skip

Course = Pack | Mapping[str, Pack] | None
"""What the files are checked against: one pack, a pack per language (a file is checked
against its own language's pack, or all of them when it names none), or nothing."""


@dataclass
class Row:
    """One learner file. ``scores`` maps lesson id to a score in [0, 1]; ``flags`` say
    what in the file cannot be true (left out of the counts)."""

    learner: str
    path: Path
    finished: int = 0
    scores: dict[str, float] = field(default_factory=dict)
    challenges: int = 0
    error: str | None = None
    flags: list[str] = field(default_factory=list)


def _learner_name(path: Path) -> str:
    stem = path.name.removesuffix(".json")
    if stem != "progress":
        return clean_line(stem or path.name, limit=NAME_CHARS)
    for folder in path.absolute().parents:
        if folder.name and folder.name.lower() not in _DATA_FOLDERS:
            return clean_line(folder.name, limit=NAME_CHARS)
    return stem


def _lessons_for(course: Course, lang: str | None) -> dict[str, Lesson] | None:
    """The lessons a file in ``lang`` is checked against, by id in course order."""
    if course is None:
        return None
    if isinstance(course, Pack):
        packs: Sequence[Pack] = [course]
    elif lang in course:
        packs = [course[lang]]
    else:
        packs = list(course.values())
    out: dict[str, Lesson] = {}
    for pack in packs:
        for lesson in pack.lessons:
            out.setdefault(lesson.id, lesson)
    return out


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x) < 1e6 else "a huge number"


def _check_lesson(lid: str, lp: LessonProgress, lesson: Lesson, row: Row) -> None:
    """Score, finished and challenges of one known lesson, flagging what cannot be."""
    name = clean_line(lid)
    score = lesson_score(lesson, lp.answers)
    if not 0 <= lp.score <= 1:
        row.flags.append(f"{name}: the file says {_pct(lp.score)}; a score is 0 to 100%")
    elif lp.score > score + _TOLERANCE:
        row.flags.append(
            f"{name}: the file says {_pct(lp.score)}, more than its answers give ({_pct(score)})"
        )
    quiz_ids = {q.id for q in lesson.quizzes}
    unknown = [qid for qid in lp.answers if qid not in quiz_ids]
    if unknown:
        row.flags.append(f"{name}: answers to {len(unknown)} questions the lesson does not have")
    goals = {q.id for q in lesson.quizzes if q.kind == "challenge"}
    met = [c for c in lp.challenges if c in goals]
    if len(met) < len(lp.challenges):
        extra = len(lp.challenges) - len(met)
        row.flags.append(f"{name}: {extra} challenges met that the lesson does not have")
    if max(lp.step, lp.reached) >= len(lesson.steps):
        row.flags.append(
            f"{name}: at step {max(lp.step, lp.reached) + 1}; the lesson has "
            f"{len(lesson.steps)} steps"
        )
    row.scores[lid] = score
    row.challenges += len(met)
    row.finished += lesson_finished(lesson, lp)


def _row(path: Path, progress: Progress, lessons: dict[str, Lesson] | None) -> Row:
    name = progress.learner.strip() if progress.learner else ""
    row = Row(clean_line(name, limit=NAME_CHARS) if name else _learner_name(path), path)
    if progress.dropped:
        row.flags.append(f"left out (nested too deeply): {clean_line(progress.dropped[0])}")
    missing = []
    for lid, lp in progress.lessons.items():
        if lessons is None:  # nothing to check against: the file's own figures, clamped
            if not 0 <= lp.score <= 1:
                row.flags.append(f"{clean_line(lid)}: the file says {_pct(lp.score)}")
            row.scores[lid] = min(max(lp.score, 0.0), 1.0)
            row.finished += lp.finished
            row.challenges += len(lp.challenges)
        elif lid in lessons:
            _check_lesson(lid, lp, lessons[lid], row)
        else:
            missing.append(lid)
    if missing:
        shown = ", ".join(clean_line(lid, limit=30) for lid in missing[:3])
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        row.flags.append(f"lessons the pack does not have: {shown}{more} (not counted)")
    return row


def build_report(paths: Iterable[Path | str], lessons: Course = None) -> list[Row]:
    """Read each progress file into a row; unreadable files give a row with ``error``.

    ``lessons`` is what the files are checked against (see ``Course``); None trusts
    each file's own figures (clamped to 0..100%).
    """
    rows = []
    for p in paths:
        path = Path(p)
        try:
            progress = read_progress(path)
            rows.append(_row(path, progress, _lessons_for(lessons, progress.lang)))
        except ProgressError as exc:
            rows.append(Row(_learner_name(path), path, error=str(exc)))
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:  # never a crash
            rows.append(Row(_learner_name(path), path, error=f"cannot be read ({exc})"))
    return rows


def _lesson_ids(rows: list[Row], lessons: Course) -> list[str]:
    """The lesson columns: in course order when there is a pack, else by id."""
    seen = {lid for row in rows for lid in row.scores}
    if lessons is not None:
        order = _lessons_for(lessons, None) or {}
        return [lid for lid in order if lid in seen]
    return sorted(seen)


def _width(text: str) -> int:
    """Terminal cells: CJK and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def format_table(rows: list[Row], lessons: Course = None) -> str:
    """A plain-text table: learner, finished, challenges, one score column per lesson (and
    "check" when a row is flagged); the reasons below it. Every cell is cleaned."""
    if not rows:
        return "no progress files given"
    ids = _lesson_ids(rows, lessons)
    flagged = any(row.flags for row in rows)
    header = ["learner", "finished", "challenges", *(clean_line(i, limit=30) for i in ids)]
    header += ["check"] if flagged else []
    body = []
    notes = []
    for row in rows:
        learner = clean_line(row.learner, limit=NAME_CHARS)
        where = clean_line(row.path)
        if row.error:
            body.append([learner, "unreadable", "", *["" for _ in ids], *[""] * flagged])
            notes.append(f"{learner}: {where}: {clean_line(row.error)}")
            continue
        scores = [_pct(row.scores[i]) if i in row.scores else "-" for i in ids]
        check = ["flagged" if row.flags else "ok"] if flagged else []
        body.append([learner, str(row.finished), str(row.challenges), *scores, *check])
        notes.extend(f"{learner}: {where}: flagged: {clean_line(f)}" for f in row.flags)
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


def format_csv(rows: list[Row], lessons: Course = None) -> str:
    """CSV: learner, file, finished, challenges, error, flags, then one score column per
    lesson. Every text cell goes through ``csv_cell``: a spreadsheet evaluates none."""
    ids = _lesson_ids(rows, lessons)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["learner", "file", "finished", "challenges", "error", "flags", *map(csv_cell, ids)]
    )
    for row in rows:
        texts = [csv_cell(row.learner), csv_cell(row.path)]
        if row.error:
            writer.writerow([*texts, "", "", csv_cell(row.error), "", *["" for _ in ids]])
            continue
        scores = [f"{row.scores[i]:.3f}" if i in row.scores else "" for i in ids]
        flags = csv_cell("; ".join(row.flags))
        writer.writerow([*texts, row.finished, row.challenges, "", flags, *scores])
    return out.getvalue()

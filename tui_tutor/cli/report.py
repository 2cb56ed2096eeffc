"""``tui-tutor report``: one row per learner's progress file, as a table or CSV.

Each file is checked against a lesson pack (``--lessons DIR``; by default the bundled
pack of the file's language, or both when it names none): figures that cannot be true
are left out and the row is flagged with the reason. A file that cannot be read as
progress still gets its row, with the reason; the exit status is 1 when any row is
flagged or unreadable, so scripts notice. A path that does not exist or is a folder is
bad input (exit 2, nothing on stdout). Files are only read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, PROG, UsageError
from .lessons import folder

NAME = "report"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``report`` subcommand: FILE..., --lessons DIR and --csv."""
    from tui_tutor.course.quiz import FINISHED_HELP

    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="summarize learners' progress files",
        description="One row per learner file: lessons finished, challenges met, score per "
        f"lesson. A lesson counts as finished when it has {FINISHED_HELP}. Each file is "
        "checked against the lesson pack: a score comes from the file's answers, and what "
        "cannot be true (a score outside 0..100% or above what the answers give, a lesson, "
        "question or challenge the pack does not have) is left out and the row is flagged, "
        "with the reason below the table (in CSV: the flags column). A file that cannot be "
        "read (not JSON, not a progress file, too large, a pipe) still gets a row marked "
        "unreadable, with the reason (in CSV: the error column). The exit status is 1 when "
        "a row is flagged or unreadable, 0 when none is. A FILE that does not exist or is "
        "a folder is an error (exit 2, nothing printed on stdout).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="progress .json files")
    p.add_argument(
        "--lessons",
        dest="pack",
        metavar="DIR",
        help="check the files against the lesson pack in DIR (default: the bundled "
        "lessons in each file's language, or both when the file names none)",
    )
    p.add_argument("--csv", action="store_true", help="CSV instead of a table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """One row per learner progress file, as a table or CSV; exit 1 if one is flagged
    or unreadable."""
    from tui_tutor import course

    paths = []
    for f in args.files:
        p = Path(f)
        if not p.exists():
            raise UsageError(f"{f}: no such file; give progress .json files")
        if p.is_dir():
            raise UsageError(f"{f}: is a folder; give progress .json files")
        paths.append(p)
    if args.pack is not None:
        pack = course.load_pack(folder(args.pack, "--lessons"))
        if not pack.lessons:
            raise UsageError(f"--lessons: {args.pack} holds no valid lesson; give a lesson pack")
        lessons: course.report.Course = pack
    else:
        lessons = {
            lang: course.load_pack(course.bundled_lessons_dir(lang)) for lang in course.LANGS
        }
    rows = course.build_report(paths, lessons)
    formatter = course.format_csv if args.csv else course.format_table
    text = formatter(rows, lessons)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    # An unreadable or flagged file still gets its row (with the reason); the status tells.
    return EXIT_PROBLEMS if any(row.error or row.flags for row in rows) else EXIT_OK

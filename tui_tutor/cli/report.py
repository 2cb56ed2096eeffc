"""``tui-tutor report``: one row per learner's progress file, as a table or CSV.

A file that cannot be read as progress (not JSON, not UTF-8, another schema, a pipe)
still gets its row, with the reason, and the exit status is 1 so scripts notice; a path
that does not exist or is a folder is bad input (exit 2). Files are only read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import EXIT_OK, EXIT_PROBLEMS, PROG, UsageError

NAME = "report"


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``report`` subcommand: FILE... and --csv."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="summarize learners' progress files",
        description="One row per learner file: lessons finished, challenges met, score per "
        "lesson. A file that cannot be read (not JSON, not a progress file, a pipe) still "
        "gets a row marked unreadable, with the reason below the table (in CSV: the error "
        "column), and the exit status is 1. A FILE that does not exist or is a folder is "
        "an error (exit 2, nothing printed on stdout).",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="progress .json files")
    p.add_argument("--csv", action="store_true", help="CSV instead of a table")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """One row per learner progress file, as a table or CSV; exit 1 if one is unreadable."""
    from tui_tutor import course

    paths = []
    for f in args.files:
        p = Path(f)
        if not p.exists():
            raise UsageError(f"{f}: no such file; give progress .json files")
        if p.is_dir():
            raise UsageError(f"{f}: is a folder; give progress .json files")
        paths.append(p)
    rows = course.build_report(paths)
    text = course.format_csv(rows) if args.csv else course.format_table(rows)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    # An unreadable file still gets its row (with the reason); the status tells scripts.
    return EXIT_PROBLEMS if any(row.error for row in rows) else EXIT_OK

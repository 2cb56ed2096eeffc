"""``tui-tutor class watch DIR`` and ``tui-tutor class status DIR [--json] [--csv FILE]``.

``add_parsers(sub)`` adds both to the ``class`` command's subparsers (``cli/classes.py``,
branch classsrv). ``watch`` runs the instructor's live view (Textual, imported last);
``status`` prints the same rows for scripts: a table, ``--json`` (one object, schema in
the README: format ``tui-tutor-class-status``) or ``--csv FILE`` (``-``: stdout; cells a
spreadsheet would evaluate are neutralized).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from tui_tutor.i18n import LANGS
from tui_tutor.safe import clean_line

from .errors import UsageError

__all__ = ["add_parsers", "run_status", "run_watch"]


def add_parsers(sub: Any) -> None:
    """Add ``watch`` and ``status`` to the ``class`` command's subparsers."""
    watch = sub.add_parser("watch", help="the instructor's live view of the class in DIR")
    watch.add_argument("dir", metavar="DIR", help="the class folder")
    watch.add_argument(
        "--lang", dest="watch_lang", choices=LANGS, help="language (default: from the locale)"
    )
    watch.add_argument("--lessons", dest="pack", metavar="DIR", help="the learners' lesson pack")
    watch.add_argument(
        "--test-mode", dest="watch_test", action="store_true", help=argparse.SUPPRESS
    )
    watch.set_defaults(run=run_watch)
    status = sub.add_parser("status", help="the live view's rows for scripts")
    status.add_argument("dir", metavar="DIR", help="the class folder")
    status.add_argument("--json", action="store_true", help="one JSON object (see the README)")
    status.add_argument("--csv", metavar="FILE", help="write the rows as CSV to FILE (- = stdout)")
    status.add_argument("--lessons", dest="pack", metavar="DIR", help="the learners' lesson pack")
    status.set_defaults(run=run_status)


def _watch(args: argparse.Namespace, lang: str) -> Any:
    from tui_tutor import course
    from tui_tutor.classroom.watch import ClassWatch

    lessons_dir = Path(args.pack) if args.pack else course.bundled_lessons_dir(lang)
    if not lessons_dir.is_dir():
        raise UsageError(f"--lessons: {lessons_dir} is not a folder of lessons")
    lessons = course.load_pack(lessons_dir).lessons
    try:
        return ClassWatch(Path(args.dir), lessons), lessons
    except ValueError as exc:
        raise UsageError(f"DIR: {exc}") from None


def run_status(args: argparse.Namespace) -> int:
    """Print the class's rows (table, JSON or CSV); 0."""
    from tui_tutor import course

    watch, _ = _watch(args, course.default_lang())
    if args.csv is not None:
        text = watch.as_csv()
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            Path(args.csv).write_text(text, encoding="utf-8")
    if args.json:
        print(json.dumps(watch.as_json(), ensure_ascii=False, allow_nan=False))
    elif args.csv is None:
        data = watch.as_json()
        print(f"{'learner':16} {'online':6} {'lesson':18} {'step':5} {'score':7} needs")
        for row in data["learners"]:
            step = f"{row['step']}/{row['steps']}" if row["step"] else "-"
            score = f"{row['points']:g}/{row['questions']}" if row["questions"] else "-"
            needs = " ".join(row["needs"]) or (
                clean_line(row["problem"], limit=40) if row["problem"] else ""
            )
            print(
                f"{clean_line(row['name'], limit=16):16} {'yes' if row['connected'] else 'no':6} "
                f"{clean_line(row['lesson'] or '-', limit=18):18} {step:5} {score:7} {needs}"
            )
    return 0


def run_watch(args: argparse.Namespace) -> int:
    """Run the live view until the instructor quits; its exit status."""
    from tui_tutor import course

    from .app import has_terminal

    lang = args.watch_lang or course.default_lang()
    watch, lessons = _watch(args, lang)
    if not args.watch_test and not has_terminal():
        raise UsageError("class watch needs a terminal; for scripts use 'class status --json'")
    from tui_tutor.classroom.watchapp import WatchApp

    app = WatchApp(watch.root, lessons, lang=lang, test_mode=args.watch_test)
    return int(app.run() or 0)

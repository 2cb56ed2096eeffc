"""``tui-tutor lessons``: list a pack's lessons, or with ``--check`` validate lesson folders.

``--check [DIR]`` prints ``file:line: message`` per problem of DIR (a folder or one .md
file; by default every bundled pack) and exits 1 when any is found; with ``--run`` it also
trains every step's experiment headless and reports each claim, prediction and challenge
solution that does not hold, with the measured value (``course.verify``). ``folder`` checks a
lesson-folder argument (the app's ``--lessons`` uses it too).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui_tutor.i18n import LANGS
from tui_tutor.safe import clean_line

from . import output as out
from .errors import EXIT_OK, EXIT_PROBLEMS, PROG, UsageError

NAME = "lessons"
_BUNDLED = "(the bundled lessons)"  # --check without DIR (an empty DIR is refused)


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``lessons`` subcommand (its --lang and --lessons may also come before it)."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="list the lessons, or check a lesson folder",
        description="List the lessons of a pack, or with --check validate one.",
    )
    # SUPPRESS: `tui-tutor --lang zh lessons` keeps the top-level value.
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help="language (default: from the locale)",
    )
    p.add_argument(
        "--lessons",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a lesson folder instead of the bundled one",
    )
    p.add_argument(
        "--check",
        nargs="?",
        const=_BUNDLED,
        metavar="DIR",
        help="validate DIR, a folder or one .md file (default: the bundled lessons); print "
        "file:line: message per problem, exit 1 when any is found",
    )
    p.add_argument(
        "--run",
        dest="run_checks",
        action="store_true",
        help="with --check: also run every claim, predict quiz and challenge solution of "
        "the pack (trains each step's experiment headless; seconds to minutes) and report "
        "each that does not hold, with the measured value",
    )
    p.set_defaults(run=run)


def folder(path: str, flag: str, files: bool = False) -> Path:
    """``path`` as a lesson folder (or, with ``files``, a single lesson file too)."""
    p = Path(path)
    accepted = "give a folder of lesson .md files" + (" or one .md file" if files else "")
    if not path.strip():  # Path("") is the current folder: never a silent default
        raise UsageError(f"{flag}: the path is empty; {accepted}")
    if not p.exists():
        raise UsageError(f"{flag}: {path} does not exist; {accepted}")
    if not (p.is_dir() or (files and p.is_file())):
        raise UsageError(f"{flag}: {path} is not a folder; {accepted}")
    return p


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def _run_checks(course: Any, packs: list[Any]) -> list[Any]:
    """Verify every loaded lesson, printing each failure as it is found."""
    lessons = [lesson for pack in packs for lesson in pack.lessons]
    status = out.Progress(len(lessons))
    found = []
    try:
        for i, lesson in enumerate(lessons, start=1):
            name = clean_line(lesson.path.name)
            status.note(f"running the experiments of {name} ({i}/{len(lessons)})")
            for problem in course.check_lesson(lesson):
                status.close()
                print(clean_line(problem), flush=True)
                found.append(problem)
    finally:
        status.close()
    return found


def run(args: argparse.Namespace) -> int:
    """List a pack's lessons, or check a lesson folder (every bundled one by default)."""
    from tui_tutor import course

    lang = getattr(args, "lang", None)
    custom = getattr(args, "lessons", None)
    if args.check is not None:
        if args.check is not _BUNDLED:
            dirs = [folder(args.check, "--check", files=True)]
        elif custom is not None:
            dirs = [folder(custom, "--lessons")]
        else:
            dirs = [course.bundled_lessons_dir(x) for x in ([lang] if lang else LANGS)]
        packs = [course.load_pack(d) for d in dirs]
        problems = [p for pack in packs for p in pack.problems]
        for problem in problems:
            print(clean_line(problem))
        if args.run_checks:
            problems += _run_checks(course, packs)
        if problems:
            print(f"{_plural(len(problems), 'problem')} found", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"{_plural(sum(len(pack.lessons) for pack in packs), 'lesson')} OK")
        return EXIT_OK
    if args.run_checks:
        raise UsageError("--run goes with --check: tui-tutor lessons --check [DIR] --run")
    where = folder(custom, "--lessons") if custom is not None else None
    pack = course.load_pack(where or course.bundled_lessons_dir(lang or course.default_lang()))
    for problem in pack.problems:
        print(f"problem: {clean_line(problem)}", file=sys.stderr)
    # Titles come from the pack: shown as text (a title cannot set the window's title).
    rows = [
        (str(les.order), les.id, str(len(les.steps)), str(len(les.quizzes)), clean_line(les.title))
        for les in pack.lessons
    ]
    if rows:
        print(out.table(("order", "id", "steps", "quizzes", "title"), rows, left=(1,)))
    else:
        print("no lessons found")
    return EXIT_OK

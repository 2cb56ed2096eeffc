"""Starting the app: check what can be checked without Textual, then run it.

``tui-tutor`` without a command lands here. ``--lessons``, ``--lesson``, ``--progress``
and ``--name`` are checked first, so a typo is one error line, not a traceback inside
the app; then that stdin and stdout are a terminal (the app draws on one and reads keys
from it: under a pipe or cron it would wait until killed). ``--name`` is stored in the
progress file before the app starts. ``--class DIR`` joins a class (``classroom.seat``):
DIR must be a class folder and ``--name`` (default: the login name) a name on its roster;
progress then defaults to DIR/progress/NAME.json. Textual is imported only once the checks pass,
which keeps the headless commands fast (and free of it).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from tui_tutor.safe import has_control

from .errors import PROG, UsageError
from .lessons import folder

# The top-level options that belong to the app (``lang`` and ``lessons`` also to `lessons`).
OPTIONS = ("lang", "lesson", "lessons", "progress", "name", "class_dir", "test_mode")
NAME_CHARS = 40
"""The longest learner name ``--name`` takes (the report shows 40 characters)."""


def _progress_path(path: str) -> Path:
    """``--progress``: a regular file (existing or not) in an existing folder."""
    if not path.strip():
        raise UsageError("--progress: the path is empty; give a file path")
    progress = Path(path)
    if progress.is_dir():
        raise UsageError(f"--progress: {progress} is a folder; give a file path")
    if progress.exists() and not progress.is_file():
        raise UsageError(
            f"--progress: {progress} is not a regular file (a pipe or device); give a file path"
        )
    if not progress.parent.is_dir():
        raise UsageError(
            f"--progress: the folder {progress.parent} does not exist; "
            "give a file path in an existing folder"
        )
    return progress


def learner_name(text: str) -> str:
    """``--name``: 1 to ``NAME_CHARS`` characters of plain text, spaces trimmed."""
    name = " ".join(text.split())
    accepted = f"give 1 to {NAME_CHARS} characters, such as --name 'Ana Li'"
    if not name:
        raise UsageError(f"--name: the name is empty; {accepted}")
    if has_control(text) or any(c in text for c in "\t\n\r"):
        raise UsageError(f"--name: the name holds a control character; {accepted}")
    if len(name) > NAME_CHARS:
        raise UsageError(f"--name: the name has {len(name)} characters; {accepted}")
    return name


def _seat(args: argparse.Namespace) -> Any:
    """``--class DIR`` (with ``--name``, default the login name): the learner's seat, or
    None without ``--class``."""
    if getattr(args, "class_dir", None) is None:
        return None
    from tui_tutor.classroom.seat import SeatError, take_seat

    if not args.class_dir.strip():
        raise UsageError("--class: the path is empty; give a class folder")
    try:
        return take_seat(args.class_dir, args.name)
    except SeatError as exc:
        raise UsageError(str(exc)) from None


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def has_terminal() -> bool:
    """Whether the app can run here: stdin and stdout are both a terminal."""
    return _isatty(sys.stdin) and _isatty(sys.stdout)


def _store_name(path: Path | None, name: str) -> bool:
    """Put ``name`` in the progress file (merged, like every save); False when the file
    cannot be read as it is (the app then moves it aside and says why)."""
    from tui_tutor.course import Progress, ProgressError, ProgressStore, read_progress

    store = ProgressStore(path)
    progress = Progress()
    if store.path.exists() or store.path.is_symlink():
        try:
            progress = read_progress(store.path)
        except ProgressError:
            return False
    if progress.learner == name:
        return True
    progress.set_learner(name)
    return store.save(progress)


def run(args: argparse.Namespace) -> int:
    """Check the app's options, then start the app; returns its exit status."""
    from tui_tutor import course

    lang = args.lang or course.default_lang()
    lessons_dir = folder(args.lessons, "--lessons") if args.lessons is not None else None
    if args.lesson is not None:
        pack = course.load_pack(lessons_dir or course.bundled_lessons_dir(lang))
        ids = [lesson.id for lesson in pack.lessons]
        if args.lesson not in ids:
            raise UsageError(
                f"--lesson: no lesson {args.lesson!r}; choose from "
                + (", ".join(ids) if ids else "(none: the pack has no lessons)")
            )
    seat = _seat(args)
    if seat is not None and args.progress is None:
        args.progress = str(seat.progress)  # a class keeps its learners' progress
    progress = _progress_path(args.progress) if args.progress is not None else None
    name = seat.name if seat is not None else None
    if seat is None and args.name is not None:
        name = learner_name(args.name)
    if not args.test_mode and not has_terminal():
        raise UsageError(
            "the app needs a terminal (stdin and stdout are a pipe or a file here); run it "
            f"in a terminal, or use the headless commands: see '{PROG} --help'"
        )
    saves = progress is not None or not args.test_mode  # test mode alone saves nothing
    stored = name is None or not saves or _store_name(progress, name)
    from tui_tutor.app import run_app  # Textual is imported only here

    status = run_app(
        lang=lang,
        lesson=args.lesson,
        lessons_dir=lessons_dir,
        progress=progress,
        test_mode=args.test_mode,
        **({"classroom": seat} if seat is not None else {}),
    )
    if not stored and name is not None:
        _store_name(progress, name)  # the app replaced the unreadable file: name the new one
    return int(status or 0)

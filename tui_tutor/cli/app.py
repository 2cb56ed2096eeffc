"""Starting the app: check what can be checked without Textual, then run it.

``tui-tutor`` without a command lands here. ``--lessons``, ``--lesson`` and
``--progress`` are checked first, so a typo is one error line, not a traceback inside
the app; Textual is imported only once the checks pass, which keeps the headless
commands fast (and free of it).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .errors import UsageError
from .lessons import folder

# The top-level options that belong to the app (``lang`` and ``lessons`` also to `lessons`).
OPTIONS = ("lang", "lesson", "lessons", "progress", "test_mode")


def _progress_path(path: str) -> Path:
    """``--progress``: a regular file (existing or not) in an existing folder."""
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


def run(args: argparse.Namespace) -> int:
    """Check the app's options, then start the app; returns its exit status."""
    from tui_tutor import course

    lang = args.lang or course.default_lang()
    lessons_dir = folder(args.lessons, "--lessons") if args.lessons else None
    if args.lesson is not None:
        pack = course.load_pack(lessons_dir or course.bundled_lessons_dir(lang))
        ids = [lesson.id for lesson in pack.lessons]
        if args.lesson not in ids:
            raise UsageError(
                f"--lesson: no lesson {args.lesson!r}; choose from "
                + (", ".join(ids) if ids else "(none: the pack has no lessons)")
            )
    progress = _progress_path(args.progress) if args.progress is not None else None
    from tui_tutor.app import run_app  # Textual is imported only here

    status = run_app(
        lang=lang,
        lesson=args.lesson,
        lessons_dir=lessons_dir,
        progress=progress,
        test_mode=args.test_mode,
    )
    return int(status or 0)

"""The Textual app: a lesson step beside the live lab. `run_app` is the entry the CLI calls."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tui_tutor.classroom.seat import Seat

    from .app import TutorApp

__all__ = ["StartError", "build_app", "run_app"]


class StartError(Exception):
    """The app cannot start (no lessons, unknown lesson, bad language); `code`: exit status."""

    def __init__(self, message: str, code: int = 2) -> None:
        super().__init__(message)
        self.code = code


def build_app(
    *,
    lang: str | None = None,
    lesson: str | None = None,
    lessons_dir: Path | None = None,
    progress: Path | None = None,
    test_mode: bool = False,
    classroom: Seat | None = None,
) -> TutorApp:
    """The app, ready to run: lessons loaded, progress read, start point chosen.

    `progress` None uses the user data folder, except in test mode (then nothing is saved).
    `classroom`: the learner's seat in a class (`--class`): the app then keeps the class's
    live file and follows the instructor's guided commands (`app/classlink.py`).
    Raises `StartError` when there is nothing to show.
    """
    from tui_tutor import course
    from tui_tutor.i18n import LANGS, t

    from .app import TutorApp
    from .cjk_wrap import install as install_cjk_wrap
    from .tracker import Tracker

    install_cjk_wrap()  # Chinese lines break between characters, not inside numbers

    if lang is None:
        lang = course.default_lang()
    if lang not in LANGS:
        raise StartError(f"--lang: unknown language {lang!r}; accepted: {', '.join(LANGS)}")
    directory = Path(lessons_dir) if lessons_dir is not None else course.bundled_lessons_dir(lang)
    if lessons_dir is not None and not directory.is_dir():
        raise StartError(f"--lessons: {directory} is not a folder of lessons")
    pack = course.load_pack(directory)
    if not pack.lessons and lessons_dir is None and lang != "en":
        directory = course.bundled_lessons_dir("en")
        pack = course.load_pack(directory)
    if not pack.lessons:
        lines = [str(p) for p in pack.problems] + [t("no_lessons", "en", dir=directory)]
        raise StartError("\n".join(lines), code=1)

    store = None
    if progress is not None or not test_mode:
        store = course.ProgressStore(Path(progress) if progress is not None else None)
    tracker = Tracker(store, lang=lang, lessons=pack.lessons)

    notes: list[str] = []
    step = 0
    if lesson is not None:
        if pack.get(lesson) is None:
            known = ", ".join(item.id for item in pack.lessons)
            raise StartError(f"--lesson: no lesson with id {lesson!r}; known ids: {known}")
    else:
        saved = tracker.resume_point()
        found = pack.get(saved[0]) if saved else None
        if saved and found is not None:
            lesson, step = found.id, max(0, min(saved[1], len(found.steps) - 1))
            if step or found is not pack.lessons[0]:
                where = t("step_of", lang, n=step + 1, m=len(found.steps))
                notes.append(t("resumed", lang, title=found.title, step=where))
    extra: dict[str, Any] = {}
    app_class: type[TutorApp] = TutorApp
    if classroom is not None:
        from .classlink import ClassTutorApp

        app_class, extra = ClassTutorApp, {"seat": classroom}
    return app_class(
        pack.lessons,
        tracker,
        lang=lang,
        lesson_id=lesson,
        step=step,
        problems=list(pack.problems),
        notes=notes,
        test_mode=test_mode,
        lessons_dir=directory,
        **extra,
    )


def run_app(
    *,
    lang: str | None = None,
    lesson: str | None = None,
    lessons_dir: Path | None = None,
    progress: Path | None = None,
    test_mode: bool = False,
    classroom: Seat | None = None,
) -> int:
    """Run the tutor until the learner quits; the exit status (0, or 1/2 when it cannot start)."""
    try:
        app = build_app(
            lang=lang,
            lesson=lesson,
            lessons_dir=lessons_dir,
            progress=progress,
            test_mode=test_mode,
            classroom=classroom,
        )
    except StartError as error:
        from tui_tutor.safe import clean

        print(f"tui-tutor: {clean(error)}", file=sys.stderr)  # quotes file names and ids
        return error.code
    result = app.run()
    if isinstance(result, int):
        return result
    return int(app.return_code or 0)

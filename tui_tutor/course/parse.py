"""Load and check a pack of lessons: each file's problems, duplicate ids and broken links.

One file is read by ``lessonfile.LessonParser``; here the files of a folder are read,
their ids checked for duplicates and their ``lesson:ID#STEP`` links checked against the
pack. Every problem is a ``Problem(path, line, message)``.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui_tutor.safe import clean, has_control

from .fences import Link
from .lessonfile import LessonParser
from .limits import MAX_LESSON_BYTES, MAX_LESSON_FILES, MAX_PACK_BYTES, size_text
from .model import Lesson, Pack, Problem

__all__ = ["check_pack", "load_pack", "parse_lesson"]


@dataclass
class _Parsed:
    path: Path
    lesson: Lesson | None
    problems: list[Problem]
    fatal: bool
    id: str | None = None
    id_line: int = 1
    links: list[Link] = field(default_factory=list)


_CACHE: dict[tuple[str, bytes], _Parsed] = {}
_CACHE_MAX = 256
_CACHE_LOCK = threading.Lock()


def _parse_cached(path: Path, data: bytes) -> _Parsed:
    """``_parse``, remembered by path and content (a digest of the bytes, not a file
    time, so a file rewritten within the clock's tick is parsed again). Each call gets
    its own ``_Parsed`` with its own lists; the ``Lesson`` inside is frozen and shared.
    An app, ``report`` and the tests load the same packs many times in one process. A
    lesson that names a CSV is never remembered (its check reads the data file too)."""
    if b"csv" in data:  # a lab reading a data file depends on more than these bytes
        return _parse(path, data)
    key = (str(path), hashlib.blake2b(data, digest_size=16).digest())
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
    if hit is None:
        hit = _parse(path, data)
        with _CACHE_LOCK:
            _CACHE[key] = hit
            while len(_CACHE) > _CACHE_MAX:
                _CACHE.pop(next(iter(_CACHE)))
    return replace(hit, problems=list(hit.problems), links=list(hit.links))


def _parse(path: Path, data: bytes | str) -> _Parsed:
    parser = LessonParser(path)
    try:
        lesson = parser.parse(data)
    except RecursionError:  # pathologically nested TOML: report, never crash
        parser.problem(1, "the lesson's TOML is nested too deeply to read")
        lesson = None
    return _Parsed(
        path,
        lesson if not parser.fatal else None,
        parser.problems,
        parser.fatal,
        parser.id,
        parser.id_line,
        parser.links,
    )


def _within_budget(
    folder: Path, files: list[Path], only: Path | None, problems: list[Problem]
) -> list[Path]:
    """The first files whose sizes add up to at most ``MAX_PACK_BYTES`` (each file over
    ``MAX_LESSON_BYTES`` counts as nothing: it is refused unread); the rest is reported."""
    total, kept = 0, []
    for path in files:
        try:
            size = path.stat().st_size
        except OSError:
            size = 0
        if size <= MAX_LESSON_BYTES:
            total += size
        if total > MAX_PACK_BYTES:
            problems.append(
                Problem(
                    folder,
                    0,
                    f"the lesson files add up to more than {size_text(MAX_PACK_BYTES)}, what a "
                    f"pack may hold: only the first {len(kept)} by name are read",
                )
            )
            if only is not None and only not in kept:
                kept.append(only)
            break
        kept.append(path)
    return kept


def _read(path: Path) -> _Parsed:
    """One lesson file, its size checked before it is read (and never read past the cap)."""
    failed: list[Problem] = []
    if has_control(path.name):
        failed.append(
            Problem(
                path,
                1,
                f"the file name holds a control character ({clean(path.name)}); "
                "rename the file (a terminal would obey it)",
            )
        )
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(MAX_LESSON_BYTES + 1) if size <= MAX_LESSON_BYTES else b""
    except OSError as exc:
        failed.append(Problem(path, 1, f"cannot read: {exc.strerror or exc}"))
        return _Parsed(path, None, failed, True)
    if max(size, len(data)) > MAX_LESSON_BYTES:
        shown = size_text(max(size, len(data)))
        message = f"the file is {shown}; a lesson file is at most {size_text(MAX_LESSON_BYTES)}"
        return _Parsed(path, None, [*failed, Problem(path, 1, message)], True)
    parsed = _parse_cached(path, data)
    if failed:
        parsed.problems[:0] = failed
        parsed.lesson, parsed.fatal = None, True
    return parsed


def parse_lesson(
    data: bytes | str, path: Path | str = "<lesson>"
) -> tuple[Lesson | None, list[Problem]]:
    """Parse one lesson's text. Links to other lessons are not checked here (see load_pack)."""
    if len(data) > MAX_LESSON_BYTES:
        message = f"the lesson is {size_text(len(data))}; a lesson is at most "
        return None, [Problem(Path(path), 1, message + size_text(MAX_LESSON_BYTES))]
    parsed = _parse(Path(path), data)
    return parsed.lesson, sorted(parsed.problems, key=lambda p: p.line)


def _lesson_files(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.glob("*.md")
        if p.is_file() and not p.name.startswith(".") and p.name.lower() != "readme.md"
    )


def load_pack(folder: Path | str) -> Pack:
    """Load every lesson of a folder (``*.md`` except README.md); report the rest.

    Broken lessons are skipped; a link to a missing lesson is reported, but the lesson
    holding it still loads. A single ``.md`` file may be given too.
    """
    folder = Path(folder)
    only: Path | None = None
    if folder.is_file():
        only, folder = folder, folder.parent
    if not folder.is_dir():
        return Pack(problems=[Problem(folder, 0, "no such folder of lessons")])
    try:
        files = _lesson_files(folder)
    except OSError as exc:
        return Pack(problems=[Problem(folder, 0, f"cannot list the folder: {exc.strerror or exc}")])
    if not files:
        return Pack(problems=[Problem(folder, 0, "no lesson files (*.md) in this folder")])
    pack = Pack()
    if len(files) > MAX_LESSON_FILES:
        pack.problems.append(
            Problem(
                folder,
                0,
                f"the folder holds {len(files):,} lesson files; a pack has at most "
                f"{MAX_LESSON_FILES}: only the first {MAX_LESSON_FILES} by name are read",
            )
        )
        files = files[:MAX_LESSON_FILES]
        if only is not None and only not in files:
            files.append(only)  # the one file asked for is read whatever its name
    files = _within_budget(folder, files, only, pack.problems)
    parsed = [_read(path) for path in files]
    known: set[str] = set()
    by_id: dict[str, Lesson] = {}
    first_file: dict[str, Path] = {}
    for p in parsed:
        pack.problems.extend(p.problems)
        if p.id is None:
            continue
        if p.id in first_file:
            where = first_file[p.id].name
            pack.problems.append(
                Problem(p.path, p.id_line, f"lesson id {p.id!r} is already used by {where}")
            )
            p.lesson = None
            continue
        first_file[p.id] = p.path
        if p.lesson is not None:
            by_id[p.id] = p.lesson
        known.add(p.id)
    for p in parsed:
        if p.lesson is None:
            continue
        for line, target, anchor in p.links:
            if not target:
                msg = "a lesson link needs an id: lesson:ID or lesson:ID#STEP"
                pack.problems.append(Problem(p.lesson.path, line, msg))
            elif target not in known:
                ids = ", ".join(sorted(known))
                msg = f"link to lesson {target!r}, which does not exist in this pack (ids: {ids})"
                pack.problems.append(Problem(p.lesson.path, line, msg))
            elif anchor is not None and target in by_id:
                n = len(by_id[target].steps)
                if not anchor.isdecimal() or not 1 <= int(anchor) <= n:
                    msg = f"link to step {anchor!r} of {target!r}, which has steps 1 to {n}"
                    pack.problems.append(Problem(p.lesson.path, line, msg))
        pack.lessons.append(p.lesson)
    pack.lessons.sort(key=lambda lesson: (lesson.order, lesson.path.name))
    pack.problems.sort(key=lambda pr: (str(pr.path), pr.line))
    if only is not None:
        pack.lessons = [les for les in pack.lessons if les.path == only]
        pack.problems = [pr for pr in pack.problems if pr.path == only]
    return pack


def check_pack(folder: Path | str) -> list[Problem]:
    """Every problem of a lesson folder (empty when all lessons are valid)."""
    return load_pack(folder).problems

"""The learner's saved progress: one JSON file, written atomically, merged between instances.

File layout (schema version 1)::

    {"schema": "tui-tutor-progress", "version": 1, "learner": null, "lang": "en",
     "lesson": "tour", "step": 1, "updated": 1764140000.0,
     "lessons": {"tour": {"step": 1, "finished": false, "score": 0.5, "updated": ...,
                          "answers": {"q-keys": {"response": 2, "correct": true, "attempts": 1}},
                          "challenges": ["c-lambda"], "lab": {"1": {"lambd": 0.7}}}}}

Saving never leaves a half-written file: the JSON goes to a temporary file in the same
folder, is flushed and fsynced, then ``os.replace``d over the old one. Before writing,
``save`` takes a lock file, re-reads what is on disk and merges it lesson by lesson
(answers: a right one wins; challenges: union; finished: either; the rest: the newer), so
two instances on one file lose nothing and never corrupt it. A file that cannot be read
(bad JSON, wrong schema, not UTF-8, a folder, no permission) is renamed to
``<name>.corrupt-<timestamp>`` (kept, never deleted) and a fresh progress starts, with
the reason in ``ProgressStore.warning``.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from .learner import (
    SCHEMA,
    SCHEMA_VERSION,
    LessonProgress,
    Progress,
    ProgressError,
    QuizAnswer,
    json_safe,
    merge_progress,
)
from .progressfile import MAX_PROGRESS_BYTES, read_file

__all__ = [
    "MAX_PROGRESS_BYTES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "LessonProgress",
    "Progress",
    "ProgressError",
    "ProgressStore",
    "QuizAnswer",
    "default_progress_path",
    "merge_progress",
    "read_progress",
]


def read_progress(path: Path | str) -> Progress:
    """Read a progress file without changing anything on disk; raises ProgressError.

    At most ``MAX_PROGRESS_BYTES`` are read; entries nested too deeply to be saved again
    are left out and named in ``Progress.dropped`` (``progressfile``).
    """
    path = Path(path)
    if _special(path):
        raise ProgressError("is not a regular file (a pipe, socket or device)")
    return Progress.from_json(read_file(path))


def _special(path: Path) -> bool:
    """A pipe, socket or device: reading it could block forever, moving it is not ours."""
    try:
        return path.exists() and not path.is_file() and not path.is_dir()
    except OSError:
        return False


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def default_progress_path() -> Path:
    """``<user data dir>/tui-tutor/progress.json`` (platformdirs, which textual brings)."""
    try:
        import platformdirs

        return Path(platformdirs.user_data_dir("tui-tutor")) / "progress.json"
    except ImportError:  # pragma: no cover - platformdirs comes with textual
        return Path.home() / ".local" / "share" / "tui-tutor" / "progress.json"


class ProgressStore:
    """Loads and saves one progress file (``None``: the user data folder's progress.json).

    ``load`` and ``save`` never raise for a bad file or a failing disk: problems go to
    ``warning`` (the app shows it) and ``save`` returns False.
    """

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else default_progress_path()
        self.warning: str | None = None
        self._blocked = False  # a bad file we could not move aside: never overwrite it

    # -- reading ------------------------------------------------------------------------
    def load(self) -> Progress:
        """The saved progress; a fresh one when there is none or the file is unreadable."""
        self.warning = None
        if not self.path.exists() and not self.path.is_symlink():
            return Progress()
        if _special(self.path):
            self._blocked = True
            self.warning = (
                f"progress file {self.path} is not a regular file (a pipe, socket or device); "
                "progress will not be saved this session"
            )
            return Progress()
        try:
            progress = read_progress(self.path)
        except ProgressError as exc:
            self._move_aside(str(exc))
            return Progress()
        if progress.dropped:
            # Keep the original (nothing is lost) and go on with the rest of it; the next
            # save writes the file afresh without the entries that could not be saved.
            what = ", ".join(progress.dropped[:3]) + (" ..." if len(progress.dropped) > 3 else "")
            self._move_aside(f"{what} nested too deeply", kept=True)
        return progress

    def _move_aside(self, reason: str, kept: bool = False) -> None:
        """Rename the file to ``<name>.corrupt-<time>``; ``kept``: the part that could be
        read goes on (the warning says so) instead of a fresh progress."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
            n += 1
        try:
            os.replace(self.path, target)
        except OSError as exc:
            self._blocked = True
            self.warning = (
                f"progress file {self.path} is unreadable ({reason}) and could not be moved "
                f"aside ({exc.strerror or exc}); progress will not be saved this session"
            )
            return
        self._blocked = False
        if kept:
            self.warning = (
                f"progress file {self.path} held entries that cannot be saved ({reason}); "
                f"they were left out, the rest goes on, and the file was kept as {target.name}"
            )
            return
        self.warning = (
            f"progress file {self.path} was unreadable ({reason}); it was kept as "
            f"{target.name} and a fresh progress started"
        )

    # -- writing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        """An exclusive lock on ``<file>.lock`` (POSIX); without fcntl, no lock."""
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        lock_path = self.path.with_name(self.path.name + ".lock")
        try:
            # Never through a symbolic link: a planted (even dangling) link would make
            # the lock create or truncate a file wherever it points.
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o644)
        except OSError:
            yield  # no lock (a link in its place, a read-only folder): save unlocked
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def save(self, progress: Progress, merge: bool = True) -> bool:
        """Write ``progress`` atomically, merged with what is on disk (unless merge=False).

        ``progress`` is updated in place with the merged result. Returns False (and sets
        ``warning``) when the disk refuses.
        """
        if self._blocked:
            return False
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self._lock():
                self._clean_temp_files()
                if merge and (self.path.exists() or self.path.is_symlink()):
                    try:
                        theirs = read_progress(self.path)
                    except ProgressError as exc:
                        self._move_aside(str(exc))
                        if self._blocked:
                            return False
                    else:
                        merged = merge_progress(progress, theirs)
                        progress.__dict__.update(merged.__dict__)
                self._write(progress)
            return True
        except OSError as exc:
            self.warning = f"could not save progress to {self.path}: {exc.strerror or exc}"
            return False

    def _write(self, progress: Progress) -> None:
        data = json_safe(progress.to_json())
        text = json.dumps(data, ensure_ascii=False, indent=1, allow_nan=False)
        name = f".{self.path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        tmp = self.path.with_name(name)
        try:
            # O_EXCL: a fresh file, never an existing one or the target of a link.
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
            with os.fdopen(os.open(tmp, flags, 0o644), "w", encoding="utf-8") as f:
                f.write(text + "\n")
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        with contextlib.suppress(OSError, AttributeError):
            fd = os.open(self.path.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def _clean_temp_files(self) -> None:
        """Remove temp files left by a killed writer (its process is gone)."""
        for tmp in self.path.parent.glob(f".{self.path.name}.*.tmp"):
            parts = tmp.name.split(".")
            try:
                pid = int(parts[-3])
            except (ValueError, IndexError):
                continue
            if pid == os.getpid():
                continue
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            except (PermissionError, OSError):
                continue

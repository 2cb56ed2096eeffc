"""Small JSON files that several processes share: written atomically, read within a bound.

The class's live files and its state file are rewritten every few seconds while other
processes read them, so a reader must never see half a file: ``write_json`` writes a
fresh temp file in the same folder and ``os.replace``s it over the old one (readers see
the old or the new file, whole). ``read_json`` reads at most ``limit`` bytes and raises
``FileProblem`` with a short reason for anything that is not a JSON object.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from pathlib import Path
from typing import Any

__all__ = ["FileProblem", "file_stamp", "read_json", "write_json"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class FileProblem(ValueError):
    """A shared file that cannot be used; the message says why in a few words."""


def write_json(path: Path, data: dict[str, Any], *, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` atomically (temp file + ``os.replace``); raises OSError."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
        with os.fdopen(os.open(tmp, flags, mode), "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def read_json(path: Path, *, limit: int) -> dict[str, Any]:
    """The JSON object in ``path`` (at most ``limit`` bytes); raises ``FileProblem``."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileProblem("no such file") from None
    except OSError as exc:
        raise FileProblem(f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not _regular(info.st_mode):
            raise FileProblem("not a regular file")
        if info.st_size > limit:
            raise FileProblem(f"too big ({info.st_size} bytes; at most {limit})")
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FileProblem(f"too big (more than {limit} bytes)")
    try:
        value = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise FileProblem("not UTF-8 text") from None
    except RecursionError:
        raise FileProblem("not valid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise FileProblem(f"not valid JSON ({getattr(exc, 'msg', exc)})") from None
    if not isinstance(value, dict):
        raise FileProblem("not a JSON object")
    return value


def _regular(mode: int) -> bool:
    import stat

    return stat.S_ISREG(mode)


def file_stamp(path: Path) -> tuple[int, int, int] | None:
    """(mtime in ns, size, inode) of ``path``, or None when it is missing: what a poller
    compares to tell that a file changed without reading it. ``os.replace`` gives a new
    inode, so even a rewrite within the clock's resolution is seen."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino

"""The class folder: a roster of learners, the SSH host key and one progress file each.

Layout of ``DIR``::

    DIR/class.json        {"format": "tui-tutor-class", "version": 1, "learners":
                           {"alice": {"password": "scrypt$16384$8$1$<salt>$<hash>",
                                      "keys": ["ssh-ed25519 AAAA..."], "added": ISO}}}
    DIR/host_key          the SSH server's private host key (mode 600)
    DIR/progress/NAME.json  each learner's progress (the app's own atomic format)
    DIR/state.json, DIR/live/   the instructor's class state and the learners' live files
                                (``classroom.state`` / ``classroom.live``)

Only hashes of passwords are kept (``hashlib.scrypt``, a random salt each); public keys are
kept as ``type base64`` without their comment. Every write is atomic (a temporary file in
the same folder, fsynced, then ``os.replace``d) under a lock, so a ``class add`` while the
server runs never loses a learner or leaves half a roster. A roster that cannot be read
is a ``ClassError`` naming the file and what is wrong, never a traceback and never
overwritten. Learner names are plain (``check_name``): they become file names and SSH
login names, so they can never be a path.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "FORMAT",
    "NAME_LIMIT",
    "ClassError",
    "ClassFolder",
    "check_key",
    "check_name",
    "hash_password",
    "init_class",
    "new_password",
    "open_class",
    "verify_password",
]

FORMAT, VERSION = "tui-tutor-class", 1
NAME_LIMIT = 32
"""The longest learner name (it is a login name and a file name)."""
MAX_ROSTER_BYTES = 4 * 1024 * 1024
MAX_KEYS = 20
"""Public keys a learner may have."""
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\Z")
NAME_RULE = (
    f"a name is 1 to {NAME_LIMIT} letters (a-z, A-Z), digits, '-' or '_', starting with a "
    "letter or digit, such as alice or li_wei-2"
)
# scrypt's cost: 16 MB and about 50 ms a check, which is what the standard library's own
# example uses; the server also delays and counts failed tries.
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1
_KEY_TYPES = (
    "ssh-ed25519",
    "ssh-rsa",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
)
# Unambiguous letters and digits (no 0/o, 1/l/i): read aloud or typed from a slip of paper.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ClassError(ValueError):
    """A class folder or roster that cannot be used, with what is wrong and what to do."""


def check_name(name: str) -> str:
    """``name`` if it is a valid learner name, else ValueError saying what is accepted."""
    if not isinstance(name, str) or not name:
        raise ValueError(f"the learner name is empty; {NAME_RULE}")
    if len(name) > NAME_LIMIT or not _NAME.match(name):
        shown = name[:NAME_LIMIT].encode("ascii", "backslashreplace").decode("ascii")
        raise ValueError(f"{shown!r} is not a learner name; {NAME_RULE}")
    return name


def new_password() -> str:
    """A fresh password of 16 letters and digits in four groups (about 79 bits)."""
    groups = ("".join(secrets.choice(_PASSWORD_ALPHABET) for _ in range(4)) for _ in range(4))
    return "-".join(groups)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` of ``password`` with a random 16-byte salt."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches the ``hash_password`` text ``stored`` (False if none)."""
    if not stored or not isinstance(password, str) or len(password) > 1024:
        return False
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        n_, r_, p_ = int(n), int(r), int(p)
        if kind != "scrypt" or not (2 <= n_ <= 2**20 and 1 <= r_ <= 32 and 1 <= p_ <= 16):
            return False
        want = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(
            password.encode("utf-8", "surrogatepass"),
            salt=base64.b64decode(salt, validate=True),
            n=n_,
            r=r_,
            p=p_,
            dklen=len(want),
            maxmem=256 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(got, want)


def check_key(text: str) -> str:
    """One OpenSSH public key line as ``type base64`` (comment dropped); ValueError if not."""
    accepted = "give an OpenSSH public key file (one line such as 'ssh-ed25519 AAAA... you@host')"
    if "PRIVATE KEY" in text:
        raise ValueError(f"is a private key: never share it; {accepted} (the .pub file)")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    if not lines:
        raise ValueError(f"is empty; {accepted}")
    parts = lines[0].split()
    if len(parts) < 2 or parts[0] not in _KEY_TYPES:
        raise ValueError(f"is not an OpenSSH public key; {accepted}")
    if len(lines) > 1:
        raise ValueError(f"holds {len(lines)} lines, not one key; {accepted}")
    kind, blob = parts[0], parts[1]
    try:
        raw = base64.b64decode(blob, validate=True)
        (length,) = struct.unpack(">I", raw[:4])
        inner = raw[4 : 4 + length].decode("ascii")
    except (ValueError, struct.error, UnicodeDecodeError):
        raise ValueError(f"the key's base64 data is damaged; {accepted}") from None
    if inner != kind or len(raw) < 4 + length + 16:
        raise ValueError(f"the key's data does not match its type {kind}; {accepted}")
    try:  # a full parse where asyncssh is installed (the class extra)
        import asyncssh
    except ImportError:
        pass
    else:
        try:
            asyncssh.import_public_key(f"{kind} {blob}")
        except (asyncssh.KeyImportError, ValueError):
            raise ValueError(f"the key cannot be read; {accepted}") from None
    return f"{kind} {blob}"


def _write_atomic(path: Path, text: str, mode: int = 0o644) -> None:
    """Write ``text`` to ``path`` atomically: a fresh temp file, fsync, ``os.replace``."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC
    try:
        with os.fdopen(os.open(tmp, flags, mode), "w", encoding="utf-8") as f:
            os.fchmod(f.fileno(), mode)  # the umask may have narrowed or widened it
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ClassFolder:
    """A class folder on disk (``open_class`` or ``init_class`` make one)."""

    root: Path

    @property
    def roster_file(self) -> Path:
        return self.root / "class.json"

    @property
    def host_key_file(self) -> Path:
        return self.root / "host_key"

    @property
    def progress_dir(self) -> Path:
        return self.root / "progress"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def live_dir(self) -> Path:
        return self.root / "live"

    def progress_file(self, name: str) -> Path:
        """``DIR/progress/NAME.json`` (the name checked: never a path)."""
        return self.progress_dir / f"{check_name(name)}.json"

    # -- the roster ---------------------------------------------------------------------
    def roster(self) -> dict[str, dict[str, Any]]:
        """{name: {"password": hash or None, "keys": [...], "added": ISO}}; ClassError if
        class.json cannot be read as a roster."""
        path = self.roster_file
        where = str(path)
        try:
            with open(path, "rb") as f:
                data = f.read(MAX_ROSTER_BYTES + 1)
        except FileNotFoundError:
            raise ClassError(
                f"{self.root} is not a class folder (no class.json); "
                "make one with 'tui-tutor class init DIR'"
            ) from None
        except OSError as exc:
            raise ClassError(
                f"{where}: {exc.strerror or exc}; give a readable class folder"
            ) from None
        if len(data) > MAX_ROSTER_BYTES:
            raise ClassError(f"{where}: larger than {MAX_ROSTER_BYTES} bytes; {_FIX}")
        try:
            doc = json.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise ClassError(f"{where}: not UTF-8 text; {_FIX}") from None
        except json.JSONDecodeError as exc:
            raise ClassError(f"{where}:{exc.lineno}: not valid JSON ({exc.msg}); {_FIX}") from None
        except (ValueError, RecursionError):
            raise ClassError(f"{where}: not a roster this version can read; {_FIX}") from None
        return _roster_of(doc, where)

    def learners(self) -> list[str]:
        """The learners' names, sorted."""
        return sorted(self.roster())

    def learner(self, name: str) -> dict[str, Any] | None:
        """One learner's roster entry, or None when the name is not on the roster (or is
        not a valid name at all: an SSH login can be anything)."""
        try:
            check_name(name)
        except ValueError:
            return None
        return self.roster().get(name)

    def add_learner(
        self, name: str, *, password: str | None = None, key: str | None = None
    ) -> dict[str, Any]:
        """Add ``name`` (or give an existing learner another key); stores the password's
        hash and/or the checked key. ClassError if the name is taken (for a password)."""
        check_name(name)
        with self._locked():
            roster = self.roster()
            entry = roster.get(name)
            clash = next((n for n in roster if n.lower() == name.lower() and n != name), None)
            if clash:
                raise ClassError(
                    f"{name!r} differs from the learner {clash!r} only in case; "
                    "give a name not on the roster"
                )
            if entry is not None and password is not None:
                raise ClassError(
                    f"{name!r} is already on the roster; give a new name, or "
                    f"'tui-tutor class remove DIR {name}' first"
                )
            entry = entry or {"password": None, "keys": [], "added": _now()}
            if password is not None:
                entry["password"] = hash_password(password)
            if key is not None:
                if key in entry["keys"]:
                    raise ClassError(f"{name!r} already has this key; give another key")
                if len(entry["keys"]) >= MAX_KEYS:
                    raise ClassError(f"{name!r} has {MAX_KEYS} keys already, the most accepted")
                entry["keys"].append(key)
            roster[name] = entry
            self._save(roster)
        return entry

    def remove_learner(self, name: str) -> None:
        """Take ``name`` off the roster (their progress file stays). ClassError if absent."""
        check_name(name)
        with self._locked():
            roster = self.roster()
            if name not in roster:
                raise ClassError(
                    f"no learner {name!r} on the roster; "
                    "give a name that 'tui-tutor class list DIR' shows"
                )
            del roster[name]
            self._save(roster)

    def _save(self, roster: dict[str, dict[str, Any]]) -> None:
        doc = {"format": FORMAT, "version": VERSION, "learners": roster}
        _write_atomic(self.roster_file, json.dumps(doc, indent=1, ensure_ascii=False) + "\n", 0o600)

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """One writer of class.json at a time (class add/remove from two shells)."""
        flags = os.O_RDWR | os.O_CREAT | _NOFOLLOW | os.O_CLOEXEC
        fd = os.open(self.root / ".class.lock", flags, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


_FIX = "restore it from a backup, or give a new folder to 'tui-tutor class init'"


def _roster_of(doc: Any, where: str) -> dict[str, dict[str, Any]]:
    """The learners of a parsed class.json, every field checked (ClassError if not)."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ClassError(f"{where}: not a tui-tutor class file; {_FIX}")
    if doc.get("version") != VERSION:
        raise ClassError(
            f"{where}: version {doc.get('version')!r}, this tui-tutor reads "
            f"version {VERSION}; {_FIX}"
        )
    learners = doc.get("learners")
    if not isinstance(learners, dict):
        raise ClassError(f"{where}: 'learners' is not a table of names; {_FIX}")
    out: dict[str, dict[str, Any]] = {}
    for name, entry in learners.items():
        try:
            check_name(name)
        except ValueError as exc:
            raise ClassError(f"{where}: {exc}; {_FIX}") from None
        password = entry.get("password") if isinstance(entry, dict) else 0
        keys = entry.get("keys", []) if isinstance(entry, dict) else 0
        if not (password is None or isinstance(password, str)) or not (
            isinstance(keys, list) and all(isinstance(k, str) for k in keys)
        ):
            raise ClassError(f"{where}: the entry of {name!r} is damaged; {_FIX}")
        out[name] = {"password": password, "keys": list(keys), "added": entry.get("added")}
    return out


def open_class(path: Path | str) -> ClassFolder:
    """The class folder at ``path``; ClassError when it is not one (or its roster is bad)."""
    root = Path(path)
    if not str(path).strip():
        raise ClassError("the class folder path is empty; give a folder made by 'class init'")
    if not root.is_dir():
        what = "is not a folder" if root.exists() else "does not exist"
        raise ClassError(f"{root} {what}; give a class folder made by 'tui-tutor class init DIR'")
    folder = ClassFolder(root)
    folder.roster()  # a clear error now rather than at the first login
    return folder


def _host_key_text() -> str:
    try:
        import asyncssh
    except ImportError:
        raise ClassError(
            "making the SSH host key needs asyncssh; install the class extra: "
            "pip install 'tui-tutor[class]'"
        ) from None
    key = asyncssh.generate_private_key("ssh-ed25519")
    return key.export_private_key("openssh").decode("ascii")


def init_class(path: Path | str, *, host_key: bool = True) -> ClassFolder:
    """Make a class at ``path`` (created if missing, or an empty folder): an empty roster,
    ``progress/`` and, with ``host_key``, a new ed25519 host key (mode 600; needs asyncssh).
    ClassError when ``path`` is already a class or holds other files."""
    root = Path(path)
    if not str(path).strip():
        raise ClassError("the class folder path is empty; give a folder path")
    if root.exists() and not root.is_dir():
        raise ClassError(f"{root} is a file; give a new or empty folder")
    if (root / "class.json").exists():
        raise ClassError(f"{root} is already a class; give a new or empty folder")
    if root.is_dir() and any(root.iterdir()):
        raise ClassError(f"{root} holds other files; give a new or empty folder")
    key = _host_key_text() if host_key else None  # before creating anything
    root.mkdir(parents=True, exist_ok=True)
    folder = ClassFolder(root)
    (folder.progress_dir).mkdir(exist_ok=True)
    if key is not None:
        _write_atomic(folder.host_key_file, key, 0o600)
    folder._save({})
    return folder

"""A learner's seat in a class: the class folder and the learner's name, checked once.

``take_seat(dir, name)`` is what ``tui-tutor --class DIR --name NAME`` checks before the
app starts: DIR is a class folder (``classroom.folder``), NAME a class name on its
roster. The seat knows the learner's files: ``progress`` (DIR/progress/NAME.json, the
default ``--progress`` in a class), ``live`` (DIR/live/NAME.json, written by the app) and
the class state (DIR/state.json, written by the instructor's view).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from pathlib import Path

from .folder import ClassFolder, check_name, open_class

__all__ = ["Seat", "SeatError", "default_name", "take_seat"]


class SeatError(ValueError):
    """The class folder or the name cannot be used; the message says why and what works."""


@dataclass(frozen=True)
class Seat:
    """Learner ``name`` in the class at ``root``."""

    root: Path
    name: str

    @property
    def live(self) -> Path:
        """DIR/live/NAME.json: what the learner's app shows the instructor."""
        return self.root / "live" / f"{self.name}.json"

    @property
    def state(self) -> Path:
        """DIR/state.json: the instructor's guided commands."""
        return self.root / "state.json"

    @property
    def progress(self) -> Path:
        """DIR/progress/NAME.json: the learner's saved progress."""
        return self.root / "progress" / f"{self.name}.json"


def default_name() -> str | None:
    """The login name, the learner's name in a class when ``--name`` is not given (plain
    accounts sharing DIR: each learner is their own Unix user)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return None


def take_seat(directory: str | Path, name: str | None) -> Seat:
    """The seat of ``name`` (None: the login name) in the class at ``directory``.

    Raises ``SeatError`` when DIR is not a class folder, the name is not a class name
    (letters, digits, ``-``, ``_``) or not on the roster, or DIR/live cannot be made.
    """
    try:
        folder: ClassFolder = open_class(Path(directory))
    except (ValueError, OSError) as exc:
        raise SeatError(f"--class: {exc}") from None
    given = name if name is not None else default_name()
    if given is None:
        raise SeatError("--name: give your class name, such as --name alice")
    try:
        checked = check_name(given)
    except ValueError as exc:
        raise SeatError(f"--name: {exc}") from None
    roster = folder.learners()
    if checked not in roster:
        raise SeatError(
            f"--name: {checked!r} is not on the roster of the class in {folder.root}; "
            f"the instructor adds it with 'tui-tutor class add {folder.root} {checked}'"
        )
    seat = Seat(Path(folder.root), checked)
    try:
        seat.live.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise SeatError(f"--class: cannot make {seat.live.parent}: {exc.strerror or exc}") from None
    return seat

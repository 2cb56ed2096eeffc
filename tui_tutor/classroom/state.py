"""The class state, DIR/state.json: the instructor's guided commands, watched by learners.

Only the instructor's view writes it (``write_state``: atomic, ``seq`` one higher on each
write); every learner's app polls its stamp (``StateWatcher.poll``, about twice a second)
and reads it when it changed. Schema (format ``tui-tutor-class-state``, version 1)::

    {"format": "tui-tutor-class-state", "version": 1, "seq": 7, "updated": 1764640000.0,
     "goto": {"lesson": "01-bias-variance", "step": 2, "seq": 3} | null,   # step 0-based
     "questions": {"LESSON/QUIZ": {"status": "held" | "open" | "revealed",
                                   "counts": {"1": 4, "2": 9},               # at reveal
                                   "numbers": {"n": 5, "min": 0.1, "median": 0.3,
                                               "max": 0.9} | null}},
     "seen": {"alice": 1764640000.0}}          # when the instructor saw alice's flag

A question without an entry is open. A learner reads the file with ``read_state``:
anything that does not fit raises ``StateError`` (the app warns once and goes on as if
there were no guided command): with plain accounts sharing DIR the file is only as
trustworthy as the folder's permissions, so every field is checked and lesson ids are
looked up in the learner's own pack, never trusted.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import FileProblem, file_stamp, read_json, write_json

__all__ = [
    "FORMAT",
    "STATUSES",
    "ClassState",
    "GoTo",
    "Question",
    "StateError",
    "StateWatcher",
    "read_state",
    "write_state",
]

FORMAT = "tui-tutor-class-state"
VERSION = 1
STATUSES = ("held", "open", "revealed")
MAX_STATE_BYTES = 512 * 1024
_MAX_ID = 200  # a lesson or quiz id, a choice key


class StateError(ValueError):
    """A state file that cannot be used; the message names the first problem."""


@dataclass(frozen=True)
class GoTo:
    """Go to lesson ``lesson``, 0-based step ``step``; ``seq`` tells one command from the next."""

    lesson: str
    step: int
    seq: int


@dataclass
class Question:
    """One question's guided status; ``counts`` (choice -> learners) and ``numbers`` (the
    numeric answers' spread) are the class's distribution, set when it is revealed."""

    status: str = "open"
    counts: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, float] | None = None


@dataclass
class ClassState:
    """The whole state file."""

    seq: int = 0
    updated: float = 0.0
    goto: GoTo | None = None
    questions: dict[str, Question] = field(default_factory=dict)
    seen: dict[str, float] = field(default_factory=dict)

    def status(self, lesson: str, quiz: str) -> str:
        """ "held", "open" or "revealed" for question ``quiz`` of ``lesson``."""
        entry = self.questions.get(f"{lesson}/{quiz}")
        return entry.status if entry is not None else "open"

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "seq": self.seq,
            "updated": self.updated,
            "goto": None
            if self.goto is None
            else {"lesson": self.goto.lesson, "step": self.goto.step, "seq": self.goto.seq},
            "questions": {
                key: {"status": q.status, "counts": dict(q.counts), "numbers": q.numbers}
                for key, q in self.questions.items()
            },
            "seen": dict(self.seen),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ClassState:
        """The state in ``data``; raises ``StateError`` naming the first bad field."""
        if data.get("format") != FORMAT:
            raise StateError(f"not a class state file (format is not {FORMAT!r})")
        if data.get("version") != VERSION:
            raise StateError(f"version {_short(data.get('version'))} (this tutor reads 1)")
        state = cls(seq=_int(data.get("seq", 0), "seq"), updated=_num(data.get("updated", 0.0)))
        goto = data.get("goto")
        if goto is not None:
            if not isinstance(goto, dict):
                raise StateError("goto is not an object")
            state.goto = GoTo(
                _id(goto.get("lesson"), "goto.lesson"),
                _int(goto.get("step"), "goto.step"),
                _int(goto.get("seq", 0), "goto.seq"),
            )
        questions = data.get("questions", {})
        if not isinstance(questions, dict):
            raise StateError("questions is not an object")
        for key, raw in questions.items():
            _id(key, "a question key")
            if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
                raise StateError(f"question {_short(key)}: status is not one of {STATUSES}")
            counts = raw.get("counts") or {}
            if not isinstance(counts, dict):
                raise StateError(f"question {_short(key)}: counts is not an object")
            numbers = raw.get("numbers")
            if numbers is not None and not isinstance(numbers, dict):
                raise StateError(f"question {_short(key)}: numbers is not an object")
            state.questions[key] = Question(
                raw["status"],
                {_id(k, "a choice"): _int(v, "a count") for k, v in counts.items()},
                None
                if numbers is None
                else {_id(k, "a spread key"): _num(v) for k, v in numbers.items()},
            )
        seen = data.get("seen", {})
        if not isinstance(seen, dict):
            raise StateError("seen is not an object")
        state.seen = {_id(k, "a learner name"): _num(v) for k, v in seen.items()}
        return state


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _id(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_ID:
        raise StateError(f"{what} is not a short text: {_short(value)}")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**9:
        raise StateError(f"{what} is not a whole number 0..1e9: {_short(value)}")
    return value


def _num(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise StateError(f"not a finite number: {_short(value)}")
    return float(value)


def read_state(path: Path) -> ClassState | None:
    """The state in ``path``; None when there is no file yet; raises ``StateError``."""
    try:
        data = read_json(path, limit=MAX_STATE_BYTES)
    except FileProblem as exc:
        if str(exc) == "no such file":
            return None
        raise StateError(str(exc)) from None
    return ClassState.from_json(data)


def write_state(path: Path, state: ClassState) -> ClassState:
    """Write ``state`` atomically with ``seq`` one higher; returns it. Raises OSError."""
    state.seq += 1
    state.updated = time.time()
    write_json(path, state.to_json())
    return state


class StateWatcher:
    """Tells a learner's app when the state file changed, cheaply: ``poll`` is one
    ``stat`` unless the file's stamp moved; then it reads and checks the file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._stamp: tuple[int, int, int] | None = None
        self.state: ClassState | None = None
        self.problem: str | None = None  # the last file's problem, reported once

    def poll(self) -> bool:
        """True when the file changed and ``state`` (or ``problem``) was updated."""
        stamp = file_stamp(self.path)
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        try:
            self.state = read_state(self.path) if stamp is not None else None
            self.problem = None
        except StateError as exc:
            self.problem = str(exc)  # keep the last good state: a broken file changes nothing
        return True

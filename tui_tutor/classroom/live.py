"""The learners' live files, DIR/live/NAME.json: written by each learner's app, read by
the instructor's view.

A learner's app rewrites its file atomically on each event and every few seconds (the
heartbeat: ``beat``), so a file whose ``beat`` is recent means "connected". Schema
(format ``tui-tutor-live``, version 1)::

    {"format": "tui-tutor-live", "version": 1, "name": "alice", "pid": 4242,
     "lang": "en", "lesson": "01-bias-variance", "step": 2, "steps": 6,  # step 0-based
     "at": 8,                       # steps before this one in the course: who is behind
     "points": 3.5, "questions": 12, "challenges": 1,
     "answers": {"LESSON": {"QUIZ": {"response": 2, "correct": false, "tries": 2}}},
     "active": 1764640000.0,        # the learner's last key press that did something
     "beat": 1764640003.0,          # the last write; "closed": true when the app quit
     "help": 1764639990.0 | null,   # a help request (key !), its time
     "waiting": "LESSON/QUIZ" | null, "closed": false}

A response is the choice (1-based), a list of choices, or the number typed (as text).
Every file is the learner's, so for the instructor nothing in it is trusted:
``read_live`` checks each field, bounds sizes, and raises ``LiveError`` naming the first
problem; the view shows such a file as one flagged row (``watch.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .files import FileProblem, read_json, write_json

__all__ = ["FORMAT", "Answer", "Live", "LiveError", "read_live", "write_live"]

FORMAT = "tui-tutor-live"
VERSION = 1
MAX_LIVE_BYTES = 256 * 1024
MAX_TEXT = 200  # an id, a name, a typed number
MAX_CHOICES = 32
MAX_ANSWERS = 2000


class LiveError(ValueError):
    """A live file that cannot be used; the message names the first problem."""


@dataclass(frozen=True)
class Answer:
    """A learner's latest response to one question, whether it was right, how many tries."""

    response: int | str | tuple[int, ...] | None
    correct: bool
    tries: int


@dataclass
class Live:
    """One learner's live file (see the module doc for the fields)."""

    name: str
    lesson: str | None = None
    step: int = 0
    steps: int = 0
    at: int = 0
    lang: str = "en"
    points: float = 0.0
    questions: int = 0
    challenges: int = 0
    answers: dict[str, dict[str, Answer]] = field(default_factory=dict)
    active: float = 0.0
    beat: float = 0.0
    help: float | None = None
    waiting: str | None = None
    closed: bool = False
    pid: int = 0

    @property
    def answered(self) -> int:
        """How many questions the learner answered at least once."""
        return sum(1 for quizzes in self.answers.values() for a in quizzes.values() if a.tries)

    def answer(self, lesson: str, quiz: str) -> Answer | None:
        return self.answers.get(lesson, {}).get(quiz)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "name": self.name,
            "pid": self.pid,
            "lang": self.lang,
            "lesson": self.lesson,
            "step": self.step,
            "steps": self.steps,
            "at": self.at,
            "points": self.points,
            "questions": self.questions,
            "challenges": self.challenges,
            "answers": {
                lid: {
                    qid: {
                        "response": list(a.response)
                        if isinstance(a.response, tuple)
                        else a.response,
                        "correct": a.correct,
                        "tries": a.tries,
                    }
                    for qid, a in quizzes.items()
                }
                for lid, quizzes in self.answers.items()
            },
            "active": self.active,
            "beat": self.beat,
            "help": self.help,
            "waiting": self.waiting,
            "closed": self.closed,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Live:
        """The live record in ``data``; raises ``LiveError`` naming the first bad field."""
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise LiveError(f"not a live file of this tutor ({FORMAT}, version {VERSION})")
        live = cls(_text(data.get("name"), "name"))
        lesson = data.get("lesson")
        live.lesson = None if lesson is None else _text(lesson, "lesson")
        live.lang = _text(data.get("lang", "en"), "lang")
        for key in ("step", "steps", "at", "questions", "challenges", "pid"):
            setattr(live, key, _int(data.get(key, 0), key))
        for key in ("points", "active", "beat"):
            setattr(live, key, _num(data.get(key, 0.0), key))
        if live.points > live.questions:
            raise LiveError(f"points {live.points:g} above questions {live.questions}")
        help_at = data.get("help")
        live.help = None if help_at is None else _num(help_at, "help")
        waiting = data.get("waiting")
        live.waiting = None if waiting is None else _text(waiting, "waiting")
        live.closed = data.get("closed") is True
        live.answers = _answers(data.get("answers", {}))
        return live


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise LiveError(f"{what} is not a short text: {_short(value)}")
    return value


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 10**9:
        raise LiveError(f"{what} is not a whole number 0..1e9: {_short(value)}")
    return value


def _num(value: Any, what: str) -> float:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    if not ok or not math.isfinite(value) or not 0 <= value <= 1e12:
        raise LiveError(f"{what} is not a number 0..1e12: {_short(value)}")
    return float(value)


def _response(value: Any, where: str) -> int | str | tuple[int, ...] | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _int(value, where)
    if isinstance(value, str):
        return _text(value, where)
    if isinstance(value, list) and len(value) <= MAX_CHOICES:
        return tuple(_int(v, where) for v in value)
    raise LiveError(f"{where} is not a choice, a list of choices or a number: {_short(value)}")


def _answers(raw: Any) -> dict[str, dict[str, Answer]]:
    if not isinstance(raw, dict):
        raise LiveError("answers is not an object")
    answers: dict[str, dict[str, Answer]] = {}
    count = 0
    for lid, quizzes in raw.items():
        _text(lid, "a lesson id")
        if not isinstance(quizzes, dict):
            raise LiveError(f"answers of {_short(lid)} is not an object")
        for qid, a in quizzes.items():
            where = f"answer {_short(lid)}/{_short(qid)}"
            _text(qid, "a question id")
            count += 1
            if count > MAX_ANSWERS:
                raise LiveError(f"more than {MAX_ANSWERS} answers")
            if not isinstance(a, dict):
                raise LiveError(f"{where} is not an object")
            answers.setdefault(lid, {})[qid] = Answer(
                _response(a.get("response"), where),
                a.get("correct") is True,
                _int(a.get("tries", 0), f"{where}: tries"),
            )
    return answers


def read_live(path: Path) -> Live:
    """The live record in ``path``; raises ``LiveError`` (a file problem or a bad field)."""
    try:
        return Live.from_json(read_json(path, limit=MAX_LIVE_BYTES))
    except FileProblem as exc:
        raise LiveError(str(exc)) from None


def write_live(path: Path, live: Live) -> None:
    """Write ``live`` to ``path`` atomically; raises OSError."""
    write_json(path, live.to_json())

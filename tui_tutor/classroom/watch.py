"""The instructor's live view as data (no Textual): one row per learner of the roster.

``ClassWatch.poll`` looks at DIR/live: one ``scandir`` and a ``stat`` per file, and
reads again only the files whose stamp moved, so thirty learners cost about thirty
``stat`` calls a second. Every string of a live file is the learner's: rows hold them
as they are, and whatever shows them goes through ``tui_tutor.safe`` (``watchapp``,
``status``). A file that cannot be read is one row with ``problem`` set.

Needs help (``Row.needs``): ``help`` (the learner pressed !, not yet seen), ``tries``
(``TRIES`` wrong tries or more on one unfinished question) or ``behind`` (``BEHIND``
steps or more behind the class's median and idle for ``IDLE`` seconds). Marking a
learner seen (``mark_seen``) writes the time in the state file; a flag comes back only
when the learner does something new.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tui_tutor.course.model import Lesson
from tui_tutor.safe import clean_line, csv_cell

from .files import file_stamp
from .folder import open_class
from .live import Live, LiveError, read_live
from .spread import distribution
from .state import ClassState, GoTo, Question, StateError, read_state, write_state

__all__ = ["BEHIND", "CONNECTED", "IDLE", "SORTS", "TRIES", "ClassWatch", "Row"]

CONNECTED = 12.0  # seconds since the last heartbeat (every 3 s) that still mean connected
TRIES = 2
BEHIND = 3
IDLE = 120.0
SORTS = ("name", "progress", "score", "active", "help")
COLUMNS = (
    "name", "connected", "lesson", "step", "steps", "points", "questions", "answered",
    "challenges", "last_active", "help", "needs", "problem",
)  # fmt: skip


@dataclass
class Row:
    """One learner as the view shows them."""

    name: str
    on_roster: bool = True
    live: Live | None = None
    connected: bool = False
    needs: list[str] = field(default_factory=list)
    problem: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self.live, key, default) if self.live is not None else default

    def as_dict(self, now: float) -> dict[str, Any]:
        """The row for scripts (``class status --json``; see the README's schema)."""
        live = self.live
        return {
            "name": self.name,
            "on_roster": self.on_roster,
            "connected": self.connected,
            "lesson": live.lesson if live else None,
            "step": live.step + 1 if live else None,
            "steps": live.steps if live else None,
            "points": live.points if live else None,
            "questions": live.questions if live else None,
            "answered": live.answered if live else None,
            "challenges": live.challenges if live else None,
            "last_active": live.active if live and live.active else None,
            "idle_seconds": round(max(0.0, now - live.active), 1) if live and live.active else None,
            "help": live.help if live else None,
            "waiting": live.waiting if live else None,
            "needs": list(self.needs),
            "problem": self.problem,
        }


class ClassWatch:
    """The class in ``root`` seen from the instructor's chair."""

    def __init__(
        self,
        root: Path,
        lessons: list[Lesson] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.folder = open_class(root)
        self.root = Path(self.folder.root)
        self.lessons = list(lessons or [])
        self.clock = clock
        self._stamps: dict[str, tuple[int, int, int] | None] = {}
        self._files: dict[str, Live | str] = {}  # name -> record or its problem
        self._roster_stamp: tuple[int, int, int] | None = None
        self._state_stamp: tuple[int, int, int] | None = None
        self.roster: list[str] = []
        self.state = ClassState()
        self.state_problem: str | None = None
        self.poll()

    # -- reading ------------------------------------------------------------------------
    def poll(self) -> bool:
        """Look for changed files; True when something changed (then rebuild ``rows``)."""
        changed = False
        stamp = file_stamp(self.folder.roster_file)
        if stamp != self._roster_stamp:
            self._roster_stamp, changed = stamp, True
            with contextlib.suppress(OSError, ValueError):  # being rewritten: keep the last
                self.roster = list(self.folder.learners())
        live_dir = self.root / "live"
        seen: set[str] = set()
        try:
            entries = list(os.scandir(live_dir))
        except OSError:
            entries = []
        for entry in entries[:10_000]:
            if not entry.name.endswith(".json") or entry.name.startswith("."):
                continue
            name = entry.name[:-5]
            seen.add(name)
            try:
                info = entry.stat(follow_symlinks=False)
                st: tuple[int, int, int] | None = (info.st_mtime_ns, info.st_size, info.st_ino)
            except OSError:
                st = None
            if name in self._stamps and self._stamps[name] == st:
                continue
            self._stamps[name], changed = st, True
            try:
                self._files[name] = read_live(Path(entry.path))
            except LiveError as exc:
                self._files[name] = str(exc)
        for gone in set(self._files) - seen:
            del self._files[gone]
            self._stamps.pop(gone, None)
            changed = True
        stamp = file_stamp(self.folder.state_file)
        if stamp != self._state_stamp:
            self._state_stamp, changed = stamp, True
            try:
                self.state = read_state(self.folder.state_file) or ClassState()
                self.state_problem = None
            except StateError as exc:
                self.state_problem = str(exc)
        return changed

    def rows(self, sort: str = "name", reverse: bool = False) -> list[Row]:
        """One row per roster learner (then live files of names not on it, flagged)."""
        now = self.clock()
        names = list(self.roster) + sorted(n for n in self._files if n not in self.roster)
        rows = [self._row(name, now) for name in names]
        ats = [r.live.at for r in rows if r.live is not None and r.connected]
        median = statistics.median(ats) if ats else 0
        for row in rows:
            row.needs = self._needs(row, median, now)
        key = {
            "name": lambda r: r.name.lower(),
            "progress": lambda r: (r.get("at", -1), r.get("step", -1)),
            "score": lambda r: r.get("points", -1.0),
            "active": lambda r: -r.get("active", 0.0),
            "help": lambda r: (-len(r.needs), r.name.lower()),
        }[sort if sort in SORTS else "name"]
        return sorted(rows, key=key, reverse=reverse)

    def _row(self, name: str, now: float) -> Row:
        row = Row(name, on_roster=name in self.roster)
        found = self._files.get(name)
        if isinstance(found, str):
            row.problem = found
        elif found is not None:
            if found.name != name:
                row.problem = f"the file names another learner: {clean_line(found.name, limit=40)}"
            else:
                row.live = found
                row.connected = not found.closed and now - found.beat <= CONNECTED
        if not row.on_roster:
            row.problem = row.problem or "not on the roster"
        return row

    def _needs(self, row: Row, median: float, now: float) -> list[str]:
        live = row.live
        if live is None:
            return []
        seen = self.state.seen.get(row.name, 0.0)
        needs = []
        if live.help is not None and live.help > seen:
            needs.append("help")
        if live.active > seen:
            current = live.answers.get(live.lesson or "", {})
            if any(a.tries >= TRIES and not a.correct for a in current.values()):
                needs.append("tries")
            if row.connected and live.at <= median - BEHIND and now - live.active >= IDLE:
                needs.append("behind")
        return needs

    # -- questions ----------------------------------------------------------------------
    def questions(self) -> list[tuple[str, str, str]]:
        """(lesson id, quiz id, prompt) of every question of the pack, in course order."""
        return [(ls.id, q.id, q.prompt or q.id) for ls in self.lessons for q in ls.quizzes]

    def distribution(self, lesson: str, quiz: str) -> tuple[int, dict[str, int], dict | None]:
        """(learners who answered, counts per choice, numbers' spread) of one question."""
        unit = ""
        for ls in self.lessons:
            for q in ls.quizzes if ls.id == lesson else ():
                unit = q.unit or "" if q.id == quiz else unit
        answers = [
            a for f in self._files.values() if isinstance(f, Live)
            if (a := f.answer(lesson, quiz)) is not None and a.tries
        ]  # fmt: skip
        counts, numbers = distribution((a.response for a in answers), unit)
        return len(answers), counts, numbers

    # -- the instructor's commands (the state file) -------------------------------------
    def _write(self, change: Callable[[ClassState], None]) -> ClassState:
        try:
            state = read_state(self.folder.state_file) or ClassState()
        except StateError:
            state = ClassState()  # a broken file is replaced by a good one
        change(state)
        self.state = write_state(self.folder.state_file, state)
        return self.state

    def go_to(self, lesson: str, step: int) -> int:
        """Move every connected learner to ``lesson``, 0-based ``step``; how many now."""

        def change(state: ClassState) -> None:
            seq = (state.goto.seq if state.goto else 0) + 1
            state.goto = GoTo(lesson, step, seq)

        self._write(change)
        return sum(1 for r in self.rows() if r.connected)

    def set_question(self, lesson: str, quiz: str, status: str) -> None:
        """Hold, open or reveal (close with the class's distribution) one question."""
        key = f"{lesson}/{quiz}"

        def change(state: ClassState) -> None:
            if status == "open":
                state.questions.pop(key, None)
            elif status == "revealed":
                _, counts, numbers = self.distribution(lesson, quiz)
                state.questions[key] = Question("revealed", counts, numbers)
            else:
                state.questions[key] = Question("held")

        self._write(change)

    def mark_seen(self, name: str) -> None:
        """The instructor saw ``name``'s flag: cleared until the learner does something new."""
        now = self.clock()
        self._write(lambda state: state.seen.__setitem__(name, now))

    # -- for scripts --------------------------------------------------------------------
    def as_json(self) -> dict[str, Any]:
        now = self.clock()
        return {
            "format": "tui-tutor-class-status",
            "version": 1,
            "class": str(self.root),
            "time": now,
            "learners": [row.as_dict(now) for row in self.rows()],
            "state_problem": self.state_problem,
        }

    def as_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        now = self.clock()
        for row in self.rows():
            d = row.as_dict(now)
            d["needs"] = " ".join(d["needs"])
            writer.writerow([csv_cell("" if d.get(c) is None else d.get(c)) for c in COLUMNS])
        return out.getvalue()

"""Read one ```quiz block: the keys every quiz has here, its kind's own keys in ``KINDS``.

The common part checks the TOML, the keys (unknown, not for this kind, missing), the id
(well formed, unique in the lesson) and the texts (prompt, hint, explain). Then the
kind's ``parse(values, fields)`` reads the rest with ``QuizFields``, whose helpers report
at the offending key's line: choices, choice answers, conditions, lab overrides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, NoReturn

from tui_tutor import ml

from .conditions import parse_conditions
from .kinds import KINDS
from .limits import MAX_CHOICES, MAX_TEXT_CHARS
from .model import Condition, Quiz
from .tomllines import Report, TomlLines, kind_name, read_toml

__all__ = ["QUIZ_COMMON", "QUIZ_KEYS", "QuizFields", "QuizStop", "parse_quiz"]

QUIZ_COMMON = ("id", "kind", "prompt", "hint", "explain")
"""The keys of every quiz, whatever its kind."""
QUIZ_KEYS = sorted({*QUIZ_COMMON, *(k for kind in KINDS.values() for k in kind.keys)})
"""Every key a quiz block may have."""
_QUIZ_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class QuizStop(Exception):
    """Raised by ``QuizFields.fail``: the problem is reported and the quiz left out."""


class QuizFields:
    """One quiz block's values, and the helpers a kind's ``parse`` reads them with.

    ``lab`` is the step's experiment (lab overrides are checked on top of it). Every
    helper reports at the line of the key it reads; ``fail`` stops this quiz, while
    ``conditions`` reports each bad condition and goes on, so one check lists them all.
    """

    def __init__(
        self, values: Mapping[str, Any], keys: TomlLines, lab: ml.LabConfig, report: Report
    ) -> None:
        self.values = values
        self.keys = keys
        self.lab = lab
        self._report = report
        self.problems = 0

    def report(self, line: int, message: str) -> None:
        """Report a problem at file line ``line`` (and count it)."""
        self.problems += 1
        self._report(line, message)

    def line(self, key: str) -> int:
        """The file line of ``key`` in the block (the fence when it is not there)."""
        return self.keys.key(key)

    def fail(self, key: str, message: str) -> NoReturn:
        """Report ``message`` at ``key``'s line and leave this quiz out."""
        self.report(self.line(key), message)
        raise QuizStop

    def choices(self) -> tuple[str, ...]:
        """``choices``: at least two non-empty texts, stripped."""
        choices = self.values["choices"]
        if (
            not isinstance(choices, list)
            or len(choices) < 2
            or not all(isinstance(c, str) and c.strip() for c in choices)
        ):
            self.fail("choices", "choices must be a list of at least 2 texts")
        if len(choices) > MAX_CHOICES:
            self.fail(
                "choices",
                f"the quiz has {len(choices):,} choices; a quiz has at most {MAX_CHOICES} "
                f"(the learner picks with the keys 1 to {MAX_CHOICES})",
            )
        longest = max(len(c.strip()) for c in choices)
        if longest > MAX_TEXT_CHARS:
            self.fail(
                "choices",
                f"a choice has {longest:,} characters; a choice has at most {MAX_TEXT_CHARS:,}",
            )
        return tuple(c.strip() for c in choices)

    def picks(self, n: int, multiple: bool = False) -> int | tuple[int, ...]:
        """``answer`` as 1-based numbers of ``n`` choices: one int, or (``multiple``) a
        sorted tuple of distinct ones."""
        answer = self.values["answer"]
        if multiple and (not isinstance(answer, list) or not answer):
            self.fail("answer", "answer of a multiple quiz must be a non-empty list such as [1, 3]")
        items = answer if multiple else [answer]
        for a in items:
            if isinstance(a, bool) or not isinstance(a, int):
                self.fail("answer", f"answer must be 1-based choice numbers, got {kind_name(a)}")
            if not 1 <= a <= n:
                self.fail("answer", f"answer {a} is out of range: there are {n} choices")
        if len(set(items)) != len(items):
            self.fail("answer", "answer lists a choice twice")
        return tuple(sorted(items)) if multiple else items[0]

    def conditions(self, key: str) -> tuple[Condition, ...]:
        """The non-empty list of conditions at ``key`` (``expect``, ``goal``)."""
        return parse_conditions(self.values[key], self.keys, key, self.report)

    def lab_override(self, key: str, not_a_table: str) -> dict[str, Any]:
        """The table of lab settings at ``key`` (``run``, ``solution``), checked on top of
        the step's experiment; ``not_a_table`` is the message when it is no table."""
        values = self.values[key]
        if not isinstance(values, dict):
            self.fail(key, not_a_table)
        try:
            ml.LabConfig.from_mapping(values, base=self.lab)
        except ml.ConfigError as exc:
            self.fail(key, f"{key}: {exc.key}: {exc.message}")
        return values


def _text(q: QuizFields, key: str) -> str:
    value = q.values.get(key)
    if not isinstance(value, str) or not value.strip():
        shown = "missing" if value is None else f"not text ({kind_name(value)})"
        q.report(q.line(key), f'the quiz\'s {key} is {shown}; write {key} = "..."')
        return ""
    if len(value.strip()) > MAX_TEXT_CHARS:
        q.report(
            q.line(key),
            f"the quiz's {key} has {len(value.strip()):,} characters; a quiz text has at "
            f"most {MAX_TEXT_CHARS:,}",
        )
        return ""
    return value.strip()


def _check_id(q: QuizFields, seen: dict[str, int]) -> str:
    quiz_id = q.values.get("id")
    if not isinstance(quiz_id, str) or not _QUIZ_ID.fullmatch(quiz_id):
        shown = "missing" if quiz_id is None else repr(quiz_id)
        q.report(
            q.line("id"),
            f'the quiz id is {shown}; write id = "q-name" (letters, digits, "-", "_", ".")',
        )
    elif quiz_id in seen:
        q.report(
            q.line("id"),
            f"quiz id {quiz_id!r} is used twice in this lesson (first at line {seen[quiz_id]})",
        )
    else:
        seen[quiz_id] = q.line("id")
    return quiz_id


def parse_quiz(
    fence: int, body: list[str], lab: ml.LabConfig, seen: dict[str, int], report: Report
) -> Quiz | None:
    """The quiz in ``body`` (the lines after the fence at file line ``fence``), or None
    after reporting its problems. ``seen`` maps the lesson's quiz ids so far to their
    lines; ``lab`` is the step's experiment."""
    values = read_toml(body, fence + 1, fence, "the ```quiz block", report)
    if values is None:
        return None
    q = QuizFields(values, TomlLines(body, fence + 1, fence), lab, report)
    for key in values:
        if key not in QUIZ_KEYS:
            accepted = ", ".join(QUIZ_KEYS)
            q.report(q.line(key), f"unknown key {key!r} in a quiz; accepted: {accepted}")
    quiz_id = _check_id(q, seen)
    name = values.get("kind")
    if name not in KINDS:
        shown = "missing" if name is None else repr(name)
        q.report(q.line("kind"), f"the quiz kind is {shown}; accepted: {', '.join(KINDS)}")
        return None
    kind = KINDS[name]
    texts = {key: _text(q, key) for key in ("prompt", "hint", "explain")}
    for key in values:
        if key in QUIZ_KEYS and key not in QUIZ_COMMON and key not in kind.keys:
            q.report(q.line(key), f"{key!r} does not apply to a {name} quiz")
    for key in kind.required:
        if key not in values:
            if key == "answer":
                q.report(fence, f"the {name} quiz has no answer: add {kind.answer_help}")
            else:
                q.report(fence, f"the {name} quiz needs {key!r}")
    if q.problems:
        return None
    try:
        fields = kind.parse(values, q)
    except QuizStop:
        return None
    if q.problems:
        return None
    lines = {key: q.line(key) for key in values}
    return Quiz(id=quiz_id, kind=name, **texts, line=fence, lines=lines, **fields)

"""A progress file is untrusted: read it within bounds, check it field by field.

Learners' files reach the app at start and the instructor's ``report``; either may have
been edited by hand or by a tool. ``read_file`` never reads more than ``MAX_PROGRESS_BYTES``
(the size is checked before reading), and every way JSON can fail (bad syntax, nesting
that exhausts recursion, a number with more digits than Python converts) is one
``ProgressError``. ``read_json`` checks the layout: numbers are finite and in range (a
400-digit score is an error, not an ``OverflowError``), and an answer or lab entry nested
deeper than ``MAX_DEPTH`` (which could never be saved again) is left out and named in
``Progress.dropped``, so one bad entry neither loses the rest nor breaks every later save.
"""

from __future__ import annotations

import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .learner import (
    SCHEMA,
    SCHEMA_VERSION,
    LessonProgress,
    ProgressError,
    QuizAnswer,
    add_sorted,
)
from .limits import size_text

if TYPE_CHECKING:
    from .learner import Progress

__all__ = ["MAX_DEPTH", "MAX_PROGRESS_BYTES", "MAX_WHOLE", "depth", "read_file", "read_json"]

MAX_PROGRESS_BYTES = 2 * 1024 * 1024
"""The largest progress file read (a learner's file of every bundled lesson is about 6 KB)."""
MAX_DEPTH = 8
"""How deeply a saved answer or lab entry may nest (an answer is a number, a text or a list)."""
MAX_WHOLE = 10**9
"""The largest whole number a step or attempt count may be."""


def read_file(path: Path) -> Any:
    """The JSON value in ``path``, read within ``MAX_PROGRESS_BYTES``; raises ProgressError."""
    try:
        with path.open("rb") as f:
            size = os.fstat(f.fileno()).st_size
            data = f.read(MAX_PROGRESS_BYTES + 1) if size <= MAX_PROGRESS_BYTES else b""
    except IsADirectoryError:
        raise ProgressError("is a folder, not a progress file") from None
    except FileNotFoundError:
        raise ProgressError("no such file") from None
    except OSError as exc:
        raise ProgressError(f"cannot read: {exc.strerror or exc}") from None
    if max(size, len(data)) > MAX_PROGRESS_BYTES:
        raise ProgressError(
            f"the file is {size_text(max(size, len(data)))}; a progress file is at most "
            f"{size_text(MAX_PROGRESS_BYTES)}"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ProgressError("not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProgressError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise ProgressError("not valid JSON (nested too deeply)") from None
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        limit = sys.get_int_max_str_digits()
        raise ProgressError(f"not valid JSON (a number with more than {limit} digits)") from None


def depth(value: Any) -> int:
    """How deeply lists and objects nest in ``value`` (0 for a number or a text); iterative,
    so a value nested a thousand deep costs no recursion."""
    deepest = 0
    stack = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, level + 1) for v in item)
        else:
            continue
        deepest = max(deepest, level + 1)
        if deepest > MAX_DEPTH:
            break
    return deepest


def read_json(cls: type[Progress], data: Any) -> Progress:
    """``Progress.from_json``: the file layout checked field by field."""
    obj = _expect(data, dict, "the file")
    if obj.get("schema") != SCHEMA:
        shown = _short(obj.get("schema"))
        raise ProgressError(f"not a tui-tutor progress file (schema is {shown})")
    version = obj.get("version")
    if version != SCHEMA_VERSION:
        raise ProgressError(
            f"progress schema version {_short(version)}; this tui-tutor reads version "
            f"{SCHEMA_VERSION}"
        )
    progress = cls(
        lang=_optional_str(obj.get("lang"), "lang"),
        lesson=_optional_str(obj.get("lesson"), "lesson"),
        step=_int(obj.get("step", 0), "step"),
        learner=_optional_str(obj.get("learner"), "learner"),
        updated=_float(obj.get("updated", 0.0), "updated"),
    )
    for lid, raw in _expect(obj.get("lessons", {}), dict, "lessons").items():
        progress.lessons[lid] = _lesson(lid, raw, progress.dropped)
    return progress


def _lesson(lid: str, raw: Any, dropped: list[str]) -> LessonProgress:
    raw = _expect(raw, dict, f"lesson {_short(lid)}")
    lp = LessonProgress(
        step=_int(raw.get("step", 0), f"{lid}.step"),
        finished=_bool(raw.get("finished", False), f"{lid}.finished"),
        score=_float(raw.get("score", 0.0), f"{lid}.score"),
        updated=_float(raw.get("updated", 0.0), f"{lid}.updated"),
    )
    lp.reached = max(lp.step, _int(raw.get("reached", 0), f"{lid}.reached"))
    for qid, a in _expect(raw.get("answers", {}), dict, f"{lid}.answers").items():
        a = _expect(a, dict, f"answer {_short(qid)}")
        response = a.get("response")
        if depth(response) > MAX_DEPTH:
            dropped.append(f"answer {_short(qid)} of lesson {_short(lid)}")
            continue
        lp.answers[qid] = QuizAnswer(
            response=response,
            correct=_bool(a.get("correct", False), f"{qid}.correct"),
            attempts=_int(a.get("attempts", 0), f"{qid}.attempts"),
        )
    for cid in _expect(raw.get("challenges", []), list, f"{lid}.challenges"):
        if not isinstance(cid, str):
            raise ProgressError(f"{lid}.challenges holds {_short(cid)}, not a quiz id")
        add_sorted(lp.challenges, cid)
    for step, overrides in _expect(raw.get("lab", {}), dict, f"{lid}.lab").items():
        if not step.isdecimal() or len(step) > 9:
            raise ProgressError(f"{lid}.lab has step {_short(step)}, not a step number")
        overrides = _expect(overrides, dict, f"{lid}.lab.{step}")
        if depth(overrides) > MAX_DEPTH - 1:
            dropped.append(f"lab settings of step {int(step) + 1} of lesson {_short(lid)}")
            continue
        lp.lab[int(step)] = overrides
    return lp


def _short(value: Any) -> str:
    """``repr`` of a value from the file, cut so a megabyte string cannot fill a message."""
    shown = repr(value) if not isinstance(value, int) or abs(value) < 10**30 else "a huge number"
    return shown if len(shown) <= 60 else shown[:59] + "…"


def _expect(value: Any, kind: type, what: str) -> Any:
    if not isinstance(value, kind):
        raise ProgressError(f"{what} should be a JSON {kind.__name__}, got {type(value).__name__}")
    return value


def _optional_str(value: Any, what: str) -> str | None:
    return None if value is None else _expect(value, str, what)


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WHOLE:
        raise ProgressError(
            f"{what} should be a whole number from 0 to {MAX_WHOLE:,}, got {_short(value)}"
        )
    return value


def _float(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ProgressError(f"{what} should be a number, got {_short(value)}")
    try:
        number = float(value)  # a 400-digit integer does not fit a float
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ProgressError(f"{what} should be a finite number, got {_short(value)}")
    return number


def _bool(value: Any, what: str) -> bool:
    return _expect(value, bool, what)

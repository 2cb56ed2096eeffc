"""What a lesson pack may hold: size limits and plain text, checked before anything is shown.

A pack comes from someone else. These bounds keep a valid-looking pack from eating the
machine (a 1 GB file, a 5 MB line, 20,000 choices, 3,000 files) and keep terminal control
sequences out of its text: every breach is a ``file:line`` problem that names the limit,
and the lesson is not loaded. The bundled lessons use a small part of each limit (their
largest file is 15 KB, their longest line 504 characters, 12 quizzes and 8 steps at most).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from tui_tutor.safe import clean, has_control

if TYPE_CHECKING:  # fences imports tomllines, which imports this module
    from .fences import RawStep

_Report = Callable[[int, str], None]

__all__ = [
    "MAX_CHOICES",
    "MAX_LESSON_BYTES",
    "MAX_LESSON_FILES",
    "MAX_PACK_BYTES",
    "MAX_LINE_CHARS",
    "MAX_QUIZZES",
    "MAX_STEPS",
    "MAX_STEP_CHARS",
    "MAX_TEXT_CHARS",
    "MAX_TITLE_CHARS",
    "check_lines",
    "check_steps",
    "check_title",
    "control_in_line",
    "control_in_value",
    "size_text",
]

MAX_LESSON_BYTES = 256 * 1024
"""A lesson file's size; a larger file is not read at all."""
MAX_LESSON_FILES = 100
"""Lesson files in one pack (the first ones by name are read)."""
MAX_PACK_BYTES = 2 * 1024 * 1024
"""All lesson files of one pack together (reading 2 MB of lessons takes about 0.6 s)."""
MAX_LINE_CHARS = 4000
"""Characters on one line of a lesson file."""
MAX_STEPS = 50
"""Steps of one lesson."""
MAX_STEP_CHARS = 20_000
"""Characters of one step's text (its Markdown, fences removed)."""
MAX_QUIZZES = 60
"""Quizzes of one lesson."""
MAX_CHOICES = 9
"""Choices of one quiz: the learner picks them with the keys 1 to 9."""
MAX_TEXT_CHARS = 2000
"""Characters of one quiz text (prompt, hint, explain, a choice)."""
MAX_TITLE_CHARS = 200
"""Characters of a lesson's or a step's title."""

# HTML character references that Markdown turns into a character: numeric ones, and the
# two named direction marks (markdown-it already replaces C0/C1 references with U+FFFD,
# but not the bidirectional ones).
_ENTITY = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));|&(lrm|rlm);")
_NAMED = {"lrm": "\u200e", "rlm": "\u200f"}
_NAMES = {
    0x1B: "ESC",
    0x7F: "DEL",
    0x9B: "CSI",
    0x9D: "OSC",
    0x202E: "a right-to-left override",
    0x202D: "a left-to-right override",
}


def _name(c: str) -> str:
    code = ord(c)
    shown = clean(c)
    if code in _NAMES:
        return f"{shown} ({_NAMES[code]})"
    if code < 0x20:
        return f"{shown} (a C0 control)"
    if 0x80 <= code < 0xA0:
        return f"{shown} (a C1 control)"
    return f"{shown} (an invisible or direction character)"


def _first_control(text: str) -> str | None:
    if not has_control(text):  # one search for the common case, a clean line
        return None
    return next((c for c in text if has_control(c)), None)


def control_in_line(line: str) -> str | None:
    """What is wrong with one line of a lesson file when it holds a control character
    (raw, or as an HTML character reference), else None."""
    c = _first_control(line)
    if c is not None:
        return (
            f"control character {_name(c)} in the text; a lesson holds plain text "
            "(a terminal would obey it): remove it"
        )
    for found in _ENTITY.finditer(line):
        hex_code, dec_code, named = found.groups()
        if named:
            char = _NAMED[named]
        else:
            code = int(hex_code, 16) if hex_code else int(dec_code)
            char = chr(code) if code < 0x110000 else "\ufffd"
        if has_control(char):
            return (
                f"character reference {found.group(0)} stands for the control character "
                f"{_name(char)}; a lesson holds plain text: remove it"
            )
    return None


def _strings(value: Any) -> Iterator[tuple[tuple[str, ...], str]]:
    """Every key and string of a TOML value with its key path (list items share the
    list's path). Iterative: a value nested a thousand deep costs no recursion."""
    stack: list[tuple[Any, tuple[str, ...]]] = [(value, ())]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for k, v in item.items():
                yield (*where, k), k
                stack.append((v, (*where, k)))
        elif isinstance(item, list):
            stack.extend((v, where) for v in item)


def control_in_value(values: dict) -> Iterator[tuple[tuple[str, ...], str]]:
    """(key path, message) for each TOML key whose value holds a control character
    (such as ``"\\u001b"``, which TOML turns into ESC)."""
    seen: set[tuple[str, ...]] = set()
    for path, text in _strings(values):
        c = _first_control(text)
        if c is not None and path not in seen:
            seen.add(path)
            yield (
                path,
                f"{'.'.join(path) or 'a key'}: control character {_name(c)} in the text; "
                "a lesson holds plain text (a terminal would obey it): remove it",
            )


def check_lines(lines: list[str], report: _Report) -> bool:
    """Report control characters (on each line) and over-long lines; False when a line
    is too long to read further (a 5 MB line would stall every pattern after it)."""
    too_long = False
    for row, text in enumerate(lines):
        if len(text) > MAX_LINE_CHARS:
            report(
                row + 1,
                f"the line has {len(text):,} characters; a lesson line has at most "
                f"{MAX_LINE_CHARS:,} (break it into lines)",
            )
            too_long = True
            continue
        message = control_in_line(text)
        if message is not None:
            report(row + 1, message)
    return not too_long


def check_steps(steps: list[RawStep], report: _Report) -> bool:
    """Report too many steps or quizzes (False: the lesson is not read further), and a
    step whose text or title is over its limit."""
    if len(steps) > MAX_STEPS:
        report(
            steps[MAX_STEPS].line,
            f"the lesson has {len(steps):,} steps; a lesson has at most {MAX_STEPS} "
            "(split it into several lessons)",
        )
        return False
    quizzes = [line for step in steps for line, _ in step.quizzes]
    if len(quizzes) > MAX_QUIZZES:
        report(
            quizzes[MAX_QUIZZES],
            f"the lesson has {len(quizzes):,} quizzes; a lesson has at most {MAX_QUIZZES} "
            "(split it into several lessons)",
        )
        return False
    for step in steps:
        size = sum(len(text) + 1 for text in step.md)
        if size > MAX_STEP_CHARS:
            report(
                step.line,
                f"the step's text has {size:,} characters; a step has at most "
                f"{MAX_STEP_CHARS:,} (split it into several steps)",
            )
        check_title(step.title, step.line, report)
    return True


def check_title(title: str, line: int, report: _Report) -> bool:
    """Report a lesson's or step's title over ``MAX_TITLE_CHARS``; False when it is."""
    if len(title) <= MAX_TITLE_CHARS:
        return True
    report(
        line,
        f"the title has {len(title):,} characters; a title has at most {MAX_TITLE_CHARS}",
    )
    return False


def size_text(n_bytes: int) -> str:
    """A size in the author's words: "1.0 GB", "300 KB", "812 bytes"."""
    for unit, size in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n_bytes >= size:
            value = n_bytes / size
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{n_bytes} bytes"

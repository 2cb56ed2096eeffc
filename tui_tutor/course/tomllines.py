"""TOML blocks of a lesson: read them, find the file line of a key, name a value's type.

``tomllib`` gives values but no positions, and a validator must point at the line of the
offending key. ``TomlLines`` is a small, forgiving scanner: it only runs on text that
tomllib has already accepted, and when it cannot tell, it answers the block's own line.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from typing import Any

from .limits import control_in_value

__all__ = ["Report", "TomlLines", "is_number", "kind_name", "read_toml", "toml_error_line"]

Report = Callable[[int, str], None]
"""How the parser's parts report a problem: ``report(file_line, message)``."""

_PART = r"""(?:[A-Za-z0-9_-]+|"[^"\\]*(?:\\.[^"\\]*)*"|'[^']*')"""
_KEY = re.compile(rf"^\s*({_PART}(?:\s*\.\s*{_PART})*)\s*=")
_HEADER = re.compile(rf"^\s*\[\[?\s*({_PART}(?:\s*\.\s*{_PART})*)\s*\]\]?\s*(?:#.*)?$")
_PARTS = re.compile(_PART)
_ERR_LINE = re.compile(r"at line (\d+)")


def _split_key(text: str) -> tuple[str, ...]:
    return tuple(p[1:-1] if p[0] in "\"'" else p for p in _PARTS.findall(text))


def toml_error_line(message: str, first: int, last: int) -> int:
    """The file line of a ``tomllib.TOMLDecodeError`` for a block whose line 1 is ``first``.

    "at end of document" (or no line in the message) gives ``last``.
    """
    found = _ERR_LINE.search(message)
    if not found:
        return max(1, last)
    return max(1, min(first + int(found.group(1)) - 1, max(last, first)))


def read_toml(
    lines: list[str], first: int, fallback: int, what: str, report: Report
) -> dict | None:
    """``lines`` (file lines ``first``...) as TOML, or None after reporting the syntax error.

    ``fallback`` is the line blamed when the block is empty (its fence); ``what`` names
    the block in the message ("the front matter", "the ```quiz block").
    A string (or key) that TOML decodes to a control character (``"\\u001b"`` is ESC)
    is reported at its key's line too: the values are still returned, so that one check
    lists every problem, and the lesson is not loaded.
    """
    try:
        values = tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as exc:
        last = first + len(lines) - 1 if lines else fallback
        report(toml_error_line(str(exc), first, last), f"invalid TOML in {what}: {exc}")
        return None
    found = list(control_in_value(values))
    if found:
        keys = TomlLines(lines, first, fallback)
        for path, message in found:
            report(keys.nearest(path), message)
    return values


def is_number(value: Any) -> bool:
    """A finite int or float from TOML (true and false are not numbers)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def kind_name(value: Any) -> str:
    """A TOML value's type in an author's words: "text", "a whole number", "a table"."""
    names = {str: "text", bool: "true/false", int: "a whole number", float: "a number"}
    names.update({list: "a list", dict: "a table"})
    return names.get(type(value), type(value).__name__)


class TomlLines:
    """Key positions of one TOML block whose first line is file line ``first``.

    ``fallback`` is the line reported when a key cannot be found (the fence or ``+++``).
    """

    def __init__(self, lines: list[str], first: int, fallback: int) -> None:
        self.lines = lines
        self.first = first
        self.fallback = max(1, fallback)
        self._keys: dict[tuple[str, ...], tuple[int, int]] = {}
        table: tuple[str, ...] = ()
        in_multiline = False
        for row, text in enumerate(lines):
            quotes = text.count('"""') + text.count("'''")
            if in_multiline:
                in_multiline = quotes % 2 == 0
                continue
            header = _HEADER.match(text)
            if header:
                table = _split_key(header.group(1))
                self._keys.setdefault(table, (row, len(text)))
                continue
            key = _KEY.match(text)
            if key:
                self._keys.setdefault(table + _split_key(key.group(1)), (row, key.end() - 1))
            if quotes % 2 == 1:
                in_multiline = True

    def key(self, *path: str) -> int:
        """The file line of key ``path`` (e.g. ``key("lab", "lambd")``)."""
        found = self._keys.get(tuple(path))
        return self.first + found[0] if found else self.fallback

    def nearest(self, path: tuple[str, ...]) -> int:
        """The file line of key ``path``, or of its longest prefix that has a line (a key
        inside an inline table or a list is on its table's or list's line)."""
        for end in range(len(path), 0, -1):
            found = self._keys.get(tuple(path[:end]))
            if found:
                return self.first + found[0]
        return self.fallback

    def item(self, path: tuple[str, ...], index: int) -> int:
        """The file line where item ``index`` (0-based) of the array at ``path`` starts."""
        found = self._keys.get(tuple(path))
        if not found:
            return self.fallback
        row, col = found
        key_line = self.first + row
        depth, expecting, count = 0, False, 0
        quote = ""
        pos = col + 1
        while row < len(self.lines):
            text = self.lines[row]
            while pos < len(text):
                if quote:
                    if text.startswith(quote, pos):
                        pos += len(quote)
                        quote = ""
                        continue
                    pos += 2 if text[pos] == "\\" and quote[0] == '"' else 1
                    continue
                c = text[pos]
                if c == "#":
                    break
                if c in " \t":
                    pos += 1
                    continue
                if depth == 0:
                    if c != "[":
                        return key_line
                    depth, expecting = 1, True
                elif depth == 1 and c == ",":
                    expecting = True
                elif depth == 1 and c == "]":
                    return key_line
                else:
                    if depth == 1 and expecting:
                        if count == index:
                            return self.first + row
                        count += 1
                        expecting = False
                    if c in "[{":
                        depth += 1
                    elif c in "]}":
                        depth -= 1
                    elif c in "\"'":
                        quote = c * 3 if text.startswith(c * 3, pos) else c
                        pos += len(quote)
                        continue
                pos += 1
            if quote and len(quote) == 1:
                quote = ""  # a one-line string never spans rows
            row += 1
            pos = 0
        return key_line

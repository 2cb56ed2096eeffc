"""Text from other people, made safe to show: lessons, pack file names, learners' files.

Lessons and learners' progress files are data written by someone else. Such text reaches
a terminal, a Rich/Textual widget or a spreadsheet in one way only: through ``clean``
(and, in the app, ``tui_tutor.app.safe_text.as_text``, which builds a Rich ``Text`` from
it without ever parsing markup). ``clean`` removes nothing a reader needs and shows every
control character as a visible escape, so no escape sequence, window title, clipboard
write or fake table row can ride in. ``csv_cell`` also stops a spreadsheet from
evaluating a cell. This module imports nothing else of tui-tutor.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean", "clean_line", "csv_cell", "has_control"]

# C0 controls except tab and newline, DEL, C1 controls; the bidirectional overrides and
# isolates (which can reorder what a reader sees: "Trojan Source"); and the zero-width
# joiners that hide text. Tab and newline are handled by the callers' choice.
_BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_INVISIBLE = "\u200b\u2060\ufeff"
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}{_INVISIBLE}]")
_LINE_BREAKS = re.compile("[\t\n\u2028\u2029\x85]")


def _escape(match: re.Match[str]) -> str:
    c = match.group(0)
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character ``clean`` would escape (tab and newline aside)."""
    return bool(_CONTROL.search(text))


def clean(text: object, *, limit: int | None = None) -> str:
    """``text`` as a string with every control character shown as a visible escape.

    ESC becomes ``\\x1b``, a right-to-left override ``\\u202e``; tabs and newlines stay.
    ``limit`` cuts the result to that many characters (with "…"), so a megabyte-long
    field cannot flood a screen.
    """
    s = text if isinstance(text, str) else str(text)
    s = _CONTROL.sub(_escape, s)
    if limit is not None and len(s) > limit:
        s = s[: max(0, limit - 1)] + "…"
    return s


def clean_line(text: object, *, limit: int | None = None) -> str:
    """``clean`` for one table cell or one line: tabs and line breaks are escaped too."""
    s = clean(text, limit=None)
    s = _LINE_BREAKS.sub(lambda m: "\\t" if m.group(0) == "\t" else "\\n", s)
    s = unicodedata.normalize("NFC", s)
    if limit is not None and len(s) > limit:
        s = s[: max(0, limit - 1)] + "…"
    return s


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: cleaned, and a leading ``= + - @`` (or
    tab/CR) prefixed with a single quote, as OWASP recommends. Numbers stay numbers."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    s = clean_line(value)
    return "'" + s if s.startswith(_FORMULA_START) else s

"""Text from other people, as the app shows it: a Rich ``Text``, never markup, never a control.

Lesson titles, step titles, prompts, choices, hints, explanations, units, file names, a
pack's problems, a learner's saved answers and the messages that quote them all reach
Rich and Textual through this module. ``as_text`` builds a ``Text`` from the string
itself (``Text(s)`` never parses ``[bold]`` or ``[@click=...]``) after
``tui_tutor.safe.clean`` has turned every control character into a visible escape (ESC
becomes ``\\x1b``), so no escape sequence, style or action can ride in. ``as_content``
does the same for the places that take a Textual ``Content`` (the command palette);
``plain`` is the cleaned string for the few APIs that take ``str`` and are told not
to parse markup (``App.notify(..., markup=False)``, Textual's Markdown, which reads
Markdown and never Rich markup).
"""

from __future__ import annotations

import re
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.widgets import Input

from tui_tutor.safe import clean, clean_line

__all__ = ["PlainInput", "as_content", "as_text", "plain"]

# What a one-line field never takes: C0 and C1 controls, DEL, bidi overrides, zero widths.
_UNTYPABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)


def plain(text: object, *, line: bool = False, limit: int | None = None) -> str:
    """``text`` with every control character shown as a visible escape.

    ``line``: one line (tabs and line breaks escaped too); ``limit``: at most that many
    characters (the rest cut with "…").
    """
    return clean_line(text, limit=limit) if line else clean(text, limit=limit)


def as_text(
    text: object,
    style: str | Style = "",
    *,
    line: bool = False,
    limit: int | None = None,
    no_wrap: bool | None = None,
    overflow: str | None = None,
) -> Text:
    """``text`` as a Rich ``Text`` in ``style``: cleaned (``plain``), never parsed as markup."""
    return Text(
        plain(text, line=line, limit=limit),
        style=style,
        no_wrap=no_wrap,
        overflow=overflow,  # type: ignore[arg-type]
    )


def as_content(text: object, *, line: bool = True, limit: int | None = None) -> Content:
    """``text`` as a Textual ``Content`` (cleaned, one line by default), never markup."""
    return Content(plain(text, line=line, limit=limit))


class PlainInput(Input):
    """A one-line field whose text never holds a control character.

    Textual's ``Input`` draws its value as it is, so an ESC pasted into it would reach
    the terminal; here whatever is typed or pasted loses its control characters, and
    ``max_length`` (default 200) keeps a 10 KB paste out.
    """

    def __init__(self, *args: Any, max_length: int = 200, **kwargs: Any) -> None:
        super().__init__(*args, max_length=max_length, **kwargs)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(_UNTYPABLE.sub("", text), start, end)

"""Every word tui-tutor shows, one table per language, one lookup.

``t(key, lang, **fmt)`` returns the string ``key`` in ``lang`` with its ``{fields}``
filled; an unknown language falls back to English, a key missing in a language to its
English text, and an unknown key to the key itself (so a missing string shows on screen,
never crashes). The tables are ``en.STRINGS`` and ``zh.STRINGS`` (each merged from one module per area,
``en/lab.py`` and so on); a test checks that both
hold the same keys. This package imports nothing else of tui-tutor.
"""

from __future__ import annotations

from . import en, zh

__all__ = ["LANGS", "TABLES", "fill", "has", "t"]

LANGS: tuple[str, ...] = ("en", "zh")
TABLES: dict[str, dict[str, str]] = {"en": en.STRINGS, "zh": zh.STRINGS}


def fill(text: str, fmt: dict[str, object]) -> str:
    """``text`` with its ``{fields}`` filled from ``fmt``; unchanged when a field is missing."""
    if not fmt:
        return text
    try:
        return text.format(**fmt)
    except (KeyError, IndexError, ValueError):
        return text


def has(key: str) -> bool:
    """Whether ``key`` is a string of the tables."""
    return key in en.STRINGS


def t(key: str, lang: str = "en", /, **fmt: object) -> str:
    """The string ``key`` in ``lang`` ("en" or "zh"), with ``{fields}`` filled from ``fmt``."""
    table = TABLES.get(lang, en.STRINGS)
    text = table.get(key) or en.STRINGS.get(key)
    return key if text is None else fill(text, fmt)

"""Line breaking for Chinese text in Textual's wrapping.

Textual breaks lines only at white space; a Chinese paragraph has none, so it is folded
at the exact width, which can split a number or an English word ("Py|thon", "60/20/|20")
and start a line with "，" or "。". Chinese typesetting may break between any two Han
characters, but never before closing punctuation nor after opening punctuation.

``install()`` teaches Textual (and Rich, whose wrapper Textual's Markdown uses) that rule
by narrowing what their wrappers treat as one word:
every Han character is a chunk of its own, with any opening punctuation before it and
any closing punctuation after it attached; runs of other characters (words, numbers)
stay whole, as before. Text without Han characters wraps exactly as it did.
"""

from __future__ import annotations

import re

__all__ = ["CHUNK", "WORD", "install"]

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Punctuation that must not start a line (closing) or end one (opening).
_CLOSING = "、。，．：；！？）」』】〉》〕…—”’" + "\uff09\uff0c\uff0e\uff1a\uff1b\uff01\uff1f%"
_OPENING = "（「『【〈《〔“‘" + "\uff08"

_UNIT = (
    rf"[{_OPENING}]*[{_HAN}][{_CLOSING}]*"  # one Han character with its punctuation
    rf"|[{_OPENING}]*[^\s{_HAN}]+?(?=[{_HAN}{_OPENING}]|\s|$)[{_CLOSING}]*"  # a word, a number
)
# Textual's own wrapper (text areas) splits text into chunks "word + spaces" or spaces.
CHUNK = re.compile(rf"(?:{_UNIT})\s*|\s+")
# Rich's wrapper (used by Textual's Content, so by Markdown and labels): "spaces + word + spaces".
WORD = re.compile(rf"\s*(?:{_UNIT})\s*")


def install() -> bool:
    """Make Textual's wrapper break Chinese text between characters; True if installed.

    The word patterns live in ``rich._wrap.re_word`` and ``textual._wrap.re_chunk``; if a
    future version moves them, nothing is changed and Chinese wraps as it does by default.
    """
    try:
        from rich import _wrap as rich_wrap
        from textual import _wrap as textual_wrap
    except ImportError:  # pragma: no cover - both have them today
        return False
    patched = False
    for module, name, pattern in ((rich_wrap, "re_word", WORD), (textual_wrap, "re_chunk", CHUNK)):
        if isinstance(getattr(module, name, None), re.Pattern):
            setattr(module, name, pattern)
            patched = True
    return patched

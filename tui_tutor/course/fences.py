"""Cut a lesson's body into steps: ``::: step`` markers, ```lab and ```quiz fences, links.

Only the shape of the text is read here. A step's lab and quiz fences are kept as raw
lines with the file line of their fence, for the parser to read as TOML; any other
fence is Markdown (a ``::: step`` line inside a code fence is text). Links of the form
``lesson:ID#STEP`` are collected with their lines, for the pack to check.

Links are found the way the app's Markdown renderer finds them (``find_links``: the
markdown-it parser Textual's ``Markdown`` uses, with its "gfm-like" preset), so never
inside a code span or a code block, and ``lessons --check`` sees exactly the links the
learner can follow. The app's command palette offers its "Follow link" commands from the
same function.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from .tomllines import Report

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

__all__ = ["FoundLink", "RawStep", "find_links", "lesson_target", "split_steps"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_MARKER = re.compile(r"^ {0,3}:::")
_STEP = re.compile(r"^ {0,3}:::\s*step(?:\s+(.*?))?\s*$")
_LESSON = "lesson:"

Link = tuple[int, str, str | None]
"""A ``lesson:`` link: (file line, lesson id, step anchor or None)."""


@dataclass
class RawStep:
    """One step as text: its Markdown lines and its fences (file line of the fence, body)."""

    title: str
    line: int
    md: list[str] = field(default_factory=list)
    md_lines: list[int] = field(default_factory=list)  # the file line of each ``md`` line
    lab: tuple[int, list[str]] | None = None
    quizzes: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No text, no lab fence and no quiz."""
        return not any(t.strip() for t in self.md) and self.lab is None and not self.quizzes


@dataclass(frozen=True)
class FoundLink:
    """A link as the Markdown renderer sees it: its 0-based line in the text, its text
    (as shown, one line) and its ``href`` (as the renderer hands it on: normalized,
    percent-encoded)."""

    line: int
    text: str
    href: str


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # Textual's Markdown renders with it

    return MarkdownIt("gfm-like")


def find_links(markdown: str) -> list[FoundLink]:
    """Every link of ``markdown`` that the app's Markdown widget makes clickable, in order.

    Code spans and code blocks hold none; ``[text](href)``, ``<scheme:...>``, reference
    links and bare web addresses count, as they do on screen.
    """
    found: list[FoundLink] = []
    for token in _parser().parse(markdown):
        if token.type != "inline" or not token.children:
            continue
        line = token.map[0] if token.map else 0
        open_link: tuple[int, str] | None = None
        words: list[str] = []
        for child in token.children:
            kind = child.type
            if kind == "link_open":
                open_link, words = (line, str(child.attrs.get("href", ""))), []
            elif kind == "link_close" and open_link is not None:
                text = " ".join("".join(words).split())
                found.append(FoundLink(open_link[0], text, open_link[1]))
                open_link = None
            elif open_link is not None and kind in ("text", "code_inline"):
                words.append(child.content)
            if kind in ("softbreak", "hardbreak"):
                line += 1
                words.append(" ")
    return found


def lesson_target(href: str) -> tuple[str, str | None] | None:
    """(lesson id, step anchor or None) of a ``lesson:ID#STEP`` href, else None.

    The renderer percent-encodes what is not ASCII (``#²`` arrives as ``#%C2%B2``):
    decoded here, so the check and the app read the same anchor.
    """
    href = href.strip()
    if not href.startswith(_LESSON):
        return None
    target, hash_, anchor = unquote(href[len(_LESSON) :]).partition("#")
    return target, (anchor if hash_ else None)


def _step_links(step: RawStep, links: list[Link]) -> None:
    """The ``lesson:`` links of ``step``'s title and text, with their file lines."""
    if _LESSON in step.title:
        for link in find_links(step.title):
            if (target := lesson_target(link.href)) is not None:
                links.append((step.line, *target))
    text = "\n".join(step.md)
    if _LESSON not in text:
        return  # most steps link nowhere: skip the parser
    for link in find_links(text):
        target = lesson_target(link.href)
        if target is not None:
            row = min(link.line, len(step.md_lines) - 1)
            links.append((step.md_lines[row] if row >= 0 else step.line, *target))


def split_steps(
    lines: list[str], start: int, title: str, report: Report, links: list[Link]
) -> list[RawStep]:
    """Cut the body (from 0-based row ``start``) into steps; ``title`` is the first one's.

    Appends every ``lesson:`` link of the steps' text (``find_links``) to ``links``. An
    unclosed fence ends the body there (reported); a ':::' line that is not a step marker
    is reported and skipped.
    """
    steps = [RawStep(title, start + 1)]
    row = start
    while row < len(lines):
        text = lines[row]
        fence = _FENCE.match(text)
        if fence:
            mark, info = fence.group(1), fence.group(2).lower()
            end = row + 1
            while end < len(lines):
                closing = lines[end].strip()
                if closing.startswith(mark[0] * len(mark)) and not closing.strip(mark[0]):
                    break
                end += 1
            if end >= len(lines):
                what = f"```{info}" if info else "code"
                report(
                    row + 1, f"the {what} fence opened here is never closed (close it with {mark})"
                )
                break
            body = lines[row + 1 : end]
            if info == "lab":
                if steps[-1].lab is not None:
                    report(
                        row + 1,
                        f"a step has one ```lab block; this is a second one "
                        f"(the first is at line {steps[-1].lab[0]})",
                    )
                else:
                    steps[-1].lab = (row + 1, body)
            elif info == "quiz":
                steps[-1].quizzes.append((row + 1, body))
            else:
                steps[-1].md.extend(lines[row : end + 1])
                steps[-1].md_lines.extend(range(row + 1, end + 2))
            row = end + 1
            continue
        if _MARKER.match(text):
            step = _STEP.match(text)
            if step:
                title = (step.group(1) or "").strip().removesuffix(":::").strip()
                steps.append(RawStep(title, row + 1))
            else:
                report(
                    row + 1,
                    "a ':::' line marks a step: write '::: step Title' "
                    "(no other ':::' blocks exist)",
                )
            row += 1
            continue
        steps[-1].md.append(text)
        steps[-1].md_lines.append(row + 1)
        row += 1
    if len(steps) > 1 and steps[0].empty:
        steps.pop(0)
    for step in steps:
        _step_links(step, links)
    return steps

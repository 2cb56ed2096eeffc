"""Cut a lesson's body into steps: ``::: step`` markers, ```lab and ```quiz fences, links.

Only the shape of the text is read here. A step's lab and quiz fences are kept as raw
lines with the file line of their fence, for the parser to read as TOML; any other
fence is Markdown (a ``::: step`` line inside a code fence is text). Links of the form
``lesson:ID#STEP`` are collected with their lines, for the pack to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .tomllines import Report

__all__ = ["RawStep", "split_steps"]

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^\s`]*)")
_MARKER = re.compile(r"^ {0,3}:::")
_STEP = re.compile(r"^ {0,3}:::\s*step(?:\s+(.*?))?\s*$")
_LINK = re.compile(r"(?:\]\(\s*|<|\]:\s*)lesson:([^\s)>#]*)(?:#([^\s)>]*))?")

Link = tuple[int, str, str | None]
"""A ``lesson:`` link: (file line, lesson id, step anchor or None)."""


@dataclass
class RawStep:
    """One step as text: its Markdown lines and its fences (file line of the fence, body)."""

    title: str
    line: int
    md: list[str] = field(default_factory=list)
    lab: tuple[int, list[str]] | None = None
    quizzes: list[tuple[int, list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """No text, no lab fence and no quiz."""
        return not any(t.strip() for t in self.md) and self.lab is None and not self.quizzes


def _scan_links(lines: list[str], first: int, links: list[Link]) -> None:
    for i, text in enumerate(lines):
        for found in _LINK.finditer(text):
            links.append((first + i, found.group(1), found.group(2)))


def split_steps(
    lines: list[str], start: int, title: str, report: Report, links: list[Link]
) -> list[RawStep]:
    """Cut the body (from 0-based row ``start``) into steps; ``title`` is the first one's.

    Appends every ``lesson:`` link to ``links``. An unclosed fence ends the body there
    (reported); a ':::' line that is not a step marker is reported and skipped.
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
                return steps
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
                _scan_links(body, row + 2, links)
            elif info == "quiz":
                steps[-1].quizzes.append((row + 1, body))
                _scan_links(body, row + 2, links)
            else:
                steps[-1].md.extend(lines[row : end + 1])
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
        _scan_links([text], row + 1, links)
        row += 1
    if len(steps) > 1 and steps[0].empty:
        steps.pop(0)
    return steps

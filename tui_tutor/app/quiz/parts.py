"""The pieces a question is drawn with: hanging-indent lines and the numeric answer field."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from tui_tutor.course.kinds import QuizKind
from tui_tutor.course.model import Condition, Quiz
from tui_tutor.i18n import t

from ..safe_text import PlainInput, as_text

__all__ = ["Hanging", "NumberInput", "choices_text", "conditions_text", "holds"]


class Hanging:
    """Lines of `marker  body` whose wrapped body lines stay indented under the body.

    A Rich renderable (a two-column grid) with `.plain` like `Text`, so a long choice
    that wraps keeps its left edge instead of running back under the number.
    """

    def __init__(self, head: Text | None = None) -> None:
        self.head = head
        self.rows: list[tuple[Text, Text]] = []
        self.tail: Text | None = None

    def add(self, marker: Text, body: Text) -> None:
        """One more line: `marker` (no wrap), then `body` (wrapped under itself)."""
        self.rows.append((marker, body))

    @property
    def plain(self) -> str:
        """The text without styles, one line per row."""
        lines = [self.head.plain] if self.head is not None else []
        lines += [f"{m.plain} {b.plain}" for m, b in self.rows]
        if self.tail is not None:
            lines.append(self.tail.plain)
        return "\n".join(lines)

    def __bool__(self) -> bool:
        return bool(self.head or self.rows or self.tail)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.head is not None:
            yield self.head
        if self.rows:
            grid = Table.grid(padding=(0, 1, 0, 0), expand=True)
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1, overflow="fold")
            for marker, body in self.rows:
                grid.add_row(marker, body)
            yield grid
        if self.tail is not None:
            yield self.tail


class NumberInput(PlainInput):
    """The numeric answer field; its Footer shows Enter (answer) and Escape (leave)."""

    BINDINGS = [
        Binding("enter", "submit", "answer", key_display="enter"),
        Binding("escape", "leave", "leave field", key_display="esc"),
    ]

    def __init__(self, *args: Any, lang: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, max_length=64, **kwargs)
        labels = {"submit": t("key_answer", lang), "leave": t("key_leave", lang)}
        table = self._bindings.key_to_bindings
        for key, bindings in table.items():
            table[key] = [
                replace(b, description=labels[b.action]) if b.action in labels else b
                for b in bindings
            ]

    def action_leave(self) -> None:
        """Hand the keys back to the lesson (n, p, h ... work again)."""
        found = self.screen.query("#lesson-scroll")
        scroll = found.first() if found else None
        if scroll is not None and scroll.focusable:
            scroll.focus()
        else:
            self.blur()


def holds(cond: Condition, metrics: dict[str, Any]) -> bool:
    """Whether ``metrics`` meet ``cond`` (a missing or odd number never does)."""
    try:
        return bool(cond.holds(metrics))
    except (KeyError, TypeError, ValueError):
        return False


def choices_text(quiz: Quiz, multiple: bool, selected: frozenset[int], done: bool) -> Hanging:
    """The numbered choices, ``selected`` marked, the right ones ticked once ``done``."""
    text = Hanging()
    right = set(quiz.answer) if isinstance(quiz.answer, (list, tuple)) else {quiz.answer}
    boxes = ("[ ]", "[x]") if multiple else ("( )", "(•)")
    for k, choice in enumerate(quiz.choices or [], start=1):
        picked = k in selected
        style = "bold" if picked else ""
        if done and k in right:
            style = "bold green"
        body = as_text(choice, style)
        if done and k in right:
            body.append(" ✓", style="bold green")
        text.add(Text(f" {k} {boxes[picked]}", style=style), body)
    return text


def conditions_text(
    quiz: Quiz, kind: QuizKind, done: bool, metrics: dict[str, Any] | None, lang: str
) -> Hanging:
    """A prediction's expected outcome (once its run is in) or a live question's goal,
    each condition ticked or crossed against ``metrics``."""
    if kind.runs_lab:
        if not done or metrics is None:
            return Hanging()
        conds, heading = list(quiz.expect or []), t("quiz_expect", lang)
    elif kind.live:
        conds, heading = list(quiz.goal or []), t("quiz_goal", lang)
    else:
        return Hanging()
    text = Hanging(Text(t("quiz_heading", lang, title=heading).rstrip(), style="bold"))
    for cond in conds:
        if metrics is None:
            box, style = "[ ]", ""
        elif holds(cond, metrics):
            box, style = "[✓]", "green"
        else:
            box, style = "[✗]", "red"
        if kind.live and done and metrics is None:
            box, style = "[✓]", "green"
        text.add(Text(f" {box}", style=style), as_text(cond.describe(lang), style))
    if kind.live and not done and metrics is None:
        text.tail = Text(t("quiz_challenge_waiting", lang), style="italic dim")
    return text

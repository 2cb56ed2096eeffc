"""Command palette entries: go to a lesson, follow a link, reset the lab, lists, help, theme.

Lesson titles and link texts come from lesson packs, so they are shown as plain text
(``safe_text``), never markup, and matched by ``match`` (a substring, else the query's
letters in order: linear in the text's length, so no lesson can slow the palette down;
Textual's own fuzzy matcher tries every combination of letter positions). The links are
the ones the Markdown renderer makes clickable (``course.fences.find_links``, which
``lessons --check`` reads too), at most ``MAX_LINKS`` of them, each text cut to
``TEXT_LIMIT``; a link to the start of a lesson is that lesson's "Go to" entry, so each
lesson is listed once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.style import Style

from tui_tutor.course.fences import find_links, lesson_target
from tui_tutor.i18n import t

from ..safe_text import as_content, plain

__all__ = ["MAX_LINKS", "TEXT_LIMIT", "LessonCommands", "match", "step_links"]

MAX_LINKS = 20  # "Follow link" entries per step
TEXT_LIMIT = 60  # characters of a title or link text in an entry


@dataclass(frozen=True)
class Command:
    """One palette entry: its name (plain text), help line and what it runs."""

    name: str
    help: str
    run: Callable[[], Any]


def match(query: str, candidate: str) -> tuple[float, list[int]]:
    """(score in 0..1, offsets of the matched characters) of ``query`` in ``candidate``.

    A substring scores highest (more at a word start); else every letter of the query
    in order, scored by how close together they are; (0, []) when some letter is
    missing. Case is ignored. Time is linear in ``len(candidate)``.
    """
    q, c = query.lower().strip(), candidate.lower()
    if not q:
        return 1.0, []
    at = c.find(q)
    if at >= 0:
        word_start = at == 0 or not c[at - 1].isalnum()
        return (1.0 if word_start else 0.9), list(range(at, at + len(q)))
    offsets: list[int] = []
    i = 0
    for letter in q:
        if letter.isspace():
            continue
        i = c.find(letter, i)
        if i < 0:
            return 0.0, []
        offsets.append(i)
        i += 1
    span = offsets[-1] - offsets[0] + 1
    return 0.8 * len(offsets) / span, offsets


def _highlight(name: str, offsets: Sequence[int], style: Style) -> Content:
    content = Content(name)
    for offset in offsets:
        if not name[offset].isspace():
            content = content.stylize(style, offset, offset + 1)
    return content


@lru_cache(maxsize=8)
def step_links(markdown: str) -> tuple[tuple[str, str], ...]:
    """(text, href) of the ``lesson:`` links a step's Markdown shows, in order, each
    target once, at most ``MAX_LINKS`` (cached: the palette asks at every key)."""
    seen: set[tuple[str, str | None]] = set()
    out: list[tuple[str, str]] = []
    for link in find_links(markdown):
        target = lesson_target(link.href)
        if target is None or target in seen:
            continue
        seen.add(target)
        out.append((plain(link.text or link.href, line=True, limit=TEXT_LIMIT), link.href))
        if len(out) >= MAX_LINKS:
            break
    return tuple(out)


def _starts_a_lesson(target: tuple[str, str | None], lessons: Sequence[Any]) -> bool:
    lesson_id, anchor = target
    known = any(lesson.id == lesson_id for lesson in lessons)
    return known and anchor in (None, "", "1")


class LessonCommands(Provider):
    """Offers "Go to lesson: ..." for every lesson and the screen's own commands."""

    def _commands(self) -> list[Command]:
        screen: Any = self.screen
        lang = getattr(screen, "lang", "en")
        lessons = list(getattr(screen, "lessons", None) or [])
        commands: list[Command] = []
        step = getattr(screen, "step", None) if lessons else None
        for text, href in step_links(getattr(step, "markdown", "") or ""):
            target = lesson_target(href)
            if target is None or _starts_a_lesson(target, lessons):
                continue  # the lesson's own "Go to" entry below
            name, help_text = t("cmd_link", lang, text=text), plain(href, line=True, limit=80)
            commands.append(Command(name, help_text, partial(screen.follow_link, href)))
        for n, lesson in enumerate(lessons):
            title = plain(lesson.title, line=True, limit=TEXT_LIMIT)
            commands.append(
                Command(
                    t("cmd_goto", lang, title=title),
                    t("cmd_goto_help", lang, n=n + 1, title=title),
                    partial(screen.go_to, lesson.id, 0),
                )
            )
        for name, help_key, action in (
            ("cmd_reset", "cmd_reset_help", "reset_lab"),
            ("cmd_lessons", "cmd_lessons_help", "lessons"),
            ("cmd_help", "cmd_help_help", "help"),
            ("cmd_layout", "cmd_layout_help", "layout"),
        ):
            if hasattr(screen, f"action_{action}"):
                commands.append(
                    Command(t(name, lang), t(help_key, lang), getattr(screen, f"action_{action}"))
                )
        commands.append(
            Command(t("cmd_theme", lang), t("cmd_theme_help", lang), self.app.action_toggle_theme)
        )
        if getattr(self.app, "problems", None) and hasattr(screen, "action_problems"):
            name, help_text = t("cmd_problems", lang), t("cmd_problems_help", lang)
            commands.append(Command(name, help_text, screen.action_problems))
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(
                as_content(command.name),
                command.run,
                text=command.name,
                help=as_content(command.help),  # type: ignore[arg-type]  # Content: no markup
            )

    async def search(self, query: str) -> Hits:
        style = self.matcher(query).match_style
        for command in self._commands():
            score, offsets = match(query, command.name)
            if score > 0:
                yield Hit(
                    score,
                    _highlight(command.name, offsets, style),
                    command.run,
                    text=command.name,
                    help=as_content(command.help),  # type: ignore[arg-type]  # Content: no markup
                )

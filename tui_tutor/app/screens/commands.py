"""Command palette entries: go to a lesson, reset the lab, lesson list, help, theme, layout."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tui_tutor.i18n import t

_LINK = re.compile(r"\[([^\]]+)\]\(\s*(lesson:[^)\s]+)\s*\)")


class LessonCommands(Provider):
    """Offers "Go to lesson: ..." for every lesson and the screen's own commands."""

    def _commands(self) -> list[tuple[str, str, Callable[[], Any]]]:
        screen: Any = self.screen
        lang = getattr(screen, "lang", "en")
        commands: list[tuple[str, str, Callable[[], Any]]] = []
        step = getattr(screen, "step", None) if getattr(screen, "lessons", None) else None
        for text, href in _LINK.findall(getattr(step, "markdown", "") or ""):
            commands.append(
                (
                    t("cmd_link", lang, text=text),
                    href,
                    partial(screen.follow_link, href),
                )
            )
        for n, lesson in enumerate(getattr(screen, "lessons", [])):
            commands.append(
                (
                    t("cmd_goto", lang, title=lesson.title),
                    t("cmd_goto_help", lang, n=n + 1, title=lesson.title),
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
                    (t(name, lang), t(help_key, lang), getattr(screen, f"action_{action}"))
                )
        commands.append(
            (t("cmd_theme", lang), t("cmd_theme_help", lang), self.app.action_toggle_theme)
        )
        if getattr(self.app, "problems", None) and hasattr(screen, "action_problems"):
            commands.append(
                (t("cmd_problems", lang), t("cmd_problems_help", lang), screen.action_problems)
            )
        return commands

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)

"""What every pushed screen of the tutor shares: a dismiss that happens once, and the palette.

``Screen.dismiss`` pops whatever screen is on top, not the one dismissed: two keys in
one burst (Enter then Escape, a command that opens the lesson list while the palette
closes) dismissed a screen twice and popped the main screen, or raised
``ScreenStackError: Can't pop screen`` (issue 10). ``DismissOnce`` makes a second
dismiss of a screen that is no longer on top do nothing.

``TutorPalette`` is Textual's command palette with that guard, its placeholder in the
learner's language, and paging keys that wait for the list to be laid out (Textual's
``OptionList`` raises ``KeyError`` when PageDown arrives before its first layout:
ctrl+p, g, o, PageDown, PageDown), and a search still running when the palette closes
ends quietly (Textual's gathering worker asked for the palette's removed list and its
``NoMatches`` stopped the app).
"""

from __future__ import annotations

from typing import Any

from textual import work
from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette
from textual.css.query import NoMatches
from textual.screen import ModalScreen, ScreenResultType

__all__ = ["DismissOnce", "TutorModal", "TutorPalette"]


async def _nothing() -> None:
    return None


class DismissOnce:
    """Mixin for a ``Screen``: ``dismiss`` does nothing unless the screen is on top."""

    def dismiss(self, result: Any = None) -> AwaitComplete:
        screen: Any = self
        if not screen.is_attached or screen.app.screen is not screen:
            return AwaitComplete(_nothing())  # already dismissed in this burst of keys
        return super().dismiss(result)  # type: ignore[misc]


class TutorModal(DismissOnce, ModalScreen[ScreenResultType]):
    """A modal screen of the tutor (lesson list, help, form)."""


class TutorPalette(DismissOnce, CommandPalette):
    """The command palette: dismissed once, paged safely, placeholder in ``placeholder``."""

    @work(exclusive=True, group=CommandPalette._GATHER_COMMANDS_GROUP, exit_on_error=False)
    async def _gather_commands(self, search_value: str) -> None:
        try:
            await CommandPalette._gather_commands.__wrapped__(self, search_value)  # type: ignore[attr-defined]
        except NoMatches:
            return  # the palette closed while this search ran: nothing to show it in

    def _watch__list_visible(self) -> None:
        try:
            super()._watch__list_visible()
        except NoMatches:
            return  # closing: its list is gone already

    def _action_command_list(self, action: str) -> None:
        commands = self.query_one(CommandList)
        if action in ("page_up", "page_down") and (
            not commands.option_count or not commands.scrollable_content_region.height
        ):
            return  # nothing laid out to page through yet
        try:
            super()._action_command_list(action)
        except KeyError:
            # Textual's OptionList before it has laid out its lines (its line cache is
            # empty): the key is dropped, the next one works.
            return

"""The lab's top line: the views as tabs, then the run's state, progress, run and draw."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui_tutor.i18n import t

from .session import ShownRun

__all__ = ["LabTabs"]


class LabTabs(Static):
    """`` curves  boundary  cost   running 120/2000 · run 2 · data 3``; when the names do
    not fit, only the current view with its place in the tab order (`` cost 3/5 ``)."""

    def __init__(self, *, lang: str = "en", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._state: tuple[tuple[str, ...], str, str, ShownRun] | None = None
        self._text: Text | None = None  # what is shown

    def show(self, views: Sequence[str], view: str, status: str, run: ShownRun) -> None:
        """The offered ``views`` with ``view`` highlighted, and ``run`` in state ``status``."""
        self._state = (tuple(views), view, status, run)
        self._update(self.text())

    def on_resize(self) -> None:
        if self._state is not None:
            self._update(self.text())

    def _update(self, text: Text) -> None:
        """Update the widget only when the line changed (no layout: its size is fixed)."""
        if text != self._text:
            self._text = text
            self.update(text, layout=False)  # one row, the panel's width: the size is fixed

    def text(self) -> Text:
        """The line as it is shown now."""
        out = Text(no_wrap=True, overflow="ellipsis")
        if self._state is None:
            return out
        views, view, status, run = self._state
        lang, width = self.lang, self.size.width
        names = [f" {t(f'view.{v}', lang)} " for v in views]
        if width and sum(map(len, names)) + 24 > width:
            i = views.index(view) + 1 if view in views else 0
            current = f" {t(f'view.{view}', lang)} {i}/{len(views)} "
            out.append(current, Style(reverse=True, bold=True))
        else:
            no_color = self.app.no_color  # reverse video does not survive NO_COLOR
            for v, name in zip(views, names, strict=True):
                if v == view and no_color:
                    name = f"[{name[1:-1]}]"  # the same width: the line does not move
                style = Style(reverse=True, bold=True) if v == view else Style(dim=True)
                out.append(name, style)
        if status == "starting":
            state = t("state.running", lang)
        elif status == "error":
            state = t("state.idle", lang)
        else:
            state = t(f"state.{status}", lang)
        progress = t("epochs_of", lang, epoch=run.epoch, epochs=run.config.epochs)
        label = t("run", lang, n=run.number)
        if run.draw > 1:
            label += " · " + t("draw", lang, n=run.draw)
        out.append(f"  {state} {progress} · {label}", Style(dim=True))
        return out

"""The lab keys for any screen: derive from ``LabKeys`` and the lab's keys work there."""

from __future__ import annotations

from textual.screen import Screen

from .actions import LAB_BINDINGS, relabel
from .panel import LabPanel

__all__ = ["LabKeys"]


class LabKeys(Screen):
    """A screen hosting a ``LabPanel``: the lab's keys work wherever the focus is, with
    Footer labels in the panel's language. Its ``BINDINGS`` come from ``actions.ACTIONS``."""

    BINDINGS = LAB_BINDINGS

    def action_lab(self, name: str) -> None:
        """Run lab action ``name`` on the screen's panel."""
        self.query_one(LabPanel).do(name)

    def on_mount(self) -> None:
        panels = self.query(LabPanel)
        if panels and panels.first().lang != "en":
            relabel(self._bindings, panels.first().lang)
            self.refresh_bindings()

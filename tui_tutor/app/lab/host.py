"""The lab keys for any screen: derive from ``LabKeys`` and the lab's keys work there."""

from __future__ import annotations

from textual.screen import Screen

from .actions import ACTIONS, LAB_BINDINGS, relabel
from .panel import LabPanel

__all__ = ["LabKeys"]


class LabKeys(Screen):
    """A screen hosting a ``LabPanel``: the lab's keys work wherever the focus is, with
    Footer labels in the panel's language. Its ``BINDINGS`` come from ``actions.ACTIONS``."""

    BINDINGS = LAB_BINDINGS

    def action_lab(self, name: str) -> None:
        """Run lab action ``name`` on the screen's panel."""
        self.query_one(LabPanel).do(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key marked ``only_offered`` is shown and works only where the lesson offers
        its setting (the panel refreshes the bindings when a step loads)."""
        if action == "lab" and parameters:
            lab_action = ACTIONS.get(str(parameters[0]))
            if lab_action is not None and lab_action.only_offered and lab_action.setting:
                panels = self.query(LabPanel)
                if panels and not panels.first().session.offered(lab_action.setting):
                    return False
        return True

    def on_mount(self) -> None:
        panels = self.query(LabPanel)
        if panels and panels.first().lang != "en":
            relabel(self._bindings, panels.first().lang)
            self.refresh_bindings()

"""The lab's keys, one entry each: key, Footer label, help text, the setting it changes, handler.

``ACTIONS`` is the one list. The bindings (``LAB_BINDINGS``, ``lab_bindings(lang)``), the
Footer labels in the learner's language (``key.<name>``), the help screen's rows
(``help.<name>``, ``help_rows``) and the panel's dispatch (``LabPanel.do``) all come from
it. A key whose ``setting`` the lesson does not offer says so instead of running.
Keys that step a laddered setting walk the setting's own ladder (``ml.ladder_step``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingsMap

from tui_tutor import ml
from tui_tutor.i18n import t

from .views import VIEWS

if TYPE_CHECKING:
    from .panel import LabPanel

__all__ = ["ACTIONS", "LAB_BINDINGS", "LabAction", "help_rows", "lab_bindings", "relabel"]

NEW_LAYER_UNITS = 4  # the first hidden layer added to logistic regression (>)


def _ladder_text(key: str) -> str:
    """A setting's ladder as help text: ``0, 0.001, 0.003 … 100``."""
    s = ml.SETTINGS[key]
    return ", ".join(s.show(v) for v in s.ladder[:3]) + " … " + s.show(s.ladder[-1])


def _view_names(lang: str) -> str:
    return t("list_sep", lang).join(t(f"view.{v}", lang) for v in VIEWS)


@dataclass(frozen=True)
class LabAction:
    """One lab key. ``run(panel)`` does it; ``setting`` is the setting it changes (the
    lesson must offer it); ``show`` puts it in the Footer; ``display`` is how the key is
    written (None: Textual's own name for it). ``help_fields(lang)`` fills the help text.
    ``only_offered``: the key is in the Footer, and works, only where the lesson offers
    its ``setting`` (``LabKeys.check_action``), so a Footer has room for the keys of the
    lesson at hand.
    """

    name: str
    key: str
    run: Callable[[LabPanel], None]
    setting: str | None = None
    display: str | None = None
    show: bool = False
    help_fields: Callable[[str], dict[str, str]] | None = None
    only_offered: bool = False

    def label(self, lang: str = "en") -> str:
        """The short Footer label (``key.<name>``)."""
        return t(f"key.{self.name}", lang)

    def help(self, lang: str = "en") -> str:
        """The help screen's description (``help.<name>``)."""
        fields = self.help_fields(lang) if self.help_fields else {}
        return t(f"help.{self.name}", lang, **fields)

    def binding(self, lang: str = "en") -> Binding:
        """The binding a host screen lists; its action is ``lab('<name>')``."""
        return Binding(
            self.key,
            f"lab('{self.name}')",
            self.label(lang),
            key_display=self.display,
            show=self.show,
        )


# -- the handlers ------------------------------------------------------------------------
def _lambd(up: bool) -> Callable[[LabPanel], None]:
    def run(lab: LabPanel) -> None:
        s = ml.SETTINGS["lambd"]
        v = ml.ladder_step(lab.config.lambd, s.ladder, up)
        if v is not None:
            lab.change(lambd=v)
        elif up:
            lab.say(t("at_top", lab.lang, lambd=s.show(lab.config.lambd)))
        else:
            lab.say(t("at_bottom", lab.lang))

    return run


def _keep_prob(up: bool) -> Callable[[LabPanel], None]:
    """dropout: every hidden layer's keep_prob one rung along the setting's ladder."""

    def run(lab: LabPanel) -> None:
        s, old = ml.SETTINGS["keep_prob"], lab.config.keep_prob
        values = old if isinstance(old, tuple) else (old,)
        new = tuple(float(ml.ladder_step(p, s.ladder, up) or p) for p in values)
        if new == values:
            lab.say(t("keep_prob.top" if up else "keep_prob.bottom", lab.lang,
                      keep_prob=s.show(old)))  # fmt: skip
            return
        lab.change(keep_prob=list(new) if len(new) > 1 else new[0])

    return run


def _width(up: bool) -> Callable[[LabPanel], None]:
    def run(lab: LabPanel) -> None:
        old, ladder = lab.config.layers, ml.SETTINGS["layers"].ladder
        if not old:
            lab.say(t("no_layers", lab.lang))
            return
        new = tuple(int(ml.ladder_step(u, ladder, up) or u) for u in old)
        if new == old:
            lab.say(t("widest" if up else "narrowest", lab.lang, units=int(ladder[-1])))
            return
        lab.change(layers=list(new))

    return run


def _add_layer(lab: LabPanel) -> None:
    old = lab.config.layers
    most = int(ml.SETTINGS["layers"].limits[1])
    if len(old) >= most:
        lab.say(t("max_layers", lab.lang, n=most))
        return
    lab.change(layers=[*old, old[-1] if old else NEW_LAYER_UNITS])


def _remove_layer(lab: LabPanel) -> None:
    old = lab.config.layers
    if not old:
        lab.say(t("no_layers", lab.lang))
        return
    lab.change(layers=list(old[:-1]))


def _rerun(lab: LabPanel) -> None:
    lab.session.rerun()
    lab.restart(keep_before=True)
    lab.say(t("rerun", lab.lang, n=lab.session.reruns + 1))


def _new_data(lab: LabPanel) -> None:
    lab.session.new_data()
    lab.restart(keep_before=True)
    lab.say(t("new_data", lab.lang, n=lab.session.redraws + 1))


def _pause(lab: LabPanel) -> None:
    if lab.status == "paused":
        lab.status = "running"
        lab.runner.resume()
        lab.say(t("run_resumed", lab.lang))
    elif lab.status in ("running", "starting") and not lab.test_mode:
        lab.status = "paused"
        lab.runner.pause()
        lab.say(t("paused", lab.lang), sticky=True)
    else:
        lab.say(t("finished", lab.lang))


def _next_view(lab: LabPanel) -> None:
    views = lab.session.views
    i = views.index(lab.view) if lab.view in views else -1
    lab.view = views[(i + 1) % len(views)]


def _next_layer(lab: LabPanel) -> None:
    n = len(lab.config.layers)
    l = lab.session.next_layer()
    if not l:
        lab.say(t("no_layers", lab.lang))
        return
    lab.redraw()
    lab.say(t("layer_shown", lab.lang, l=l, n=n))


def _edit(lab: LabPanel) -> None:
    fields = [k for k in lab.session.controls if k in ml.CONTROLS]
    if not fields:
        lab.say(t("nothing_offered", lab.lang))
        return

    from ..screens.form import LabForm  # the form reads lab.fields: imported when used

    def done(new: ml.LabConfig | None) -> None:
        if new is not None and new != lab.config:
            lab.apply(new)

    lab.app.push_screen(LabForm(lab.config, fields, lab.lang), done)


ACTIONS: dict[str, LabAction] = {
    a.name: a
    for a in (
        LabAction("lambd_up", "right_square_bracket", _lambd(up=True), "lambd", "]", True,
                  lambda lang: {"ladder": _ladder_text("lambd")}),
        LabAction("lambd_down", "left_square_bracket", _lambd(up=False), "lambd", "[", True),
        # -- dropout: keep_prob down and up its ladder
        LabAction("keep_prob_down", "K", _keep_prob(up=False), "keep_prob", "K", True,
                  lambda lang: {"ladder": _ladder_text("keep_prob")}, only_offered=True),
        LabAction("keep_prob_up", "k", _keep_prob(up=True), "keep_prob", "k", True,
                  only_offered=True),
        LabAction("wider", "equals_sign", _width(up=True), "layers", "="),
        LabAction("narrower", "minus", _width(up=False), "layers", "-"),
        LabAction("add_layer", "greater_than_sign", _add_layer, "layers", ">"),
        LabAction("remove_layer", "less_than_sign", _remove_layer, "layers", "<"),
        LabAction("rerun", "r", _rerun),
        LabAction("new_data", "d", _new_data),
        LabAction("pause", "space", _pause, display="space"),
        LabAction("next_view", "tab", _next_view, display="tab", show=True,
                  help_fields=lambda lang: {"views": _view_names(lang)}),
        LabAction("edit", "e", _edit, show=True,
                  help_fields=lambda lang: {"layers": ml.SETTINGS["layers"].example}),
        # -- (inside: the hidden layer the activations and weights views show)
        LabAction("next_layer", "z", _next_layer),
    )
}  # fmt: skip
"""Every lab key by action name, in the order the Footer and the help list them."""


def lab_bindings(lang: str = "en") -> list[Binding]:
    """The lab's bindings with their Footer labels in ``lang``."""
    return [a.binding(lang) for a in ACTIONS.values()]


LAB_BINDINGS: list[Binding] = lab_bindings()
"""The lab's bindings (English labels) for a host screen's ``BINDINGS``."""


def action_name(binding: Binding) -> str | None:
    """The lab action a binding runs (``lab('rerun')`` -> "rerun"), else None."""
    if not binding.action.startswith("lab("):
        return None
    return binding.action.partition("(")[2].rstrip(")").strip("'\"")


def relabel(bindings: BindingsMap, lang: str) -> None:
    """Put the lab keys' Footer labels of ``bindings`` in ``lang`` (in place)."""
    table = bindings.key_to_bindings
    for key, items in table.items():
        table[key] = [
            replace(b, description=ACTIONS[name].label(lang))
            if (name := action_name(b)) in ACTIONS
            else b
            for b in items
        ]


def help_rows(lang: str) -> list[tuple[Binding, str]]:
    """The help screen's lab rows: each key's binding and its description in ``lang``."""
    return [(a.binding(lang), a.help(lang)) for a in ACTIONS.values()]

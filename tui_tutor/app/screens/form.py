"""The lab's exact-values form (key ``e``): a field for every setting the lesson offers.

Typed settings are an ``Input`` read with the setting's own grammar; choice settings
(dataset, activation, init) a ``Select`` of their choices. Enter in a field moves to the
next one; Enter in the last typed field, ctrl+s anywhere or the Apply button applies (the
hint says so), so a learner typing on after Enter stays in the form instead of typing
into the step's answer. A bad value shows one line naming the field and what is
accepted; the previous values stay until a valid set is applied. The screen dismisses
with the new ``LabConfig``, or ``None`` when cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from tui_tutor import ml
from tui_tutor.i18n import t

from ..lab.fields import choices, field_text, label, read_fields
from ..safe_text import PlainInput, as_text
from .modal import TutorModal

__all__ = ["LabForm"]


class LabForm(TutorModal[ml.LabConfig | None]):
    """Type exact values for ``fields`` (in that order); dismisses with the new config or None."""

    DEFAULT_CSS = """
    LabForm { align: center middle; }
    LabForm > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
        overflow-y: auto;
    }
    LabForm .form-title { text-style: bold; width: 1fr; margin-bottom: 1; }
    LabForm Horizontal { height: 1; }
    LabForm Horizontal > Label { width: 18; padding: 0 1 0 0; }
    LabForm Horizontal > Input { width: 1fr; }
    LabForm Horizontal > Select { width: 1fr; }
    LabForm #form-message { color: $error; height: auto; margin-top: 1; }
    LabForm .form-hint { color: $text-muted; height: auto; }
    LabForm Horizontal.form-buttons { height: 1; align: right middle; margin-top: 1; }
    LabForm .form-buttons Button { margin-left: 2; min-width: 10; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "cancel", show=False),
        Binding("ctrl+s", "apply", "apply", show=False, priority=True),
    ]

    def __init__(self, config: ml.LabConfig, fields: Sequence[str], lang: str = "en") -> None:
        super().__init__()
        self.config = config
        self.fields = [f for f in dict.fromkeys(fields) if f in ml.CONTROLS]
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("form.title", self.lang), classes="form-title")
            for key in self.fields:
                with Horizontal():
                    yield Label(label(key, self.lang))
                    options = choices(key)
                    if options:
                        yield Select(
                            [(c, c) for c in options],
                            value=field_text(self.config, key),
                            allow_blank=False,
                            compact=True,
                            id=f"field-{key}",
                            classes="form-field",
                        )
                    else:
                        yield PlainInput(
                            field_text(self.config, key),
                            id=f"field-{key}",
                            classes="form-field",
                            select_on_focus=True,
                            compact=True,
                        )
            msg = "" if self.fields else t("form.nothing", self.lang)
            yield Static(msg, id="form-message")
            yield Static(t("form.hint", self.lang), classes="form-hint")
            with Horizontal(classes="form-buttons"):
                yield Button(
                    t("form.apply", self.lang),
                    id="form-apply",
                    variant="primary",
                    compact=True,
                )
                yield Button(t("form.cancel", self.lang), id="form-cancel", compact=True)

    def texts(self) -> dict[str, str]:
        """The current text (or choice) of every field."""
        out = {}
        for key in self.fields:
            widget = self.query_one(f"#field-{key}")
            out[key] = str(widget.value)
        return out

    def submit(self) -> bool:
        """Apply the typed values; on a bad one show why and keep the form open."""
        new, key, message = read_fields(self.config, self.texts(), self.lang)
        if new is None:
            # It quotes what was typed: plain text, one line, never markup.
            self.query_one("#form-message", Static).update(as_text(message, line=True, limit=300))
            if key in self.fields:
                self.query_one(f"#field-{key}").focus()
            return False
        self.dismiss(new)
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        """Enter: the next field, or apply from the last one."""
        event.stop()
        key = (event.input.id or "").removeprefix("field-")
        typed = [f for f in self.fields if not choices(f)]  # a Select's Enter opens it
        if key in typed and key != typed[-1]:
            self.query_one(f"#field-{self.fields[self.fields.index(key) + 1]}").focus()
            return
        self.submit()

    def action_apply(self) -> None:
        """ctrl+s: apply from any field."""
        self.submit()

    @on(Button.Pressed, "#form-apply")
    def _apply(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#form-cancel")
    def _cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)

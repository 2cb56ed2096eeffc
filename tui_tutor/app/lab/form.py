"""The lab's exact-values form: a small modal to type λ, layers, α, epochs, m and noise.

Text is parsed here (numbers, "20,3") and then checked by ``ml.LabConfig.from_mapping``,
so the form accepts exactly what the engine accepts. A bad value shows one line naming
the field and what is accepted; the previous values stay until a valid set is applied.
The screen dismisses with the new ``LabConfig``, or ``None`` when cancelled.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from tui_tutor import ml
from tui_tutor.i18n import t

from .plots import fmt_lambd

__all__ = ["FORM_FIELDS", "FormError", "LabForm", "parse_fields"]

# Fields the form offers, in order; only those among the lesson's controls are shown.
FORM_FIELDS: tuple[str, ...] = ("lambd", "layers", "lr", "epochs", "m", "noise")
_EXAMPLES = {
    "lambd": "0.01",
    "layers": "20,3",
    "lr": "0.3",
    "epochs": "1500",
    "m": "400",
    "noise": "0.2",
}


class FormError(ValueError):
    """A field's text could not be read; ``key`` names the field."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def field_text(config: ml.LabConfig, key: str) -> str:
    """The current value of ``key`` as the form shows it."""
    v = getattr(config, key)
    if key == "layers":
        return ",".join(str(u) for u in v)
    if key == "lambd":
        return fmt_lambd(v)
    return f"{v:g}" if isinstance(v, float) else str(v)


def _number(key: str, text: str, lang: str, whole: bool) -> float | int:
    typed = text.strip()
    if not typed:
        raise FormError(key, t("form.empty", lang, example=_EXAMPLES[key]))
    try:
        v = float(typed)
    except ValueError:
        kind = "form.whole" if whole else "form.number"
        raise FormError(key, t(kind, lang, example=_EXAMPLES[key], value=typed)) from None
    if not math.isfinite(v) or (whole and not v.is_integer()):
        kind = "form.whole" if whole else "form.number"
        raise FormError(key, t(kind, lang, example=_EXAMPLES[key], value=typed))
    return int(v) if whole else v


def _layers(text: str, lang: str) -> list[int]:
    typed = text.strip()
    if not typed:
        raise FormError("layers", t("form.empty", lang, example=_EXAMPLES["layers"]))
    parts = [p for p in typed.replace(" ", ",").split(",") if p]
    try:
        return [int(p) for p in parts]
    except ValueError:
        raise FormError("layers", t("form.layers", lang, value=typed)) from None


def parse_fields(texts: dict[str, str], lang: str = "en") -> dict[str, Any]:
    """Turn the form's texts into LabConfig values; raises ``FormError`` on unreadable text.

    Ranges are not checked here: ``LabConfig.from_mapping`` does that.
    """
    out: dict[str, Any] = {}
    for key, text in texts.items():
        if key == "layers":
            out[key] = _layers(text, lang)
        else:
            out[key] = _number(key, text, lang, whole=key in ("epochs", "m"))
    return out


def check_ranges(values: dict[str, Any], lang: str = "en") -> None:
    """Raise ``FormError`` (in ``lang``) for a value outside ``ml.LIMITS``.

    The engine checks the same ranges; checking here first gives the message in the
    learner's language.
    """
    for key, v in values.items():
        if key == "layers":
            most = int(ml.SETTINGS["layers"].limits[1])
            if len(v) > most:
                raise FormError(key, t("form.max_layers", lang, n=most))
            lo, hi = ml.SETTINGS["layers"].unit_limits
            if any(not (lo <= u <= hi) for u in v):
                text = ",".join(str(u) for u in v)
                raise FormError(key, t("form.layers", lang, value=text))
        elif ml.SETTINGS[key].limits:
            lo, hi = ml.SETTINGS[key].limits
            if not (lo <= v <= hi):
                raise FormError(
                    key, t("form.range", lang, lo=f"{lo:g}", hi=f"{hi:g}", value=f"{v:g}")
                )


def apply_fields(
    config: ml.LabConfig, texts: dict[str, str], lang: str = "en"
) -> tuple[ml.LabConfig | None, str | None, str]:
    """(new config, None, "") if ``texts`` are valid, else (None, bad key, message)."""
    try:
        values = parse_fields(texts, lang)
        check_ranges(values, lang)
        return ml.LabConfig.from_mapping(values, base=config), None, ""
    except (FormError, ml.ConfigError) as exc:
        label = t(f"field.{exc.key}", lang)
        return None, exc.key, t("form.bad", lang, field=label, message=exc.message)


class LabForm(ModalScreen[ml.LabConfig | None]):
    """Type exact values for the offered settings; dismisses with the new config or None."""

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
    LabForm #form-message { color: $error; height: auto; margin-top: 1; }
    LabForm .form-hint { color: $text-muted; height: auto; }
    LabForm Horizontal.form-buttons { height: 1; align: right middle; margin-top: 1; }
    LabForm .form-buttons Button { margin-left: 2; min-width: 10; }
    """

    BINDINGS = [Binding("escape", "cancel", "cancel", show=False)]

    def __init__(self, config: ml.LabConfig, fields: Sequence[str], lang: str = "en") -> None:
        super().__init__()
        self.config = config
        self.fields = [f for f in FORM_FIELDS if f in fields]
        self.lang = lang

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t("form.title", self.lang), classes="form-title")
            for key in self.fields:
                with Horizontal():
                    yield Label(t(f"field.{key}", self.lang))
                    yield Input(
                        field_text(self.config, key),
                        id=f"field-{key}",
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
        """The current text of every field."""
        return {k: self.query_one(f"#field-{k}", Input).value for k in self.fields}

    def submit(self) -> bool:
        """Apply the typed values; on a bad one show why and keep the form open."""
        new, key, message = apply_fields(self.config, self.texts(), self.lang)
        if new is None:
            self.query_one("#form-message", Static).update(message)
            if key in self.fields:
                self.query_one(f"#field-{key}", Input).focus()
            return False
        self.dismiss(new)
        return True

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
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

"""The lines under the lab's canvas: the legend, the readout with the diagnosis, a notice."""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Static

from tui_tutor import ml
from tui_tutor.i18n import t

from .session import ShownRun

__all__ = ["READOUT_METRICS", "Legend", "Notice", "Readout"]

# The readout's numbers: its template's field -> the engine's metric (``ml.METRICS``).
READOUT_METRICS: dict[str, str] = {
    "train": "train_error",
    "dev": "dev_error",
    "gap": "gap",
    "bayes": "bayes_error",
}
_SIGNED = frozenset({"gap"})  # shown with its sign: a negative gap is news

_DIAG_COLOR = {
    "high_bias": "rgb(255,150,50)",
    "high_variance": "rgb(230,110,230)",
    "both": "rgb(255,90,90)",
    "fine": "rgb(90,200,120)",
}


def _pct(v: float | None, signed: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v * 100:+.1f}%" if signed else f"{v * 100:.1f}%"


def wrap_items(items: list[str], width: int) -> str:
    """Join items with two spaces, breaking lines between items, never inside one."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}  {item}" if line else item
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = item
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


class Readout(Static):
    """Two lines: λ, layers, epoch and the errors; then the diagnosis and the next step.

    ``show`` sets the run and its status; the text is rebuilt then and on a resize
    (the numbers wrap between items, never inside one).
    """

    def __init__(self, *, lang: str = "en", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._run: ShownRun | None = None
        self._status = "starting"

    def show(self, run: ShownRun, status: str) -> None:
        """Show ``run`` (its config, epoch and metrics) in state ``status``."""
        self._run, self._status = run, status
        self.update(self.text())

    def on_resize(self) -> None:
        if self._run is not None:
            self.update(self.text())

    def diagnosis(self) -> ml.Diagnosis | None:
        """The engine's diagnosis of the latest metrics (None before them or once diverged)."""
        m = self._run.metrics if self._run is not None else None
        if m is None or self._status == "diverged":
            return None
        try:
            return ml.diagnose(m["train_error"], m["dev_error"], m["bayes_error"])
        except ValueError:  # NaN errors
            return None

    def text(self) -> Text:
        """The readout as it is shown now."""
        run, lang = self._run, self.lang
        if run is None:
            return Text()
        cfg, m = run.config, run.metrics
        layers = ",".join(str(u) for u in cfg.layers) or t("layers.none", lang)
        numbers = {
            field: _pct(m[metric] if m is not None else None, field in _SIGNED)
            for field, metric in READOUT_METRICS.items()
        }
        line = t(
            "readout",
            lang,
            lambd=ml.SETTINGS["lambd"].show(cfg.lambd),
            layers=layers,
            epoch=str(run.epoch),
            **numbers,
        )
        out = Text(wrap_items(line.split("  "), self.size.width or 10_000))
        out.append("\n")
        d = self.diagnosis()
        if d is not None:
            color = None if self.app.no_color else _DIAG_COLOR.get(d.kind)
            out.append(t(f"diag.{d.kind}", lang), Style(bold=True, color=color))
            out.append(f" → {t(f'advice.{d.kind}', lang)}")
        elif self._status == "diverged":
            out.append(t("diverged", lang), Style(bold=True))
        elif m is None:
            out.append(t("waiting", lang), Style(bold=True))
        return out


class Legend(Static):
    """The view's legend, one line; redrawn only when it changes."""

    def show(self, text: Text) -> None:
        """Show ``text`` (a view's ``legend``)."""
        if text != self.content:
            self.update(text)


class Notice(Static):
    """A short message under the readout; takes no line while empty."""

    def show(self, text: str) -> None:
        """Show ``text`` ("" hides the line)."""
        self.update(text)
        self.set_class(bool(text), "shown")

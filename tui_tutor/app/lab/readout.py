"""The lines under the lab's canvas: the legend, the readout with the diagnosis, a notice."""

from __future__ import annotations

import math

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.visual import visualize
from textual.widgets import Static

from tui_tutor import ml
from tui_tutor.i18n import t

from .session import ShownRun

__all__ = [
    "ADVICE_KEYS",
    "READOUT_EXTRA",
    "READOUT_METRICS",
    "Legend",
    "Notice",
    "Readout",
    "readout_items",
]

# The readout's numbers: its template's field -> the engine's metric (``ml.METRICS``).
READOUT_METRICS: dict[str, str] = {
    "train": "train_error",
    "dev": "dev_error",
    "gap": "gap",
    "bayes": "bayes_error",
}

READOUT_EXTRA: tuple[str, ...] = tuple(
    m for m in ml.RUN_METRICS if m not in READOUT_METRICS.values()
)
"""The metrics a lesson or step may add to the readout (its ``readout`` key): every
one-run metric not always shown. ``test_error`` is among them: the test set is shown only
in a step that lists it (the rest of the time it is sealed)."""

ADVICE_KEYS: tuple[str, ...] = ("layers", "lambd")
"""The settings whose keys the next step may name ("> or =", "]"): only where offered."""

_DIAG_COLOR = {
    "high_bias": "rgb(255,150,50)",
    "high_variance": "rgb(230,110,230)",
    "both": "rgb(255,90,90)",
    "fine": "rgb(90,200,120)",
    "too_small": "rgb(200,200,90)",
}


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


def readout_items(run: ShownRun, fields: tuple[str, ...], lang: str) -> list[str]:
    """The readout's numbers as items: λ, layers, epoch, the errors (the dev error with its
    95% interval and n_dev), the gap, the Bayes floor, then the ``fields`` a step asks
    for, each written by ``ml.format_value``."""
    cfg, m = run.config, run.metrics
    value = lambda name: ml.format_value(name, m.get(name) if m else None)  # noqa: E731
    numbers = {field: value(metric) for field, metric in READOUT_METRICS.items()}
    if m is not None:
        # the gap as the difference of the two errors shown (NaN, shown "–", without them)
        gap = ml.shown_gap(m.get("train_error", math.nan), m.get("dev_error", math.nan))
        numbers["gap"] = ml.format_value("gap", gap)
        lo, hi = m.get("dev_low", math.nan), m.get("dev_high", math.nan)
        if math.isfinite(lo) and math.isfinite(hi):  # the dev error's 95% interval
            numbers["dev"] = t(
                "readout.dev", lang, dev=numbers["dev"], n=int(m.get("m_dev", 0)),
                lo=ml.format_value("dev_low", lo).removesuffix("%"),
                hi=ml.format_value("dev_high", hi).removesuffix("%"),
            )  # fmt: skip
        if cfg.bayes_source == "unknown":
            numbers["bayes"] = t("readout.bayes_unknown", lang)
        elif cfg.bayes_source == "estimate":
            numbers["bayes"] = t("readout.bayes_estimate", lang, bayes=numbers["bayes"])
    layers = ml.show_layers(cfg.layers) or t("layers.none", lang)
    line = t(
        "readout", lang, lambd=ml.SETTINGS["lambd"].show(cfg.lambd), layers=layers,
        epoch=str(run.epoch), **numbers,
    )  # fmt: skip
    items = line.split("  ")
    # dropout: keep_prob beside λ whenever dropout is on or the step offers it
    keep = cfg.keep_prob if isinstance(cfg.keep_prob, tuple) else (cfg.keep_prob,)
    if "keep_prob" in fields or any(p < 1 for p in keep):
        shown = ml.SETTINGS["keep_prob"].show(cfg.keep_prob)
        items.insert(1, f"{t('metric.keep_prob', lang)}={shown}")
    items += [_item(name, m, lang) for name in fields if name != "keep_prob"]
    best = m.get("best_epoch", math.nan) if m else math.nan
    if math.isfinite(best) and "best_epoch" not in fields:  # early stopping: whose weights
        key = "readout.best_epoch" if run.epoch < cfg.epochs else "readout.best_epoch_end"
        items.append(t(key, lang, best=ml.format_value("best_epoch", best)))
    return items


def _item(name: str, m: dict[str, float] | None, lang: str) -> str:
    """One extra field: its label and value; the training examples with augmented copies
    say how many were drawn and how many are copies; a gradient check that points at no
    layer says so (not "layer 0")."""
    value = ml.format_value(name, m.get(name) if m else None)
    if name == "gc_layer" and m and m.get(name) == 0:  # no layer points anywhere
        return t("readout.gc_layer_none", lang)
    copies = m.get("m_augmented", 0.0) if m else 0.0
    if name == "m_train" and m and copies:
        drawn = ml.format_value("m_train", m["m_train"] - copies)
        return t("readout.m_train_augmented", lang, total=value, drawn=drawn,
                 copies=ml.format_value("m_augmented", copies))  # fmt: skip
    return f"{t(f'metric.{name}', lang)} {value}"


class Readout(Static):
    """The numbers (λ, layers, epoch, the errors, the lesson's extra fields); then the
    diagnosis and the next step, marked provisional until the run ends, with its notes.

    ``show`` sets the run, its status and the extra fields; the text is rebuilt then and
    on a resize (the numbers wrap between items, never inside one). Its height only grows
    until ``reset_height`` (a new step) or a new width: a run's short provisional line and
    its longer verdict take the same rows, so a key moves neither the lesson nor the chart
    (and costs no layout of the screen).
    """

    def __init__(self, *, lang: str = "en", id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self._run: ShownRun | None = None
        self._status = "starting"
        self._fields: tuple[str, ...] = ()
        self._keys = frozenset(ADVICE_KEYS)
        self._text: Text | None = None  # what is shown
        self._rows = -1  # its height at the width it was wrapped to (-1: not known)
        self._floor = 0  # the tallest it has been since reset_height or a new width
        self._width = -1

    def show(
        self,
        run: ShownRun,
        status: str,
        fields: tuple[str, ...] = (),
        *,
        keys: frozenset[str] = frozenset(ADVICE_KEYS),
    ) -> None:
        """Show ``run`` (its config, epoch and metrics) in state ``status``, with the
        extra ``fields`` (names of ``READOUT_EXTRA``) after the usual numbers. ``keys``:
        the settings the step lets the learner change; the next step names their keys
        (> or =, ]) only when they work here."""
        self._run, self._status, self._keys = run, status, keys
        self._fields = tuple(f for f in fields if f in READOUT_EXTRA)
        self._update(self.text())

    def reset_height(self) -> None:
        """Let the readout shrink to its text again (a new step's lab)."""
        self._floor = 0
        if self.styles.min_height is not None:
            self.styles.min_height = None

    def on_resize(self) -> None:
        if self.size.width != self._width:  # wrapped anew: its height is measured anew
            self._width, self._text = self.size.width, None
            self.reset_height()
        if self._run is not None:
            self._update(self.text())

    def _update(self, text: Text) -> None:
        """Update the widget only when the text changed, and lay the screen out only when
        its height did (a layout of the whole screen at every snapshot cost more than the
        readout itself)."""
        if text != self._text:
            width, visual = self.content_size.width, visualize(self, text)  # once, for both
            rows = visual.get_height(self.styles, width) if width > 0 else -1
            if rows > self._floor:
                self._floor = rows
                self.styles.min_height = rows
            rows = max(rows, self._floor) if rows >= 0 else rows
            self._text, same = text, rows >= 0 and rows == self._rows
            self._rows = rows
            self.update(visual, layout=not same)

    def diagnosis(self) -> ml.Diagnosis | None:
        """The engine's diagnosis of the latest metrics, with the set sizes and the shift
        (None before them or once diverged)."""
        m = self._run.metrics if self._run is not None else None
        if m is None or self._status == "diverged":
            return None
        return ml.diagnose_metrics(m, shifted=bool(self._run.config.shift))

    def text(self) -> Text:
        """The readout as it is shown now."""
        run, lang = self._run, self.lang
        if run is None:
            return Text()
        items = readout_items(run, self._fields, lang)
        out = Text(wrap_items(items, self.size.width or 10_000))
        out.append("\n")
        d = self.diagnosis()
        if d is not None:
            color = None if self.app.no_color else _DIAG_COLOR.get(d.kind)
            label = t(f"diag.{d.kind}", lang)
            if self._status not in ("done", "stopped", "diverged"):  # a verdict mid-run may change
                label = t("diag.provisional", lang, label=label, epochs=run.config.epochs)
                out.append(label, Style(bold=True, color=color))
                return out
            out.append(label, Style(bold=True, color=color))
            m = run.metrics or {}
            kind = "fine_test" if d.kind == "fine" and m.get("m_test") else d.kind
            keys = {  # a key the step does not offer would do nothing: not named then
                f"keys_{k}": t(f"advice.keys.{k}", lang) if k in self._keys else ""
                for k in ADVICE_KEYS
            }
            figures = ml.advice_figures(d)
            out.append(f" → {t(f'advice.{kind}', lang, **figures, **keys)}")
            for note in d.notes:
                out.append(f" · {t(f'diag.note.{note}', lang)}", Style(dim=True))
        elif self._status == "diverged":
            out.append(t("diverged", lang), Style(bold=True))
        elif run.metrics is None:
            out.append(t("waiting", lang), Style(bold=True))
        return out


def wrap_text_items(text: Text, width: int, lines: int = 2) -> Text:
    """``text``'s items (separated by two spaces) on at most ``lines`` lines of ``width``
    cells, breaking between items, never inside one; the last line cut with an ellipsis."""
    out: list[Text] = []
    for item in text.split("  ", allow_blank=False):
        if not item.plain.strip():
            continue
        if out and cell_len(out[-1].plain) + 2 + cell_len(item.plain) <= width:
            out[-1].append("  ")
            out[-1].append_text(item)
        else:
            out.append(item.copy())
    if len(out) > lines:
        last = Text(" ").join(out[lines - 1 :])
        last.truncate(width, overflow="ellipsis")
        out[lines - 1 :] = [last]
    joined = Text("\n").join(out)
    joined.no_wrap, joined.overflow = True, "ellipsis"
    return joined


class Legend(Static):
    """The view's legend: one line, or two when its items do not fit (a break between
    items, never inside one); redrawn only when it changes."""

    _text: Text | None = None

    def show(self, text: Text) -> None:
        """Show ``text`` (a view's ``legend``)."""
        self._text = text
        self._wrap()

    def on_resize(self) -> None:
        self._wrap()

    def _wrap(self) -> None:
        if self._text is None:
            return
        text = wrap_text_items(self._text, self.size.width or 10_000)
        if text != self.content:
            self.update(text)


class Notice(Static):
    """A short message under the readout; takes no line while empty."""

    def show(self, text: str) -> None:
        """Show ``text`` ("" hides the line)."""
        self.update(text)
        self.set_class(bool(text), "shown")

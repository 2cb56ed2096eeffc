"""Everything the headless commands print, in one place.

Tables (``table``), one-line JSON (``print_json``), terminal plots drawn with plotext
(``plot``), the status line on stderr while a run trains (``Progress``), sentences
wrapped to the terminal (``say``), the short forms of numbers (``pct``, ``num``), the
one-paragraph description of a config (``describe``) and the diagnosis in words
(``diagnosis_dict``, ``advice``). Color only on a terminal and never with NO_COLOR.

The words come from ``tui_tutor.i18n`` in ``LANG`` (the CLI speaks English for now).
"""

from __future__ import annotations

import json
import math
import os
import shutil
import sys
import textwrap
import time
from collections.abc import Sequence
from typing import Any

import numpy as np

from tui_tutor import ml
from tui_tutor.i18n import t

__all__ = [
    "LANG",
    "Progress",
    "advice",
    "assumes",
    "describe",
    "diagnosis",
    "diagnosis_dict",
    "evenly",
    "hidden",
    "jsonable",
    "notes",
    "num",
    "pct",
    "plot",
    "print_json",
    "say",
    "table",
    "use_color",
    "value",
]

LANG = "en"  # the language of the CLI's words (a later --lang may set it per command)


# -- numbers and sentences ----------------------------------------------------------------
def value(metric: str, x: float | None) -> str:
    """A metric's value as every table writes it (``ml.format_value``; ``n/a`` when missing)."""
    if x is not None and not math.isfinite(x):
        return "n/a"
    return ml.format_value(metric, x, missing="n/a")


def pct(x: float | None) -> str:
    """An error fraction as a percentage with one decimal (``n/a`` when missing)."""
    return value("dev_error", x)


def num(x: float | None) -> str:
    """A cost for a table: 4 decimals, scientific when huge (a diverging run)."""
    return value("cost", x)


def say(text: str) -> None:
    """Print a sentence wrapped to the terminal width (80 when not a terminal)."""
    width = max(40, min(shutil.get_terminal_size(fallback=(80, 24)).columns, 100))
    print(textwrap.fill(text, width=width, subsequent_indent="  ", break_on_hyphens=False))


def table(header: Sequence[str], rows: Sequence[Sequence[str]], left: tuple[int, ...] = ()) -> str:
    """Columns two spaces apart: the ``left`` columns and the last one left-aligned (the
    last may hold wide titles), the others (numbers) right-aligned."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        cells = [
            str(c).ljust(w) if i in left else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(r[:-1], widths, strict=False))
        ]
        out.append("  ".join([*cells, str(r[-1])]).rstrip())
    return "\n".join(out)


def evenly(n_items: int, k: int) -> list[int]:
    """At most ``k`` indices spread evenly over range(n_items), first and last included."""
    if n_items <= k:
        return list(range(n_items))
    return sorted(set(np.linspace(0, n_items - 1, k).round().astype(int).tolist()))


# -- JSON -------------------------------------------------------------------------------
def jsonable(x: Any) -> Any:
    """Plain JSON values: NaN/inf -> None, NumPy scalars and arrays -> Python."""
    if isinstance(x, dict):
        return {str(k): jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return jsonable(x.tolist())
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def print_json(obj: dict[str, Any]) -> None:
    """One object on one line: `jq` pretty-prints it, and a stream of them is JSON Lines."""
    print(json.dumps(jsonable(obj), ensure_ascii=False, allow_nan=False))


# -- the config and the diagnosis in words ----------------------------------------------
def hidden(cfg: ml.LabConfig) -> str:
    """The hidden activation with a separator, or logistic regression without layers."""
    return f"{cfg.activation}, " if cfg.layers else "logistic regression, "


def describe(cfg: ml.LabConfig) -> str:
    """Two lines: the data (source, sizes, flips, shift), then the network and training."""
    data = cfg.data()
    tr, dv, te = data.sizes
    source = f"CSV {cfg.csv}" if cfg.csv else f"{cfg.dataset} (noise {cfg.noise:g})"
    copies = data.augmented  # regmore: augmented copies are not drawn examples
    tr -= copies
    train = f"train {tr}" + (f" + {copies} {cfg.augment} copies" if copies else "")
    sets = f"{train} / dev {dv}" + (f" / test {te}" if te else "")
    net = "-".join(map(str, cfg.layer_dims))
    batch = "full batch" if not cfg.batch_size else f"batch {cfg.batch_size}"
    reg = f"λ = {cfg.lambd:g}" + (f", L1 {cfg.l1:g}" if cfg.l1 else "")
    if cfg.keep_prob != 1.0:  # dropout
        reg += f", keep_prob {ml.SETTINGS['keep_prob'].show(cfg.keep_prob)}"
    return (
        f"{source}: m = {tr + dv + te} ({sets}), flip {cfg.flip:g}"
        + (f", shift {cfg.shift:g}" if cfg.shift else "")
        + f"\nnetwork {net} ({hidden(cfg)}{cfg.init} init), {reg}, lr {cfg.lr:g}, "
        f"{cfg.epochs} epochs, {batch}, seed {cfg.seed}"
        + (f", early stopping (patience {cfg.patience})" if cfg.patience else "")
    )


def diagnosis(
    train_error: float,
    dev_error: float,
    bayes: float,
    *,
    n_train: int | None = None,
    n_dev: int | None = None,
    shifted: bool = False,
) -> ml.Diagnosis | None:
    """The engine's diagnosis, or None when the errors are not numbers (a diverged model).

    ``bayes`` NaN: the floor is unknown (taken as 0, noted); the set sizes let it weigh
    the dev error's uncertainty; ``shifted``: the dev data are shifted (noted).
    """
    try:
        return ml.diagnose(
            train_error, dev_error, bayes, n_train=n_train, n_dev=n_dev, shifted=shifted
        )
    except ValueError:
        return None


def advice(d: ml.Diagnosis, *, has_test: bool = False) -> str:
    """The basic recipe's next step for ``d``, in words; "check the test set once" only
    when the data have a test set (``has_test``)."""
    kind = "fine_test" if d.kind == "fine" and has_test else d.kind
    return t(f"cli.advice.{kind}", LANG, **ml.advice_figures(d))


def notes(d: ml.Diagnosis) -> list[str]:
    """What a reader must know besides the verdict (``Diagnosis.notes``), in words."""
    return [t(f"cli.note.{note}", LANG) for note in d.notes]


def assumes(cfg: ml.LabConfig) -> str:
    """What the diagnosis assumes: the floor it measures bias against, and where it is from."""
    bayes = cfg.bayes_error
    shown = "0%" if math.isnan(bayes) else pct(bayes)
    text = t("cli.assumes", LANG, bayes=shown, source=t(f"cli.bayes.{cfg.bayes_source}", LANG))
    return text + (t("cli.assumes.shifted", LANG) if cfg.shift else "")


def diagnosis_dict(d: ml.Diagnosis | None, *, has_test: bool = False) -> dict[str, Any] | None:
    """The diagnosis as JSON: kind, label, advice, avoidable_bias, variance, the floor it
    used (bayes, bayes_known), n_dev, dev_interval (95%) and notes."""
    if d is None:
        return None
    return {
        "kind": d.kind,
        "label": t(f"diag.{d.kind}", LANG),
        "advice": advice(d, has_test=has_test),
        "avoidable_bias": d.avoidable_bias,
        "variance": d.variance,
        "bayes": d.bayes,
        "bayes_known": d.bayes_known,
        "n_dev": d.n_dev,
        "dev_interval": list(d.dev_interval) if d.dev_interval else None,
        "notes": list(d.notes),
    }


# -- the status line ----------------------------------------------------------------------
class Progress:
    """``training: epoch N/M`` on stderr while a long run trains, only on a terminal;
    erased at the end. Quick runs (under half a second) never show it."""

    def __init__(self, epochs: int) -> None:
        try:
            self.on = sys.stderr.isatty()
        except (AttributeError, ValueError):
            self.on = False
        self.epochs = epochs
        self.next = time.monotonic() + 0.5
        self.width = 0

    def update(self, epoch: int, text: str | None = None) -> None:
        """Show ``epoch`` (or ``text``), at most five times a second."""
        now = time.monotonic()
        if self.on and now >= self.next:
            self._write(text or f"training: epoch {epoch}/{self.epochs}")
            self.next = now + 0.2

    def note(self, text: str) -> None:
        """A one-off status line for work with no progress to report (a batched sweep)."""
        if self.on:
            self._write(text)

    def _write(self, text: str) -> None:
        sys.stderr.write("\r" + text.ljust(self.width))
        sys.stderr.flush()
        self.width = max(self.width, len(text))

    def close(self) -> None:
        """Erase the line, leaving the cursor where it was."""
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


# -- plots ------------------------------------------------------------------------------
def use_color() -> bool:
    """Color only on a terminal, and never when NO_COLOR is set (no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _plot_size(plots: int) -> tuple[int, int]:
    """(width, height) of one plot: fitted to the terminal (``plots`` stacked with the
    table below), or a fixed comfortable size when stdout is a file or a pipe."""
    cols, lines = shutil.get_terminal_size(fallback=(80, 24))
    cols = cols if cols >= 20 else 80
    width = max(40, min(cols, 140))
    try:
        tty = sys.stdout.isatty()
    except (AttributeError, ValueError):
        tty = False
    if not tty:
        return width, 16
    lines = lines if lines >= 10 else 24
    return width, max(10, min(24, (lines - 12) // plots))


def _nice_ticks(top: float, most: int = 5) -> list[float]:
    """0, s, 2s, ... up to ``top`` with s = 1, 2 or 5 times a power of ten (at most ``most``)."""
    for power in range(math.floor(math.log10(top / most)), 4):
        for mult in (1, 2, 5):
            step = mult * 10.0**power
            if top / step <= most:
                return [round(i * step, 10) for i in range(int(top / step) + 1)]
    return [0.0, top]


def plot(
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    title: str,
    xlabel: str,
    plots: int = 1,
    xticks: tuple[list[float], list[str]] | None = None,
    from_zero: bool = False,
    floor: float = 0.0,
) -> str:
    """Draw lines (label, xs, ys) with plotext and return the text (no color codes when
    color is off). Points whose y is None or not finite are left out.

    ``from_zero``: the y axis is an error in percent, from 0; ``floor`` > 0 draws the
    Bayes error floor (in percent) as a horizontal line.
    """
    import plotext as plt

    color = use_color()
    plt.clear_figure()
    plt.plotsize(*_plot_size(plots))
    # "pro": the terminal's own background and text colors, colored lines only.
    plt.theme("pro" if color else "clear")
    markers = ("hd", "hd", "hd") if color else ("*", "o", "+")
    xs_all = [x for _, xs, _ in series for x in xs]
    if floor > 0 and xs_all:
        # Drawn first, so the curves stay on top where they meet it.
        plt.plot(
            [min(xs_all), max(xs_all)],
            [floor, floor],
            label=f"Bayes floor {floor:.1f}%",
            marker="hd" if color else "-",
            color="gray" if color else None,
        )
    for (label, xs, ys), marker in zip(series, markers, strict=False):
        pts = [(x, y) for x, y in zip(xs, ys, strict=True) if y is not None and math.isfinite(y)]
        if pts:
            plt.plot([x for x, _ in pts], [y for _, y in pts], label=label, marker=marker)
    plt.title(title)
    plt.xlabel(xlabel)
    if xticks is not None:
        plt.xticks(*xticks)
    finite = [y for _, _, ys in series for y in ys if y is not None and math.isfinite(y)]
    if from_zero and finite and max(finite) > 0:
        # Errors from 0, with head room so the legend does not hide the first points.
        top = max(finite) * 1.25
        plt.ylim(0.0, top)
        ticks = _nice_ticks(top)
        plt.yticks(ticks, [f"{tick:g}%" for tick in ticks])
    text = plt.build()
    plt.clear_figure()
    return text if color else plt.uncolorize(text)

"""The command line: ``tui-tutor`` starts the app; subcommands run the lab headless.

``tui-tutor train``, ``gradcheck`` and ``sweep`` run the same engine the app's lab runs
(``ml.LabConfig``, so every range is checked in one place); ``lessons`` lists or checks a
lesson pack and ``report`` summarizes learners' progress files. Bad input never shows a
traceback: one line ``tui-tutor: error: <what is wrong>; <what is accepted>`` on stderr
and exit status 2. Ctrl-C exits with 130; a closed pipe (``| head``) exits quietly with 141.
The app (Textual) is imported only when the app starts, so the headless commands stay fast.

``--json`` prints one JSON object on one line (NaN as null): ``train`` gives command,
config, sizes, every, status, records (at most 200, evenly spaced, first and last kept),
final (``LabRun.metrics``) and diagnosis; ``gradcheck`` gives difference, verdict and,
with ``--details``, the difference per parameter; ``sweep`` gives param ("lambd" or "m"),
rows (``SweepResult.rows``), best and diagnosis.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from tui_tutor import __version__, ml

PROG = "tui-tutor"
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
COMMANDS = ("train", "gradcheck", "sweep", "lessons", "report")
LANGS = ("en", "zh")
# The validation curve's default λ values: a log ladder from 0 to 100 (12 values).
DEFAULT_LAMBDS = ml.SETTINGS["lambd"].ladder
MAX_JSON_RECORDS = 200  # `train --json` keeps at most this many records (first and last kept)
TABLE_ROWS = 8  # rows of the human-readable training table

# Where the relative difference of a gradient check falls (FACTS.md): ~1e-7 is great,
# ~1e-5 worth a closer look, ~1e-3 probably a bug.
GRADCHECK_VERDICTS = (
    (1e-6, "great", "backprop agrees with the finite differences"),
    (1e-4, "look closer", "probably fine, but check which parameters differ (--details)"),
    (math.inf, "probably a bug", "backprop disagrees; use --details to find the layer"),
)


class UsageError(Exception):
    """Bad input: printed as ``tui-tutor: error: <message>`` with exit status 2."""


class Interrupted(Exception):
    """Ctrl-C: printed as ``tui-tutor: <message>`` with exit status 130."""


# -- parsing values ---------------------------------------------------------------------
def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    return value


def _whole(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not value.is_integer():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number")
    return int(value)


def _items(text: str, example: str) -> list[str]:
    parts = [p.strip() for p in text.split(",")]
    if any(not p for p in parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} has an empty item; give comma-separated values such as {example}"
        )
    return parts


def _layers(text: str) -> tuple[int, ...]:
    """'20,3' -> (20, 3); '' or 'none' -> () (logistic regression)."""
    if text.strip().lower() in ("", "none"):
        return ()
    out = []
    for part in _items(text, "20,3"):
        try:
            out.append(_whole(part))
        except argparse.ArgumentTypeError:
            raise argparse.ArgumentTypeError(
                f"{part!r} is not a whole number; give hidden-layer sizes such as 20,3 "
                "(or none for logistic regression)"
            ) from None
    return tuple(out)


def _split(text: str) -> tuple[float | int, ...]:
    """'0.6,0.2,0.2' (ratios) or '300,100,100' (counts)."""
    accepted = "ratios such as 0.6,0.2,0.2 or counts such as 300,100,100"
    try:
        values = [float(p) for p in _items(text, "0.6,0.2,0.2")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of numbers; give {accepted}"
        ) from None
    if all(v.is_integer() and v > 1 for v in values if v):
        return tuple(int(v) for v in values)
    return tuple(values)


def _numbers(text: str) -> list[float]:
    try:
        return [float(p) for p in _items(text, "0,0.01,0.1,1")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of numbers; give values such as 0,0.01,0.1,1"
        ) from None


def _sizes(text: str) -> list[int]:
    try:
        return [_whole(p) for p in _items(text, "20,50,100")]
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of whole numbers; give sizes such as 20,50,100"
        ) from None


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _epsilon(text: str) -> float:
    value = _number(text)
    if not (0.0 < value < 1.0):
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (such as 1e-7), got {text}")
    return value


# -- the parser -------------------------------------------------------------------------
class _Parser(argparse.ArgumentParser):
    """argparse whose errors become one clear ``UsageError`` line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_argparse_message(message))


def _argparse_message(message: str) -> str:
    """Reword argparse's messages to say what is wrong and what is accepted."""
    message = message.replace("argument command: ", "")
    m = re.match(r"(.*?)invalid choice: '(.*?)' \(choose from (.*)\)$", message)
    if m:
        what = m.group(1).rstrip(": ").replace("argument ", "")
        choices = ", ".join(c.strip().strip("'") for c in m.group(3).split(","))
        if what in ("", "COMMAND"):
            return f"unknown command {m.group(2)!r}; choose from {choices}"
        return f"{what}: {m.group(2)!r} is not accepted; choose from {choices}"
    m = re.match(r"unrecognized arguments: (.*)$", message)
    if m:
        return f"unknown option or extra argument {m.group(1)}"
    return message.replace("argument ", "", 1) if message.startswith("argument ") else message


def _range(key: str) -> str:
    return ml.SETTINGS[key].accepted()


def _typed(key: str, whole: bool) -> Callable[[str], float | int]:
    """An argparse type for one numeric setting; its error names the accepted range."""

    def parse(text: str) -> float | int:
        try:
            return _whole(text) if whole else _number(text)
        except argparse.ArgumentTypeError as exc:
            raise argparse.ArgumentTypeError(f"{exc}; give {_range(key)}") from None

    return parse


# The experiment's options: (group, flag, LabConfig key, type, metavar, help). Help texts
# may use {range} (from ml.LIMITS) and {default} (from the command's base config).
_LAB_OPTIONS: tuple[tuple[str, str, str, Any, str | None, str], ...] = (
    ("data", "--dataset", "dataset", str, "NAME", "{datasets} (default {default})"),
    ("data", "--m", "m", "whole", None, "number of examples, {range} (default {default})"),
    ("data", "--noise", "noise", "number", None, "geometric noise, {range} (default {default})"),
    ("data", "--flip", "flip", "number", None,
     "label-flip probability (raises the Bayes error floor), {range} (default {default})"),
    ("data", "--split", "split", _split, "PARTS",
     "train,dev[,test] as ratios (0.6,0.2,0.2) or counts (300,100,100) (default {default})"),
    ("data", "--shift", "shift", "number", None,
     "move the dev/test inputs (a distribution mismatch), {range} (default {default})"),
    ("data", "--csv", "csv", str, "FILE",
     "your own data, rows x1,x2,label (label 0 or 1); replaces --dataset and --m"),
    ("data", "--seed", "seed", "whole", None, "data and weight seed (default {default})"),
    ("network", "--layers", "layers", _layers, "SIZES",
     "hidden-layer sizes such as 20,3 ({units} units each, at most {hidden} layers); "
     "none = logistic regression (default {default})"),
    ("network", "--activation", "activation", str, "NAME",
     "hidden activation: relu or tanh (default {default})"),
    ("network", "--init", "init", str, "NAME", "zeros, random, xavier or he (default {default})"),
    ("network", "--init-scale", "init_scale", "number", "S",
     "scale of --init random, {range} (default {default})"),
    ("training", "--lambd", "lambd", "number", "λ",
     "L2 regularization λ, {range} (default {default})"),
    ("training", "--l1", "l1", "number", "λ1", "L1 regularization, {range} (default {default})"),
    ("training", "--lr", "lr", "number", "α", "learning rate, {range} (default {default})"),
    ("training", "--epochs", "epochs", "whole", "N",
     "passes over the training set, {range} (default {default})"),
    ("training", "--batch-size", "batch_size", "whole", "N",
     "mini-batch size; 0 = full batch (default {default})"),
)  # fmt: skip


def _show(value: Any) -> str:
    if isinstance(value, tuple):
        return ",".join(f"{v:g}" for v in value) or "none"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _lab_options(parser: argparse.ArgumentParser, base: ml.LabConfig) -> None:
    """Add the experiment's options; unset ones keep ``base``'s values (shown in --help)."""
    groups: dict[str, Any] = {}
    for group, flag, key, kind, metavar, text in _LAB_OPTIONS:
        if group not in groups:
            groups[group] = parser.add_argument_group(group)
        if kind in ("whole", "number"):
            kind = _typed(key, kind == "whole")
        help_text = text.format(
            range=_range(key) if ml.SETTINGS[key].limits else "",
            default=_show(getattr(base, key)),
            datasets=", ".join(ml.DATASETS),
            units="{}-{}".format(*ml.SETTINGS["layers"].unit_limits),
            hidden=f"{ml.SETTINGS['layers'].limits[1]:g}",
        )
        groups[group].add_argument(flag, dest=key, type=kind, metavar=metavar, help=help_text)


LAB_KEYS = tuple(ml.LabConfig.keys())
GRADCHECK_BASE = ml.LabConfig(m=20, layers=(5, 3), epochs=100)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: app options on the top level, one subparser a command."""
    p = _Parser(
        prog=PROG,
        usage="%(prog)s [--lang en|zh] [--lesson ID] [--lessons DIR] [--progress PATH]\n"
        "       %(prog)s COMMAND [options]   (COMMAND: train, gradcheck, sweep, lessons, report)",
        description="A terminal tutor for the practical side of deep learning. "
        "Without a command, starts the app.",
        epilog="Run 'tui-tutor COMMAND --help' for a command's options.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument("--lang", choices=LANGS, help="language (default: from the locale)")
    p.add_argument("--lesson", metavar="ID", help="open this lesson")
    p.add_argument("--lessons", metavar="DIR", help="use the lesson pack in DIR")
    p.add_argument("--progress", metavar="PATH", help="progress file (default: user data dir)")
    p.add_argument("--test-mode", action="store_true", help=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    t = sub.add_parser(
        "train",
        help="train one network and show its curves and diagnosis",
        description="Train one network on a 2-D dataset; plot train/dev error and cost "
        "against epoch, then a table and the bias/variance diagnosis.",
    )
    _lab_options(t, ml.LabConfig())
    o = t.add_argument_group("output")
    o.add_argument(
        "--every",
        type=_positive,
        metavar="K",
        help="record every K epochs (default: about 200 records)",
    )
    o.add_argument("--no-plot", action="store_true", help="table and diagnosis only")
    o.add_argument(
        "--json",
        action="store_true",
        help="one JSON object: config, records (at most 200), final, diagnosis",
    )

    g = sub.add_parser(
        "gradcheck",
        help="check backprop against two-sided finite differences",
        description="Gradient checking: the relative difference between backprop's "
        "gradient and (J(θ+ε) - J(θ-ε)) / 2ε over all parameters. About 1e-7 is great, "
        "1e-5 worth a closer look, 1e-3 probably a bug.",
    )
    _lab_options(g, GRADCHECK_BASE)
    o = g.add_argument_group("check")
    o.add_argument(
        "--epsilon",
        type=_epsilon,
        default=1e-7,
        metavar="ε",
        help="finite-difference step (default 1e-7)",
    )
    o.add_argument(
        "--after",
        type=_whole,
        default=0,
        metavar="EPOCHS",
        help="train this many epochs first (a bug may show only once W grows; default 0)",
    )
    o.add_argument("--details", action="store_true", help="the difference per parameter")
    o.add_argument("--json", action="store_true", help="one JSON object")

    s = sub.add_parser(
        "sweep",
        help="validation curve (error against λ) or learning curve (against m)",
        description="Train one model per λ (validation curve) or per training-set size "
        "(learning curve), all at once, and plot train/dev error against it.",
    )
    _lab_options(s, ml.LabConfig())
    o = s.add_argument_group("sweep")
    what = o.add_mutually_exclusive_group()
    what.add_argument(
        "--lambds",
        type=_numbers,
        metavar="VALUES",
        help="λ values such as 0,0.01,0.1,1 (default: "
        f"{','.join(f'{v:g}' for v in DEFAULT_LAMBDS)})",
    )
    what.add_argument(
        "--sizes",
        type=_sizes,
        metavar="SIZES",
        help="training-set sizes such as 20,50,100 (a learning curve)",
    )
    o.add_argument("--no-plot", action="store_true", help="table only")
    o.add_argument("--json", action="store_true", help="one JSON object")

    ls = sub.add_parser(
        "lessons",
        help="list the lessons, or check a lesson folder",
        description="List the lessons of a pack, or with --check validate one.",
    )
    ls.add_argument(
        "--lang",
        choices=LANGS,
        default=argparse.SUPPRESS,
        help="language (default: from the locale)",
    )
    ls.add_argument(
        "--lessons",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="a lesson folder instead of the bundled one",
    )
    ls.add_argument(
        "--check",
        nargs="?",
        const="",
        metavar="DIR",
        help="validate DIR (default: the bundled lessons); print file:line: message "
        "per problem, exit 1 when any is found",
    )

    r = sub.add_parser(
        "report",
        help="summarize learners' progress files",
        description="One row per learner file: lessons finished, score per lesson, "
        "challenges met. Exits 1 when a file cannot be read (its row says why).",
    )
    r.add_argument("files", nargs="+", metavar="FILE", help="progress.json files")
    r.add_argument("--csv", action="store_true", help="CSV instead of a table")
    return p


# -- shared helpers ---------------------------------------------------------------------
def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


# What a setting accepts, added when the engine's message does not say it already.
_ACCEPTED = {
    "split": "give ratios adding up to 1 such as 0.6,0.2,0.2, or counts adding up to at most m "
    "such as 300,100,100",
    "batch_size": "give 0 (full batch) up to the number of training examples",
    "csv": "give a CSV file of rows x1,x2,label",
}


_ACCEPTED_WORDS = ("between", "choose", "such as", "give", "accepted", "expected", "--help")


def _says_accepted(message: str) -> bool:
    """Does the message already say what is accepted (else main adds a --help pointer)?"""
    return any(w in message for w in _ACCEPTED_WORDS)


def _config_message(exc: ml.ConfigError, flag: str | None = None) -> str:
    msg = f"{flag or _flag(exc.key)}: {exc.message}"
    if exc.key in _ACCEPTED and not _says_accepted(exc.message):
        msg += "; " + _ACCEPTED[exc.key]
    return msg


def _config(args: argparse.Namespace, base: ml.LabConfig) -> ml.LabConfig:
    """The LabConfig the options describe; unset options keep ``base``'s values."""
    values: dict[str, Any] = {}
    for key in LAB_KEYS:
        v = getattr(args, key, None)
        if v is not None:
            values[key] = v
    if "csv" in values:
        if not values["csv"].strip():
            raise UsageError(f"--csv: the file name is empty; {_ACCEPTED['csv']}")
        path = Path(values["csv"])
        if path.is_dir():
            raise UsageError(f"--csv: {path} is a folder; give a CSV file of rows x1,x2,label")
        if path.exists() and not path.is_file():  # a pipe would block the read forever
            raise UsageError(f"--csv: {path} is not a regular file; {_ACCEPTED['csv']}")
        try:
            _, Y = ml.load_csv(path)  # the message names the file and the first bad row
        except ml.DataError as exc:
            hint = "" if "x1,x2" in str(exc) else "; " + _ACCEPTED["csv"]
            raise UsageError(f"--csv: {exc}{hint}") from None
        lo, hi = ml.SETTINGS["m"].limits
        values["m"] = int(min(max(Y.shape[1], lo), hi))  # the file sets m
    cfg = ml.LabConfig.from_mapping(values, base=base)
    cfg.data()  # build the data now, so a split that does not fit the CSV fails here
    return cfg


def _say(text: str) -> None:
    """Print a sentence wrapped to the terminal width (80 when not a terminal)."""
    width = max(40, min(shutil.get_terminal_size(fallback=(80, 24)).columns, 100))
    print(textwrap.fill(text, width=width, subsequent_indent="  ", break_on_hyphens=False))


def _pct(x: float | None) -> str:
    return "n/a" if x is None or not math.isfinite(x) else f"{100 * x:.1f}%"


def _num(x: float | None) -> str:
    """A cost for a table: 4 decimals, scientific when huge (a diverging run)."""
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:.4f}" if abs(x) < 1e5 else f"{x:.3e}"


def _jsonable(x: Any) -> Any:
    """Plain JSON values: NaN/inf -> None, NumPy scalars and arrays -> Python."""
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    return x


def _print_json(obj: dict[str, Any]) -> None:
    # One object on one line: `jq` pretty-prints it, and a stream of them is JSON Lines.
    print(json.dumps(_jsonable(obj), ensure_ascii=False, allow_nan=False))


def _evenly(n_items: int, k: int) -> list[int]:
    """At most ``k`` indices spread evenly over range(n_items), first and last included."""
    if n_items <= k:
        return list(range(n_items))
    return sorted(set(np.linspace(0, n_items - 1, k).round().astype(int).tolist()))


def _use_color() -> bool:
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


def _plot(
    series: Sequence[tuple[str, Sequence[float], Sequence[float]]],
    *,
    title: str,
    xlabel: str,
    plots: int = 1,
    xticks: tuple[list[float], list[str]] | None = None,
    from_zero: bool = False,
    floor: float = 0.0,
) -> str:
    """Draw lines with plotext and return the text (no color codes when color is off).

    ``from_zero``: the y axis is an error in percent, from 0; ``floor`` > 0 draws the
    Bayes error floor (in percent) as a horizontal line.
    """
    import plotext as plt

    color = _use_color()
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
        plt.yticks(ticks, [f"{t:g}%" for t in ticks])
    text = plt.build()
    plt.clear_figure()
    return text if color else plt.uncolorize(text)


def _table(header: Sequence[str], rows: Sequence[Sequence[str]], left: tuple[int, ...] = ()) -> str:
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


def _describe(cfg: ml.LabConfig) -> str:
    data = cfg.data()
    tr, dv, te = data.sizes
    source = f"CSV {cfg.csv}" if cfg.csv else f"{cfg.dataset} (noise {cfg.noise:g})"
    sets = f"train {tr} / dev {dv}" + (f" / test {te}" if te else "")
    net = "-".join(map(str, cfg.layer_dims))
    batch = "full batch" if not cfg.batch_size else f"batch {cfg.batch_size}"
    reg = f"λ = {cfg.lambd:g}" + (f", L1 {cfg.l1:g}" if cfg.l1 else "")
    return (
        f"{source}: m = {tr + dv + te} ({sets}), flip {cfg.flip:g}"
        + (f", shift {cfg.shift:g}" if cfg.shift else "")
        + f"\nnetwork {net} ({_hidden(cfg)}{cfg.init} init), {reg}, lr {cfg.lr:g}, "
        f"{cfg.epochs} epochs, {batch}, seed {cfg.seed}"
    )


def _hidden(cfg: ml.LabConfig) -> str:
    """The hidden activation with a separator, or nothing for logistic regression."""
    return f"{cfg.activation}, " if cfg.layers else "logistic regression, "


def _diagnosis(train_error: float, dev_error: float, bayes: float) -> ml.Diagnosis | None:
    try:
        return ml.diagnose(train_error, dev_error, bayes)
    except ValueError:  # NaN errors (a diverged model)
        return None


def _diagnosis_dict(d: ml.Diagnosis | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "kind": d.kind,
        "label": d.label,
        "advice": d.advice,
        "avoidable_bias": d.avoidable_bias,
        "variance": d.variance,
    }


# -- train ------------------------------------------------------------------------------
class _Progress:
    """``epoch N/M`` on stderr while a long run trains, only on a terminal; erased at the end."""

    def __init__(self, epochs: int) -> None:
        try:
            self.on = sys.stderr.isatty()
        except (AttributeError, ValueError):
            self.on = False
        self.epochs = epochs
        self.start = time.monotonic()
        self.next = self.start + 0.5  # quick runs never show it
        self.width = 0

    def update(self, epoch: int) -> None:
        now = time.monotonic()
        if self.on and now >= self.next:
            text = f"training: epoch {epoch}/{self.epochs}"
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            self.width = len(text)
            self.next = now + 0.2

    def note(self, text: str) -> None:
        """A one-off status line for work with no progress to report (a batched sweep)."""
        if self.on:
            sys.stderr.write("\r" + text)
            sys.stderr.flush()
            self.width = max(self.width, len(text))

    def close(self) -> None:
        if self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def cmd_train(args: argparse.Namespace) -> int:
    """Train one model; plot, table and diagnosis, or one JSON object."""
    cfg = _config(args, ml.LabConfig())
    every = args.every or max(1, cfg.epochs // MAX_JSON_RECORDS)
    run = cfg.run(every=every)
    records: list[ml.Record] = []
    progress = _Progress(cfg.epochs)
    try:
        for rec in run.records:
            records.append(rec)
            progress.update(rec.epoch)
    except KeyboardInterrupt:
        at = records[-1].epoch if records else 0
        raise Interrupted(f"interrupted at epoch {at} of {cfg.epochs}") from None
    finally:
        progress.close()
    last = records[-1]
    metrics = run.metrics(last)
    diverged = last.status == "diverged"
    diag = None if diverged else _diagnosis(last.train_error, last.dev_error, cfg.bayes_error)
    if args.json:
        _print_json(
            {
                "command": "train",
                "config": cfg.as_dict(),
                "sizes": dict(zip(("train", "dev", "test"), cfg.data().sizes, strict=True)),
                "every": every,
                "status": last.status,
                "records": [records[i].as_dict() for i in _evenly(len(records), MAX_JSON_RECORDS)],
                "final": metrics,
                "diagnosis": _diagnosis_dict(diag),
            }
        )
        return EXIT_OK
    print(_describe(cfg))
    if not args.no_plot:
        epochs = [r.epoch for r in records]
        print(
            _plot(
                [
                    ("train error", epochs, [100 * r.train_error for r in records]),
                    ("dev error", epochs, [100 * r.dev_error for r in records]),
                ],
                title="error against epoch",
                xlabel="epoch",
                plots=2,
                from_zero=True,
                floor=100 * cfg.bayes_error,
            )
        )
        print(
            _plot(
                [("cost J", epochs, [r.cost for r in records])]
                + ([("λ penalty", epochs, [r.penalty for r in records])] if cfg.lambd else []),
                title="cost against epoch",
                xlabel="epoch",
                plots=2,
            )
        )
    rows = [
        (
            str(r.epoch),
            _num(r.cost),
            _pct(r.train_error),
            _pct(r.dev_error),
            f"{r.w_norm_sq:.4g}",
        )
        for r in (records[i] for i in _evenly(len(records), TABLE_ROWS))
    ]
    print(_table(("epoch", "cost", "train err", "dev err", "‖W‖²_F"), rows))
    print(
        f"final: train {_pct(metrics['train_error'])}, dev {_pct(metrics['dev_error'])}"
        + (f", test {_pct(metrics['test_error'])}" if metrics["m_test"] else "")
        + f", gap {_pct(metrics['gap'])}, Bayes floor {_pct(cfg.bayes_error)}"
    )
    if diverged:
        _say(
            f"diverged at epoch {last.epoch}: the cost became NaN or infinite; "
            f"lower the learning rate (--lr, now {cfg.lr:g})"
        )
    elif diag is not None:
        _say(f"diagnosis: {diag.advice}")
    return EXIT_OK


# -- gradcheck --------------------------------------------------------------------------
def _verdict(diff: float) -> tuple[str, str]:
    if not math.isfinite(diff):
        return "probably a bug", "the difference is not a finite number"
    for limit, name, note in GRADCHECK_VERDICTS:
        if diff < limit:
            return name, note
    raise AssertionError("unreachable")  # pragma: no cover


def cmd_gradcheck(args: argparse.Namespace) -> int:
    """Gradient check at initialization (or after ``--after`` epochs of training)."""
    cfg = _config(args, GRADCHECK_BASE)
    lo, hi = ml.SETTINGS["epochs"].limits
    if not (0 <= args.after <= hi):
        raise UsageError(f"--after: must be between 0 and {hi:g} epochs, got {args.after}")
    run = cfg.run(every=max(1, args.after), epochs=args.after, dev=False)
    data, params = run.data, run.params
    if args.after:
        for rec in run.records:
            if rec.status == "diverged":
                raise UsageError(
                    f"--after: training diverged at epoch {rec.epoch}; lower --lr (now {cfg.lr:g})"
                )
    diff, per = ml.gradient_check(
        params,
        data.X_train,
        data.Y_train,
        cfg.lambd,
        args.epsilon,
        cfg.activation,
        cfg.l1,
        details=True,
    )
    verdict, note = _verdict(diff)
    n_params = sum(v.size for v in params.values())
    if args.json:
        _print_json(
            {
                "command": "gradcheck",
                "config": cfg.as_dict(),
                "epsilon": args.epsilon,
                "after_epochs": args.after,
                "n_params": n_params,
                "m_train": data.sizes[0],
                "difference": diff,
                "verdict": verdict,
                "details": {k: {"difference": v, "verdict": _verdict(v)[0]} for k, v in per.items()}
                if args.details
                else None,
            }
        )
        return EXIT_OK
    net = "-".join(map(str, cfg.layer_dims))
    when = f"after {args.after} epochs" if args.after else "at initialization"
    print(
        f"gradient check of {net} ({_hidden(cfg)}{n_params} parameters, "
        f"m = {data.sizes[0]}, λ = {cfg.lambd:g}) {when}, ε = {args.epsilon:g}"
    )
    print(f"relative difference {diff:.3e}: {verdict} ({note})")
    if args.details:
        rows = [(k, f"{v:.3e}", _verdict(v)[0]) for k, v in per.items()]
        print(_table(("param", "difference", "verdict"), rows, left=(0,)))
    return EXIT_OK


# -- sweep ------------------------------------------------------------------------------
def _lambda_axis(values: Sequence[float]) -> tuple[list[float], tuple[list[float], list[str]]]:
    """x positions on a log axis, with λ = 0 drawn one decade left of the smallest λ > 0."""
    pos = [v for v in values if v > 0]
    zero_at = (math.log10(min(pos)) - 1.0) if pos else 0.0
    xs = [math.log10(v) if v > 0 else zero_at for v in values]
    ticks = sorted(set(zip(xs, values, strict=True)))
    step = max(1, math.ceil(len(ticks) / 8))  # keep labels from running together
    shown = ticks[::step] if ticks[-1] in ticks[::step] else [*ticks[::step], ticks[-1]]
    return xs, ([x for x, _ in shown], [f"{v:g}" for _, v in shown])


def cmd_sweep(args: argparse.Namespace) -> int:
    """Validation curve over λ or learning curve over m."""
    cfg = _config(args, ml.LabConfig())
    data = cfg.data()
    m_train = data.sizes[0]
    if args.sizes is not None:
        for size in args.sizes:
            if not (1 <= size <= m_train):
                raise UsageError(
                    f"--sizes: {size} is not a training-set size here; give sizes from 1 to "
                    f"{m_train} (the training examples of m = {sum(data.sizes)})"
                )
        kind, values = "learning", args.sizes
    else:
        if args.lambd is not None:
            raise UsageError(
                "--lambd has no effect in a λ sweep; list the λ values with --lambds "
                "(or use --sizes for a learning curve at one λ)"
            )
        values = args.lambds if args.lambds is not None else list(DEFAULT_LAMBDS)
        for v in values:
            try:
                cfg.with_changes(lambd=v)
            except ml.ConfigError as exc:
                raise UsageError(_config_message(exc, "--lambds")) from None
        kind = "validation"
    status = _Progress(cfg.epochs)
    status.note(f"training {len(values)} models for {cfg.epochs} epochs ...")
    try:
        result = cfg.sweep(kind, values)
    finally:
        status.close()
    is_lambda = result.param == "lambd"
    name = "λ" if is_lambda else "m"
    best = result.best_index
    rows = result.rows()
    # The diagnosis at the best λ, or at the largest m of a learning curve.
    at = best if is_lambda else int(np.argmax(result.values))
    diag = (
        _diagnosis(result.train_error[at], result.dev_error[at], cfg.bayes_error)
        if at >= 0
        else None
    )
    if args.json:
        _print_json(
            {
                "command": "sweep",
                "param": result.param,
                "config": cfg.as_dict(),
                "rows": rows,
                "best": {**rows[best], "index": best} if best >= 0 else None,
                "diagnosis": _diagnosis_dict(diag),
            }
        )
        return EXIT_OK
    print(_describe(cfg))
    if not args.no_plot:
        if is_lambda:
            xs, ticks = _lambda_axis(result.values.tolist())
        else:
            xs, ticks = result.values.tolist(), None
        print(
            _plot(
                [
                    ("train error", xs, (100 * result.train_error).tolist()),
                    ("dev error", xs, (100 * result.dev_error).tolist()),
                ],
                title=f"error against {name}"
                + (" (log scale, 0 at the left)" if is_lambda else " (learning curve)"),
                xlabel=name,
                xticks=ticks,
                from_zero=True,
                floor=100 * cfg.bayes_error,
            )
        )
    table = [
        (
            f"{r[result.param]:g}",
            _pct(r["train_error"]),
            _pct(r["dev_error"]),
            _num(r["cost"]),
            "n/a" if r["w_norm_sq"] is None else f"{r['w_norm_sq']:.4g}",
            ("diverged" if r["diverged"] else "") + (" <- best dev" if i == best else ""),
        )
        for i, r in enumerate(rows)
    ]
    print(_table((name, "train err", "dev err", "cost", "‖W‖²_F", ""), table))
    if best < 0:
        print("every model diverged; lower the learning rate (--lr)")
        return EXIT_OK
    if is_lambda:
        b = rows[best]
        print(
            f"best λ by dev error: {b['lambd']:g} (dev error {_pct(b['dev_error'])}, "
            f"train error {_pct(b['train_error'])})"
        )
        if diag is not None:
            _say(f"diagnosis at λ = {b['lambd']:g}: {diag.advice}")
    elif diag is not None:
        _say(f"diagnosis at m = {result.values[at]:g}: {diag.advice}")
    return EXIT_OK


# -- lessons and report -----------------------------------------------------------------
def _folder(path: str, flag: str, files: bool = False) -> Path:
    """``path`` as a lesson folder (or, with ``files``, a single lesson file too)."""
    p = Path(path)
    accepted = "give a folder of lesson .md files" + (" or one .md file" if files else "")
    if not p.exists():
        raise UsageError(f"{flag}: {path} does not exist; {accepted}")
    if not (p.is_dir() or (files and p.is_file())):
        raise UsageError(f"{flag}: {path} is not a folder; {accepted}")
    return p


def cmd_lessons(args: argparse.Namespace) -> int:
    """List a pack's lessons, or check a lesson folder (every bundled one by default)."""
    from tui_tutor import course

    lang = getattr(args, "lang", None)
    custom = getattr(args, "lessons", None)
    if args.check is not None:
        if args.check:
            dirs = [_folder(args.check, "--check", files=True)]
        elif custom:
            dirs = [_folder(custom, "--lessons")]
        else:
            dirs = [course.bundled_lessons_dir(x) for x in ([lang] if lang else LANGS)]
        packs = [course.load_pack(d) for d in dirs]
        problems = [p for pack in packs for p in pack.problems]
        for problem in problems:
            print(str(problem))
        if problems:
            n = len(problems)
            print(f"{n} problem{'s' if n != 1 else ''} found", file=sys.stderr)
            return EXIT_PROBLEMS
        n = sum(len(pack.lessons) for pack in packs)
        print(f"{n} lesson{'s' if n != 1 else ''} OK")
        return EXIT_OK
    folder = _folder(custom, "--lessons") if custom else None
    pack = course.load_pack(folder or course.bundled_lessons_dir(lang or course.default_lang()))
    for problem in pack.problems:
        print(f"problem: {problem}", file=sys.stderr)
    rows = [
        (str(les.order), les.id, str(len(les.steps)), str(len(les.quizzes)), les.title)
        for les in pack.lessons
    ]
    if rows:
        print(_table(("order", "id", "steps", "quizzes", "title"), rows, left=(1,)))
    else:
        print("no lessons found")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """One row per learner progress file, as a table or CSV; exit 1 if one is unreadable."""
    from tui_tutor import course

    paths = []
    for f in args.files:
        p = Path(f)
        if not p.exists():
            raise UsageError(f"{f}: no such file; give progress .json files")
        if p.is_dir():
            raise UsageError(f"{f}: is a folder; give progress .json files")
        paths.append(p)
    rows = course.build_report(paths)
    text = course.format_csv(rows) if args.csv else course.format_table(rows)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    # An unreadable file still gets its row (with the reason); the status tells scripts.
    return EXIT_PROBLEMS if any(row.error for row in rows) else EXIT_OK


# -- the app ----------------------------------------------------------------------------
def cmd_app(args: argparse.Namespace) -> int:
    """Check what can be checked without Textual, then start the app."""
    from tui_tutor import course

    lang = args.lang or course.default_lang()
    lessons_dir = _folder(args.lessons, "--lessons") if args.lessons else None
    if args.lesson is not None:
        pack = course.load_pack(lessons_dir or course.bundled_lessons_dir(lang))
        ids = [lesson.id for lesson in pack.lessons]
        if args.lesson not in ids:
            raise UsageError(
                f"--lesson: no lesson {args.lesson!r}; choose from "
                + (", ".join(ids) if ids else "(none: the pack has no lessons)")
            )
    progress = None
    if args.progress is not None:
        progress = Path(args.progress)
        if progress.is_dir():
            raise UsageError(f"--progress: {progress} is a folder; give a file path")
        if progress.exists() and not progress.is_file():
            raise UsageError(
                f"--progress: {progress} is not a regular file (a pipe or device); give a file path"
            )
        if not progress.parent.is_dir():
            raise UsageError(
                f"--progress: the folder {progress.parent} does not exist; "
                "give a file path in an existing folder"
            )
    from tui_tutor.app import run_app  # Textual is imported only here

    status = run_app(
        lang=lang,
        lesson=args.lesson,
        lessons_dir=lessons_dir,
        progress=progress,
        test_mode=args.test_mode,
    )
    return int(status or 0)


HANDLERS: dict[str | None, Callable[[argparse.Namespace], int]] = {
    None: cmd_app,
    "train": cmd_train,
    "gradcheck": cmd_gradcheck,
    "sweep": cmd_sweep,
    "lessons": cmd_lessons,
    "report": cmd_report,
}


def _command_of(argv: Sequence[str]) -> str | None:
    return next((a for a in argv if a in COMMANDS), None)


def _run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        # Top-level options belong to the app (and --lang/--lessons also to `lessons`).
        given = [f for f in ("lesson", "progress", "test_mode") if getattr(args, f)]
        if args.command != "lessons":
            given += [f for f in ("lang", "lessons") if getattr(args, f, None)]
        if given:
            flags = ", ".join(_flag(f) for f in given)
            verb = "applies" if len(given) == 1 else "apply"
            raise UsageError(
                f"{flags} {verb} to the app, not to '{args.command}'; "
                f"see '{PROG} {args.command} --help' for its options"
            )
    try:
        status = HANDLERS[args.command](args)
    except ml.ConfigError as exc:
        raise UsageError(_config_message(exc)) from None
    except ml.DataError as exc:
        raise UsageError(str(exc)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = exc.filename if exc.filename is not None else "input/output"
        raise UsageError(f"{where}: {exc.strerror or exc}") from None
    sys.stdout.flush()  # a closed pipe shows up here, inside the handlers below
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``tui-tutor`` and ``python -m tui_tutor``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(argv)
    except UsageError as exc:
        message = str(exc)
        if not _says_accepted(message):
            cmd = _command_of(argv)
            message += f"; see '{PROG}{' ' + cmd if cmd else ''} --help' for what is accepted"
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except (KeyboardInterrupt, Interrupted) as exc:
        detail = str(exc) if isinstance(exc, Interrupted) else "interrupted"
        print(f"{PROG}: {detail}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`tui-tutor train | head`): stop quietly. Point stdout at
        # devnull so the interpreter's final flush does not complain again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return 141


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

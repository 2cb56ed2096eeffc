"""The experiment's options, generated from ``ml.SETTINGS``, and the few of the commands.

Every lab setting becomes one option of ``train``, ``gradcheck`` and ``sweep``: its flag
(``Setting.flag``), its type (``Setting.parse``: the grammar the app's form reads, so
``--layers`` takes ``20,3``, ``20 3``, ``none`` or empty), its metavar and a help line
made of ``Setting.help``, what it accepts and the command's default, under the setting's
group. A bad value becomes one line saying what is wrong and what is accepted
(``explain``); ``config`` turns the parsed options into a checked ``LabConfig``.

The commands' own options that are not settings are read here too: the sweep's lists
(``lambda_list``, ``size_list``) and bounded numbers (``bounded``: ``--every``,
``--epsilon``, ``--after``).
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui_tutor import ml
from tui_tutor.ml import ConfigError, Setting, format_number

from .errors import UsageError, says_accepted

__all__ = [
    "add_lab_options",
    "bounded",
    "config",
    "config_problem",
    "explain",
    "lambda_list",
    "size_list",
]


# -- what a setting accepts, in one clause -----------------------------------------------
def accepted(s: Setting) -> str:
    """The 'what is accepted' half of an error line: ``give a number from 0 to 1000``."""
    if s.kind in ("int", "float") and s.limits:
        lo, hi = (format_number(v) for v in s.limits)
        what = "a whole number" if s.kind == "int" else "a number"
        return f"give {what} from {lo} to {hi}"
    if s.kind == "choice":
        return f"choose {s.accepted()}"
    return f"give {s.accepted()}"


def explain(s: Setting, message: str) -> str:
    """The engine's ``message`` about a bad value of ``s`` as '<what is wrong>; <accepted>'.

    The engine's own 'give ...' clause (after '; ') is replaced by ``accepted(s)``, which
    is derived from the setting, so every option says its range the same way; a message
    that already names the limit it broke ('must be between 0 and 1000, got -1') is kept.
    """
    wrong, sep, _ = message.partition("; ")
    if sep or not says_accepted(wrong):
        return f"{wrong}; {accepted(s)}"
    return message


def config_problem(exc: ConfigError, flag: str | None = None) -> str:
    """A ``ConfigError`` as one error line, named by its option (or by ``flag``)."""
    s = ml.SETTINGS.get(exc.key)
    if s is None:
        return str(exc)
    return f"{flag or s.flag}: {explain(s, exc.message)}"


# A comma with nothing before or after it: '0.6,,0.4' would silently become two parts.
_EMPTY_ITEM = re.compile(r"^\s*,|,\s*,|,\s*$")
_SEP = re.compile(r"[\s,]+")


def _reader(s: Setting) -> Callable[[str], Any]:
    """An argparse type for setting ``s``: ``Setting.parse``, its errors in one clause."""

    def read(text: str) -> Any:
        if s.kind == "split" and _EMPTY_ITEM.search(text):
            raise argparse.ArgumentTypeError(f"{text!r} has an empty item; {accepted(s)}")
        try:
            return s.parse(text)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(explain(s, exc.message)) from None

    read.__name__ = s.key  # argparse names the type by it in its own messages
    return read


def _help(s: Setting, default: Any) -> str:
    """``Setting.help``, what it accepts and the default, as one help line."""
    shown = s.show(default)
    if s.kind in ("int", "float", "choice", "probs"):
        body = s.accepted() + (f"; default {shown}" if shown else "")
        # No parentheses right after parentheses: "... (raises the floor): 0 to 0.45; ..."
        text = f"{s.help}: {body}" if s.help.endswith(")") else f"{s.help} ({body})"
    else:
        # A layers' accepted() begins with the help's words and adds the limits; a split's
        # and a file's help spell out the accepted form themselves.
        text = s.accepted() if s.kind == "layers" else s.help
        if shown:
            text += f", default {shown}" if text.endswith(")") else f" (default {shown})"
    return text.replace("%", "%%")  # argparse formats help with %


CHECK_GROUP = "gradient check"  # bug, fix, epsilon: only gradcheck has them


def add_lab_options(
    parser: argparse.ArgumentParser, base: ml.LabConfig, *, check: bool = False
) -> None:
    """One option per setting, grouped by ``Setting.group``; unset ones keep ``base``'s
    values (the defaults shown in --help). The settings of the gradient check (group
    "gradient check": ``--bug``, ``--fix``, ``--epsilon``) only with ``check``: training
    never uses them."""
    groups: dict[str, argparse._ArgumentGroup] = {}
    for s in ml.SETTINGS.values():
        if s.group == CHECK_GROUP and not check:
            continue
        if s.group not in groups:
            groups[s.group] = parser.add_argument_group(s.group)
        help_text = _help(s, getattr(base, s.key))
        groups[s.group].add_argument(
            s.flag, dest=s.key, type=_reader(s), metavar=s.metavar, help=help_text
        )


# -- from options to a LabConfig -------------------------------------------------------
def config(args: argparse.Namespace, base: ml.LabConfig) -> ml.LabConfig:
    """The LabConfig the options describe; unset options keep ``base``'s values.

    Raises ``UsageError`` naming the option; builds the data, so a split that does not
    fit a CSV file fails here rather than in the middle of a command.
    """
    values = {k: getattr(args, k) for k in ml.SETTINGS if getattr(args, k, None) is not None}
    if "csv" in values:
        values["m"] = _csv_size(Path(values["csv"]))  # the file sets m
    try:
        cfg = ml.LabConfig.from_mapping(values, base=base)
        cfg.data()
    except ConfigError as exc:
        raise UsageError(config_problem(exc)) from None
    return cfg


def _csv_size(path: Path) -> int:
    """The number of rows of a CSV file, checked (``m`` within its limits)."""
    s = ml.SETTINGS["csv"]
    if path.is_dir():
        raise UsageError(f"{s.flag}: {path} is a folder; {accepted(s)}")
    if path.exists() and not path.is_file():  # a pipe would block the read forever
        raise UsageError(f"{s.flag}: {path} is not a regular file; {accepted(s)}")
    try:
        _, Y = ml.load_csv(path)  # the message names the file and the first bad row
    except ml.DataError as exc:
        hint = "" if "x1,x2" in str(exc) else f"; {accepted(s)}"
        raise UsageError(f"{s.flag}: {exc}{hint}") from None
    lo, hi = ml.SETTINGS["m"].limits
    return int(min(max(Y.shape[1], lo), hi))


# -- the commands' own options ----------------------------------------------------------
def _items(text: str, what: str, give: str) -> list[str]:
    """Comma- or space-separated items; an empty item (``0,,1``) or none is an error."""
    if not text.strip() or _EMPTY_ITEM.search(text):
        empty = "is empty" if not text.strip() else "has an empty item"
        raise argparse.ArgumentTypeError(f"{text!r} {empty}; give {what} such as {give}")
    return [p for p in _SEP.split(text.strip()) if p]


def _whole(text: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if math.isfinite(value) and value.is_integer() else None


def lambda_list(text: str) -> list[float]:
    """``--lambds``: λ values such as ``0,0.01,0.1,1``, each within the λ setting's range."""
    s = ml.SETTINGS["lambd"]
    lo, hi = (format_number(v) for v in s.limits or (0, math.inf))
    give = f"λ values from {lo} to {hi}"
    try:
        values = [float(p) for p in _items(text, give, "0,0.1,1")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of numbers; give {give} separated by commas"
        ) from None
    for v in values:
        try:
            s.coerce(v)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(explain(s, exc.message)) from None
    return values


def size_list(text: str) -> list[int]:
    """``--sizes``: training-set sizes such as ``20,50,100`` (checked against m later)."""
    sizes = [_whole(p) for p in _items(text, "training-set sizes", "20,50,100")]
    if any(v is None for v in sizes):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a list of whole numbers; give training-set sizes such as 20,50,100"
        )
    return [v for v in sizes if v is not None]


def bounded(
    lo: float, hi: float = math.inf, *, whole: bool, example: str = ""
) -> Callable[[str], float | int]:
    """An argparse type for a number from ``lo`` to ``hi`` (a float range is open: ε > 0)."""
    if hi == math.inf:
        span = f"at least {format_number(lo)}"
    else:
        span = f"between {format_number(lo)} and {format_number(hi)}"
    span += f" (such as {example})" if example else ""
    what = "a whole number" if whole else "a number"

    def read(text: str) -> float | int:
        value: float | int | None
        if whole:
            value = _whole(text)
        else:
            try:
                value = float(text)
            except ValueError:
                value = None
        if value is None:
            raise argparse.ArgumentTypeError(f"{text!r} is not {what}; give {what} {span}")
        inside = lo <= value <= hi if whole else lo < value < hi
        if not inside:
            raise argparse.ArgumentTypeError(f"must be {span}, got {format_number(value)}")
        return value

    return read

"""Every lab setting, declared once.

A ``Setting`` holds what the rest of the house needs to know about one key of an
experiment: its type, default, accepted range or choices, the ladder the lab's keys step
along, an example for messages, a one-line help text and whether a lesson may let the
learner change it. ``LabConfig`` (its fields and their checks), the CLI's options, the
app's form fields and their messages, the lesson format's ``controls`` and the table in
docs/lesson-format.md are all derived from ``SETTINGS``.

Adding a setting is one entry here plus its maths (see docs/architecture.md).
Words the learner reads (a field's label in each language) live in ``tui_tutor.i18n``
under ``field.<key>`` (the form's label) and ``what.<key>``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .augment import AUGMENTS
from .bugs import BUGS
from .data import DATASETS
from .model import ACTIVATIONS, INITS

__all__ = [
    "CONTROLS",
    "SETTINGS",
    "ConfigError",
    "Setting",
    "format_number",
    "ladder_step",
    "parse_layers",
]


class ConfigError(ValueError):
    """A bad setting. ``key`` names the setting; the message says what is accepted."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def format_number(x: float) -> str:
    """A number as a person writes it: 2147483647, not 2.14748e+09; 1e-06 and 0.7 stay short."""
    x = float(x)
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:g}"


def ladder_step(value: float, ladder: Sequence[float], up: bool) -> float | None:
    """The next ladder value above (or below) ``value``, or None past the end.

    A value between two rungs (a lesson's λ = 0.7) steps to the neighbouring rung.
    """
    eps = 1e-9 * max(1.0, abs(value))
    if up:
        return next((v for v in ladder if v > value + eps), None)
    return next((v for v in reversed(ladder) if v < value - eps), None)


_SEP = re.compile(r"[\s,]+")


def parse_layers(text: str) -> tuple[int, ...]:
    """The one ``layers`` grammar: ``20,3``, ``20 3`` or ``20, 3``; ``none`` or empty: ().

    Raises ``ConfigError`` naming the first item that is not a whole number.
    """
    t = text.strip()
    if t.lower() in ("", "none", "[]"):
        return ()
    t = t.removeprefix("[").removesuffix("]")
    out = []
    for part in (p for p in _SEP.split(t) if p):
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value.is_integer()):
            raise ConfigError(
                "layers",
                f"{part!r} is not a whole number; give hidden-layer sizes such as 20,3 "
                "(or none for logistic regression)",
            )
        out.append(int(value))
    return tuple(out)


def _parse_number(key: str, text: str, whole: bool, example: str) -> float:
    t = text.strip().replace("_", "")
    if not t:
        raise ConfigError(key, f"empty; give a value such as {example}")
    try:
        value = float(t)
    except ValueError:
        what = "a whole number" if whole else "a number"
        raise ConfigError(
            key, f"{text.strip()!r} is not {what}; give one such as {example}"
        ) from None
    return value


def _parse_split(text: str) -> tuple[float, ...]:
    accepted = "ratios such as 0.6,0.2,0.2 or counts such as 300,100,100"
    parts = [p for p in _SEP.split(text.strip().strip("[]")) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ConfigError(
            "split", f"{text.strip()!r} is not a list of numbers; give {accepted}"
        ) from None
    if not values:
        raise ConfigError("split", f"empty; give {accepted}")
    return tuple(values)


@dataclass(frozen=True)
class Setting:
    """One key of an experiment (``LabConfig`` field, CLI option, form field, lesson key).

    ``kind`` is one of:
      - "int", "float": a number within ``limits`` (inclusive); a number whose
        ``default`` is None is optional (None, or empty text, means "not given");
      - "choice": one of ``choices``;
      - "layers": hidden-layer sizes, each within ``unit_limits``, at most ``limits[1]``
        layers;
      - "split": 2 or 3 ratios or counts (``data.split_sizes`` checks them against m);
      - "probs": one number within ``limits`` (a float), or one per hidden layer (a tuple
        of them; ``LabConfig`` checks the count against ``layers``);
      - "path": a file name, or None.
    ``ladder`` is the sequence the lab's up/down keys step along (for "layers": the
    widths every layer steps along). ``control`` says whether a lesson may list the key
    in ``controls`` (and so the app's form offers a field for it). ``help`` is English,
    for the CLI and the docs; the learner's labels live in ``tui_tutor.i18n``.
    """

    key: str
    kind: str
    default: Any
    help: str
    group: str = "training"
    limits: tuple[float, float] | None = None
    choices: tuple[str, ...] = ()
    ladder: tuple[float, ...] = ()
    unit_limits: tuple[int, int] | None = None
    example: str = ""
    control: bool = True
    metavar: str | None = None

    # -- the CLI's view ----------------------------------------------------------------
    @property
    def flag(self) -> str:
        """The command-line option: ``--init-scale`` for ``init_scale``."""
        return "--" + self.key.replace("_", "-")

    @property
    def annotation(self) -> type:
        """The Python type of the value in ``LabConfig``."""
        return {
            "int": int,
            "float": float,
            "choice": str,
            "layers": tuple,
            "split": tuple,
            "path": str,
            "probs": object,  # a float, or a tuple of floats (one per hidden layer)
        }[self.kind]

    @property
    def optional(self) -> bool:
        """A number that may be left out (its default is None)."""
        return self.kind in ("int", "float") and self.default is None

    def accepted(self) -> str:
        """What the setting accepts, in words: ``0 to 1000``, ``relu, tanh``, ..."""
        if self.kind in ("int", "float") and self.limits:
            lo, hi = self.limits
            return f"{format_number(lo)} to {format_number(hi)}" + (
                " (or empty)" if self.optional else ""
            )
        if self.kind == "choice":
            c = self.choices
            return " or ".join(c) if len(c) == 2 else ", ".join(c)
        if self.kind == "layers" and self.limits and self.unit_limits:
            ulo, uhi = self.unit_limits
            return (
                f"hidden-layer sizes such as {self.example} ({ulo} to {uhi} units each, at "
                f"most {format_number(self.limits[1])} layers; none = logistic regression)"
            )
        if self.kind == "split":
            return "ratios such as 0.6,0.2,0.2 or counts such as 300,100,100"
        if self.kind == "path":
            return "a CSV file of rows x1,x2,label"
        if self.kind == "probs" and self.limits:
            lo, hi = (format_number(v) for v in self.limits)
            return f"a number from {lo} to {hi}, or one per hidden layer such as {self.example}"
        return self.example

    # -- values ------------------------------------------------------------------------
    def show(self, value: Any) -> str:
        """``value`` as text that ``parse`` reads back (form fields, CLI defaults, docs)."""
        if value is None:
            return ""
        if self.kind == "layers":
            return ",".join(str(u) for u in value) or "none"
        if self.kind == "split" or (self.kind == "probs" and isinstance(value, tuple)):
            return ",".join(format_number(v) for v in value)
        if self.kind in ("int", "float", "probs"):
            return format_number(value)
        return str(value)

    def parse(self, text: str) -> Any:
        """Read ``text`` typed by a person (CLI, form) and check it; raises ``ConfigError``."""
        if not isinstance(text, str):
            return self.coerce(text)
        if self.kind in ("int", "float"):
            if self.optional and not text.strip():
                return None
            return self.coerce(_parse_number(self.key, text, self.kind == "int", self.example))
        if self.kind == "layers":
            return self.coerce(list(parse_layers(text)))
        if self.kind == "split":
            return self.coerce(list(_parse_split(text)))
        if self.kind == "choice":
            return self.coerce(text.strip().lower())
        if self.kind == "probs":
            parts = [p for p in _SEP.split(text.strip().strip("[]")) if p]
            if not parts:
                raise ConfigError(self.key, f"empty; give {self.accepted()}")
            values = [_parse_number(self.key, p, False, self.example) for p in parts]
            return self.coerce(values[0] if len(values) == 1 else values)
        if self.kind == "path":
            if not text.strip():
                raise ConfigError(self.key, f"the file name is empty; give {self.accepted()}")
            return self.coerce(text.strip())
        raise AssertionError(self.kind)  # pragma: no cover

    def coerce(self, value: Any) -> Any:
        """Check a value as it comes from TOML, JSON or Python; return it in its type."""
        return _COERCE[self.kind](self, value)


def _coerce_number(s: Setting, v: Any) -> float | int | None:
    if v is None and s.optional:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ConfigError(s.key, f"must be a number, got {v!r}")
    if isinstance(v, float) and not math.isfinite(v):
        raise ConfigError(s.key, f"must be a finite number, got {v!r}")
    if s.kind == "int":
        if isinstance(v, float) and not v.is_integer():
            raise ConfigError(s.key, f"must be a whole number, got {v!r}")
        v = int(v)
    else:
        v = float(v)
    lo, hi = s.limits or (-math.inf, math.inf)
    if not (lo <= v <= hi):
        raise ConfigError(
            s.key,
            f"must be between {format_number(lo)} and {format_number(hi)}, got {format_number(v)}",
        )
    return v


def _coerce_choice(s: Setting, v: Any) -> str:
    if not isinstance(v, str) or v not in s.choices:
        raise ConfigError(s.key, f"{v!r} is unknown; choose {s.accepted()}")
    return v


def _coerce_layers(s: Setting, v: Any) -> tuple[int, ...]:
    if not isinstance(v, list | tuple):
        raise ConfigError(s.key, f"must be a list of hidden-layer sizes such as [20, 3], got {v!r}")
    most = int((s.limits or (0, math.inf))[1])
    if len(v) > most:
        raise ConfigError(s.key, f"at most {most} hidden layers, got {len(v)}")
    ulo, uhi = s.unit_limits or (1, 2**31)
    out = []
    for u in v:
        if isinstance(u, float) and u.is_integer():
            u = int(u)
        if isinstance(u, bool) or not isinstance(u, int) or not (ulo <= u <= uhi):
            raise ConfigError(s.key, f"each layer needs {ulo} to {uhi} units, got {u!r}")
        out.append(int(u))
    return tuple(out)


def _coerce_split(s: Setting, v: Any) -> tuple[float, ...]:
    if not isinstance(v, list | tuple) or len(v) not in (2, 3):
        raise ConfigError(s.key, f"must list 2 or 3 parts such as [0.6, 0.2, 0.2], got {v!r}")
    for x in v:
        if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
            raise ConfigError(s.key, f"parts must be numbers, got {v!r}")
    # Whole numbers above 1 are counts (kept as int); anything else is a ratio.
    if all(float(x).is_integer() and x > 1 for x in v if x):
        return tuple(int(x) for x in v)
    return tuple(float(x) for x in v)


def _coerce_path(s: Setting, v: Any) -> str | None:
    if v is None:
        return None
    if not isinstance(v, str | Path) or not str(v):
        raise ConfigError(s.key, f"must be a file path, got {v!r}")
    return str(v)


def _coerce_probs(s: Setting, v: Any) -> float | tuple[float, ...]:
    if isinstance(v, list | tuple):
        if not v:
            raise ConfigError(s.key, f"the list is empty; give {s.accepted()}")
        values = tuple(_coerce_number(s, x) for x in v)
        return values[0] if len(values) == 1 else values  # type: ignore[return-value]
    return _coerce_number(s, v)  # type: ignore[return-value]


_COERCE: dict[str, Callable[[Setting, Any], Any]] = {
    "int": _coerce_number,
    "float": _coerce_number,
    "choice": _coerce_choice,
    "layers": _coerce_layers,
    "split": _coerce_split,
    "path": _coerce_path,
    "probs": _coerce_probs,
}

# The one λ ladder: the lab's ] and [ keys, its validation view and the CLI's default sweep.
LAMBDA_LADDER: tuple[float, ...] = (
    0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0,
)  # fmt: skip
# dropout: the keep_prob keys (k up, K down) step every hidden layer along it.
KEEP_PROB_LADDER: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.86, 0.9, 0.95, 1.0)
WIDTH_LADDER: tuple[int, ...] = (
    1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 24, 32, 48, 64, 96, 128, 192, 256,
)  # fmt: skip

_ALL: tuple[Setting, ...] = (
    # -- data ------------------------------------------------------------------------------
    Setting("dataset", "choice", "moons", "the 2-D dataset", group="data",
            choices=tuple(DATASETS), example="moons", metavar="NAME"),
    Setting("m", "int", 400, "number of examples", group="data", limits=(8, 20000),
            example="400"),
    Setting("noise", "float", 0.2, "geometric noise", group="data", limits=(0.0, 2.0),
            example="0.2"),
    Setting("flip", "float", 0.0, "label-flip probability (raises the Bayes error floor)",
            group="data", limits=(0.0, 0.45), example="0.1"),
    Setting("split", "split", (0.6, 0.2, 0.2),
            "train,dev[,test] as ratios (0.6,0.2,0.2) or counts (300,100,100)",
            group="data", example="0.6,0.2,0.2", metavar="PARTS"),
    Setting("shift", "float", 0.0, "move the dev/test inputs (a distribution mismatch)",
            group="data", limits=(-5.0, 5.0), example="1.5"),
    Setting("csv", "path", None,
            "your own data, rows x1,x2,label (label 0 or 1); replaces --dataset and --m",
            group="data", example="data.csv", control=False, metavar="FILE"),
    Setting("seed", "int", 0, "data and weight seed", group="data", limits=(0, 2**31 - 1),
            example="0", control=False),
    Setting("bayes", "float", None,
            "your estimate of the Bayes (optimal) error as a fraction, which the diagnosis "
            "measures the train error against (default: computed from the dataset's "
            "generative model; unknown for a CSV)",
            group="data", limits=(0.0, 0.5), example="0.25", metavar="P"),
    # -- network ---------------------------------------------------------------------------
    Setting("layers", "layers", (20, 3), "hidden-layer sizes", group="network",
            limits=(0, 6), unit_limits=(1, 256), ladder=WIDTH_LADDER, example="20,3",
            metavar="SIZES"),
    Setting("activation", "choice", "relu", "hidden activation", group="network",
            choices=tuple(ACTIVATIONS), example="relu", metavar="NAME"),
    Setting("init", "choice", "he", "weight initialization", group="network",
            choices=tuple(INITS), example="he", metavar="NAME"),
    Setting("init_scale", "float", 1.0, "multiplier of every initial weight (any --init)",
            group="network", limits=(0.0, 1000.0), example="1", metavar="S"),
    # -- training --------------------------------------------------------------------------
    Setting("lambd", "float", 0.0, "L2 regularization λ", limits=(0.0, 1000.0),
            ladder=LAMBDA_LADDER, example="0.01", metavar="λ"),
    Setting("l1", "float", 0.0, "L1 regularization λ₁", limits=(0.0, 1000.0),
            example="0.01", metavar="λ1"),
    Setting("lr", "float", 0.3, "learning rate α", limits=(1e-6, 10.0), example="0.3",
            metavar="α"),
    Setting("epochs", "int", 2000, "passes over the training set", limits=(1, 200000),
            example="1500", metavar="N"),
    Setting("batch_size", "int", 0, "mini-batch size; 0 = full batch", limits=(0, 20000),
            example="64", metavar="N"),
    # dropout: inverted dropout on the hidden layers
    Setting("keep_prob", "probs", 1.0, "inverted dropout's keep probability of the hidden "
            "units (1 = no dropout)", limits=(0.05, 1.0),
            ladder=KEEP_PROB_LADDER, example="0.9,0.8", metavar="P"),
    # -- regmore: early stopping and data augmentation (ml/earlystop.py, ml/augment.py) ---
    Setting("patience", "int", 0, "early stopping: stop after this many epochs without a "
            "lower dev error and keep the best dev epoch's weights; 0 = off",
            limits=(0, 200000), example="200", metavar="N"),
    Setting("augment", "choice", "none", "data augmentation of the training split: the "
            "dataset's true symmetries, input jitter, or a false symmetry",
            group="data", choices=AUGMENTS, example="symmetry", metavar="KIND"),
    Setting("augment_copies", "int", 1, "augmented copies of each training example "
            "(with --augment)", group="data", limits=(1, 8), example="3", metavar="K"),
    # -- gcheck: the gradient check (training never uses these) ---------------------------
    Setting("bug", "choice", "none",
            "a bug planted in backprop for the gradient check to find (training stays "
            "correct)", group="gradient check", choices=tuple(BUGS), example="dw2-doubled",
            metavar="NAME"),
    Setting("fix", "int", 0, "the layer whose backward the check takes from the reference "
            "(the learner's fix of a planted bug; 0 = none)", group="gradient check",
            limits=(0, 64), example="2", metavar="L"),
    Setting("epsilon", "float", 1e-7, "the gradient check's finite-difference step ε",
            group="gradient check", limits=(0.0, 1.0), example="1e-4", metavar="ε"),
)  # fmt: skip

SETTINGS: dict[str, Setting] = {s.key: s for s in _ALL}
"""Every setting by key, in the order of ``LabConfig``'s fields and the CLI's options."""

CONTROLS: tuple[str, ...] = tuple(s.key for s in _ALL if s.control)
"""The settings a lesson may let the learner change (each gets a field in the app's form)."""

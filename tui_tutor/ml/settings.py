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

from dataclasses import dataclass
from typing import Any

from .augment import AUGMENTS
from .bugs import BUGS
from .data import DATASETS
from .model import ACTIVATIONS, INITS
from .values import (
    BOOL_WORDS,
    COERCE,
    SEP,
    ConfigError,
    format_number,
    ladder_step,
    parse_layers,
    parse_number,
    parse_scale,
    parse_split,
    show_layers,
)

__all__ = [
    "CONTROLS",
    "SETTINGS",
    "ConfigError",
    "Setting",
    "format_number",
    "ladder_step",
    "parse_layers",
    "show_layers",
]


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
      - "path": a file name, or None;
      - "bool": on or off (TOML true/false; typed on/off, true/false, yes/no, 1/0);
      - "scale": one positive factor per input feature (x1, x2), each within ``limits``.
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
            "bool": bool,
            "scale": tuple,
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
        if self.kind == "bool":
            return "on or off"
        if self.kind == "scale" and self.limits:
            lo, hi = (format_number(v) for v in self.limits)
            return f"two factors such as {self.example} (x1, x2), each from {lo} to {hi}"
        return self.example

    # -- values ------------------------------------------------------------------------
    def show(self, value: Any) -> str:
        """``value`` as text that ``parse`` reads back (form fields, CLI defaults, docs)."""
        if value is None:
            return ""
        if self.kind == "layers":
            return show_layers(value) or "none"
        if self.kind in ("split", "scale") or (self.kind == "probs" and isinstance(value, tuple)):
            return ",".join(format_number(v) for v in value)
        if self.kind == "bool":
            return "on" if value else "off"
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
            return self.coerce(parse_number(self.key, text, self.kind == "int", self.example))
        if self.kind == "layers":
            return self.coerce(list(parse_layers(text)))
        if self.kind == "split":
            return self.coerce(list(parse_split(text)))
        if self.kind == "scale":
            return self.coerce(list(parse_scale(self, text)))
        if self.kind == "bool":
            word = text.strip().lower()
            if word not in BOOL_WORDS:
                raise ConfigError(self.key, f"{text.strip()!r} is not on or off; give on or off")
            return BOOL_WORDS[word]
        if self.kind == "choice":
            return self.coerce(text.strip().lower())
        if self.kind == "probs":
            parts = [p for p in SEP.split(text.strip().strip("[]")) if p]
            if not parts:
                raise ConfigError(self.key, f"empty; give {self.accepted()}")
            values = [parse_number(self.key, p, False, self.example) for p in parts]
            return self.coerce(values[0] if len(values) == 1 else values)
        if self.kind == "path":
            if not text.strip():
                raise ConfigError(self.key, f"the file name is empty; give {self.accepted()}")
            return self.coerce(text.strip())
        raise AssertionError(self.kind)  # pragma: no cover

    def coerce(self, value: Any) -> Any:
        """Check a value as it comes from TOML, JSON or Python; return it in its type."""
        return COERCE[self.kind](self, value)


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
    # norm: normalizing inputs (ml/data.py)
    Setting("feature_scale", "scale", (1.0, 1.0),
            "multiply the raw inputs x1 and x2 by these factors (uneven units), before "
            "any normalization", group="data", limits=(0.001, 1000.0), example="1,50",
            metavar="S1,S2"),
    Setting("normalize", "bool", True,
            "standardize each input with the training set's mean and standard deviation "
            "(reused for dev and test)", group="data", example="off", metavar="on|off"),
    # -- network ---------------------------------------------------------------------------
    Setting("layers", "layers", (20, 3), "hidden-layer sizes", group="network",
            limits=(0, 50), unit_limits=(1, 256), ladder=WIDTH_LADDER, example="20,3",
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

"""How a setting's value is written, read from text and checked (``settings.Setting``
calls these by its ``kind``): numbers, layer sizes (``30x10``), splits, keep_prob's one or
per-layer values, on/off, feature scales, file names. ``ConfigError`` is what a bad value
raises, naming the setting and what it accepts.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from itertools import groupby
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .settings import Setting

__all__ = [
    "COERCE",
    "SEP",
    "BOOL_WORDS",
    "ConfigError",
    "format_number",
    "ladder_step",
    "parse_layers",
    "parse_number",
    "parse_scale",
    "parse_split",
    "show_layers",
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


SEP = re.compile(r"[\s,]+")


_REPEAT = re.compile(r"^(\d+)[x×*](\d+)$")


def show_layers(layers: Sequence[int]) -> str:
    """Hidden-layer sizes as ``parse_layers`` reads them: ``20,3``; a run of four or more
    equal layers as count×width, so 30 layers of 10 are ``30×10`` (``20,4×10,3``)."""
    parts: list[str] = []
    for width, run in groupby(layers):
        n = len(list(run))
        parts += [f"{n}×{width}"] if n >= 4 else [str(width)] * n
    return ",".join(parts)


def parse_layers(text: str) -> tuple[int, ...]:
    """The one ``layers`` grammar: ``20,3``, ``20 3`` or ``20, 3``; ``none`` or empty: ();
    ``30x10`` (or ``30×10``, ``30*10``) is 30 layers of 10 units.

    Raises ``ConfigError`` naming the first item that is not a whole number.
    """
    t = text.strip()
    if t.lower() in ("", "none", "[]"):
        return ()
    t = t.removeprefix("[").removesuffix("]")
    out = []
    for part in (p for p in SEP.split(t) if p):
        repeat = _REPEAT.match(part.lower())
        if repeat:
            out += [int(repeat.group(2))] * min(int(repeat.group(1)), 10_000)
            continue
        try:
            value = float(part)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value.is_integer()):
            raise ConfigError(
                "layers",
                f"{part!r} is not a whole number; give hidden-layer sizes such as 20,3 "
                "or 30x10 (or none for logistic regression)",
            )
        out.append(int(value))
    return tuple(out)


def parse_number(key: str, text: str, whole: bool, example: str) -> float:
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


def parse_split(text: str) -> tuple[float, ...]:
    accepted = "ratios such as 0.6,0.2,0.2 or counts such as 300,100,100"
    parts = [p for p in SEP.split(text.strip().strip("[]")) if p]
    try:
        values = [float(p) for p in parts]
    except ValueError:
        raise ConfigError(
            "split", f"{text.strip()!r} is not a list of numbers; give {accepted}"
        ) from None
    if not values:
        raise ConfigError("split", f"empty; give {accepted}")
    return tuple(values)


BOOL_WORDS = {"on": True, "off": False, "true": True, "false": False, "yes": True,
               "no": False, "1": True, "0": False}  # fmt: skip


def parse_scale(s: Setting, text: str) -> tuple[float, ...]:
    parts = [p for p in SEP.split(text.strip().strip("[]")) if p]
    try:
        values = tuple(float(p) for p in parts)
    except ValueError:
        raise ConfigError(
            s.key, f"{text.strip()!r} is not a list of numbers; give {s.accepted()}"
        ) from None
    if len(values) != 2:
        raise ConfigError(s.key, f"{text.strip()!r} is not two factors; give {s.accepted()}")
    return values


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


def _coerce_bool(s: Setting, v: Any) -> bool:
    if not isinstance(v, bool):
        raise ConfigError(s.key, f"must be true or false, got {v!r}")
    return v


def _coerce_scale(s: Setting, v: Any) -> tuple[float, ...]:
    if not isinstance(v, list | tuple) or len(v) != 2:
        raise ConfigError(s.key, f"must be two factors (x1, x2) such as [1, 50], got {v!r}")
    lo, hi = s.limits or (0.0, math.inf)
    for x in v:
        if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
            raise ConfigError(s.key, f"factors must be numbers, got {v!r}")
        if not (lo <= x <= hi):
            raise ConfigError(
                s.key,
                f"each factor must be between {format_number(lo)} and {format_number(hi)}, "
                f"got {format_number(x)}",
            )
    return tuple(float(x) for x in v)


COERCE: dict[str, Callable[[Setting, Any], Any]] = {
    "int": _coerce_number,
    "float": _coerce_number,
    "choice": _coerce_choice,
    "layers": _coerce_layers,
    "split": _coerce_split,
    "path": _coerce_path,
    "probs": _coerce_probs,
    "bool": _coerce_bool,
    "scale": _coerce_scale,
}

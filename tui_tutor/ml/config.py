"""One lab experiment as data: the preset a lesson step, the CLI or the app's form sets.

``LabConfig.from_mapping`` checks every key, type and range and raises ``ConfigError``
naming the key and what is accepted; ``LabConfig.run`` turns a valid config into data,
initial weights and the ``train`` iterator, so the app, the CLI and the tests all run an
experiment the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import numpy as np

from .bayes import bayes_error
from .data import DATASETS, DataError, Splits, load_csv, make_splits, split_sizes
from .model import INITS, Params, init_params, predict
from .train import Record, train

__all__ = ["LIMITS", "ConfigError", "LabConfig", "LabRun"]


class ConfigError(ValueError):
    """A bad setting. ``key`` names the setting; the message says what is accepted."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


# Accepted ranges, inclusive: (low, high).
LIMITS: dict[str, tuple[float, float]] = {
    "m": (8, 20000),
    "noise": (0.0, 2.0),
    "flip": (0.0, 0.45),
    "shift": (-5.0, 5.0),
    "units": (1, 256),
    "hidden_layers": (0, 6),
    "init_scale": (0.0, 1000.0),
    "lambd": (0.0, 1000.0),
    "l1": (0.0, 1000.0),
    "lr": (1e-6, 10.0),
    "epochs": (1, 200000),
    "batch_size": (0, 20000),
    "seed": (0, 2**31 - 1),
}


@dataclass(frozen=True)
class LabConfig:
    """Every setting of one experiment; the defaults are a reasonable first run.

    ``split`` holds ratios ((0.7, 0.3), (0.6, 0.2, 0.2), (0.98, 0.01, 0.01), ...) or
    counts ((300, 100, 100)); see ``data.split_sizes``. ``layers`` are the hidden sizes
    (the input has 2 units and the output 1); ``()`` is logistic regression.
    ``batch_size`` 0 means full batch. ``csv`` replaces the generated dataset.
    """

    dataset: str = "moons"
    m: int = 400
    noise: float = 0.2
    flip: float = 0.0
    split: tuple[float, ...] = (0.6, 0.2, 0.2)
    shift: float = 0.0
    layers: tuple[int, ...] = (20, 3)
    activation: str = "relu"
    init: str = "he"
    init_scale: float = 1.0
    lambd: float = 0.0
    l1: float = 0.0
    lr: float = 0.3
    epochs: int = 2000
    batch_size: int = 0
    seed: int = 0
    csv: str | None = None
    _data_cache: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    # -- construction -------------------------------------------------------------
    @classmethod
    def keys(cls) -> list[str]:
        """The setting names a preset may use."""
        return [f.name for f in fields(cls) if not f.name.startswith("_")]

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], base: LabConfig | None = None) -> LabConfig:
        """Return ``base`` (or the defaults) with ``values`` applied, after checking them all.

        Raises ``ConfigError`` for an unknown key, a wrong type or a value out of range.
        """
        base = base or cls()
        known = set(cls.keys())
        for key in values:
            if key not in known:
                raise ConfigError(key, f"unknown setting; accepted: {', '.join(sorted(known))}")
        changes = {k: _coerce(k, v) for k, v in values.items()}
        cfg = replace(base, **changes, _data_cache={})
        cfg.validate()
        return cfg

    def with_changes(self, **values: Any) -> LabConfig:
        """A checked copy with some settings changed (the same rules as ``from_mapping``)."""
        return LabConfig.from_mapping(values, base=self)

    def validate(self) -> None:
        """Check cross-field rules (the split fits m, batch size fits the training set)."""
        if self.csv is None and self.dataset not in DATASETS:
            raise ConfigError("dataset", f"{self.dataset!r} is unknown; choose {_names()}")
        try:
            train, _, _ = split_sizes(self.m, self.split)
        except DataError as exc:
            raise ConfigError("split", str(exc)) from None
        if self.batch_size > train:
            raise ConfigError(
                "batch_size", f"{self.batch_size} is more than the {train} training examples"
            )

    # -- derived values -----------------------------------------------------------
    @property
    def layer_dims(self) -> list[int]:
        """[n_x, n1, ..., 1] for ``init_params``."""
        return [2, *self.layers, 1]

    @property
    def bayes_error(self) -> float:
        """The optimal error of the data: label flips plus the overlap that noise causes.

        Computed from the generative model (``bayes.bayes_error``). For a user's CSV the
        floor is unknown and taken as ``flip`` (0 unless set).
        """
        if self.csv:
            return self.flip
        return bayes_error(self.dataset, self.noise, self.flip)

    def as_dict(self) -> dict[str, Any]:
        """Settings as plain JSON/TOML values."""
        d = asdict(self)
        d.pop("_data_cache", None)
        d["split"] = list(self.split)
        d["layers"] = list(self.layers)
        return d

    # -- running ------------------------------------------------------------------
    def data(self) -> Splits:
        """The train/dev/test sets this config describes (built once, then reused)."""
        splits = self._data_cache.get("splits")
        if splits is None:
            raw = load_csv(self.csv) if self.csv else None
            m = self.m if raw is None else raw[1].shape[1]
            split = self.split
            splits = make_splits(
                self.dataset, m, split, noise=self.noise, flip=self.flip,
                shift=self.shift, seed=self.seed, data=raw,
            )  # fmt: skip
            self._data_cache["splits"] = splits
        return splits

    def sweep_options(self, seed: int | None = None) -> dict[str, Any]:
        """The training keyword arguments of this config for a sweep.

        Pass them to ``validation_curve`` or ``learning_curve`` (add ``lambd`` for a
        learning curve); ``seed`` overrides the weights seed.
        """
        return {
            "lr": self.lr,
            "epochs": self.epochs,
            "activation": self.activation,
            "init": self.init,
            "init_scale": self.init_scale,
            "l1": self.l1,
            "batch_size": self.batch_size or None,
            "seed": self.seed if seed is None else seed,
        }

    def initial_params(self) -> Params:
        """Fresh initial weights for this config's network and seed."""
        return init_params(self.layer_dims, self.init, self.seed, self.init_scale)

    def run(self, every: int = 1) -> LabRun:
        """Build data and weights and return the live run (its ``records`` iterator)."""
        data = self.data()
        params = self.initial_params()
        records = train(
            params, data.X_train, data.Y_train, lr=self.lr, epochs=self.epochs,
            lambd=self.lambd, l1=self.l1, activation=self.activation,
            X_dev=data.X_dev, Y_dev=data.Y_dev, batch_size=self.batch_size or None,
            seed=self.seed, every=every,
        )  # fmt: skip
        return LabRun(self, data, params, records)

    def final(self, every: int | None = None) -> tuple[LabRun, Record]:
        """Run to the end and return the run and its last record."""
        run = self.run(every=every or self.epochs)
        last = None
        for last in run.records:
            pass
        assert last is not None
        return run, last


@dataclass
class LabRun:
    """A started experiment: ``params`` are trained in place as ``records`` is iterated."""

    config: LabConfig
    data: Splits
    params: Params
    records: Iterator[Record]

    def metrics(self, record: Record) -> dict[str, float]:
        """Every number a lesson's goal or claim may test, for the current ``params``.

        Errors are fractions. ``gap`` = dev - train error; ``zero_weights`` is the
        fraction of weights with |w| < 1e-3 (sparsity); ``test_error`` is NaN without a
        test set; ``diverged`` is 1.0 when training blew up.
        """
        cfg = self.config
        Ws = [v for k, v in self.params.items() if k.startswith("W")]
        n_w = sum(W.size for W in Ws)
        zero = sum(int(np.count_nonzero(np.abs(W) < 1e-3)) for W in Ws)
        X_test, Y_test = self.data.X_test, self.data.Y_test
        if Y_test.shape[1] and record.status != "diverged":
            wrong = predict(self.params, X_test, cfg.activation) != (Y_test > 0.5)
            test_error = float(np.mean(wrong))
        else:
            test_error = math.nan
        m_train, m_dev, m_test = self.data.sizes
        return {
            "epoch": float(record.epoch),
            "train_error": record.train_error,
            "dev_error": record.dev_error,
            "test_error": test_error,
            "gap": record.dev_error - record.train_error,
            "cost": record.cost,
            "data_cost": record.data_cost,
            "penalty": record.penalty,
            "w_norm_sq": record.w_norm_sq,
            "zero_weights": zero / n_w if n_w else 0.0,
            "bayes_error": cfg.bayes_error,
            "lambd": cfg.lambd,
            "l1": cfg.l1,
            "units": float(sum(cfg.layers)),
            "hidden_layers": float(len(cfg.layers)),
            "m_train": float(m_train),
            "m_dev": float(m_dev),
            "m_test": float(m_test),
            "diverged": 1.0 if record.status == "diverged" else 0.0,
        }


def _names() -> str:
    return ", ".join(DATASETS)


def _fmt(x: float) -> str:
    """A limit as a person writes it: 2147483647, not 2.14748e+09; 1e-06 stays short."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _number(key: str, v: Any, kind: type) -> float | int:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ConfigError(key, f"must be a number, got {v!r}")
    if kind is int:
        if isinstance(v, float) and not v.is_integer():
            raise ConfigError(key, f"must be a whole number, got {v!r}")
        v = int(v)
    v = float(v) if kind is float else v
    if isinstance(v, float) and not math.isfinite(v):
        raise ConfigError(key, f"must be a finite number, got {v!r}")
    lo, hi = LIMITS.get(key, (-math.inf, math.inf))
    if not (lo <= v <= hi):
        raise ConfigError(key, f"must be between {_fmt(lo)} and {_fmt(hi)}, got {_fmt(v)}")
    return v


def _coerce(key: str, v: Any) -> Any:
    """Check one setting's type and range and return it in the dataclass's type."""
    if key in ("m", "epochs", "batch_size", "seed"):
        return _number(key, v, int)
    if key in ("noise", "flip", "shift", "init_scale", "lambd", "l1", "lr"):
        return _number(key, v, float)
    if key == "dataset":
        if not isinstance(v, str) or v not in DATASETS:
            raise ConfigError(key, f"{v!r} is unknown; choose {_names()}")
        return v
    if key == "activation":
        if v not in ("relu", "tanh"):
            raise ConfigError(key, f"{v!r} is unknown; choose relu or tanh")
        return v
    if key == "init":
        if v not in INITS:
            raise ConfigError(key, f"{v!r} is unknown; choose {', '.join(INITS)}")
        return v
    if key == "csv":
        if v is None:
            return None
        if not isinstance(v, str | Path) or not str(v):
            raise ConfigError(key, f"must be a file path, got {v!r}")
        return str(v)
    if key == "layers":
        if not isinstance(v, list | tuple):
            raise ConfigError(
                key, f"must be a list of hidden-layer sizes such as [20, 3], got {v!r}"
            )
        lo, hi = LIMITS["hidden_layers"]
        if len(v) > hi:
            raise ConfigError(key, f"at most {_fmt(hi)} hidden layers, got {len(v)}")
        ulo, uhi = LIMITS["units"]
        out = []
        for u in v:
            if isinstance(u, bool) or not isinstance(u, int) or not (ulo <= u <= uhi):
                raise ConfigError(
                    key, f"each layer needs {_fmt(ulo)} to {_fmt(uhi)} units, got {u!r}"
                )
            out.append(int(u))
        return tuple(out)
    if key == "split":
        if not isinstance(v, list | tuple) or len(v) not in (2, 3):
            raise ConfigError(key, f"must list 2 or 3 parts such as [0.6, 0.2, 0.2], got {v!r}")
        for x in v:
            if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
                raise ConfigError(key, f"parts must be numbers, got {v!r}")
        return tuple(v)
    raise ConfigError(key, "unknown setting")  # pragma: no cover - keys() guards this

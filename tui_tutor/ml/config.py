"""One lab experiment as data: the preset a lesson step, the CLI or the app's form sets.

``LabConfig.from_mapping`` checks every key, type and range and raises ``ConfigError``
naming the key and what is accepted; ``LabConfig.run`` turns a valid config into data,
initial weights and the ``train`` iterator, so the app, the CLI and the tests all run an
experiment the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, make_dataclass, replace
from typing import Any

import numpy as np

from .bayes import bayes_error
from .data import DATASETS, DataError, Splits, load_csv, make_splits, split_sizes
from .model import Params, init_params, predict
from .settings import SETTINGS, ConfigError
from .train import Record, train

__all__ = ["ConfigError", "LabConfig", "LabRun"]


class _LabConfigMethods:
    """Every setting of one experiment; the defaults are a reasonable first run.

    The fields are the keys of ``settings.SETTINGS``, in its order, with its defaults.
    ``split`` holds ratios ((0.7, 0.3), (0.6, 0.2, 0.2), (0.98, 0.01, 0.01), ...) or
    counts ((300, 100, 100)); see ``data.split_sizes``. ``layers`` are the hidden sizes
    (the input has 2 units and the output 1); ``()`` is logistic regression.
    ``batch_size`` 0 means full batch. ``csv`` replaces the generated dataset.
    """

    __slots__ = ()

    # -- construction -------------------------------------------------------------
    @classmethod
    def keys(cls) -> list[str]:
        """The setting names a preset may use."""
        return list(SETTINGS)

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], base: LabConfig | None = None) -> LabConfig:
        """Return ``base`` (or the defaults) with ``values`` applied, after checking them all.

        Raises ``ConfigError`` for an unknown key, a wrong type or a value out of range.
        """
        base = base or LabConfig()
        for key in values:
            if key not in SETTINGS:
                accepted = ", ".join(sorted(SETTINGS))
                raise ConfigError(key, f"unknown setting; accepted: {accepted}")
        changes = {k: SETTINGS[k].coerce(v) for k, v in values.items()}
        cfg = replace(base, **changes, _data_cache={})
        cfg.validate()
        return cfg

    def with_changes(self, **values: Any) -> LabConfig:
        """A checked copy with some settings changed (the same rules as ``from_mapping``)."""
        return LabConfig.from_mapping(values, base=self)  # type: ignore[arg-type]

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
        d = {k: getattr(self, k) for k in SETTINGS}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

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


def _make_lab_config() -> type:
    fields_ = [(s.key, s.annotation, field(default=s.default)) for s in SETTINGS.values()]
    # A per-config cache of the data it describes; not a setting, never compared.
    fields_.append(
        ("_data_cache", dict, field(default_factory=dict, repr=False, compare=False, hash=False))
    )
    cls = make_dataclass("LabConfig", fields_, bases=(_LabConfigMethods,), frozen=True)
    cls.__module__ = __name__
    cls.__doc__ = _LabConfigMethods.__doc__
    return cls


LabConfig = _make_lab_config()
"""One lab experiment: a frozen dataclass with one field per ``settings.SETTINGS`` key."""


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

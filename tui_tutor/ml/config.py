"""One lab experiment as data: the preset a lesson step, the CLI or the app's form sets.

``LabConfig.from_mapping`` checks every key, type and range and raises ``ConfigError``
naming the key and what is accepted; ``LabConfig.run`` turns a valid config into data,
initial weights and the ``train`` iterator, so the app, the CLI and the tests all run an
experiment the same way.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, make_dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from . import augment, budget, dropout, labcheck, labsurface
from . import sweep as sweeps
from .bayes import bayes_error
from .bugs import bug_problem
from .data import DATASETS, DataError, Splits, load_csv, make_splits, split_sizes
from .deep import deep_metrics, init_cost
from .diagnose import wilson_interval
from .dropout import dropout_metrics
from .extras import inside_metrics
from .model import Params, init_params, predict
from .settings import SETTINGS, ConfigError
from .sweep import SweepResult
from .train import Record, train

__all__ = ["LEARNING_FRACTIONS", "RUN_REQUESTS", "ConfigError", "LabConfig", "LabRun"]

RUN_REQUESTS: tuple[str, ...] = ("gradcheck", "surface")
"""Names in ``LabConfig.run``'s ``extras`` that ask for run metrics, not per-layer values:
the gradient check's (``labcheck.CHECK_METRICS``) and the cost surface's
(``labsurface.SURFACE_METRICS``)."""

_DATA: dict[tuple, Splits] = {}  # data by ``_data_key``, oldest first
_DATA_MAX = 16
_DATA_LOCK = threading.Lock()

# The training-set sizes of a learning curve, as fractions of the training set.
LEARNING_FRACTIONS: tuple[float, ...] = (0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1.0)


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
        cfg = replace(base, **changes)
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
        why = augment.problem(self.augment, self.dataset, bool(self.csv))
        if why is not None:
            raise ConfigError("augment", why)
        self.check_budget()
        L = len(self.layers) + 1
        problem = bug_problem(self.bug, L)
        if problem is not None:
            raise ConfigError("bug", f"{problem}; this network has {L - 1}")
        if self.epsilon <= 0:
            raise ConfigError("epsilon", "must be between 0 and 1 and more than 0, got 0")
        if self.fix > L:
            raise ConfigError(
                "fix", f"layer {self.fix} does not exist: this network has {L} layers"
            )
        try:  # dropout: a per-layer keep_prob names every hidden layer
            dropout.keep_probs(self.keep_prob, L - 1)
        except ValueError as exc:
            raise ConfigError("keep_prob", str(exc).removeprefix("keep_prob ")) from None

    # -- what it costs --------------------------------------------------------------
    def cost(self, models: int = 1, sizes: tuple[int, int, int] | None = None) -> budget.Cost:
        """The estimated memory and work of this run (or of a sweep of ``models``)."""
        sizes = sizes or self._sizes(self.m)
        return budget.estimate(self.layer_dims, sizes, self.epochs, self.batch_size, models)

    def check_budget(
        self, models: int = 1, kind: str = "run", sizes: tuple[int, int, int] | None = None
    ) -> None:
        """Refuse (``ConfigError``) a run, or a sweep of ``models`` models (``kind``
        "validation" or "learning"), whose estimated cost exceeds a budget of
        ``ml.budget``; the message names the budget and what would fit. ``sizes``
        (m_train, m_dev, m_test) default to what ``split`` makes of ``m``."""
        budget.check(self, models, kind, sizes)

    def _sizes(self, m: int) -> tuple[int, int, int]:
        """(m_train, m_dev, m_test) that ``split`` makes of ``m``, the training set with
        its augmented copies (what a run trains on)."""
        train, dev, test = split_sizes(m, self.split)
        if self.augment != "none":
            train *= 1 + self.augment_copies
        return train, dev, test

    # -- derived values -----------------------------------------------------------
    @property
    def layer_dims(self) -> list[int]:
        """[n_x, n1, ..., 1] for ``init_params``."""
        return [2, *self.layers, 1]

    @property
    def bayes_error(self) -> float:
        """The optimal error of the data: label flips plus the overlap that noise causes.

        The ``bayes`` setting (the learner's or the author's estimate) when given; else
        computed from the generative model (``bayes.bayes_error``); for a CSV without an
        estimate the floor is unknown: NaN (the diagnosis then assumes 0 and says so).
        """
        if self.bayes is not None:
            return self.bayes
        if self.csv:
            return math.nan
        return bayes_error(self.dataset, self.noise, self.flip)

    @property
    def bayes_source(self) -> str:
        """Where ``bayes_error`` comes from: "estimate", "model" or "unknown"."""
        if self.bayes is not None:
            return "estimate"
        return "unknown" if self.csv else "model"

    def as_dict(self) -> dict[str, Any]:
        """Settings as plain JSON/TOML values."""
        d = {k: getattr(self, k) for k in SETTINGS}
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    # -- running ------------------------------------------------------------------
    def data(self) -> Splits:
        """The train/dev/test sets this config describes.

        Built once per data setting and shared (a small cache across configs: turning λ
        or the layers does not redraw the data). The arrays must not be changed.
        """
        key = self._data_key()
        splits = _DATA.get(key)
        if splits is None:
            raw = load_csv(self.csv) if self.csv else None
            m = self.m if raw is None else raw[1].shape[1]
            if raw is not None and m != self.m:  # the file, not m, sets the sizes
                self.check_budget(sizes=self._sizes(m))
            splits = make_splits(
                self.dataset, m, self.split, noise=self.noise, flip=self.flip,
                shift=self.shift, seed=self.seed, data=raw, standardize=self.normalize,
                scale=self.feature_scale,
            )  # fmt: skip
            splits = augment.augment_splits(
                splits, self.augment, self.augment_copies, self.dataset, self.seed,
                csv=bool(self.csv), scale=tuple(self.feature_scale),
            )  # fmt: skip
            with _DATA_LOCK:  # the app's workers build data in threads
                _DATA[key] = splits
                while len(_DATA) > _DATA_MAX:
                    _DATA.pop(next(iter(_DATA)))
        return splits

    def data_built(self) -> bool:
        """Whether ``data()`` would return at once (its data setting was built already)."""
        return self._data_key() in _DATA

    def _data_key(self) -> tuple:
        """What the data depend on (for a CSV also the file's size and time)."""
        stamp: tuple = ()
        if self.csv:
            try:
                st = Path(self.csv).stat()
                stamp = (st.st_size, st.st_mtime_ns)
            except OSError:
                stamp = ("missing",)
        return (
            self.dataset, self.m, self.noise, self.flip, tuple(self.split), self.shift,
            self.seed, self.csv, stamp, self.augment, self.augment_copies,
            self.normalize, tuple(self.feature_scale),
        )  # fmt: skip

    def with_data_seed(self, seed: int) -> LabConfig:
        """This config with its data drawn with ``seed`` (a new draw of the same problem)."""
        if seed == self.seed:
            return self  # type: ignore[return-value]
        return self.with_changes(seed=seed % (2**31 - 1))

    def initial_params(self, seed: int | None = None) -> Params:
        """Fresh initial weights for this config's network (``seed``: the weights seed)."""
        return init_params(
            self.layer_dims, self.init, self.seed if seed is None else seed, self.init_scale
        )

    def _train_options(self, seed: int) -> dict[str, Any]:
        """Every keyword of ``train`` and of the sweeps that comes from the settings."""
        return {
            "lr": self.lr,
            "epochs": self.epochs,
            "lambd": self.lambd,
            "l1": self.l1,
            "activation": self.activation,
            "batch_size": self.batch_size or None,
            "seed": seed,
            "patience": self.patience,
        }

    def run(
        self,
        every: int = 1,
        *,
        weight_seed: int | None = None,
        data_seed: int | None = None,
        epochs: int | None = None,
        dev: bool = True,
        extras: Sequence[str] = (),
    ) -> LabRun:
        """Build data and weights and return the live run (its ``records`` iterator).

        The one place a training run is set up (the app's lab, the CLI, the tests).
        ``weight_seed`` draws the initial weights and the mini-batch order, ``data_seed``
        the data (both default to ``seed``); ``epochs`` overrides the setting (the CLI's
        ``gradcheck --after``); ``dev=False`` measures no dev error; ``extras`` names the
        per-layer values (``extras.EXTRAS``) each record carries (a view asks for them);
        the name "gradcheck" among them asks for the gradient check's metrics
        (``labcheck.CHECK_METRICS``) in the final record's ``metrics``, "surface" for the
        cost surface's (``labsurface.SURFACE_METRICS``).
        """
        data = self.with_data_seed(data_seed).data() if data_seed is not None else self.data()
        seed = self.seed if weight_seed is None else weight_seed
        params = self.initial_params(seed)
        check = "gradcheck" in extras
        initial = {k: v.copy() for k, v in params.items()} if check else None
        surface = "surface" in extras
        extras = tuple(x for x in extras if x not in RUN_REQUESTS)
        options = self._train_options(seed)
        options["keep_prob"] = self.keep_prob  # dropout: runs only (sweeps train without)
        if epochs is not None:
            options["epochs"] = epochs
        if not dev:
            options["patience"] = 0  # early stopping reads the dev error
        X_dev, Y_dev = (data.X_dev, data.Y_dev) if dev else (None, None)
        cost0 = init_cost(params, data.X_train, data.Y_train, self.activation)
        records = train(
            params, data.X_train, data.Y_train, X_dev=X_dev, Y_dev=Y_dev, every=every,
            extras=extras, **options,
        )  # fmt: skip
        return LabRun(self, data, params, records, initial, surface, cost0)  # type: ignore[arg-type]

    def sweep(
        self,
        kind: str,
        values: Sequence[float] | None = None,
        *,
        weight_seed: int | None = None,
        data_seed: int | None = None,
        should_stop: Callable[[int], bool] | None = None,
    ) -> SweepResult:
        """A validation curve (``kind`` "validation": one model per λ in ``values``, by
        default the λ ladder) or a learning curve ("learning": one model per training-set
        size, by default ``LEARNING_FRACTIONS`` of the training set), all other settings
        as in this config. ``should_stop`` as in ``sweep.validation_curve``. A sweep
        whose estimated cost exceeds the budget (``check_budget``) raises ``ConfigError``
        before any training.
        """
        if kind in ("validation", "learning") and self.keep_prob != 1.0:  # dropout
            raise ConfigError(
                "keep_prob", "the validation and learning curves train without dropout; "
                "set keep_prob = 1 to draw them",
            )  # fmt: skip
        data = self.with_data_seed(data_seed).data() if data_seed is not None else self.data()
        options = self._train_options(self.seed if weight_seed is None else weight_seed)
        options.update(init=self.init, init_scale=self.init_scale, should_stop=should_stop)
        args = (data.X_train, data.Y_train, data.X_dev, data.Y_dev, self.layer_dims)
        if kind == "validation":
            options.pop("lambd")
            lambds = SETTINGS["lambd"].ladder if values is None else values
            self.check_budget(len(lambds), kind, data.sizes)
            return sweeps.validation_curve(*args, lambds, **options)
        if kind == "learning":
            m = data.sizes[0]
            if values is None:
                values = sorted({max(2, min(m, round(f * m))) for f in LEARNING_FRACTIONS})
            self.check_budget(len(values), kind, data.sizes)
            return sweeps.learning_curve(*args, [int(v) for v in values], **options)
        if kind in ("gradcheck", "surface"):  # not sweeps, but computed, cached and stopped
            make = labcheck.lab_check if kind == "gradcheck" else labsurface.lab_surface
            return make(  # type: ignore[return-value]
                self, weight_seed=weight_seed, data_seed=data_seed, should_stop=should_stop
            )
        raise ValueError(
            f"unknown sweep {kind!r}; choose validation, learning, gradcheck or surface"
        )

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
    cls = make_dataclass("LabConfig", fields_, bases=(_LabConfigMethods,), frozen=True)
    cls.__module__ = __name__
    cls.__doc__ = _LabConfigMethods.__doc__
    return cls


LabConfig = _make_lab_config()
"""One lab experiment: a frozen dataclass with one field per ``settings.SETTINGS`` key."""


@dataclass
class LabRun:
    """A started experiment: ``params`` are trained in place as ``records`` is iterated.

    ``initial``: a copy of the initial weights, kept when the run was asked for the
    gradient check's metrics (``run(extras=("gradcheck",))``), else None.
    """

    config: LabConfig
    data: Splits
    params: Params
    records: Iterator[Record]
    initial: Params | None = None
    surface: bool = False
    init_cost: float = math.nan  # the data cost J at initialization (deep.init_cost)

    def metrics(self, record: Record) -> dict[str, float]:
        """Every number a lesson's goal or claim may test, for the current ``params``.

        Errors are fractions; ``dev_low`` and ``dev_high`` bound the dev error's 95%
        Wilson interval (NaN without a dev error). ``gap`` = dev - train error;
        ``zero_weights`` is the fraction of weights that are exactly 0 (sparsity: L1's
        proximal step makes them; no threshold decides); ``test_error`` is NaN without a
        test set; ``diverged`` is 1.0 when training blew up. The gradient check's
        ``labcheck.CHECK_METRICS`` are measured at the final record of a run that asked
        for them (``initial``), else NaN; so are the cost surface's
        ``labsurface.SURFACE_METRICS`` (asked for by ``surface``).
        """
        cfg = self.config
        Ws = [v for k, v in self.params.items() if k.startswith("W")]
        n_w = sum(W.size for W in Ws)
        zero = sum(W.size - int(np.count_nonzero(W)) for W in Ws)
        X_test, Y_test = self.data.X_test, self.data.Y_test
        if Y_test.shape[1] and record.status != "diverged":
            wrong = predict(self.params, X_test, cfg.activation) != (Y_test > 0.5)
            test_error = float(np.mean(wrong))
        else:
            test_error = math.nan
        m_train, m_dev, m_test = self.data.sizes
        dev_low, dev_high = (math.nan, math.nan)
        if m_dev and math.isfinite(record.dev_error):
            dev_low, dev_high = wilson_interval(round(record.dev_error * m_dev), m_dev)
        return {
            "epoch": float(record.epoch),
            "train_error": record.train_error,
            "dev_error": record.dev_error,
            "dev_low": dev_low,
            "dev_high": dev_high,
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
            "m_augmented": float(self.data.augmented),
            "best_epoch": math.nan if record.best_epoch is None else float(record.best_epoch),
            "diverged": 1.0 if record.status == "diverged" else 0.0,
            **self._check_metrics(record),
            **dropout_metrics(cfg.keep_prob, len(cfg.layers), record.cost_thinned),
            **self._surface_metrics(record),
            **inside_metrics(self.params, self.data.X_train, cfg.activation),
            **deep_metrics(self.params, self.data.X_train, self.data.Y_train, cfg.activation),
            "init_cost": self.init_cost,
        }

    def _surface_metrics(self, record: Record) -> dict[str, float]:
        if not self.surface or record.status != "done":
            return labsurface.no_metrics()
        cfg = self.config
        return labsurface.surface_metrics(self.data.X_train, self.data.Y_train, cfg.lr, cfg.epochs)

    def _check_metrics(self, record: Record) -> dict[str, float]:
        if self.initial is None or record.status not in ("done", "stopped"):
            return dict.fromkeys(labcheck.CHECK_METRICS, math.nan)
        X, Y = self.data.X_train, self.data.Y_train
        return labcheck.check_metrics(self.config, self.initial, self.params, X, Y)


def _names() -> str:
    return ", ".join(DATASETS)

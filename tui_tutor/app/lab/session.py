"""The lab's model, with no UI: which preset, which settings now, which seeds, which run.

A ``LabSession`` is what the lab shows, as data: the lesson step's preset and the
learner's changes to it (``overrides``, what is saved), the weight and data seeds (``r``
reruns with new initial weights, ``d`` draws new data), the id of the current run, the
run on screen (``shown``) and the faint "before" overlay: the last run that got
somewhere, drawn dimmed behind the new one. The panel turns it into widgets.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from tui_tutor import ml
from tui_tutor.course.model import DEFAULT_VIEWS, VIEWS

from .curves import Curves, Snapshot

__all__ = ["BEFORE_MIN_SHARE", "LabSession", "Overlay", "RunRequest", "ShownRun"]

BEFORE_MIN_SHARE = 0.3  # a run becomes the "before" overlay once this far (or done)


@dataclass(frozen=True)
class RunRequest:
    """One training run to start: its settings, seeds and the per-layer extras to record."""

    run_id: int
    config: ml.LabConfig
    weight_seed: int
    data_seed: int
    extras: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, eq=False)
class ShownRun:
    """The run on screen: its settings, its number and data draw, its latest snapshot.

    A new object for every change (compared by identity), so a reactive holding it
    notices each one. ``params`` and ``extras`` as in ``Snapshot``; ``data`` arrives with
    the first snapshot.
    """

    run_id: int
    config: ml.LabConfig
    number: int = 1  # 1-based: the first run, then one more per rerun (r)
    draw: int = 1  # 1-based: the preset's data, then one more per new draw (d)
    curves: Curves = field(default_factory=Curves)
    params: dict | None = None
    metrics: dict[str, float] | None = None
    epoch: int = 0
    data: ml.Splits | None = None
    extras: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def bayes(self) -> float:
        """The Bayes floor, once the worker has measured it (else 0).

        ``LabConfig.bayes_error`` integrates the generative model (slow the first time
        for each dataset and noise), so only the worker thread computes it.
        """
        m = self.metrics
        v = m.get("bayes_error", 0.0) if m is not None else 0.0
        return v if math.isfinite(v) else 0.0


@dataclass(frozen=True, eq=False)
class Overlay:
    """The previous run, drawn dimmed: its curves and its weights (for the boundary)."""

    curves: Curves
    params: dict | None
    activation: str


class LabSession:
    """What the lab runs and shows; changed by the panel, read by its widgets.

    ``preset`` is the step's lab, ``config`` the preset plus the learner's changes;
    ``views`` (default the lesson format's ``DEFAULT_VIEWS``) are offered in that order,
    ``controls`` (default all of ``ml.CONTROLS``) are the settings the learner may change,
    ``readout`` the metrics the step adds to the readout (its ``readout`` key).
    """

    def __init__(
        self,
        preset: ml.LabConfig,
        *,
        overrides: Mapping[str, Any] | None = None,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        readout: Iterable[str] = (),
    ) -> None:
        self.run_id = 0
        self.layer = 1  # the hidden layer the activations and weights views show (key z)
        self.before: Overlay | None = None
        self.load(preset, overrides=overrides, views=views, controls=controls, readout=readout)
        self.shown = ShownRun(0, self.config)

    def load(
        self,
        preset: ml.LabConfig,
        *,
        overrides: Mapping[str, Any] | None = None,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        readout: Iterable[str] = (),
    ) -> None:
        """A new preset with the learner's saved ``overrides``; raises ``ConfigError``."""
        config = ml.LabConfig.from_mapping(overrides, base=preset) if overrides else preset
        self.preset, self.config = preset, config
        self.views = tuple(v for v in (views or DEFAULT_VIEWS) if v in VIEWS) or DEFAULT_VIEWS
        self.controls = tuple(ml.CONTROLS if controls is None else controls)
        self.listed = controls is not None  # a lesson's own list (not the default: all)
        self.readout = tuple(readout)
        self.reruns = 0
        self.redraws = 0

    # -- seeds and changes ----------------------------------------------------------------
    @property
    def weight_seed(self) -> int:
        """The seed of the initial weights: ``config.seed`` plus one per rerun."""
        return self.config.seed + self.reruns

    @property
    def data_seed(self) -> int:
        """The seed of the data draw: ``config.seed`` plus one per new draw."""
        return self.config.seed + self.redraws

    def offered(self, key: str) -> bool:
        """Whether the lesson lets the learner change setting ``key``."""
        return key in self.controls

    def apply(self, config: ml.LabConfig) -> None:
        """New settings (a key, the form, a prediction's run): the preset's seeds again."""
        self.config = config
        self.reruns = 0
        self.redraws = 0

    def rerun(self) -> None:
        """The next run draws new initial weights (same data)."""
        self.reruns += 1

    def new_data(self) -> None:
        """The next run draws new data from the same distribution (same weights)."""
        self.redraws += 1

    def next_layer(self) -> int:
        """Show the next hidden layer (1-based, back to 1 after the last); 0 when none."""
        n = len(self.config.layers)
        self.layer = self.layer % n + 1 if n else 1
        return self.layer if n else 0

    def overrides(self) -> dict[str, Any]:
        """The settings that differ from the preset (JSON values): what is saved."""
        preset = self.preset.as_dict()
        return {k: v for k, v in self.config.as_dict().items() if preset.get(k) != v}

    def sweep_key(self, kind: str) -> str:
        """What a validation or learning curve depends on (the validation one not on λ)."""
        d = self.config.as_dict()
        if kind == "validation":
            d.pop("lambd")
        return f"{kind}|{self.weight_seed}|{self.data_seed}|{sorted(d.items())!r}"

    # -- runs -----------------------------------------------------------------------------
    def start_run(
        self, *, keep_before: bool, finished: bool, extras: frozenset[str] = frozenset()
    ) -> RunRequest:
        """A new run of ``config``; the shown one becomes the overlay if it got somewhere.

        ``finished``: the shown run ended. A run cancelled in its first stretch (keys
        pressed in a burst) leaves the older overlay in place; ``keep_before`` False
        (a new preset) drops it.
        """
        self.run_id += 1
        old = self.shown
        far = len(old.curves) > 0 and (
            finished
            or old.curves.epoch[-1] >= BEFORE_MIN_SHARE * old.config.epochs
            or self.before is None
        )
        if keep_before and far:
            self.before = Overlay(old.curves, old.params, old.config.activation)
        elif not keep_before:
            self.before = None
        self.shown = ShownRun(self.run_id, self.config, self.reruns + 1, self.redraws + 1)
        return RunRequest(self.run_id, self.config, self.weight_seed, self.data_seed, extras)

    def changes_nothing(self, snap: Snapshot) -> bool:
        """Whether ``snap`` shows what is on screen already: the current run, at the
        epoch shown, still running (a pause re-posts the latest snapshot)."""
        shown = self.shown
        return (
            snap.run_id == self.run_id == shown.run_id
            and snap.error is None
            and not snap.final
            and shown.params is not None
            and snap.epoch == shown.epoch
        )

    def accept(self, snap: Snapshot) -> bool:
        """Take ``snap`` into the shown run; False for a replaced run's late snapshot."""
        if snap.run_id != self.run_id:
            return False
        if snap.error is None:
            self.shown = replace(
                self.shown,
                curves=snap.curves,
                params=snap.params,
                metrics=snap.metrics,
                epoch=snap.epoch,
                data=snap.data if snap.data is not None else self.shown.data,
                extras=snap.extras,
            )
        return True

    def forget_run(self) -> None:
        """Ignore whatever the current run still sends (the lab is going away)."""
        self.run_id += 1

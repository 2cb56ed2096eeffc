"""The live lab: a small network trains while the learner turns λ and the layer sizes.

``LabPanel`` runs ``ml.train`` in a thread worker (``exclusive``, so a new run cancels
the old one, which checks ``is_cancelled`` at every record) and posts a downsampled
snapshot of its curves about ten times a second. The panel draws the visible view from
the latest snapshot only when one arrives or a key is pressed: nothing redraws, and no
timer runs, while it is idle. The previous run stays on the charts as a dim overlay.

The screen that hosts the panel adds ``LAB_BINDINGS`` to its ``BINDINGS`` and defines
``action_lab(name)`` calling ``LabPanel.do(name)``, so the lab keys work wherever the
focus is.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from tui_tutor import ml
from tui_tutor.course.model import VIEWS as LESSON_VIEWS
from tui_tutor.i18n import t

from .form import FORM_FIELDS, LabForm
from .plots import (
    COLORS,
    MARKERS_NO_COLOR,
    POINT_FG,
    REGION_BG,
    BoundaryView,
    CurveLog,
    Curves,
    LabPlot,
    draw_cost,
    draw_curves,
    draw_learning,
    draw_validation,
    fmt_lambd,
)

__all__ = [
    "CONTROLS",
    "LAB_ACTIONS",
    "LAB_BINDINGS",
    "LAMBDA_LADDER",
    "VIEWS",
    "WIDTH_LADDER",
    "LabPanel",
]

# The views a lesson may offer are the ones the lab draws (one list, in the lesson format);
# what the learner may change is what the keys and the exact-values form change.
VIEWS: tuple[str, ...] = LESSON_VIEWS
CONTROLS: tuple[str, ...] = FORM_FIELDS
LAMBDA_LADDER: tuple[float, ...] = ml.SETTINGS["lambd"].ladder
WIDTH_LADDER: tuple[int, ...] = tuple(int(u) for u in ml.SETTINGS["layers"].ladder)
THROTTLE_S = 0.1  # at most about ten updates a second
BEFORE_MIN_SHARE = 0.3  # a run becomes the "before" overlay once this far (or done)
NOTICE_HOLD_S = 8.0  # a note under the readout clears itself after this long
PAINT_WAIT_S = 0.25  # the worker waits (GIL released) at most this long for each paint
RECORDS_PER_RUN = 300  # records per run: every = epochs // 300 ...
MAX_EVERY = 50  # ... but at least one record per 50 epochs (a few ms), so a cancel is quick

LAB_ACTIONS: tuple[str, ...] = (
    "lambd_up",
    "lambd_down",
    "wider",
    "narrower",
    "add_layer",
    "remove_layer",
    "rerun",
    "new_data",
    "pause",
    "next_view",
    "edit",
)

LAB_BINDINGS: list[Binding] = [
    Binding("right_square_bracket", "lab('lambd_up')", "λ+", key_display="]"),
    Binding("left_square_bracket", "lab('lambd_down')", "λ-", key_display="["),
    Binding("equals_sign", "lab('wider')", "wider", key_display="=", show=False),
    Binding("minus", "lab('narrower')", "narrower", key_display="-", show=False),
    Binding("greater_than_sign", "lab('add_layer')", "+layer", key_display=">", show=False),
    Binding("less_than_sign", "lab('remove_layer')", "-layer", key_display="<", show=False),
    Binding("r", "lab('rerun')", "rerun", show=False),
    Binding("d", "lab('new_data')", "new data", show=False),
    Binding("space", "lab('pause')", "pause", key_display="space", show=False),
    Binding("tab", "lab('next_view')", "view", key_display="tab"),
    Binding("e", "lab('edit')", "edit"),
]


def _pct(v: float | None, signed: bool = False) -> str:
    if v is None or not math.isfinite(v):
        return "–"
    return f"{v * 100:+.1f}%" if signed else f"{v * 100:.1f}%"


def _ladder_step(value: float, ladder: Sequence[float], up: bool) -> float | None:
    """The next ladder value above (or below) ``value``, or None at the end."""
    eps = 1e-9 * max(1.0, abs(value))
    if up:
        return next((v for v in ladder if v > value + eps), None)
    return next((v for v in reversed(ladder) if v < value - eps), None)


class LabPanel(Widget):
    """The live lab: charts, a readout with the diagnosis, and the keys that change the run.

    ``config`` is the lesson step's preset. ``views`` (default all of ``VIEWS``) are the
    views offered, in tab order; ``controls`` (default all of ``CONTROLS``) the settings
    the learner may change; ``view`` the first view shown. ``test_mode`` trains
    synchronously to the end on every (re)start, for deterministic tests and snapshots.
    """

    DEFAULT_CSS = """
    LabPanel { width: 1fr; height: 1fr; layout: vertical; }
    LabPanel > #lab-tabs { height: 1; }
    LabPanel > #lab-plot { height: 1fr; min-height: 0; }
    LabPanel > #lab-boundary { height: 1fr; min-height: 0; display: none; }
    LabPanel > #lab-legend { height: 1; color: $text-muted; }
    LabPanel > #lab-readout { height: auto; }
    LabPanel > #lab-notice { height: auto; color: $warning; display: none; }
    LabPanel > #lab-notice.shown { display: block; }
    """

    @dataclass
    class RunFinished(Message):
        """A run ended (status "done" or "diverged"); ``metrics`` is ``LabRun.metrics``.

        ``run_id`` is the panel's ``run_id`` of that run: a host compares it with the
        panel's current one to ignore a run that was replaced while this message was
        on its way (a step change or a committed prediction just after it ended).
        """

        config: ml.LabConfig
        metrics: dict[str, float]
        run_id: int | None = None

    @dataclass
    class ConfigChanged(Message):
        """The learner changed a setting (keys or form); ``config`` is the new one."""

        config: ml.LabConfig

    @dataclass
    class Progress(Message, bubble=False):
        """Internal: a throttled snapshot from the training worker of run ``run_id``.

        ``painted``, when given, is set once the snapshot is on screen (the worker waits).
        """

        run_id: int
        curves: Curves
        params: dict | None
        metrics: dict[str, float] | None
        status: str
        epoch: int
        data: ml.Splits | None = None
        error: str | None = None
        painted: threading.Event | None = None

    @dataclass
    class SweepDone(Message, bubble=False):
        """Internal: a validation or learning curve finished (or was stopped) in ``worker``."""

        key: str
        result: ml.SweepResult | None
        error: str | None
        worker: Worker | None = None
        cancelled: bool = False

    def __init__(
        self,
        config: ml.LabConfig,
        *,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        view: str | None = None,
        lang: str = "en",
        test_mode: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.lang = lang
        self.test_mode = test_mode
        self._run_id = 0
        self._worker: Worker | None = None
        self._resume = threading.Event()
        self._resume.set()
        # Cleared while the UI handles a key and paints its effect: the worker waits then.
        self._ui_free = threading.Event()
        self._ui_free.set()
        self._sweeps: dict[str, ml.SweepResult] = {}
        self._sweep_workers: dict[str, Worker] = {}  # sweeps computing, by key
        self._sweep_epochs: dict[str, int] = {}  # epochs done, written by the sweep thread
        self._sweep_timer: Timer | None = None
        self._sweep_errors: dict[str, str] = {}
        self._notice = ""
        # What the sweep chart shows now (view, sweep key, ...), None after another view.
        self._sweep_drawn: tuple | None = None
        self._status = "starting"
        self._before: Curves | None = None
        self._before_params: tuple | None = None
        # The shown run: its curves, weights and metrics (set by _reset_run_state).
        self._curves = Curves()
        self._params: dict | None = None
        self._metrics: dict[str, float] | None = None
        self._set_preset(config, views, controls, view)
        self._reset_run_state(keep_before=False)
        self._started = False
        self._mounted = False

    # -- public API ---------------------------------------------------------------------
    @property
    def config(self) -> ml.LabConfig:
        """The current settings (the preset plus the learner's changes)."""
        return self._config

    @property
    def metrics(self) -> dict[str, float] | None:
        """The latest ``LabRun.metrics`` of the current run, or None before the first."""
        return self._metrics

    @property
    def running(self) -> bool:
        """True while the current run trains (also while paused)."""
        return self._status in ("running", "paused", "starting")

    @property
    def run_id(self) -> int:
        """The number of the current run; every (re)start takes a new one."""
        return self._run_id

    @property
    def paused(self) -> bool:
        """True while the learner has paused the run (space)."""
        return self._status == "paused"

    @property
    def status(self) -> str:
        """The run's state: starting, running, paused, done, diverged or error."""
        return self._status

    @property
    def view(self) -> str:
        """The view shown now (one of ``views``)."""
        return self._view

    @property
    def views(self) -> tuple[str, ...]:
        """The views offered, in tab order."""
        return self._views

    @property
    def controls(self) -> tuple[str, ...]:
        """The settings the learner may change (LabConfig keys)."""
        return self._controls

    @property
    def curves(self) -> Curves:
        """The latest snapshot of the current run's curves."""
        return self._curves

    @property
    def before(self) -> Curves | None:
        """The previous run's curves, drawn dimmed behind the current ones."""
        return self._before

    @property
    def worker(self) -> Worker | None:
        """The training worker of the current run (None in test mode or when finished)."""
        return self._worker

    @property
    def weight_seed(self) -> int:
        """The seed of the current run's initial weights (``config.seed`` + reruns)."""
        return self._config.seed + self._rerun

    @property
    def data_seed(self) -> int:
        """The seed of the current data draw (``config.seed`` + new draws with ``d``)."""
        return self._config.seed + self._redraw

    @property
    def notice(self) -> str:
        """The last short message shown under the readout ("" when none)."""
        return self._notice

    def load(
        self,
        config: ml.LabConfig,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        view: str | None = None,
    ) -> None:
        """Show a new preset (a lesson step's lab) and start its run at once."""
        self._set_preset(config, views, controls, view)
        self._stop_stale_sweeps()
        self._show_view()
        self._restart(keep_before=False)

    def run_with(self, overrides: dict[str, Any]) -> bool:
        """Apply ``overrides`` (LabConfig keys) to the current settings and run them.

        For predict-then-run quizzes: every key is allowed, the previous run stays as the
        overlay. A bad override shows a notice and returns False (the run is unchanged).
        """
        try:
            new = ml.LabConfig.from_mapping(overrides, base=self._config)
        except ml.ConfigError as exc:
            self._say(t("bad_change", self.lang, error=str(exc)), sticky=True)
            return False
        self._config = new
        self._rerun = 0
        self._redraw = 0
        self._restart(keep_before=True)
        return True

    def do(self, name: str) -> None:
        """Run one lab action by name (see ``LAB_ACTIONS``); the screen's ``action_lab``."""
        handler = getattr(self, f"_do_{name}", None)
        if name not in LAB_ACTIONS or handler is None:
            self._say(t("unknown_action", self.lang, name=name), sticky=True)
            return
        if self._mounted and not self.test_mode:
            # Let the UI thread run alone until this key's effect is on screen.
            self._ui_free.clear()
            self.call_after_refresh(self._ui_free.set)
        handler()

    # -- set-up -------------------------------------------------------------------------
    def _set_preset(
        self,
        config: ml.LabConfig,
        views: Iterable[str] | None,
        controls: Iterable[str] | None,
        view: str | None,
    ) -> None:
        self._config = config
        self._rerun = 0
        self._redraw = 0
        vs = tuple(v for v in (views or VIEWS) if v in VIEWS) or VIEWS
        self._views = vs
        self._controls = tuple(CONTROLS if controls is None else controls)
        self._view = view if view in vs else vs[0]

    def _reset_run_state(self, keep_before: bool) -> None:
        # The overlay is the last run that got somewhere: a run cancelled in its first
        # stretch (keys pressed in a burst) leaves the older overlay in place.
        curves = self._curves
        far = len(curves) > 0 and (
            self._status in ("done", "diverged")
            or curves.epoch[-1] >= BEFORE_MIN_SHARE * self._run_config.epochs
            or self._before is None
        )
        if keep_before and far:
            self._before = curves
            self._before_params = (self._params, self._run_config.activation)
        elif not keep_before:
            self._before = None
            self._before_params = None
        self._curves = Curves()
        self._params = None
        self._metrics = None
        self._status = "starting"
        self._epoch = 0
        self._run_config = self._config
        self._run_data_seed = self.data_seed
        self._run_data: ml.Splits | None = None  # the shown run's data, once it arrives

    def compose(self) -> ComposeResult:
        yield Static(id="lab-tabs")
        yield LabPlot(id="lab-plot")
        yield BoundaryView(lang=self.lang, id="lab-boundary")
        yield Static(id="lab-legend")
        yield Static(id="lab-readout")
        yield Static(id="lab-notice")

    def on_mount(self) -> None:
        self._mounted = True
        self._show_view()
        self._refresh_all()
        # Start after the first paint, so a host that calls load() in its own on_mount
        # (a lesson step's preset) starts one run, not two.
        self.call_after_refresh(self._initial_start)

    def _initial_start(self) -> None:
        if self._mounted and not self._started:
            self._restart(keep_before=False)

    def on_resize(self) -> None:
        self._draw_tabs()
        if self._mounted:
            self.query_one("#lab-readout", Static).update(self._readout_rich())

    def on_unmount(self) -> None:
        self._mounted = False
        self._ui_free.set()
        self._run_id += 1
        if self._worker is not None:
            self._worker.cancel()
        self._resume.set()

    # -- running ------------------------------------------------------------------------
    def _restart(self, *, keep_before: bool) -> None:
        """Cancel the current run and start one from ``self._config`` at once."""
        self._run_id += 1
        if self._worker is not None:
            self._worker.cancel()
            self._worker = None
        self._resume.set()  # wake a paused worker so it sees its cancellation
        self._resume = threading.Event()
        self._resume.set()
        self._reset_run_state(keep_before)
        if not self._mounted:
            return
        self._started = True
        cfg, seed, data_seed = self._config, self.weight_seed, self.data_seed
        if self.test_mode:
            self._refresh_all()
            self._run_sync(self._run_id, cfg, seed, data_seed)
        else:
            self._worker = self._train(self._run_id, cfg, seed, data_seed, self._resume)
            self._refresh_all()

    def _make_run(self, cfg: ml.LabConfig, seed: int, data_seed: int) -> ml.LabRun:
        """The run of ``cfg``: initial weights from ``seed``, data drawn with ``data_seed``."""
        every = max(1, min(MAX_EVERY, cfg.epochs // RECORDS_PER_RUN))
        return cfg.run(every, weight_seed=seed, data_seed=data_seed)

    @staticmethod
    def _progress(run_id, run, log, record, painted=None) -> LabPanel.Progress:
        params = {k: v.copy() for k, v in run.params.items()}
        return LabPanel.Progress(
            run_id,
            log.snapshot(),
            params,
            run.metrics(record),
            record.status,
            record.epoch,
            run.data,
            painted=painted,
        )

    @staticmethod
    def _failed(run_id: int, exc: Exception) -> LabPanel.Progress:
        return LabPanel.Progress(run_id, Curves(), None, None, "error", 0, error=str(exc))

    def _run_sync(self, run_id: int, cfg: ml.LabConfig, seed: int, data_seed: int) -> None:
        """Test mode: train to the end now, then show the result."""
        try:
            run = self._make_run(cfg, seed, data_seed)
            log, rec = CurveLog(), None
            for rec in run.records:
                log.add(rec)
            assert rec is not None
            msg = self._progress(run_id, run, log, rec)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            msg = self._failed(run_id, exc)
        self._on_progress(msg)

    @work(thread=True, exclusive=True, group="lab-train", exit_on_error=False)
    def _train(
        self,
        run_id: int,
        cfg: ml.LabConfig,
        seed: int,
        data_seed: int,
        resume: threading.Event,
    ) -> None:
        """The training loop in a thread: posts a snapshot at most every THROTTLE_S.

        After each post the loop waits (up to PAINT_WAIT_S) until the UI has drawn it:
        the UI thread then has the interpreter to itself while it paints, so keys stay
        quick, and snapshots never queue up behind a slow terminal.
        """
        worker = get_current_worker()
        painted = threading.Event()
        ui_free = self._ui_free
        try:
            run = self._make_run(cfg, seed, data_seed)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            self.post_message(self._failed(run_id, exc))
            return
        log = CurveLog()
        last_post = -math.inf
        try:
            for rec in run.records:
                if worker.is_cancelled:
                    return
                log.add(rec)
                final = rec.status != "running"
                now = time.monotonic()
                if final or now - last_post >= THROTTLE_S:
                    last_post = now
                    painted.clear()
                    self.post_message(self._progress(run_id, run, log, rec, painted))
                    painted.wait(PAINT_WAIT_S)
                if final:
                    return  # the last record is out: a pause pressed now must not hold the thread
                if not ui_free.is_set():
                    ui_free.wait(PAINT_WAIT_S)
                if not resume.is_set():
                    self.post_message(self._progress(run_id, run, log, rec))
                    while not resume.wait(0.5):
                        if worker.is_cancelled:
                            return
                if worker.is_cancelled:
                    return
        except Exception as exc:  # never let a failed run leave the panel "running"
            self.post_message(self._failed(run_id, exc))

    @on(Progress)
    def _on_progress(self, msg: Progress) -> None:
        msg.stop()
        if msg.run_id != self._run_id:
            return  # a cancelled run's late snapshot
        if msg.error is not None:
            self._status = "error"
            self._worker = None
            self._say(msg.error, sticky=True)
            self._refresh_all()
            return
        self._curves = msg.curves
        self._params = msg.params
        self._metrics = msg.metrics
        self._epoch = msg.epoch
        if msg.data is not None:
            self._run_data = msg.data
        finished = msg.status in ("done", "diverged")
        if finished:
            self._status = msg.status
            self._worker = None
        elif self._status != "paused":
            self._status = "running"
        self._refresh_all()
        if msg.painted is not None:
            self.call_after_refresh(msg.painted.set)
        if finished and msg.metrics is not None:
            self.post_message(self.RunFinished(self._run_config, dict(msg.metrics), msg.run_id))

    # -- sweeps (validation and learning curves) ----------------------------------------
    def _sweep_key(self, kind: str) -> str:
        d = self._config.as_dict()
        if kind == "validation":
            d.pop("lambd")
        return f"{kind}|{self.weight_seed}|{self.data_seed}|{sorted(d.items())!r}"

    def _ensure_sweep(self) -> None:
        """Start the sweep the visible view needs, unless it is cached or computing.

        A sweep runs in a thread and is stopped (``should_stop``, every 25 epochs) as
        soon as it is stale: the learner changed a setting or moved on (the other view's
        sweep, still current, goes on), so at most two run at once. Test mode computes
        it now.
        """
        kind = self._view
        if kind not in ("validation", "learning"):
            return
        key = self._sweep_key(kind)
        if key in self._sweeps or key in self._sweep_errors or key in self._sweep_workers:
            return
        self._stop_stale_sweeps()
        try:
            cfg, seeds = (
                self._config,
                {"weight_seed": self.weight_seed, "data_seed": self.data_seed},
            )
            result = cfg.sweep(kind, **seeds) if self.test_mode else None
        except Exception as exc:  # a bad CSV and the like: the chart says so, never a crash
            self._on_sweep(self.SweepDone(key, None, str(exc)))
            return
        if self.test_mode:
            self._on_sweep(self.SweepDone(key, result, None))
            return
        self._sweep_workers[key] = self._sweep_worker(key, kind, cfg, seeds)
        if self._sweep_timer is None and self._mounted:
            # Only while a sweep computes: "computing… 40%" shows it is alive.
            self._sweep_timer = self.set_interval(0.5, self._sweep_tick)

    def _stop_stale_sweeps(self) -> None:
        """Stop the sweeps that no longer fit the settings; free their slots now."""
        keep = {self._sweep_key("validation"), self._sweep_key("learning")}
        for key, worker in list(self._sweep_workers.items()):
            if key not in keep:
                worker.cancel()  # the engine stops within 25 epochs (``should_stop``)
                del self._sweep_workers[key]
                self._sweep_epochs.pop(key, None)

    def _sweep_tick(self) -> None:
        if not self._sweep_workers and self._sweep_timer is not None:
            self._sweep_timer.stop()
            self._sweep_timer = None
        elif self._view in ("validation", "learning"):
            self._draw_view()

    def _sweep_worker(self, key: str, kind: str, cfg: ml.LabConfig, seeds: dict) -> Worker:
        ui_free = self._ui_free
        progress = self._sweep_epochs

        def compute() -> None:
            worker = get_current_worker()

            def should_stop(done: int) -> bool:
                progress[key] = done
                if not ui_free.is_set():  # a key is being handled: let the UI paint first
                    ui_free.wait(PAINT_WAIT_S)
                return worker.is_cancelled

            result: ml.SweepResult | None = None
            error: str | None = None
            try:
                result = cfg.sweep(kind, should_stop=should_stop, **seeds)
            except ml.SweepCancelled:
                progress.pop(key, None)
            except Exception as exc:  # never crash the app over a sweep
                error = str(exc)
            cancelled = result is None and error is None
            self.post_message(self.SweepDone(key, result, error, worker, cancelled))

        return self.run_worker(compute, group="lab-sweep", thread=True, exit_on_error=False)

    @on(SweepDone)
    def _on_sweep(self, msg: SweepDone) -> None:
        msg.stop()
        if msg.cancelled:
            return  # a stale sweep, already forgotten
        if msg.worker is None or self._sweep_workers.get(msg.key) is msg.worker:
            self._sweep_workers.pop(msg.key, None)
            self._sweep_epochs.pop(msg.key, None)
        if msg.result is not None:
            self._sweeps[msg.key] = msg.result
        else:
            self._sweep_errors[msg.key] = msg.error or "?"
        if len(self._sweeps) > 32:
            self._sweeps.pop(next(iter(self._sweeps)))
        self._draw_view()
        self._draw_legend()

    # -- actions ------------------------------------------------------------------------
    def _offered(self, key: str) -> bool:
        if key in self._controls:
            return True
        self._say(t("not_offered", self.lang, what=t(f"what.{key}", self.lang)))
        return False

    def _change(self, **values: Any) -> None:
        try:
            new = self._config.with_changes(**values)
        except ml.ConfigError as exc:
            self._say(t("bad_change", self.lang, error=str(exc)), sticky=True)
            return
        self._apply_config(new)

    def _apply_config(self, new: ml.LabConfig) -> None:
        self._config = new
        self._rerun = 0
        self._redraw = 0
        self._say("")
        self._restart(keep_before=True)
        self.post_message(self.ConfigChanged(new))

    def _do_lambd_up(self) -> None:
        if self._offered("lambd"):
            v = _ladder_step(self._config.lambd, LAMBDA_LADDER, up=True)
            if v is None:
                self._say(t("at_top", self.lang, lambd=fmt_lambd(self._config.lambd)))
            else:
                self._change(lambd=v)

    def _do_lambd_down(self) -> None:
        if self._offered("lambd"):
            v = _ladder_step(self._config.lambd, LAMBDA_LADDER, up=False)
            if v is None:
                self._say(t("at_bottom", self.lang))
            else:
                self._change(lambd=v)

    def _resize_layers(self, up: bool) -> None:
        if not self._offered("layers"):
            return
        old = self._config.layers
        if not old:
            self._say(t("no_layers", self.lang))
            return
        new = tuple(int(_ladder_step(u, WIDTH_LADDER, up) or u) for u in old)
        if new == old:
            key = "widest" if up else "narrowest"
            self._say(t(key, self.lang, units=WIDTH_LADDER[-1]))
            return
        self._change(layers=list(new))

    def _do_wider(self) -> None:
        self._resize_layers(up=True)

    def _do_narrower(self) -> None:
        self._resize_layers(up=False)

    def _do_add_layer(self) -> None:
        if not self._offered("layers"):
            return
        old = self._config.layers
        most = int(ml.SETTINGS["layers"].limits[1])
        if len(old) >= most:
            self._say(t("max_layers", self.lang, n=most))
            return
        self._change(layers=[*old, old[-1] if old else 4])

    def _do_remove_layer(self) -> None:
        if not self._offered("layers"):
            return
        old = self._config.layers
        if not old:
            self._say(t("no_layers", self.lang))
            return
        self._change(layers=list(old[:-1]))

    def _do_rerun(self) -> None:
        self._rerun += 1
        self._restart(keep_before=True)
        self._say(t("rerun", self.lang, n=self._rerun + 1))

    def _do_new_data(self) -> None:
        self._redraw += 1
        self._restart(keep_before=True)
        self._say(t("new_data", self.lang, n=self._redraw + 1))

    def _do_pause(self) -> None:
        if self._status == "paused":
            self._status = "running"
            self._resume.set()
            self._say(t("run_resumed", self.lang))
        elif self._status in ("running", "starting") and not self.test_mode:
            self._status = "paused"
            self._resume.clear()
            self._say(t("paused", self.lang), sticky=True)
        else:
            self._say(t("finished", self.lang))
        self._draw_tabs()

    def _do_next_view(self) -> None:
        i = self._views.index(self._view) if self._view in self._views else -1
        self._view = self._views[(i + 1) % len(self._views)]
        self._show_view()
        self._refresh_all()

    def _do_edit(self) -> None:
        fields = [f for f in FORM_FIELDS if f in self._controls]
        if not fields:
            self._say(t("nothing_offered", self.lang))
            return

        def done(new: ml.LabConfig | None) -> None:
            if new is not None and new != self._config:
                self._apply_config(new)

        self.app.push_screen(LabForm(self._config, fields, self.lang), done)

    # -- drawing ------------------------------------------------------------------------
    def _say(self, text: str, *, sticky: bool = False) -> None:
        """Show ``text`` under the readout. A plain note clears itself after
        ``NOTICE_HOLD_S`` (one timer, then idle again), giving its line back to the
        chart; a ``sticky`` one (an error, "paused") stays until the next notice."""
        self._notice = text
        if self._mounted:
            notice = self.query_one("#lab-notice", Static)
            notice.update(text)
            notice.set_class(bool(text), "shown")
            if text and not sticky and not self.test_mode:
                self.set_timer(NOTICE_HOLD_S, lambda: self._notice == text and self._say(""))

    def _show_view(self) -> None:
        if not self._mounted:
            return
        boundary = self._view == "boundary"
        self.query_one("#lab-plot").display = not boundary
        self.query_one("#lab-boundary").display = boundary

    def _refresh_all(self) -> None:
        if not self._mounted:
            return
        self._draw_tabs()
        self._draw_view()
        self._draw_legend()
        self.query_one("#lab-readout", Static).update(self._readout_rich())

    def _draw_tabs(self) -> None:
        if not self._mounted:
            return
        out = Text(no_wrap=True, overflow="ellipsis")
        names = [f" {t(f'view.{v}', self.lang)} " for v in self._views]
        if self.size.width and sum(map(len, names)) + 24 > self.size.width:
            # Narrow: only the current view, with its place in the tab order.
            i = self._views.index(self._view) + 1 if self._view in self._views else 0
            current = f" {t(f'view.{self._view}', self.lang)} {i}/{len(self._views)} "
            out.append(current, Style(reverse=True, bold=True))
        else:
            for v, name in zip(self._views, names, strict=True):
                style = Style(reverse=True, bold=True) if v == self._view else Style(dim=True)
                out.append(name, style)
        state = t(f"state.{self._status}", self.lang)
        if self._status in ("starting", "error"):
            state = t("state.running" if self._status == "starting" else "state.idle", self.lang)
        progress = t("epochs_of", self.lang, epoch=self._epoch, epochs=self._run_config.epochs)
        run = t("run", self.lang, n=self._rerun + 1)
        if self._run_data_seed != self._run_config.seed:
            run += " · " + t("draw", self.lang, n=self._redraw + 1)
        out.append(f"  {state} {progress} · {run}", Style(dim=True))
        self.query_one("#lab-tabs", Static).update(out)

    def _draw_view(self) -> None:
        if not self._mounted:
            return
        v = self._view
        if v == "boundary":
            data = self._run_data
            before = self._before_params if self._before_params and self._before_params[0] else None
            self.query_one(BoundaryView).show(
                self._params, self._run_config.activation, data, before
            )
            return
        plot = self.query_one(LabPlot)
        if v in ("curves", "cost"):
            self._sweep_drawn = None
            if v == "curves":
                draw_curves(
                    plot, self._curves, self._before, self._bayes(), self._run_config.epochs
                )
            else:
                draw_cost(plot, self._curves, self._before, self._run_config.epochs)
            return
        self._ensure_sweep()
        key = self._sweep_key(v)
        sweep = self._sweeps.get(key)
        title = ""
        if sweep is None:
            what = t(f"what.{v}", self.lang)
            err = self._sweep_errors.get(key)
            if err:
                title = t("sweep.failed", self.lang, what=what, error=err)
            else:
                title = t("computing", self.lang, what=what)
                done = self._sweep_epochs.get(key)
                if done and self._config.epochs:
                    title += f" {min(99, 100 * done // self._config.epochs)}%"
        # A run's snapshots (ten a second) do not change a sweep chart: rebuild it only
        # when what it shows changed (a plotext rebuild costs about 10 ms).
        marker = self._config.lambd if v == "validation" else self._bayes()
        drawn = (v, key, sweep is not None, marker, title)
        if drawn == self._sweep_drawn:
            return
        self._sweep_drawn = drawn
        if v == "validation":
            draw_validation(plot, sweep, self._config.lambd, title)
        else:
            draw_learning(plot, sweep, self._bayes(), title)

    def _chip(self, out: Text, name: str, label: str) -> None:
        if self.app.no_color:
            out.append(f"{MARKERS_NO_COLOR[name]} ")
        else:
            out.append("━━ ", Style(color="rgb({},{},{})".format(*COLORS[name])))
        out.append(f"{label}  ")

    def _draw_legend(self) -> None:
        if not self._mounted:
            return
        L = self.lang
        out = Text(no_wrap=True, overflow="ellipsis")
        v = self._view
        if v == "curves":
            self._chip(out, "train", t("legend.train", L))
            self._chip(out, "dev", t("legend.dev", L))
            self._chip(out, "cost", t("legend.cost", L))
            if self._before is not None:
                self._chip(out, "before", t("legend.before", L))
            if self._bayes() > 0:
                self._chip(out, "floor", t("legend.floor", L))
        elif v == "cost":
            self._chip(out, "cost", t("legend.data_cost", L))
            self._chip(out, "penalty", t("legend.penalty", L))
            self._chip(out, "w_norm", t("legend.w_norm", L))
            if self._before is not None:
                self._chip(out, "before", t("legend.before", L))
        elif v == "boundary":
            if self.app.no_color:
                out.append(t("legend.boundary_nc", L))
            else:
                self._boundary_legend(out)
            if self._before_params is not None:
                out.append("  · ")
                out.append(t("legend.before", L), Style(dim=True))
        else:
            self._chip(out, "train", t("legend.train", L))
            self._chip(out, "dev", t("legend.dev", L))
            sweep = self._sweeps.get(self._sweep_key(v))
            if v == "validation" and sweep is not None and sweep.best_index >= 0:
                if any(math.isclose(float(x), self._config.lambd) for x in sweep.values):
                    out.append(t("legend.current", L) + "  ", Style(dim=True))
                i = sweep.best_index
                best = fmt_lambd(float(sweep.values[i]))
                out.append(t("legend.best", L, lambd=best, dev=_pct(sweep.dev_error[i])))
            elif v == "learning":
                out.append(t("legend.m", L))
        self.query_one("#lab-legend", Static).update(out)

    def _bayes(self) -> float:
        """The Bayes floor of the current run, once its worker has measured it (else 0).

        ``LabConfig.bayes_error`` integrates the generative model (slow the first time
        for each dataset and noise), so only the worker thread computes it.
        """
        m = self._metrics
        v = m.get("bayes_error", 0.0) if m is not None else 0.0
        return v if math.isfinite(v) else 0.0

    def _boundary_legend(self, out: Text) -> None:
        """'o x train  o x dev  ·  regions: ŷ>0.5 ŷ<0.5' in the colours of the raster."""
        L = self.lang
        # Glyphs on a dark chip and white text on the regions, as in the raster, so the
        # legend reads the same in the light theme.
        chip = "#303030"
        out.append("o", Style(color=POINT_FG["train", 0], bgcolor=chip, bold=True))
        out.append(" ", Style(bgcolor=chip))
        out.append("x", Style(color=POINT_FG["train", 1], bgcolor=chip, bold=True))
        out.append(f" {t('legend.points_train', L)}  ")
        out.append("o x", Style(color=POINT_FG["dev", 1], bgcolor=chip, bold=True))
        out.append(f" {t('legend.points_dev', L)}  ·  {t('legend.regions', L)}")
        for cls, label in ((1, " ŷ>0.5 "), (0, " ŷ<0.5 ")):
            out.append(" ")
            out.append(label, Style(color="#ffffff", bgcolor=REGION_BG[cls, True]))

    def _diagnosis(self) -> ml.Diagnosis | None:
        """The engine's diagnosis of the latest metrics (None before them or once diverged)."""
        m = self._metrics
        if m is None or self._status == "diverged":
            return None
        try:
            return ml.diagnose(m["train_error"], m["dev_error"], m["bayes_error"])
        except ValueError:  # NaN errors
            return None

    def _readout_rich(self) -> Text:
        """Two lines: λ, layers, epoch and the errors; then the diagnosis and next step."""
        cfg, m = self._run_config, self._metrics
        layers = ",".join(str(u) for u in cfg.layers) or t("layers.none", self.lang)
        numbers = t(
            "readout",
            self.lang,
            lambd=fmt_lambd(cfg.lambd),
            layers=layers,
            epoch=str(self._epoch),
            train=_pct(m["train_error"] if m is not None else None),
            dev=_pct(m["dev_error"] if m is not None else None),
            gap=_pct(m["gap"] if m is not None else None, signed=True),
            bayes=_pct(m["bayes_error"] if m is not None else None),
        )
        out = Text(_wrap_items(numbers.split("  "), self.size.width or 10_000))
        out.append("\n")
        d = self._diagnosis()
        if d is not None:
            color = None if self.app.no_color else _DIAG_COLOR.get(d.kind)
            out.append(t(f"diag.{d.kind}", self.lang), Style(bold=True, color=color))
            out.append(f" → {t(f'advice.{d.kind}', self.lang)}")
        elif self._status == "diverged":
            out.append(t("diverged", self.lang), Style(bold=True))
        elif m is None:
            out.append(t("waiting", self.lang), Style(bold=True))
        return out


def _wrap_items(items: list[str], width: int) -> str:
    """Join readout items with two spaces, breaking lines between items, never inside one."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}  {item}" if line else item
        if line and cell_len(candidate) > width:
            lines.append(line)
            line = item
        else:
            line = candidate
    lines.append(line)
    return "\n".join(lines)


_DIAG_COLOR = {
    "high_bias": "rgb(255,150,50)",
    "high_variance": "rgb(230,110,230)",
    "both": "rgb(255,90,90)",
    "fine": "rgb(90,200,120)",
}

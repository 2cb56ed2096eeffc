"""The live lab: a small network trains while the learner turns its settings.

``LabPanel`` is a composition: a ``LabSession`` (what runs and what ran, no UI), a
``Runner`` (the training thread), a ``SweepCache`` (validation and learning curves),
the views registry (``views.VIEWS``) drawing on a ``LabPlot`` or a ``Raster``, and the
tab, legend, readout and notice lines. The keys are ``actions.ACTIONS``; ``do(name)``
runs one. What drives rendering is reactive (``status``, ``view``, ``config``,
``notice`` and ``shown``, the run on screen) and each watcher redraws what depends on
it: nothing redraws, and no timer runs, while the lab is idle.

A screen that hosts the panel derives from ``LabKeys`` (``lab/host.py``) and the lab
keys work wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from tui_tutor import ml
from tui_tutor.i18n import t

from ..safe_text import as_text
from .actions import ACTIONS
from .curves import Curves, Snapshot
from .plot import LabPlot
from .readout import ADVICE_KEYS, Legend, Notice, Readout
from .runner import RECORDS_PER_RUN, Runner
from .session import LabSession, ShownRun
from .sweeps import SweepCache
from .tabs import LabTabs
from .views import VIEWS, Frame, Raster, View, extras_for

__all__ = ["LabPanel"]

MIN_POINTS = 60  # a run records at least about this many points, however narrow the chart


class LabPanel(Widget):
    """The live lab: charts, a readout with the diagnosis, and the keys that change the run.

    ``config`` is the lesson step's preset and ``overrides`` the learner's saved changes
    to it. ``views`` (default all of ``VIEWS``) are the views offered, in tab order;
    ``controls`` (default all of ``ml.CONTROLS``) the settings the learner may change;
    ``view`` the first view shown; ``readout`` the metrics the step adds to the readout.
    ``test_mode`` trains synchronously to the end on every (re)start, for deterministic
    tests and snapshots.
    """

    DEFAULT_CSS = """
    LabPanel { width: 1fr; height: 1fr; layout: vertical; }
    LabPanel > #lab-tabs { height: 1; }
    LabPanel > #lab-plot { height: 1fr; min-height: 7; }
    LabPanel > #lab-boundary { height: 1fr; min-height: 0; display: none; }
    LabPanel > #lab-legend { height: auto; max-height: 2; color: $text-muted; }
    LabPanel > #lab-readout { height: auto; }
    LabPanel > #lab-notice { height: auto; color: $warning; display: none; }
    LabPanel > #lab-notice.shown { display: block; }
    """

    NOTICE_HOLD_S: ClassVar[float] = 8.0
    """A plain notice clears itself after this long, giving its line back to the chart."""

    status: reactive[str] = reactive("starting", init=False)
    """The run's state: starting, running, paused, done, diverged or error."""
    view: reactive[str] = reactive("curves", init=False)
    """The view shown now (one of ``views``)."""
    config: reactive[ml.LabConfig] = reactive(ml.LabConfig, init=False)
    """The current settings (the preset plus the learner's changes); set by the panel."""
    notice: reactive[str] = reactive("", init=False)
    """The short message under the readout ("" when none)."""
    shown: reactive[ShownRun] = reactive(lambda: ShownRun(0, ml.LabConfig()), init=False)
    """The run on screen and its latest snapshot."""

    @dataclass
    class RunFinished(Message):
        """A run ended (status "done", "stopped" or "diverged"); ``metrics`` is ``LabRun.metrics``.

        ``run_id`` is the panel's ``run_id`` of that run: a host compares it with the
        panel's current one to ignore a run that was replaced while this message was
        on its way (a step change or a committed prediction just after it ended).
        """

        config: ml.LabConfig
        metrics: dict[str, float]
        run_id: int | None = None

    @dataclass
    class ConfigChanged(Message):
        """The learner changed a setting (keys or form); ``overrides`` are what differs
        from the preset (what to save)."""

        config: ml.LabConfig
        overrides: dict[str, Any]

    def __init__(
        self,
        config: ml.LabConfig,
        *,
        overrides: Mapping[str, Any] | None = None,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        view: str | None = None,
        readout: Iterable[str] = (),
        lang: str = "en",
        test_mode: bool = False,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.lang = lang
        self.test_mode = test_mode
        self.session = LabSession(
            config, overrides=overrides, views=views, controls=controls, readout=readout
        )
        self.runner = Runner(self, self._show_snapshot, sync=test_mode, points=self._chart_points)
        self.sweeps = SweepCache(
            self, self._sweep_changed, ui_free=self.runner.ui_free, sync=test_mode
        )
        self._tabs = LabTabs(lang=lang, id="lab-tabs")
        self._plot = LabPlot(id="lab-plot")
        self._raster = Raster(lang=lang, id="lab-boundary", throttle=not test_mode)
        self._legend = Legend(id="lab-legend")
        self._readout = Readout(lang=lang, id="lab-readout")
        self._notice = Notice(id="lab-notice")
        self._sticky = False  # whether the notice stays until the next one
        self._mounted_once = False  # runs start once mounted ...
        self._started = False  # ... the first one right after the first paint
        self.set_reactive(LabPanel.config, self.session.config)
        self.set_reactive(LabPanel.view, self._first_view(view))
        self.set_reactive(LabPanel.shown, self.session.shown)

    # -- what hosts and tests read --------------------------------------------------------
    @property
    def metrics(self) -> dict[str, float] | None:
        """The latest ``LabRun.metrics`` of the current run, or None before the first."""
        return self.shown.metrics

    @property
    def running(self) -> bool:
        """True while the current run trains (also while paused)."""
        return self.status in ("running", "paused", "starting")

    @property
    def paused(self) -> bool:
        """True while the learner has paused the run (space)."""
        return self.status == "paused"

    @property
    def run_id(self) -> int:
        """The number of the current run; every (re)start takes a new one."""
        return self.session.run_id

    @property
    def curves(self) -> Curves:
        """The latest snapshot of the current run's curves."""
        return self.shown.curves

    @property
    def before(self) -> Curves | None:
        """The previous run's curves, drawn dimmed behind the current ones."""
        return self.session.before.curves if self.session.before is not None else None

    # -- what hosts and the actions do ----------------------------------------------------
    def load(
        self,
        config: ml.LabConfig,
        views: Iterable[str] | None = None,
        controls: Iterable[str] | None = None,
        view: str | None = None,
        *,
        overrides: Mapping[str, Any] | None = None,
        readout: Iterable[str] = (),
    ) -> None:
        """Show a new preset (a lesson step's lab, with the learner's saved ``overrides``
        and the metrics it adds to the readout) and start its run at once."""
        self.session.load(
            config, overrides=overrides, views=views, controls=controls, readout=readout
        )
        self.view = self._first_view(view)
        self.config = self.session.config
        self._readout.reset_height()
        self.restart(keep_before=False)
        if self.is_mounted:  # keys shown only where offered (dropout's keep_prob keys)
            self.screen.refresh_bindings()

    def run_with(self, overrides: Mapping[str, Any]) -> bool:
        """Apply ``overrides`` (LabConfig keys) to the current settings and run them.

        For predict-then-run quizzes: every key is allowed, the previous run stays as the
        overlay. A bad override shows a notice and returns False (the run is unchanged).
        """
        try:
            new = ml.LabConfig.from_mapping(overrides, base=self.config)
        except ml.ConfigError as exc:
            self.say(t("bad_change", self.lang, error=str(exc)), sticky=True)
            return False
        self.session.apply(new)
        self.config = new
        self.restart(keep_before=True)
        return True

    def do(self, name: str) -> None:
        """Run the lab action ``name`` (see ``actions.ACTIONS``); the host's ``action_lab``."""
        action = ACTIONS.get(name)
        if action is None:
            self.say(t("unknown_action", self.lang, name=name), sticky=True)
            return
        self.runner.hold_for_paint()  # this key's effect is painted before training goes on
        if action.setting is not None and not self.session.offered(action.setting):
            what = t(f"what.{action.setting}", self.lang)
            self.say(t("not_offered", self.lang, what=what))
            return
        action.run(self)

    def change(self, **values: Any) -> None:
        """The learner changes some settings (checked; a bad value is a notice)."""
        try:
            new = self.config.with_changes(**values)
        except ml.ConfigError as exc:
            self.say(t("bad_change", self.lang, error=str(exc)), sticky=True)
            return
        self.apply(new)

    def apply(self, new: ml.LabConfig) -> None:
        """Run the learner's new settings and tell the host what to save."""
        self.session.apply(new)
        self.config = new
        self.say("")
        self.restart(keep_before=True)
        self.post_message(self.ConfigChanged(new, self.session.overrides()))

    def restart(self, *, keep_before: bool) -> None:
        """Cancel the current run and start one from ``config`` at once."""
        finished = self.status in ("done", "stopped", "diverged")
        extras = extras_for(self.session.views)
        request = self.session.start_run(keep_before=keep_before, finished=finished, extras=extras)
        self._stop_stale_sweeps()
        self.runner.cancel()
        self.status = "starting"
        self.shown = self.session.shown
        if self._mounted_once:  # before that, on_mount starts it
            self._started = True
            self.runner.start(request)

    def redraw(self) -> None:
        """Draw the current view again (a choice of the view's own changed: its layer)."""
        self._paint_view()

    def say(self, text: str, *, sticky: bool = False) -> None:
        """Show ``text`` under the readout; a ``sticky`` one (an error, "paused") stays
        until the next notice, a plain one clears itself after ``NOTICE_HOLD_S``."""
        self._sticky = sticky
        self.notice = text

    # -- composition and life -------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield self._tabs
        yield self._plot
        yield self._raster
        yield self._legend
        yield self._readout
        yield self._notice

    def on_mount(self) -> None:
        self._mounted_once = True
        self._paint()
        # Start after the first paint, so a host that calls load() in its own on_mount
        # (a lesson step's preset) starts one run, not two.
        self.call_after_refresh(lambda: self._started or self.restart(keep_before=False))

    def on_unmount(self) -> None:
        self.stop()

    def stop(self) -> None:
        """Stop the run and the sweeps and ignore what they still send (the lab goes away)."""
        self.session.forget_run()
        self.runner.close()
        self.sweeps.stop_all()

    # -- watchers: each redraws what depends on its state ---------------------------------
    def watch_status(self) -> None:
        self._paint_state()

    def watch_shown(self) -> None:
        self._paint()

    def watch_view(self) -> None:
        self._paint()

    def watch_config(self) -> None:
        self._stop_stale_sweeps()  # the new run that follows redraws the view

    def _stop_stale_sweeps(self) -> None:
        """Stop the sweeps that no offered view needs for these settings and seeds."""
        kinds = {VIEWS[v].sweep for v in self.session.views} - {None}
        self.sweeps.keep_only(self.session.sweep_key(k) for k in kinds)

    def watch_notice(self, text: str) -> None:
        self._notice.show(as_text(text))  # may quote a lesson's CSV path or a bad value
        if text and not self._sticky and not self.test_mode:
            self.set_timer(self.NOTICE_HOLD_S, lambda: self.notice == text and self.say(""))

    # -- drawing --------------------------------------------------------------------------
    def _first_view(self, view: str | None) -> str:
        views = self.session.views
        return view if view in views else views[0]

    def _paint(self) -> None:
        self._paint_state()
        self._paint_view()

    def _paint_state(self) -> None:
        self._tabs.show(self.session.views, self.view, self.status, self.shown)
        fields = self.session.readout
        if self.session.listed and self.session.offered("keep_prob"):  # dropout
            fields = (*fields, "keep_prob")
        keys = frozenset(k for k in ADVICE_KEYS if self.session.offered(k))
        self._readout.show(self.shown, self.status, fields, keys=keys)

    def _paint_view(self) -> None:
        view = VIEWS[self.view]
        canvas = self._raster if view.canvas == "boundary" else self._plot
        self._plot.display = canvas is self._plot
        self._raster.display = canvas is self._raster
        frame = self._frame(view)
        view.draw(frame, canvas)
        self._legend.show(view.legend(frame))

    def _frame(self, view: View) -> Frame:
        """What ``view`` draws from now (its sweep asked for, when it shows one)."""
        s = self.session
        sweep = self.sweeps.for_view(view.sweep, s) if view.sweep is not None else {}
        return Frame(
            self.lang, self.app.no_color, self.shown, s.before, s.config, **sweep, layer=s.layer
        )

    def _chart_points(self) -> int:
        """How many x positions the chart can draw: two braille dots per column of the
        plot (of the panel while the plot is hidden or not laid out yet)."""
        width = self._plot.size.width or self.size.width
        return max(MIN_POINTS, 2 * width) if width else RECORDS_PER_RUN

    def _sweep_changed(self) -> None:
        if VIEWS[self.view].sweep is not None:
            self._paint_view()

    def _show_snapshot(self, snap: Snapshot) -> None:
        """A snapshot of a run arrived (from the runner, in the UI thread)."""
        if self.session.changes_nothing(snap):
            return  # the snapshot on screen again (a pause re-posts it): nothing to draw
        if not self.session.accept(snap):
            return  # a replaced run's late snapshot
        if snap.error is not None:
            self.status = "error"
            self.say(snap.error, sticky=True)
            return
        finished = snap.status in ("done", "stopped", "diverged")
        self.shown = self.session.shown
        if finished:
            self.status = snap.status
        elif self.status != "paused":
            self.status = "running"
        if finished and snap.metrics is not None:
            self.post_message(self.RunFinished(self.shown.config, dict(snap.metrics), snap.run_id))

    # -- messages from the workers --------------------------------------------------------
    @on(Runner.Progress)
    def _progress(self, msg: Runner.Progress) -> None:
        self.runner.receive(msg)

    @on(SweepCache.Done)
    def _sweep_done(self, msg: SweepCache.Done) -> None:
        self.sweeps.receive(msg)

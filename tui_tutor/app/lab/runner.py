"""The lab's training runs: one at a time, in a thread, throttled, pausable, cancellable.

``Runner.start`` cancels the current run and trains the new one in a ``Job`` (a daemon
thread that quitting never waits for; the loop checks ``is_cancelled`` at every record).
The worker posts a ``Runner.Progress`` with a downsampled ``Snapshot`` about ten times a
second and then waits (the GIL released) until the UI has painted it, so snapshots
never queue up behind a slow terminal. While the UI handles a key
(``hold_for_paint``) the worker and the sweeps wait too, so the key's effect is painted
first. In test mode (``sync``) a run trains to the end at once, deterministically.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget

from tui_tutor import ml

from . import trace
from .curves import CurveLog, Snapshot
from .jobs import Job
from .session import RunRequest

__all__ = ["Runner"]

THROTTLE_S = 0.1  # at most about ten snapshots a second
PAINT_WAIT_S = 0.25  # the worker waits at most this long for each paint
RECORDS_PER_RUN = 300  # records per run: every = epochs // 300 ...
MAX_EVERY = 50  # ... but at least one record per 50 epochs (a few ms), so a cancel is quick


def _records_every(epochs: int) -> int:
    return max(1, min(MAX_EVERY, epochs // RECORDS_PER_RUN))


class Runner:
    """Trains the lab's runs for ``host``, handing each snapshot to ``deliver`` (UI thread).

    The host routes ``Runner.Progress`` to ``receive`` (one ``@on`` handler).
    """

    @dataclass
    class Progress(Message, bubble=False):
        """A throttled snapshot from the worker; ``painted`` is set once it is on screen."""

        snapshot: Snapshot
        painted: threading.Event | None = None

    def __init__(
        self, host: Widget, deliver: Callable[[Snapshot], None], *, sync: bool = False
    ) -> None:
        self._host = host
        self._deliver = deliver
        self.sync = sync
        self.worker: Job | None = None
        self._resume = threading.Event()
        self._resume.set()
        # Cleared while the UI handles a key and paints its effect: workers wait then.
        self.ui_free = threading.Event()
        self.ui_free.set()
        self._traced = -1  # TUI_TUTOR_TRACE: the run whose first points were traced

    # -- control (UI thread) --------------------------------------------------------------
    def start(self, request: RunRequest) -> None:
        """Cancel the current run and train ``request`` (in a worker, or now when sync)."""
        self.cancel()
        self._resume = threading.Event()
        self._resume.set()
        trace.event("start", request.run_id)
        if self.sync:
            self._deliver(self._train_now(request))
        else:
            resume = self._resume
            self.worker = Job(lambda job: self._train(job, request, resume), name="lab-train")
            self.worker.start()

    def cancel(self) -> None:
        """Stop the current run (it stops at its next record)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None
        self._resume.set()  # wake a paused worker so it sees its cancellation

    def pause(self) -> None:
        """Hold the current run at its next record."""
        self._resume.clear()

    def resume(self) -> None:
        """Let a paused run go on."""
        self._resume.set()

    def hold_for_paint(self) -> None:
        """Let the UI thread run alone until what it does now is on screen."""
        if not self.sync:
            self.ui_free.clear()
            self._host.call_after_refresh(self.ui_free.set)

    def close(self) -> None:
        """The host goes away: release every wait and stop the run."""
        self.ui_free.set()
        self.cancel()

    def receive(self, msg: Progress) -> None:
        """Hand a worker's snapshot to ``deliver``; tell the worker once it is painted."""
        msg.stop()
        if msg.snapshot.final:
            self.worker = None
        self._deliver(msg.snapshot)
        if trace.ON:
            self._trace(msg.snapshot)
        if msg.painted is not None:
            self._host.call_after_refresh(msg.painted.set)

    def _trace(self, snap: Snapshot) -> None:
        run_id = snap.run_id
        names = []
        if run_id > self._traced:
            self._traced = run_id
            names.append("first")
        if snap.final:
            names.append("final")
        for name in names:
            trace.event(name, run_id)
            self._host.call_after_refresh(trace.event, f"{name}_paint", run_id)

    # -- training -------------------------------------------------------------------------
    @staticmethod
    def _make_run(request: RunRequest) -> ml.LabRun:
        """The run of ``request``; the per-layer extras are asked for only when a view
        needs them (no view does yet: ``LabConfig.run`` takes ``extras=`` from then on)."""
        cfg = request.config
        more = {"extras": request.extras} if request.extras else {}
        return cfg.run(
            _records_every(cfg.epochs),
            weight_seed=request.weight_seed,
            data_seed=request.data_seed,
            **more,
        )

    def _train_now(self, request: RunRequest) -> Snapshot:
        """Test mode: the whole run now, as its last snapshot."""
        try:
            run = self._make_run(request)
            log, rec = CurveLog(), None
            for rec in run.records:
                log.add(rec)
            assert rec is not None
            return Snapshot.of(request.run_id, run, log, rec)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            return Snapshot.failed(request.run_id, exc)

    def _train(self, worker: Job, request: RunRequest, resume: threading.Event) -> None:
        """The training loop in a thread: posts a snapshot at most every THROTTLE_S."""
        post, run_id = self._host.post_message, request.run_id
        painted = threading.Event()
        ui_free = self.ui_free
        try:
            run = self._make_run(request)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            post(self.Progress(Snapshot.failed(run_id, exc)))
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
                    post(self.Progress(Snapshot.of(run_id, run, log, rec), painted))
                    painted.wait(PAINT_WAIT_S)
                if final:
                    return  # the last record is out: a pause pressed now must not hold the thread
                if not ui_free.is_set():
                    ui_free.wait(PAINT_WAIT_S)
                if not resume.is_set():
                    post(self.Progress(Snapshot.of(run_id, run, log, rec)))
                    while not resume.wait(0.5):
                        if worker.is_cancelled:
                            return
                if worker.is_cancelled:
                    return
        except Exception as exc:  # never let a failed run leave the panel "running"
            post(self.Progress(Snapshot.failed(run_id, exc)))

"""The lab's training runs: one at a time, in a thread, throttled, pausable, cancellable.

``Runner.start`` cancels the current run and trains the new one in a ``Job`` (a daemon
thread that quitting never waits for; the loop checks ``is_cancelled`` at every record).
The worker offers a downsampled ``Snapshot`` about ten times a second (less often when
the host is busy: the gap between snapshots grows with the time the last frame took to
reach the screen, up to MAX_THROTTLE_S) and never waits for the screen: while a frame
is on its way to the screen, newer snapshots replace each other in the run's ``_Frames``
box, and once the frame is painted the UI takes the latest one (frames coalesce; a slow
painter gets fewer frames, training goes on at full speed).
The first snapshot of a run goes out at once, and the final one right after the frame
before it is painted. When the run's data are built already (a key that turns λ or the
layers), its first record is taken in the UI thread as the key is handled, so the key's
effect and the first points reach the screen in one frame, and the worker starts from the
second record. While the UI handles a key (``hold_for_paint``) the worker and the sweeps
wait (at most PAINT_WAIT_S), so the key's effect is painted first. A run records
no more points than the charts have columns to draw (``points``: two braille dots per
character column), since measuring a record costs training time. In test mode
(``sync``) a run trains to the end at once, deterministically.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget

from tui_tutor import ml

from . import trace
from .curves import CurveLog, Snapshot
from .jobs import Job
from .session import RunRequest

__all__ = ["Runner"]

THROTTLE_S = 0.1  # at most about ten snapshots a second ...
MAX_THROTTLE_S = 1.0  # ... and at least one a second while training, however busy the host
ADAPT = 2.0  # the gap between snapshots is at least ADAPT x the last frame's latency
PAINT_WAIT_S = 0.25  # the worker waits at most this long while the UI handles a key
RECORDS_PER_RUN = 300  # records per run: every = epochs // 300 (or fewer: ``points``) ...
MAX_EVERY = 50  # ... but at least one record per 50 epochs (a few ms), so a cancel is quick


@dataclass
class _Begun:
    """A run whose first record the UI thread took: the worker goes on from there."""

    run: ml.LabRun
    records: Iterator[ml.Record]
    log: CurveLog
    frames: _Frames


class _Frames:
    """One run's frames on their way to the screen: at most one in flight, the latest
    snapshot kept while it is (worker thread offers, UI thread takes)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.in_flight = False
        self.latest: Snapshot | None = None
        self.painted = threading.Event()  # set each time a frame is on screen
        self.posted_at = 0.0  # when the frame in flight was handed to the UI
        self.latency = 0.0  # how long the last frame took from its post to the screen

    def offer(self, snap: Snapshot) -> bool:
        """Keep ``snap``; True when the caller should post it (no frame in flight)."""
        with self.lock:
            if self.in_flight:
                self.latest = snap
                return False
            self.in_flight = True
            self.painted.clear()
            self.posted_at = time.monotonic()
            return True

    def drop(self) -> None:
        """Forget a kept snapshot (a newer one is posted directly)."""
        with self.lock:
            self.latest = None

    def gap(self) -> float:
        """The time to leave between two snapshots: THROTTLE_S on a quiet host, more
        when frames are slow to reach the screen (a busy host), at most MAX_THROTTLE_S."""
        return min(MAX_THROTTLE_S, max(THROTTLE_S, ADAPT * self.latency))

    def take(self) -> Snapshot | None:
        """After a paint: the snapshot to paint next, or None (nothing in flight then)."""
        with self.lock:
            now = time.monotonic()
            self.latency, self.posted_at = now - self.posted_at, now
            snap, self.latest = self.latest, None
            if snap is None:
                self.in_flight = False
                self.painted.set()
            return snap


def records_every(epochs: int, points: int = RECORDS_PER_RUN) -> int:
    """The record interval of a live run of ``epochs``: about ``points`` records (at most
    RECORDS_PER_RUN), one per MAX_EVERY epochs at least."""
    points = max(1, min(RECORDS_PER_RUN, points))
    return max(1, min(MAX_EVERY, epochs // points))


class Runner:
    """Trains the lab's runs for ``host``, handing each snapshot to ``deliver`` (UI thread).

    The host routes ``Runner.Progress`` to ``receive`` (one ``@on`` handler).
    ``points()``, if given, is how many x positions the charts can draw now; a run
    started then records about that many points (RECORDS_PER_RUN at most).
    """

    @dataclass
    class Progress(Message, bubble=False):
        """A throttled snapshot from the worker; ``painted`` is set once it is on screen."""

        snapshot: Snapshot
        painted: threading.Event | None = None
        frames: _Frames | None = None

    def __init__(
        self,
        host: Widget,
        deliver: Callable[[Snapshot], None],
        *,
        sync: bool = False,
        points: Callable[[], int] | None = None,
    ) -> None:
        self._host = host
        self._points = points
        self._deliver = deliver
        self.sync = sync
        self.worker: Job | None = None
        self._resume = threading.Event()
        self._resume.set()
        # Cleared while the UI handles a key and paints its effect: workers wait then.
        self.ui_free = threading.Event()
        self.ui_free.set()
        self._current = -1  # the run started last
        self._traced = -1  # TUI_TUTOR_TRACE: the run whose first points were traced

    # -- control (UI thread) --------------------------------------------------------------
    def start(self, request: RunRequest) -> None:
        """Cancel the current run and train ``request`` (in a worker, or now when sync)."""
        self.cancel()
        self._resume = threading.Event()
        self._resume.set()
        self._current = request.run_id
        trace.event("start", request.run_id)
        # Test mode records RECORDS_PER_RUN: its pictures do not depend on the layout.
        live = self._points is not None and not self.sync
        points = self._points() if live else RECORDS_PER_RUN
        if self.sync:
            self._deliver(self._train_now(request, points))
            return
        begun = None
        if request.config.data_built():  # cheap: the first points go with the key's paint
            begun = self._begin(request, points)
            if begun is None:  # failed, or over at its first record: delivered already
                return
        resume = self._resume
        self.worker = Job(
            lambda job: self._train(job, request, resume, points, begun), name="lab-train"
        )
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
        """Hand a worker's snapshot to ``deliver``; once it is painted, the latest one
        the worker kept meanwhile (if any)."""
        msg.stop()
        self._show(msg.snapshot, msg.frames)

    def _show(self, snap: Snapshot, frames: _Frames | None) -> None:
        if snap.final and snap.run_id >= self._current:
            self.worker = None
        self._deliver(snap)
        if trace.ON:
            self._trace(snap)
        if frames is not None:
            self._when_painted(lambda: self._painted(frames))

    def _painted(self, frames: _Frames) -> None:
        snap = frames.take()
        if snap is not None:
            self._show(snap, frames)

    def _when_painted(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once what is delivered now is on screen (tests replace it)."""
        self._host.call_after_refresh(callback)

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
    def _make_run(request: RunRequest, points: int = RECORDS_PER_RUN) -> ml.LabRun:
        """The run of ``request``, recording about ``points`` times (``records_every``).
        Its records carry no extras: the views read only the latest values, so each
        snapshot computes the ones they ask for (``Snapshot.of``), at most ten a second
        instead of at every record (which doubled a big net's run). The exceptions are
        ``ml.RUN_REQUESTS`` (``"gradcheck"``: the gradient check's metrics, which keep the
        initial weights; ``"surface"``: the cost surface's), the run's own requests, which
        go to ``LabConfig.run``."""
        cfg = request.config
        return cfg.run(
            records_every(cfg.epochs, points),
            weight_seed=request.weight_seed,
            data_seed=request.data_seed,
            extras=tuple(x for x in request.extras if x in ml.RUN_REQUESTS),
        )

    def _begin(self, request: RunRequest, points: int) -> _Begun | None:
        """Take the run's first record here (UI thread) and show it; None when there is
        nothing left for a worker (the run failed or ended at once)."""
        run_id, frames = request.run_id, _Frames()
        try:
            run = self._make_run(request, points)
            records, log = iter(run.records), CurveLog()
            rec = next(records)
            log.add(rec)
            snap = Snapshot.of(run_id, run, log, rec, request.extras)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            self._show(Snapshot.failed(run_id, exc), None)
            return None
        frames.offer(snap)
        self._show(snap, frames)
        return None if snap.final else _Begun(run, records, log, frames)

    def _train_now(self, request: RunRequest, points: int) -> Snapshot:
        """Test mode: the whole run now, as its last snapshot."""
        try:
            run = self._make_run(request, points)
            log, rec = CurveLog(), None
            for rec in run.records:
                log.add(rec)
            assert rec is not None
            return Snapshot.of(request.run_id, run, log, rec, request.extras)
        except Exception as exc:  # a bad CSV and the like: say so, never crash
            return Snapshot.failed(request.run_id, exc)

    def _train(
        self,
        worker: Job,
        request: RunRequest,
        resume: threading.Event,
        points: int,
        begun: _Begun | None = None,
    ) -> None:
        """The training loop in a thread: posts a snapshot at most every ``frames.gap()``;
        from the second record when the UI thread ``begun`` the run."""
        post, run_id, extras = self._host.post_message, request.run_id, request.extras
        ui_free = self.ui_free
        if begun is not None:
            run, records, log, frames = begun.run, begun.records, begun.log, begun.frames
            last_post = time.monotonic()
            if not ui_free.is_set():  # the first points are being painted with the key
                ui_free.wait(PAINT_WAIT_S)
        else:
            frames = _Frames()
            try:
                run = self._make_run(request, points)
            except Exception as exc:  # a bad CSV and the like: say so, never crash
                post(self.Progress(Snapshot.failed(run_id, exc)))
                return
            records, log, last_post = iter(run.records), CurveLog(), -math.inf
        try:
            for rec in records:
                if worker.is_cancelled:
                    return
                log.add(rec)
                final = rec.status != "running"
                now = time.monotonic()
                if final or now - last_post >= frames.gap():
                    snap = Snapshot.of(run_id, run, log, rec, extras)
                    last_post = time.monotonic()  # after the build: posts stay THROTTLE_S apart
                    if frames.offer(snap):
                        post(self.Progress(snap, frames.painted, frames))
                if final:
                    return  # the last record is out: a pause pressed now must not hold the thread
                if not ui_free.is_set():
                    ui_free.wait(PAINT_WAIT_S)
                if not resume.is_set():
                    frames.drop()  # the paused snapshot below is newer
                    post(self.Progress(Snapshot.of(run_id, run, log, rec, extras)))
                    while not resume.wait(0.5):
                        if worker.is_cancelled:
                            return
                if worker.is_cancelled:
                    return
        except Exception as exc:  # never let a failed run leave the panel "running"
            post(self.Progress(Snapshot.failed(run_id, exc)))

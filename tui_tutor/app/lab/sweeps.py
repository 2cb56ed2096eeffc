"""The lab's validation and learning curves: computed in workers, cached, stopped when stale.

A sweep trains one model per λ (validation) or per training-set size (learning), a few
seconds of work, so it runs in a ``Job`` (a daemon thread quitting never waits for) and
is kept by its key (the session's ``sweep_key``: every setting and seed it depends on).
A sweep whose key no longer fits the settings is stopped at once (``should_stop``,
checked every 25 epochs), so at most the two current ones run. While one computes, a
half-second timer lets the chart say "computing… 40%"; a failure is kept and said in the
chart. Test mode computes at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget

from tui_tutor import ml

from .jobs import Job
from .runner import PAINT_WAIT_S
from .session import LabSession

__all__ = ["SweepCache"]

KEEP = 32  # sweeps kept, oldest dropped first
TICK_S = 0.5  # how often "computing… N%" moves on


class SweepCache:
    """Sweeps by key for ``host``; ``on_change`` is called when one finished or progressed.

    The host routes ``SweepCache.Done`` to ``receive`` (one ``@on`` handler).
    """

    @dataclass
    class Done(Message, bubble=False):
        """A sweep finished (or failed, or was stopped) in ``worker``."""

        key: str
        result: ml.SweepResult | None
        error: str | None
        worker: Job | None = None
        cancelled: bool = False

    def __init__(
        self,
        host: Widget,
        on_change: Callable[[], None],
        *,
        ui_free: threading.Event,
        sync: bool = False,
    ) -> None:
        self._host = host
        self._on_change = on_change
        self._ui_free = ui_free
        self.sync = sync
        self._results: dict[str, ml.SweepResult] = {}
        self._errors: dict[str, str] = {}
        self._workers: dict[str, Job] = {}  # sweeps computing, by key
        self._epochs: dict[str, int] = {}  # epochs done, written by the sweep threads
        self._timer: Timer | None = None

    # -- reading --------------------------------------------------------------------------
    def result(self, key: str) -> ml.SweepResult | None:
        """The finished sweep ``key``, or None."""
        return self._results.get(key)

    def error(self, key: str) -> str | None:
        """Why sweep ``key`` failed, or None."""
        return self._errors.get(key)

    def epochs_done(self, key: str) -> int | None:
        """Epochs sweep ``key`` has trained so far (None unless it is computing)."""
        return self._epochs.get(key)

    @property
    def busy(self) -> bool:
        """Whether a sweep is computing."""
        return bool(self._workers)

    @property
    def computing(self) -> tuple[str, ...]:
        """The keys of the sweeps computing now."""
        return tuple(self._workers)

    def worker(self, key: str) -> Job | None:
        """The worker computing sweep ``key``, if any."""
        return self._workers.get(key)

    def __len__(self) -> int:
        return len(self._results)

    def __contains__(self, key: str) -> bool:
        return key in self._results

    # -- computing ------------------------------------------------------------------------
    def need(
        self, key: str, kind: str, config: ml.LabConfig, *, weight_seed: int, data_seed: int
    ) -> None:
        """Start sweep ``key`` unless it is cached, failed or computing (sync: compute now)."""
        if key in self._results or key in self._errors or key in self._workers:
            return
        seeds = {"weight_seed": weight_seed, "data_seed": data_seed}
        if self.sync:
            try:
                self._keep(key, config.sweep(kind, **seeds), None)
            except Exception as exc:  # a bad CSV and the like: the chart says so, never a crash
                self._keep(key, None, str(exc))
            return
        self._workers[key] = self._start(key, kind, config, seeds)
        if self._timer is None:
            # Only while a sweep computes: "computing… 40%" shows it is alive.
            self._timer = self._host.set_interval(TICK_S, self._tick)

    def for_view(self, kind: str, session: LabSession) -> dict[str, Any]:
        """The ``Frame`` fields of a view showing sweep ``kind`` of ``session`` (asked for)."""
        key = session.sweep_key(kind)
        seeds = {"weight_seed": session.weight_seed, "data_seed": session.data_seed}
        self.need(key, kind, session.config, **seeds)
        return {
            "sweep_key": key,
            "sweep": self.result(key),
            "sweep_error": self.error(key),
            "sweep_epochs": self.epochs_done(key),
        }

    def keep_only(self, keys: Iterable[str]) -> None:
        """Stop the sweeps computing for other keys (stale); free their slots now."""
        keep = set(keys)
        for key, worker in list(self._workers.items()):
            if key not in keep:
                worker.cancel()  # the engine stops within 25 epochs (``should_stop``)
                del self._workers[key]
                self._epochs.pop(key, None)

    def stop_all(self) -> None:
        """Stop every sweep (the lab goes away)."""
        self.keep_only(())

    def receive(self, msg: Done) -> None:
        """A worker's sweep is in (UI thread): keep it and tell ``on_change``."""
        msg.stop()
        if msg.cancelled:
            return  # a stale sweep, already forgotten
        if self._workers.get(msg.key) is msg.worker:
            self._workers.pop(msg.key, None)
            self._epochs.pop(msg.key, None)
        self._keep(msg.key, msg.result, msg.error)
        self._on_change()

    def _keep(self, key: str, result: ml.SweepResult | None, error: str | None) -> None:
        if result is not None:
            self._results[key] = result
        else:
            self._errors[key] = error or "?"
        if len(self._results) > KEEP:
            self._results.pop(next(iter(self._results)))

    def _tick(self) -> None:
        if not self._workers and self._timer is not None:
            self._timer.stop()
            self._timer = None
        else:
            self._on_change()

    def _start(self, key: str, kind: str, config: ml.LabConfig, seeds: dict) -> Job:
        ui_free, progress, post = self._ui_free, self._epochs, self._host.post_message

        def compute(worker: Job) -> None:
            def should_stop(done: int) -> bool:
                progress[key] = done
                if not ui_free.is_set():  # a key is being handled: let the UI paint first
                    ui_free.wait(PAINT_WAIT_S)
                return worker.is_cancelled

            result: ml.SweepResult | None = None
            error: str | None = None
            try:
                result = config.sweep(kind, should_stop=should_stop, **seeds)
            except ml.SweepCancelled:
                progress.pop(key, None)
            except Exception as exc:  # never crash the app over a sweep
                error = str(exc)
            cancelled = result is None and error is None
            post(self.Done(key, result, error, worker, cancelled))

        return Job(compute, name="lab-sweep").start()

"""The lab's background work: daemon threads that quitting never waits for.

Textual's thread workers run in asyncio's default executor, which the event loop joins
when the app exits: a training epoch or a sweep on a big network kept ``q`` waiting for
minutes (issue 10). A ``Job`` is a daemon thread instead: cancelled, it stops at its
next check; abandoned at exit, it dies with the process (it never writes a file, the UI
thread saves the progress). It runs at a lower CPU priority than the UI thread (Linux
``nice``), so on a loaded machine the keys are handled before the training goes on, and
NumPy's BLAS computes in that thread alone (``one_blas_thread``): its own pool of
threads would run at the UI's priority and take the cores the keys need (the lab's
networks are small; on a shared server many learners train at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import threading
from collections.abc import Callable
from functools import cache

__all__ = ["NICE", "Job", "one_blas_thread"]

NICE = 10  # how much less CPU priority the lab's threads get than the UI thread


class Job:
    """``work(job)`` in a daemon thread; ``work`` checks ``job.is_cancelled`` as it goes.

    An exception in ``work`` is kept in ``error`` (never printed over the screen).
    """

    def __init__(self, work: Callable[[Job], None], *, name: str = "lab-job") -> None:
        self._work = work
        self._cancelled = threading.Event()
        self._done = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiters: list[asyncio.Future[None]] = []
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def is_cancelled(self) -> bool:
        """Whether ``cancel`` was called (the work stops at its next check)."""
        return self._cancelled.is_set()

    @property
    def is_finished(self) -> bool:
        """Whether the work has returned (or raised)."""
        return self._done.is_set()

    def start(self) -> Job:
        """Start the thread (from the UI thread: ``wait`` wakes its event loop)."""
        one_blas_thread()
        with contextlib.suppress(RuntimeError):
            self._loop = asyncio.get_running_loop()
        self.thread.start()
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check."""
        self._cancelled.set()

    async def wait(self) -> None:
        """Until the work has returned (tests and benchmarks)."""
        if self._done.is_set():
            return
        future = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        if self._done.is_set():  # finished while the future was made
            self._wake()
        await future

    def _wake(self) -> None:
        for future in self._waiters:
            if not future.done():
                future.set_result(None)
        self._waiters.clear()

    def _run(self) -> None:
        _lower_priority()
        try:
            self._work(self)
        except BaseException as exc:  # noqa: BLE001 - kept, never printed over the screen
            self.error = exc
        finally:
            self._done.set()
            loop = self._loop
            if loop is not None:
                with contextlib.suppress(RuntimeError):  # the loop is gone: nobody waits
                    loop.call_soon_threadsafe(self._wake)


def _lower_priority() -> None:
    """Give this thread a lower CPU priority (Linux: nice applies per thread)."""
    if not hasattr(os, "setpriority") or not hasattr(threading, "get_native_id"):
        return
    with contextlib.suppress(OSError):
        tid = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, tid, os.getpriority(os.PRIO_PROCESS, tid) + NICE)


# OpenBLAS's "set the number of threads" under the names its builds export (NumPy's
# wheels bundle scipy-openblas, whose names carry a prefix and a suffix).
_BLAS_SETTERS = (
    "scipy_openblas_set_num_threads64_",
    "scipy_openblas_set_num_threads",
    "openblas_set_num_threads64_",
    "openblas_set_num_threads",
)


@cache
def one_blas_thread() -> bool:
    """Make the OpenBLAS loaded by NumPy compute in the calling thread only (once per
    process); False where it cannot be found (another BLAS, not Linux): nothing changes."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            paths = {line.split()[-1] for line in maps if "openblas" in line.lower()}
    except OSError:
        return False
    for path in sorted(p for p in paths if ".so" in p):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        for name in _BLAS_SETTERS:
            setter = getattr(lib, name, None)
            if setter is not None:
                setter(1)
                return True
    return False

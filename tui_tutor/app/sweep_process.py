"""Run a long validation or learning curve in a child process, so it can be stopped.

``ml.validation_curve`` and ``ml.learning_curve`` are single calls with no way to stop
them midway, and in a thread they hold the interpreter lock for many short stretches,
which makes the UI thread wait. A child process runs on another core, leaves the UI
thread alone, and is killed at once when the learner moves on (a stale sweep).

The child is ``python -m tui_tutor.app.sweep_process``: the call comes in on stdin and
the result goes out on stdout, both pickled; stderr is discarded so nothing ever writes
to the learner's terminal. This module imports only the engine, so the child starts
quickly.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui_tutor import ml

__all__ = ["SWEEP_FUNCTIONS", "SweepFailed", "can_run_in_process", "run_in_process", "sweep_work"]

SWEEP_FUNCTIONS = ("validation_curve", "learning_curve")
POLL_S = 0.05  # how often the waiting thread looks at its cancellation


class SweepFailed(RuntimeError):
    """The child process reported an error or ended without a result."""


def sweep_work(layer_dims: list[int] | tuple[int, ...], m: int, epochs: int, k: int) -> float:
    """A rough cost of a sweep: K models × epochs × examples × weights per example."""
    weights = sum(a * b for a, b in zip(layer_dims[:-1], layer_dims[1:], strict=False))
    return float(k) * epochs * m * max(weights, 1)


def can_run_in_process() -> bool:
    """True when this interpreter can start a copy of itself (not in an embedded one)."""
    return bool(sys.executable)


def _child_env() -> dict[str, str]:
    # The child must import this same package, wherever the parent found it.
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def run_in_process(
    name: str, args: tuple, kwargs: dict[str, Any], cancelled: Callable[[], bool]
) -> ml.SweepResult | None:
    """``ml.<name>(*args, **kwargs)`` in a child process; None if ``cancelled()`` turned true.

    ``name`` is one of ``SWEEP_FUNCTIONS``. The child is killed as soon as ``cancelled``
    returns true (checked every ``POLL_S``) and whenever this function leaves early.
    Raises ``SweepFailed`` with the child's message when the sweep itself failed.
    """
    if name not in SWEEP_FUNCTIONS:
        raise ValueError(f"unknown sweep {name!r}; accepted: {', '.join(SWEEP_FUNCTIONS)}")
    payload: bytes | None = pickle.dumps((name, args, kwargs), pickle.HIGHEST_PROTOCOL)
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_tutor.app.sweep_process"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_child_env(),
    )
    try:
        while True:
            if cancelled():
                return None
            try:
                out, _ = proc.communicate(payload, timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                payload = None  # sent with the first call; later calls only wait
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    try:
        ok, result = pickle.loads(out)
    except Exception:
        raise SweepFailed(f"the sweep stopped (exit code {proc.returncode})") from None
    if not ok:
        raise SweepFailed(result)
    return result


def _main() -> int:
    name, args, kwargs = pickle.loads(sys.stdin.buffer.read())
    try:
        if name not in SWEEP_FUNCTIONS:
            raise ValueError(f"unknown sweep {name!r}")
        reply = (True, getattr(ml, name)(*args, **kwargs))
    except Exception as exc:  # reported to the parent, shown in the view
        reply = (False, str(exc))
    sys.stdout.buffer.write(pickle.dumps(reply, pickle.HIGHEST_PROTOCOL))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(_main())

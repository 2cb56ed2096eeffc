"""Timing events for the lab-host benchmark, off unless ``TUI_TUTOR_TRACE`` names a file.

With ``TUI_TUTOR_TRACE=path`` each ``event(name, run_id)`` appends one line
``<time.time()> <name> <run_id>`` to ``path`` (line-buffered, so a benchmark reading it
after the process ends finds every line). Off, ``event`` is a function that does
nothing and ``ON`` is False: callers that would build anything first check ``ON``.
"""

from __future__ import annotations

import os
import time

__all__ = ["ON", "event"]

_PATH = os.environ.get("TUI_TUTOR_TRACE") or None
ON = _PATH is not None


def _off(name: str, run_id: int = 0) -> None:
    return None


if ON:
    _file = open(_PATH, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives with the process

    def event(name: str, run_id: int = 0) -> None:
        """Append ``<time> <name> <run_id>`` to the trace file."""
        _file.write(f"{time.time():.6f} {name} {run_id}\n")

else:
    event = _off

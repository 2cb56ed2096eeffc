"""The command line: ``tui-tutor`` starts the app; subcommands run the lab headless.

``main`` parses, dispatches and holds the one error policy: bad input never shows a
traceback but one line ``tui-tutor: error: <what is wrong>; <what is accepted>`` on
stderr and exit status 2; Ctrl-C exits with 130; a closed pipe (``| head``) exits
quietly with 141. ``build_parser`` is the top-level parser (the app's options) with one
subparser per command module:

  command.py                         the parser, the dispatch and the error policy
  train.py, gradcheck.py, sweep.py   the lab headless (options generated from
                                     ``ml.SETTINGS`` in options.py)
  lessons.py, report.py              lesson packs and learners' progress files
  app.py                             the app's start checks (Textual imported last)
  output.py                          tables, JSON, plots, the status line, sentences
  errors.py                          exit statuses, UsageError, Interrupted

Each command module has ``add_parser(sub)`` (which sets ``run`` as the handler) and
``run(args) -> int``.

This package's own module is light on purpose: ``main`` imports the commands (and NumPy)
inside its guard, so Ctrl-C while Python is still importing, in the first tenth of a
second, ends with ``tui-tutor: interrupted`` (exit 130) instead of a traceback. The parser
and the dispatch live in ``command.py``.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMANDS", "build_parser", "main"]

_EXIT_INTERRUPTED = 130  # errors.EXIT_INTERRUPTED, without importing anything yet

# BLAS on one thread for the whole process, set before NumPy loads (the variables are
# read once, when the library loads). Measured on the two-core lab host with the other
# core busy (benchmarks/bench_blas.py, three runs): a (64, 65) x (65, 300) product took
# 6.6-19x longer on two threads than on one, a [64, 64] net on 1200 examples trained
# 6.8-27x slower; a lesson's [20, 20] net on 75 examples was 0.5-1.3x (noise: one
# process alone may borrow the idle core, thirty learners cannot). A second thread never
# pays on a lab host. A value the user set is kept. (The lab's ``Job`` threads also set
# it at run time, for hosts that embed the panel without this entry point:
# ``app.lab.jobs.one_blas_thread``.)
BLAS_THREADS_ENV = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread_env() -> None:
    """Ask the BLAS NumPy will load for one thread, unless the user chose a number."""
    for name in BLAS_THREADS_ENV:
        os.environ.setdefault(name, "1")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``tui-tutor`` and ``python -m tui_tutor``; returns the exit status."""
    one_blas_thread_env()
    try:
        from .command import main as run
    except KeyboardInterrupt:
        if sys.stderr is not None:
            print("tui-tutor: interrupted", file=sys.stderr)
        return _EXIT_INTERRUPTED
    return run(argv)


def __getattr__(name: str) -> Any:
    """``build_parser``, ``COMMANDS`` and the command modules, imported when first used."""
    if name in ("build_parser", "COMMANDS"):
        return getattr(importlib.import_module(".command", __name__), name)
    try:
        return importlib.import_module(f".{name}", __name__)
    except ModuleNotFoundError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

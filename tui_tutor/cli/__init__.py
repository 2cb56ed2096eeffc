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
import sys
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMANDS", "build_parser", "main"]

_EXIT_INTERRUPTED = 130  # errors.EXIT_INTERRUPTED, without importing anything yet


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``tui-tutor`` and ``python -m tui_tutor``; returns the exit status."""
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

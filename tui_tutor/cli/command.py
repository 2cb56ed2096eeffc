"""The command line's parser, dispatch and error policy (``tui_tutor.cli`` imports it).

``main`` parses, dispatches and holds the one error policy: bad input never shows a
traceback but one line ``tui-tutor: error: <what is wrong>; <what is accepted>`` on
stderr and exit status 2; Ctrl-C exits with 130; a closed pipe (``| head``) exits
quietly with 141; a closed or missing stdout/stderr (``>&-``) is written to nowhere
instead of failing. ``build_parser`` is the top-level parser (the app's options) with one
subparser per command module.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui_tutor import __version__, ml
from tui_tutor.i18n import LANGS
from tui_tutor.safe import clean_line

from . import app, classes, gradcheck, lessons, report, serve, sweep, train
from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    PROG,
    Interrupted,
    UsageError,
    says_accepted,
)
from .options import config_problem

__all__ = ["COMMANDS", "build_parser", "main"]

_MODULES = (train, gradcheck, sweep, lessons, report, classes, serve)
COMMANDS = tuple(m.NAME for m in _MODULES)


class _Parser(argparse.ArgumentParser):
    """argparse whose errors become one clear ``UsageError`` line instead of usage + exit."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_argparse_message(message))


def _argparse_message(message: str) -> str:
    """Reword argparse's messages to say what is wrong and what is accepted."""
    message = message.replace("argument command: ", "")
    m = re.match(r"(.*?)invalid choice: '(.*?)' \(choose from (.*)\)$", message)
    if m:
        what = m.group(1).rstrip(": ").replace("argument ", "")
        choices = ", ".join(c.strip().strip("'") for c in m.group(3).split(","))
        if what in ("", "COMMAND"):
            return f"unknown command {m.group(2)!r}; choose from {choices}"
        return f"{what}: {m.group(2)!r} is not accepted; choose from {choices}"
    m = re.match(r"unrecognized arguments: (.*)$", message)
    if m:
        return f"unknown option or extra argument {m.group(1)}"
    m = re.match(r"argument (\S+): not allowed with argument (\S+)$", message)
    if m:
        return f"{m.group(1)}: not allowed with {m.group(2)}; give one or the other"
    return message.removeprefix("argument ")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: app options on the top level, one subparser a command."""
    p = _Parser(
        prog=PROG,
        usage=f"%(prog)s [--lang {'|'.join(LANGS)}] [--lesson ID] [--lessons DIR] "
        "[--progress PATH]\n                 [--name NAME] [--class DIR]\n"
        f"       %(prog)s COMMAND [options]\n         ({', '.join(COMMANDS)})",
        description="A terminal tutor for the practical side of deep learning. "
        "Without a command, starts the app.",
        epilog=f"Run '{PROG} COMMAND --help' for a command's options.",
    )
    p.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    p.add_argument("--lang", choices=LANGS, help="language (default: from the locale)")
    p.add_argument("--lesson", metavar="ID", help="open this lesson")
    p.add_argument("--lessons", metavar="DIR", help="use the lesson pack in DIR")
    p.add_argument("--progress", metavar="PATH", help="progress file (default: user data dir)")
    p.add_argument(
        "--name",
        metavar="NAME",
        help="your name, kept in the progress file for your instructor's report "
        f"(1 to {app.NAME_CHARS} characters; given once, it stays)",
    )
    p.add_argument(
        "--class",
        dest="class_dir",
        metavar="DIR",
        help="join the class in DIR (a class folder): --name is your class name (default: "
        "your login name), progress goes to DIR/progress/NAME.json unless --progress says "
        "otherwise, and the instructor's live view sees where you are",
    )
    p.add_argument("--test-mode", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(run=app.run)
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in _MODULES:
        module.add_parser(sub)
    return p


def _flag(key: str) -> str:
    return "--" + key.replace("_", "-")


def _given(value: object) -> bool:
    return value is not None and value is not False


def _run(argv: Sequence[str]) -> int:
    args = build_parser().parse_args(argv)
    if args.command is not None:
        # Top-level options belong to the app (and --lang/--lessons also to `lessons`).
        shared = ("lang", "lessons") if args.command == lessons.NAME else ()
        # Not None: an empty value (--lessons '') was given too.
        given = [f for f in app.OPTIONS if f not in shared and _given(getattr(args, f, None))]
        if given:
            flags = ", ".join(_flag(f) for f in given)
            verb = "applies" if len(given) == 1 else "apply"
            raise UsageError(
                f"{flags} {verb} to the app, not to '{args.command}'; "
                f"see '{PROG} {args.command} --help' for its options"
            )
    try:
        status = args.run(args)
    except ml.ConfigError as exc:
        raise UsageError(config_problem(exc)) from None
    except ml.DataError as exc:
        raise UsageError(str(exc)) from None
    except BrokenPipeError:
        raise
    except OSError as exc:
        where = exc.filename if exc.filename is not None else "input/output"
        raise UsageError(f"{where}: {exc.strerror or exc}") from None
    if sys.stdout is not None:
        sys.stdout.flush()  # a closed pipe shows up here, inside the handlers below
    return status


def _usable_streams() -> None:
    """Point a missing or closed stdout/stderr (``tui-tutor train >&-``) at devnull, so
    that writing to it is a no-op instead of an AttributeError or ValueError."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        try:
            usable = stream is not None and not stream.closed
        except (AttributeError, ValueError):
            usable = False
        if not usable:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``tui-tutor`` and ``python -m tui_tutor``; returns the exit status."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        _usable_streams()
        return _run(argv)
    except UsageError as exc:
        message = str(exc)
        if not says_accepted(message):
            cmd = next((a for a in argv if a in COMMANDS), None)
            message += f"; see '{PROG}{' ' + cmd if cmd else ''} --help' for what is accepted"
        print(f"{PROG}: error: {clean_line(message)}", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except (KeyboardInterrupt, Interrupted) as exc:
        detail = str(exc) if isinstance(exc, Interrupted) else "interrupted"
        print(f"{PROG}: {detail}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`tui-tutor train | head`): stop quietly. Point stdout at
        # devnull so the interpreter's final flush does not complain again.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass
        return EXIT_BROKEN_PIPE

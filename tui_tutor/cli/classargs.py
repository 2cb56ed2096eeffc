"""What ``class`` and ``serve`` share: subcommands over a class folder DIR, and the folder
and a learner's name read from the arguments, each bad one a ``UsageError`` (one line,
exit 2). ``tui_tutor.classroom`` is imported only when a command runs."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from .errors import PROG, UsageError

if TYPE_CHECKING:
    from tui_tutor.classroom.folder import ClassFolder

Run = Callable[[argparse.Namespace], int]


def dir_command(
    subs: argparse._SubParsersAction, command: str, name: str, *, help: str, description: str,
    run: Run,
) -> argparse.ArgumentParser:  # fmt: skip
    """``tui-tutor COMMAND NAME DIR ...``: the subparser, its DIR argument and handler."""
    q = subs.add_parser(name, prog=f"{PROG} {command} {name}", help=help, description=description)
    q.add_argument("dir", metavar="DIR")
    q.set_defaults(run=run)
    return q


def needs_subcommand(command: str, choices: str) -> Run:
    """The handler of ``COMMAND`` given without one of its subcommands ``choices``."""

    def run(args: argparse.Namespace) -> int:
        raise UsageError(
            f"'{command}' needs a subcommand; choose from {choices} (see '{PROG} {command} --help')"
        )

    return run


@contextlib.contextmanager
def class_errors() -> Iterator[None]:
    """A ``ClassError`` (a bad folder, roster or name) becomes the command's usage error."""
    from tui_tutor.classroom.folder import ClassError

    try:
        yield
    except ClassError as exc:
        raise UsageError(str(exc)) from None


def open_folder(text: str) -> ClassFolder:
    """The class folder at ``text``."""
    from tui_tutor.classroom.folder import open_class

    with class_errors():
        return open_class(text)


def learner_name(text: str) -> str:
    """``text`` as a learner's name (letters, digits, - and _)."""
    from tui_tutor.classroom.folder import check_name

    try:
        return check_name(text)
    except ValueError as exc:
        raise UsageError(f"NAME: {exc}") from None

"""``tui-tutor class``: make a class folder and keep its roster.

``class init DIR`` makes the folder (roster, SSH host key, ``progress/``); ``class add DIR
NAME`` adds a learner and prints a new password as the last line (only its hash is kept;
``--key FILE`` adds an OpenSSH public key instead); ``class remove`` and ``class list``.
The instructor's ``class watch`` and ``class status`` come from ``cli/classlive.py``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tui_tutor.safe import clean_line

from .errors import EXIT_OK, PROG, UsageError

NAME = "class"
MAX_KEY_FILE = 64 * 1024


def add_parser(sub: argparse._SubParsersAction) -> None:
    """The ``class`` command and its subcommands."""
    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="a class folder: roster, SSH host key, learners' progress",
        description="Make and keep a class folder for 'tui-tutor serve ssh' and 'serve web': "
        "a roster of learners (only password hashes and public keys are stored), the "
        "server's SSH host key, and one progress file per learner in DIR/progress.",
    )
    p.set_defaults(run=_no_subcommand, class_parser=p)
    cs = p.add_subparsers(dest="class_command", metavar="SUBCOMMAND", parser_class=type(p))

    q = cs.add_parser(
        "init",
        prog=f"{PROG} {NAME} init",
        help="make a class folder",
        description="Make DIR (new or empty): an empty roster, DIR/progress "
        "and a new SSH host key (DIR/host_key, mode 600).",
    )
    q.add_argument("dir", metavar="DIR")
    q.set_defaults(run=run_init)

    q = cs.add_parser(
        "add",
        prog=f"{PROG} {NAME} add",
        help="add a learner",
        description="Add a learner. Prints a new password as the last line "
        "(only its hash is stored: hand it out now). With --key FILE, adds "
        "that OpenSSH public key instead (for an existing learner, one more).",
    )
    q.add_argument("dir", metavar="DIR")
    q.add_argument("learner", metavar="NAME", help="the login name: letters, digits, - and _")
    q.add_argument(
        "--key", metavar="FILE", help="an OpenSSH public key file (such as id_ed25519.pub)"
    )
    q.set_defaults(run=run_add)

    q = cs.add_parser(
        "remove",
        prog=f"{PROG} {NAME} remove",
        help="remove a learner",
        description="Take a learner off the roster (they can no longer log "
        "in); their progress file stays.",
    )
    q.add_argument("dir", metavar="DIR")
    q.add_argument("learner", metavar="NAME")
    q.set_defaults(run=run_remove)

    q = cs.add_parser(
        "list",
        prog=f"{PROG} {NAME} list",
        help="list the learners",
        description="One line per learner: name, how they log in, when added.",
    )
    q.add_argument("dir", metavar="DIR")
    q.set_defaults(run=run_list)

    try:  # classwatch's `class watch` and `class status` (the lead removes this guard)
        from . import classlive
    except ImportError:
        classlive = None
    if classlive is not None:
        classlive.add_parsers(cs)


def _no_subcommand(args: argparse.Namespace) -> int:
    raise UsageError(
        f"'{NAME}' needs a subcommand; choose from init, add, remove, list "
        f"(see '{PROG} {NAME} --help')"
    )


def _name(text: str) -> str:
    from tui_tutor.classroom.folder import check_name

    try:
        return check_name(text)
    except ValueError as exc:
        raise UsageError(f"NAME: {exc}") from None


def _folder(text: str):  # -> ClassFolder
    from tui_tutor.classroom.folder import ClassError, open_class

    try:
        return open_class(text)
    except ClassError as exc:
        raise UsageError(str(exc)) from None


def run_init(args: argparse.Namespace) -> int:
    """``class init DIR``."""
    from tui_tutor.classroom.folder import ClassError, init_class

    try:
        folder = init_class(args.dir)
    except ClassError as exc:
        raise UsageError(str(exc)) from None
    print(
        f"class made in {folder.root}: roster {folder.roster_file.name}, "
        f"host key {folder.host_key_file.name} (mode 600), progress in {folder.progress_dir}"
    )
    print(f"next: {PROG} class add {folder.root} NAME, then {PROG} serve ssh {folder.root}")
    return EXIT_OK


def _read_key(path: str) -> str:
    from tui_tutor.classroom.folder import check_key

    p = Path(path)
    if not p.is_file():
        what = "is a folder" if p.is_dir() else "no such file" if not p.exists() else "not a file"
        raise UsageError(f"--key: {path}: {what}; give an OpenSSH public key file (.pub)")
    with open(p, "rb") as f:
        data = f.read(MAX_KEY_FILE + 1)
    if len(data) > MAX_KEY_FILE:
        raise UsageError(f"--key: {path}: larger than {MAX_KEY_FILE} bytes; give one public key")
    try:
        return check_key(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        reason = (
            "not UTF-8 text; give an OpenSSH public key file"
            if isinstance(exc, UnicodeDecodeError)
            else str(exc)
        )
        raise UsageError(f"--key: {path}: {reason}") from None


def run_add(args: argparse.Namespace) -> int:
    """``class add DIR NAME [--key FILE]``: the password is the last line printed."""
    from tui_tutor.classroom.folder import ClassError, new_password

    name = _name(args.learner)
    key = _read_key(args.key) if args.key is not None else None
    folder = _folder(args.dir)
    password = None if key is not None else new_password()
    try:
        folder.add_learner(name, password=password, key=key)
    except ClassError as exc:
        raise UsageError(str(exc)) from None
    if key is not None:
        print(f"added the key {key.split()[0]} for {name}; log in with ssh -p PORT {name}@HOST")
        return EXIT_OK
    print(f"added {name}; their password (only its hash is kept, so note it now):")
    print(password)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """``class remove DIR NAME``."""
    from tui_tutor.classroom.folder import ClassError

    name = _name(args.learner)
    folder = _folder(args.dir)
    try:
        folder.remove_learner(name)
    except ClassError as exc:
        raise UsageError(str(exc)) from None
    print(f"removed {name} (their progress file stays: {folder.progress_file(name)})")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """``class list DIR``: name, password and/or key count, when added."""
    folder = _folder(args.dir)
    roster = folder.roster()
    if not roster:
        print(f"no learners yet; add one with '{PROG} class add {folder.root} NAME'")
        return EXIT_OK
    for name in sorted(roster):
        entry = roster[name]
        ways = (["password"] if entry["password"] else []) + (
            [f"{len(entry['keys'])} key{'s' if len(entry['keys']) != 1 else ''}"]
            if entry["keys"]
            else []
        )
        added = entry.get("added") if isinstance(entry.get("added"), str) else "?"
        print(f"{name:<32}  {', '.join(ways) or 'no login'}  added {clean_line(added[:32])}")
    return EXIT_OK

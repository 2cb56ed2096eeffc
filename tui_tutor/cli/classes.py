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

from .classargs import class_errors, dir_command, learner_name, needs_subcommand, open_folder
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
    p.set_defaults(run=needs_subcommand(NAME, "init, add, remove, list"), class_parser=p)
    cs = p.add_subparsers(dest="class_command", metavar="SUBCOMMAND", parser_class=type(p))

    dir_command(
        cs, NAME, "init", run=run_init, help="make a class folder",
        description="Make DIR (new or empty): an empty roster, DIR/progress "
        "and a new SSH host key (DIR/host_key, mode 600).",
    )  # fmt: skip
    q = dir_command(
        cs, NAME, "add", run=run_add, help="add a learner",
        description="Add a learner. Prints a new password as the last line "
        "(only its hash is stored: hand it out now). With --key FILE, adds "
        "that OpenSSH public key instead (for an existing learner, one more).",
    )  # fmt: skip
    q.add_argument("learner", metavar="NAME", help="the login name: letters, digits, - and _")
    q.add_argument(
        "--key", metavar="FILE", help="an OpenSSH public key file (such as id_ed25519.pub)"
    )
    q = dir_command(
        cs, NAME, "remove", run=run_remove, help="remove a learner",
        description="Take a learner off the roster (they can no longer log "
        "in); their progress file stays.",
    )  # fmt: skip
    q.add_argument("learner", metavar="NAME")
    dir_command(
        cs, NAME, "list", run=run_list, help="list the learners",
        description="One line per learner: name, how they log in, when added.",
    )  # fmt: skip

    from . import classlive  # `class watch` and `class status` (the instructor's side)

    classlive.add_parsers(cs)


def run_init(args: argparse.Namespace) -> int:
    """``class init DIR``."""
    from tui_tutor.classroom.folder import init_class

    with class_errors():
        folder = init_class(args.dir)
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
    from tui_tutor.classroom.folder import new_password

    name = learner_name(args.learner)
    key = _read_key(args.key) if args.key is not None else None
    folder = open_folder(args.dir)
    password = None if key is not None else new_password()
    with class_errors():
        folder.add_learner(name, password=password, key=key)
    if key is not None:
        print(f"added the key {key.split()[0]} for {name}; log in with ssh -p PORT {name}@HOST")
        return EXIT_OK
    print(f"added {name}; their password (only its hash is kept, so note it now):")
    print(password)
    return EXIT_OK


def run_remove(args: argparse.Namespace) -> int:
    """``class remove DIR NAME``."""
    name = learner_name(args.learner)
    folder = open_folder(args.dir)
    with class_errors():
        folder.remove_learner(name)
    print(f"removed {name} (their progress file stays: {folder.progress_file(name)})")
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """``class list DIR``: name, password and/or key count, when added."""
    folder = open_folder(args.dir)
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

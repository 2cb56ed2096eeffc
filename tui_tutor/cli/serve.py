"""``tui-tutor serve ssh|web DIR``: give a class the tutor over SSH or in a browser.

Both bind loopback unless ``--host`` says otherwise, print one line saying where they
listen and how a learner connects, and stop cleanly on Ctrl-C or SIGTERM (every learner's
tutor is hung up, which saves its progress). asyncssh and textual-serve are imported only
here, after the arguments are checked; without them the command says to install the
``class`` extra.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal

from .classargs import dir_command, learner_name, needs_subcommand, open_folder
from .errors import EXIT_OK, PROG, UsageError

NAME = "serve"
LOOPBACK = ("127.0.0.1", "::1", "localhost")
_EXTRA = "install the class extra: pip install 'tui-tutor[class]'"


def _int_in(low: int, high: int, what: str):
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = None
        if value is None or not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not accepted; give a whole number between {low} and {high} ({what})"
            )
        return value

    return parse


def _minutes(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 1 <= value <= 24 * 60:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not accepted; give minutes between 1 and 1440"
        )
    return value


def add_parser(sub: argparse._SubParsersAction) -> None:
    """``serve ssh`` and ``serve web``."""
    from tui_tutor.i18n import LANGS

    p = sub.add_parser(
        NAME,
        prog=f"{PROG} {NAME}",
        help="serve the tutor to a class over SSH or in a browser",
        description="Serve the tutor to the learners of a class folder (see 'tui-tutor class').",
    )
    p.set_defaults(run=needs_subcommand(NAME, "ssh, web"))
    ss = p.add_subparsers(dest="serve_command", metavar="ssh|web", parser_class=type(p))
    q = dir_command(
        ss, NAME, "ssh", run=run_ssh, help="an SSH server that gives each learner the tutor",
        description="An SSH server for the class in DIR: each learner logs in with their "
        "name (ssh -p PORT NAME@HOST) and password or key from 'class add' and gets the "
        "tutor, its progress in DIR/progress/NAME.json; nothing else (no shell, commands, "
        "forwarding or SFTP).",
    )  # fmt: skip
    q.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; "
        "0.0.0.0 for the lab's network)",
    )
    q.add_argument(
        "--port",
        type=_int_in(0, 65535, "0 picks a free port"),
        default=2222,
        help="port (default 2222)",
    )
    q.add_argument(
        "--lang",
        dest="serve_lang",
        choices=LANGS,
        default="en",
        help="the tutor's language when the client's LANG names none of ours "
        "(default en; ssh sends LANG, so zh_CN.UTF-8 gets zh)",
    )
    q.add_argument(
        "--max-sessions",
        type=_int_in(1, 500, "sessions"),
        default=40,
        help="sessions at once in all (default 40)",
    )
    q.add_argument(
        "--per-learner",
        type=_int_in(1, 20, "sessions"),
        default=2,
        help="sessions at once per learner (default 2)",
    )
    q.add_argument(
        "--idle-minutes",
        type=_minutes,
        default=30.0,
        help="end a session after this many minutes without a key (default 30)",
    )
    q.add_argument(
        "--memory-mb",
        type=_int_in(300, 65536, "MB"),
        default=None,
        help="address-space limit of each learner's tutor (default 1024)",
    )
    q.add_argument(
        "--max-tries",
        type=_int_in(1, 10, "tries"),
        default=3,
        help="failed logins before the connection is closed (default 3)",
    )
    q.add_argument("--fail-delay", type=float, default=2.0, help=argparse.SUPPRESS)

    w = dir_command(
        ss, NAME, "web", run=run_web, help="one learner's tutor in a browser (textual-serve)",
        description="One learner's tutor in a browser through textual-serve: every browser "
        "that opens the page runs the tutor as NAME (progress in DIR/progress/NAME.json). It "
        "has no login of its own, so it listens on this machine only unless --host says "
        "otherwise; for a class, run one per learner behind a login (JupyterHub's proxy or "
        "an authenticating reverse proxy): see the README's 'Running a lab'.",
    )  # fmt: skip
    w.add_argument("learner", metavar="NAME", help="the learner on the roster this page is for")
    w.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    w.add_argument(
        "--port", type=_int_in(0, 65535, "port"), default=8000, help="port (default 8000)"
    )
    w.add_argument(
        "--lang", dest="serve_lang", choices=LANGS, default="en", help="the tutor's language"
    )
    w.add_argument(
        "--public-url",
        metavar="URL",
        default=None,
        help="the address browsers use (behind a proxy)",
    )


def _import_ssh():
    try:
        from tui_tutor.classroom import ssh
    except ImportError:
        raise UsageError(f"serve ssh needs asyncssh; {_EXTRA}") from None
    return ssh


def run_ssh(args: argparse.Namespace) -> int:
    """Serve until Ctrl-C or SIGTERM; one line at start, one at the end."""
    from tui_tutor.classroom.child import DEFAULT_MEMORY_MB

    folder = open_folder(args.dir)
    ssh = _import_ssh()
    if not folder.host_key_file.is_file():
        raise UsageError(
            f"{folder.host_key_file}: missing; give a folder made by "
            "'tui-tutor class init' (it makes the host key)"
        )
    if not 0 <= args.fail_delay <= 60:
        raise UsageError("--fail-delay: give seconds between 0 and 60")
    config = ssh.ServerConfig(
        folder=folder, host=args.host, port=args.port, lang=args.serve_lang,
        max_sessions=args.max_sessions, per_learner=args.per_learner,
        idle_minutes=args.idle_minutes, memory_mb=args.memory_mb or DEFAULT_MEMORY_MB,
        max_tries=args.max_tries, fail_delay=args.fail_delay,
    )  # fmt: skip
    try:
        server = ssh.SSHClassServer(config)
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"{folder.host_key_file}: not a usable host key ({exc}); "
            "give a folder made by 'tui-tutor class init'"
        ) from None
    return asyncio.run(_serve_ssh(server, folder))


async def _until_stopped() -> str:
    """Wait for SIGINT or SIGTERM; return its name."""
    loop, stop = asyncio.get_running_loop(), asyncio.get_running_loop().create_future()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda s=sig: stop.done() or stop.set_result(s.name))
    try:
        return await stop
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)


async def _serve_ssh(server, folder) -> int:
    cfg = server.config
    try:
        await server.start()
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {cfg.host}:{cfg.port} ({exc.strerror or exc}); "
            "give a free --port, or an address of this machine as --host"
        ) from None
    host = cfg.host if ":" not in cfg.host else f"[{cfg.host}]"
    where = "this machine only" if cfg.host in LOOPBACK else "the network"
    n = len(folder.learners())
    print(
        f"{PROG} serve ssh: listening on {host}:{server.port} ({where}), {n} learner(s) "
        f"in {folder.root}; a learner connects with: ssh -p {server.port} NAME@"
        f"{'localhost' if cfg.host in LOOPBACK else 'THIS-HOST'}",
        flush=True,
    )
    print(
        f"host key {server.fingerprint} (learners may check it at their first login); Ctrl-C stops",
        flush=True,
    )
    why = await _until_stopped()
    ended = await server.stop()
    print(
        f"{PROG} serve ssh: stopped ({why}); {ended} session(s) ended, progress saved", flush=True
    )
    return EXIT_OK


def run_web(args: argparse.Namespace) -> int:
    """The browser server (classroom.web)."""
    folder = open_folder(args.dir)
    name = learner_name(args.learner)
    if name not in folder.learners():
        raise UsageError(
            f"NAME: {name!r} is not on the roster; give a name that "
            f"'{PROG} class list {folder.root}' shows"
        )
    try:
        from tui_tutor.classroom import web
    except ImportError:
        raise UsageError(f"serve web needs textual-serve; {_EXTRA}") from None
    with contextlib.suppress(KeyboardInterrupt):
        return web.serve(
            folder,
            name,
            host=args.host,
            port=args.port,
            lang=args.serve_lang,
            public_url=args.public_url,
        )
    return EXIT_OK

"""``tui-tutor serve web``: the tutor in a browser, through textual-serve.

textual-serve runs ONE command for every browser that opens the page (each gets its own
process of it) and has no login of its own. So a web server here is one learner's: every
browser session runs ``python -m tui_tutor --class DIR --name NAME`` with progress in
``DIR/progress/NAME.json`` (saves from two tabs merge; nothing is lost). For a class in
browsers, give each learner their own server behind a login that knows who they are (a
JupyterHub user's server with jupyter-server-proxy, or an authenticating reverse proxy
in front of one port per learner); see the README's "Running a lab". It binds loopback
by default: anyone who can reach the port gets that learner's tutor.
"""

from __future__ import annotations

import asyncio
import shlex
import signal
import sys

from aiohttp import web
from textual_serve.server import Server

from .child import CHILD_HAS_CLASS_FLAG
from .folder import ClassFolder, check_name

__all__ = ["command", "serve"]


def command(folder: ClassFolder, name: str, lang: str) -> str:
    """The shell command textual-serve starts for each browser (every part quoted)."""
    argv = [sys.executable, "-m", "tui_tutor", "--progress", str(folder.progress_file(name))]
    argv += [f"--name={check_name(name)}", "--lang", lang]
    if CHILD_HAS_CLASS_FLAG:
        argv += ["--class", str(folder.root)]
    return " ".join(shlex.quote(a) for a in argv)


class _Server(Server):
    """textual-serve's server with our one start line instead of its banner, printed once
    the port accepts connections (a browser or a test may connect as soon as it shows)."""

    line = ""

    async def on_startup(self, app) -> None:  # noqa: ANN001 - aiohttp's Application
        pass  # textual-serve's banner; it comes before the port is bound

    def serve(self, debug: bool = False) -> None:
        """textual-serve's ``serve``, but with aiohttp's ``print``, which it calls once
        the sites listen, saying our line (textual-serve passes one that says nothing)."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *_: print(self.line, flush=True),
        )


def serve(
    folder: ClassFolder,
    name: str,
    *,
    host: str,
    port: int,
    lang: str,
    public_url: str | None,
) -> int:
    """Serve ``name``'s tutor until Ctrl-C or SIGTERM (textual-serve handles both)."""
    server = _Server(
        command(folder, name, lang), host=host, port=port, title="tui-tutor", public_url=public_url
    )
    server.line = (
        f"tui-tutor serve web: {name}'s tutor on {server.public_url} "
        f"({'this machine only' if host in ('127.0.0.1', '::1', 'localhost') else 'the network'}"
        "; no login of its own: whoever opens it is this learner); Ctrl-C stops"
    )
    server.serve()
    return 0

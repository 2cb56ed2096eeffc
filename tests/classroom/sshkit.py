"""Helpers for the SSH server's tests: a class with learners, a server on a free loopback
port in the test's own event loop, and a client whose screen pyte reads.

Every wait is on output or an event with a timeout; nothing sleeps for a fixed time.
"""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

asyncssh = pytest.importorskip("asyncssh")
pyte = pytest.importorskip("pyte")

from tui_tutor import course  # noqa: E402
from tui_tutor.classroom.folder import ClassFolder, init_class  # noqa: E402
from tui_tutor.classroom.ssh import ServerConfig, SSHClassServer  # noqa: E402

PASSWORD = "right-horse-battery"
WAIT = 30.0  # the longest any one wait may take (an app start on a loaded 2-core machine)


def first_title(lang: str = "en") -> str:
    """The first bundled lesson's title, which the tutor shows at its first start."""
    return course.load_pack(course.bundled_lessons_dir(lang)).lessons[0].title


def make_class(tmp_path: Path, *names: str) -> ClassFolder:
    folder = init_class(tmp_path / "class")
    for name in names:
        folder.add_learner(name, password=PASSWORD)
    return folder


def run(body: Callable[[], Awaitable[Any]], timeout: float = 90.0) -> Any:
    """Run an async test body with an overall bound."""
    return asyncio.run(asyncio.wait_for(body(), timeout))


@contextlib.asynccontextmanager
async def serving(folder: ClassFolder, **options: Any):
    """A server on 127.0.0.1 and a free port; stopped (children hung up) at the end."""
    options.setdefault("fail_delay", 0.05)
    options.setdefault("grace", 3.0)
    server = SSHClassServer(ServerConfig(folder=folder, host="127.0.0.1", port=0, **options))
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def connect(
    server: SSHClassServer | int, username: str, password: str | None = PASSWORD, **kw: Any
):
    """A client connection to ``server`` (or a port) on loopback, no keys or agent of ours."""
    return await asyncssh.connect(
        "127.0.0.1",
        server if isinstance(server, int) else server.port,
        username=username,
        password=password,
        known_hosts=None,
        client_keys=kw.pop("client_keys", None),
        agent_path=None,
        connect_timeout=WAIT,
        **kw,
    )


class Terminal:
    """A client session with a PTY whose output pyte draws into a screen."""

    def __init__(self, process: Any, cols: int = 80, rows: int = 24) -> None:
        self.process = process
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    @classmethod
    async def open(cls, conn: Any, cols: int = 80, rows: int = 24, env: dict | None = None):
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(cols, rows), encoding=None, env=env or {}
        )
        return cls(process, cols, rows)

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def until(self, predicate: Callable[[str], bool], timeout: float = WAIT) -> str:
        """Read output until ``predicate(screen text)`` holds; TimeoutError otherwise."""

        async def loop() -> str:
            while not predicate(self.text()):
                data = await self.process.stdout.read(65536)
                if not data:
                    raise EOFError("the session ended; screen:\n" + self.text())
                self.raw += data
                self.stream.feed(data)
            return self.text()

        return await asyncio.wait_for(loop(), timeout)

    async def shows(self, text: str, timeout: float = WAIT) -> str:
        return await self.until(lambda screen: text in screen, timeout)

    def press(self, keys: str | bytes) -> None:
        self.process.stdin.write(keys.encode() if isinstance(keys, str) else keys)

    def resize(self, cols: int, rows: int) -> None:
        self.screen.resize(rows, cols)
        self.process.change_terminal_size(cols, rows)


STAND_IN = [
    sys.executable,
    "-c",
    # A stand-in for the tutor where the app itself is not what a test is about: it prints
    # its limits and environment, then echoes keys until its terminal hangs up.
    "import os, resource, signal, sys, pathlib, tty\n"
    "tty.setraw(0)  # as the app does: keys one by one, no line editing\n"
    "out = pathlib.Path(sys.argv[1])\n"
    "def hup(*a):\n"
    "    out.with_suffix('.hup').write_text('hup'); os._exit(0)\n"
    "signal.signal(signal.SIGHUP, hup)\n"
    "print('AS', resource.getrlimit(resource.RLIMIT_AS)[0], flush=True)\n"
    "print('ENV', ','.join(sorted(os.environ)), flush=True)\n"
    "print('TTY', os.isatty(0), os.get_terminal_size(0).columns, flush=True)\n"
    "print('READY', flush=True)\n"
    "while True:\n"
    "    data = os.read(0, 100)\n"
    "    if not data: break\n"
    "    os.write(1, b'GOT ' + data + b'\\r\\n')\n",
]

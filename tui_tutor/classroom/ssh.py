"""``tui-tutor serve ssh``: the tutor over SSH for the learners of a class, and nothing else.

A learner logs in with the name and password (or key) from ``class add``; the login name
is the learner (``ssh -p 2222 alice@labhost``). Each session gets the tutor in a child
process on a PTY (``classroom.child``) whose window follows the client's. The server
refuses everything else at the protocol level: exec and subsystem requests (so no SFTP
and no scp), port forwarding both ways, agent and X11 forwarding; a session without a PTY
is told to use ``ssh -t``. Failed logins wait ``fail_delay`` seconds each and a connection
is closed after ``max_tries``; sessions are limited in all and per learner; a session idle
for ``idle_minutes`` is ended. A dropped connection hangs the child up (SIGHUP): the app
has saved every change as it happened, so reconnecting resumes where the learner was.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import asyncssh

from tui_tutor.i18n import t

from .child import DEFAULT_MEMORY_MB, Child, child_argv, lang_of
from .folder import ClassFolder, verify_password

__all__ = ["ServerConfig", "SSHClassServer"]


@dataclass
class ServerConfig:
    """What ``serve ssh`` takes (the CLI's flags; tests shorten the delays)."""

    folder: ClassFolder
    host: str = "127.0.0.1"
    port: int = 2222
    lang: str = "en"
    max_sessions: int = 40
    per_learner: int = 2
    idle_minutes: float = 30.0
    memory_mb: int = DEFAULT_MEMORY_MB
    max_tries: int = 3
    fail_delay: float = 2.0
    login_timeout: float = 60.0
    grace: float = 5.0


@dataclass
class _Registry:
    """The server's sessions, for the limits and for a clean stop."""

    config: ServerConfig
    sessions: set[_TutorSession] = field(default_factory=set)
    per_learner: Counter[str] = field(default_factory=Counter)
    connections: set[asyncssh.SSHServerConnection] = field(default_factory=set)

    def refusal(self, name: str, lang: str) -> str | None:
        """Why a new session of ``name`` is refused (in ``lang``), or None."""
        c = self.config
        if len(self.sessions) >= c.max_sessions:
            return t("ssh.full", lang, limit=c.max_sessions)
        if self.per_learner[name] >= c.per_learner:
            return t("ssh.per_learner", lang, name=name, limit=c.per_learner)
        return None


class _TutorSession(asyncssh.SSHServerSession):
    """One SSH session channel: a PTY and a shell request start the learner's tutor."""

    def __init__(self, registry: _Registry, name: str) -> None:
        self.registry, self.name = registry, name
        self.chan: asyncssh.SSHServerChannel | None = None
        self.child: Child | None = None
        self.term, self.size = "xterm-256color", (80, 24)
        self.has_pty = False
        self.lang = registry.config.lang
        self.last_key = time.monotonic()
        self._idle: asyncio.TimerHandle | None = None
        self._ended = False
        self._goodbye: str | None = None  # said when the session closes (stop, idle)
        self.ended = asyncio.Event()  # set once the child is gone and the channel closed

    # -- what the client may ask --------------------------------------------------------
    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan

    def pty_requested(self, term_type: str, term_size: tuple, term_modes: Any) -> bool:
        self.has_pty = True
        self.term = term_type or self.term
        self.size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        return False  # no other commands: the tutor is all this server runs

    def subsystem_requested(self, subsystem: str) -> bool:
        return False  # no SFTP, no other subsystem

    def break_received(self, msec: int) -> bool:
        return False

    def signal_received(self, signal: str) -> None:
        pass  # the client does not signal the child

    # -- the session --------------------------------------------------------------------
    def session_started(self) -> None:
        asyncio.get_running_loop().create_task(self._start())

    def _say(self, text: str) -> None:
        if self.chan is not None and not self._ended:
            with contextlib.suppress(Exception):
                self.chan.write(("\r\ntui-tutor: " + text + "\r\n").encode("utf-8"))

    async def _start(self) -> None:
        assert self.chan is not None
        chan, reg = self.chan, self.registry
        cfg = reg.config
        lang = self.lang = lang_of(dict(chan.get_environment()), cfg.lang)
        if not self.has_pty:
            self._say(t("ssh.no_pty", lang))
            return self._finish(1)
        why = reg.refusal(self.name, lang)
        if why is not None:
            self._say(why)
            return self._finish(1)
        folder = cfg.folder
        argv = child_argv(folder.progress_file(self.name), self.name, lang, folder.root)
        self.child = Child(
            argv, term=self.term, size=self.size, memory_mb=cfg.memory_mb, on_output=self._out
        )
        reg.sessions.add(self)
        reg.per_learner[self.name] += 1
        try:
            await self.child.start()
        except OSError as exc:
            self._say(t("ssh.start_failed", lang, reason=exc.strerror or exc))
            return self._finish(1)
        self._arm_idle(cfg.idle_minutes * 60)
        status = await self.child.wait()
        self._drain()
        self._finish(status if status >= 0 else 1)

    def _out(self, data: bytes) -> None:
        if self.chan is not None and not self._ended:
            self.chan.write(data)

    def _drain(self) -> None:
        """What the child wrote just before it ended (its last screen, its goodbye)."""
        child = self.child
        if child is None or child.master < 0:
            return
        with contextlib.suppress(OSError):
            while data := os.read(child.master, 65536):
                self._out(data)

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_key = time.monotonic()
        if self.child is not None:
            self.child.write(data)

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int):
        self.size = (width, height)
        if self.child is not None:
            self.child.resize(width, height)

    def pause_writing(self) -> None:
        if self.child is not None:
            self.child.pause()

    def resume_writing(self) -> None:
        if self.child is not None:
            self.child.resume()

    def _arm_idle(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._idle = loop.call_at(self.last_key + seconds, self._check_idle, seconds)

    def _check_idle(self, seconds: float) -> None:
        if self._ended:
            return
        if time.monotonic() - self.last_key < seconds:
            return self._arm_idle(seconds)
        minutes = self.registry.config.idle_minutes
        why = t("ssh.idle", self.lang, minutes=f"{minutes:g}")
        asyncio.get_running_loop().create_task(self.end(why))

    async def end(self, why: str | None = None) -> None:
        """Hang the child up (it saves, restores the terminal and quits), then say ``why``
        and close the channel. ``why`` is said once the child is gone (whichever path sees
        it go first), so its last frames cannot paint over the message."""
        self._goodbye = self._goodbye or why
        if self.child is not None:
            code = await self.child.hang_up(self.registry.config.grace)
            self._finish(1 if code is None or code < 0 else code)
        else:
            self._finish(0)

    def _finish(self, status: int) -> None:
        if self._idle is not None:
            self._idle.cancel()
        if self in self.registry.sessions:
            self.registry.sessions.discard(self)
            self.registry.per_learner[self.name] -= 1
        if self.child is not None:
            self.child.close()
        if not self._ended and self.chan is not None:
            if self._goodbye:
                self._say(self._goodbye)
            self._ended = True
            with contextlib.suppress(Exception):
                self.chan.exit(status)
        if self.child is None or self.child.proc is None or self.child.proc.returncode is not None:
            self.ended.set()

    def eof_received(self) -> bool:
        return True  # keep the channel: the tutor quits with q, not with ^D

    def connection_lost(self, exc: Exception | None) -> None:
        self._ended = True
        if self.child is not None and self.child.proc is not None:
            asyncio.get_running_loop().create_task(self.end())
        else:
            self._finish(0)


class _Server(asyncssh.SSHServer):
    """Authentication against the roster; every forwarding refused."""

    def __init__(self, registry: _Registry) -> None:
        self.registry = registry
        self.conn: asyncssh.SSHServerConnection | None = None
        self.failures = 0

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        self.registry.connections.add(conn)
        # Half-open logins are cheap for a client and cost us a task each: bounded too.
        if len(self.registry.connections) > 2 * self.registry.config.max_sessions + 10:
            conn.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if self.conn is not None:
            self.registry.connections.discard(self.conn)

    def begin_auth(self, username: str) -> bool:
        return True  # everyone authenticates, known or not (no user enumeration)

    def password_auth_supported(self) -> bool:
        return True

    async def validate_password(self, username: str, password: str) -> bool:
        folder = self.registry.config.folder
        entry = await asyncio.to_thread(_entry, folder, username)
        stored = entry["password"] if entry else None
        # The hash is checked even for an unknown name, so both take the same time.
        ok = await asyncio.to_thread(verify_password, stored or _DUMMY, password)
        ok = ok and stored is not None
        if not ok:
            await self._failed()
        return ok

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        entry = _entry(self.registry.config.folder, username)
        offered = key.export_public_key("openssh").decode("ascii").split()[:2]
        return bool(entry) and " ".join(offered) in entry["keys"]

    async def _failed(self) -> None:
        self.failures += 1
        cfg = self.registry.config
        await asyncio.sleep(cfg.fail_delay)
        if self.failures >= cfg.max_tries and self.conn is not None:
            self.conn.close()

    def session_requested(self) -> asyncssh.SSHServerSession:
        assert self.conn is not None
        return _TutorSession(self.registry, self.conn.get_extra_info("username"))

    # Forwarding of any kind: refused (these are also asyncssh's defaults; said here).
    def connection_requested(self, dest_host: str, dest_port: int, orig_host: str, orig_port: int):
        return False

    def server_requested(self, listen_host: str, listen_port: int):
        return False

    def unix_connection_requested(self, dest_path: str):
        return False

    def unix_server_requested(self, listen_path: str):
        return False


def _entry(folder: ClassFolder, username: str) -> dict[str, Any] | None:
    """The roster entry of ``username`` read now (a ``class add`` applies at once); None
    for an unknown or invalid name, and for a roster that cannot be read."""
    try:
        return folder.learner(username)
    except ValueError:
        return None


_DUMMY = "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="


class SSHClassServer:
    """The running server: ``await start()``, ``port``, ``fingerprint``, ``await stop()``."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.registry = _Registry(config)
        self.server: asyncssh.SSHAcceptor | None = None
        self.host_key = asyncssh.read_private_key(str(config.folder.host_key_file))

    @property
    def port(self) -> int:
        assert self.server is not None
        return self.server.sockets[0].getsockname()[1]

    @property
    def fingerprint(self) -> str:
        return self.host_key.get_fingerprint("sha256")

    async def start(self) -> None:
        cfg = self.config
        self.server = await asyncssh.create_server(
            lambda: _Server(self.registry),
            cfg.host,
            cfg.port,
            server_host_keys=[self.host_key],
            encoding=None,  # raw bytes both ways: keys as typed, the screen as drawn
            allow_pty=True,
            agent_forwarding=False,
            x11_forwarding=False,
            sftp_factory=None,
            allow_scp=False,
            login_timeout=cfg.login_timeout,
            keepalive_interval=30,
            keepalive_count_max=4,  # a vanished client is noticed within about 2 minutes
        )

    async def stop(self) -> int:
        """Stop listening, hang up every child (each saves), close connections; returns
        the number of sessions ended."""
        if self.server is not None:
            self.server.close()
        sessions = list(self.registry.sessions)
        await asyncio.gather(
            *(s.end(t("ssh.stopping", s.lang)) for s in sessions),
            return_exceptions=True,
        )
        for conn in list(self.registry.connections):
            conn.close()
        if self.server is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 5)
        return len(sessions)

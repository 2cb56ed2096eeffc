"""``serve ssh`` with a real client (asyncssh's): the tutor on a PTY, and nothing else.

Servers run on 127.0.0.1 and a free port inside the test's event loop and stop at the end
of each test (every wait bounded). Tests where the app itself is not the point use a small
stand-in child (sshkit.STAND_IN), which starts in a tenth of the time.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.classroom import sshkit
from tests.classroom.sshkit import PASSWORD, WAIT, Terminal, asyncssh, connect, serving


def _stand_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    marker = tmp_path / "child.out"
    monkeypatch.setattr(
        "tui_tutor.classroom.ssh.child_argv", lambda *a: [*sshkit.STAND_IN, str(marker)]
    )
    return marker


def test_the_tutor_on_a_pty_resize_drop_saves_and_reconnect_resumes(tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    title = sshkit.first_title("en")

    async def body() -> None:
        async with serving(folder) as server:
            conn = await connect(server, "alice")
            term = await Terminal.open(conn, 80, 24)
            await term.shows(title)
            await term.shows("step 1/")
            term.press("n")  # a raw key, not a line: the app moves at once
            await term.shows("step 2/")
            term.resize(120, 30)  # the window follows: at 120 columns the lab sits beside
            await term.until(lambda s: any(len(line.rstrip()) > 100 for line in s.splitlines()))
            (session,) = server.registry.sessions
            conn.abort()  # the line drops mid-session
            await asyncio.wait_for(session.ended.wait(), WAIT)
            saved = json.loads(folder.progress_file("alice").read_text())
            assert (saved["lesson"], saved["step"], saved["learner"]) == ("tour", 1, "alice")
            assert session.child.proc.returncode is not None  # the child is gone
            assert (folder.live_dir / "alice.json").is_file()  # --class DIR: the live file

            # Reconnecting resumes; the client's LANG chooses the language.
            conn = await connect(server, "alice")
            term = await Terminal.open(conn, 80, 24, env={"LANG": "zh_CN.UTF-8"})
            await term.shows(sshkit.first_title("zh"))
            await term.until(lambda s: "2/" in s.splitlines()[0])
            conn.close()

    sshkit.run(body)


@pytest.mark.parametrize(
    "username, password",
    [("alice", "wrong"), ("mallory", PASSWORD), ("../../x", PASSWORD), ("alice", "")],
)
def test_wrong_password_unknown_user_and_a_path_are_refused(tmp_path, username, password):
    folder = sshkit.make_class(tmp_path, "alice")

    async def body() -> None:
        async with serving(folder) as server:
            with pytest.raises(asyncssh.PermissionDenied):
                await connect(server, username, password)
            assert not server.registry.sessions

    sshkit.run(body)
    assert not (tmp_path / "x.json").exists() and not list(folder.progress_dir.iterdir())


def test_failed_tries_are_delayed_and_limited(tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    tries: list[float] = []

    class Guesser(asyncssh.SSHClient):
        def password_auth_requested(self) -> str:
            tries.append(asyncio.get_running_loop().time())
            return f"guess{len(tries)}"

    async def body() -> None:
        async with serving(folder, max_tries=3, fail_delay=0.2) as server:
            with pytest.raises((asyncssh.DisconnectError, OSError)):
                await connect(server, "alice", password=None, client_factory=Guesser)

    sshkit.run(body)
    assert len(tries) == 3  # the connection closed after the third failure
    assert all(b - a >= 0.2 for a, b in zip(tries, tries[1:], strict=False))  # each delayed


def test_exec_sftp_forwarding_and_no_pty_are_refused(tmp_path: Path, monkeypatch) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    _stand_in(monkeypatch, tmp_path)

    async def body() -> None:
        async with serving(folder) as server, await connect(server, "alice") as conn:
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.run("cat /etc/passwd")  # exec
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.start_sftp_client()  # the sftp subsystem
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_connection("127.0.0.1", server.port)  # -L
            with pytest.raises(asyncssh.ChannelListenError):
                await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", 22)  # -R
            with pytest.raises(asyncssh.ChannelOpenError):
                await conn.open_unix_connection("/run/docker.sock")
            # A shell without a PTY gets one line saying how to connect, and no child.
            result = await conn.run(term_type=None)
            assert "ssh -t" in result.stdout and result.exit_status == 1
            assert not server.registry.sessions

    sshkit.run(body)


def test_the_child_is_bounded_clean_and_hung_up(tmp_path: Path, monkeypatch) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    marker = _stand_in(monkeypatch, tmp_path)
    monkeypatch.setenv("SERVER_SECRET", "do-not-pass")

    async def body() -> None:
        async with serving(folder, memory_mb=700) as server:
            conn = await connect(server, "alice")
            term = await Terminal.open(conn, 90, 24)
            await term.shows("READY")
            text = term.raw.decode()  # the raw lines: pyte wraps the long ENV line
            assert f"AS {700 * 1024 * 1024}" in text
            env = next(line for line in text.splitlines() if line.startswith("ENV"))
            assert "SERVER_SECRET" not in env and "TERM" in env
            assert "TTY True 90" in text
            term.press("q")  # raw: one byte, no newline needed
            await term.shows("GOT q")
            (session,) = server.registry.sessions
            conn.abort()
            await asyncio.wait_for(session.ended.wait(), WAIT)
        assert marker.with_suffix(".hup").read_text() == "hup"  # SIGHUP on the dropped line

    sshkit.run(body)


def test_session_limits_and_idle_end(tmp_path: Path, monkeypatch) -> None:
    folder = sshkit.make_class(tmp_path, "alice", "bob")
    _stand_in(monkeypatch, tmp_path)

    async def body() -> None:
        async with serving(folder, per_learner=1, max_sessions=2, idle_minutes=0.02) as server:
            a1 = await Terminal.open(await connect(server, "alice"))
            await a1.shows("READY")
            a2 = await Terminal.open(await connect(server, "alice"))
            await a2.shows("already has 1 session")
            b1 = await Terminal.open(await connect(server, "bob"))
            await b1.shows("READY")
            # Nobody types: after 1.2 s each session is ended, saying so.
            await a1.shows("session ended", timeout=WAIT)
            await b1.shows("session ended", timeout=WAIT)
            await asyncio.wait_for(a1.process.wait_closed(), WAIT)
            assert a1.process.exit_status is not None

    sshkit.run(body)


def test_stop_hangs_up_every_session(tmp_path: Path, monkeypatch) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    marker = _stand_in(monkeypatch, tmp_path)

    async def body() -> None:
        async with serving(folder) as server:
            term = await Terminal.open(await connect(server, "alice"))
            await term.shows("READY")
            assert await server.stop() == 1
            await term.shows("server is stopping")
        assert marker.with_suffix(".hup").exists()

    sshkit.run(body)

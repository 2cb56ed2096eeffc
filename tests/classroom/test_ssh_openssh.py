"""``serve ssh`` with OpenSSH's own clients (``ssh``, ``sftp``, ``sshpass``) where installed,
and the command line: its start line, bad input, and a clean stop on SIGTERM."""

from __future__ import annotations

import asyncio
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.classroom import sshkit
from tests.classroom.sshkit import PASSWORD, WAIT, Terminal, connect, pyte, serving
from tests.cli.cli_helpers import run as run_cli
from tui_tutor.classroom.folder import open_class

SSH, SFTP, SSHPASS = shutil.which("ssh"), shutil.which("sftp"), shutil.which("sshpass")
needs_ssh = pytest.mark.skipif(SSH is None, reason="OpenSSH's ssh client is not installed")


def _options(port: int) -> list[str]:
    return [
        "-F", "/dev/null", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
        "-o", "LogLevel=ERROR", "-o", "ConnectTimeout=20",
    ]  # fmt: skip


def _keyed(tmp_path: Path, capsys) -> tuple[Path, list[str]]:
    """A class where alice logs in with a key added by ``class add --key``."""
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen is not installed")
    key = tmp_path / "id"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    folder = sshkit.make_class(tmp_path)
    code, _, err = run_cli(capsys, "class", "add", str(folder.root), "alice", "--key", f"{key}.pub")
    assert code == 0, err
    auth = ["-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-i", str(key)]
    return folder.root, auth


async def _screen_of(proc: asyncio.subprocess.Process, text: str) -> str:
    """Feed ssh's output to pyte until ``text`` shows."""
    screen = pyte.Screen(80, 24)
    stream = pyte.ByteStream(screen)

    async def loop() -> str:
        while text not in "\n".join(screen.display):
            data = await proc.stdout.read(65536)
            if not data:
                raise EOFError("ssh ended; screen:\n" + "\n".join(screen.display))
            stream.feed(data)
        return "\n".join(screen.display)

    return await asyncio.wait_for(loop(), WAIT)


async def _ssh(*argv: str, stdin=subprocess.DEVNULL) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


async def _finish(proc: asyncio.subprocess.Process) -> tuple[int, str]:
    out, _ = await asyncio.wait_for(proc.communicate(), WAIT)
    return proc.returncode, out.decode(errors="replace")


@needs_ssh
def test_openssh_with_a_key_gets_the_tutor_and_nothing_else(tmp_path: Path, capsys) -> None:
    root, auth = _keyed(tmp_path, capsys)
    folder = open_class(root)

    async def body() -> None:
        async with serving(folder) as server:
            base = [SSH, *_options(server.port), *auth, "-p", str(server.port)]
            proc = await _ssh(*base, "-tt", "alice@127.0.0.1", stdin=subprocess.PIPE)
            await _screen_of(proc, sshkit.first_title("en"))
            proc.kill()  # the client vanishes: the server hangs the tutor up
            await proc.wait()
            (session,) = server.registry.sessions or [None]
            if session is not None:
                await asyncio.wait_for(session.ended.wait(), WAIT)

            code, out = await _finish(await _ssh(*base, "alice@127.0.0.1", "cat /etc/passwd"))
            assert code != 0 and "root:" not in out
            fwd = ["-N", "-o", "ExitOnForwardFailure=yes", "-R", "127.0.0.1:0:127.0.0.1:22"]
            code, out = await _finish(await _ssh(*base, *fwd, "alice@127.0.0.1"))
            assert code != 0 and "forwarding failed" in out
            if SFTP is not None:
                sftp = [SFTP, *_options(server.port), *auth, "-P", str(server.port)]
                code, out = await _finish(await _ssh(*sftp, "-b", "/dev/null", "alice@127.0.0.1"))
                assert code != 0 and "subsystem request failed" in out
            code, out = await _finish(await _ssh(*base, "-tt", "../../x@127.0.0.1"))
            assert code != 0 and "Permission denied" in out
            assert not server.registry.sessions

    sshkit.run(body)


@pytest.mark.skipif(SSH is None or SSHPASS is None, reason="ssh or sshpass is not installed")
def test_openssh_with_a_password(tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path, "alice")

    async def body() -> None:
        async with serving(folder) as server:
            base = [*_options(server.port), "-o", "PubkeyAuthentication=no", "-p", str(server.port)]
            code, out = await _finish(
                await _ssh(SSHPASS, "-p", "wrong", SSH, *base, "-tt", "alice@127.0.0.1")
            )
            assert code != 0 and sshkit.first_title("en") not in out
            proc = await _ssh(
                SSHPASS, "-p", PASSWORD, SSH, *base, "-tt", "alice@127.0.0.1", stdin=subprocess.PIPE
            )
            await _screen_of(proc, sshkit.first_title("en"))
            proc.kill()
            await proc.wait()

    sshkit.run(body)


def test_serve_ssh_says_where_it_listens_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path, "alice")

    async def body() -> None:
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tui_tutor", "serve", "ssh", str(folder.root), "--port", "0",
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            first = (await asyncio.wait_for(server.stdout.readline(), WAIT)).decode()
            assert "listening on 127.0.0.1:" in first and "ssh -p " in first
            port = int(first.split("ssh -p ")[1].split()[0])
            await asyncio.wait_for(server.stdout.readline(), WAIT)  # the host key line
            term = await Terminal.open(await connect(port, "alice"))
            await term.shows(sshkit.first_title("en"))
            term.press("n")
            await term.shows("step 2/")
            server.send_signal(signal.SIGTERM)
            await term.shows("server is stopping")
            out, err = await asyncio.wait_for(server.communicate(), WAIT)
            assert server.returncode == 0, err
            assert "stopped (SIGTERM); 1 session(s) ended" in out.decode()
        finally:
            if server.returncode is None:
                server.kill()
                await server.wait()
        assert '"step": 1' in folder.progress_file("alice").read_text()

    sshkit.run(body)


def test_serve_ssh_bad_input_is_one_line(capsys, tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = str(taken.getsockname()[1])
        for argv, says in [
            ([str(tmp_path / "nope")], "does not exist"),
            ([str(folder.root), "--port", "99999"], "between 0 and 65535"),
            ([str(folder.root), "--port", busy], "cannot listen"),
            ([str(folder.root), "--idle-minutes", "0"], "between 1 and 1440"),
            ([str(folder.root), "--memory-mb", "10"], "between 300"),
        ]:
            code, out, err = run_cli(capsys, "serve", "ssh", *argv)
            assert code == 2 and says in err and err.count("\n") == 1, (argv, err)

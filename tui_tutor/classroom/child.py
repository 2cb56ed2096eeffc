"""The learner's tutor in a child process on a pseudo-terminal of its own.

The SSH server (``classroom.ssh``) starts one ``Child`` per session: ``python -m tui_tutor
--progress DIR/progress/NAME.json --name=NAME [--class DIR] --lang L`` with the PTY as its
controlling terminal (so the kernel sends it SIGWINCH when the window changes and SIGHUP
when the line drops), a small clean environment (none of the server's variables), one
BLAS thread, and its address space bounded by ``RLIMIT_AS``. Nothing of the client's
reaches the command line but the checked login name and a language from a fixed list.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import resource
import signal
import struct
import sys
import termios
from collections.abc import Callable
from pathlib import Path

from tui_tutor.i18n import LANGS

__all__ = ["CHILD_HAS_CLASS_FLAG", "DEFAULT_MEMORY_MB", "Child", "child_argv", "lang_of"]

CHILD_HAS_CLASS_FLAG = False
"""Whether the app takes ``--class DIR`` (classwatch's flag). False until that branch is
merged; then True, and the child gets ``--class DIR`` (its live file, guided quizzes)."""

DEFAULT_MEMORY_MB = 1024
"""Each child's address-space limit: the app maps about 500 MB (Python, Textual, NumPy),
a lab run's arrays are bounded at 150 MB by ``ml.budget``."""

# The only variables the child gets: nothing of the server's environment (tokens, paths).
_PASS_ON = ("PATH", "HOME", "TMPDIR", "PYTHONPATH", "VIRTUAL_ENV")


def lang_of(env: dict[str, str], default: str) -> str:
    """The language the client's LC_ALL/LANG names (``zh_CN.UTF-8`` -> zh), else default."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = str(env.get(var) or "")
        code = value.split(".")[0].split("_")[0].split("-")[0].lower()
        if code in LANGS:
            return code
        if value:
            break  # the client said a language we do not have (or C): the server's default
    return default


def child_argv(progress: Path, name: str, lang: str, class_dir: Path) -> list[str]:
    """The command line of a learner's tutor (``name`` already checked by ``check_name``)."""
    argv = [sys.executable, "-m", "tui_tutor", "--progress", str(progress), f"--name={name}"]
    if CHILD_HAS_CLASS_FLAG:
        argv += ["--class", str(class_dir)]
    return argv + ["--lang", lang]


def _winsize(fd: int, cols: int, rows: int) -> None:
    # Sizes from the client are clamped: a 0x0 or 100000-column window helps nobody.
    cols, rows = max(20, min(int(cols or 80), 500)), max(5, min(int(rows or 24), 200))
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Child:
    """One tutor on a PTY: ``write`` keys in, ``on_output`` gets the screen's bytes."""

    def __init__(
        self,
        argv: list[str],
        *,
        term: str,
        size: tuple[int, int],
        memory_mb: int,
        on_output: Callable[[bytes], None],
    ) -> None:
        self.argv, self.term, self.size, self.memory_mb = argv, term, size, memory_mb
        self.on_output = on_output
        self.proc: asyncio.subprocess.Process | None = None
        self.master = -1
        self._reading = False

    def _env(self) -> dict[str, str]:
        env = {k: os.environ[k] for k in _PASS_ON if k in os.environ}
        term = self.term if self.term and self.term.isprintable() and len(self.term) < 64 else ""
        env.update(
            TERM=term or "xterm-256color",
            LANG="C.UTF-8",
            OPENBLAS_NUM_THREADS="1",  # 30 learners on 2 cores: one BLAS thread each
            OMP_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
        )
        return env

    async def start(self) -> None:
        """Start the child on a fresh PTY of the client's size."""
        master, slave = os.openpty()
        _winsize(master, *self.size)
        limit = self.memory_mb * 1024 * 1024

        def in_child() -> None:  # runs in the child between fork and exec
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)  # the PTY is its controlling terminal
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        try:
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=self._env(),
                start_new_session=True,
                preexec_fn=in_child,
                close_fds=True,
            )
        except BaseException:
            os.close(master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(master, False)
        self.master = master
        self.resume()

    def resume(self) -> None:
        """Read the child's output again (the client's window caught up)."""
        if self.master >= 0 and not self._reading:
            asyncio.get_running_loop().add_reader(self.master, self._readable)
            self._reading = True

    def pause(self) -> None:
        """Stop reading while the client is slow: the child then blocks on its own writes
        instead of the server buffering without bound."""
        if self._reading:
            asyncio.get_running_loop().remove_reader(self.master)
            self._reading = False

    def _readable(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: every process holding the PTY has gone
            data = b""
        if not data:
            self.pause()
            return
        self.on_output(data)

    def write(self, data: bytes) -> None:
        """Keys from the client, as they come (a full PTY buffer drops them, never blocks)."""
        if self.master < 0:
            return
        with contextlib.suppress(BlockingIOError, OSError):
            os.write(self.master, data)

    def resize(self, cols: int, rows: int) -> None:
        """The client's window changed: the kernel tells the app with SIGWINCH."""
        if self.master >= 0:
            with contextlib.suppress(OSError):
                _winsize(self.master, cols, rows)

    async def wait(self) -> int:
        """The child's exit status (after it ends by itself)."""
        assert self.proc is not None
        return await self.proc.wait()

    async def hang_up(self, grace: float = 5.0) -> int | None:
        """SIGHUP (the line dropped: the app has saved each change and quits), SIGKILL if
        it is still there after ``grace`` seconds; then close the PTY."""
        proc, status = self.proc, None
        if proc is not None and proc.returncode is None:
            for sig, wait in ((signal.SIGHUP, grace), (signal.SIGKILL, grace)):
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(proc.pid, sig)
                try:
                    status = await asyncio.wait_for(proc.wait(), wait)
                    break
                except TimeoutError:
                    continue
        elif proc is not None:
            status = proc.returncode
        self.close()
        return status

    def close(self) -> None:
        """Close the PTY (idempotent)."""
        self.pause()
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.close(self.master)
            self.master = -1

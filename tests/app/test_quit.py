"""Leaving (issue 10): q and ctrl+c save and quit from every screen; the lab's threads
never hold up the exit; SIGTERM and SIGHUP save, restore the terminal and exit (a real
process on a pseudo-terminal)."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import PACK, settle
from textual.command import CommandPalette

from tui_tutor.app import build_app
from tui_tutor.app.quiz import QuizWidget
from tui_tutor.app.screens.form import LabForm
from tui_tutor.app.screens.help import HelpScreen
from tui_tutor.app.screens.lessons import LessonListScreen

ROOT = Path(__file__).resolve().parents[2]

# How to reach each screen (keys from the main screen, step 1) and what it is.
PLACES = {
    "main": ([], None),
    "help": (["question_mark"], HelpScreen),
    "lesson list": (["l"], LessonListScreen),
    "palette": (["ctrl+p", "g"], CommandPalette),
    "form": (["e"], LabForm),
    "numeric field": (["n", "n", "n", "1"], None),
}
TYPED_IN = {"palette", "form", "numeric field"}  # where q is a letter of the text


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
@pytest.mark.parametrize("place", list(PLACES))
async def test_q_and_ctrl_c_save_and_quit_from_every_screen(place, key, tmp_path) -> None:
    if key == "q" and place in TYPED_IN:
        pytest.skip("q is typed into the text there; ctrl+c quits")
    path = tmp_path / "progress.json"
    app = build_app(lang="en", lessons_dir=PACK, progress=path, test_mode=True)
    keys, screen = PLACES[place]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")  # somewhere to resume: step 2
        await pilot.press("p", *(["n"] if not keys or keys[0] != "n" else []), *keys)
        if screen is not None:
            await settle(pilot, lambda: isinstance(app.screen, screen))
        if place == "numeric field":
            assert app.focused is app.screen.query_one(QuizWidget)._field
        await pilot.press(key)
        await settle(pilot, lambda: not app.is_running)
    assert app.return_code == 0
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["lesson"] == "first" and saved["step"] >= 1


def _python(code: str, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=str(ROOT),
    )


def test_quitting_never_waits_for_the_labs_threads(tmp_path) -> None:
    """A run whose epoch never ends and two sweeps that never end: q still ends the process."""
    code = f"""
    import asyncio, threading
    from dataclasses import replace
    from pathlib import Path
    from tui_tutor.app import build_app
    from tui_tutor.app.lab import LabPanel
    from tui_tutor.app.lab.runner import Runner
    from tui_tutor.ml import LabConfig

    never = threading.Event()
    make_run = Runner._make_run

    def stuck(request, *args):
        run = make_run(request, *args)
        def records():
            for rec in run.records:
                yield rec
                never.wait()  # an epoch that never ends
        return replace(run, records=records())

    Runner._make_run = staticmethod(stuck)
    LabConfig.sweep = lambda self, kind, **kw: never.wait()  # a sweep that never ends
    app = build_app(lang="en", lessons_dir=Path({str(PACK)!r}),
                    progress=Path({str(tmp_path / "p.json")!r}))

    async def auto(pilot):
        lab = app.screen.query_one(LabPanel)
        drawn = asyncio.Event()  # set on each change of the shown run (its curves)
        app.watch(lab, "shown", lambda _: drawn.set(), init=False)
        while lab.runner.worker is None or not lab.curves:
            drawn.clear()
            await asyncio.wait_for(drawn.wait(), 60)
        for kind in ("validation", "learning"):
            lab.sweeps.need(kind, kind, lab.config, weight_seed=1, data_seed=1)
        await pilot.press("n", "q")

    app.run(headless=True, size=(80, 24), auto_pilot=auto)
    alive = [t.name for t in threading.enumerate() if t.name.startswith("lab-")]
    print("exited", app.return_code, sorted(alive))
    """
    proc = _python(code, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "exited 0" in proc.stdout, proc.stdout
    assert "lab-train" in proc.stdout and "lab-sweep" in proc.stdout  # still busy, not waited
    saved = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert saved["step"] == 1


def _read_until(fd: int, needle: bytes, limit: float) -> bytes:
    """Bytes from ``fd`` until ``needle`` shows (or EOF); fails after ``limit`` s (a hang)."""
    out = b""
    deadline = time.monotonic() + limit
    while needle not in out:
        left = deadline - time.monotonic()
        assert left > 0, f"{needle!r} never came; got {out[-400:]!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    return out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a Linux pseudo-terminal")
@pytest.mark.parametrize("sig", ["SIGTERM", "SIGHUP"])
def test_a_signal_saves_restores_the_terminal_and_exits(sig, tmp_path) -> None:
    import fcntl
    import pty
    import struct
    import termios

    progress = tmp_path / "progress.json"
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", "COLUMNS": "80"}
    env.pop("TEXTUAL", None)
    args = ["--lang", "en", "--lessons", str(PACK), "--progress", str(progress)]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_tutor", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    try:
        seen = _read_until(master, b"step 1/4", 60)
        assert b"\x1b[?1049h" in seen  # the alternate screen is on
        os.write(master, b"n")
        seen += _read_until(master, b"step 2/4", 60)
        proc.send_signal(getattr(signal, sig))
        rest = _read_until(master, b"\x00never\x00", 30)  # everything until the end
        assert proc.wait(timeout=30) == 128 + getattr(signal, sig)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    tail = rest[-600:]
    assert b"\x1b[?1049l" in tail, tail  # back to the normal screen
    assert b"\x1b[?1000l" in tail and b"\x1b[?1003l" in tail  # mouse tracking off
    assert b"Traceback" not in seen + rest
    saved = json.loads(progress.read_text(encoding="utf-8"))
    assert saved["lesson"] == "first" and saved["step"] == 1

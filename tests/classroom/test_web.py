"""``serve web`` in a real headless browser: Chromium, driven over its DevTools protocol by
a few lines of aiohttp (textual-serve's own dependency), sees the lesson text.

The page draws the terminal on a canvas, so the text is read where the browser receives
it: the DevTools protocol reports every WebSocket frame the page gets from the server
(the app's screen), which pyte draws. Skipped, saying why, where Chromium is absent
(``.ci/run`` installs it when it can).
"""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.classroom import sshkit
from tests.classroom.sshkit import WAIT, pyte
from tests.cli.cli_helpers import run as run_cli

aiohttp = pytest.importorskip("aiohttp")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)"
)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-port=0",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _line_with(stream: asyncio.StreamReader, text: str) -> str:
    async def loop() -> str:
        while True:
            line = (await stream.readline()).decode(errors="replace")
            if not line:
                raise EOFError(f"ended before {text!r}")
            if text in line:
                return line

    return await asyncio.wait_for(loop(), WAIT)


async def _page_text(devtools_ws: str, url: str, wanted: str) -> str:
    """Open ``url`` in a new tab; draw the app's WebSocket frames with pyte until
    ``wanted`` shows; return the screen."""
    screen = pyte.Screen(100, 30)
    stream = pyte.ByteStream(screen)
    async with aiohttp.ClientSession() as http:
        base = devtools_ws.split("/devtools/")[0].replace("ws://", "http://")
        async with http.put(f"{base}/json/new?about:blank") as r:
            page = await r.json()
        async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
            await ws.send_json({"id": 1, "method": "Network.enable"})
            await ws.send_json({"id": 2, "method": "Page.navigate", "params": {"url": url}})
            async for msg in ws:
                event = json.loads(msg.data)
                if event.get("method") != "Network.webSocketFrameReceived":
                    continue
                frame = event["params"]["response"]
                data = frame["payloadData"]
                raw = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
                stream.feed(raw)
                if wanted in "\n".join(screen.display):
                    return "\n".join(screen.display)
    raise EOFError("the browser closed")


@needs_chromium
def test_the_browser_sees_the_lesson(tmp_path: Path, capsys) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    port, title = _free_port(), sshkit.first_title("en")

    async def body() -> str:
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tui_tutor", "serve", "web", str(folder.root), "alice",
            "--port", str(port), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        browser = await asyncio.create_subprocess_exec(
            CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'chromium'}", "about:blank",
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            line = await _line_with(server.stdout, "tui-tutor serve web:")  # once it listens
            assert f"alice's tutor on http://127.0.0.1:{port}" in line and "no login" in line
            devtools = (await _line_with(browser.stderr, "DevTools listening on")).split()[-1]
            url = f"http://127.0.0.1:{port}/"
            screen = await asyncio.wait_for(_page_text(devtools, url, title), WAIT)
            browser.kill()  # the page closes: its app ends (textual-serve waits for it)
            await browser.wait()
            server.send_signal(signal.SIGTERM)
            await asyncio.wait_for(server.wait(), WAIT)
            return screen
        finally:
            for proc in (browser, server):
                if proc.returncode is None:
                    proc.kill()
                    await proc.wait()

    screen = sshkit.run(body)
    assert "step 1/" in screen
    assert folder.progress_file("alice").is_file()  # the learner's own progress file


def test_serve_web_refuses_a_name_off_the_roster(capsys, tmp_path: Path) -> None:
    folder = sshkit.make_class(tmp_path, "alice")
    for name, says in [("bob", "not on the roster"), ("../../x", "not a learner name")]:
        code, _, err = run_cli(capsys, "serve", "web", str(folder.root), name)
        assert code == 2 and says in err and err.count("\n") == 1

"""Helpers the CLI's tests share: run ``main`` in-process, a tiny lesson pack, a fake app.

(Not a conftest.py: tests/app imports its own ``conftest`` by name, and a second one
beside it on sys.path could shadow it.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from tui_tutor import cli

ROOT = Path(__file__).resolve().parents[2]
SMALL = ["--m", "100", "--epochs", "30"]

GOOD_LESSON = """+++
id = "intro"
title = "Intro"
order = 1

[lab]
dataset = "moons"
m = 100
epochs = 50
+++

Welcome.

::: step Second

Text.

```quiz
id = "q1"
kind = "single"
prompt = "Pick one"
choices = ["A", "B"]
answer = 2
hint = "B"
explain = "B it is."
```
"""

BROKEN_LESSON = """+++
id = "broken"
title = "Broken"
order = 2

[lab]
lambd = -1
+++

Text.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``tui-tutor ARGV`` in-process: (status, stdout, stderr)."""
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    """``tui-tutor ARGV --json``, checked to be one object on one line, parsed."""
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    assert out.count("\n") == 1  # one object on one line
    return json.loads(out)


def write_pack(tmp_path: Path) -> Path:
    """A lesson folder with one good lesson (id "intro")."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "01-intro.md").write_text(GOOD_LESSON, encoding="utf-8")
    return folder


def fake_app(monkeypatch: pytest.MonkeyPatch, terminal: bool = True) -> list[dict]:
    """Put a stand-in for tui_tutor.app in place; returns the list of run_app calls.

    ``terminal``: whether stdin and stdout count as a terminal (under pytest they are not;
    the app refuses to start without one).
    """
    from tui_tutor.cli import app

    monkeypatch.setattr(app, "has_terminal", lambda: terminal)
    calls: list[dict] = []
    module = types.ModuleType("tui_tutor.app")

    def run_app(**kwargs):
        calls.append(kwargs)
        return 0

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui_tutor.app", module)
    return calls


def python(*args: str, env_extra: dict | None = None, **kw) -> subprocess.CompletedProcess:
    """Run this checkout's Python in a subprocess (the real entry points)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=60, **kw
    )

"""Starting the app (its options reach run_app) and the real entry points."""

from __future__ import annotations

import os
import subprocess
import sys

from cli_helpers import ROOT, fake_app, python, run, write_pack

from tui_tutor import course


def test_app_options_reach_run_app(capsys, monkeypatch, tmp_path):
    calls = fake_app(monkeypatch)
    pack = write_pack(tmp_path)
    argv = ["--lang", "zh", "--lesson", "intro", "--lessons", str(pack)]
    status, _, err = run(capsys, *argv, "--progress", str(tmp_path / "p.json"), "--test-mode")
    assert status == 0, err
    assert calls == [
        {
            "lang": "zh",
            "lesson": "intro",
            "lessons_dir": pack,
            "progress": tmp_path / "p.json",
            "test_mode": True,
        }
    ]


def test_app_default_lang(capsys, monkeypatch):
    calls = fake_app(monkeypatch)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    status, _, _ = run(capsys)
    assert status == 0
    assert calls[0]["lang"] == course.default_lang()


def test_module_help():
    proc = python("-m", "tui_tutor", "--help")
    assert proc.returncode == 0
    for word in ("train", "gradcheck", "sweep", "lessons", "report", "--lesson", "--lang"):
        assert word in proc.stdout


def test_headless_commands_do_not_import_textual():
    code = (
        "import sys; from tui_tutor.cli import main; "
        "main(['train', '--m', '60', '--epochs', '5']); "
        "main(['sweep', '--m', '60', '--epochs', '5', '--lambds', '0,1', '--json']); "
        "main(['gradcheck', '--m', '20']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')"
    )
    proc = python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("NO-TEXTUAL")


def test_broken_pipe_is_quiet():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_tutor", "train", "--m", "200", "--epochs", "3000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    proc.stdout.close()  # the reader goes away before anything is written (like `| head`)
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert err == ""

"""`tui-tutor --class DIR`: checked before the app starts; `--name` is the class name."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "cli"))
from cli_helpers import fake_app, run  # noqa: E402

from tui_tutor.classroom.seat import Seat  # noqa: E402


def test_class_seat_reaches_the_app_and_progress_defaults_to_the_class(capsys, monkeypatch, klass):
    calls = fake_app(monkeypatch)
    status, _, err = run(capsys, "--class", str(klass), "--name", "alice", "--test-mode")
    assert status == 0, err
    (call,) = calls
    assert call["classroom"] == Seat(klass, "alice")
    assert call["progress"] == klass / "progress" / "alice.json"
    assert (klass / "live").is_dir()  # made for the live file


def test_explicit_progress_wins(capsys, monkeypatch, klass, tmp_path):
    calls = fake_app(monkeypatch)
    mine = tmp_path / "mine.json"
    status, _, err = run(capsys, "--class", str(klass), "--name", "bob", "--progress", str(mine))
    assert status == 0, err
    assert calls[0]["progress"] == mine


def test_name_defaults_to_the_login_name(capsys, monkeypatch, klass):
    calls = fake_app(monkeypatch)
    monkeypatch.setattr("tui_tutor.classroom.seat.default_name", lambda: "bob")
    status, _, err = run(capsys, "--class", str(klass))
    assert status == 0, err
    assert calls[0]["classroom"].name == "bob"


def test_without_class_nothing_changes(capsys, monkeypatch):
    calls = fake_app(monkeypatch)
    status, _, _ = run(capsys, "--name", "Ana Li", "--test-mode")
    assert status == 0
    assert "classroom" not in calls[0]


def test_bad_class_and_names_are_one_clear_line(capsys, monkeypatch, klass, tmp_path):
    fake_app(monkeypatch)
    cases = [
        (["--class", str(tmp_path)], "--class: "),
        (["--class", str(tmp_path / "nope")], "does not exist"),
        (["--class", ""], "--class: the path is empty"),
        (["--class", str(klass), "--name", "../../x"], "--name:"),
        (["--class", str(klass), "--name", "Ana Li"], "--name:"),
        (["--class", str(klass), "--name", "carol"], "not on the roster"),
    ]
    for argv, words in cases:
        status, out, err = run(capsys, *argv, "--test-mode")
        assert status == 2, argv
        assert words in err, (argv, err)
        assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()


def test_unwritable_live_folder_is_reported(capsys, monkeypatch, klass):
    if os.geteuid() == 0:
        return  # root writes anywhere
    fake_app(monkeypatch)
    klass.chmod(0o555)
    try:
        status, _, err = run(capsys, "--class", str(klass), "--name", "alice", "--test-mode")
    finally:
        klass.chmod(0o755)
    assert status == 2 and "cannot make" in err


def test_class_is_an_app_option(capsys, klass):
    status, _, err = run(capsys, "report", "--class", str(klass))
    assert status == 2
    assert "--class" in err

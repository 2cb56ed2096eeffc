"""The command line under odd conditions: empty paths, closed streams, no terminal,
Ctrl-C while Python is still importing, a learner's name; and clean --help screens."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest
from cli_helpers import ROOT, fake_app, python, run, write_pack

from tui_tutor.course import read_progress

EMPTY = [
    (["--lessons", ""], "--lessons: the path is empty"),
    (["--progress", ""], "--progress: the path is empty"),
    (["lessons", "--lessons", ""], "--lessons: the path is empty"),
    (["lessons", "--check", ""], "--check: the path is empty"),
    (["report", "--lessons", "", "x.json"], "--lessons: the path is empty"),
    (["--lessons", "", "train"], "--lessons applies to the app"),
]


@pytest.mark.parametrize(("argv", "fragment"), EMPTY, ids=lambda v: repr(v))
def test_an_empty_path_is_refused_not_taken_as_the_current_folder(
    capsys, monkeypatch, tmp_path, argv, fragment
):
    calls = fake_app(monkeypatch)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.json").write_text("{}")
    status, out, err = run(capsys, *argv)
    assert status == 2 and not calls and out == ""
    assert err.startswith(f"tui-tutor: error: {fragment}") and err.count("\n") == 1, err


def test_train_with_stdout_closed_ends_without_a_traceback(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    script = 'exec "$0" -m tui_tutor train --m 60 --epochs 5 >&-'
    proc = subprocess.run(
        ["sh", "-c", script, sys.executable],
        capture_output=False,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=60,
        cwd=tmp_path,
    )
    assert "Traceback" not in proc.stderr and proc.stderr == "", proc.stderr
    assert proc.returncode == 0


INTERRUPT_AT_IMPORT = textwrap.dedent(
    """
    import runpy, sys

    class CtrlC:  # Ctrl-C arrives while Python imports NumPy (the first tenth of a second)
        def find_spec(self, name, path=None, target=None):
            if name == "numpy":
                raise KeyboardInterrupt
            return None

    sys.meta_path.insert(0, CtrlC())
    sys.argv = ["tui-tutor", "lessons"]
    runpy.run_module("tui_tutor", run_name="__main__", alter_sys=True)
    """
)


def test_ctrl_c_while_importing_is_one_line_not_a_traceback():
    proc = python("-c", INTERRUPT_AT_IMPORT)
    assert (proc.returncode, proc.stderr) == (130, "tui-tutor: interrupted\n")


def test_the_app_without_a_terminal_refuses_at_once(capsys, monkeypatch, tmp_path):
    calls = fake_app(monkeypatch, terminal=False)
    status, out, err = run(capsys, "--lessons", str(write_pack(tmp_path)))
    assert status == 2 and not calls and out == ""
    assert err.startswith("tui-tutor: error: the app needs a terminal") and err.count("\n") == 1
    # The real thing, with stdin and stdout a pipe: one line, not a wait until killed.
    proc = python(
        "-m", "tui_tutor", "--progress", str(tmp_path / "p.json"), stdin=subprocess.DEVNULL
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.startswith("tui-tutor: error: the app needs a terminal")


def test_the_learners_name_is_kept_in_the_progress_file(capsys, monkeypatch, tmp_path):
    calls = fake_app(monkeypatch)
    path = tmp_path / "progress.json"
    status, _, err = run(capsys, "--name", "  Ana   Li ", "--progress", str(path))
    assert status == 0 and len(calls) == 1, err
    assert read_progress(path).learner == "Ana Li"
    status, _, _ = run(capsys, "--progress", str(path))  # given once, it stays
    assert status == 0 and read_progress(path).learner == "Ana Li"
    status, out, _ = run(capsys, "report", str(path))
    assert out.splitlines()[2].startswith("Ana Li ")


def test_a_name_for_an_unreadable_file_goes_into_the_fresh_one(capsys, monkeypatch, tmp_path):
    path = tmp_path / "progress.json"
    path.write_text("{garbled")
    fake_app(monkeypatch)
    from tui_tutor.course import ProgressStore

    def run_app(**kw) -> int:  # moves the bad file aside, as the app does at start
        ProgressStore(kw["progress"]).load()
        return 0

    monkeypatch.setattr(sys.modules["tui_tutor.app"], "run_app", run_app)  # the stand-in
    status, _, _ = run(capsys, "--name", "Bo", "--progress", str(path))
    assert status == 0 and read_progress(path).learner == "Bo"
    (kept,) = tmp_path.glob("progress.json.corrupt-*")
    assert kept.read_text() == "{garbled"


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("", "the name is empty"), ("a" * 41, "the name has 41"), ("x\x1b]0;t\x07", "control")],
)
def test_a_bad_name_is_one_line(capsys, monkeypatch, tmp_path, name, fragment):
    calls = fake_app(monkeypatch)
    status, _, err = run(capsys, "--name", name, "--progress", str(tmp_path / "p.json"))
    assert status == 2 and not calls
    assert err.startswith("tui-tutor: error: --name: ") and fragment in err
    assert "\x1b" not in err and err.count("\n") == 1
    assert not (tmp_path / "p.json").exists()


def test_name_applies_to_the_app(capsys):
    status, _, err = run(capsys, "--name", "Ana", "report", "x.json")
    assert status == 2 and "--name applies to the app" in err


def test_an_error_message_quoting_a_path_is_cleaned(capsys, tmp_path):
    status, _, err = run(capsys, "lessons", "--check", str(tmp_path / "\x1b]0;owned\x07"))
    assert status == 2 and "\x1b" not in err and "\\x1b]0;owned\\x07" in err


@pytest.mark.parametrize("command", ["train", "gradcheck", "sweep", "lessons", "report"])
def test_each_help_starts_with_a_clean_usage_line(command):
    env_columns = {"COLUMNS": "80"}
    proc = python("-m", "tui_tutor", command, "--help", env_extra=env_columns)
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.splitlines()
    assert lines[0].startswith(f"usage: tui-tutor {command} [-h] ")
    usage = lines[: lines.index("")]
    indent = " " * len(f"usage: tui-tutor {command} ")
    assert all(line.startswith(indent + "[") or line.startswith(indent) for line in usage[1:])
    assert all(len(line) <= 80 for line in lines), [ln for ln in lines if len(ln) > 80]
    assert all(c.isprintable() for line in lines for c in line)


def test_top_level_help_names_every_app_option():
    proc = python("-m", "tui_tutor", "--help", env_extra={"COLUMNS": "80"})
    lines = proc.stdout.splitlines()
    assert lines[:2] == [
        "usage: tui-tutor [--lang en|zh] [--lesson ID] [--lessons DIR] [--progress PATH]",
        "                 [--name NAME] [--class DIR]",
    ]
    assert lines[2].startswith("       tui-tutor COMMAND [options]")
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize(
    "payload", ["9" * 400, "1e400", "7" * 5000], ids=["400 digits", "1e400", "5000 digits"]
)
def test_the_app_starts_on_a_hostile_progress_file(tmp_path, payload):
    from tui_tutor.app import build_app

    path = tmp_path / "progress.json"
    path.write_text(
        '{"schema": "tui-tutor-progress", "version": 1, "step": ' + payload + "}", encoding="utf-8"
    )
    app = build_app(lang="en", progress=path, test_mode=True)  # no exception: it starts
    assert "was unreadable" in (app.tracker.warning or "")
    (kept,) = tmp_path.glob("progress.json.corrupt-*")
    assert payload in kept.read_text()

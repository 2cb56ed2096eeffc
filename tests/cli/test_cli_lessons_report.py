"""``tui-tutor lessons`` (list, --check) and ``tui-tutor report``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from cli_helpers import BROKEN_LESSON, fake_app, run, write_pack


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path)


def test_lessons_list(capsys, pack):
    (pack / "02-broken.md").write_text(BROKEN_LESSON, encoding="utf-8")
    status, out, err = run(capsys, "lessons", "--lessons", str(pack))
    assert status == 0
    header, row = out.splitlines()
    assert header.split() == ["order", "id", "steps", "quizzes", "title"]
    assert row.split() == ["1", "intro", "2", "1", "Intro"]
    assert "problem: " in err and "02-broken.md:7:" in err


def test_lessons_check(capsys, pack):
    status, out, _ = run(capsys, "lessons", "--check", str(pack))
    assert (status, out) == (0, "1 lesson OK\n")
    (pack / "02-broken.md").write_text(BROKEN_LESSON, encoding="utf-8")
    status, out, err = run(capsys, "lessons", "--check", str(pack))
    assert status == 1
    assert out == f"{pack / '02-broken.md'}:7: lambd: must be between 0 and 1000, got -1\n"
    assert "1 problem found" in err
    status, out, _ = run(capsys, "lessons", "--check", str(pack / "01-intro.md"))
    assert (status, out) == (0, "1 lesson OK\n")


FALSE_CLAIM = """+++
id = "tiny"
title = "Tiny"
order = 1

[lab]
m = 80
layers = [4]
epochs = 60
+++

A small run.

```lab
claims = [
  { metric = "train_error", op = "<", value = 0.9 },
  { metric = "dev_error", op = "<", value = 0.0 },
]
```
"""


def test_lessons_check_run_reports_a_false_claim_with_the_measured_value(capsys, tmp_path):
    folder = tmp_path / "runs"
    folder.mkdir()
    (folder / "01-tiny.md").write_text(FALSE_CLAIM, encoding="utf-8")
    status, out, _ = run(capsys, "lessons", "--check", str(folder))
    assert (status, out) == (0, "1 lesson OK\n")  # the file is valid ...
    status, out, err = run(capsys, "lessons", "--check", str(folder), "--run")
    assert status == 1  # ... but what it claims does not hold
    (line,) = out.splitlines()
    claim_line = FALSE_CLAIM.splitlines().index(
        '  { metric = "dev_error", op = "<", value = 0.0 },'
    )
    assert line.startswith(f"{folder / '01-tiny.md'}:{claim_line + 1}: ")
    assert re.search(r"dev error < 0% does not hold: measured \d+(\.\d+)?%", line)
    assert "1 problem found" in err


def test_lessons_run_needs_check(capsys):
    status, _, err = run(capsys, "lessons", "--run")
    assert status == 2 and "--run goes with --check" in err


def test_lessons_check_missing_folder(capsys, tmp_path):
    status, _, err = run(capsys, "lessons", "--check", str(tmp_path / "nope"))
    assert status == 2 and "does not exist" in err


def test_bundled_lessons_check(capsys):
    # The content's own tests pin that the pack is clean; this pins the command's output.
    status, out, err = run(capsys, "lessons", "--check")
    assert status == 0, out + err
    assert re.fullmatch(r"\d+ lessons? OK\n", out)
    status, out, err = run(capsys, "lessons", "--lang", "en")
    header = ["order", "id", "steps", "quizzes", "title"]
    assert status == 0 and out.splitlines()[0].split() == header


def test_report_missing_file(capsys, tmp_path):
    status, _, err = run(capsys, "report", str(tmp_path / "nope.json"))
    assert status == 2 and "nope.json: no such file" in err
    status, _, err = run(capsys, "report", str(tmp_path))
    assert status == 2 and "is a folder" in err


PROGRESS = {
    "schema": "tui-tutor-progress",
    "version": 1,
    "learner": None,
    "lang": "en",
    "lesson": "intro",
    "step": 1,
    "updated": 1764140000.0,
    "lessons": {
        "intro": {
            "step": 1,
            "finished": True,
            "score": 0.5,
            "updated": 1764140000.0,
            "answers": {"q1": {"response": 2, "correct": True, "attempts": 2}},
            "challenges": [],
            "lab": {},
        }
    },
}


def test_report(capsys, tmp_path):
    pack = str(write_pack(tmp_path))  # the lesson "intro" the file speaks of
    (tmp_path / "alice").mkdir()
    alice = tmp_path / "alice" / "progress.json"
    alice.write_text(json.dumps(PROGRESS), encoding="utf-8")
    status, out, err = run(capsys, "report", str(alice), "--lessons", pack)
    assert status == 0, out + err
    assert "alice" in out and "intro" in out and "50%" in out
    status, out, _ = run(capsys, "report", str(alice), "--csv", "--lessons", pack)
    assert status == 0
    header, row = out.splitlines()
    assert header.split(",")[0] == "learner" and row.split(",")[0] == "alice"
    bob = tmp_path / "bob.json"
    bob.write_text("{garbled", encoding="utf-8")
    status, out, err = run(capsys, "report", str(alice), str(bob), "--lessons", pack)
    assert status == 1  # the unreadable file gets a row saying why, and the status says so
    assert "bob" in out and "not valid JSON" in out and "Traceback" not in err
    # Against the bundled lessons (the default) "intro" does not exist: flagged, status 1.
    status, out, err = run(capsys, "report", str(alice))
    assert status == 1
    assert "alice: " in out and "lessons the pack does not have: intro" in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_as_progress_file_is_refused_not_waited_on(capsys, tmp_path, monkeypatch):
    calls = fake_app(monkeypatch)
    pipe = tmp_path / "progress.json"
    os.mkfifo(pipe)
    status, out, err = run(capsys, "report", str(pipe))
    assert status == 1 and "not a regular file" in out
    status, _, err = run(capsys, "--progress", str(pipe))
    assert status == 2 and "not a regular file" in err and not calls

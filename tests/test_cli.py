"""The command line: every bad-input path, the JSON shapes, and the real entry points.

Most tests call ``main([...])`` in-process (fast); a few run the installed entry point in
a subprocess. Training runs are kept tiny.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import re
import subprocess
import sys
import types
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor import cli, course, ml

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


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A lesson folder with one good lesson (id "intro")."""
    folder = tmp_path / "pack"
    folder.mkdir()
    (folder / "01-intro.md").write_text(GOOD_LESSON, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = cli.main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> dict:
    status, out, err = run(capsys, *argv, "--json")
    assert status == 0, err
    assert out.count("\n") == 1  # one object on one line
    return json.loads(out)


# -- bad input: one line on stderr, status 2, never a traceback ---------------------------
ERRORS = [
    (["train", "--layers", "0,abc"], ["--layers", "'abc'", "20,3"]),
    (["train", "--layers", "0"], ["--layers", "1 to 256"]),
    (["train", "--layers", "1,2,3,4,5,6,7"], ["--layers", "at most 6"]),
    (["train", "--lambd", "-1"], ["--lambd", "between 0 and 1000", "-1"]),
    (["train", "--lambd", "abc"], ["--lambd", "'abc' is not a number", "0 to 1000"]),
    (["train", "--lambd", "nan"], ["--lambd", "finite"]),
    (["train", "--lambd"], ["--lambd", "expected one argument"]),
    (["train", "--split", "0.8,0.8"], ["--split", "add up to 1", "0.6,0.2,0.2"]),
    (["train", "--split", "a,b"], ["--split", "not a list of numbers"]),
    (["train", "--split", "0.6,,0.4"], ["--split", "empty item"]),
    (["train", "--split", "300,100,100"], ["--split", "500", "400 examples"]),
    (["train", "--epochs", "0"], ["--epochs", "between 1 and"]),
    (["train", "--epochs", "1.5"], ["--epochs", "whole number"]),
    (["train", "--m", "5"], ["--m", "between 8 and"]),
    (["train", "--dataset", "nope"], ["--dataset", "'nope'", "moons", "blobs"]),
    (["train", "--activation", "sigmoid"], ["--activation", "relu or tanh"]),
    (["train", "--init", "bad"], ["--init", "xavier"]),
    (["train", "--lr", "0"], ["--lr", "between"]),
    (["train", "--batch-size", "1000"], ["--batch-size", "240 training examples"]),
    (["train", "--every", "0"], ["--every", "at least 1"]),
    (["train", "--flip", "0.6"], ["--flip", "0.45"]),
    (["train", "--bogus"], ["--bogus", "tui-tutor train --help"]),
    (["train", "extra"], ["extra", "tui-tutor train --help"]),
    (["trian"], ["unknown command 'trian'", "train, gradcheck, sweep, lessons, report"]),
    (["--bogus"], ["--bogus", "tui-tutor --help"]),
    (["--lang", "fr"], ["--lang", "'fr'", "en, zh"]),
    (["gradcheck", "--epsilon", "0"], ["--epsilon", "between 0 and 1"]),
    (["gradcheck", "--after", "-1"], ["--after", "between 0 and"]),
    (["gradcheck", "--layers", "x"], ["--layers", "'x'"]),
    (["sweep", "--lambds", "0,-1"], ["--lambds", "between 0 and 1000"]),
    (["sweep", "--lambds", "0,abc"], ["--lambds", "not a list of numbers"]),
    (["sweep", "--sizes", "5,100000"], ["--sizes", "100000", "from 1 to 240"]),
    (["sweep", "--sizes", "5,x"], ["--sizes", "whole numbers"]),
    (["sweep", "--lambds", "1", "--sizes", "5"], ["--sizes", "not allowed with", "--lambds"]),
    (["sweep", "--lambd", "1"], ["--lambd", "--lambds"]),
    (["report"], ["FILE", "required"]),
    (["--lesson", "x", "train"], ["--lesson applies to the app", "tui-tutor train --help"]),
    (["--lang", "zh", "sweep"], ["--lang applies to the app", "tui-tutor sweep --help"]),
]


@pytest.mark.parametrize(("argv", "fragments"), ERRORS, ids=lambda v: " ".join(v))
def test_bad_input_is_one_clear_line(capsys, argv, fragments):
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("tui-tutor: error: ")
    assert err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def _pipe(tmp_path: Path) -> str:
    path = tmp_path / "data.csv"
    os.mkfifo(path)
    return str(path)


def _csv(tmp_path: Path, text: str) -> str:
    path = tmp_path / "data.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (lambda tmp: str(tmp / "missing.csv"), ["--csv", "no such file", "x1,x2,label"]),
        (lambda tmp: str(tmp), ["--csv", "is a folder", "x1,x2,label"]),
        (lambda tmp: _csv(tmp, "x1,x2,label\n1,2,0\n3,x,1\n"), ["data.csv:3:", "x1,x2,label"]),
        (lambda tmp: _csv(tmp, "1,2\n"), ["data.csv:1:", "3 columns"]),
        (lambda tmp: _csv(tmp, "1,2,0\n1,3,1\n2,2,2\n2,3,0\n"), ["data.csv:3:", "0 or 1"]),
        (lambda tmp: _csv(tmp, "1,2,0\n1,3,1\n"), ["at least 4"]),
        (lambda tmp: "", ["--csv", "empty", "x1,x2,label"]),
        pytest.param(
            _pipe,
            ["--csv", "not a regular file", "x1,x2,label"],
            marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes"),
        ),
    ],
    ids=["missing", "folder", "garbled", "columns", "label", "short", "empty", "pipe"],
)
def test_bad_csv(capsys, tmp_path, make, fragments):
    status, out, err = run(capsys, "train", "--csv", make(tmp_path), *SMALL)
    assert status == 2 and out == ""
    assert err.startswith("tui-tutor: error: ") and err.count("\n") == 1, err
    for fragment in fragments:
        assert fragment in err


def test_csv_trains(capsys, tmp_path):
    rows = "\n".join(f"{i % 7},{(i * 3) % 5},{i % 2}" for i in range(40))
    data = run_json(capsys, "train", "--csv", _csv(tmp_path, "x1,x2,label\n" + rows), *SMALL)
    assert data["config"]["csv"].endswith("data.csv")
    assert sum(data["sizes"].values()) == 40


def test_app_option_errors(capsys, tmp_path, pack):
    cases = [
        (["--lessons", str(tmp_path / "nope")], "does not exist"),
        (["--lessons", str(pack / "01-intro.md")], "is not a folder"),
        (["--lesson", "nope", "--lessons", str(pack)], "choose from intro"),
        (["--progress", str(tmp_path)], "is a folder"),
        (["--progress", str(tmp_path / "no" / "p.json")], "does not exist"),
    ]
    for argv, fragment in cases:
        status, out, err = run(capsys, "--lang", "en", *argv)
        assert status == 2, argv
        assert err.startswith("tui-tutor: error: ") and fragment in err, err
        assert err.count("\n") == 1


# -- train ------------------------------------------------------------------------------
def test_train_json_matches_the_engine(capsys):
    argv = ["--m", "120", "--epochs", "60", "--layers", "8", "--lambd", "0.1", "--seed", "3"]
    data = run_json(capsys, "train", *argv)
    assert set(data) >= {"command", "config", "records", "final", "diagnosis", "status"}
    cfg = ml.LabConfig.from_mapping(
        {"m": 120, "epochs": 60, "layers": (8,), "lambd": 0.1, "seed": 3}
    )
    run_, last = cfg.final()
    assert data["config"] == cfg.as_dict()
    assert data["final"]["train_error"] == last.train_error
    assert data["final"]["dev_error"] == last.dev_error
    assert data["final"]["w_norm_sq"] == pytest.approx(last.w_norm_sq)
    assert data["records"][0]["epoch"] == 0
    assert data["records"][-1]["epoch"] == 60
    assert data["records"][-1]["status"] == "done"
    d = ml.diagnose(last.train_error, last.dev_error, cfg.bayes_error)
    assert data["diagnosis"]["kind"] == d.kind
    assert data["diagnosis"]["advice"] == d.advice


def test_train_json_keeps_at_most_200_records(capsys):
    data = run_json(capsys, "train", "--m", "60", "--epochs", "1000", "--every", "1")
    recs = data["records"]
    assert len(recs) <= cli.MAX_JSON_RECORDS
    assert recs[0]["epoch"] == 0 and recs[-1]["epoch"] == 1000
    assert [r["epoch"] for r in recs] == sorted({r["epoch"] for r in recs})


def test_train_logistic_regression(capsys):
    for spelling in ("none", ""):
        data = run_json(capsys, "train", *SMALL, "--layers", spelling)
        assert data["config"]["layers"] == []


def test_train_split_counts(capsys):
    data = run_json(capsys, "train", "--m", "100", "--epochs", "5", "--split", "60,20,20")
    assert data["sizes"] == {"train": 60, "dev": 20, "test": 20}


def test_train_human_output(capsys):
    # Without geometric noise the classes do not overlap: the floor is the flip rate.
    status, out, err = run(capsys, "train", *SMALL, "--flip", "0.1", "--noise", "0")
    assert status == 0, err
    assert "error against epoch" in out and "cost against epoch" in out
    assert "Bayes floor 10.0%" in out  # drawn on the error plot
    assert "epoch" in out and "train err" in out and "‖W‖²_F" in out
    assert "diagnosis: " in out and "Bayes floor 10.0%" in out
    assert "%" in out.splitlines()[-3]  # the table's rows show percentages
    assert "\x1b[" not in out  # not a terminal: no color codes


def test_train_no_plot(capsys):
    status, out, _ = run(capsys, "train", *SMALL, "--no-plot")
    assert status == 0
    assert "against epoch" not in out and "diagnosis: " in out


def test_train_diverged(capsys):
    argv = ["--m", "60", "--epochs", "200", "--lr", "10", "--layers", "64,64,64"]
    argv += ["--init", "random", "--init-scale", "100"]
    data = run_json(capsys, "train", *argv)
    assert data["status"] == "diverged" and data["diagnosis"] is None
    assert data["records"][-1]["epoch"] < 200
    status, out, err = run(capsys, "train", *argv, "--no-plot")
    assert status == 0, err
    assert "diverged at epoch" in out and "--lr" in out
    assert max(len(line) for line in out.splitlines()) < 120  # huge costs stay compact


def test_train_without_test_set(capsys):
    data = run_json(capsys, "train", *SMALL, "--split", "0.7,0.3")
    assert data["sizes"]["test"] == 0 and data["final"]["test_error"] is None


def test_color_rules(monkeypatch):
    class Tty:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Tty())
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert cli._use_color()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not cli._use_color()


def test_ctrl_c_during_training(capsys, monkeypatch):
    real_run = ml.LabConfig.run

    def interrupted_run(self, every=1):
        run_ = real_run(self, every=every)
        live = run_.records

        def records():
            yield next(live)
            raise KeyboardInterrupt

        run_.records = records()
        return run_

    monkeypatch.setattr(ml.LabConfig, "run", interrupted_run)
    status, out, err = run(capsys, "train", *SMALL)
    assert status == 130
    assert err == "tui-tutor: interrupted at epoch 0 of 30\n"
    assert "Traceback" not in err


# -- gradcheck --------------------------------------------------------------------------
def test_gradcheck_json(capsys):
    data = run_json(capsys, "gradcheck", "--details", "--lambd", "0.7")
    assert data["verdict"] == "great"
    assert data["difference"] < 1e-6
    assert list(data["details"]) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    assert data["n_params"] == 2 * 5 + 5 + 5 * 3 + 3 + 3 + 1
    assert data["m_train"] == 12  # m 20 split 60/20/20


def test_gradcheck_human(capsys):
    status, out, _ = run(capsys, "gradcheck", "--activation", "tanh", "--after", "20", "--details")
    assert status == 0
    assert "after 20 epochs" in out and "great" in out and "W2" in out


@pytest.mark.parametrize(
    ("diff", "verdict"),
    [
        (1.2e-7, "great"),
        (1e-5, "look closer"),
        (1e-3, "probably a bug"),
        (math.nan, "probably a bug"),
    ],
)
def test_gradcheck_verdicts(diff, verdict):
    assert cli._verdict(diff)[0] == verdict


# -- sweep ------------------------------------------------------------------------------
def test_sweep_validation_curve_json(capsys):
    data = run_json(capsys, "sweep", "--m", "100", "--epochs", "40")
    assert data["param"] == "lambd"
    values = [r["lambd"] for r in data["rows"]]
    assert values == list(cli.DEFAULT_LAMBDS) and len(values) == 12 and values[0] == 0
    devs = [r["dev_error"] for r in data["rows"]]
    assert data["best"]["index"] == devs.index(min(devs))
    assert data["best"]["lambd"] == values[data["best"]["index"]]


def test_sweep_learning_curve(capsys):
    data = run_json(capsys, "sweep", "--m", "100", "--epochs", "40", "--sizes", "10,30,60")
    assert data["param"] == "m"
    assert [r["m"] for r in data["rows"]] == [10, 30, 60]
    status, out, _ = run(capsys, "sweep", "--m", "100", "--epochs", "40", "--sizes", "10,60")
    assert status == 0 and "learning curve" in out and "diagnosis at m = 60" in out


def test_sweep_human(capsys):
    status, out, _ = run(capsys, "sweep", "--m", "100", "--epochs", "40", "--lambds", "0,0.1,1")
    assert status == 0
    assert "log scale, 0 at the left" in out
    assert "best λ by dev error" in out and "<- best dev" in out


def test_lambda_axis_puts_zero_left():
    xs, (ticks, labels) = cli._lambda_axis([0.0, 0.01, 0.1, 1.0])
    assert xs == pytest.approx([-3.0, -2.0, -1.0, 0.0])
    assert labels[0] == "0" and labels[-1] == "1"


# -- lessons, report, the app -----------------------------------------------------------
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


def test_lessons_check_missing_folder(capsys, tmp_path):
    status, _, err = run(capsys, "lessons", "--check", str(tmp_path / "nope"))
    assert status == 2 and "does not exist" in err


def _bundled_lessons() -> bool:
    if not hasattr(course, "bundled_lessons_dir"):
        return False
    return all(any(Path(course.bundled_lessons_dir(x)).glob("*.md")) for x in ("en", "zh"))


@pytest.mark.skipif(not _bundled_lessons(), reason="no bundled lessons yet")
def test_bundled_lessons_check(capsys):
    # The content's own tests pin that the pack is clean; this pins the command's output.
    status, out, err = run(capsys, "lessons", "--check")
    assert status in (0, 1), err
    if status == 0:
        assert re.fullmatch(r"\d+ lessons? OK\n", out)
    else:
        for line in out.splitlines():
            assert re.match(r"\S+\.md:\d+: \S", line), line
    status, out, err = run(capsys, "lessons", "--lang", "en")
    assert status == 0 and out.splitlines()[0].split() == [
        "order",
        "id",
        "steps",
        "quizzes",
        "title",
    ]


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
            "answers": {"q1": {"response": 2, "correct": True, "attempts": 1}},
            "challenges": ["c1"],
            "lab": {},
        }
    },
}


@pytest.mark.skipif(not hasattr(course, "build_report"), reason="course.build_report not there")
def test_report(capsys, tmp_path):
    (tmp_path / "alice").mkdir()
    alice = tmp_path / "alice" / "progress.json"
    alice.write_text(json.dumps(PROGRESS), encoding="utf-8")
    status, out, err = run(capsys, "report", str(alice))
    assert status == 0, err
    assert "alice" in out and "intro" in out and "50%" in out
    status, out, _ = run(capsys, "report", str(alice), "--csv")
    assert status == 0
    header, row = out.splitlines()
    assert header.split(",")[0] == "learner" and row.split(",")[0] == "alice"
    bob = tmp_path / "bob.json"
    bob.write_text("{garbled", encoding="utf-8")
    status, out, err = run(capsys, "report", str(alice), str(bob))
    assert status == 1  # the unreadable file gets a row saying why, and the status says so
    assert "bob" in out and "not valid JSON" in out and "Traceback" not in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_as_progress_file_is_refused_not_waited_on(capsys, tmp_path, fake_app):
    pipe = tmp_path / "progress.json"
    os.mkfifo(pipe)
    status, out, err = run(capsys, "report", str(pipe))
    assert status == 1 and "not a regular file" in out
    status, _, err = run(capsys, "--progress", str(pipe))
    assert status == 2 and "not a regular file" in err and not fake_app


@pytest.fixture
def fake_app(monkeypatch):
    """A stand-in for tui_tutor.app that records how run_app was called."""
    calls: list[dict] = []
    module = types.ModuleType("tui_tutor.app")

    def run_app(**kwargs):
        calls.append(kwargs)
        return 0

    module.run_app = run_app  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tui_tutor.app", module)
    return calls


def test_app_options_reach_run_app(capsys, fake_app, pack, tmp_path):
    argv = ["--lang", "zh", "--lesson", "intro", "--lessons", str(pack)]
    status, _, err = run(capsys, *argv, "--progress", str(tmp_path / "p.json"), "--test-mode")
    assert status == 0, err
    assert fake_app == [
        {
            "lang": "zh",
            "lesson": "intro",
            "lessons_dir": pack,
            "progress": tmp_path / "p.json",
            "test_mode": True,
        }
    ]


@pytest.mark.skipif(not hasattr(course, "default_lang"), reason="course.default_lang not there yet")
def test_app_default_lang(capsys, fake_app, monkeypatch):
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    status, _, _ = run(capsys)
    assert status == 0
    assert fake_app[0]["lang"] == course.default_lang()


# -- the real entry points --------------------------------------------------------------
def _python(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, timeout=60, **kw
    )


def test_module_help():
    proc = _python("-m", "tui_tutor", "--help")
    assert proc.returncode == 0
    for word in ("train", "gradcheck", "sweep", "lessons", "report", "--lesson", "--lang"):
        assert word in proc.stdout


def test_module_error_status():
    proc = _python("-m", "tui_tutor", "train", "--lambd", "-1")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("tui-tutor: error: --lambd: ")
    assert "Traceback" not in proc.stderr


def test_headless_commands_do_not_import_textual():
    code = (
        "import sys; from tui_tutor.cli import main; "
        "main(['train', '--m', '60', '--epochs', '5']); "
        "main(['sweep', '--m', '60', '--epochs', '5', '--lambds', '0,1', '--json']); "
        "main(['gradcheck', '--m', '20']); "
        "print('TEXTUAL' if 'textual' in sys.modules else 'NO-TEXTUAL')"
    )
    proc = _python("-c", code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith("NO-TEXTUAL")


def test_broken_pipe_is_quiet():
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
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


# -- property: any text for a value option gives a result or one clear error ------------
VALUE_OPTIONS = ["--layers", "--split", "--lambd", "--m", "--epochs", "--noise", "--dataset"]


@settings(max_examples=60, deadline=None)
@given(
    option=st.sampled_from(VALUE_OPTIONS),
    text=st.text(alphabet="0123456789.,-e abcnone", max_size=12),
)
def test_any_value_text_is_handled(option, text):
    out, err = io.StringIO(), io.StringIO()
    argv = ["train", "--m", "20", "--epochs", "2", "--no-plot", f"{option}={text}"]
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    assert status in (0, 2)
    if status == 2:
        assert err.getvalue().startswith("tui-tutor: error: ")
        assert err.getvalue().count("\n") == 1
    assert "Traceback" not in err.getvalue()

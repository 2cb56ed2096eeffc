"""Bad input: one line on stderr (what is wrong; what is accepted), status 2, no traceback."""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import pytest
from cli_helpers import SMALL, python, run, write_pack
from hypothesis import given, settings
from hypothesis import strategies as st

from tui_tutor import cli

ERRORS = [
    (["train", "--layers", "0,abc"], ["--layers", "'abc'", "20,3"]),
    (["train", "--layers", "0"], ["--layers", "1 to 256"]),
    (["train", "--layers", ",".join(["2"] * 51)], ["--layers", "at most 50"]),
    (["train", "--lambd", "-1"], ["--lambd", "between 0 and 1000", "-1"]),
    (["train", "--lambd", "abc"], ["--lambd", "'abc' is not a number", "0 to 1000"]),
    (["train", "--lambd", "nan"], ["--lambd", "finite", "0 to 1000"]),
    (["train", "--lambd"], ["--lambd", "expected one argument"]),
    (["train", "--split", "0.8,0.8"], ["--split", "add up to 1", "0.6,0.2,0.2"]),
    (["train", "--split", "a,b"], ["--split", "not a list of numbers"]),
    (["train", "--split", "0.6,,0.4"], ["--split", "empty item"]),
    (["train", "--split", "300,100,100"], ["--split", "500", "400 examples"]),
    (["train", "--epochs", "0"], ["--epochs", "between 1 and"]),
    (["train", "--epochs", "1.5"], ["--epochs", "whole number", "1 to 200000"]),
    (["train", "--epochs="], ["--epochs", "empty", "1 to 200000"]),
    (["train", "--m", "5"], ["--m", "between 8 and"]),
    (["train", "--dataset", "nope"], ["--dataset", "'nope'", "moons", "blobs"]),
    (["train", "--activation", "swish"], ["--activation", "relu, tanh, linear, sigmoid"]),
    (["train", "--init", "bad"], ["--init", "xavier"]),
    (["train", "--lr", "0"], ["--lr", "between"]),
    (["train", "--batch-size", "1000"], ["--batch-size", "240 training examples"]),
    (["train", "--every", "0"], ["--every", "at least 1"]),
    (["train", "--flip", "0.6"], ["--flip", "0.45"]),
    (["train", "--normalize", "maybe"], ["--normalize", "'maybe'", "on or off"]),
    (["train", "--feature-scale", "1"], ["--feature-scale", "two factors", "1,50"]),
    (["train", "--feature-scale", "1,0"], ["--feature-scale", "0.001 and 1000", "got 0"]),
    (["train", "--feature-scale", "a,b"], ["--feature-scale", "not a list of numbers"]),
    (["train", "--bogus"], ["--bogus", "tui-tutor train --help"]),
    (["train", "extra"], ["extra", "tui-tutor train --help"]),
    (["trian"], ["unknown command 'trian'", "train, gradcheck, sweep, lessons, report"]),
    (["--bogus"], ["--bogus", "tui-tutor --help"]),
    (["--lang", "fr"], ["--lang", "'fr'", "en, zh"]),
    (["gradcheck", "--epsilon", "0"], ["--epsilon", "between 0 and 1"]),
    (["gradcheck", "--after", "-1"], ["--after", "between 0 and"]),
    (["gradcheck", "--after", "1.5"], ["--after", "whole number", "between 0 and"]),
    (["gradcheck", "--layers", "x"], ["--layers", "'x'"]),
    (["sweep", "--lambds", "0,-1"], ["--lambds", "between 0 and 1000"]),
    (["sweep", "--lambds", "0,abc"], ["--lambds", "not a list of numbers", "0 to 1000"]),
    (["sweep", "--lambds", "0,,1"], ["--lambds", "empty item"]),
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


def test_app_option_errors(capsys, tmp_path):
    pack = write_pack(tmp_path)
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


def test_module_error_status():
    proc = python("-m", "tui_tutor", "train", "--lambd", "-1")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("tui-tutor: error: --lambd: ")
    assert "Traceback" not in proc.stderr


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

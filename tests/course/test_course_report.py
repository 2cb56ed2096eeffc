"""The instructors' report: one row per learner file, unreadable files never crash it."""

from __future__ import annotations

import csv
import io
import unicodedata
from pathlib import Path

from tui_tutor.course import Progress, ProgressStore, build_report, format_csv, format_table


def make(path: Path, learner: str | None = None) -> None:
    p = Progress(learner=learner)
    p.record_answer("tour", "q1", 1, True)
    p.lesson_progress("tour").score = 0.75
    p.record_challenge("tour", "c1")
    p.finish("tour")
    p.lesson_progress("bias-variance").score = 0.5
    p.record_challenge("bias-variance", "c2")
    ProgressStore(path).save(p)


def test_rows_and_names(tmp_path: Path) -> None:
    make(tmp_path / "bob.json")
    make(tmp_path / "x.json", learner="李雷")
    (tmp_path / "carol").mkdir()
    make(tmp_path / "carol" / "progress.json")
    (tmp_path / "broken.json").write_text("{not json")
    rows = build_report(
        [
            tmp_path / "bob.json",
            tmp_path / "x.json",
            tmp_path / "carol" / "progress.json",
            tmp_path / "broken.json",
            tmp_path / "missing.json",
            tmp_path / "carol",
        ]
    )
    assert [r.learner for r in rows] == ["bob", "李雷", "carol", "broken", "missing", "carol"]
    bob = rows[0]
    assert (bob.finished, bob.challenges, bob.error) == (1, 2, None)
    assert bob.scores == {"bias-variance": 0.5, "tour": 0.75}
    assert "not valid JSON" in (rows[3].error or "")
    assert rows[4].error == "no such file" and "folder" in (rows[5].error or "")
    assert (tmp_path / "broken.json").read_text() == "{not json"  # a report never moves files


def test_table(tmp_path: Path) -> None:
    make(tmp_path / "bob.json")
    make(tmp_path / "x.json", learner="李雷")
    (tmp_path / "broken.json").write_bytes(b"\xff")
    rows = build_report([tmp_path / "bob.json", tmp_path / "x.json", tmp_path / "broken.json"])
    lines = format_table(rows).splitlines()
    assert lines[0].split() == ["learner", "finished", "challenges", "bias-variance", "tour"]
    assert lines[2].split() == ["bob", "1", "2", "50%", "75%"]
    assert lines[3].split() == ["李雷", "1", "2", "50%", "75%"]
    assert lines[4].split() == ["broken", "unreadable"]
    assert lines[-1].endswith("broken.json: not UTF-8 text")

    # wide characters are padded by terminal cells, so the columns line up
    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)

    header_end = cells(lines[0][: lines[0].index("finished") + len("finished")])
    assert cells(lines[2][: lines[2].index(" 1 ") + 2]) == header_end
    assert cells(lines[3][: lines[3].index(" 1 ") + 2]) == header_end
    assert format_table([]) == "no progress files given"


def test_csv(tmp_path: Path) -> None:
    make(tmp_path / "bob.json")
    (tmp_path / "broken.json").write_text("[]")
    rows = build_report([tmp_path / "bob.json", tmp_path / "broken.json"])
    table = list(csv.reader(io.StringIO(format_csv(rows))))
    assert table[0] == [
        "learner",
        "file",
        "finished",
        "challenges",
        "error",
        "flags",
        "bias-variance",
        "tour",
    ]
    assert table[1] == ["bob", str(tmp_path / "bob.json"), "1", "2", "", "", "0.500", "0.750"]
    assert table[2][0] == "broken" and "should be a JSON dict" in table[2][4]

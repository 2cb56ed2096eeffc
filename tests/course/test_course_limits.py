"""A lesson pack is untrusted: control characters are problems, sizes are capped.

Each payload (a terminal's clipboard write, window title, screen clear, a C1 control, a
right-to-left override, ...) is tried in each place a lesson can carry text: the Markdown
body, a TOML string written with a \\u escape (title, prompt, choices, hint, explain), a
step title and the file name. Each is a ``file:line`` problem and the lesson is not loaded.
Sizes: no test writes a big file; the 1 GB lesson is a sparse file (``os.truncate``) and
the check must answer without reading it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.course.hostile_lesson import LESSON, LINES, PAYLOADS, lesson
from tui_tutor.course import limits, load_pack, parse_lesson


def test_the_clean_lesson_loads() -> None:
    found, problems = parse_lesson(LESSON.format(**{key: "plain" for key in LINES}))
    assert found is not None and problems == []


@pytest.mark.parametrize("place", list(LINES))
@pytest.mark.parametrize("name", list(PAYLOADS))
def test_a_control_character_is_a_problem_at_its_line(place: str, name: str) -> None:
    found, problems = parse_lesson(lesson(place, PAYLOADS[name]), "x.md")
    assert found is None
    lines = {p.line for p in problems if "control character" in p.message}
    assert lines == {LINES[place]}, problems
    for p in problems:  # the message shows the character as an escape, never raw
        assert not any(c in p.message for c in "\x1b\x07\x9b\x7f\u202e")


def test_a_raw_control_character_inside_toml_is_reported_too() -> None:
    text = LESSON.format(**{key: "plain" for key in LINES}).replace("Pick", "x")
    text = text.replace('prompt = "plain"', 'prompt = "a\x1b[2Jb"')
    found, problems = parse_lesson(text)
    assert found is None
    assert any(p.line == 14 and "control character \\x1b (ESC)" in p.message for p in problems)


@pytest.mark.parametrize("ref", ["&#x202e;", "&#8238;", "&rlm;", "&#x1b;"])
def test_a_character_reference_to_a_control_character_is_a_problem(ref: str) -> None:
    found, problems = parse_lesson(lesson("body", ref))
    assert found is None
    assert [p.line for p in problems] == [LINES["body"]] and ref in problems[0].message


def test_a_control_character_in_a_file_name(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    clean_text = LESSON.format(**{key: "plain" for key in LINES})
    name = "01-\x1b]0;owned\x07.md"
    (pack / name).write_text(clean_text, encoding="utf-8")
    loaded = load_pack(pack)
    assert loaded.lessons == []
    (problem,) = loaded.problems
    assert problem.line == 1 and "file name holds a control character" in problem.message
    assert "\\x1b]0;owned\\x07" in problem.message and "\x1b" not in problem.message


# -- sizes ---------------------------------------------------------------------------------
def test_a_huge_sparse_lesson_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    big = pack / "01-big.md"
    with big.open("wb") as f:
        os.truncate(f.fileno(), 1 << 30)  # 1 GB of holes: no disk used
    start = time.perf_counter()
    loaded = load_pack(pack)
    assert time.perf_counter() - start < 2  # stat, not read (reading 1 GB takes longer)
    (problem,) = loaded.problems
    assert (problem.path, problem.line) == (big, 1)
    assert problem.message == "the file is 1.0 GB; a lesson file is at most 256 KB"


def test_a_long_line_is_refused_and_not_read_further() -> None:
    text = LESSON.format(**{key: "plain" for key in LINES})
    text = text.replace("Intro plain.", "x" * (limits.MAX_LINE_CHARS + 1))
    found, problems = parse_lesson(text)
    assert found is None
    assert [(p.line, p.message) for p in problems] == [
        (7, "the line has 4,001 characters; a lesson line has at most 4,000 (break it into lines)")
    ]


def _quiz(i: int, choices: int = 2) -> str:
    names = ", ".join(f'"c{k}"' for k in range(choices))
    return (
        f'```quiz\nid = "q{i}"\nkind = "single"\nprompt = "p"\nchoices = [{names}]\n'
        'answer = 1\nhint = "h"\nexplain = "e"\n```\n'
    )


HEAD = '+++\nid = "demo"\ntitle = "Demo"\norder = 1\n+++\n\nIntro.\n\n'


def test_too_many_choices() -> None:
    found, problems = parse_lesson(HEAD + _quiz(1, choices=limits.MAX_CHOICES + 1))
    assert found is None
    (problem,) = problems
    assert problem.line == 13
    assert problem.message == (
        "the quiz has 10 choices; a quiz has at most 9 (the learner picks with the keys 1 to 9)"
    )
    found, problems = parse_lesson(HEAD + _quiz(1, choices=limits.MAX_CHOICES))
    assert found is not None and problems == []


def test_too_many_quizzes_and_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    quizzes = "".join(_quiz(i) for i in range(limits.MAX_QUIZZES + 1))
    found, problems = parse_lesson(HEAD + quizzes)
    assert found is None
    (problem,) = problems
    assert problem.message == (
        "the lesson has 61 quizzes; a lesson has at most 60 (split it into several lessons)"
    )
    assert (HEAD + quizzes).splitlines()[problem.line - 1] == "```quiz"
    steps = "".join(f"::: step S{i}\n\nText.\n\n" for i in range(limits.MAX_STEPS + 1))
    found, problems = parse_lesson(HEAD + steps)
    assert found is None
    (problem,) = problems
    assert problem.message.startswith("the lesson has 52 steps; a lesson has at most 50")
    assert (HEAD + steps).splitlines()[problem.line - 1].startswith("::: step S")


def test_long_texts(monkeypatch: pytest.MonkeyPatch) -> None:
    step = "::: step S\n\n" + ("word " * 50 + "\n") * 90  # 22,590 characters on short lines
    found, problems = parse_lesson(HEAD + step)
    assert found is None
    assert problems[0].line == 9 and "a step has at most 20,000" in problems[0].message
    found, problems = parse_lesson(HEAD.replace('"Demo"', '"' + "T" * 201 + '"'))
    assert found is None and problems[0].line == 3
    assert problems[0].message == "the title has 201 characters; a title has at most 200"
    text = HEAD + _quiz(1).replace('prompt = "p"', f'prompt = "{"p" * 2001}"')
    found, problems = parse_lesson(text)
    assert found is None and problems[0].line == 12
    assert "prompt has 2,001 characters; a quiz text has at most 2,000" in problems[0].message


def test_too_many_lesson_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_LESSON_FILES", 3)  # the rule, without writing 101 files
    monkeypatch.setattr("tui_tutor.course.parse.MAX_LESSON_FILES", 3)
    pack = tmp_path / "pack"
    pack.mkdir()
    for i in range(5):
        text = HEAD.replace('"demo"', f'"l{i}"')
        (pack / f"{i:02d}.md").write_text(text, encoding="utf-8")
    loaded = load_pack(pack)
    assert [les.id for les in loaded.lessons] == ["l0", "l1", "l2"]
    assert [str(p) for p in loaded.problems] == [
        f"{pack}: the folder holds 5 lesson files; a pack has at most 3: "
        "only the first 3 by name are read"
    ]
    assert [les.id for les in load_pack(pack / "04.md").lessons] == ["l4"]


def test_a_bad_lab_csv_fails_the_check(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "data.csv").write_text("x1,x2,label\n1,2,0\n3,x,1\n", encoding="utf-8")
    text = HEAD.replace("+++\n\nIntro", '\n[lab]\ncsv = "data.csv"\n+++\n\nIntro')
    (pack / "01.md").write_text(text, encoding="utf-8")
    loaded = load_pack(pack)
    assert loaded.lessons == []
    (problem,) = loaded.problems
    assert problem.line == 7 and problem.message.startswith("csv: ")
    assert "data.csv:3:" in problem.message
    rows = "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40))
    (pack / "data.csv").write_text(rows, encoding="utf-8")
    loaded = load_pack(pack)
    assert loaded.problems == [] and len(loaded.lessons) == 1


def test_a_pack_has_a_size_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tui_tutor.course.parse.MAX_PACK_BYTES", 120)  # 2 MB without writing it
    pack = tmp_path / "pack"
    pack.mkdir()
    for i in range(4):
        (pack / f"{i:02d}.md").write_text(HEAD.replace('"demo"', f'"l{i}"'), encoding="utf-8")
    size = (pack / "00.md").stat().st_size
    assert 2 * size <= 120 < 3 * size
    loaded = load_pack(pack)
    assert [les.id for les in loaded.lessons] == ["l0", "l1"]
    assert [p.message for p in loaded.problems] == [
        "the lesson files add up to more than 120 bytes, what a pack may hold: "
        "only the first 2 by name are read"
    ]


def test_the_readme_states_these_limits() -> None:
    from tui_tutor.course import MAX_PROGRESS_BYTES
    from tui_tutor.course.learner import MAX_RESPONSE_CHARS
    from tui_tutor.course.progressfile import MAX_DEPTH

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    header = "| a lesson file | a line | a step's text | steps | quizzes | choices | a quiz text |"
    rows = readme[readme.index(header) :].splitlines()
    cells = [c.strip() for c in rows[2].strip("| ").split("|")]
    chars = "{:,} characters"
    assert cells == [
        limits.size_text(limits.MAX_LESSON_BYTES),
        chars.format(limits.MAX_LINE_CHARS),
        chars.format(limits.MAX_STEP_CHARS),
        str(limits.MAX_STEPS),
        str(limits.MAX_QUIZZES),
        str(limits.MAX_CHOICES),
        chars.format(limits.MAX_TEXT_CHARS),
        str(limits.MAX_LESSON_FILES),
        limits.size_text(limits.MAX_PACK_BYTES).replace(".0", ""),
    ]
    progress = f"A progress file is read only up to {limits.size_text(MAX_PROGRESS_BYTES)}"
    assert progress.replace(".0", "") in " ".join(readme.split())
    assert f"kept to {MAX_RESPONSE_CHARS} characters" in readme
    assert f"nested deeper than {MAX_DEPTH} levels" in readme

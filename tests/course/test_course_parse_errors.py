"""The lesson parser's error paths, each pinned to its file line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.course.parse_helpers import GOOD, line_of, only_problem, problems_of, write
from tui_tutor.course import check_pack, load_pack


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        ("order = 3", 'order = 3\ncolour = "red"', "colour", "unknown front-matter key 'colour'"),
        ('id = "demo"', 'id = "Demo Lesson"', "id =", "id is 'Demo Lesson'"),
        ('title = "Demo lesson"', "title = 5", "title", "title is 5"),
        ("order = 3", 'order = "three"', "order", "order is 'three'"),
        ("order = 3", "order = -1", "order", "order is -1"),
        ("lambd = 0.0\n", "lambd = -1.0\n", "lambd = -1.0", "lambd: must be between 0"),
        ("layers = [8, 3]", "layers = [0, 3]", "layers = [0", "layers: each layer needs 1 to 256"),
        ("epochs = 300", 'epochs = "many"', "epochs =", "epochs: must be a number"),
        ('dataset = "moons"', 'dataset = "faces"', "dataset", "dataset: 'faces' is unknown"),
        ("m = 200", "m = 200\nspeed = 3", "speed", "unknown key 'speed' in [lab]"),
        (
            'views = ["curves", "boundary", "cost"]',
            'views = ["curves", "3d"]',
            "views",
            "views: unknown name '3d'",
        ),
        (
            'controls = ["lambd", "layers", "lr"]',
            'controls = ["lambd", "dropout"]',
            "controls",
            "controls: unknown name 'dropout'",
        ),
        (
            "layers = []\n",
            "layers = []\ncolour = 1\n",
            "colour",
            "unknown key 'colour' in a ```lab",
        ),
        ("layers = []\n", "layers = [300]\n", "layers = [300]", "layers: each layer needs"),
        (
            'view = "boundary"',
            'view = "validation"',
            'view = "validation"',
            "view 'validation' is not among this lesson's views",
        ),
        (
            '{ metric = "train_error", op = ">", value = 0.1 }',
            '{ metric = "trian_error", op = ">", value = 0.1 }',
            "trian_error",
            "unknown metric 'trian_error' in claims",
        ),
        ('op = ">", value = 0.1 }', 'op = "=>", value = 0.1 }', '"=>"', "unknown op '=>'"),
        ("step = 3, margin", "step = 7, margin", "step = 7", "step 7 does not exist"),
        ("step = 3, margin", "step = 2, margin", "step = 2", "compares the step with itself"),
        ("answer = 2\n", "answer = 4\n", "answer = 4", "answer 4 is out of range: there are 3"),
        ("answer = 2\n", "answer = 0\n", "answer = 0", "answer 0 is out of range"),
        ("answer = 2\n", 'answer = "b"\n', 'answer = "b"', "answer must be 1-based choice"),
        ("answer = [3, 1]", "answer = [3, 3]", "answer = [3, 3]", "lists a choice twice"),
        ("answer = [3, 1]", "answer = 3", "answer = 3", "must be a non-empty list"),
        ("answer = 0.9979", 'answer = "0.9979"', 'answer = "0.9979"', "answer must be a number"),
        (
            "tolerance = 0.0001",
            "tolerance = -1",
            "tolerance = -1",
            "tolerance must be a number >= 0",
        ),
        ('kind = "single"', 'kind = "essay"', "essay", "the quiz kind is 'essay'"),
        ('id = "q-multi"', 'id = "q-single"', 'id = "q-single"@2', "used twice in this lesson"),
        ('prompt = "Which?"', "prompt = 3", "prompt = 3", "the quiz's prompt is not text"),
        (
            'hint = "think"\n',
            'hint = "think"\ncolour = 1\n',
            "colour = 1",
            "unknown key 'colour' in a quiz",
        ),
        (
            "tolerance = 0.0001",
            "tolerance = 0.0001\nchoices = ['a', 'b']",
            "choices = ['a'",
            "'choices' does not apply to a numeric quiz",
        ),
        ("run = { lambd = 10 }", "run = { lambd = -10 }", "run =", "run: lambd: must be between"),
        ("run = { lambd = 10 }", "run = 10", "run = 10", "run must be a table"),
        (
            "solution = { lambd = 0.1 }",
            "solution = { layers = [0] }",
            "solution =",
            "solution: layers:",
        ),
        (
            'expect = [{ metric = "train_error", op = ">", value = 0.1 }]',
            'expect = [{ metric = "train_error", op = ">", step = 1 }]',
            "expect =",
            "unknown key 'step' in a condition of expect (step comparisons are only for claims)",
        ),
        (
            'expect = [{ metric = "train_error", op = ">", value = 0.1 }]',
            "expect = []",
            "expect =",
            "expect must be a non-empty list",
        ),
        (
            '{ metric = "gap", op = "<=", value = 0.02 },',
            '{ metric = "gap", op = "<=" },',
            'metric = "gap"',
            "needs exactly one of value = NUMBER",
        ),
        (
            '{ metric = "gap", op = "<=", value = 0.02 },',
            '{ metric = "gap", op = "<=", value = true },',
            'metric = "gap"',
            "value in goal must be a number",
        ),
        (
            "Intro text with a [link](lesson:demo#2).",
            "See [x](lesson:nowhere).",
            "lesson:nowhere",
            "link to lesson 'nowhere', which does not exist",
        ),
        (
            "Intro text with a [link](lesson:demo#2).",
            "See <lesson:demo#9>.",
            "lesson:demo#9",
            "link to step '9' of 'demo', which has steps 1 to 3",
        ),
        (
            "Intro text with a [link](lesson:demo#2).",
            "See <lesson:demo#²>.",
            "lesson:demo#²",
            "link to step '²' of 'demo', which has steps 1 to 3",
        ),
    ],
)
def test_error_paths_point_at_the_line(
    tmp_path: Path, old: str, new: str, needle: str, message: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    line, got = only_problem(text, tmp_path)
    assert message in got
    needle, _, nth = needle.partition("@")
    assert line == line_of(text, needle, int(nth or 1))


def test_bad_step_marker_and_its_follow_on_problem(tmp_path: Path) -> None:
    text = GOOD.replace("::: step Underfitting", "::: stpe Underfitting")
    found = problems_of(text, tmp_path)
    assert found[0] == (line_of(text, "stpe"), found[0][1])
    assert "a ':::' line marks a step" in found[0][1]
    # with one step fewer, the claim about step 3 now names a step that does not exist
    assert "step 3 does not exist" in found[1][1]


def test_all_problems_are_reported_in_one_pass(tmp_path: Path) -> None:
    text = GOOD.replace('id = "demo"', 'id = "Bad Id"').replace("lambd = 0.0", "lambd = -1.0")
    text = text.replace("answer = 2\n", "answer = 7\n")
    text = text.replace(
        'metric = "train_error", op = ">", value = 0.1', 'metric = "nope", op = ">", value = 0.1'
    )
    found = [msg for _, msg in problems_of(text, tmp_path)]
    assert len(found) == 5, found  # "nope" replaced a claim and a predict expectation
    assert any("id is 'Bad Id'" in m for m in found)
    assert any("lambd: must be between" in m for m in found)
    assert any("answer 7 is out of range" in m for m in found)
    assert any("unknown metric 'nope' in claims" in m for m in found)
    assert any("unknown metric 'nope' in expect" in m for m in found)


def test_quiz_without_answer(tmp_path: Path) -> None:
    text = GOOD.replace("answer = 2\n", "", 1)
    line, msg = only_problem(text, tmp_path)
    assert "the single quiz has no answer: add answer = N" in msg
    assert line == line_of(text, "```quiz")


@pytest.mark.parametrize("key", ["prompt", "hint", "explain"])
def test_quiz_text_fields_required(tmp_path: Path, key: str) -> None:
    start = GOOD.index('id = "q-single"')
    end = GOOD.index("```", start)
    block = GOOD[start:end]
    kept = "\n".join(line for line in block.split("\n") if not line.startswith(key))
    line, msg = only_problem(GOOD.replace(block, kept), tmp_path)
    assert f"the quiz's {key} is missing" in msg


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_not_utf8_names_the_line(tmp_path: Path, newline: bytes) -> None:
    """Its line and column as every other problem counts them (a lone CR, as old Mac
    files have, ends a line there too)."""
    data = GOOD.encode("utf-8").replace(b"Text of step two", b"Text \xff\xfe of step two")
    line, msg = only_problem(data.replace(b"\n", newline), tmp_path)
    assert "not UTF-8" in msg and "0xff" in msg and "column 6" in msg
    assert line == line_of(GOOD, "Text of step two")


def test_missing_front_matter(tmp_path: Path) -> None:
    line, msg = only_problem("# Just markdown\n", tmp_path)
    assert line == 1 and "starts with a '+++' line" in msg


def test_unterminated_front_matter(tmp_path: Path) -> None:
    text = GOOD.replace("+++\n\nIntro", "\nIntro")
    line, msg = only_problem(text, tmp_path)
    assert line == 1 and "never closed" in msg


def test_invalid_toml_in_front_matter_gives_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("m = 200", "m = = 200")
    line, msg = only_problem(text, tmp_path)
    assert "invalid TOML in the front matter" in msg
    assert line == line_of(text, "m = = 200")


def test_invalid_toml_in_quiz_gives_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('hint = "think"', 'hint = "think')
    line, msg = only_problem(text, tmp_path)
    assert "invalid TOML in the ```quiz block" in msg
    assert line == line_of(text, 'hint = "think')


def test_unterminated_quiz_fence(tmp_path: Path) -> None:
    text = GOOD.rstrip().removesuffix("```")
    line, msg = only_problem(text, tmp_path)
    assert "```quiz fence opened here is never closed" in msg
    assert line == line_of(text, 'id = "q-challenge"') - 1


def test_unterminated_code_fence(tmp_path: Path) -> None:
    text = GOOD + "\n```python\nprint('never closed')\n"
    line, msg = only_problem(text, tmp_path)
    assert "the ```python fence opened here is never closed" in msg
    assert line == line_of(text, "```python", 2)


def test_two_lab_blocks_in_one_step(tmp_path: Path) -> None:
    text = GOOD.replace(
        '```quiz\nid = "q-single"', '```lab\nm = 100\n```\n\n```quiz\nid = "q-single"'
    )
    line, msg = only_problem(text, tmp_path)
    assert "a step has one ```lab block" in msg
    assert line == line_of(text, "m = 100") - 1


def test_cross_field_config_error_points_at_the_block(tmp_path: Path) -> None:
    text = GOOD.replace("layers = []\n", "layers = []\nbatch_size = 5000\n")
    line, msg = only_problem(text, tmp_path)
    assert "batch_size" in msg and line == line_of(text, "batch_size = 5000")


def test_csv_must_exist_relative_to_the_lesson(tmp_path: Path) -> None:
    text = GOOD.replace('dataset = "moons"', 'csv = "points.csv"')
    line, msg = only_problem(text, tmp_path)
    assert "no such file" in msg and line == line_of(text, "csv =")
    (tmp_path / "points.csv").write_text(
        "x1,x2,label\n" + "".join(f"{i % 7},{i % 5},{i % 2}\n" for i in range(40))
    )
    assert problems_of(text, tmp_path) == []


def test_duplicate_lesson_ids(tmp_path: Path) -> None:
    write(tmp_path, "01-demo.md", GOOD)
    write(tmp_path, "02-demo.md", GOOD)
    pack = load_pack(tmp_path)
    assert [lesson.path.name for lesson in pack.lessons] == ["01-demo.md"]
    (p,) = pack.problems
    assert p.path.name == "02-demo.md" and p.line == 2 and "already used by 01-demo.md" in p.message


def test_broken_lesson_is_skipped_others_load(tmp_path: Path) -> None:
    write(tmp_path, "01-demo.md", GOOD)
    write(
        tmp_path, "02-bad.md", GOOD.replace('"demo"', '"bad"').replace("lambd = 0.0", "lambd = -5")
    )
    pack = load_pack(tmp_path)
    assert [lesson.id for lesson in pack.lessons] == ["demo"]
    assert len(pack.problems) == 1 and pack.problems[0].path.name == "02-bad.md"
    assert str(pack.problems[0]).startswith(f"{tmp_path / '02-bad.md'}:")


def test_link_problem_keeps_the_lesson(tmp_path: Path) -> None:
    write(tmp_path, "01-demo.md", GOOD.replace("lesson:demo#2", "lesson:gone"))
    pack = load_pack(tmp_path)
    assert len(pack.lessons) == 1 and len(pack.problems) == 1


def test_folder_problems(tmp_path: Path) -> None:
    (p,) = check_pack(tmp_path / "missing")
    assert "no such folder" in p.message and str(p).endswith(": no such folder of lessons")
    (p,) = check_pack(tmp_path)
    assert "no lesson files" in p.message


def test_single_file_is_checked_against_its_folder(tmp_path: Path) -> None:
    write(tmp_path, "01-demo.md", GOOD)
    write(
        tmp_path,
        "02-other.md",
        GOOD.replace('"demo"', '"other"').replace("lambd = 0.0", "lambd = -1"),
    )
    pack = load_pack(tmp_path / "01-demo.md")
    assert [lesson.id for lesson in pack.lessons] == ["demo"] and pack.problems == []


def test_front_matter_only_has_no_steps(tmp_path: Path) -> None:
    text = GOOD[: GOOD.index("+++\n\nIntro") + 4]
    line, msg = only_problem(text, tmp_path)
    assert "no text after its front matter" in msg


def test_nothing_is_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = GOOD.replace("Intro text", f"```python\nopen({str(marker)!r}, 'w')\n```\n\nIntro text")
    text = text.replace(
        'prompt = "Which?"', f"prompt = \"__import__('os').system('touch {marker}')\""
    )
    write(tmp_path, "01-demo.md", text)
    pack = load_pack(tmp_path)
    assert pack.problems == [] and not marker.exists()

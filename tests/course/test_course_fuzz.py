"""Property tests: mangled lesson text never crashes the parser, and every problem has
a file and a line >= 1 inside the file."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_course_parse import GOOD

from tui_tutor.course import load_pack, parse_lesson

LINES = GOOD.split("\n")
TRICKY = [
    "+++",
    "```",
    "```quiz",
    "```lab",
    "~~~",
    "````",
    "::: step",
    ":::",
    "::: step Ω 步骤",
    "[lab]",
    "[[lab]]",
    "answer = 9",
    "answer = [1, 99]",
    'kind = "predict"',
    'id = "q-single"',
    "layers = [0]",
    "lambd = -1",
    'claims = [{ metric = "nope", op = "<", value = 1 }]',
    'claims = [{ metric = "gap", op = "<", step = 99 }]',
    '{ metric = "gap", op = "<", step = 1 },',
    'expect = "x"',
    "goal = []",
    "run = { lambd = 1e999 }",
    "[link](lesson:nowhere#0)",
    "<lesson:demo#x>",
    'prompt = """',
    '"""',
    "a = {",
    "\x00",
    "\ufeff",
    "title = 1979-05-27",
]


@st.composite
def mangled(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "swap", "edit"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "delete" and lines:
            del lines[i]
        elif op == "duplicate" and lines:
            lines.insert(i, lines[i])
        elif op == "insert":
            extra = draw(st.one_of(st.sampled_from(TRICKY), st.text(max_size=30)))
            lines.insert(i, extra)
        elif op == "swap" and len(lines) > 1:
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "edit" and lines:
            line = lines[i]
            k = draw(st.integers(0, len(line)))
            lines[i] = line[:k] + draw(st.text(max_size=4)) + line[k + 1 :]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        cut = draw(st.integers(0, len(data)))
        data = data[:cut]
    if draw(st.integers(0, 4)) == 0:
        k = draw(st.integers(0, len(data)))
        data = data[:k] + draw(st.binary(min_size=1, max_size=4)) + data[k:]
    return data


def check(data: bytes, problems: list, path: Path) -> None:
    # Lines as the parser (and an editor) counts them: CRLF and a lone CR end a line too.
    n_lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
    for p in problems:
        assert p.path == path
        assert 1 <= p.line <= n_lines + 1, (p, n_lines)
        assert str(p).startswith(f"{path}:{p.line}: ")
        assert p.message


@settings(max_examples=300, deadline=None)
@given(mangled())
def test_mangled_lessons_never_crash(data: bytes) -> None:
    path = Path("lessons/en/01-demo.md")
    lesson, problems = parse_lesson(data, path)
    check(data, problems, path)
    assert (lesson is None) == bool(problems)  # links are checked per pack, not here


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(data: bytes) -> None:
    path = Path("x.md")
    lesson, problems = parse_lesson(data, path)
    assert lesson is None and problems
    check(data, problems, path)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_after_front_matter(text: str) -> None:
    head = GOOD[: GOOD.index("+++\n\nIntro") + 4]
    data = (head + text).encode("utf-8", "surrogatepass")
    path = Path("y.md")
    _, problems = parse_lesson(data, path)
    check(data, problems, path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled(), mangled())
def test_mangled_pack(first: bytes, second: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "01-a.md").write_bytes(first)
        (folder / "02-b.md").write_bytes(second)
        pack = load_pack(folder)
        for p in pack.problems:
            data = p.path.read_bytes()
            check(data, [p], p.path)
        assert len({lesson.id for lesson in pack.lessons}) == len(pack.lessons)

"""``tui-tutor lessons`` and ``lessons --check`` print a hostile pack as plain text.

Each payload in each place of a lesson (body, TOML strings via \\u escapes, step title,
file name) is reported as ``file:line`` by ``--check``; neither the check, nor the listing,
nor its problem lines on stderr carry a raw control character to the terminal. Markup is
the app's business: the CLI prints a title's ``[@click=...]`` as the text it is.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run

from tests.course.hostile_lesson import LESSON, LINES, PAYLOADS, TOML_PLACES, toml_escape

# The payloads whose raw bytes RAW names; the parser's own test tries them all.
NAMES = ("osc52", "osc0", "csi-clear", "c1-csi", "rtl")
RAW = ("\x1b", "\x07", "\x9b", "\u202e")


def pack_with(tmp_path: Path, place: str, payload: str) -> tuple[Path, Path]:
    folder = tmp_path / "pack"
    folder.mkdir()
    fields = {key: "plain" for key in LINES}
    name = "01-demo.md"
    if place == "file name":
        name = f"01-{payload}.md"
    else:
        fields[place] = toml_escape(payload) if place in TOML_PLACES else payload
    path = folder / name
    path.write_text(LESSON.format(**fields), encoding="utf-8")
    return folder, path


def assert_plain(text: str) -> None:
    for c in RAW:
        assert c not in text, repr(text)


@pytest.mark.parametrize("place", [*LINES, "file name"])
@pytest.mark.parametrize("name", NAMES)
def test_check_reports_it_at_its_line_as_plain_text(capsys, tmp_path, place, name):
    folder, path = pack_with(tmp_path, place, PAYLOADS[name])
    status, out, err = run(capsys, "lessons", "--check", str(folder))
    assert status == 1
    assert_plain(out + err)
    line = 1 if place == "file name" else LINES[place]
    shown = str(path).replace(PAYLOADS[name], escape_shown(PAYLOADS[name]))
    assert f"{shown}:{line}: " in out, out
    status, out, err = run(capsys, "lessons", "--lessons", str(folder))
    assert status == 0 and out == "no lessons found\n"  # the lesson is not offered ...
    assert_plain(out + err)
    assert err.startswith("problem: ")  # ... and the reason is shown as text


def escape_shown(text: str) -> str:
    """What ``tui_tutor.safe.clean`` shows for ``text``."""
    return "".join(
        c if c.isprintable() else (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        for c in text
    )


def test_markup_in_a_title_is_listed_as_text(capsys, tmp_path):
    title = "[@click=app.screenshot('victim.txt','/tmp')]Intro[/] [bold red]x[/]"
    folder = tmp_path / "pack"
    folder.mkdir()
    fields = {key: "plain" for key in LINES} | {"title": title.replace("'", "\\u0027")}
    (folder / "01.md").write_text(LESSON.format(**fields), encoding="utf-8")
    status, out, err = run(capsys, "lessons", "--lessons", str(folder))
    assert status == 0, err
    assert out.splitlines()[1].endswith(title)
    status, out, _ = run(capsys, "lessons", "--check", str(folder))
    assert (status, out) == (0, "1 lesson OK\n")

"""The one cleaning helper for text from lessons, packs and learners' files."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui_tutor.safe import clean, clean_line, csv_cell, has_control

PAYLOADS = [
    "\x1b]52;c;SGVsbG8=\x07",  # OSC 52: write the terminal's clipboard
    "\x1b]0;owned\x07",  # OSC 0: set the window title
    "\x1b[2J\x1b[H",  # CSI: clear the screen
    "\x9b31m",  # C1 CSI
    "abc\u202edcba",  # right-to-left override
    "a\rb",  # carriage return: overwrite the line
    "\x7f\x00\x08",
]


def test_no_control_character_survives() -> None:
    for payload in PAYLOADS:
        out = clean(payload)
        assert not has_control(out), repr(out)
        assert all(c == "\n" or c == "\t" or c >= " " for c in out)
        assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out


def test_escapes_are_visible_and_ordinary_text_is_kept() -> None:
    assert clean("a\x1bb") == "a\\x1bb"
    assert clean("x\u202ey") == "x\\u202ey"
    text = "λ = 0.7，验证集误差 12%\n第二行\tend"
    assert clean(text) == text


def test_a_line_keeps_to_one_line() -> None:
    assert clean_line("alice\nbob,1,2\r\n") == "alice\\nbob,1,2\\x0d\\n"
    assert "\t" not in clean_line("a\tb")
    assert clean_line("x" * 50, limit=10) == "x" * 9 + "…"


def test_csv_cells_that_a_spreadsheet_would_evaluate_are_neutralized() -> None:
    for cell in ('=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "＝1"):
        assert csv_cell(cell).startswith("'")
    assert csv_cell("alice") == "alice"
    assert csv_cell(0.5) == "0.5" and csv_cell(-3) == "-3"


@given(st.text())
def test_clean_never_leaves_a_control_character(text: str) -> None:
    assert not has_control(clean(text))
    line = clean_line(text)
    assert not has_control(line) and "\n" not in line and "\t" not in line


def test_a_csv_cell_never_starts_a_row_or_a_formula() -> None:
    for value in ("mallory\nfake,1,2", "a\r\nb", "\tx", "x\u2028y", "\r=1+1"):
        cell = csv_cell(value)
        assert not any(c in cell for c in "\n\r\t\u2028"), cell
        assert not cell.startswith(("=", "+", "-", "@"))
    assert csv_cell("\u202eevil") == "\\u202eevil"

"""Chinese text wraps between characters, never before closing punctuation or inside a number."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import _wrap as rich_wrap
from rich.cells import cell_len
from textual import _wrap as textual_wrap

from tui_tutor.app import cjk_wrap

RICH_DEFAULT = re.compile(r"\s*\S+\s*")  # the patterns the two libraries ship with
TEXTUAL_DEFAULT = re.compile(r"\S+\s*|\s+")


@pytest.fixture
def installed():
    old = rich_wrap.re_word, textual_wrap.re_chunk
    assert cjk_wrap.install()
    yield
    rich_wrap.re_word, textual_wrap.re_chunk = old


def lines(text: str, width: int) -> list[str]:
    """``text`` cut as Textual's Markdown cuts it (Content wraps with Rich's divide_line)."""
    cuts = [0, *rich_wrap.divide_line(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:], strict=False)]


PARAGRAPH = (
    "基本方法给出了降低方差的两种手段：增加数据，或者正则化。60/20/20的划分适合小数据，"
    "训练集误差为6.7%，比贝叶斯误差还低，说明Python代码里的网络记住了噪声。"
)


@pytest.mark.parametrize("width", range(12, 41))
def test_no_line_starts_with_closing_punctuation_or_splits_a_number(installed, width):
    out = lines(PARAGRAPH, width)
    assert "".join(out) == PARAGRAPH
    assert all(line[:1] not in "，。：；！？、%" for line in out)
    assert not any(line.endswith(("60/", "60/20/", "6.", "Pyt")) for line in out)
    assert max(cell_len(line.rstrip()) for line in out) <= width


def test_without_the_rule_a_line_can_start_with_a_comma():
    """The problem this module solves: Rich folds a space-less Chinese run at the width."""
    old = rich_wrap.re_word
    rich_wrap.re_word = RICH_DEFAULT  # the app tests install the rule for the whole process
    try:
        starts = {line[:1] for w in range(12, 41) for line in lines(PARAGRAPH, w)}
    finally:
        rich_wrap.re_word = old
    assert starts & set("，。：%")


def test_chinese_fills_the_width(installed):
    out = lines(PARAGRAPH, 30)
    assert len(out) <= cell_len(PARAGRAPH) // 30 + 3


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab 1%。，（）“”见中文\t\n—x.", max_size=40))
def test_words_and_chunks_always_cover_the_text(text):
    assert "".join(m.group(0) for m in cjk_wrap.CHUNK.finditer(text)) == text
    words = "".join(m.group(0) for m in cjk_wrap.WORD.finditer(text))
    assert words == text[: len(words)] and not text[len(words) :].strip()


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="abc de.,;()%-12 ", max_size=80), st.integers(4, 30))
def test_text_without_chinese_wraps_exactly_as_before(text, width):
    old = rich_wrap.re_word, textual_wrap.re_chunk
    try:
        rich_wrap.re_word, textual_wrap.re_chunk = RICH_DEFAULT, TEXTUAL_DEFAULT
        before = (
            rich_wrap.divide_line(text, width),
            textual_wrap.compute_wrap_offsets(text, width, 4),
        )
        rich_wrap.re_word, textual_wrap.re_chunk = cjk_wrap.WORD, cjk_wrap.CHUNK
        after = (
            rich_wrap.divide_line(text, width),
            textual_wrap.compute_wrap_offsets(text, width, 4),
        )
        assert after == before
    finally:
        rich_wrap.re_word, textual_wrap.re_chunk = old

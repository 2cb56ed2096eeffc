"""Snapshots (pytest-textual-snapshot) of the main screen and the lab form, on the fixture pack.

Update after a deliberate change of the look: `pytest tests/app/test_snapshots.py
--snapshot-update`, then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest
from conftest import PACK

from tui_tutor.app import build_app


def app_for(lang: str = "en", lesson: str | None = None):
    return build_app(lang=lang, lesson=lesson, lessons_dir=PACK, test_mode=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_main_screen_80x24(snap_compare, lang):
    assert snap_compare(app_for(lang), press=["n"], terminal_size=(80, 24))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_main_screen_120x40(snap_compare, lang):
    assert snap_compare(app_for(lang), press=["n", "1", "enter", "h"], terminal_size=(120, 40))


def test_predict_after_the_run_120x40(snap_compare):
    assert snap_compare(app_for("en", "second"), press=["n", "2", "enter"], terminal_size=(120, 40))


def test_lab_form_with_a_bad_value(snap_compare):
    # ctrl+s applies from any field (Enter only moves to the next one)
    assert snap_compare(app_for("en"), press=["e", *"abc", "ctrl+s"], terminal_size=(80, 24))


def test_help_screen_80x24(snap_compare):
    assert snap_compare(app_for("en"), press=["question_mark"], terminal_size=(80, 24))


def test_lesson_list_80x24(snap_compare):
    assert snap_compare(app_for("zh"), press=["n", "l"], terminal_size=(80, 24))


def test_tiny_terminal_40x12(snap_compare):
    assert snap_compare(app_for("en"), press=["n"], terminal_size=(40, 12))


def test_tour_first_step_80x24(snap_compare):
    """The bundled tour's first step as most SSH terminals show it (issue 9 item 2: round
    ticks, every series visible, the plot's minimum height)."""
    app = build_app(lang="en", lesson="tour", test_mode=True)
    assert snap_compare(app, terminal_size=(80, 24))


def test_boundary_without_colour_80x24(snap_compare, monkeypatch):
    """NO_COLOR: the active tab bracketed, the boundary's regions by glyph (issue 9 item 11)."""
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(app_for("en"), press=["tab"], terminal_size=(80, 24))

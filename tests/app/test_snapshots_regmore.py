"""Snapshots at 80x24 of an early-stopped run: the vertical line at the best dev epoch and
its legend item in the curves and cost views, the tabs' "stopped early" state, and the
readout's note of whose weights it shows.

Update after a deliberate change of the look: `pytest tests/app/test_snapshots_regmore.py
--snapshot-update`, then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest
from lab_host import LabApp

from tui_tutor import ml
from tui_tutor.app import cjk_wrap

cjk_wrap.install()  # as build_app does: Chinese lines break between characters

STOPPED = ml.LabConfig.from_mapping(
    {"dataset": "circles", "m": 240, "noise": 0.15, "flip": 0.1, "split": [40, 200],
     "layers": [16, 8], "init_scale": 0.3, "epochs": 600, "seed": 3, "patience": 60}
)  # fmt: skip


@pytest.mark.parametrize(("view", "lang"), [("curves", "en"), ("cost", "zh")])
def test_early_stop_marked_80x24(snap_compare, view, lang):
    app = LabApp(STOPPED, views=["curves", "cost"], view=view, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))


def test_augmented_copies_on_the_boundary_no_color_80x24(snap_compare, monkeypatch):
    """The false symmetry's shrunk outer-ring copies ('-') sit on the inner ring."""
    monkeypatch.setenv("NO_COLOR", "1")
    shrunk = ml.LabConfig.from_mapping(
        {"dataset": "circles", "m": 100, "noise": 0.05, "split": [40, 60], "layers": [8],
         "epochs": 50, "augment": "false-symmetry"}
    )  # fmt: skip
    app = LabApp(shrunk, views=["boundary"], view="boundary")
    assert snap_compare(app, terminal_size=(80, 24))

"""Snapshots at 80x24 of the two views that look inside a hidden layer (activations, weights).

Update after a deliberate change of the look: `pytest tests/app/test_snapshots_inside.py
--snapshot-update`, then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest
from lab_host import LabApp

from tui_tutor import ml
from tui_tutor.app import cjk_wrap

cjk_wrap.install()  # as build_app does: Chinese lines break between characters

TANH = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 160, "noise": 0.2, "layers": [10, 4], "activation": "tanh",
     "init": "xavier", "epochs": 150, "lambd": 1.0}
)  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("view", ["activations", "weights"])
def test_inside_view_80x24(snap_compare, view, lang):
    app = LabApp(TANH, views=["activations", "weights"], view=view, lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))


def test_activations_second_layer_no_color_80x24(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = LabApp(TANH, views=["activations", "weights"], view="activations")
    assert snap_compare(app, press=["z"], terminal_size=(80, 24))

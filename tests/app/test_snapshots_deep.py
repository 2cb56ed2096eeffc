"""Snapshots at 80x24 of the layers view: a 30-layer deep linear net with W = 1.5·I
(activations climb 1.5 a layer, every ‖dW[l]‖ the same) and a He-initialized ReLU net.

Update after a deliberate change of the look: `pytest tests/app/test_snapshots_deep.py
--snapshot-update`, then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest
from lab_host import LabApp

from tui_tutor import ml
from tui_tutor.app import cjk_wrap

cjk_wrap.install()  # as build_app does: Chinese lines break between characters

DEEP = {"dataset": "moons", "m": 100, "layers": [10] * 30, "epochs": 1, "lr": 1e-6}
LINEAR = ml.LabConfig.from_mapping(
    {**DEEP, "activation": "linear", "init": "identity", "init_scale": 1.5}
)
HE = ml.LabConfig.from_mapping({**DEEP, "activation": "relu", "init": "he"})


@pytest.mark.parametrize(("cfg", "lang"), [(LINEAR, "en"), (LINEAR, "zh"), (HE, "en")])
def test_layers_view_80x24(snap_compare, cfg, lang):
    app = LabApp(cfg, views=["layers", "curves"], view="layers", lang=lang)
    assert snap_compare(app, terminal_size=(80, 24))

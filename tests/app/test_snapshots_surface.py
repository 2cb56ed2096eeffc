"""Snapshots at 80x24 of the surface view, raw (x2 × 20: elongated contours, a zig-zag
path) and normalized (nearly round contours, a straight path).

Update after a deliberate change of the look: `pytest tests/app/test_snapshots_surface.py
--snapshot-update`, then look at the SVGs under tests/app/__snapshots__/.
"""

from __future__ import annotations

import pytest
from lab_host import LabApp

from tui_tutor import ml

RAW = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 200, "noise": 0.2, "layers": [3], "epochs": 100, "lr": 0.1,
     "feature_scale": [1, 20], "normalize": False}
)  # fmt: skip


@pytest.mark.parametrize("changes", [{}, {"normalize": True, "lr": 2.0}], ids=["raw", "normalized"])
def test_surface_view_80x24(snap_compare, changes):
    app = LabApp(RAW.with_changes(**changes), views=["surface", "curves"], view="surface")
    assert snap_compare(app, terminal_size=(80, 24))

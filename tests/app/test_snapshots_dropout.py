"""Snapshot at 80x24 of the curves view with dropout on: the thinned network's J beside J.

Update after a deliberate change of the look: `pytest tests/app/test_snapshots_dropout.py
--snapshot-update`, then look at the SVG under tests/app/__snapshots__/.
"""

from __future__ import annotations

from lab_host import SMALL, LabApp


def test_curves_with_dropout_80x24(snap_compare):
    app = LabApp(SMALL.with_changes(keep_prob=0.7), views=["curves"],
                 controls=["keep_prob"])  # fmt: skip
    assert snap_compare(app, terminal_size=(80, 24))

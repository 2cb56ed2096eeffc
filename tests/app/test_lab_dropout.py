"""Dropout in the lab: the keep_prob keys walk the ladder per layer, show only where the
lesson offers keep_prob, the readout shows it, the form reads one value per layer."""

from __future__ import annotations

from lab_host import SMALL, LabApp, readout

from tui_tutor import ml
from tui_tutor.app.lab.fields import read_fields


async def test_keep_prob_keys_step_every_layer_and_show_where_offered() -> None:
    app = LabApp(SMALL.with_changes(keep_prob=[1.0, 0.8]), controls=["keep_prob"])
    async with app.run_test(size=(100, 30)) as pilot:
        lab = app.panel
        assert "keep_prob=1,0.8" in readout(app)
        await pilot.press("K")
        assert lab.config.keep_prob == (0.95, 0.7)
        await pilot.press("k", "k")
        assert lab.config.keep_prob == (1.0, 0.86)
        assert "keep_prob=1,0.86" in readout(app)
        screen = app.screen
        assert screen.check_action("lab", ("keep_prob_down",))
        lab.load(SMALL, controls=["lambd"])
        assert not screen.check_action("lab", ("keep_prob_up",))  # hidden, does nothing
        assert screen.check_action("lab", ("lambd_up",))
        assert "keep_prob" not in readout(app)
        lab.load(SMALL.with_changes(keep_prob=1.0), controls=["keep_prob"])
        await pilot.press("k")
        assert lab.config.keep_prob == 1.0 and "no dropout" in lab.notice


def test_form_reads_one_keep_prob_per_layer_and_names_a_wrong_count() -> None:
    cfg = ml.LabConfig(layers=(20, 3))
    new, bad, _ = read_fields(cfg, {"keep_prob": "0.9, 0.8"})
    assert new is not None and new.keep_prob == (0.9, 0.8) and bad is None
    for lang, words in (("en", "3 values for 2 hidden layers"), ("zh", "给了 3 个值")):
        new, bad, message = read_fields(cfg, {"keep_prob": "0.9,0.8,0.7"}, lang)
        assert new is None and bad == "keep_prob" and words in message
    new, bad, message = read_fields(cfg, {"keep_prob": "0"})
    assert new is None and "0.05 to 1" in message

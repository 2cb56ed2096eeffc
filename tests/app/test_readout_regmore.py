"""The readout says whose weights an early-stopped run shows and counts augmented copies
(``readout_items`` is plain Python: no app needed)."""

from __future__ import annotations

import math

from tui_tutor import ml
from tui_tutor.app.lab.readout import readout_items
from tui_tutor.app.lab.session import ShownRun

CFG = ml.LabConfig.from_mapping({"epochs": 1000, "patience": 200})


def _items(epoch: int, fields=(), **metrics) -> list[str]:
    m = {"dev_error": 0.2, "train_error": 0.1, "m_dev": 300.0, "m_augmented": 0.0, **metrics}
    return readout_items(ShownRun(1, CFG, metrics=m, epoch=epoch), tuple(fields), "en")


def test_an_early_stop_names_the_epoch_whose_weights_are_shown():
    assert "stopped early: weights of epoch 195" in _items(395, best_epoch=195.0)
    assert "early stopping: weights of epoch 990" in _items(1000, best_epoch=990.0)
    listed = _items(395, ["best_epoch"], best_epoch=195.0)  # a step that lists it: once
    assert "best dev epoch 195" in listed and not any("weights of" in i for i in listed)
    assert not any("epoch 195" in i for i in _items(1000, best_epoch=math.nan))


def test_training_examples_say_how_many_are_copies():
    items = _items(1000, ["m_train"], m_train=120.0, m_augmented=90.0)
    assert "training examples 120 (30 + 90 copies)" in items
    assert "training examples 30" in _items(1000, ["m_train"], m_train=30.0)

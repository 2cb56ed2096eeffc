"""Helpers of the class tests: a class folder with a roster, the fixture lesson pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.screens import PACK, screen_text
from tui_tutor.classroom.folder import init_class

__all__ = ["PACK", "klass", "make_class", "screen_text"]


def make_class(root: Path, names: tuple[str, ...] = ("alice", "bob")) -> Path:
    """A class folder at ``root`` whose roster holds ``names`` ."""
    folder = init_class(root, host_key=False)
    for name in names:
        folder.add_learner(name, password="pw-" + name)
    return root


@pytest.fixture
def klass(tmp_path: Path) -> Path:
    """A class folder with alice and bob on its roster."""
    return make_class(tmp_path / "class")

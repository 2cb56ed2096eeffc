"""STAND-IN for classsrv's classroom/folder.py (the contract's API), so classwatch can be
built before it is merged. Merging classsrv replaces this file with the real one."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

_NAME = re.compile(r"[A-Za-z0-9_-]{1,32}")


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError(f"{name!r} is not a learner name; use 1 to 32 letters, digits, '-' or '_'")
    return name


@dataclass
class ClassFolder:
    root: Path

    @property
    def roster_file(self) -> Path:
        return self.root / "class.json"

    @property
    def progress_dir(self) -> Path:
        return self.root / "progress"

    @property
    def state_file(self) -> Path:
        return self.root / "state.json"

    @property
    def live_dir(self) -> Path:
        return self.root / "live"

    def progress_file(self, name: str) -> Path:
        return self.progress_dir / f"{check_name(name)}.json"

    def learners(self) -> list[str]:
        data = json.loads(self.roster_file.read_text(encoding="utf-8"))
        return sorted(data.get("learners", {}))


def open_class(path: Path | str) -> ClassFolder:
    root = Path(path)
    try:
        data = json.loads((root / "class.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != "tui-tutor-class":
        raise ValueError(f"{root} is not a class folder; make one with 'tui-tutor class init'")
    return ClassFolder(root)


def init_class(path: Path | str) -> ClassFolder:
    root = Path(path)
    root.mkdir(parents=True, exist_ok=True)
    (root / "progress").mkdir(exist_ok=True)
    (root / "class.json").write_text(
        json.dumps({"format": "tui-tutor-class", "version": 1, "learners": {}}), encoding="utf-8"
    )
    return ClassFolder(root)

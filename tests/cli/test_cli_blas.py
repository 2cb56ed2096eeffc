"""The entry point asks for one BLAS thread before NumPy loads; a user's choice is kept."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHOW = """
import os, sys
from tui_tutor import cli
assert "numpy" not in sys.modules
status = cli.main(["train", "--epochs", "1", "--no-plot", "--json"])
print("\\nENV", os.environ["OPENBLAS_NUM_THREADS"], status)
"""


def _run(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    env.update(env_extra, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", SHOW], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.rsplit("ENV", 1)[1].split()


def test_the_entry_point_sets_one_blas_thread_before_numpy_loads() -> None:
    assert _run({}) == ["1", "0"]


def test_a_users_blas_threads_are_kept() -> None:
    assert _run({"OPENBLAS_NUM_THREADS": "2"}) == ["2", "0"]

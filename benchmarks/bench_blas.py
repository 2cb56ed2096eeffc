"""One BLAS thread or two, in the same run: a lab-sized product and two training runs.

Run: PYTHONPATH=. python benchmarks/bench_blas.py [--threads 1 2]

Each thread count runs in a fresh process with OPENBLAS_NUM_THREADS set before NumPy
loads (the entry point sets 1, tui_tutor/cli/__init__.py). Prints times and the ratio
to one thread; on a loaded host the ratios are what to read.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = r"""
import time
import numpy as np
from tui_tutor import ml
a, b = np.random.rand(64, 65), np.random.rand(65, 300)
t = time.perf_counter()
for _ in range(2000):
    a @ b
mm = (time.perf_counter() - t) / 2000
base = {"dataset": "moons", "m": 300, "noise": 0.15, "flip": 0.1, "split": [0.25, 0.75],
        "layers": [20, 20], "activation": "tanh", "epochs": 4000, "lr": 0.1}
times = []
for cfg in (ml.LabConfig.from_mapping(base),
            ml.LabConfig.from_mapping({**base, "layers": [64, 64], "m": 1200, "epochs": 1000})):
    t = time.perf_counter()
    for _ in cfg.run(10).records:
        pass
    times.append(time.perf_counter() - t)
print(mm, *times)
"""


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    args = p.parse_args()
    res = {}
    for n in args.threads:
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(n), PYTHONPATH=str(ROOT))
        out = subprocess.run(
            [sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True
        )
        res[n] = [float(x) for x in out.stdout.split()]
    ref = res[args.threads[0]]
    print(f"load average {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores)")
    print(f"{'threads':>7} {'(64,65)x(65,300)':>18} {'[20,20] 4000 ep':>16} {'[64,64] m=1200':>16}")
    for n, (mm, a, b) in res.items():
        print(
            f"{n:>7} {mm * 1e6:>10.0f} us x{mm / ref[0]:<5.1f} {a:>8.2f} s x{a / ref[1]:<5.2f}"
            f" {b:>8.2f} s x{b / ref[2]:<5.1f}"
        )


if __name__ == "__main__":
    main()

"""Sweep time against one run of the same net (prints ratios; target: at most 4x).

A validation curve of 12 λ values and a learning curve of 12 training-set sizes, each
one batched computation (``ml.validation_curve``, ``ml.learning_curve``), against one
``ml.train`` run of the same net and epochs recording only at the end (the strictest
reference) and about 300 times (the app's cadence). Both sides are measured in the same
run, interleaved, best of ``--repeats``, in CPU time of this process (BLAS runs on one
thread, as in the app), which a loaded machine disturbs far less than wall time.
Data: 300 standardized moons points, 300 dev points, 2000 epochs, lr 0.1, ReLU.

Run: ``python benchmarks/bench_sweep.py [--repeats N] [--nets small|all]``
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (cli/__init__.py)

import numpy as np

from tui_tutor import ml

M = 300
EPOCHS = 2000
LR = 0.1
LAMBDS = np.r_[0.0, np.geomspace(0.01, 30.0, 11)]  # 12 values
SIZES = np.linspace(25, M, 12).astype(int)  # 12 values
NETS = {
    "small": [[2, 20, 3, 1], [2, 16, 16, 1]],
    "all": [[2, 20, 3, 1], [2, 16, 16, 1], [2, 64, 64, 1]],
}


def data():
    X, Y = ml.make_dataset("moons", 2 * M, noise=0.2, seed=0)
    X = ml.Standardizer.fit(X).transform(X)
    return X[:, :M], Y[:, :M], X[:, M:], Y[:, M:]


def time_run(dims, X, Y, Xd, Yd, every):
    params = ml.init_params(dims, "he", seed=0)
    t0 = time.process_time()
    for _ in ml.train(params, X, Y, lr=LR, epochs=EPOCHS, lambd=0.1, X_dev=Xd, Y_dev=Yd,
                      every=every):  # fmt: skip
        pass
    return time.process_time() - t0


def time_val(dims, X, Y, Xd, Yd, dtype=np.float32):
    t0 = time.process_time()
    ml.validation_curve(X, Y, Xd, Yd, dims, LAMBDS, lr=LR, epochs=EPOCHS, dtype=dtype)
    return time.process_time() - t0


def time_learn(dims, X, Y, Xd, Yd):
    t0 = time.process_time()
    ml.learning_curve(X, Y, Xd, Yd, dims, SIZES, lr=LR, epochs=EPOCHS, lambd=0.1)
    return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--nets", choices=sorted(NETS), default="small")
    args = ap.parse_args()
    X, Y, Xd, Yd = data()
    app_every = EPOCHS // 300
    print(f"m={M}, epochs={EPOCHS}, 12 values, best of {args.repeats}; "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"{'net':<16}{'run@end':>9}{'run@app':>9}{'12 λ':>8}{'ratio':>7}"
          f"{'12 m':>8}{'ratio':>7}{'12 λ f64':>9}{'ratio':>7}")  # fmt: skip
    for dims in NETS[args.nets]:
        best = dict.fromkeys(("end", "app", "val", "learn", "val64"), np.inf)
        for _ in range(args.repeats):
            best["end"] = min(best["end"], time_run(dims, X, Y, Xd, Yd, EPOCHS))
            best["val"] = min(best["val"], time_val(dims, X, Y, Xd, Yd))
            best["app"] = min(best["app"], time_run(dims, X, Y, Xd, Yd, app_every))
            best["learn"] = min(best["learn"], time_learn(dims, X, Y, Xd, Yd))
            best["val64"] = min(best["val64"], time_val(dims, X, Y, Xd, Yd, np.float64))
        end = best["end"]
        print(f"{str(dims):<16}{end:>9.3f}{best['app']:>9.3f}{best['val']:>8.3f}"
              f"{best['val'] / end:>6.2f}x{best['learn']:>8.3f}{best['learn'] / end:>6.2f}x"
              f"{best['val64']:>9.3f}{best['val64'] / end:>6.2f}x")  # fmt: skip
    print("ratio = sweep / run@end (float32 sweeps, the default; f64: dtype=np.float64)")
    print("(target: <= 4x on [2, 20, 3, 1] and [2, 16, 16, 1])")


if __name__ == "__main__":
    main()

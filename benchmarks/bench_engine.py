"""Epochs per second of ``ml.train`` against scikit-learn's MLPClassifier (prints figures).

Same work on both sides: full-batch gradient descent on 300 standardized 2-D points
(moons), 2000 epochs, λ = alpha = 0.1, learning rate 0.1, ReLU hidden layers, sigmoid
output, no momentum. scikit-learn computes its loss every epoch (it cannot skip it), so
``ml.train`` is measured twice: recording only at the end (``every=2000``, the target
figure) and every 10 epochs (``every=10``, more than the app's ~epochs/300).
Each side is timed a few times, interleaved, and the best time is kept.

Also: a validation curve of 12 λ values (one batched computation) against one
``ml.train`` run of the same net, recording every 2000, ~epochs/300 (the app) and every
epoch (``train``'s default) (target: at most 4x). Last, for scale, the reference loop
(``train(path="reference")``, the fallback for a feature with no fast form yet) against
the fast path, both recording only at the end; and L1's proximal step against the same
run without L1 (which pays nothing for it).

Run: ``python benchmarks/bench_engine.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import platform
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from tui_tutor import ml

M = 300
EPOCHS = 2000
LAMBD = 0.1
LR = 0.1
NETS = [[2, 20, 3, 1], [2, 16, 16, 1], [2, 64, 64, 1]]
LAMBDS = np.r_[0.0, np.geomspace(0.01, 30.0, 11)]  # 12 values


def data() -> tuple[np.ndarray, np.ndarray]:
    X, Y = ml.make_dataset("moons", M, noise=0.2, seed=0)
    return ml.Standardizer.fit(X).transform(X), Y


def time_ours(
    dims: list[int],
    X: np.ndarray,
    Y: np.ndarray,
    every: int,
    path: str = "auto",
    epochs: int = EPOCHS,
    l1: float = 0.0,
) -> float:
    params = ml.init_params(dims, "he", seed=1)
    t0 = time.perf_counter()
    steps = ml.train(params, X, Y, lr=LR, epochs=epochs, lambd=LAMBD, l1=l1, every=every,
                     path=path)  # fmt: skip
    for _ in steps:
        pass
    return time.perf_counter() - t0


def time_sklearn(dims: list[int], X: np.ndarray, Y: np.ndarray) -> float:
    clf = MLPClassifier(
        hidden_layer_sizes=tuple(dims[1:-1]),
        activation="relu",
        solver="sgd",
        alpha=LAMBD,
        batch_size=M,
        learning_rate="constant",
        learning_rate_init=LR,
        momentum=0.0,
        nesterovs_momentum=False,
        max_iter=EPOCHS,
        tol=0.0,
        n_iter_no_change=10**9,
        shuffle=False,
        random_state=1,
    )
    Xs, ys = X.T.copy(), Y.ravel().astype(int)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        t0 = time.perf_counter()
        clf.fit(Xs, ys)
        dt = time.perf_counter() - t0
    assert clf.n_iter_ == EPOCHS, clf.n_iter_
    return dt


def time_sweep(dims: list[int], X: np.ndarray, Y: np.ndarray) -> float:
    t0 = time.perf_counter()
    ml.validation_curve(X, Y, X, Y, dims, LAMBDS, lr=LR, epochs=EPOCHS)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=5, help="timings per side (best is kept)")
    args = ap.parse_args()
    X, Y = data()
    app_every = EPOCHS // 300  # the app records about 300 points per run
    print(
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print(f"m={M}, epochs={EPOCHS}, λ={LAMBD}, lr={LR}, best of {args.repeats} (interleaved)")
    print()
    head = (
        f"{'net':<16}{'sklearn ep/s':>13}{'ours@2000':>11}{'ratio':>7}{'ours@10':>10}{'ratio':>7}"
    )
    print(head)
    sweeps = []
    for dims in NETS:
        best = {k: np.inf for k in ("sk", "end", "ten", "app", "one", "sweep")}
        for _ in range(args.repeats):
            best["sk"] = min(best["sk"], time_sklearn(dims, X, Y))
            best["end"] = min(best["end"], time_ours(dims, X, Y, EPOCHS))
            best["ten"] = min(best["ten"], time_ours(dims, X, Y, 10))
            best["sweep"] = min(best["sweep"], time_sweep(dims, X, Y))
            best["app"] = min(best["app"], time_ours(dims, X, Y, app_every))
            best["one"] = min(best["one"], time_ours(dims, X, Y, 1))
        sk, end, ten = (EPOCHS / best[k] for k in ("sk", "end", "ten"))
        print(
            f"{str(dims):<16}{sk:>13.0f}{end:>11.0f}{end / sk:>6.2f}x{ten:>10.0f}{ten / sk:>6.2f}x"
        )
        sweeps.append((dims, best))
    print()
    print("ratio = ours / sklearn epochs per second; ours@k records every k epochs")
    print("(target: >= 3x on the small nets, >= 1.5x on the large one, at every=2000).")
    print()
    print(f"Validation curve of {len(LAMBDS)} λ values (s) against one run (s) of the same net,")
    print(f"one run recording every 2000, {app_every} (the app) and 1 (train's default) epochs:")
    head = f"{'net':<16}{'12 λ':>8}{'run@2000':>10}{'ratio':>7}"
    head += f"{f'run@{app_every}':>9}{'ratio':>7}{'run@1':>8}{'ratio':>7}"
    print(head)
    for dims, best in sweeps:
        sw = best["sweep"]
        end, app, one = best["end"], best["app"], best["one"]
        print(
            f"{str(dims):<16}{sw:>8.3f}{end:>10.3f}{sw / end:>6.2f}x"
            f"{app:>9.3f}{sw / app:>6.2f}x{one:>8.3f}{sw / one:>6.2f}x"
        )
    print("(target: <= 4x)")
    print()
    ref_epochs = EPOCHS // 10
    print(f"Reference loop against the fast path (epochs per second, {ref_epochs} epochs):")
    print(f"{'net':<16}{'reference':>10}{'fast':>9}{'ratio':>7}")
    for dims in NETS:
        ref = min(time_ours(dims, X, Y, ref_epochs, "reference", ref_epochs) for _ in range(3))
        fast = min(time_ours(dims, X, Y, ref_epochs, "fast", ref_epochs) for _ in range(3))
        r, f = ref_epochs / ref, ref_epochs / fast
        print(f"{str(dims):<16}{r:>10.0f}{f:>9.0f}{f / r:>6.2f}x")
    print()
    print(f"L1's proximal step (fast path, epochs per second, {EPOCHS} epochs, λ1 = 0.1):")
    print(f"{'net':<16}{'no L1':>10}{'L1':>9}{'ratio':>7}")
    for dims in NETS:
        off = min(time_ours(dims, X, Y, EPOCHS) for _ in range(3))
        on = min(time_ours(dims, X, Y, EPOCHS, l1=0.1) for _ in range(3))
        print(f"{str(dims):<16}{EPOCHS / off:>10.0f}{EPOCHS / on:>9.0f}{off / on:>6.2f}x")


if __name__ == "__main__":
    main()

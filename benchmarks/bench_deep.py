"""Epochs per second of a deep net: ``ml.train`` against scikit-learn's MLPClassifier.

Same work on both sides: full-batch gradient descent without momentum on 300
standardized 2-D points (moons), the same layer sizes (10, 30 and 50 hidden layers of
10 units, and 30 of 32), the same hidden activation (tanh and ReLU), no L2 (λ = alpha =
0), learning rate 0.01, 300 epochs. scikit-learn computes its loss every epoch (it cannot
skip it), so ours records every epoch too (``every=1``) besides only at the end. Both
sides are timed a few times, interleaved, and the best time kept; the ratio is measured
in the same run. Our reference loop (``path="reference"``) is timed once for scale.

Run: ``python benchmarks/bench_deep.py [--repeats N]``
"""

from __future__ import annotations

import argparse
import os
import platform
import time
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from tui_tutor import ml

M = 300
EPOCHS = 300
LR = 0.01
NETS = [(10, 10, "tanh"), (30, 10, "tanh"), (50, 10, "tanh"), (30, 10, "relu"), (30, 32, "relu")]


def data() -> tuple[np.ndarray, np.ndarray]:
    X, Y = ml.make_dataset("moons", M, noise=0.2, seed=0)
    return ml.Standardizer.fit(X).transform(X), Y


def time_ours(dims: list[int], act: str, X, Y, every: int, path: str = "auto") -> float:
    params = ml.init_params(dims, "xavier" if act == "tanh" else "he", seed=1)
    t0 = time.perf_counter()
    for _ in ml.train(params, X, Y, lr=LR, epochs=EPOCHS, activation=act, every=every,
                      path=path):  # fmt: skip
        pass
    return time.perf_counter() - t0


def time_sklearn(dims: list[int], act: str, X, Y) -> float:
    clf = MLPClassifier(
        hidden_layer_sizes=tuple(dims[1:-1]),
        activation=act,
        solver="sgd",
        alpha=0.0,
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3, help="timings per side (best is kept)")
    args = ap.parse_args()
    X, Y = data()
    print(
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
        f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} CPUs"
    )
    print(f"m={M}, epochs={EPOCHS}, lr={LR}, full batch, no momentum, best of {args.repeats}")
    print()
    print(
        f"{'hidden':<14}{'g':<6}{'sklearn ep/s':>13}{'ours@end':>10}{'ratio':>7}"
        f"{'ours@1':>9}{'ratio':>7}{'reference':>11}"
    )
    for depth, width, act in NETS:
        dims = [2] + [width] * depth + [1]
        best = {k: np.inf for k in ("sk", "end", "one")}
        for _ in range(args.repeats):
            best["sk"] = min(best["sk"], time_sklearn(dims, act, X, Y))
            best["end"] = min(best["end"], time_ours(dims, act, X, Y, EPOCHS))
            best["one"] = min(best["one"], time_ours(dims, act, X, Y, 1))
        ref = EPOCHS / time_ours(dims, act, X, Y, EPOCHS, path="reference")
        sk, end, one = (EPOCHS / best[k] for k in ("sk", "end", "one"))
        print(
            f"{f'{depth} x {width}':<14}{act:<6}{sk:>13.0f}{end:>10.0f}{end / sk:>6.2f}x"
            f"{one:>9.0f}{one / sk:>6.2f}x{ref:>11.0f}"
        )
    print()
    print("ratio = ours / sklearn epochs per second; ours@1 records every epoch (as sklearn")
    print("computes its loss every epoch), ours@end only at the end; reference: our readable")
    print("loop (model.loss_and_grads), recording at the end.")


if __name__ == "__main__":
    main()

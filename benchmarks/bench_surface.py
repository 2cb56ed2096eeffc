"""The surface view's figures and what they cost: lr_max, the contour ratio and the
network's train error, raw against normalized, for a few feature scales.

Run: PYTHONPATH=. python benchmarks/bench_surface.py [--m 300] [--scales 1 5 20 50]

For each x2 factor s (x1 × 1): the two-weight model's lr_max and contour ratio with
normalization off and on (``ml.labsurface``), the network's train error after 500
epochs at α = 1 (10 and 3 ReLU units), and the wall time of the surface view's worker
(``LabConfig.sweep("surface")``, both lr_max included) on this host. Also checks the
model's minimum against scikit-learn's LogisticRegression(fit_intercept=False).
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tui_tutor import ml
from tui_tutor.ml import surface as sf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--m", type=int, default=300)
    parser.add_argument("--scales", type=float, nargs="+", default=[1, 5, 20, 50])
    args = parser.parse_args()
    base = ml.LabConfig.from_mapping(
        {"m": args.m, "noise": 0.2, "layers": [10, 3], "lr": 1.0, "epochs": 500}
    )
    print(f"moons, m = {args.m} (train {base.data().sizes[0]}), network 10,3 at α = 1")
    print(f"{'x2 ×':>6} {'norm':>5} {'lr_max':>8} {'ratio':>6} {'train err':>9} {'view s':>7}")
    for s in args.scales:
        for normalize in (False, True):
            cfg = base.with_changes(feature_scale=[1.0, s], normalize=normalize)
            d = cfg.data()
            t = time.perf_counter()
            cfg.sweep("surface")
            took = time.perf_counter() - t
            _, last = cfg.final()
            top, ratio = sf.lr_max(d.X_train, d.Y_train), sf.contour_ratio(d.X_train, d.Y_train)
            on = "on" if normalize else "off"
            print(
                f"{s:>6g} {on:>5} {top:>8.3g} {ratio:>6.2f} {last.train_error:>9.1%} {took:>7.2f}"
            )
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return
    d = base.data()
    w, _ = sf.minimum(d.X_train, d.Y_train)
    ref = LogisticRegression(fit_intercept=False, C=1e12, tol=1e-12, max_iter=10_000)
    ref.fit(d.X_train.T, d.Y_train[0])
    gap = float(np.abs(w - ref.coef_[0]).max())
    print(
        f"minimum w* {np.round(w, 4)}; scikit-learn {np.round(ref.coef_[0], 4)} (max gap {gap:.1e})"
    )


if __name__ == "__main__":
    main()

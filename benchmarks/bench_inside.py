"""What looking inside costs: the activations/weights views' extras and the inside metrics.

For lesson 05's preset (two hidden layers of 20 tanh units, 100 training examples, 3000
epochs) and a bigger net ([64, 64], 2000 examples), times, interleaved and best of --runs:

- a plain run recording every 10 epochs (as the lab records a 3000-epoch run), against the
  same run with the four extras the two views ask for (ratio: their overhead);
- ``LabRun.metrics`` (one per snapshot, about ten a second in the lab), against one epoch
  of training, and the part of it that is ``extras.inside_metrics`` (a forward pass);
- the lab's own cost: ``compute_extras`` of the four extras once per snapshot (the lab
  computes them there, not at every record), as a share of one core at ten a second.

Ratios are the figures to read: the two cores are shared, so absolute times vary.
Usage: python benchmarks/bench_inside.py [--runs 5]
"""

from __future__ import annotations

import argparse
import time

from tui_tutor import ml
from tui_tutor.ml.extras import compute_extras, inside_metrics

EXTRAS = ("linear_share_layers", "z_abs_p90_layers", "w_norm_sq_layers", "w_max_layers")
CASES = {
    "lesson 05": {"dataset": "moons", "m": 600, "noise": 0.15, "flip": 0.05,
                  "split": [100, 500], "layers": [20, 20], "activation": "tanh",
                  "lr": 0.1, "epochs": 3000, "seed": 2, "lambd": 1.0},
    "[64, 64], m 2000": {"dataset": "moons", "m": 2500, "split": [2000, 500],
                         "layers": [64, 64], "activation": "tanh", "epochs": 600},
}  # fmt: skip


def _best(fn, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    runs = ap.parse_args().runs
    for name, mapping in CASES.items():
        cfg = ml.LabConfig.from_mapping(mapping)
        every = max(1, min(50, cfg.epochs // 300))

        def plain(cfg=cfg, every=every) -> None:
            for _ in cfg.run(every=every).records:
                pass

        def with_extras(cfg=cfg, every=every) -> None:
            for _ in cfg.run(every=every, extras=EXTRAS).records:
                pass

        t_plain = t_extras = float("inf")
        for _ in range(runs):  # interleaved, so load hits both alike
            t_plain = min(t_plain, _best(plain, 1))
            t_extras = min(t_extras, _best(with_extras, 1))
        run, rec = cfg.final()
        t_metrics = _best(lambda run=run, rec=rec: run.metrics(rec), runs * 20)
        X = run.data.X_train
        t_inside = _best(lambda run=run, X=X, cfg=cfg: inside_metrics(run.params, X,
                         cfg.activation), runs * 20)  # fmt: skip
        t_snap = _best(lambda run=run, X=X, cfg=cfg: compute_extras(EXTRAS, run.params, X,
                       cfg.activation), runs * 20)  # fmt: skip
        epoch = t_plain / cfg.epochs
        print(f"{name}: run {t_plain * 1e3:.0f} ms, with extras {t_extras * 1e3:.0f} ms "
              f"(x{t_extras / t_plain:.2f}); metrics {t_metrics * 1e3:.2f} ms = "
              f"{t_metrics / epoch:.1f} epochs, of which inside_metrics "
              f"{t_inside * 1e3:.2f} ms; extras per snapshot {t_snap * 1e3:.2f} ms "
              f"({t_snap * 10:.1%} of a core at 10/s)")  # fmt: skip


if __name__ == "__main__":
    main()

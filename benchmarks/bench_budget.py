"""The worst cases the resource budgets allow (``ml.budget``), measured (prints figures).

Each case runs in a fresh child process, so its peak memory (``ru_maxrss``: the whole
process, Python and NumPy included) is its own. For every candidate near a budget:
the estimate, the measured time per epoch and, at the most epochs the budget allows,
the time of the whole run (extrapolated from a few epochs, or measured with ``--full``).
Then the app: a lab on the heaviest sweep config with its validation and learning views
computing at once, its peak memory against the stated 500 MB.

Run: ``python benchmarks/bench_budget.py [--full]`` (``--full`` takes a quarter of an hour)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import textwrap

from tui_tutor import ml

RUNS = [  # (name, settings): near the memory, per-epoch and total budgets
    ("256 units, m 20000", {"m": 20000, "layers": [256]}),
    ("6 x 14 units, m 20000", {"m": 20000, "layers": [14] * 6}),
    ("20,3 at m 20000", {"m": 20000, "layers": [20, 3]}),
    ("20,3 m 20000, batch 64", {"m": 20000, "layers": [20, 3], "batch_size": 64}),
    ("190,190 at m 400", {"m": 400, "layers": [190, 190]}),
    ("6 x 1 unit, m 8", {"m": 8, "layers": [1] * 6}),
]
SWEEPS = [  # (name, settings, kind, models)
    ("validation, 28 units, m 20000", {"m": 20000, "layers": [28]}, "validation", 12),
    ("validation, 20,3, m 20000", {"m": 20000, "layers": [20, 3]}, "validation", 12),
    ("learning, 28 units, m 20000", {"m": 20000, "layers": [28]}, "learning", 7),
    ("50 λ values, 20,3, m 2000", {"m": 2000, "layers": [20, 3]}, "validation", 50),
]

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    from tui_tutor import ml
    settings, kind, models, epochs = json.loads(sys.argv[1])
    cfg = ml.LabConfig.from_mapping({**settings, "epochs": epochs})
    cfg.data()
    t0 = time.perf_counter()
    if kind == "run":
        for _ in cfg.run(every=max(1, epochs // 300)).records:
            pass
    else:
        values = list(ml.SETTINGS["lambd"].ladder)[:models] if kind == "validation" else None
        if kind == "validation" and models > len(values):
            values = [i / models for i in range(models)]
        cfg.sweep(kind, values, should_stop=lambda done: False)
    dt = time.perf_counter() - t0
    print(json.dumps({"s": dt, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
    """
)

APP = textwrap.dedent(
    """
    import asyncio, json, resource, sys
    sys.path.insert(0, "tests/app")
    from lab_host import LabApp
    from tui_tutor import ml
    cfg = ml.LabConfig.from_mapping({**json.loads(sys.argv[1]), "epochs": 60})

    async def main():
        app = LabApp(cfg, test_mode=False, views=["curves", "validation", "learning"])
        async with app.run_test(size=(80, 24)) as pilot:
            lab = app.panel
            base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            lab.do("next_view")
            lab.do("next_view")  # both sweeps now compute, beside the run
            await app.until(lambda: len(lab.sweeps) == 2, timeout=600)
            print(json.dumps({"base": base,
                              "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))

    asyncio.run(main())
    """
)


def child(code: str, *args: object) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, *(json.dumps(a) for a in args)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(name: str, settings: dict, kind: str, models: int, full: bool) -> None:
    cfg = ml.LabConfig.from_mapping(settings)
    cost = cfg.cost(models)
    most = min(int(ml.SETTINGS["epochs"].limits[1]), int(ml.budget.WORK_BUDGET // cost.epoch))
    probe = most if full else max(3, min(most, int(2e9 // cost.epoch)))
    got = child(CHILD, [settings, kind, models, probe])
    per = got["s"] / probe
    total = got["s"] if full else per * most
    print(
        f"{name:32} {cost.memory / 2**20:6.0f} MB {cost.epoch:8.2g} {per * 1e3:8.2f} ms "
        f"{most:7d} {total:7.0f} s{'' if full else '*'} {got['rss'] / 1024:7.0f} MB"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--full", action="store_true", help="run every worst case to the end")
    full = ap.parse_args().full
    b = ml.budget
    print(
        f"budgets: {b.MEMORY_BUDGET // 2**20} MB of arrays, {b.human(b.EPOCH_BUDGET)} per epoch"
        f" of a run ({b.human(b.SWEEP_EPOCH_BUDGET)} of a sweep), {b.human(b.WORK_BUDGET)} in "
        f"all, {b.MAX_SWEEP_MODELS} models per sweep"
    )
    head = f"{'case':32} {'est. mem':>9} {'est./ep':>8} {'per ep':>11} {'epochs':>7}"
    print(f"{head} {'whole':>9} {'peak RSS':>10}   (* extrapolated)")
    for name, settings in RUNS:
        measure(name, settings, "run", 1, full)
    for name, settings, kind, models in SWEEPS:
        measure(name, settings, kind, models, full)
    app = child(APP, SWEEPS[0][1])
    print(
        f"app, {SWEEPS[0][0]} + its learning curve at once: peak RSS "
        f"{app['rss'] / 1024:.0f} MB (started: {app['base'] / 1024:.0f} MB; stated: 500 MB)"
    )


if __name__ == "__main__":
    main()

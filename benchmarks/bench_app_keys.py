"""Keys and quitting on the heaviest lab the budgets allow, alone and on a loaded machine.

The heaviest presets: one epoch of a run at the run budget (about 5e7 multiply-adds:
layers 256,256 on 240 training examples) and, with the validation and learning curves
computing beside it, a net whose sweep epoch is at the sweep budget (layers 160,160).

- keys: ``tab`` and ``]`` sent as real key events to a headless lab while it trains (and
  its sweeps compute): milliseconds from sending the key until its effect is in the
  panel's state and until it is painted. Target: p95 < 100 ms.
- quit: the real app (``python -m tui_tutor``) on a pseudo-terminal, a lesson with the
  heavy preset, its run and both sweeps computing; seconds from pressing ``q`` until the
  process has exited. Target: < 1 s.

``--load N`` first starts N other processes that train a heavy net without end (as N
other learners on the same server would), and stops them at the end.

Usage: python benchmarks/bench_app_keys.py [--repeat 40] [--load 0] [--quit-runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


from labkit import LabApp, painted, pct, send, until  # noqa: E402

from tui_tutor import ml  # noqa: E402

BASE = {"dataset": "moons", "m": 400, "noise": 0.2, "flip": 0.05, "lr": 0.1, "epochs": 4000}


def heaviest(layers: list[int], sweeps: bool = False, **extra: object) -> ml.LabConfig:
    """The preset with ``layers`` and the most examples the budgets allow (bisected on
    m: the budgets' own check decides, so this stays the heaviest when they change);
    with ``sweeps``, the 12-model validation and learning sweeps must fit too."""
    low, high = 10, 20000  # the m setting's limits
    while low < high:
        mid = (low + high + 1) // 2
        try:
            cfg = ml.LabConfig.from_mapping({**BASE, **extra, "m": mid, "layers": layers})
            if sweeps:
                for kind in ("validation", "learning"):
                    cfg.check_budget(12, kind)
            low = mid
        except ml.ConfigError:
            high = mid - 1
    return ml.LabConfig.from_mapping({**BASE, **extra, "m": low, "layers": layers})


HEAVY_RUN = heaviest([256, 256])
HEAVY_SWEEPS = heaviest([160, 160], sweeps=True)
# Another learner's tui-tutor training a heavy net without end, in the lab's own kind of
# thread (lower priority, one BLAS thread), its UI idle.
HOG = (
    "import threading\n"
    "from tui_tutor import ml\n"
    "from tui_tutor.app.lab.jobs import Job\n"
    f"cfg = ml.LabConfig.from_mapping({{'m': {HEAVY_RUN.m}, 'layers': [256, 256]}})\n"
    "Job(lambda job: [None for _ in cfg.run(50).records]).start()\n"
    "threading.Event().wait()\n"
)


async def keys(config: ml.LabConfig, views: list[str], repeat: int) -> dict[str, list[float]]:
    """ms from key to state and to paint, for tab (redraw) and ] (a new run)."""
    app = LabApp(config, views)
    out: dict[str, list[float]] = {"tab": [], "tab painted": [], "]": [], "] painted": []}
    async with app.run_test(size=(80, 24)):
        lab = app.panel
        await until(lambda: len(lab.curves) > 0, timeout=60)
        if len(views) > 3:  # start both sweeps: show each sweep view once
            for _ in views:
                lab.do("next_view")
                await asyncio.sleep(0.05)
        for i in range(repeat):
            if i % 2 == 0:
                before, t0 = lab.view, time.perf_counter()
                send(app, "tab", None)
                t1 = await until(lambda before=before: lab.view != before, 30)
                name = "tab"
            else:
                run_id, t0 = lab.run_id, time.perf_counter()
                key, char = (
                    ("right_square_bracket", "]") if i % 4 == 1 else ("left_square_bracket", "[")
                )
                send(app, key, char)
                t1 = await until(lambda run_id=run_id: lab.run_id != run_id, 30)
                name = "]"
            t2 = await painted(app)
            out[name].append((t1 - t0) * 1000)
            out[f"{name} painted"].append((t2 - t0) * 1000)
            await asyncio.sleep(0.1 + 0.1 * ((i * 7) % 5) / 5)
        busy = lab.sweeps.busy
        lab.stop()
    out["sweeps were computing"] = [float(busy)]
    return out


def write_heavy_lesson(folder: Path) -> None:
    layers = ", ".join(str(u) for u in HEAVY_SWEEPS.layers)
    (folder / "01-heavy.md").write_text(
        '+++\nid = "heavy"\ntitle = "Heavy"\norder = 1\n\n[lab]\n'
        f"m = {HEAVY_SWEEPS.m}\nlayers = [{layers}]\nlr = 0.1\nepochs = 4000\n"
        'views = ["validation", "learning", "curves"]\n+++\n\nA heavy lab.\n',
        encoding="utf-8",
    )


def _read(fd: int) -> bytes:
    """What the pty has now; b"" once the child side is closed (Linux says EIO then)."""
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def quit_time(tmp: Path) -> float:
    """Seconds from q to the exit of the real app, its run and both sweeps computing."""
    import pty

    master, slave = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color"}
    args = ["--lang", "en", "--lessons", str(tmp), "--progress", str(tmp / "p.json")]
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui_tutor", *args],
        stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True,
    )  # fmt: skip
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + 120
        while b"computing" not in seen and time.monotonic() < deadline:
            if proc.poll() is not None:
                break
            if select.select([master], [], [], 1)[0]:
                seen += _read(master)
        if b"computing" not in seen:
            tail = seen[-400:].decode("utf-8", "replace")
            raise RuntimeError(
                f"the app never showed a sweep computing (exit {proc.poll()}): {tail!r}"
            )
        time.sleep(2.0)  # the run and both sweeps are well under way
        t0 = time.perf_counter()
        os.write(master, b"q")
        while proc.poll() is None:
            if select.select([master], [], [], 0.01)[0] and not _read(master):
                proc.wait(timeout=30)  # EIO or end of file: the child closed the terminal
        return time.perf_counter() - t0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=40)
    ap.add_argument("--load", type=int, default=0, help="other busy processes to start first")
    ap.add_argument("--quit-runs", type=int, default=3)
    args = ap.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    hogs = [subprocess.Popen([sys.executable, "-c", HOG], env=env) for _ in range(args.load)]
    try:
        time.sleep(2.0 if hogs else 0)
        print(f"lab keys and quit, heaviest presets, {args.load} other busy processes")
        for label, config, views in (
            ("run at the epoch budget (256,256)", HEAVY_RUN, ["curves", "boundary", "cost"]),
            (
                "run + both sweeps (160,160)",
                HEAVY_SWEEPS,
                ["curves", "boundary", "cost", "validation", "learning"],
            ),
        ):
            got = asyncio.run(keys(config, views, args.repeat))
            print(f"  {label}:")
            for name in ("tab", "tab painted", "]", "] painted"):
                xs = got[name]
                print(
                    f"    {name:<11} median {statistics.median(xs):6.1f} ms  p95 "
                    f"{pct(xs, 0.95):6.1f} ms  max {max(xs):6.1f} ms  (target p95 < 100 ms)"
                )
            if len(views) > 3:
                busy = bool(got["sweeps were computing"][0])
                print(f"    sweeps still computing at the end: {busy}")
        with tempfile.TemporaryDirectory() as tmp:
            write_heavy_lesson(Path(tmp))
            times = [quit_time(Path(tmp)) for _ in range(args.quit_runs)]
        print(
            f"  q to exit (real app, run and both sweeps computing): median "
            f"{statistics.median(times):.2f} s, max {max(times):.2f} s (target < 1 s)"
        )
    finally:
        for hog in hogs:
            hog.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

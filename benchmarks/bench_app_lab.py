"""How the lab feels: key to first new curve points, key latency while training, idle CPU.

Run: PYTHONPATH=. python benchmarks/bench_app_lab.py [--size 120x40] [--repeat 30]

The LabPanel runs headless (Textual's run_test) in a tiny host app, training a lesson-sized
net ([2, 20, 3, 1], 240 training examples) in its thread worker. Keys are sent through the
driver as real key events; times run from sending the key to the panel's state showing the
effect (the repaint follows on the next idle tick of the event loop).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from labkit import LabApp, painted, pct, send, until  # noqa: E402

from tui_tutor import ml  # noqa: E402

PRESET = ml.LabConfig.from_mapping(
    {"dataset": "moons", "m": 400, "noise": 0.2, "flip": 0.05, "layers": [20, 3], "lr": 0.3}
)


async def key_to_first_points(size: tuple[int, int], repeat: int) -> tuple[list, list]:
    """λ up/down while a long run trains: ms until the new run's first points are in,
    and until they are painted."""
    app = LabApp(PRESET.with_changes(epochs=100000), ["curves", "boundary", "cost"])
    out, paint = [], []
    async with app.run_test(size=size):
        lab = app.panel
        await until(lambda: len(lab.curves) > 5)
        for i in range(repeat):
            run_id = lab.run_id
            key, char = (
                ("right_square_bracket", "]") if i % 2 == 0 else ("left_square_bracket", "[")
            )
            t0 = time.perf_counter()
            send(app, key, char)
            t1 = await until(lambda run_id=run_id: lab.run_id != run_id and len(lab.curves) > 0)
            t2 = await painted(app)
            out.append((t1 - t0) * 1000)
            paint.append((t2 - t0) * 1000)
            await asyncio.sleep(0.15)  # let it train and draw a little
        lab.runner.worker and lab.runner.worker.cancel()
    return out, paint


async def live_throughput(size: tuple[int, int], epochs: int) -> tuple[float, float]:
    """Epochs per second of a live run on screen (curves view) and of ml.train headless."""
    cfg = PRESET.with_changes(epochs=epochs)
    t0 = time.perf_counter()
    cfg.final(every=max(1, epochs // 300))
    headless = epochs / (time.perf_counter() - t0)
    app = LabApp(cfg, ["curves"])
    async with app.run_test(size=size):
        lab = app.panel
        await until(lambda: len(lab.curves) > 0)
        t0 = time.perf_counter()
        await until(lambda: lab.status == "done", timeout=120)
        live = epochs / (time.perf_counter() - t0)
    return live, headless


async def key_latency_while_training(size: tuple[int, int], repeat: int) -> list[float]:
    """tab (switch view, redraw) while the run trains: ms until the view has changed."""
    app = LabApp(PRESET.with_changes(epochs=200000), ["curves", "boundary", "cost"])
    out = []
    async with app.run_test(size=size):
        lab = app.panel
        await until(lambda: len(lab.curves) > 5)
        for i in range(repeat):
            view = lab.view
            t0 = time.perf_counter()
            send(app, "tab", None)
            t1 = await until(lambda view=view: lab.view != view)
            out.append((t1 - t0) * 1000)
            await asyncio.sleep(0.05 + 0.1 * ((i * 7) % 5) / 5)
        assert lab.running, "the run should still be training"
        lab.runner.worker and lab.runner.worker.cancel()
    return out


async def idle_cpu(size: tuple[int, int], seconds: float) -> tuple[float, float]:
    """CPU share of the process after a run has finished (nothing to draw), and run time."""
    app = LabApp(PRESET.with_changes(epochs=1500), ["curves", "boundary", "cost"])
    async with app.run_test(size=size):
        lab = app.panel
        t0 = time.perf_counter()
        await until(lambda: lab.status == "done", timeout=30)
        run_s = time.perf_counter() - t0
        await asyncio.sleep(0.5)
        c0, w0 = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu = (time.process_time() - c0) / (time.perf_counter() - w0)
    return cpu * 100, run_s


async def paused_cpu(size: tuple[int, int], seconds: float) -> float:
    """CPU share of the process while a long run is paused (space)."""
    app = LabApp(PRESET.with_changes(epochs=200000), ["curves", "boundary", "cost"])
    async with app.run_test(size=size):
        lab = app.panel
        await until(lambda: len(lab.curves) > 5)
        send(app, "space", " ")
        await until(lambda: lab.paused)
        await asyncio.sleep(0.5)
        c0, w0 = time.process_time(), time.perf_counter()
        await asyncio.sleep(seconds)
        cpu = (time.process_time() - c0) / (time.perf_counter() - w0)
        lab.runner.worker and lab.runner.worker.cancel()
    return cpu * 100


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="120x40", help="terminal size WxH (default 120x40)")
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    w, h = (int(v) for v in args.size.lower().split("x"))
    size = (w, h)

    first, paint = asyncio.run(key_to_first_points(size, args.repeat))
    lat = asyncio.run(key_latency_while_training(size, args.repeat * 2))
    cpu, run_s = asyncio.run(idle_cpu(size, 3.0))
    live, headless = asyncio.run(live_throughput(size, 20000))
    paused = asyncio.run(paused_cpu(size, 3.0))
    print(f"terminal {w}x{h}, preset [2,20,3,1] m_train=240, {args.repeat} trials")
    print(
        f"key -> first new curve points: median {statistics.median(first):.1f} ms, "
        f"p95 {pct(first, 0.95):.1f} ms, max {max(first):.1f} ms (target < 150 ms)"
    )
    print(
        f"key -> those points painted: median {statistics.median(paint):.1f} ms, "
        f"p95 {pct(paint, 0.95):.1f} ms, max {max(paint):.1f} ms"
    )
    print(
        f"key handling while training (tab, view redraw): median {statistics.median(lat):.1f} ms, "
        f"p95 {pct(lat, 0.95):.1f} ms, max {max(lat):.1f} ms (target p95 < 50 ms)"
    )
    print(f"a 1500-epoch live run, start to done: {run_s:.2f} s")
    print(
        f"training speed on screen: {live:,.0f} epochs/s live vs {headless:,.0f} headless "
        f"({live / headless:.0%})"
    )
    print(f"idle CPU after the run: {cpu:.1f}% of one core over 3 s (target ~0)")
    print(f"CPU while a run is paused: {paused:.1f}% of one core over 3 s")


if __name__ == "__main__":
    main()

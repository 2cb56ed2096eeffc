"""CPU time of one lab key in the tutor, and which widgets the frames repaint.

Run: PYTHONPATH=. python benchmarks/bench_key_cpu.py [--size 80x24] [--keys 20]
     [--lesson l2-regularization] [--profile]

The whole tutor (not test mode: the live runner, throttle and paint handshake) runs headless
on a lesson; once its first run is done, it presses ``]`` / ``[`` ``--keys`` times (λ up the
ladder and back), each time waiting for the new run to finish and be painted. It prints the
process's CPU time per key (training and the UI together, which is what a learner costs a lab
host), how many snapshots reached the screen, and per widget class the renders and their
time; ``--profile`` adds cProfile's top functions. Compare two checkouts in the same run of
the host: the figure is CPU time, which a busy host disturbs less than wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (cli/__init__.py)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from labkit import painted, send, until  # noqa: E402
from textual.widget import Widget  # noqa: E402

from tui_tutor.app import build_app  # noqa: E402
from tui_tutor.app.lab import LabPanel  # noqa: E402
from tui_tutor.app.lab import runner as runner_module  # noqa: E402

renders: Counter[str] = Counter()
render_s: Counter[str] = Counter()
shown: Counter[str] = Counter()


def _count_renders() -> None:
    """Wrap Widget.render_lines and Runner._show to count what each frame costs."""
    render_lines, show = Widget.render_lines, runner_module.Runner._show

    def counted_render_lines(self: Widget, crop):  # noqa: ANN001
        start = time.perf_counter()
        try:
            return render_lines(self, crop)
        finally:
            name = type(self).__name__
            renders[name] += 1
            render_s[name] += time.perf_counter() - start

    def counted_show(self, snap, frames):  # noqa: ANN001
        shown["final" if snap.final else "during the run"] += 1
        return show(self, snap, frames)

    Widget.render_lines = counted_render_lines
    runner_module.Runner._show = counted_show


async def measure(size: tuple[int, int], keys: int, lesson: str, profile: bool) -> None:
    app = build_app(lang="en", lesson=lesson, progress=Path(tempfile.mkdtemp()) / "p.json")
    prof = cProfile.Profile()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lab = app.screen.query_one(LabPanel)
        await until(lambda: lab.runner.worker is None, 30)
        renders.clear(), render_s.clear(), shown.clear()
        cpu0 = time.process_time()
        if profile:
            prof.enable()
        for i in range(keys):
            up = (i // 4) % 2 == 0
            key, char = ("right_square_bracket", "]") if up else ("left_square_bracket", "[")
            run_id = lab.run_id
            send(app, key, char)
            await until(lambda run_id=run_id: lab.run_id != run_id, 5)
            await until(lambda: lab.runner.worker is None, 30)
            await painted(app)
        if profile:
            prof.disable()
        cpu = time.process_time() - cpu0
    load = os.getloadavg()[0]
    print(f"tui-tutor, lesson {lesson}, {size[0]}x{size[1]}, {keys} keys, load {load:.1f}")
    print(f"  CPU per key (training and UI)   {cpu / keys * 1000:7.1f} ms")
    print(f"  snapshots shown per key         {sum(shown.values()) / keys:7.1f}  {dict(shown)}")
    for name, n in render_s.most_common(8):
        print(f"  {name:<22} {renders[name] / keys:5.1f} renders {n / keys * 1000:7.2f} ms/key")
    if profile:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--size", default="80x24")
    p.add_argument("--keys", type=int, default=20)
    p.add_argument("--lesson", default="l2-regularization")
    p.add_argument("--profile", action="store_true", help="add cProfile's top functions")
    args = p.parse_args()
    cols, rows = (int(x) for x in args.size.lower().split("x"))
    _count_renders()
    asyncio.run(measure((cols, rows), args.keys, args.lesson, args.profile))


if __name__ == "__main__":
    main()

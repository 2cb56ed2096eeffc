"""CPU of the instructor's live view with 30 learners' live files updating.

A child process plays 30 learners: each rewrites DIR/live/NAME.json every 3 s (the
heartbeat), one of them every 0.1 s (a learner answering fast). This process runs
``ClassWatch.poll`` + ``rows()`` every second (the view's timer) for SECONDS and prints
its CPU time per wall second, beside the same loop over an idle folder (no writer) as
a reference that load distorts the same way.

    /work/venvs/<name>/bin/python benchmarks/bench_class_watch.py [SECONDS] [LEARNERS]
"""

from __future__ import annotations

import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

from tui_tutor.classroom.folder import init_class
from tui_tutor.classroom.live import Answer, Live, write_live
from tui_tutor.classroom.watch import ClassWatch


def writers(root: str, n: int, seconds: float) -> None:
    live = Path(root) / "live"
    end = time.time() + seconds
    last = [0.0] * n
    while time.time() < end:
        now = time.time()
        for i in range(n):
            if now - last[i] >= (0.1 if i == 0 else 3.0):
                last[i] = now
                answers = {"01-x": {f"q{k}": Answer(k % 4 + 1, k % 2 == 0, 1) for k in range(20)}}
                write_live(
                    live / f"l{i:02d}.json",
                    Live(
                        f"l{i:02d}",
                        lesson="01-x",
                        step=i % 5,
                        steps=6,
                        at=i % 5,
                        answers=answers,
                        active=now,
                        beat=now,
                    ),
                )
        time.sleep(0.05)


def measure(root: Path, seconds: float) -> tuple[float, int]:
    watch = ClassWatch(root)
    cpu0, changes = time.process_time(), 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        changes += watch.poll()
        watch.rows()
        time.sleep(1.0)
    return (time.process_time() - cpu0) / seconds, changes


def main() -> None:
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    with tempfile.TemporaryDirectory() as tmp:
        folder = init_class(Path(tmp) / "c", host_key=False)
        for i in range(n):
            folder.add_learner(f"l{i:02d}", password="x")
        (folder.root / "live").mkdir()
        writers(str(folder.root), n, 0.2)  # every file exists
        idle, _ = measure(folder.root, seconds / 2)
        child = multiprocessing.Process(target=writers, args=(str(folder.root), n, seconds + 2))
        child.start()
        busy, changes = measure(folder.root, seconds)
        child.join()
    print(
        f"{n} learners, {seconds:g} s: view CPU {busy * 100:.2f}% of a core while updating "
        f"({changes} polls saw a change), {idle * 100:.2f}% over the same folder idle; "
        f"ratio {busy / max(idle, 1e-9):.1f}x"
    )


if __name__ == "__main__":
    main()

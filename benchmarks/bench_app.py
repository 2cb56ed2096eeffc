"""How fast the tutor starts and how much memory it holds.

Each run is a fresh Python process (imports included) that starts the app headless on the
bundled lessons (or --lessons DIR), with a throwaway progress file and the live lab (not test
mode). Measured from just before the process is spawned:

- start: until the first lesson step is composed and painted (the Markdown holds the step and
  the screen has been refreshed once since; target < 0.7 s), and the CPU time the process
  used until then (what a busy host cannot shorten: wall time there is mostly waiting);
- first run: until the lab's first run of that step has finished;
- memory: resident set (VmRSS) after the first run, and the peak (VmHWM) after every view of
  the lab was shown once, the validation and learning sweeps included (target < 150 MB).

Usage: python benchmarks/bench_app.py [--runs 5] [--lessons DIR] [--size 120x40]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import asyncio, json, sys, time
from pathlib import Path

args = json.loads(sys.argv[1])
from tui_tutor.app import build_app
from tui_tutor.app.lab import LabPanel
from tui_tutor.app.screens.main import TutorScreen
from textual.widgets import Markdown

app = build_app(lang=args["lang"], lessons_dir=args["lessons"], progress=Path(args["progress"]))
marks = {}

def rss_mb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")

async def pilot_run(pilot):
    while True:
        screen = app.screen
        if isinstance(screen, TutorScreen) and screen.is_mounted:
            md = screen.query(Markdown)
            if md and md.first().source:
                break
        await asyncio.sleep(0.002)
    # The callback runs right after the next screen refresh: the step's first paint.
    def painted():
        marks.setdefault("painted", time.time())
        marks.setdefault("painted_cpu", time.process_time())  # the process's CPU so far

    app.call_after_refresh(painted)
    while "painted" not in marks:
        await asyncio.sleep(0.002)
    lab = app.screen.query_one(LabPanel)
    while lab.metrics is None or lab.running:
        await asyncio.sleep(0.01)
    marks["first_run"] = time.time()
    await asyncio.sleep(0.5)
    marks["rss_mb"] = rss_mb("VmRSS")
    # Every view once (the validation and learning views compute their sweeps), then peak.
    for _ in lab.session.views:
        lab.do("next_view")
        deadline = time.time() + 60
        await asyncio.sleep(0.05)
        while lab.sweeps.busy and time.time() < deadline:
            await asyncio.sleep(0.05)
    marks["all_views"] = time.time()
    marks["peak_mb"] = rss_mb("VmHWM")
    app.exit(0)

w, h = args["size"]
app.run(headless=True, size=(w, h), auto_pilot=pilot_run)
print(json.dumps(marks), flush=True)
"""


def one_run(lessons: str | None, lang: str, size: tuple[int, int]) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        payload = {
            "lessons": lessons,
            "lang": lang,
            "progress": str(Path(tmp) / "progress.json"),
            "size": size,
        }
        # Bytecode is cached as an installed package has it (pip compiles at install):
        # with PYTHONDONTWRITEBYTECODE set, every start compiled the package from source.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        start = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(payload)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
    marks = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "start_s": marks["painted"] - start,
        "start_cpu_s": marks["painted_cpu"],
        "first_run_s": marks["first_run"] - start,
        "all_views_s": marks["all_views"] - marks["first_run"],
        "rss_mb": marks["rss_mb"],
        "peak_mb": marks["peak_mb"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--lessons", default=None, help="a lesson folder (default: bundled)")
    parser.add_argument("--lang", default="en", choices=["en", "zh"])
    parser.add_argument("--size", default="120x40", help="terminal size, e.g. 80x24")
    args = parser.parse_args(argv)
    w, _, h = args.size.partition("x")
    size = (int(w), int(h))
    one_run(args.lessons, args.lang, size)  # warm the OS file cache and .pyc files
    rows = [one_run(args.lessons, args.lang, size) for _ in range(args.runs)]
    print(f"tui-tutor app, {args.runs} fresh processes, {args.size}, lang {args.lang}, "
          f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    for key, label, unit, target in (
        ("start_s", "start to first painted lesson", "s", 0.7),
        ("start_cpu_s", "  CPU time of the process until then", "s", None),
        ("first_run_s", "start to the lab's first finished run", "s", None),
        ("all_views_s", "then every view once (sweeps included)", "s", None),
        ("rss_mb", "resident memory after the first run", "MB", 150),
        ("peak_mb", "peak resident memory, every view shown", "MB", 150),
    ):
        values = [r[key] for r in rows]
        med, worst = statistics.median(values), max(values)
        verdict = "ok" if target and worst < target else "MISSED"
        goal = f"  (target < {target} {unit}: {verdict})" if target else ""
        print(f"  {label:<40} median {med:7.3f} {unit}  max {worst:7.3f} {unit}{goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

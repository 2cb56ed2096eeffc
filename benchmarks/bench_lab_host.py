"""A lab host with N learners: N real app processes, each on its own pty, pressing lab keys.

Run: PYTHONPATH=. python benchmarks/bench_lab_host.py --n 1 10 20 30 --duration 40

Each learner is ``python -m tui_tutor --lesson l2-regularization`` (the live lab, not test
mode) on its own pseudo-terminal (80x24 by default) and its own progress file, with
``TUI_TUTOR_TRACE`` set so the app appends one line per event (``start`` of a run, its
``first`` points delivered, ``first_paint``, ``final``, ``final_paint``; see
``tui_tutor/app/lab/trace.py``, off by default). Once every learner has painted its lab
(or --startup s have passed), each presses ``]`` or ``[`` every 5-20 s (uniform; λ moves
along the ladder and back), and at mid-session everyone presses at once (the burst).
The benchmark drains every pty (a terminal that reads nothing stalls the app) and is
bounded: --startup + --duration + a few seconds per N.

Per key, from writing the key to the pty: to the run's start (key handled), to its first
points delivered, to their paint, to the final curve painted. Per process: CPU over the
learner phase (% of one core) and resident memory. The host's load average before and
after. All times are wall-clock on a shared machine: read them next to the load printed.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import selectors
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TICK = os.sysconf("SC_CLK_TCK")


@dataclass
class Learner:
    index: int
    pid: int
    fd: int
    trace: Path
    spawned: float
    pos: int = 0  # steps up the λ ladder
    sends: list[tuple[float, str, bool]] = field(default_factory=list)  # (time, key, burst)
    next_key: float = 0.0
    cpu0: float = 0.0


def spawn(i: int, tmp: Path, cols: int, rows: int, lesson: str, profile: str = "") -> Learner:
    trace = tmp / f"trace{i}.txt"
    env = dict(
        os.environ,
        TUI_TUTOR_TRACE=str(trace),
        TERM="xterm-256color",
        COLUMNS=str(cols),
        LINES=str(rows),
        PYTHONPATH=str(ROOT),
    )
    argv = [
        sys.executable,
        "-m",
        "tui_tutor",
        "--lesson",
        lesson,
        "--lang",
        "en",
        "--progress",
        str(tmp / f"progress{i}.json"),
    ]
    prog = sys.executable
    if profile:  # learner 0 under py-spy (raw collapsed stacks; its CPU figure is py-spy's)
        spy = str(Path(sys.executable).with_name("py-spy"))
        argv = [spy, "record", "-r", "400", "-f", "raw", "-o", profile, "--", *argv]
        prog = spy
    spawned = time.time()
    pid, fd = pty.fork()
    if pid == 0:  # the child: the pty is its terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        os.chdir(tmp)
        os.execve(prog, argv, env)
    os.set_blocking(fd, False)
    return Learner(i, pid, fd, trace, spawned)


def read_trace(path: Path) -> list[tuple[float, str, int]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    out = []
    for line in lines:
        parts = line.split()
        if len(parts) == 3:
            out.append((float(parts[0]), parts[1], int(parts[2])))
    return out


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK
    except OSError:
        return float("nan")


def rss_mb(pid: int) -> tuple[float, float]:
    vals = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    vals[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        pass
    return vals.get("VmRSS", float("nan")), vals.get("VmHWM", float("nan"))


def drain(sel: selectors.BaseSelector, timeout: float) -> None:
    for key, _ in sel.select(timeout):
        try:
            while os.read(key.fd, 65536):
                pass
        except (BlockingIOError, OSError):
            pass


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = min(len(xs) - 1, max(0, round(q / 100 * (len(xs) - 1))))
    return xs[k]


def press(learner: Learner, now: float, rng: random.Random, burst: bool, top: int) -> None:
    if learner.pos <= 0:
        key = "]"
    elif learner.pos >= top:
        key = "["
    else:
        key = rng.choice("[]")
    learner.pos += 1 if key == "]" else -1
    try:
        os.write(learner.fd, key.encode())
    except OSError:
        return
    learner.sends.append((time.time(), key, burst))


def session(n: int, args: argparse.Namespace) -> dict:
    rng = random.Random(args.seed + n)
    tmp = Path(tempfile.mkdtemp(prefix=f"labhost{n}-"))
    load0 = os.getloadavg()
    sel = selectors.DefaultSelector()
    learners = []
    for i in range(n):
        learner = spawn(i, tmp, args.cols, args.rows, args.lesson, args.profile if i == 0 else "")
        sel.register(learner.fd, selectors.EVENT_READ)
        learners.append(learner)
    # Start-up: until every learner has painted its first points (or --startup passed).
    t_end = time.time() + args.startup
    started: dict[int, float] = {}
    while time.time() < t_end and len(started) < n:
        drain(sel, 0.2)
        for lr in learners:
            if lr.index not in started:
                ev = [t for t, name, _ in read_trace(lr.trace) if name == "first_paint"]
                if ev:
                    started[lr.index] = ev[0] - lr.spawned
    t0 = time.time()
    for lr in learners:
        lr.cpu0 = cpu_seconds(lr.pid)
        lr.next_key = t0 + rng.uniform(0.5, args.max_gap)
    burst_at, burst_done = t0 + args.duration / 2, False
    t_stop = t0 + args.duration
    while (now := time.time()) < t_stop:
        if not burst_done and now >= burst_at:
            burst_done = True
            for lr in learners:
                press(lr, now, rng, True, args.top)
                lr.next_key = now + rng.uniform(args.min_gap, args.max_gap)
        for lr in learners:
            if now >= lr.next_key:
                press(lr, now, rng, False, args.top)
                lr.next_key = now + rng.uniform(args.min_gap, args.max_gap)
        wake = min([lr.next_key for lr in learners] + [t_stop] + ([] if burst_done else [burst_at]))
        drain(sel, max(0.0, min(0.2, wake - time.time())))
    # A few seconds more for the last keys' curves, still draining.
    t_grace = time.time() + args.grace
    while time.time() < t_grace:
        drain(sel, 0.2)
    wall = time.time() - t0
    cpu = [(cpu_seconds(lr.pid) - lr.cpu0) / wall * 100 for lr in learners]
    mem = [rss_mb(lr.pid) for lr in learners]
    load1 = os.getloadavg()
    if args.profile:  # py-spy writes its profile on SIGINT
        with _suppress():
            os.kill(learners[0].pid, signal.SIGINT)
        t_spy = time.time() + 15
        while time.time() < t_spy and os.waitpid(learners[0].pid, os.WNOHANG) == (0, 0):
            drain(sel, 0.2)
    for lr in learners:
        with _suppress():
            os.kill(lr.pid, signal.SIGTERM)
    time.sleep(0.5)
    for lr in learners:
        with _suppress():
            os.kill(lr.pid, signal.SIGKILL)
        with _suppress():
            os.waitpid(lr.pid, 0)
        sel.unregister(lr.fd)
        os.close(lr.fd)
    # Per key: the first run started after the key (before the learner's next key).
    rows: dict[str, list[float]] = {"start": [], "first": [], "first_paint": [], "final_paint": []}
    burst_first: list[float] = []
    missed = 0
    for lr in learners:
        events = read_trace(lr.trace)
        for k, (sent, _key, burst) in enumerate(lr.sends):
            nxt = lr.sends[k + 1][0] if k + 1 < len(lr.sends) else float("inf")
            starts = [(t, r) for t, name, r in events if name == "start" and sent <= t < nxt]
            if not starts:
                missed += 1
                continue
            t_start, run = starts[0]
            rows["start"].append(t_start - sent)
            for name in ("first", "first_paint", "final_paint"):
                ts = [t for t, nm, r in events if nm == name and r == run]
                if ts:
                    rows[name].append(ts[0] - sent)
                    if name == "first" and burst:
                        burst_first.append(ts[0] - sent)
    shutil.rmtree(tmp, ignore_errors=True)
    keys = sum(len(lr.sends) for lr in learners)
    return {
        "n": n,
        "load0": load0,
        "load1": load1,
        "started": started,
        "rows": rows,
        "burst_first": burst_first,
        "missed": missed,
        "keys": keys,
        "cpu": cpu,
        "mem": mem,
        "wall": wall,
    }


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], OSError | ChildProcessError)


def report(res: dict) -> None:
    n = res["n"]
    ms = lambda x: f"{x * 1000:7.0f}"  # noqa: E731
    print(
        f"\n== N = {n}: load average {res['load0'][0]:.1f} before, {res['load1'][0]:.1f} after "
        f"({os.cpu_count()} cores); learner phase {res['wall']:.0f} s"
    )
    st = list(res["started"].values())
    print(
        f"start-up to first painted points: {len(st)}/{n} painted, "
        f"p50 {pct(st, 50):.1f} s, max {max(st) if st else float('nan'):.1f} s"
    )
    print(
        f"keys sent {res['keys']}, handled with a new run {len(res['rows']['start'])}, "
        f"no new run (ignored or lost) {res['missed']}"
    )
    print(f"{'key to (ms)':<22}{'n':>5}{'p50':>8}{'p95':>8}{'max':>8}")
    for name, label in (
        ("start", "run started"),
        ("first", "first points"),
        ("first_paint", "first points painted"),
        ("final_paint", "final curve painted"),
    ):
        xs = res["rows"][name]
        if xs:
            print(f"{label:<22}{len(xs):>5}{ms(pct(xs, 50))}{ms(pct(xs, 95))}{ms(max(xs))}")
        else:
            print(f"{label:<22}{0:>5}")
    bf = res["burst_first"]
    if bf:
        print(
            f"burst (everyone at once): first points of {len(bf)}/{n}, max {max(bf) * 1000:.0f} ms"
        )
    cpu, mem = res["cpu"], res["mem"]
    print(
        f"per process: CPU {statistics.mean(cpu):.1f}% of a core mean ({max(cpu):.1f}% max), "
        f"RSS {statistics.mean(m[0] for m in mem):.0f} MB mean, peak "
        f"{max(m[1] for m in mem):.0f} MB"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, nargs="+", default=[1], help="learner counts, one session each")
    p.add_argument("--duration", type=float, default=40.0, help="learner phase per N, seconds")
    p.add_argument("--startup", type=float, default=30.0, help="start-up bound per N, seconds")
    p.add_argument("--grace", type=float, default=5.0, help="after the last key, seconds")
    p.add_argument("--min-gap", type=float, default=5.0)
    p.add_argument("--max-gap", type=float, default=20.0)
    p.add_argument("--top", type=int, default=4, help="steps up the λ ladder a learner goes")
    p.add_argument("--cols", type=int, default=80)
    p.add_argument("--rows", type=int, default=24)
    p.add_argument("--lesson", default="l2-regularization")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--profile", default="", help="learner 0 under py-spy, raw stacks to this file")
    args = p.parse_args()
    t = time.time()
    for n in args.n:
        report(session(n, args))
    print(f"\ntotal {time.time() - t:.0f} s")


if __name__ == "__main__":
    main()

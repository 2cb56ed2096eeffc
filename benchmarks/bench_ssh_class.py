"""30 learners on ``tui-tutor serve ssh`` at once: login-to-lesson time, key-to-screen
latency, memory per session.

The server runs as its own process (``serve ssh --port 0`` on loopback, as an instructor
starts it); the clients are asyncssh sessions in this process whose screens pyte draws.
Key-to-screen latency: from sending ``n`` (next step) until pyte sees the step counter
change, then ``p`` back. The reference is the same measurement with one learner alone,
taken first in the same run (load from other processes distorts a ratio less than a
time). Memory: each child's resident set (VmRSS) once everyone is in.

    python benchmarks/bench_ssh_class.py [--learners 30] [--rounds 3]

Bounded: every wait has a timeout and the whole run stops after --budget seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncssh
import pyte

from tui_tutor import course
from tui_tutor.classroom.folder import init_class

PASSWORD = "bench-password-1"
WAIT = 120.0


class Term:
    def __init__(self, process) -> None:
        self.process = process
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)

    def top(self) -> str:
        return self.screen.display[0]

    async def until(self, predicate) -> None:
        async def loop() -> None:
            while not predicate(self):
                data = await self.process.stdout.read(65536)
                if not data:
                    raise EOFError("\n".join(self.screen.display))
                self.stream.feed(data)

        await asyncio.wait_for(loop(), WAIT)


async def login(port: int, name: str, title: str) -> tuple[Term, float]:
    t0 = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1", port, username=name, password=PASSWORD, known_hosts=None,
        client_keys=None, agent_path=None,
    )  # fmt: skip
    proc = await conn.create_process(term_type="xterm-256color", term_size=(80, 24), encoding=None)
    term = Term(proc)
    await term.until(lambda t: title in t.top() and "step 1/" in t.top())
    return term, time.perf_counter() - t0


async def key_latency(term: Term) -> list[float]:
    out = []
    for key, want in (("n", "step 2/"), ("p", "step 1/")):
        t0 = time.perf_counter()
        term.process.stdin.write(key.encode())
        await term.until(lambda t, w=want: w in t.top())
        out.append(time.perf_counter() - t0)
    return out


def child_rss_mb(server_pid: int) -> list[float]:
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children").read_text().split()
    sizes = []
    for pid in children:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                sizes.append(int(line.split()[1]) / 1024)
    return sizes


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


async def main(learners: int, rounds: int) -> None:
    title = course.load_pack(course.bundled_lessons_dir("en")).lessons[0].title
    with tempfile.TemporaryDirectory() as tmp:
        folder = init_class(Path(tmp) / "class")
        names = [f"learner{i:02d}" for i in range(learners + 1)]
        for name in names:
            folder.add_learner(name, password=PASSWORD)
        server = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tui_tutor", "serve", "ssh", str(folder.root), "--port", "0",
            "--max-sessions", str(learners + 5), stdout=subprocess.PIPE,
        )  # fmt: skip
        try:
            first = (await asyncio.wait_for(server.stdout.readline(), WAIT)).decode()
            port = int(first.split("ssh -p ")[1].split()[0])
            # The reference: one learner alone.
            alone, alone_login = await login(port, names[-1], title)
            ref = [x for _ in range(rounds) for x in await key_latency(alone)]
            alone.process.channel.get_connection().close()
            t0 = time.perf_counter()
            logged = await asyncio.gather(*(login(port, n, title) for n in names[:learners]))
            all_in = time.perf_counter() - t0
            terms = [t for t, _ in logged]
            rss = child_rss_mb(server.pid)
            # One learner at a time while the others sit connected, then all at once.
            one_by_one = [x for _ in range(rounds) for t in terms for x in await key_latency(t)]
            together = [
                x
                for _ in range(rounds)
                for lat in await asyncio.gather(*(key_latency(t) for t in terms))
                for x in lat
            ]
            for t in terms:
                t.process.channel.get_connection().close()
        finally:
            server.terminate()
            await asyncio.wait_for(server.wait(), 60)
    ms = 1000
    print(
        f"machine: {len(os.sched_getaffinity(0))} cores, load "
        f"{Path('/proc/loadavg').read_text().split()[0]} at the end (shared with other work)"
    )
    print(
        f"1 learner alone: login to lesson {alone_login:.2f} s, key-to-screen p50 "
        f"{statistics.median(ref) * ms:.0f} ms, p95 {pct(ref, 0.95) * ms:.0f} ms (n={len(ref)})"
    )
    logins = [s for _, s in logged]
    print(
        f"{learners} learners logging in at once: all in after {all_in:.1f} s, "
        f"login to lesson p50 {statistics.median(logins):.1f} s, p95 {pct(logins, 0.95):.1f} s"
    )
    for label, xs in (
        ("one key at a time, all connected", one_by_one),
        (f"all {learners} pressing at once", together),
    ):
        p50, p95 = statistics.median(xs), pct(xs, 0.95)
        print(
            f"{label}: key-to-screen p50 {p50 * ms:.0f} ms, p95 {p95 * ms:.0f} ms "
            f"(n={len(xs)}; {p50 / statistics.median(ref):.1f}x the alone p50)"
        )
    print(
        f"memory per session (child RSS): median {statistics.median(rss):.0f} MB, "
        f"max {max(rss):.0f} MB, {len(rss)} children, {sum(rss) / 1024:.2f} GB in all"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--budget", type=float, default=600.0)
    a = parser.parse_args()
    asyncio.run(asyncio.wait_for(main(a.learners, a.rounds), a.budget))

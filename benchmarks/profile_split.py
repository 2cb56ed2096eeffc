"""The CPU split of a py-spy raw profile (bench_lab_host.py --profile PATH) by component.

Run: python benchmarks/profile_split.py PATH

Each sample (py-spy leaves idle threads out) goes to start-up imports if any frame is an
import, else to the component of the frame nearest the leaf that belongs to one: plotext
chart building (plotext, the lab's plot), record keeping (the lab's curves and
snapshots), the paint handshake (the runner's delivery), training arithmetic
(tui_tutor/ml), Textual's compositor, rendering and event loop (textual, rich); other
(asyncio, the interpreter).
"""

from __future__ import annotations

import sys
from collections import Counter

RULES = (
    ("start-up imports", ("_find_and_load",)),
    ("plotext chart building", ("plotext/", "app/lab/plot.py")),
    ("record keeping", ("app/lab/curves.py", "ml/extras.py")),
    ("paint handshake", ("(tui_tutor/app/lab/runner",)),
    ("training arithmetic", ("tui_tutor/ml/",)),
    ("Textual compositor/render", ("textual/", "rich/")),
)


# A thread waiting (the event loop's select, a worker's queue, the runner's condition) is
# sampled too when py-spy cannot tell it is idle: those leaves are waiting, not working.
IDLE_LEAVES = ("selectors.py", "Condition.wait", "concurrent/futures/thread.py", "Event.wait")


def component(stack: str) -> str:
    if any(n in stack.rsplit(";", 1)[-1] for n in IDLE_LEAVES):
        return "waiting (idle)"
    if "_find_and_load" in stack:
        return RULES[0][0]
    for frame in reversed(stack.split(";")):
        for name, needles in RULES[1:]:
            if any(n in frame for n in needles):
                return name
    return "other"


def main() -> None:
    counts: Counter[str] = Counter()
    with open(sys.argv[1], encoding="utf-8") as f:
        lines = f.read().splitlines()
    for line in lines:
        stack, _, n = line.rstrip().rpartition(" ")
        if n.isdigit():
            counts[component(stack)] += int(n)
    idle = counts.pop("waiting (idle)", 0)
    total = sum(counts.values())
    print(f"{total} busy samples ({idle} more waiting, left out)")
    for name, n in counts.most_common():
        print(f"{name:<28}{n:>7} samples {n / total * 100:5.1f}%")


if __name__ == "__main__":
    main()

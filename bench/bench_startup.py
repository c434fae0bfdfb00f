"""Start-up: wall time of ``accord forecast`` on KTAB's 7-actor, 3-issue example
(``dummyData_3Dim.csv``, every default model), beside ``python -c pass`` measured in the
same run, each a fresh process as a user runs it.

    .venv/bin/python bench/bench_startup.py [--runs 9]

Target: the forecast in at most 0.15 s wall (median of the runs). Both commands run
interleaved, after one warm-up each, with bytecode caches written (as a `pip install`
leaves them; PYTHONDONTWRITEBYTECODE is unset for the children). CPU seconds (user +
system) are printed too: on a machine busy with other work, wall time includes waiting.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KTAB = REPO.parent / "shared" / "data" / "ktab" / "dummyData_3Dim.csv"
ACCORD = Path(sys.executable).with_name("accord")
TARGET = 0.15


def once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    if not KTAB.exists():
        sys.exit(f"KTAB's example not found: {KTAB} (../shared/data/ktab beside the repo)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "accord forecast dummyData_3Dim.csv": [str(ACCORD), "forecast", str(KTAB)],
    }
    for cmd in commands.values():  # warm-up: bytecode and numba caches written
        once(cmd, env)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, cmd in commands.items():
            times[name].append(once(cmd, env))
    load = os.getloadavg()[0]
    print(f"{args.runs} runs each, interleaved; load average {load:.1f} on {os.cpu_count()} CPUs")
    med = {}
    for name, ts in times.items():
        wall = statistics.median(t for t, _ in ts)
        cpu = statistics.median(c for _, c in ts)
        med[name] = (wall, cpu)
        print(f"  {name:<38} wall {wall:6.3f} s (min {min(t for t, _ in ts):.3f})  cpu {cpu:6.3f} s")
    base_wall, base_cpu = med["python -c pass"]
    wall, cpu = med["accord forecast dummyData_3Dim.csv"]
    print(f"accord forecast over python -c pass: +{wall - base_wall:.3f} s wall, +{cpu - base_cpu:.3f} s cpu")
    verdict = "met" if wall <= TARGET else "MISSED"
    print(f"target: accord forecast <= {TARGET:.2f} s wall: {verdict} ({wall:.3f} s)")


if __name__ == "__main__":
    main()

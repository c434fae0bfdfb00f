"""Start-up: wall time of ``accord forecast`` on KTAB's 7-actor, 3-issue example
(``dummyData_3Dim.csv``, every default model), beside ``python -c pass`` measured in the
same run, each a fresh process as a user runs it.

    .venv/bin/python bench/bench_startup.py [--runs 9] [--instructions]

Target: the forecast in at most 0.15 s wall (median of the runs). Both commands run
interleaved, after one warm-up each, with bytecode caches written (as a `pip install`
leaves them; PYTHONDONTWRITEBYTECODE is unset for the children). CPU seconds (user +
system) are printed too: on a machine busy with other work, wall time includes waiting.
With ``--instructions`` (needs valgrind), each command is also run once under callgrind
and the instructions it executed are printed: a count that does not depend on the load,
to compare two versions of the code on a busy machine (wall time stays the target).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
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


def instructions(cmd: list[str], env: dict[str, str]) -> int:
    """Instructions the command executes (valgrind's callgrind, one run: deterministic up to
    hash randomisation, about 1% from run to run)."""
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *cmd],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, check=True)
    found = re.search(r"Collected : (\d+)", proc.stderr)
    if found is None:
        sys.exit(f"no instruction count in valgrind's output: {proc.stderr[-300:]}")
    return int(found.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--instructions", action="store_true",
                    help="Also count each command's instructions under valgrind (independent of the load).")
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
    names = list(commands)
    base_wall, base_cpu = med["python -c pass"]
    wall, cpu = med["accord forecast dummyData_3Dim.csv"]
    print(f"accord forecast over python -c pass: +{wall - base_wall:.3f} s wall, +{cpu - base_cpu:.3f} s cpu")
    if args.instructions:
        if shutil.which("valgrind") is None:
            sys.exit("--instructions needs valgrind on PATH")
        count = {name: instructions(cmd, env) for name, cmd in commands.items()}
        for name, n in count.items():
            print(f"  {name:<38} {n / 1e6:7.1f} M instructions")
        print(f"accord forecast over python -c pass: +{(count[names[1]] - count[names[0]]) / 1e6:.1f} M instructions")
    verdict = "met" if wall <= TARGET else "MISSED"
    print(f"target: accord forecast <= {TARGET:.2f} s wall: {verdict} ({wall:.3f} s)")


if __name__ == "__main__":
    main()

"""Wall time of ``accord forecast FILE --model smp`` on KTAB's example inputs.

Runs the command as a user would (a fresh process, start-up included): one warm-up,
then the median of three. KTAB's own C++ ``smpc`` is not rebuilt here; its wall times
measured on this machine are the baselines the ratio is taken against.

    .venv/bin/python bench/bench_smp.py

Target: dummyData-a080 (80 actors, 1 dimension) in at most 2.4 s.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "ktab"
ACCORD = Path(sys.executable).with_name("accord")

# (file, actors x dims, KTAB smpc wall seconds on this machine; None = not measured)
CASES = [
    ("dummyData-a040.csv", "40 x 1", 21.0),
    ("dummyData-a080.csv", "80 x 1", 244.0),
    ("dummyData_6Dim.csv", "27 x 6", 8.2),
    ("dummyData_3Dim.csv", "7 x 3", None),
]
TARGET = {"dummyData-a080.csv": 2.4}


def wall(path: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the child) for one run of the command."""
    cmd = [str(ACCORD), "forecast", str(path), "--model", "smp"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    t = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    if not DATA.exists():
        print(f"skipped: shared data not found at {DATA}")
        return 0
    if not ACCORD.exists():
        print(f"skipped: no accord command beside {sys.executable}")
        return 0
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores (wall times inflate when others run)")
    print(f"{'input':22} {'size':>7} {'accord s':>9} {'cpu s':>6} {'KTAB s':>7} {'speed-up':>9}  target")
    failed = False
    for name, size, ktab in CASES:
        path = DATA / name
        if not path.exists():
            print(f"{name:22} missing")
            continue
        wall(path)  # warm-up: file cache, byte-compiled modules
        runs = [wall(path) for _ in range(3)]
        t = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        ratio = f"{ktab / t:8.0f}x" if ktab else f"{'-':>9}"
        k = f"{ktab:7.1f}" if ktab else f"{'-':>7}"
        goal = TARGET.get(name)
        verdict = "" if goal is None else (f"<= {goal} s ok" if t <= goal else f"<= {goal} s MISSED")
        failed |= goal is not None and t > goal
        print(f"{name:22} {size:>7} {t:9.2f} {cpu:6.2f} {k} {ratio}  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Wall time of ``accord forecast FILE --model smp`` on KTAB's example inputs.

Runs the command as a user would (a fresh process, start-up included): one warm-up,
then the median of three. KTAB's own C++ ``smpc`` is not rebuilt here; its wall times
measured on this machine are the baselines the ratio is taken against.

    .venv/bin/python bench/bench_smp.py

Target: dummyData-a080 (80 actors, 1 dimension) in at most 2.4 s.

    .venv/bin/python bench/bench_smp.py --actors 300

Scaling instead: one smp negotiation of N random actors on one issue (seed 1) in a fresh
process, wall time and peak memory (max RSS), beside the same for N/3 actors measured in
the same run; then N+1 actors, which must be refused in one line (exit 2) before any
turn. Target: 300 actors under 60 s and 2 GB.
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


SCALE_CHILD = """
import sys, time, resource, numpy as np
from accord.scenario.schema import Inputs
from accord.models.smp import SpatialModelOfPolitics
n = int(sys.argv[1])
rng = np.random.default_rng(1)
pos = rng.integers(0, 101, (n, 1)).astype(float)
inp = Inputs(pos, rng.uniform(0.2, 1, (n, 1)), rng.uniform(1, 100, (n, 1)), np.full(1, 50.0), np.zeros(1),
             np.full(1, 100.0), tuple(f"a{i}" for i in range(n)), ("i0",))
t = time.perf_counter()
sol = SpatialModelOfPolitics(max_actors=max(n, 2)).solve(inp)
print(f"{time.perf_counter() - t:.1f} {sol.info['turns']} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}")
"""


def scaling(n: int) -> int:
    def one(m: int) -> str:
        out = subprocess.run([sys.executable, "-c", SCALE_CHILD, str(m)], capture_output=True, text=True, check=True)
        secs, turns, mb = out.stdout.split()
        return f"{m:4d} actors: {float(secs):7.1f} s, {turns} turns, peak {int(mb)} MB"

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores (wall times inflate when others run)")
    print("baseline " + one(max(2, n // 3)))
    line = one(n)
    secs, mb = float(line.split(":")[1].split()[0]), int(line.split("peak")[1].split()[0])
    ok = secs < 60 and mb < 2048
    print(f"target   {line}  {'ok' if ok else 'MISSED'} (< 60 s, < 2048 MB)")
    # above the ceiling: refused in one line, exit 2, before any turn
    scen = REPO / "bench" / ".smp_too_many.yaml"
    lines = ["id: too_many", "name: too many actors", "actors:"]
    lines += [f"  - {{id: a{i}, name: a{i}, capability: 1}}" for i in range(n + 1)]
    lines += ["issues:", "  - {id: x, name: x, status_quo: 50}", "positions:"]
    lines += [f"  - {{actor: a{i}, issue: x, position: {i % 101}, salience: 0.5}}" for i in range(n + 1)]
    scen.write_text("\n".join(lines) + "\n")
    try:
        t0 = time.perf_counter()
        r = subprocess.run([str(ACCORD), "forecast", str(scen), "--model", "smp"], capture_output=True, text=True)
        t = time.perf_counter() - t0
    finally:
        scen.unlink()
    refused = r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    print(f"refusal  {n + 1} actors: exit {r.returncode} in {t:.1f} s: {r.stderr.strip()[:160]}  {'ok' if refused else 'MISSED'}")
    return 0 if ok and refused else 1


def main() -> int:
    if "--actors" in sys.argv:
        return scaling(int(sys.argv[sys.argv.index("--actors") + 1]))
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

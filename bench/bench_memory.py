"""Peak memory of a 1,000,000-draw Monte Carlo run, measured in a child process.

    .venv/bin/python bench/bench_memory.py [--draws 1000000] [--models compromise median]

The child runs ``monte_carlo`` (chunks of 10,000 draws) and reports its peak resident
set size (``ru_maxrss``); the baseline printed beside it is the same child's peak after
only importing accord and loading the case. Target: peak under 2 GB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time

CHILD = r"""
import json, resource, sys, time
from accord.scenario import load
from accord.simulate import monte_carlo
sc = load("ukraine_2024")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
draws, models = int(sys.argv[1]), sys.argv[2:]
r = monte_carlo(sc, models, draws, seed=1, above=[50])
frag = r.to_json_fragment()
print(json.dumps({"base_kb": base, "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "seconds": time.perf_counter() - t, "median": {m: list(map(float, v)) for m, v in r.median.items()}}))
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=1_000_000)
    ap.add_argument("--models", nargs="+", default=["compromise", "median"])
    args = ap.parse_args()
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", CHILD, str(args.draws), *args.models], capture_output=True, text=True, check=True)
    d = json.loads(out.stdout.strip().splitlines()[-1])
    peak_mb, base_mb = d["peak_kb"] / 1024, d["base_kb"] / 1024
    print(f"{args.draws:,} draws of ukraine_2024 with {', '.join(args.models)}: completed in {d['seconds']:.1f} s "
          f"(wall incl. start-up {time.perf_counter() - t:.1f} s)")
    print(f"peak RSS {peak_mb:,.0f} MB (baseline after imports and loading the case: {base_mb:,.0f} MB; "
          f"ratio {peak_mb / base_mb:.1f}x); target < 2,048 MB: {'MET' if peak_mb < 2048 else 'NOT MET'}")


if __name__ == "__main__":
    main()

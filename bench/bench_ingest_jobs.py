#!/usr/bin/env python3
"""`accord ingest --jobs 2` against `--jobs 1` over the same generated corpus (target >= 1.7x).

The corpus is bench_ingest_memory's: seed sentences recombined with a fixed seed. Each
run goes into a fresh store in a fresh subprocess; wall-clock time includes start-up
(spaCy loads once per worker). With --case (default ukraine_2024) the extractor runs,
which is the work --jobs is for; --no-case times reading and storing only.

    bench/bench_ingest_jobs.py [--n 300] [--case ukraine_2024 | --no-case]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest_memory import make_corpus, run_ingest  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--case", default="ukraine_2024")
    ap.add_argument("--no-case", action="store_true")
    a = ap.parse_args()
    extra = [] if a.no_case else ["--case", a.case]
    what = "no case (read + store only)" if a.no_case else f"--case {a.case}"
    print(f"{a.n} articles, {what}, {os.cpu_count()} cpus")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_corpus(tmp / "c", a.n)
        t = {}
        for jobs in (1, 2):
            t[jobs] = run_ingest(tmp / "c", tmp / f"s{jobs}.db", extra + ["--jobs", str(jobs)])["seconds"]
            print(f"--jobs {jobs}: {t[jobs]:.1f} s")
        speedup = t[1] / t[2]
        print(f"speed-up --jobs 2 / --jobs 1: {speedup:.2f}x (target >= 1.7x): {'OK' if speedup >= 1.7 else 'MISSED'}")


if __name__ == "__main__":
    main()

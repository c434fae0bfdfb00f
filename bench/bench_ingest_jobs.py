#!/usr/bin/env python3
"""`accord ingest --jobs 2` against `--jobs 1` over the same generated corpus (target >= 1.7x).

The corpus is bench_ingest_memory's: seed sentences recombined with a fixed seed. Each
run goes into a fresh store in a fresh subprocess; wall-clock time includes start-up
(spaCy loads once per worker). With --case (default ukraine_2024) the extractor runs,
which is the work --jobs is for; --no-case times reading and storing only. Each job count
runs --repeat times, alternating 1, 2, 1, 2, ... so that a change in the machine's load
falls on both; the median of each is compared. The load average (as `uptime` prints it)
is printed before and after, since other work on the machine skews the ratio; so is the
CPU time of all of a run's processes, whose ratio bounds what two idle cores would give.

    bench/bench_ingest_jobs.py [--n 300] [--case ukraine_2024 | --no-case] [--repeat 2] [--sentences 10-20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest_memory import make_corpus, run_ingest  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--case", default="ukraine_2024")
    ap.add_argument("--no-case", action="store_true")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--sentences", default="10-20", help="sentences per article, LOW-HIGH")
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.sentences.split("-"))
    extra = [] if a.no_case else ["--case", a.case]
    what = "no case (read + store only)" if a.no_case else f"--case {a.case}"
    print(f"{a.n} articles of {lo}-{hi} sentences, {what}, {os.cpu_count()} cpus, load before: {load()}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        make_corpus(tmp / "c", a.n, sentences=(lo, hi))
        t: dict[int, list[float]] = {1: [], 2: []}
        cpu: dict[int, list[float]] = {1: [], 2: []}
        for rep in range(a.repeat):
            for jobs in (1, 2):
                db = tmp / f"s{jobs}_{rep}.db"
                res = run_ingest(tmp / "c", db, extra + ["--jobs", str(jobs)])
                t[jobs].append(res["seconds"])
                cpu[jobs].append(res["cpu_seconds"])
                print(f"--jobs {jobs} (run {rep + 1}): {res['seconds']:.1f} s wall, {res['cpu_seconds']:.1f} s CPU"
                      f" (all processes), load {load()}")
        m1, m2 = statistics.median(t[1]), statistics.median(t[2])
        c1, c2 = statistics.median(cpu[1]), statistics.median(cpu[2])
        speedup = m1 / m2
        print(f"median --jobs 1: {m1:.1f} s, --jobs 2: {m2:.1f} s")
        print(f"speed-up --jobs 2 / --jobs 1: {speedup:.2f}x (target >= 1.7x): {'OK' if speedup >= 1.7 else 'MISSED'}"
              f"; load after: {load()}")
        # what two idle cores would give: the same work split in two, plus what --jobs 2 adds
        # (a second spaCy load, pickling); a ceiling, since it assumes a perfect split
        print(f"CPU --jobs 2 / --jobs 1: {c2 / c1:.2f}; speed-up on 2 idle cores at most {2 * c1 / c2:.2f}x")
        if os.getloadavg()[0] > (os.cpu_count() or 1) and _autogroup():
            print("note: the machine is busy and the kernel groups CPU time by session (sched_autogroup): "
                  "all of one run's processes share one session's slice, so the wall-clock ratio says little")


def _autogroup() -> bool:
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


if __name__ == "__main__":
    main()

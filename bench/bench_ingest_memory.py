#!/usr/bin/env python3
"""Peak memory of `accord ingest` over 2,000 articles against 200 (target: within 20%).

The articles recombine the seed articles' sentences (../shared/corpus/seeds) with a fixed
seed: each has 15-40 sentences (``--sentences``) drawn at random, so no two are
near-duplicates. Each ingest runs in a fresh subprocess into a fresh store; its peak RSS
(the maximum resident set size of the child, ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``
read from a one-child wrapper) is printed for both sizes, with the ratio. With ``--case``
every article goes through the extractor (spaCy), the path where memory could build up
(parser caches, the vocabulary's string store); ``--jobs 1``, so the one process is all.

    bench/bench_ingest_memory.py [--case ukraine_2024] [--small 200] [--large 2000] [--sentences 10-20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "corpus" / "seeds"
PY = sys.executable


def seed_sentences() -> list[str]:
    sys.path.insert(0, str(REPO / "src"))
    from accord.news.clean import clean_text, split_sentences

    out = []
    for f in sorted(SEEDS.glob("*.txt")):
        text = clean_text(f.read_text(encoding="utf-8"))
        out += [text[s:e] for s, e in split_sentences(text) if e - s > 40]
    if not out:
        sys.exit(f"no seed articles found in {SEEDS}")
    return out


def make_corpus(folder: Path, n: int, seed: int = 2024, sentences: tuple[int, int] = (15, 40)) -> None:
    """``n`` articles of ``sentences`` (low, high) seed sentences in paragraphs of 3-5, in ``folder``."""
    rng = random.Random(seed)
    sents = seed_sentences()
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        picked = rng.sample(sents, rng.randint(*sentences))
        paras, k = [], 0
        while k < len(picked):
            step = rng.randint(3, 5)
            paras.append(" ".join(picked[k : k + step]))
            k += step
        (folder / f"gen_{i:05d}.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")


_WRAPPER = (
    "import resource, subprocess, sys, time, json\n"
    "t = time.perf_counter(); rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(json.dumps({'rc': rc, 'maxrss_kb': ru.ru_maxrss, 'seconds': time.perf_counter() - t,\n"
    "                  'cpu_seconds': ru.ru_utime + ru.ru_stime}))\n"
)


def run_ingest(folder: Path, db: Path, extra: list[str]) -> dict:
    """Run ingest in a child of a small wrapper; the wrapper's RUSAGE_CHILDREN is that child's peak."""
    cmd = [PY, "-c", _WRAPPER, PY, "-m", "accord.cli", "ingest", str(folder), "--db", str(db), *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO)
    res = json.loads(out.stdout.strip().splitlines()[-1])
    if res["rc"] != 0:
        sys.exit(f"ingest failed with exit {res['rc']}")
    return res


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--case", default=None, help="ingest with this case (runs the extractor)")
    ap.add_argument("--small", type=int, default=200)
    ap.add_argument("--large", type=int, default=2000)
    ap.add_argument("--sentences", default="15-40", help="sentences per article, LOW-HIGH (e.g. 10-20)")
    a = ap.parse_args()
    lo, hi = (int(x) for x in a.sentences.split("-"))
    extra = ["--case", a.case] if a.case else []
    print(f"load (uptime): {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        res = {}
        for n in (a.small, a.large):
            make_corpus(tmp / f"c{n}", n, sentences=(lo, hi))
            res[n] = run_ingest(tmp / f"c{n}", tmp / f"s{n}.db", extra)
            print(f"{n:5d} articles of {lo}-{hi} sentences{' with --case ' + a.case if a.case else ' (no case)'}: "
                  f"peak RSS {res[n]['maxrss_kb'] / 1024:.1f} MiB, {res[n]['seconds']:.1f} s")
        ratio = res[a.large]["maxrss_kb"] / res[a.small]["maxrss_kb"]
        print(f"peak RSS ratio {a.large}/{a.small}: {ratio:.3f} (target <= 1.20): {'OK' if ratio <= 1.2 else 'MISSED'}")


if __name__ == "__main__":
    main()

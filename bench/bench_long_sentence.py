"""One very long sentence (160 KB, no full stop) through the extractor, timed.

    python bench/bench_long_sentence.py [--kb 160] [--extractor NAME] [--unit cues|all]

Scraped pages sometimes run a whole page into one "sentence". Every per-sentence pass of
the extractor must stay linear in it: the parser chains such a sentence's clauses, so
its depth grows with its length and spaCy's own ``Token.children``/``subtree`` and a walk
up the heads cost O(n) each (the extractor reads them from :mod:`accord.news.tree`,
built once per parse); the hedge check scans a sentence once (not once per statement);
the learned features read a sentence's words once per (sentence, issue). Prints the time
spaCy takes to parse the text (the baseline, same run) and the time the extractor takes
after the parse, for ``--extractor`` (default: the shipped default, ``learned``) and for
the rule-only extractor beside it, each on its own parse; the target is extraction <=
parse (before the hedge scan was shared, a 160 KB sentence took 162 s; before the tree
was read once, 8.5 s against a 5.2 s parse).

``--unit cues`` (default) repeats four cue clauses with no word of hedging (the worst
case for a hedge check that scans the whole sentence: a scan stops at the first hedge
word it meets); ``--unit all`` names every actor and issue of the case in each repeat
(the most candidates a sentence can give: 9 actors x 7 issues).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news.decide import default_decider  # noqa: E402
from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402

UNITS = {
    "cues": ("Putin said that Ukraine wants territory and Zelensky said that Kyiv rejects the demand, "
             "while Trump told reporters that aid continues and Scholz said that sanctions stay, "),
    "all": ("Putin said that Ukraine wants territory and Zelensky said that Kyiv rejects neutrality, "
            "while Trump told reporters that military aid continues and Biden said that sanctions on frozen assets stay, "
            "and NATO said that security guarantees matter as European leaders said the army size is limited, "
            "while China and North Korea said energy strikes must end and Congress said that aid stays, "),
}


def timed(name: str, text: str) -> tuple[float, float, int, int, int]:
    """(parse seconds, extraction seconds, sentences, statements, candidates) with extractor ``name``."""
    ex = Extractor(case_scenario("ukraine_2024"), decider=name)
    t0 = time.perf_counter()
    doc = ex.nlp(text)
    t1 = time.perf_counter()
    out = ex.from_doc(doc, Article(id="long", file="long", text=text, published="2024-12-01"))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, len(out.sentences), len(out.statements), out.counts["candidates"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=int, default=160)
    ap.add_argument("--extractor", default=None, help="the decider (default: the shipped default)")
    ap.add_argument("--unit", choices=sorted(UNITS), default="cues")
    a = ap.parse_args()
    name = a.extractor or default_decider()
    unit = UNITS[a.unit]
    n = a.kb * 1000
    text = (unit * (n // len(unit) + 1))[:n] + "."
    print(f"{len(text)} characters of one sentence ({a.unit!r} clauses)")
    met = True
    for label in dict.fromkeys([name, "rules"]):
        parse, extract, sents, stmts, cands = timed(label, text)
        tag = " (rule-only baseline)" if label == "rules" and name != "rules" else ""
        print(f"{label}{tag}: {sents} sentence(s), {cands} candidates, {stmts} statements; "
              f"spaCy parse (baseline): {parse:.1f} s; extraction after the parse: {extract:.1f} s "
              f"({extract / parse:.2f}x the parse)")
        met = met and extract <= parse
    print(f"target extraction <= parse: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

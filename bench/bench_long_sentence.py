"""One very long sentence (160 KB, no full stop) through the extractor, timed.

    python bench/bench_long_sentence.py [--kb 160]

Scraped pages sometimes run a whole page into one "sentence". Every per-sentence pass of
the extractor must stay linear in it: the hedge check scans a sentence once (not once per
statement), the rest walks the parse upward from each keyword. Prints the time spaCy takes
to parse the text (the baseline, same run) and the time the extractor takes after the
parse; the target is extraction <= parse (before the hedge scan was shared, a 160 KB
sentence took 162 s).
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402

#: many cues and no word of hedging: the worst case for a hedge check that scans the
#: whole sentence (a scan stops at the first hedge word it meets)
UNIT = ("Putin said that Ukraine wants territory and Zelensky said that Kyiv rejects the demand, "
        "while Trump told reporters that aid continues and Scholz said that sanctions stay, ")


def main() -> None:
    kb = int(sys.argv[sys.argv.index("--kb") + 1]) if "--kb" in sys.argv else 160
    n = kb * 1000
    text = (UNIT * (n // len(UNIT) + 1))[:n] + "."
    ex = Extractor(case_scenario("ukraine_2024"))
    t0 = time.perf_counter()
    doc = ex.nlp(text)
    t1 = time.perf_counter()
    out = ex.from_doc(doc, Article(id="long", file="long", text=text, published="2024-12-01"))
    t2 = time.perf_counter()
    parse, extract = t1 - t0, t2 - t1
    print(f"{len(text)} characters, {len(out.sentences)} sentence(s), {len(out.statements)} statements")
    print(f"spaCy parse (baseline): {parse:.1f} s; extraction after the parse: {extract:.1f} s")
    print(f"target extraction <= parse: {'met' if extract <= parse else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Attribution on PolNeAR dev: cue P/R/F1 (exact, overlap), source accuracy on matched cues.

    python bench/bench_polnear.py

Baseline in the same run: a plain dependency rule (any verb whose lemma is in the
reporting lexicon, source = its nsubj), over the same parses.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news.attribution import SPEECH, find_cues  # noqa: E402
from accord.news.evaluate import case_scenario, polnear_articles, read_brat, score_attribution  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "polnear-dev"


def plain_rule(doc):
    out = []
    for t in doc:
        if t.pos_ == "VERB" and t.lemma_ in SPEECH:
            subj = next((c for c in t.children if c.dep_ == "nsubj"), None)
            src = (subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge)) if subj is not None else None
            out.append(((t.idx, t.idx + len(t)), src))
    return out


def main() -> None:
    if not DEV.exists():
        print(f"PolNeAR dev not found at {DEV}")
        return
    arts = polnear_articles(DEV)
    ex = Extractor(case_scenario("ukraine_2024"))
    texts = [t.read_text(encoding="utf-8") for _, t, _ in arts]
    ours, base = [], []
    for doc, (_, _, ann) in zip(ex.nlp.pipe(texts, batch_size=32), arts):
        gold = read_brat(ann)
        ours.append(([(c.cue_chars, c.source_chars) for c in find_cues(doc)], gold))
        base.append((plain_rule(doc), gold))
    s, b = score_attribution(ours), score_attribution(base)
    print(json.dumps({"extractor": s, "baseline_plain_rule": b}))
    for name, r in (("extractor", s), ("plain rule", b)):
        ov = r["cue"]["overlap"]
        print(f"{name}: cue overlap P={ov['precision']} R={ov['recall']}; exact F1={r['cue']['exact']['f1']}; "
              f"source acc={r['source']['accuracy_on_matched_cues']}")
    ok = s["cue"]["overlap"]["precision"] >= 0.85 and s["cue"]["overlap"]["recall"] >= 0.75 and \
        s["source"]["accuracy_on_matched_cues"] >= 0.95
    print(f"target P>=0.85 R>=0.75 source>=0.95: {'met' if ok else 'NOT met'}")


if __name__ == "__main__":
    main()

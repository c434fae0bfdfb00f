"""Stance F1 on the five seeds (shared/eval/seeds-gold.jsonl), with a keyword-only baseline.

    python bench/bench_stances.py [--json] [--set DIR] [--extractor NAME] [--cross DIR]

``--set DIR`` scores another gold set instead: a folder holding the articles, their
``manifest.json`` (seeds format) and ``gold.jsonl`` (for example
bench/data/stance-challenge/dev, which may be tuned on, or .../check, which may not).

Extracts the seeds with the case scenario, scores with the reference scorer's logic
(accord.news.evaluate.score_stances), and scores in the same run a trivial baseline:
every actor named in a sentence gets every issue whose keyword the sentence has, in the
direction of that keyword's sign (keywords_up / keywords_down; unsigned keywords give no
row). No case position is read by either. ``--cross DIR`` scores the default decider with the
encoder folder DIR (as ``scripts/train_cross.py`` or ``scripts/distil_cross.py`` writes it).
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news.evaluate import case_scenario, read_jsonl, score_stances  # noqa: E402
from accord.news.extract import Extractor, predictions  # noqa: E402
from accord.news.stance import match_keywords  # noqa: E402
from accord.news.types import Article  # noqa: E402

SHARED = ROOT.parent / "shared"


def folder_articles(folder: Path) -> list[Article]:
    """The articles a manifest lists, dated by ``published`` or the later end of ``published_between``."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    out = []
    for m in manifest["articles"]:
        lo, hi = m.get("published_between", [None, None])
        published = m.get("published") or hi
        text = (folder / m["file"]).read_text(encoding="utf-8")
        out.append(Article(id=m["file"], file=str(folder / m["file"]), text=text, published=published,
                           date_basis="published" if m.get("published") else "published_between"))
    return out


def seed_articles() -> list[Article]:
    return folder_articles(SHARED / "corpus" / "seeds")


def keyword_baseline(ex: Extractor, articles: list[Article]) -> list[dict]:
    rows = []
    for art in articles:
        doc = ex.nlp(art.text)
        for sent in doc.sents:
            actors = {ex.actor_of_ent(e, art.published) for e in sent.ents} - {None}
            for lex in ex.lexicons:
                hits = match_keywords(sent, lex)
                sign = sum(lex.sign.get(ph, 0) for ph, _ in hits)
                if sign:
                    d = "up" if sign > 0 else "down"
                    for a in sorted(actors):
                        if d:
                            rows.append({"article": art.id, "actor": a, "issue": lex.id, "direction": d, "hedged": False})
    return rows


def _score(gold, arts, ex):
    t0 = time.perf_counter()
    pred = predictions(zip(arts, ex.pipe(arts)))
    return score_stances(gold, pred), time.perf_counter() - t0


def _line(name: str, s: dict) -> str:
    return (f"{name}: P={s['precision']} R={s['recall']} F1={s['f1']} hedge={s['hedge_agreement']} "
            f"hedged-class F1={s['hedged_f1']} on {s['hedged_gold_hits']} hedged hits (always-unhedged 0.0) "
            f"(hits {s['hits']}, false alarms {s['false_alarms']}, gold {s['gold']})")


def main() -> None:
    """``--extractor NAME`` scores that decider and prints the rule-only extractor beside it."""
    name = sys.argv[sys.argv.index("--extractor") + 1] if "--extractor" in sys.argv else "rules"
    if "--set" in sys.argv:
        folder = Path(sys.argv[sys.argv.index("--set") + 1])
        gold, arts, label = read_jsonl(folder / "gold.jsonl"), folder_articles(folder), str(folder)
    else:
        gold, arts, label = read_jsonl(SHARED / "eval" / "seeds-gold.jsonl"), seed_articles(), "seed"
    scenario = case_scenario("ukraine_2024")
    decider: object = name
    if "--cross" in sys.argv:
        from accord.news.learned.decider import CrossDecider

        folder = sys.argv[sys.argv.index("--cross") + 1]
        decider, name = CrossDecider(folder=folder), f"learned, encoder of {folder}"
    ex = Extractor(scenario, decider=decider)
    ours, dt = _score(gold, arts, ex)
    rules = ours if name == "rules" else _score(gold, arts, Extractor(scenario, nlp=ex.nlp, decider="rules"))[0]
    base = score_stances(gold, keyword_baseline(ex, arts))
    if "--json" in sys.argv:
        print(json.dumps({"scenario": scenario.id, "extractor": ours, "extractor_name": name, "rules": rules,
                          "baseline_keyword": base}))
        return
    print(f"scenario {scenario.id}; {len(arts)} {label} articles in {dt:.1f} s")
    print(_line(f"extractor ({name})", ours))
    if name != "rules":
        print(_line("rules (baseline)", rules))
    print(f"keyword baseline: P={base['precision']} R={base['recall']} F1={base['f1']} hedge={base['hedge_agreement']}")
    met = ours["f1"] >= 0.75 and ours["hedged_f1"] >= 0.6
    print(f"target (issue 9) F1>=0.75 and hedged-class F1>=0.6: {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Stance P/R/F1 on the real-document corpus: the learned decider beside the rule-only one.

    .venv/bin/python bench/bench_stance_real.py [--corpus DIR] [--split dev|test] [--case NAME]
                                                [--weights DIR] [--json]
    .venv/bin/python bench/bench_stance_real.py --split test --candidate NAME --log

Scores ANNOTATION.md's way (per document the set of (actor, issue, direction) triples;
micro P/R/F1; optional lines count for nothing) on one split of bench/data/stance-real
(``dev`` by default), news prose and press releases APART; the seeds
(../shared/eval/seeds-gold.jsonl); and, with ``--split test`` only (it is held out like
the test split), the second case: the documents of case ``--case`` (istanbul_2022 by
default), read with that case's vocabulary, where the case exists. Hedging: F1 of the
hedged class over the hits, beside the always-unhedged baseline (whose F1 is 0 and whose
agreement is the share of plain hits). Every figure is printed beside the rule-only
baseline on the same candidates (the anchor the sentence pins, else the sign of the rules'
direction score, else no stance) from the same run.

Throughput: the learned extractor (parse with the actor ruler, propose, decide) against
spaCy's own model parsing the same texts in the same run, in characters per second.

``--split test`` is for NAMED candidates only (``--candidate``); ``--log`` appends the
scoring to docs/test-log.md (section "Stance corpus (issue 9)"). Never change a candidate
after it met the test split.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.errors import InputError  # noqa: E402
from accord.news import corpus, nlp as nlp_mod  # noqa: E402
from accord.news.learned import data  # noqa: E402
from accord.news.learned.decider import LearnedDecider  # noqa: E402
from accord.news.learned.propose import Proposer  # noqa: E402

SHARED = ROOT.parent / "shared"
MAIN_CASE = "ukraine_2024"


def score_docs(items: list[data.Item], learned, gold, docs: list[str]) -> dict:
    """Learned and rule-only scores over ``docs`` (the items of other documents are ignored)."""
    ds = set(docs)
    sel = [k for k, it in enumerate(items) if it.doc in ds]
    its = [items[k] for k in sel]
    return {"learned": data.evaluate(its, [learned[k] for k in sel], gold, docs),
            "rules": data.evaluate(its, data.rule_decisions(its), gold, docs)}


def run_set(loaded: data.Loaded, ids: list[str], decider: LearnedDecider, proposers) -> tuple[list[data.Item], list]:
    parsed = data.parse_docs(loaded, ids, proposers, lambda s: print(s, file=sys.stderr))
    items = [it for d in ids if d in parsed for it in data.label(d, parsed[d][1], [g for g in loaded.gold if g.doc == d],
                                                                     same_pair_skip=False)]
    decided = [(x.direction, x.hedged) for x in decider.decide([it.prop.cand for it in items])]
    return items, decided


def throughput(texts: list[str], proposer: Proposer, decider: LearnedDecider) -> dict:
    base = nlp_mod.base_model()
    warm = texts[:2]
    list(base.pipe(warm))
    for doc, props in proposer.pipe((t, None) for t in warm):
        decider.decide([p.cand for p in props])
    chars = sum(len(t) for t in texts)
    t0 = time.perf_counter()
    for _ in base.pipe(texts, batch_size=16):
        pass
    t_spacy = time.perf_counter() - t0
    t0 = time.perf_counter()
    for doc, props in proposer.pipe(((t, None) for t in texts), batch_size=16):
        decider.decide([p.cand for p in props])
    t_learned = time.perf_counter() - t0
    return {"chars": chars, "spacy_chars_per_s": chars / t_spacy, "learned_chars_per_s": chars / t_learned,
            "ratio": t_spacy / t_learned}


def _line(name: str, s: dict) -> str:
    l, r = s["learned"], s["rules"]
    return (f"  {name:<8} {l['docs']:4d} docs {l['gold']:4d} gold | learned P {l['precision']:.3f} R {l['recall']:.3f} "
            f"F1 {l['f1']:.3f} | rules P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}")


def _hedge(name: str, s: dict) -> str:
    h, hr = s["learned"]["hedge"], s["rules"]["hedge"]
    return (f"  {name:<8} hedged-class F1 learned {h['hedged_f1']:.3f} (agreement {h['agreement']:.3f}, {h['hits']} hits, "
            f"{h['hedged_gold']} hedged) | always-unhedged F1 {h['baseline_hedged_f1']:.3f} (agreement "
            f"{h['baseline_agreement']:.3f}) | rules F1 {hr['hedged_f1']:.3f}")


def log_test(out: dict, candidate: str) -> None:
    path = ROOT / "docs" / "test-log.md"
    head = "## Stance corpus (issue 9)"
    text = path.read_text(encoding="utf-8") if path.is_file() else "# Test-split log\n"
    if head not in text:
        text = text.rstrip("\n") + (
            f"\n\n{head}\n\nEvery scoring of the stance corpus' test split (and of the held-out second case), "
            "appended by `bench/bench_stance_real.py --split test --candidate NAME --log`. P/R/F1 by "
            "ANNOTATION.md's triple scoring; rules = the rule-only baseline on the same candidates, same run.\n\n"
            "| date (UTC) | candidate | commit | n docs | news P/R/F1 | press P/R/F1 | case2 P/R/F1 | hedged F1 | rules news F1 |\n"
            "|---|---|---|---|---|---|---|---|---|\n")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "bench", "scripts"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        commit += "+dirty" if dirty else ""
    except OSError:
        commit = "?"

    def prf(key: str) -> str:
        s = out.get(key)
        if not s or not s["learned"]["docs"]:
            return "-"
        lo = s["learned"]
        return f"{lo['precision']:.3f} / {lo['recall']:.3f} / {lo['f1']:.3f}"
    n = sum(out[k]["learned"]["docs"] for k in ("news", "press", "case2") if out.get(k))
    hed = out["all"]["learned"]["hedge"]["hedged_f1"] if out.get("all") else 0.0
    rules_news = out["news"]["rules"]["f1"] if out.get("news") else 0.0
    row = (f"| {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M')} | {candidate} | {commit} | {n} | "
           f"{prf('news')} | {prf('press')} | {prf('case2')} | {hed:.3f} | {rules_news:.3f} |\n")
    # the row goes at the end of this section's table
    start = text.index(head)
    nxt = re.search(r"\n## ", text[start + len(head):])
    end = start + len(head) + nxt.start() + 1 if nxt else len(text)
    section = text[start:end].rstrip("\n") + "\n" + row
    text = text[:start] + section + ("\n" + text[end:] if end < len(text) else "")
    path.write_text(text, encoding="utf-8")
    print(f"logged to {path}")
    # the shipped model's data card carries its test scores (a retrain rewrites the card)
    card = ROOT / "src" / "accord" / "news" / "learned" / "DATA_CARD.md"
    if out["weights"] == "shipped" and card.is_file():
        c = card.read_text(encoding="utf-8").rstrip("\n")
        c += ("\n\n## Test split (logged in docs/test-log.md)\n\n"
              f"Candidate `{candidate}`, commit {commit}, {n} documents: news P/R/F1 {prf('news')}; press {prf('press')}; "
              f"second case {prf('case2')}; hedged-class F1 {hed:.3f} (always-unhedged 0.000); rule-only news F1 "
              f"{rules_news:.3f}.\n")
        card.write_text(c, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(corpus.CORPUS_DIR))
    ap.add_argument("--split", choices=("dev", "test"), default="dev")
    ap.add_argument("--case", default="istanbul_2022",
                    help="the second case by name or scenario file (its documents: --split test only)")
    ap.add_argument("--weights", help="a folder with model.json + model.npy (default: the shipped weights)")
    ap.add_argument("--candidate", help="the named candidate being scored (required with --split test)")
    ap.add_argument("--log", action="store_true", help="append the test scoring to docs/test-log.md")
    ap.add_argument("--no-throughput", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.case.endswith((".yaml", ".yml", ".json")):  # a case file not built in here
        name = Path(a.case).stem
        data.CASE_FILES[name] = a.case
        a.case = name
    if a.split == "test" and not a.candidate:
        print("error: --split test scores a NAMED candidate only: give --candidate NAME", file=sys.stderr)
        return 2
    try:
        loaded = data.load_checked(Path(a.corpus))
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for m in loaded.missing:
        print(f"skipped {m}", file=sys.stderr)
    decider = LearnedDecider(a.weights)
    proposers = data.proposer_for
    out: dict = {"split": a.split, "weights": str(a.weights or "shipped"), "meta": {k: decider.model.meta.get(k) for k in ("lam", "trained_on")}}

    ids = [d for d, m in loaded.docs.items() if m.split == a.split]
    items, decided = run_set(loaded, ids, decider, proposers)
    out["all"] = score_docs(items, decided, loaded.gold, ids)
    for kind in corpus.KINDS:
        out[kind] = score_docs(items, decided, loaded.gold, [d for d in ids if loaded.docs[d].kind == kind])

    case2_ids = [d for d, m in loaded.docs.items() if m.case != MAIN_CASE and m.case == a.case]
    if a.split == "test":
        if data.load_case(a.case) is None:
            out["case2_note"] = f"case {a.case} does not exist here; its {len(case2_ids)} documents are not scored"
        elif case2_ids:
            it2, dec2 = run_set(loaded, case2_ids, decider, proposers)
            out["case2"] = score_docs(it2, dec2, loaded.gold, case2_ids)
        else:
            out["case2_note"] = f"no document of case {a.case} in the corpus"
    else:
        out["case2_note"] = f"the second case ({len(case2_ids)} documents of {a.case}) is held out: scored with --split test only"

    seeds = data.seeds_corpus()
    if seeds is not None:
        s_loaded, s_ids = seeds
        it_s, dec_s = run_set(s_loaded, s_ids, decider, proposers)
        out["seeds"] = score_docs(it_s, dec_s, s_loaded.gold, s_ids)

    if not a.no_throughput:
        texts = [loaded.texts[d] for d in ids if loaded.docs[d].case == MAIN_CASE]
        if texts:
            out["throughput"] = throughput(texts, proposers(MAIN_CASE), decider)

    if a.json:
        print(json.dumps(out, indent=1, sort_keys=True, default=str))
    else:
        print(f"stance corpus {a.corpus}, split {a.split}: learned decider ({out['weights']}) beside the rule-only baseline")
        for key in ("news", "press", "all", "case2", "seeds"):
            if key in out and out[key]["learned"]["docs"]:
                print(_line(key, out[key]))
        if "case2_note" in out:
            print(f"  case2    {out['case2_note']}")
        print("hedging (over the hits):")
        for key in ("news", "press", "all", "seeds"):
            if key in out and out[key]["learned"]["docs"]:
                print(_hedge(key, out[key]))
        if "throughput" in out:
            t = out["throughput"]
            print(f"throughput on {t['chars']} characters: learned extractor {t['learned_chars_per_s']:.0f} chars/s, "
                  f"spaCy's own parse {t['spacy_chars_per_s']:.0f} chars/s: {t['ratio']:.2f}x (target >= 0.6x)")
    if a.log:
        if a.split != "test":
            print("error: --log logs test scorings only", file=sys.stderr)
            return 2
        log_test(out, a.candidate)
    return 0


if __name__ == "__main__":
    sys.exit(main())

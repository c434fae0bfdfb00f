"""Train the hedge reader (:mod:`accord.news.learned.hedge`) from the committed annotations.

    .venv/bin/python scripts/train_hedge.py [--corpus DIR] [--exclude FILE] [--out DIR] [--no-seeds]

Reads the corpus as ``scripts/train_stance.py`` does (``DIR/manifest.jsonl`` and
``DIR/annotations/*.jsonl``, default bench/data/stance-real; a missing text is skipped with
one line) and never reads the test split or the held-out documents. The examples are the
extractor's candidates that carry a scored gold stance (label up or down): hedged where
that gold line is hedged. A binary logistic regression (:func:`accord.news.learned.train.fit`)
is fitted on train for each L2 strength of ``LAMS``; the strength and the cut on P(hedged)
are picked on the candidates of dev and of the five seeds (ANNOTATION.md's development
material; an analysis-heavy set, where hedges are common) by the F1 of the hedged class
(ties: the larger strength, then the larger cut), and the rules' own reading
(``Candidate.rule_hedged``) is scored beside it on the same candidates. The reader ships
(``DIR/model.json``) only where it beats the rules there; otherwise nothing is written and
the extractor keeps the rules' reading. How a pair's statements share a hedge (``each`` or
``any``) is then picked on the same documents' triples as the shipped decider gives them.
Same data -> the same bytes.

Bad input (an unknown doc, actor or issue id, offsets outside the text, a malformed line):
one line naming file and field, exit 2, nothing written.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.news.learned import card, data, train  # noqa: E402
from accord.news.learned.hedge import FOLDER, HedgeModel, hedge_features  # noqa: E402
import train_stance as ts  # noqa: E402

LAMS = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2)
THRESHOLDS = tuple(round(float(x), 2) for x in np.arange(0.1, 0.91, 0.05))
MIN_COUNT = 5


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def f1(pred: np.ndarray, gold: np.ndarray) -> float:
    tp = int((pred & gold).sum())
    fp = int((pred & ~gold).sum())
    fn = int((~pred & gold).sum())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def examples(items: list[data.Item]) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """Features, gold hedged flags and the rules' flags of the candidates with a gold stance."""
    keep = [it for it in items if it.label in ("up", "down")]
    cache: dict = {}
    feats, last = [], None
    for it in keep:
        doc = it.prop.cand.sent.doc
        if doc is not last:  # the sentence cache holds one document at a time
            cache, last = {}, doc
        feats.append(hedge_features(it.prop.cand, cache))
    gold = np.array([it.hedged for it in keep], dtype=bool)
    rules = np.array([bool(it.prop.cand.rule_hedged) for it in keep], dtype=bool)
    return feats, gold, rules


def seed_items() -> tuple[list[data.Item], list, list[str]]:
    """The seeds' labelled candidates (ANNOTATION.md calls them development material), their
    gold and ids; empty where ../shared is not at hand."""
    got = data.seeds_corpus()
    if got is None:
        log("the seeds are not at hand (../shared): choosing on dev alone")
        return [], [], []
    s_loaded, s_ids = got
    parsed = data.extract_candidates(s_loaded, s_ids, log)
    items = [it for d in s_ids if d in parsed for it in data.label(d, parsed[d], [g for g in s_loaded.gold if g.doc == d])]
    return items, s_loaded.gold, s_ids


def pick_rule(model: HedgeModel, items: list[data.Item], gold: list, docs: list[str]) -> tuple[str, dict]:
    """``each`` or ``any`` (:meth:`ArticleDecider.pair_hedges`) with this reader, by the
    hedged-class F1 of the triples the shipped decider gives (``each`` on a tie); the
    rules' reading under either rule is scored beside it."""
    import train_stance as ts
    from accord.news.decide import make_decider

    dec = make_decider("learned")
    if getattr(getattr(dec, "head", None), "saw_dev", False):
        log("note: the shipped encoder was refitted on train and dev (train_cross.py --final), so the rule is "
            "picked on triples it saw; the shipped rule was picked with the train-only encoder (decisions.md, 244)")
    scores: dict[str, float] = {}
    for reader, hedger in (("reader", model), ("rules", False)):
        dec.hedger = hedger or None
        for rule in ("each", "any"):
            dec.hedge_rule = rule
            got, decided = ts.decide_by_doc(dec, items)
            h = data.evaluate(got, decided, gold, docs)["hedge"]
            scores[f"{reader} {rule}"] = round(h["hedged_f1"], 4)
            log(f"{reader}, rule {rule}: hedged-class F1 {h['hedged_f1']:.3f} on {h['hits']} hits "
                f"({h['hedged_gold']} hedged)")
    return ("any" if scores["reader any"] > scores["reader each"] else "each"), scores


def run(args: argparse.Namespace) -> int:
    loaded, ids, every = data.train_dev_items(Path(args.corpus), args.exclude, log)
    s_items, s_gold, s_ids = seed_items() if args.seeds else ([], [], [])
    Ftr, ytr, _ = examples(every["train"])
    Fdv, ydv, rdv = examples(every["dev"] + s_items)
    log(f"train: {len(Ftr)} candidates with a gold stance, {int(ytr.sum())} hedged; "
        f"dev and seeds: {len(Fdv)}, {int(ydv.sum())} hedged")
    if not ytr.any() or ytr.all() or not ydv.any():
        raise InputError("the train candidates need hedged and plain gold stances, and dev hedged ones",
                         source=str(Path(args.corpus) / "annotations"))
    vocab = train.vocabulary(Ftr, args.min_count)
    Xtr, Xdv = train.matrix(Ftr, vocab), train.matrix(Fdv, vocab)
    # the hedged class is rare: weight it up to half the loss
    w = np.where(ytr, 0.5 / ytr.mean(), 0.5 / (1 - ytr.mean()))
    rules_f1 = f1(rdv, ydv)
    best: tuple | None = None
    for lam in LAMS:
        W = train.fit(Xtr, ytr.astype(int), 2, lam, w)
        p = train.proba(Xdv, W)[:, 1]
        for t in THRESHOLDS:
            key = (round(f1(p >= t, ydv), 6), lam, t)
            if best is None or key > best[0]:
                best = (key, W, lam, t)
        log(f"lam {lam:g}: best hedged-class F1 {max(f1(p >= t, ydv) for t in THRESHOLDS):.3f}")
    assert best is not None
    (score, _, _), W, lam, t = best
    log(f"chosen: lam {lam:g}, cut {t:g}, hedged-class F1 {score:.3f} on the dev and seed candidates; "
        f"the rules' own {rules_f1:.3f} (always plain 0.000)")
    if score <= rules_f1:
        log("the reader does not beat the rules: nothing written")
        return 0
    names = sorted(vocab, key=vocab.__getitem__)
    z = W[:, 1] - W[:, 0]  # one logit: the log-odds of hedged is x . (W[:, 1] - W[:, 0])
    model = HedgeModel({n: float(z[vocab[n]]) for n in names if abs(z[vocab[n]]) > 1e-9}, t)
    rule, triples = pick_rule(model, every["dev"] + s_items, list(loaded.gold) + list(s_gold), ids["dev"] + s_ids)
    model.meta = {
        "rule": rule, "lam": lam, "min_count": args.min_count,
        "chosen_on": {"candidates": len(Fdv), "hedged": int(ydv.sum()), "dev_documents": len(ids["dev"]),
                      "seed_documents": len(s_ids), "hedged_f1": round(score, 4), "rules_hedged_f1": round(rules_f1, 4),
                      "triples_hedged_f1": triples},
        "train": {"candidates": len(Ftr), "hedged": int(ytr.sum()), "documents": len(ids["train"]),
                  "digest": ts.digest(loaded, ids["train"])}}
    if args.dry_run:
        return 0
    model.save(Path(args.out))
    text = card.render_hedge(dict(model.meta, threshold=t), {d: loaded.docs[d] for d in ids["train"]}, loaded.gold)
    tmp = Path(args.out) / "DATA_CARD.md.tmp"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(Path(args.out) / "DATA_CARD.md")
    log(f"wrote {Path(args.out) / 'model.json'} ({len(model.weights)} features, rule {rule})")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ts.corpus_arguments(ap)
    ap.add_argument("--out", default=str(FOLDER))
    ap.add_argument("--dry-run", action="store_true", help="fit and report; write nothing")
    ap.add_argument("--min-count", type=int, default=MIN_COUNT,
                    help=f"a feature is kept where at least this many train candidates have it ({MIN_COUNT})")
    ap.add_argument("--no-seeds", dest="seeds", action="store_false",
                    help="choose on dev alone (default: dev and ../shared's five seeds)")
    return ts.guarded(run, ap.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())

"""Train the learned stance decider from the committed annotations.

    .venv/bin/python scripts/train_stance.py [--corpus DIR] [--exclude FILE] [--seed N]
                                             [--out DIR] [--card FILE]

Reads ``DIR/manifest.jsonl`` and ``DIR/annotations/*.jsonl`` (default
bench/data/stance-real), each text from where the corpus says (press releases in
../shared, news pages in the page cache; a missing one is skipped with one line). Trains
on the train split, picks the L2 strength and the stance and hedge thresholds on dev, and
never reads the test split or the held-out documents (the second case, the spring-2022
window). Writes ``model.json`` + ``model.npy`` (default: the package's weights) and the
data card. Same data and seed -> the same bytes.

Bad input (an unknown doc, actor or issue id, offsets outside the text, a malformed line,
a text that hashes differently from the manifest): one line naming file and field, exit 2,
nothing written.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import hashlib  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.news import corpus  # noqa: E402
from accord.news.learned import card, data, train  # noqa: E402
from accord.news.learned import features  # noqa: E402
from accord.news.learned import pairs as pairs_mod  # noqa: E402
from accord.news.learned.decider import ArticleDecider, decision, pair_cands  # noqa: E402
from accord.news.learned.model import STANCE_CLASSES, WEIGHTS, LinearModel  # noqa: E402

LAMS = (1e-3, 3e-3, 1e-2, 3e-2, 0.1)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.05, 0.90, 0.05))
POS_WEIGHTS = (1.0, 3.0)
HEDGE_THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.2, 0.85, 0.05))


def log(msg: str) -> None:
    print(msg, file=sys.stderr)


def featurize(items: list[data.Item]) -> list[list[str]]:
    return features.featurize([it.prop.cand for it in items])


def decisions(p: np.ndarray, t: float, cands) -> list[tuple[str | None, bool]]:
    """The stance head's decisions at threshold ``t`` as the decider makes them (hedging aside)."""
    out = []
    for k in range(len(p)):
        if 1.0 - p[k, 0] >= t:
            out.append(decision("up" if p[k, 1] >= p[k, 2] else "down", False, float(max(p[k, 1], p[k, 2]))))
        else:
            out.append(decision(None, False, float(p[k, 0])))
    return [(d.direction, d.hedged) for d in out]


def digest(loaded: data.Loaded, ids: list[str]) -> str:
    h = hashlib.sha256()
    for d in ids:
        h.update(f"{d}\t{loaded.docs[d].sha256}\n".encode())
    for g in sorted((g for g in loaded.gold if g.doc in set(ids)), key=lambda g: (g.doc, g.start, g.end, g.actor, g.issue)):
        h.update(f"{g.doc}\t{g.actor}\t{g.issue}\t{g.direction}\t{g.hedged}\t{g.optional}\t{g.start}\t{g.end}\n".encode())
    return h.hexdigest()


def fit_stance_head(X_tr, y: np.ndarray, X_dv, dv: list[data.Item], gold, dev_ids: list[str]):
    """The sentence head's weight on stance candidates, L2 strength and threshold picked on
    dev by the document-level F1 (ties: the smaller weight, the weaker L2, the threshold
    nearer 0.5): (lam, threshold, W, weight, the dev decisions)."""
    cands_dv = [it.prop.cand for it in dv]
    best = None
    for wpos in POS_WEIGHTS:
        for lam in LAMS:
            W = train.fit(X_tr, y, 3, lam, np.where(y > 0, wpos, 1.0))
            p = train.proba(X_dv, W)
            for t in THRESHOLDS:
                dec = decisions(p, t, cands_dv)
                sc = data.evaluate(dv, dec, gold, dev_ids)
                key = (round(sc["f1"], 6), -wpos, lam, -abs(t - 0.5))
                if best is None or key > best[0]:
                    best = (key, lam, t, W, wpos, dec)
    assert best is not None
    return best[1:]


PAIR_LAMS = (1e-3, 1e-2, 1e-1)
PAIR_THRESHOLDS = tuple(round(x, 3) for x in np.arange(0.1, 0.9, 0.025))
FOLDS = 5


def fold_of(doc: str) -> int:
    return int(hashlib.sha256(doc.encode("utf-8")).hexdigest(), 16) % FOLDS


def decide_by_doc(dec, items: list[data.Item]) -> tuple[list[data.Item], list[tuple[str | None, bool]]]:
    """Each document's candidates decided together, as the extractor gives them."""
    by_doc: dict[str, list[data.Item]] = {}
    for it in items:
        by_doc.setdefault(it.doc, []).append(it)
    out_items, out = [], []
    for d, its in by_doc.items():
        for it, x in zip(its, dec.decide([it.prop.cand for it in its])):
            out_items.append(it)
            out.append((x.direction, x.hedged))
    return out_items, out


def pair_rows(every: list[data.Item], p_broad: np.ndarray, p_rules: np.ndarray) -> dict[tuple, dict[str, float]]:
    """Pair features of a split's documents; ``p_broad`` and ``p_rules`` the sentence head's
    readings of its broad and its rules' candidates, each in order."""
    readings = pair_cands([it.prop.cand for it in every], p_broad, p_rules)
    return pairs_mod.pair_features([dataclasses.replace(pc, doc=it.doc) for pc, it in zip(readings, every)])


def pair_labels(keys, gold: dict) -> tuple[list[int], list[bool]]:
    """none / up / down of each (doc, actor, issue) from the gold triples; pairs that only
    optional lines give are left out of training."""
    ys, keep = [], []
    for d, a, i in keys:
        scored, optional = gold.get(d, (set(), set()))
        u, dn = (a, i, "up") in scored, (a, i, "down") in scored
        ys.append(1 if u else 2 if dn else 0)
        keep.append(u or dn or not ((a, i, "up") in optional or (a, i, "down") in optional))
    return ys, keep


def fit_pairs(loaded, ids, every, items, f_all, keep, vocab, lam, wpos, model):
    """The pair stage: the sentence head refitted on four fifths of the train documents
    reads the other fifth (out-of-fold, so the pair stage learns from readings like those it
    will get), the pair model is fitted on train's pairs, its L2 strength and threshold
    picked on dev by the document-level F1."""
    from scipy import sparse

    tr_b = items["train"]
    y_all = np.array([STANCE_CLASSES.index(it.label) if it.label != "skip" else 0 for it in tr_b])
    X_all = train.matrix(f_all, vocab)
    trained = np.zeros(len(tr_b), dtype=bool)
    trained[keep] = True
    folds = np.array([fold_of(it.doc) for it in tr_b])
    p_tr = np.zeros((len(tr_b), 3))
    fold_W = []
    for f in range(FOLDS):
        fit_rows = np.flatnonzero(trained & (folds != f))
        Wf = train.fit(X_all[fit_rows], y_all[fit_rows], 3, lam, np.where(y_all[fit_rows] > 0, wpos, 1.0))
        fold_W.append(Wf)
        rows = np.flatnonzero(folds == f)
        p_tr[rows] = train.proba(X_all[rows], Wf)
    p_dv = model.predict(featurize(items["dev"]))[0]
    # the rules' candidates read by the same head: train's out of fold, dev's by the model
    ru_tr = [it for it in every["train"] if it.prop.cand.source != "broad"]
    X_ru = train.matrix(featurize(ru_tr), vocab)
    folds_ru = np.array([fold_of(it.doc) for it in ru_tr])
    pr_tr = np.zeros((len(ru_tr), 3))
    for f in range(FOLDS):
        rows = np.flatnonzero(folds_ru == f)
        if len(rows):
            pr_tr[rows] = train.proba(X_ru[rows], fold_W[f])
    ru_dv = [it for it in every["dev"] if it.prop.cand.source != "broad"]
    pr_dv = model.predict(featurize(ru_dv))[0] if ru_dv else np.zeros((0, 3))
    gold = corpus.triples(loaded.gold)
    F_tr, F_dv = pair_rows(every["train"], p_tr, pr_tr), pair_rows(every["dev"], p_dv, pr_dv)
    k_tr, k_dv = list(F_tr), list(F_dv)
    y_tr, keep_tr = pair_labels(k_tr, gold)
    X_tr = pairs_mod.matrix([F_tr[k] for k, ok in zip(k_tr, keep_tr) if ok])
    y_tr = np.array([y for y, ok in zip(y_tr, keep_tr) if ok])
    mean, scale = pairs_mod.PairModel.standardise(X_tr)
    Z_tr = sparse.csr_matrix((X_tr - mean) / scale)
    best = None
    for lam_p in PAIR_LAMS:
        W = train.fit(Z_tr, y_tr, 3, lam_p)
        for t in PAIR_THRESHOLDS:
            pm = pairs_mod.PairModel(mean, scale, W, float(t))
            pred: dict[str, set] = {}
            for (d, a, i), (direction, _) in pm.decide(F_dv).items():
                pred.setdefault(d, set()).add((a, i, direction))
            sc = corpus.score(pred, gold, ids["dev"])
            key = (round(sc["f1"], 6), lam_p, -abs(t - 0.5))
            if best is None or key > best[0]:
                best = (key, lam_p, t, W)
    _, lam_p, t, W = best
    info = {"lam": lam_p, "folds": FOLDS, "train_pairs": int(len(y_tr)), "train_pairs_with_stance": int((y_tr > 0).sum()),
            "dev_pairs": len(k_dv)}
    log(f"pair stage: {len(y_tr)} train pairs ({int((y_tr > 0).sum())} with a stance), lam {lam_p}, threshold {t}")
    return pairs_mod.PairModel(mean, scale, W, float(t)), info


def run(args: argparse.Namespace) -> int:
    # the extractor's own candidates (one parse): the rules' and the broad proposer's; the
    # sentence head learns on the broad ones, the pair stage reads both
    loaded, ids, every = data.train_dev_items(Path(args.corpus), args.exclude, log)
    items = {s: [it for it in every[s] if it.prop.cand.source == "broad"] for s in ids}
    # features are computed over every candidate of a document (their context counts all),
    # then the candidates left out of training are dropped
    f_all = featurize(items["train"])
    keep = [k for k, it in enumerate(items["train"]) if it.label != "skip"]
    tr = [items["train"][k] for k in keep]
    dv = items["dev"]
    f_tr, f_dv = [f_all[k] for k in keep], featurize(dv)
    vocab = train.vocabulary(f_tr)
    X_tr, X_dv = train.matrix(f_tr, vocab), train.matrix(f_dv, vocab)
    y = np.array([STANCE_CLASSES.index(it.label) for it in tr])
    log(f"train: {len(ids['train'])} docs, {len(tr)} candidates ({int((y > 0).sum())} with a stance); "
        f"dev: {len(ids['dev'])} docs, {len(dv)} candidates; {len(vocab)} features")

    # the stance head: L2 strength and threshold by dev F1
    lam, t, W_s, wpos, _ = fit_stance_head(X_tr, y, X_dv, dv, loaded.gold, ids["dev"])

    # the hedge head: on the candidates with a stance. Real press and news text has few
    # hedged gold lines, so the head competes with the rules' own hedge reading on the dev
    # split's and the seeds' stance candidates (the seeds are development material), by F1
    # of the hedged class; the better one ships (``hedge_source``)
    pos_tr = [k for k, it in enumerate(tr) if it.label in ("up", "down")]
    yh = np.array([int(tr[k].hedged) for k in pos_tr])
    hv = [it for it in dv if it.label in ("up", "down")]
    f_hv = [f for f, it in zip(f_dv, dv) if it.label in ("up", "down")]
    seeds = data.seeds_corpus() if args.seeds else None
    if seeds is not None:
        s_loaded, s_ids = seeds
        s_parsed = data.parse_docs(s_loaded, s_ids, data.proposer_for, log)
        s_items = [it for d in s_ids if d in s_parsed
                   for it in data.label(d, s_parsed[d][1], [g for g in s_loaded.gold if g.doc == d])]
        for it, f in zip(s_items, featurize(s_items)):
            if it.label in ("up", "down"):
                hv.append(it)
                f_hv.append(f)
    gh = np.array([it.hedged for it in hv], dtype=bool)
    X_hv = train.matrix(f_hv, vocab)

    def f1(pr: np.ndarray) -> float:
        tp, fp, fn = int((pr & gh).sum()), int((pr & ~gh).sum()), int((~pr & gh).sum())
        return 2 * tp / (2 * tp + fp + fn) if tp else 0.0

    rules_h = np.array([it.prop.cand.rule_hedged for it in hv], dtype=bool)
    best_h = (round(f1(rules_h), 6), "rules", None, 1.01, np.zeros((len(vocab), 2)))
    if 0 < yh.sum() < len(yh):
        for lam_h in LAMS:
            Wh = train.fit(X_tr[pos_tr], yh, 2, lam_h)
            ph = train.proba(X_hv, Wh)[:, 1] if hv else np.zeros(0)
            for th_ in HEDGE_THRESHOLDS:
                sc = round(f1(ph >= th_), 6)
                if sc > best_h[0]:
                    best_h = (sc, "learned", lam_h, th_, Wh)
    _, hedge_source, h_lam, th, W_h = best_h
    log(f"hedge: {hedge_source} (hedged-class F1 {best_h[0]:.3f} on {len(hv)} dev and seed stance candidates, "
        f"{int(gh.sum())} hedged; the rules' own {f1(rules_h):.3f})")

    W = np.hstack([W_s, W_h]).astype(np.float32)
    model = LinearModel(vocab, W, float(t), float(th), {"hedge_source": hedge_source})

    # the article-level stage, on the sentence head's out-of-fold readings of train
    pair_model, pair_info = fit_pairs(loaded, ids, every, items, f_all, keep, vocab, lam, wpos, model)

    # dev scores of the shipped decider (float32 sentence head + pair stage) as the extractor
    # runs it, and the rule-only extractor (the rules' candidates, decided by the rules)
    dec = ArticleDecider(model=model, pairs=pair_model)
    dv_all, dec_all = decide_by_doc(dec, every["dev"])
    dv_rules = [it for it in every["dev"] if it.prop.cand.source == "rules"]
    learned = data.evaluate(dv_all, dec_all, loaded.gold, ids["dev"])
    rules = data.evaluate(dv_rules, data.rule_decisions(dv_rules), loaded.gold, ids["dev"])
    kinds = {}
    for kind in corpus.KINDS:
        ds = [d for d in ids["dev"] if loaded.docs[d].kind == kind]
        kinds[kind] = {"learned": data.evaluate(dv_all, dec_all, loaded.gold, ds),
                       "rules": data.evaluate(dv_rules, data.rule_decisions(dv_rules), loaded.gold, ds)}
    train_docs = {d: loaded.docs[d] for d in ids["train"]}
    model.meta = {
        "hedge_source": hedge_source, "seed": args.seed, "lam": lam, "pos_weight": wpos, "hedge_lam": h_lam, "min_count": 2,
        "pairs": pair_info,
        "trained_on": {"docs": len(ids["train"]), "candidates": len(tr), "stances": int((y > 0).sum()),
                       "hedged": int(yh.sum()), "digest": digest(loaded, ids["train"])},
        "dev": {"docs": len(ids["dev"]), "learned": _round(learned), "rules": _round(rules),
                "by_kind": {k: {m: _round(v) for m, v in s.items()} for k, s in kinds.items()}},
    }
    out = Path(args.out)
    text = card.render(model.meta, train_docs, loaded.gold)
    model.save(out)
    pair_model.meta = pair_info
    pair_model.save(out)
    Path(args.card).write_text(text, encoding="utf-8")
    print(f"dev ({len(ids['dev'])} docs): learned P {learned['precision']:.3f} R {learned['recall']:.3f} "
          f"F1 {learned['f1']:.3f}; rules P {rules['precision']:.3f} R {rules['recall']:.3f} F1 {rules['f1']:.3f}; "
          f"hedged-class F1 {learned['hedge']['hedged_f1']:.3f} (always-plain 0.000); lam {lam}, threshold {t}")
    print(f"wrote {out / 'model.json'}, {out / 'model.npy'} and {args.card}")
    return 0


def compare_embed(args: argparse.Namespace) -> int:
    """``--embed``: measure, on dev only, the stance head with and without the sentence-
    embedding features of :mod:`accord.news.learned.embed` (each with its own L2 strength,
    class weight and threshold picked on dev, the same grid), and what embedding costs in
    time beside spaCy's own parse of the same dev texts. Writes nothing."""
    import time

    from accord.news import nlp as nlp_mod
    from accord.news.learned import embed

    exclude = data.read_exclude(Path(args.exclude)) if args.exclude else set()
    loaded = data.load_checked(Path(args.corpus), exclude)
    ids = {s: [d for d, m in loaded.docs.items() if m.split == s] for s in ("train", "dev")}
    parsed = data.parse_docs(loaded, ids["train"] + ids["dev"], data.proposer_for, log)
    items = {s: [it for d in ids[s] if d in parsed
                 for it in data.label(d, parsed[d][1], [g for g in loaded.gold if g.doc == d])] for s in ids}
    f_all = featurize(items["train"])
    keep = [k for k, it in enumerate(items["train"]) if it.label != "skip"]
    tr = [items["train"][k] for k in keep]
    dv = items["dev"]
    f_tr, f_dv = [f_all[k] for k in keep], featurize(dv)
    y = np.array([STANCE_CLASSES.index(it.label) for it in tr])
    cands_dv = [it.prop.cand for it in dv]

    ef = embed.EmbedFeatures(n_pc=args.embed_pc)
    t0 = time.perf_counter()
    ef.fit([it.prop.cand for it in tr])
    g_tr = ef.features([it.prop.cand for it in tr])
    t_fit = time.perf_counter() - t0
    ef.cache.clear()
    t0 = time.perf_counter()
    g_dv = ef.features(cands_dv)
    t_dv = time.perf_counter() - t0
    n_sent_dv = len({embed.masked_sentence(c) for c in cands_dv})

    def select(ftr, fdv):
        vocab = train.vocabulary(ftr)
        X_tr, X_dv = train.matrix(ftr, vocab), train.matrix(fdv, vocab)
        lam, t, _, wpos, dec = fit_stance_head(X_tr, y, X_dv, dv, loaded.gold, ids["dev"])
        out = {"lam": lam, "threshold": t, "pos_weight": wpos, "features": len(vocab)}
        for kind in ("all",) + tuple(corpus.KINDS):
            ds = ids["dev"] if kind == "all" else [d for d in ids["dev"] if loaded.docs[d].kind == kind]
            out[kind] = data.evaluate(dv, dec, loaded.gold, ds)
        return out

    base = select(f_tr, f_dv)
    emb = select([a + b for a, b in zip(f_tr, g_tr)], [a + b for a, b in zip(f_dv, g_dv)])
    rules = data.rule_decisions(dv)

    # cost: spaCy's own model on the dev texts vs embedding their candidates' sentences
    texts = [loaded.texts[d] for d in ids["dev"] if d in parsed]
    nlp = nlp_mod.base_model()
    list(nlp.pipe(texts[:2]))
    t0 = time.perf_counter()
    n_sents = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=16))
    t_spacy = time.perf_counter() - t0
    all_sents = [s.text for d in ids["dev"] if d in parsed for s in parsed[d][0].sents]
    t0 = time.perf_counter()
    ef.embedder(all_sents)
    t_all = time.perf_counter() - t0

    print(f"dev: {len(ids['dev'])} docs, {len(dv)} candidates; train: {len(ids['train'])} docs, {len(tr)} candidates")
    print("stance F1 on dev (P / R / F1); each model with L2, class weight and threshold picked on dev")
    for kind in ("all",) + tuple(corpus.KINDS):
        ds = ids["dev"] if kind == "all" else [d for d in ids["dev"] if loaded.docs[d].kind == kind]
        r = data.evaluate(dv, rules, loaded.gold, ds)
        line = f"  {kind:6s} ({len(ds):3d} docs)"
        for name, m in (("rules", r), ("learned", base[kind]), ("learned+embed", emb[kind])):
            line += f"  {name} {m['precision']:.3f}/{m['recall']:.3f}/{m['f1']:.3f}"
        print(line)
    for name, m in (("learned", base), ("learned+embed", emb)):
        print(f"  {name}: lam {m['lam']}, threshold {m['threshold']}, pos weight {m['pos_weight']}, {m['features']} features")
    print("  case2: held out (scored with the test split only); not scored here")
    print(f"cost: spaCy parse of the dev texts {n_sents / t_spacy:.1f} sentences/s ({n_sents} sentences, {t_spacy:.1f} s); "
          f"embedding every sentence {len(all_sents) / t_all:.1f} sentences/s ({t_all:.1f} s, one thread); "
          f"embedding features of the dev candidates {t_dv:.1f} s ({n_sent_dv} distinct masked sentences); "
          f"fit on train {t_fit:.1f} s")
    ratio_all = t_spacy / (t_spacy + t_all)
    print(f"  parse + embed every sentence vs parse alone: {ratio_all:.2f}x spaCy's rate (the rest of the "
          f"learned extractor not counted)")
    return 0


def _round(sc: dict) -> dict:
    return {k: (round(v, 4) if isinstance(v, float) else _round(v) if isinstance(v, dict) else v) for k, v in sc.items()}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    corpus_arguments(ap)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-seeds", dest="seeds", action="store_false",
                    help="pick the hedge source on dev alone (default: dev and ../shared's seeds)")
    ap.add_argument("--out", default=str(WEIGHTS))
    ap.add_argument("--card", default=str(WEIGHTS.parent / "DATA_CARD.md"))
    ap.add_argument("--embed", action="store_true",
                    help="measure on dev the model with and without sentence-embedding features; writes nothing")
    ap.add_argument("--embed-pc", type=int, default=8, help="principal axes of the embeddings (with --embed)")
    args = ap.parse_args(argv)
    return guarded(compare_embed if args.embed else run, args)


def corpus_arguments(ap: argparse.ArgumentParser) -> None:
    """The corpus options every training script takes."""
    ap.add_argument("--corpus", default=str(corpus.CORPUS_DIR))
    ap.add_argument("--exclude", help="file of URLs, sha256 hashes or doc ids to leave out, one a line")


def guarded(body, args: argparse.Namespace) -> int:
    """A training script's body run so that bad input (a bad annotation, an unreadable file)
    is one line naming file and field on stderr and exit code 2, nothing written."""
    try:
        return body(args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"error: {e.filename or ''}: {e.strerror}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

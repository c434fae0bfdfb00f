"""Train the learned cue model (accord.news.cue_model) on PolNeAR's TRAIN split only.

    python scripts/train_cues.py [--cache DIR] [--check] [--write]

Reads ``data/train/`` of the git mirror of networkdynamics/PolNeAR (as
bench/derive_cue_lexicon.py does; set POLNEAR_GIT), one annotator per article (the first
in name order); dev and test are not read. For each article the rules find their cues
(``find_cues(..., learned=False)``); every word they leave alone of the model's parts of
speech (``cue_model.candidates``) is a row, labelled 1 when it overlaps a gold Cue that
no found cue overlaps (each gold cue matched once, as the scorer matches). Features are
``cue_model.features``; those seen fewer than MIN_COUNT times in train are dropped. The
model is an L2-penalised logistic regression (penalty LAMBDA * |w|^2 / 2 on the summed
log-loss), fitted with scipy's L-BFGS from zero; weights are rounded to 4 decimals and
those below PRUNE in size set to zero.

The cut on p is chosen by cross-validation over articles: FOLDS folds by article index,
each scored by a model fitted on the others. A second model of the same form scores
each cue the rules found (``cue_model.found_features``; label: it matched a gold cue);
a found cue below the drop cut is dropped. The pair of cuts (adding cut in CUTS,
dropping cut in DROP_CUTS) is the one with the highest out-of-fold cue recall whose
out-of-fold precision (rules' cues kept plus the model's, by overlap, over all of train)
is at least the rules' own train precision minus SLACK: recall added at the rules'
precision. ``--check`` prints the cross-validated table and the choice;
``--write`` fits on all of train and writes ``src/accord/news/lexicons/cue_model.json``
(weights rounded to 4 decimals, keys sorted: the same mirror commit gives the same
bytes). Without the mirror: one line, exit 2.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from derive_cue_lexicon import GIT  # noqa: E402

OUT = ROOT / "src" / "accord" / "news" / "lexicons" / "cue_model.json"
MIN_COUNT = 5
#: weights smaller than this are set to zero after each fit (in cross-validation as in the
#: shipped model), which keeps the file small at no measured cost
PRUNE = 0.05
LAMBDA = 3.0
FOLDS = 5
CUTS = [round(0.45 + 0.05 * k, 3) for k in range(6)]
DROP_CUTS = [0.0, 0.2, 0.25, 0.3, 0.35]
SLACK = 0.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def rows(docs, golds):
    """Per article: (found cues, candidate tokens, their features, labels, taken, found
    cues' features, whether each found cue matched a gold cue)."""
    from accord.news import attribution as A
    from accord.news import cue_model as M
    from accord.news.evaluate import match_cues

    out = []
    for doc, gold in zip(docs, golds):
        inside = A.quoted(doc)
        found = A.find_cues(doc, inside, learned=False)
        gc = [g.cue for g in gold]
        pairs = match_cues([c.cue_chars for c in found], gc, exact=False)
        matched = {j for _, j in pairs}
        good = {i for i, _ in pairs}
        free = [g for j, g in enumerate(gc) if j not in matched]
        ctx = M.Context(doc, found, inside)
        cands = M.candidates(doc, found, inside)
        feats = [M.features(t, ctx) for t in cands]
        labels = [int(any(_overlaps((t.idx, t.idx + len(t)), g) for g in free)) for t in cands]
        ffeats = [M.found_features(c, ctx) for c in found]
        out.append((found, cands, feats, labels, ctx.taken, ffeats, [int(i in good) for i in range(len(found))]))
    return out


def matrix(feats: list[list[str]], vocab: dict[str, int]):
    import numpy as np
    from scipy.sparse import csr_matrix

    ind, ptr = [], [0]
    for f in feats:
        ind.extend(sorted({vocab[x] for x in f if x in vocab}))
        ptr.append(len(ind))
    return csr_matrix((np.ones(len(ind)), np.array(ind, dtype=np.int64), np.array(ptr, dtype=np.int64)),
                      shape=(len(feats), len(vocab)))


def fit(X, y, lam: float):
    """(weights, bias) minimising sum log(1 + exp(-s z)) + lam |w|^2 / 2, s = 2y - 1."""
    import numpy as np
    from scipy.optimize import minimize

    s = 2.0 * np.asarray(y, dtype=float) - 1.0
    n = X.shape[1]

    def f(theta):
        w, b = theta[:n], theta[n]
        z = X @ w + b
        m = -s * z
        loss = np.logaddexp(0.0, m).sum() + 0.5 * lam * w @ w
        g = -s / (1.0 + np.exp(-m))  # d loss / d z
        return loss, np.concatenate([X.T @ g + lam * w, [g.sum()]])

    res = minimize(f, np.zeros(n + 1), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = np.round(res.x[:n], 4)
    w[np.abs(w) < PRUNE] = 0.0
    return w, round(float(res.x[n]), 4)


def score(docs, golds, data, probs, cut: float, keep=None, drop_cut: float = 0.0) -> dict:
    """Cue P/R (overlap) of the rules' cues (less those whose keep score ``keep`` is below
    ``drop_cut``) plus the model's at ``cut``, over the articles."""
    from accord.news import cue_model as M
    from accord.news.evaluate import score_attribution

    items = []
    for k, (doc, gold, (found, cands, _, _, taken, _, _), p) in enumerate(zip(docs, golds, data, probs)):
        hits = [t for t, q in zip(cands, p) if q >= cut]
        kept = found if keep is None else [c for c, q in zip(found, keep[k]) if q >= drop_cut]
        cues = sorted(kept + M.cues_of(doc, hits, taken), key=lambda c: c.cue.start)
        items.append(([(c.cue_chars, c.source_chars) for c in cues], gold))
    return score_attribution(items)


def main() -> None:
    if not (GIT / "HEAD").exists():
        print(f"PolNeAR mirror not found at {GIT}: run fetch github:networkdynamics/PolNeAR "
              "(or set POLNEAR_GIT); nothing trained", file=sys.stderr)
        sys.exit(2)
    import numpy as np
    from collections import Counter

    from derive_cue_contexts import load

    cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
    commit, docs, golds = load(cache)
    data = rows(docs, golds)
    counts = Counter(x for d in data for f in d[2] for x in set(f))
    vocab = {x: i for i, x in enumerate(sorted(k for k, n in counts.items() if n >= MIN_COUNT))}
    names = sorted(vocab, key=vocab.get)
    dcounts = Counter(x for d in data for f in d[5] for x in set(f))
    dvocab = {x: i for i, x in enumerate(sorted(k for k, n in dcounts.items() if n >= MIN_COUNT))}
    dnames = sorted(dvocab, key=dvocab.get)
    Xs = [matrix(d[2], vocab) for d in data]
    ys = [np.array(d[3]) for d in data]
    Ds = [matrix(d[5], dvocab) for d in data]
    zs = [np.array(d[6]) for d in data]
    npos = int(sum(y.sum() for y in ys))
    print(f"PolNeAR {commit[:12]} train: {len(docs)} articles, {sum(len(y) for y in ys)} candidate words, "
          f"{npos} on a missed gold cue; {len(vocab)} features; {sum(len(z) for z in zs)} found cues, "
          f"{len(dvocab)} features")
    from scipy.sparse import vstack

    rules = score(docs, golds, data, [np.zeros(len(y)) for y in ys], 2.0)["cue"]["overlap"]
    print(f"rules alone: P={rules['precision']} R={rules['recall']} F1={rules['f1']}")
    cut = drop_cut = None
    if "--check" in sys.argv or "--write" in sys.argv:
        probs: list = [None] * len(docs)
        keep: list = [None] * len(docs)

        def _sig(X, w, b):
            return 1.0 / (1.0 + np.exp(-(X @ w + b))) if X.shape[0] else np.zeros(0)

        for k in range(FOLDS):
            tr = [i for i in range(len(docs)) if i % FOLDS != k]
            w, b = fit(vstack([Xs[i] for i in tr]), np.concatenate([ys[i] for i in tr]), LAMBDA)
            dw, db = fit(vstack([Ds[i] for i in tr]), np.concatenate([zs[i] for i in tr]), LAMBDA)
            for i in range(k, len(docs), FOLDS):
                probs[i] = _sig(Xs[i], w, b)
                keep[i] = _sig(Ds[i], dw, db)
        print(f"cross-validated over {FOLDS} folds of articles (lambda {LAMBDA}): add cut x drop cut")
        best = None
        for dc in DROP_CUTS:
            for c in CUTS:
                ov = score(docs, golds, data, probs, c, keep, dc)["cue"]["overlap"]
                print(f"  add {c:.3f} drop {dc:.3f}: P={ov['precision']} R={ov['recall']} F1={ov['f1']}")
                if ov["precision"] >= rules["precision"] - SLACK and (best is None or ov["recall"] > best[0]):
                    best = (ov["recall"], c, dc)
        if best is not None:
            _, cut, drop_cut = best
        print(f"chosen: add cut {cut}, drop cut {drop_cut}")
    if "--write" in sys.argv:
        if cut is None or drop_cut is None:
            print("no cut keeps the rules' precision; nothing written", file=sys.stderr)
            sys.exit(1)
        from accord.news import cue_model as M

        w, b = fit(vstack(Xs), np.concatenate(ys), LAMBDA)
        dw, db = fit(vstack(Ds), np.concatenate(zs), LAMBDA)

        def _round(ws, ns):
            return {ns[j]: float(ws[j]) for j in range(len(ns)) if ws[j] != 0.0}

        model = M.CueModel(_round(w, names), b, cut, _round(dw, dnames), db, drop_cut, {
            "polnear_commit": commit, "split": "data/train", "articles": len(docs), "min_count": MIN_COUNT,
            "lambda": LAMBDA, "prune": PRUNE, "folds": FOLDS, "trained_by": "scripts/train_cues.py"})
        OUT.write_text(M.to_json(model), encoding="utf-8")
        print(f"wrote {OUT} ({len(model.weights)} + {len(model.drop_weights)} weights, cut {cut}, drop cut "
              f"{drop_cut}, sha256 {M.digest(model)[:12]})")


if __name__ == "__main__":
    main()

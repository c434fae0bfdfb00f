"""Error summaries and a proposal-level (cluster) bootstrap.

For forecasts f_j and outcomes y_j on issues j in a set J:

    MAE = (1/|J|) Sum_j |f_j - y_j|,   RMSE = sqrt((1/|J|) Sum_j (f_j - y_j)^2),

and the median absolute error. Issues of one proposal are dependent, so the
uncertainty of a difference in MAE between two models A and B is estimated by
resampling whole proposals with replacement (a cluster bootstrap; Davison & Hinkley
1997, section 3.8): with d_j = |e_Aj| - |e_Bj|, a replicate draws C proposals
c_1..c_C from the C observed and computes Sum_b D_{c_b} / Sum_b N_{c_b}, where
D_c and N_c are the sum of d_j and the count of issues in proposal c. The 95 %
interval is the 2.5 and 97.5 percentiles of the replicates (percentile method).
The interval of one model's MAE is the same resampling with d_j = |e_j|.
"""

from __future__ import annotations

import numpy as np

BOOTSTRAP_SEED = 20240605
BOOTSTRAP_REPLICATES = 2000


def summary(forecast: np.ndarray, outcome: np.ndarray, mask: np.ndarray | None = None) -> dict[str, float | int]:
    """n, MAE, RMSE and median absolute error over the issues in ``mask`` (all if None)."""
    err = forecast - outcome
    if mask is not None:
        err = err[mask]
    err = err[~np.isnan(err)]
    if err.size == 0:
        return {"n": 0, "mae": float("nan"), "rmse": float("nan"), "median_ae": float("nan")}
    a = np.abs(err)
    return {
        "n": int(a.size),
        "mae": float(a.mean()),
        "rmse": float(np.sqrt((err**2).mean())),
        "median_ae": float(np.median(a)),
    }


def cluster_bootstrap_diff(
    abs_a: np.ndarray,
    abs_b: np.ndarray,
    cluster: np.ndarray,
    mask: np.ndarray | None = None,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, object]:
    """Mean of |e_A| - |e_B| and its 95 % cluster-bootstrap interval (see module doc).

    ``cluster`` labels each issue's proposal. Negative means A has the smaller error.
    """
    d = abs_a - abs_b
    keep = ~np.isnan(d) if mask is None else (mask & ~np.isnan(d))
    d, cluster = d[keep], np.asarray(cluster)[keep]
    if d.size == 0:
        return {"mean": float("nan"), "ci95": [float("nan"), float("nan")], "proposals": 0}
    labels, idx = np.unique(cluster, return_inverse=True)
    c = labels.size
    sums = np.bincount(idx, weights=d, minlength=c)
    counts = np.bincount(idx, minlength=c).astype(float)
    rng = np.random.default_rng(seed)
    draw = rng.integers(0, c, size=(replicates, c))
    rep = sums[draw].sum(axis=1) / counts[draw].sum(axis=1)
    lo, hi = np.percentile(rep, [2.5, 97.5])
    return {"mean": float(d.mean()), "ci95": [float(lo), float(hi)], "proposals": int(c)}


def cluster_bootstrap_mae(
    abs_err: np.ndarray,
    cluster: np.ndarray,
    mask: np.ndarray | None = None,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, object]:
    """MAE over the issues in ``mask`` and its 95 % cluster-bootstrap interval: the
    proposals are resampled as in :func:`cluster_bootstrap_diff`, with d_j = |e_j|."""
    return cluster_bootstrap_diff(abs_err, np.zeros_like(abs_err), cluster, mask, replicates, seed)

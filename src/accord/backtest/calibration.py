"""Interval calibration under a stated noise model (until accord.simulate lands).

Noise model (ours, stated): each present position x_ij is redrawn as
x_ij + U(-w, w) and each salience s_ij as s_ij + U(-v, v), both clipped to 0..100,
independently across actors, issues and draws, from a seeded generator. Capability
and the reference point are held fixed. Absent actors stay absent.

For each model and each issue the central interval at nominal level L is the
((1-L)/2, (1+L)/2) quantile range of the model's forecast over D draws. Coverage is the
share of issues whose actual outcome lies inside; a calibrated model has coverage L at
every L (a reliability diagram: Gneiting, Balabdaoui & Raftery 2007, section 3).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ..scenario.schema import Inputs

LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
NOISE_POSITION = 10.0
NOISE_SALIENCE = 20.0
CALIBRATION_SEED = 20240605


def perturbed(inputs: Inputs, draws: int, w: float = NOISE_POSITION, v: float = NOISE_SALIENCE, seed: int = CALIBRATION_SEED) -> Inputs:
    """``inputs`` with a leading draws axis: positions +- U(w), saliences +- U(v)."""
    rng = np.random.default_rng(seed)
    shape = (draws,) + inputs.position.shape
    pos = np.clip(inputs.position[None] + rng.uniform(-w, w, size=shape), 0.0, 100.0)
    sal = np.clip(inputs.salience[None] + rng.uniform(-v, v, size=shape), 0.0, 100.0)
    k = inputs.status_quo.shape[-1]
    return dataclasses.replace(
        inputs,
        position=pos,
        salience=sal,
        capability=np.broadcast_to(inputs.capability, shape),
        status_quo=np.broadcast_to(inputs.status_quo, (draws, k)),
        scale_low=np.broadcast_to(inputs.scale_low, (draws, k)),
        scale_high=np.broadcast_to(inputs.scale_high, (draws, k)),
    )


def coverage(samples: np.ndarray, outcome: np.ndarray, mask: np.ndarray | None = None, levels=LEVELS) -> dict[str, float]:
    """Share of outcomes inside the central interval at each level; ``samples`` is (D, k)."""
    out: dict[str, float] = {}
    keep = ~np.isnan(samples).any(axis=0)
    if mask is not None:
        keep &= mask
    for level in levels:
        lo, hi = np.quantile(samples[:, keep], [(1 - level) / 2, (1 + level) / 2], axis=0)
        y = outcome[keep]
        out[f"{level:.2f}"] = float(np.mean((y >= lo - 1e-9) & (y <= hi + 1e-9))) if y.size else float("nan")
    return out


def mean_width(samples: np.ndarray, level: float = 0.8) -> float:
    keep = ~np.isnan(samples).any(axis=0)
    lo, hi = np.quantile(samples[:, keep], [(1 - level) / 2, (1 + level) / 2], axis=0)
    return float(np.mean(hi - lo))


def conformal_coverage(forecast: np.ndarray, outcome: np.ndarray, fit: np.ndarray, test: np.ndarray, levels=LEVELS) -> dict[str, Any]:
    """Split-conformal intervals: forecast +- the L-quantile of |residual| on ``fit``.

    The half-width q_L is the ceil((m+1)L)/m empirical quantile of the m train + dev
    absolute errors (Lei et al. 2018, "Distribution-free predictive inference for
    regression", section 2.2); coverage is measured on ``test``.
    """
    r = np.abs(forecast - outcome)
    rf = np.sort(r[fit & ~np.isnan(r)])
    m = rf.size
    halfwidth: dict[str, float] = {}
    cover: dict[str, float] = {}
    for level in levels:
        idx = min(m - 1, int(np.ceil((m + 1) * level)) - 1)
        q = float(rf[idx]) if m else float("nan")
        halfwidth[f"{level:.2f}"] = q
        rt = r[test & ~np.isnan(r)]
        cover[f"{level:.2f}"] = float(np.mean(rt <= q)) if rt.size else float("nan")
    return {"halfwidth": halfwidth, "coverage_test": cover}

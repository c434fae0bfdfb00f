"""Interval calibration: DEU inputs given Estimate ranges, drawn by accord.simulate.

DEU III gives each actor's position and salience as points. To ask whether a model's
intervals mean what they say we state an uncertainty model as Estimate ranges (ours,
an assumption, not the data's):

    position  x_ij  ->  Estimate(x, max(0, x - w), min(100, x + w), triangular)
    salience  s_ij  ->  Estimate(s, max(0, s - v), min(1, s + v), triangular)

for every actor i with a position on issue j (absent actors stay absent; capability and
the reference point are held fixed). The values are drawn by
:func:`accord.simulate.draws.draw` -- the same block-seeded PCG64 streams and inverse
CDFs as ``accord forecast --draws`` (Vose 2008, ch. 9-10) -- so draw t is the same for
any chunking. Specs are ordered issue by issue, actor by actor, position then salience.

For each model and issue the central interval at nominal level L is the
((1-L)/2, (1+L)/2) quantile range of the model's D forecasts. Coverage is the share of
issues whose actual outcome lies inside; a calibrated model has coverage L at every L
(a reliability diagram: Gneiting, Balabdaoui & Raftery 2007, section 3).

The widths may be tuned (:func:`tune_width`) on train + dev only: the position
half-width w is chosen from :data:`WIDTHS` so that the reference model's 80 % coverage
on train + dev is nearest 0.80; test coverage is then reported at that w.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ..scenario.schema import Estimate, Inputs
from ..simulate.draws import InputSpec, draw

LEVELS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
NOISE_POSITION = 10.0  # half-width on the 0..100 position scale
NOISE_SALIENCE = 0.2  # half-width on the 0..1 salience scale
WIDTHS = (10.0, 20.0, 35.0, 50.0, 75.0, 100.0)  # position half-widths tried on train + dev
CALIBRATION_SEED = 20240605
DIST = "triangular"


def specs(inputs: Inputs, w: float = NOISE_POSITION, v: float = NOISE_SALIENCE) -> tuple[list[InputSpec], np.ndarray, np.ndarray]:
    """The Estimate-ranged inputs and their (actor, issue) index arrays.

    Returns ``(specs, ai, ij)``: spec 2t is the position and 2t+1 the salience of actor
    ``ai[t]`` on issue ``ij[t]``, in issue-major order.
    """
    present = ~np.isnan(inputs.position)
    ij, ai = np.nonzero(present.T)  # issue-major
    out: list[InputSpec] = []
    for i, j in zip(ai.tolist(), ij.tolist()):
        x = float(inputs.position[i, j])
        s = float(inputs.salience[i, j])
        actor, issue = inputs.actors[i], inputs.issues[j]
        out.append(InputSpec("position", Estimate(x, max(0.0, x - w), min(100.0, x + w), DIST, "assumed"), actor, issue, True))
        out.append(InputSpec("salience", Estimate(s, max(0.0, s - v), min(1.0, s + v), DIST, "assumed"), actor, issue, True))
    return out, ai, ij


def perturbed(inputs: Inputs, draws: int, w: float = NOISE_POSITION, v: float = NOISE_SALIENCE, seed: int = CALIBRATION_SEED) -> Inputs:
    """``inputs`` with a leading draws axis, positions and saliences drawn from their ranges."""
    sp, ai, ij = specs(inputs, w, v)
    values = draw(seed, 0, draws, sp, stream=0)  # (draws, 2T)
    pos = np.repeat(inputs.position[None], draws, axis=0)
    sal = np.repeat(inputs.salience[None], draws, axis=0)
    pos[:, ai, ij] = values[:, 0::2]
    sal[:, ai, ij] = values[:, 1::2]
    k = inputs.status_quo.shape[-1]
    return dataclasses.replace(
        inputs,
        position=pos,
        salience=sal,
        capability=np.broadcast_to(inputs.capability, pos.shape),
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


def mean_width(samples: np.ndarray, level: float = 0.8, mask: np.ndarray | None = None) -> float:
    keep = ~np.isnan(samples).any(axis=0)
    if mask is not None:
        keep &= mask
    lo, hi = np.quantile(samples[:, keep], [(1 - level) / 2, (1 + level) / 2], axis=0)
    return float(np.mean(hi - lo))


def tune_width(solve, inputs: Inputs, outcome: np.ndarray, fit: np.ndarray, draws: int, v: float = NOISE_SALIENCE,
               widths=WIDTHS, level: float = 0.8) -> dict[str, Any]:
    """The position half-width whose ``level`` coverage on ``fit`` (train + dev) is nearest ``level``.

    ``solve`` maps Inputs ``(D, n, k)`` to forecasts ``(D, k)`` (the reference model).
    Only ``fit`` issues are scored, so test outcomes play no part in the choice.
    """
    sweep = {}
    for w in widths:
        samples = solve(perturbed(inputs, draws, w, v))
        sweep[f"{w:g}"] = {"coverage_fit": coverage(samples, outcome, fit, (level,))[f"{level:.2f}"],
                           "mean_width_80_fit": mean_width(samples, 0.8, fit)}
    best = min(widths, key=lambda w: (abs(sweep[f"{w:g}"]["coverage_fit"] - level), w))
    return {"level": level, "salience_halfwidth": v, "sweep": sweep, "chosen_position_halfwidth": best}


def conformal_coverage(forecast: np.ndarray, outcome: np.ndarray, fit: np.ndarray, test: np.ndarray, levels=LEVELS,
                       cluster: np.ndarray | None = None, reps: int = 2000) -> dict[str, Any]:
    """Split-conformal intervals: forecast +- the L-quantile of |residual| on ``fit``.

    The half-width q_L is the ceil((m+1)L)/m empirical quantile of the m train + dev
    absolute errors (Lei et al. 2018, "Distribution-free predictive inference for
    regression", section 2.2); coverage is measured on ``test``. With ``cluster`` (the
    proposal of each issue), ``coverage_test_ci95`` is a 95% percentile interval from
    resampling the test proposals with replacement (``reps`` times, fixed seed).
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
    out: dict[str, Any] = {"halfwidth": halfwidth, "coverage_test": cover}
    if cluster is not None:
        keep = test & ~np.isnan(r)
        groups = sorted(set(np.asarray(cluster)[keep]))
        if groups:
            gi = np.array([groups.index(c) for c in np.asarray(cluster)[keep]])
            rng = np.random.default_rng(20240605)
            pick = rng.integers(0, len(groups), (reps, len(groups)))
            counts = np.stack([np.bincount(row, minlength=len(groups)) for row in pick])  # (reps, G)
            size = np.bincount(gi, minlength=len(groups)).astype(float)
            ci = {}
            for level in levels:
                hit = np.bincount(gi, weights=(r[keep] <= halfwidth[f"{level:.2f}"]).astype(float), minlength=len(groups))
                boot = (counts @ hit) / (counts @ size)
                ci[f"{level:.2f}"] = [float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))]
            out["coverage_test_ci95"] = ci
    return out

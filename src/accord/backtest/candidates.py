"""Attempts to beat the compromise model, each tuned on train + dev only.

Every candidate is named and described here before it meets the test split; its
parameters are chosen by a grid search minimising MAE on the train + dev issues, and
the whole forecast is then computed with those parameters. A test figure counts only
once it is logged in ``docs/test-log.md`` (``accord backtest deu --log-test``).

* ``rp_gravity`` -- shrink the compromise toward the reference point where one is
  given:  f = (1 - lam) m + lam q  (m the capability x salience weighted mean, q = rp).
  Status-quo bias is the mechanism of the procedural models (Tsebelis 2002; Thomson
  et al. 2006, ch. 1): an outcome must beat the reversion point for a blocking set.
* ``procedure_aware`` -- as ``rp_gravity`` with a separate lam for unanimity and for
  QMV (``counvte``), and the Parliament's weight set to 0 under consultation
  (``proc`` = CNS), where its opinion binds no one (Art. 289 TFEU; Crombez 1996).
* ``institution_weights`` -- the compromise with the Commission's and the
  Parliament's weights multiplied by a and b (Achen 2006 weighs institutions by
  procedure; here the multipliers are estimated).
* ``ensemble`` -- a convex combination of the registered base models' forecasts,
  weights on a 0.1 grid of the simplex.

Added after the salience fix (eum now moves), named and committed before their first
test scoring:

* ``ensemble_eum`` -- a convex combination of compromise, nash and eum only, weights on
  a finer 0.05 simplex grid: does the expected-utility model, now that it moves, add
  information the bargaining solutions lack?
* ``council_blend`` -- a convex combination (0.05 grid) of compromise and nash each
  solved twice, with equal capability and with the Council voting weights of the
  proposal's treaty period (:mod:`.weights`; issues with no readable date keep equal
  capability): the treaty's weights are public before the outcome, so they may be used
  whichever capability the run reports.

Session 3 (the eum reading and stop rule, chosen on train + dev; named and committed
before their test scoring):

* ``eum_all_pairs`` -- eum with P normalised over all pairs of actors (the reading of
  Scholz's program that reproduces his Table 2) and the session's stop rule, no
  parameter tuned: the reading the default ``eum`` (P per pair, eqs. 30-31) replaced.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Callable

import numpy as np

from ..models.base import weighted_mean
from ..scenario.schema import Inputs
from .deu import DeuData

LAMBDAS = np.round(np.arange(0.0, 1.0001, 0.05), 2)
MULTIPLIERS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0)


@dataclass
class Candidate:
    name: str
    description: str
    params: dict
    forecast: np.ndarray  # (k,)
    fit_mae: float  # MAE on train + dev with the chosen parameters


def _mae(f: np.ndarray, y: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """MAE over ``mask`` along the last axis (works for a stack of forecasts)."""
    return np.nanmean(np.abs(f[..., mask] - y[mask]), axis=-1)


def _gravity(m: np.ndarray, rp: np.ndarray, lam) -> np.ndarray:
    lam = np.asarray(lam, dtype=float)
    return np.where(np.isnan(rp), m, (1.0 - lam) * m + lam * np.nan_to_num(rp, nan=0.0))


def rp_gravity(data: DeuData, fit: np.ndarray) -> Candidate:
    m = weighted_mean(data.inputs.position, data.inputs.weight)
    stack = _gravity(m[None, :], data.rp[None, :], LAMBDAS[:, None])
    scores = _mae(stack, data.outcome, fit)
    best = int(np.argmin(scores))
    return Candidate("rp_gravity", "compromise shrunk toward rp by lam tuned on train+dev", {"lam": float(LAMBDAS[best])}, stack[best], float(scores[best]))


def _with_weights(inputs: Inputs, mult: np.ndarray) -> np.ndarray:
    """Weighted mean with each actor's weight multiplied by ``mult`` (n, k)."""
    return weighted_mean(inputs.position, inputs.weight * mult)


def procedure_aware(data: DeuData, fit: np.ndarray) -> Candidate:
    inputs = data.inputs
    mult = np.ones_like(inputs.salience)
    if "ep" in inputs.actors:
        cns = np.array([p == "CNS" for p in data.procedure])
        mult[inputs.actors.index("ep"), cns] = 0.0
    m = _with_weights(inputs, mult)
    m = np.where(np.isnan(m), weighted_mean(inputs.position, inputs.weight), m)
    unan = np.array([v.lower().startswith("unan") for v in data.vote])
    grid = list(itertools.product(LAMBDAS, LAMBDAS))
    lam = np.array([[lq if not u else lu for u in unan] for lq, lu in grid])
    stack = _gravity(m[None, :], data.rp[None, :], lam)
    scores = _mae(stack, data.outcome, fit)
    best = int(np.argmin(scores))
    lq, lu = grid[best]
    return Candidate(
        "procedure_aware",
        "EP weight 0 under consultation; shrink toward rp by lam_qmv / lam_unanimity tuned on train+dev",
        {"lam_qmv": float(lq), "lam_unanimity": float(lu), "ep_weight_under_cns": 0.0},
        stack[best],
        float(scores[best]),
    )


def institution_weights(data: DeuData, fit: np.ndarray) -> Candidate:
    inputs = data.inputs
    # (MAE, parameters, forecast) of the best pair so far; where no pair scores (no issue
    # to fit), the first pair with its NaN MAE, as the other candidates' argmin gives
    best: tuple[float, dict[str, float], np.ndarray] | None = None
    for a, b in itertools.product(MULTIPLIERS, MULTIPLIERS):
        mult = np.ones_like(inputs.salience)
        if "com" in inputs.actors:
            mult[inputs.actors.index("com")] = a
        if "ep" in inputs.actors:
            mult[inputs.actors.index("ep")] = b
        f = _with_weights(inputs, mult)
        f = np.where(np.isnan(f), weighted_mean(inputs.position, inputs.weight), f)
        s = float(_mae(f, data.outcome, fit))
        if best is None or s < best[0] - 1e-12 or (np.isnan(best[0]) and not np.isnan(s)):
            best = (s, {"commission_multiplier": a, "parliament_multiplier": b}, f)
    assert best is not None  # the grid is not empty
    return Candidate("institution_weights", "compromise with Commission and Parliament weights scaled by multipliers tuned on train+dev", best[1], best[2], best[0])


def ensemble(data: DeuData, fit: np.ndarray, base: dict[str, np.ndarray]) -> Candidate:
    names = sorted(base)
    f = np.stack([base[n] for n in names])  # (M, k)
    f = np.where(np.isnan(f), f[names.index("compromise")] if "compromise" in names else np.nanmean(f, 0), f)
    steps = 10
    grid = [c for c in itertools.product(range(steps + 1), repeat=len(names)) if sum(c) == steps]
    w = np.array(grid, dtype=float) / steps  # (G, M)
    stack = w @ f  # (G, k)
    scores = _mae(stack, data.outcome, fit)
    best = int(np.argmin(scores))
    params = {n: float(x) for n, x in zip(names, w[best])}
    return Candidate("ensemble", "convex combination of base models, weights on a 0.1 simplex grid tuned on train+dev", params, stack[best], float(scores[best]))


def _simplex(m: int, steps: int) -> np.ndarray:
    """Every weight vector on the ``1/steps`` grid of the m-simplex, (G, m)."""
    grid = [c for c in itertools.product(range(steps + 1), repeat=m) if sum(c) == steps]
    return np.array(grid, dtype=float) / steps


def _convex(data: DeuData, fit: np.ndarray, members: dict[str, np.ndarray], steps: int) -> tuple[dict, np.ndarray, float]:
    names = list(members)
    f = np.stack([members[n] for n in names])
    f = np.where(np.isnan(f), f[0], f)  # a member with no answer falls back to the first
    w = _simplex(len(names), steps)
    stack = w @ f
    scores = _mae(stack, data.outcome, fit)
    best = int(np.argmin(scores))
    return {n: float(x) for n, x in zip(names, np.round(w[best], 6))}, stack[best], float(scores[best])


def ensemble_eum(data: DeuData, fit: np.ndarray, base: dict[str, np.ndarray]) -> Candidate | None:
    if not {"compromise", "nash", "eum"} <= set(base):
        return None
    params, f, s = _convex(data, fit, {n: base[n] for n in ("compromise", "nash", "eum")}, 20)
    return Candidate("ensemble_eum", "convex combination of compromise, nash and eum, 0.05 simplex grid tuned on train+dev", params, f, s)


def council_capability(data: DeuData) -> np.ndarray:
    """(n, k) capability: the Council weight of each issue's treaty period; 1 where the date is unknown."""
    from .weights import council_weight

    cap = np.ones_like(data.inputs.salience)
    for j, per in enumerate(data.period):
        if per:
            for i, a in enumerate(data.inputs.actors):
                cap[i, j] = council_weight(a, per)[0]
    return cap


def council_blend(data: DeuData, fit: np.ndarray, base: dict[str, np.ndarray]) -> Candidate:
    import dataclasses

    from ..models import get_model

    equal = dataclasses.replace(data.inputs, capability=np.ones_like(data.inputs.salience))
    council = dataclasses.replace(data.inputs, capability=council_capability(data))
    members = {}
    for label, inp in (("equal", equal), ("council", council)):
        for m in ("compromise", "nash"):
            members[f"{m}_{label}"] = np.asarray(get_model(m).solve(inp).outcome, dtype=float)
    params, f, s = _convex(data, fit, members, 20)
    return Candidate("council_blend", "convex combination of compromise and nash under equal and Council capability, 0.05 grid tuned on train+dev", params, f, s)


def eum_all_pairs(data: DeuData, fit: np.ndarray) -> Candidate:
    from ..models import get_model

    f = np.asarray(get_model("eum", probability="all_pairs").solve(data.inputs).outcome, dtype=float)
    return Candidate("eum_all_pairs", "eum with P normalised over all pairs (Scholz's program, Table 2); nothing tuned",
                     {"probability": "all_pairs"}, f, float(_mae(f, data.outcome, fit)))


CANDIDATES: dict[str, Callable] = {
    "rp_gravity": rp_gravity,
    "procedure_aware": procedure_aware,
    "institution_weights": institution_weights,
    "eum_all_pairs": eum_all_pairs,
}


def run_candidates(data: DeuData, fit: np.ndarray, base: dict[str, np.ndarray]) -> list[Candidate]:
    """Every candidate, fitted on the issues in ``fit`` (train + dev)."""
    out = [fn(data, fit) for fn in CANDIDATES.values()]
    out.append(ensemble(data, fit, base))
    for fn in (ensemble_eum, council_blend):
        c = fn(data, fit, base)
        if c is not None:
            out.append(c)
    return out

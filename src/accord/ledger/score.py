"""Scores of a graded record: absolute error, CRPS from the stored quantiles, Brier.

CRPS from quantiles (the quantile, or pinball, decomposition; Gneiting & Raftery 2007,
eq. 21; Laio & Tamea 2007)::

    CRPS(F, y) = 2 * integral_0^1 rho_tau(y - F^-1(tau)) dtau,
    rho_tau(u) = tau * u if u >= 0 else (tau - 1) * u       (the pinball loss)

estimated from the K = 99 stored quantiles q_k at tau_k = k / 100 by the mean::

    CRPS ~= (2 / K) * sum_k rho_{tau_k}(y - q_k)

For a point forecast (every q_k = x) this is exactly |y - x|, the CRPS of a point mass,
so the status quo baseline (a point) is scored on the same footing as the models. For
U(0, 100) and y = 50 it gives 8.414 where the exact CRPS is 8.333: the 99 quantiles
leave out the outer 1% of each tail.

Brier, for a threshold question "above X": (p - o)^2 with p = P(outcome > X) as sealed
and o = 1 if the observed value is above X, else 0 (Brier 1950).
"""

from __future__ import annotations

import math
from typing import Any, Sequence

from ..jsonnum import json_number
from .seal import LEVELS, QKEYS


def pinball(q: float, y: float, tau: float) -> float:
    u = y - q
    return tau * u if u >= 0 else (tau - 1) * u


def crps_from_quantiles(quantiles: Sequence[float], y: float, levels: Sequence[float] = LEVELS) -> float:
    """The quantile-decomposition estimate of the CRPS (see the module doc)."""
    if len(quantiles) != len(levels):
        raise ValueError(f"{len(quantiles)} quantiles for {len(levels)} levels")
    return 2.0 * math.fsum(pinball(q, y, t) for q, t in zip(quantiles, levels)) / len(levels)


def brier(p: float, event: bool) -> float:
    return (float(p) - (1.0 if event else 0.0)) ** 2


def score_forecast(f: dict[str, Any], y: float, threshold: float | None) -> dict[str, float | None]:
    """Scores of one model's (or baseline's) sealed forecast ``f`` against ``y``."""
    point = f.get("point")
    out: dict[str, float | None] = {"abs_error": json_number(abs(y - point)) if point is not None else None}
    qs = f.get("quantiles")
    if qs and all(qs.get(k) is not None for k in QKEYS):
        out["crps"] = json_number(crps_from_quantiles([qs[k] for k in QKEYS], y))
    else:  # a point forecast: the CRPS of a point mass is the absolute error
        out["crps"] = out["abs_error"]
    if threshold is not None:
        p = f.get("p_above")
        out["brier"] = json_number(brier(p, y > threshold)) if p is not None else None
    return out


def score_record(body: dict[str, Any], y: float) -> dict[str, dict[str, dict[str, float | None]]]:
    """``{"models": {m: scores}, "baselines": {b: scores}}`` of a sealed record."""
    threshold = (body.get("rubric") or {}).get("threshold", {}).get("above")
    return {
        "models": {m: score_forecast(f, y, threshold) for m, f in body.get("forecast", {}).items()},
        "baselines": {b: score_forecast(f, y, threshold) for b, f in body.get("baselines", {}).items()},
    }

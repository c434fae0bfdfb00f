"""The bargaining clock: month by month, bargaining while fighting.

A stylised model after Fearon (1995, "Rationalist explanations for war", IO 49:
war is costly, so a range of deals both sides prefer to fighting exists, and fighting
goes on while private information or optimism leaves that range empty), Filson and
Werner (2002, "A bargaining model of war and peace", AJPS 46: fighting reveals relative
strength and beliefs converge until a deal is struck) and Powell (2006, "War as a
commitment problem", IO 60: the front line moves the terms). One issue (by default
``territory``) is the front line, its status quo the line at month 0.

Sides: the *low* side holds positions below the start line, the *high* side above it;
a side's strength is the capability x salience of its members on the issue, and the
high side's true share is ``p = S_high / (S_low + S_high)``.

Each month t = 1..M:

1. the line moves  ``F_t = clip(F_{t-1} + drift (2 p - 1) + noise eps_t)``, eps ~ N(0, 1);
2. each side reads the move as a signal of p, ``z_t = 1/2 + (F_t - F_{t-1}) / (2 drift)``,
   and updates its belief as a normal mean with a prior worth ``learning`` months of
   signals: ``m_t = (learning m_0 + Sum z) / (learning + t)`` (Filson & Werner 2002,
   Bayesian learning from battle outcomes, here in its conjugate-normal form);
   the sides start optimistic: ``m_0 = p + optimism_high`` for the high side and
   ``p - optimism_low`` for the low side;
3. each side values fighting on for ``horizon`` months H at the line it expects then,
   less its costs (Fearon 1995, eq. 1 in line units):
   ``W_high = F_t + H drift (2 m_high - 1) - H cost_high`` (the high side takes any deal
   ``x >= W_high``), ``W_low = F_t + H drift (2 m_low - 1) + H cost_low`` (the low side
   takes any ``x <= W_low``);
4. the proposal is the bargaining model's forecast of the issue with the status quo at
   ``F_t``; a deal is struck, at that proposal, in the first month both take it.

Monte Carlo draws the scenario's inputs, lever amounts and every clock parameter from
its range, and the monthly shocks, per draw; the summary is P(deal by month m) and the
expected terms of the deals struck by then. Every parameter lives in the scenario's
``clock:`` section, each an Estimate with a basis or marked ``assumption: true``;
absent ones take the defaults below, which are assumptions and said so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np
from scipy.special import ndtri

from ..errors import InputError
from ..models import MODELS, get_model
from ..scenario.schema import Estimate, Scenario
from ..scenario.validate import estimate as parse_estimate
from .draws import InputSpec, check_draws, check_seed, draw, input_specs, lever_specs, place
from .levers import apply_to_inputs, check_levers
from ..jsonnum import json_number

DEFAULT_BASIS = "accord default, an assumption (no scenario value given)"

#: name -> (value, low, high, bounds, what it means)
PARAMETERS: dict[str, tuple[float, float, float, tuple[float, float], str]] = {
    "drift": (1.0, 0.3, 2.0, (0.0, float("inf")), "scale points a month the line moves at full dominance (p = 1)"),
    "noise": (0.5, 0.2, 1.0, (0.0, float("inf")), "sd of the line's monthly move from chance, scale points"),
    "cost_low": (1.0, 0.5, 2.0, (0.0, float("inf")), "the low side's monthly cost of fighting, in scale points"),
    "cost_high": (1.0, 0.5, 2.0, (0.0, float("inf")), "the high side's monthly cost of fighting, in scale points"),
    "optimism_low": (0.1, 0.0, 0.2, (-1.0, 1.0), "how much the low side overrates its own strength share at start"),
    "optimism_high": (0.1, 0.0, 0.2, (-1.0, 1.0), "how much the high side overrates its own strength share at start"),
    "learning": (6.0, 3.0, 12.0, (0.0, float("inf")), "weight of each side's prior belief, in months of observed fighting"),
    "horizon": (12.0, 6.0, 24.0, (1.0, float("inf")), "months ahead each side weighs fighting over"),
}
TEXT_FIELDS = {"issue", "model", "low_side", "high_side"}


@dataclass(frozen=True)
class ClockConfig:
    issue: str
    model: str
    low_side: tuple[str, ...]
    high_side: tuple[str, ...]
    params: dict[str, Estimate]
    assumed: tuple[str, ...]  # parameters taken as defaults or marked as assumptions
    defaults: tuple[str, ...]  # parameters absent from the scenario


def parse_clock(scenario: Scenario) -> ClockConfig:
    """The scenario's ``clock:`` section, validated with field paths, defaults filled."""
    raw = scenario.extra.get("clock") or {}
    if not isinstance(raw, dict):
        raise InputError("expected a mapping of clock parameters", field="clock")
    allowed = set(PARAMETERS) | TEXT_FIELDS
    for key in raw:
        if key not in allowed:
            raise InputError(f"unknown field (expected one of {', '.join(sorted(allowed))})", field=f"clock.{key}")
    issue = raw.get("issue", "territory" if "territory" in scenario.issue_ids else scenario.issue_ids[0])
    if issue not in scenario.issue_ids:
        raise InputError(f"unknown issue {issue!r}", field="clock.issue")
    model = raw.get("model", "compromise")
    if model not in MODELS:
        raise InputError(f"unknown model {model!r} (models are {', '.join(MODELS)})", field="clock.model")
    params: dict[str, Estimate] = {}
    assumed, defaults = [], []
    for name, (v, lo, hi, (blo, bhi), _) in PARAMETERS.items():
        path = f"clock.{name}"
        if name not in raw:
            params[name] = Estimate(v, lo, hi, "triangular", DEFAULT_BASIS)
            assumed.append(name)
            defaults.append(name)
            continue
        val = raw[name]
        marked = False
        if isinstance(val, dict):
            val = dict(val)
            marked = val.pop("assumption", False)
            if not isinstance(marked, bool):
                raise InputError("expected true or false", field=f"{path}.assumption")
        est = parse_estimate(val, path, None if bhi == float("inf") else blo, None if bhi == float("inf") else bhi)
        for x in (est.low, est.value, est.high):
            if not blo <= x <= bhi:
                raise InputError(f"{x:g} is outside {blo:g}..{bhi:g}", field=path)
        if not est.basis and not marked:
            raise InputError("give a basis (a source) or mark it assumption: true", field=path)
        if marked:
            assumed.append(name)
        params[name] = est
    base = scenario.inputs()
    j = scenario.issue_ids.index(issue)
    q = scenario.issue(issue).status_quo.value
    low_side = _side(raw, "low_side", scenario, [a for i, a in enumerate(base.actors) if base.position[i, j] < q])
    high_side = _side(raw, "high_side", scenario, [a for i, a in enumerate(base.actors) if base.position[i, j] > q])
    if not low_side or not high_side:
        raise InputError(f"needs actors on both sides of the line on {issue!r}", field="clock.low_side")
    return ClockConfig(issue, model, low_side, high_side, params, tuple(assumed), tuple(defaults))


def _side(raw: dict, key: str, scenario: Scenario, default: list[str]) -> tuple[str, ...]:
    if key not in raw:
        return tuple(default)
    ids = raw[key]
    if not isinstance(ids, list):
        raise InputError("expected a list of actor ids", field=f"clock.{key}")
    for m, a in enumerate(ids):
        if a not in scenario.actor_ids:
            raise InputError(f"unknown actor {a!r}", field=f"clock.{key}[{m}]")
    return tuple(ids)


@dataclass
class ClockResult:
    scenario: Scenario
    config: ClockConfig
    months: int
    draws: int
    seed: int | None
    levers: tuple[str, ...]
    p_deal_by: np.ndarray  # (M,)
    terms_by: np.ndarray  # (M,) mean terms of deals struck by month m
    terms_q: dict[str, float]  # quantiles of the terms of all deals
    line_end: float  # median line at M where no deal
    proposal0: float
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        r = json_number

        return {
            "scenario": self.scenario.id,
            "issue": self.config.issue,
            "model": self.config.model,
            "months": self.months,
            "draws": self.draws,
            "seed": self.seed,
            "levers": list(self.levers),
            "low_side": list(self.config.low_side),
            "high_side": list(self.config.high_side),
            "assumed_parameters": list(self.config.assumed),
            "default_parameters": list(self.config.defaults),
            "line_start": r(self.scenario.issue(self.config.issue).status_quo.value),
            "by_month": [
                {"month": m + 1, "p_deal": r(self.p_deal_by[m]), "expected_terms": r(self.terms_by[m])}
                for m in range(self.months)
            ],
            "terms": {k: r(v) for k, v in self.terms_q.items()},
            "median_line_without_deal": r(self.line_end),
        }


def _clock_specs(cfg: ClockConfig, months: int) -> list[InputSpec]:
    specs = [InputSpec("clock", cfg.params[name]) for name in PARAMETERS]
    specs += [InputSpec("shock", Estimate(0.5, 0.0, 1.0, "uniform")) for _ in range(months)]
    return specs


def simulate_clock(
    scenario: Scenario,
    months: int = 24,
    *,
    levers: Iterable[str] = (),
    draws: int | None = None,
    seed: int = 0,
    params: dict[str, dict[str, Any]] | None = None,
) -> ClockResult:
    """Run the clock for ``months``: at the point values (``draws`` None: one path, no
    shocks) or over ``draws`` Monte Carlo draws from ``seed``."""
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise InputError(f"{months!r} is not a positive number of months", field="--months")
    cfg = parse_clock(scenario)
    lever_ids = check_levers(scenario, levers)
    cspecs = _clock_specs(cfg, months)
    if draws is None:
        count = 1
        specs = input_specs(scenario)
        inp = place(scenario, specs, np.array([[s.estimate.value for s in specs]]))
        if lever_ids:
            inp = apply_to_inputs(inp, scenario, lever_ids)
        cvals = np.array([[s.estimate.value for s in cspecs]])
        seed_out = None
    else:
        count = check_draws(draws)
        seed = check_seed(seed)
        specs = input_specs(scenario)
        inp = place(scenario, specs, draw(seed, 0, count, specs, stream=0))
        if lever_ids:
            inp = apply_to_inputs(inp, scenario, lever_ids, draw(seed, 0, count, lever_specs(scenario, lever_ids), stream=1))
        cvals = draw(seed, 0, count, cspecs, stream=2)
        seed_out = seed
    npar = len(PARAMETERS)
    par = {name: cvals[:, i] for i, name in enumerate(PARAMETERS)}
    eps = ndtri(np.clip(cvals[:, npar:], 1e-12, 1 - 1e-12)) if draws is not None else np.zeros((1, months))

    j = scenario.issue_ids.index(cfg.issue)
    lo, hi = scenario.issue(cfg.issue).scale
    a_ix = {a: i for i, a in enumerate(scenario.actor_ids)}
    w = inp.weight[..., j]  # (count, n)
    s_low = w[:, [a_ix[a] for a in cfg.low_side]].sum(axis=1)
    s_high = w[:, [a_ix[a] for a in cfg.high_side]].sum(axis=1)
    p = s_high / np.maximum(s_low + s_high, 1e-300)
    m0_high = np.clip(p + par["optimism_high"], 0.0, 1.0)
    m0_low = np.clip(p - par["optimism_low"], 0.0, 1.0)
    drift = np.maximum(par["drift"], 1e-9)
    model = get_model(cfg.model, **(params or {}).get(cfg.model, {}))

    line = inp.status_quo[:, j].copy()
    sum_z = np.zeros(count)
    deal_month = np.full(count, -1)
    terms = np.full(count, np.nan)
    proposal0 = np.nan
    H = par["horizon"]
    for t in range(1, months + 1):
        prev = line
        line = np.clip(prev + drift * (2 * p - 1) + par["noise"] * eps[:, t - 1], lo, hi)
        sum_z += 0.5 + (line - prev) / (2 * drift)
        m_high = np.clip((par["learning"] * m0_high + sum_z) / (par["learning"] + t), 0, 1)
        m_low = np.clip((par["learning"] * m0_low + sum_z) / (par["learning"] + t), 0, 1)
        w_high = np.clip(line + H * drift * (2 * m_high - 1), lo, hi) - H * par["cost_high"]
        w_low = np.clip(line + H * drift * (2 * m_low - 1), lo, hi) + H * par["cost_low"]
        sq = inp.status_quo.copy()
        sq[:, j] = line
        step = type(inp)(inp.position, inp.salience, inp.capability, sq, inp.scale_low, inp.scale_high,
                         inp.actors, inp.issues)
        x = np.asarray(model.solve(step).outcome, dtype=float)[:, j]
        if t == 1:
            proposal0 = float(np.nanmedian(x))
        new = (deal_month < 0) & (x >= w_high) & (x <= w_low)
        deal_month = np.where(new, t, deal_month)
        terms = np.where(new, x, terms)
    dealt = deal_month > 0
    p_by = np.array([np.mean(dealt & (deal_month <= m)) for m in range(1, months + 1)])
    terms_by = np.array([
        np.nanmean(terms[dealt & (deal_month <= m)]) if np.any(dealt & (deal_month <= m)) else np.nan
        for m in range(1, months + 1)
    ])
    tq = {"p10": np.nan, "p50": np.nan, "p90": np.nan}
    if dealt.any():
        qs = np.quantile(terms[dealt], [0.1, 0.5, 0.9])
        tq = {"p10": qs[0], "p50": qs[1], "p90": qs[2]}
    line_end = float(np.median(line[~dealt])) if (~dealt).any() else float("nan")
    return ClockResult(scenario, cfg, months, count, seed_out, lever_ids, p_by, terms_by, tq, line_end, proposal0)


__all__ = ["ClockConfig", "ClockResult", "PARAMETERS", "parse_clock", "simulate_clock"]

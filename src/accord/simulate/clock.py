"""The bargaining clock: month by month, fighting and bargaining over the front line.

Cited equation by equation:

* **Battles move the line** (Slantchev 2003, "The principle of convergence in wartime
  negotiations", APSR 97(4), sec. 2: each period one battle, won by the stronger side with
  the probability given by the balance of forces; the front moves one step toward the
  loser). The balance comes from ``clock.military`` ONLY -- who fights (belligerents and
  their suppliers) with their strength -- not from bargaining capability:
  ``p = S_high / (S_low + S_high)``, ``S_side = Sum strength`` over its military entries.
  Month t: the high side wins ``w_t = 1[u_t < p]`` (u_t uniform; at the point values, no
  draws, ``w_t = p``) and ``F_t = clip(F_{t-1} + drift (2 w_t - 1), lo, hi)``, so the
  line's expected move is ``drift (2p - 1)``: toward the stronger side.
* **Learning from battles** (Filson & Werner 2002, "A bargaining model of war and
  peace", AJPS 46(4): battle outcomes are informative about relative strength; beliefs
  are updated by Bayes' rule). Each side's belief about p is a Beta prior with mean
  ``m_0`` worth ``learning`` battles; after k_t high-side wins in t battles its mean is
  ``m_t = (learning m_0 + k_t) / (learning + t)``. The sides start optimistic:
  ``m0_high = p + optimism_high``, ``m0_low = p - optimism_low`` (clipped to 0..1); the gap
  shrinks as ``learning / (learning + t)``: Slantchev's convergence.
* **Disagreement points are the expected outcome of fighting on** (Fearon 1995 eq. 1;
  Powell 2006, "War as a commitment problem", IO 60, sec. 1: a side accepts x iff x is
  worth at least its expected payoff from war, costs deducted). Over ``horizon`` H months
  ``W_high = clip(F_t + H drift (2 m_high - 1)) - H cost_high`` (the high side takes any
  ``x >= W_high``) and ``W_low = clip(F_t + H drift (2 m_low - 1)) + H cost_low`` (the low
  side takes any ``x <= W_low``).
* **The bargaining range** ``[W_high, W_low]`` is empty while the sides' optimism
  outweighs the war's costs, ``2 drift (m_high - m_low) > cost_low + cost_high`` away from
  the scale's ends; its width grows with either side's cost (Fearon 1995, p. 388).
* **Terms inside the range**: the first month the range is not empty, a deal is struck
  at the bargaining model's forecast of the issue with the status quo at ``F_t``, clipped
  into the range (the model says where within the range; nobody accepts less than
  fighting on would give it, Powell 2006 eq. 1).

Monte Carlo draws the scenario's inputs, lever amounts, every clock parameter and each
military strength from its range, and the battles' uniforms, per draw. Every parameter
lives in the scenario's ``clock:`` section, each an Estimate with a basis or marked
``assumption: true``; absent ones take the defaults below, assumptions said so. A
scenario without ``clock.military`` says nobody fights: the clock refuses in one line.
Levers act on the bargaining inputs (and so on the terms), not on military strength.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from ..errors import InputError
from ..jsonnum import json_number
from ..models import MODELS, get_model
from ..scenario.schema import Estimate, Scenario
from ..scenario.validate import estimate as parse_estimate
from .draws import InputSpec, check_draws, check_seed, draw, input_specs, lever_specs, place
from .levers import apply_to_inputs, check_levers

DEFAULT_BASIS = "accord default, an assumption (no scenario value given)"
INF = float("inf")

#: name -> (value, low, high, bounds, what it means)
PARAMETERS: dict[str, tuple[float, float, float, tuple[float, float], str]] = {
    "drift": (1.0, 0.3, 2.0, (0.0, INF), "scale points the line moves a month, toward the winner of that month's fighting"),
    "cost_low": (1.0, 0.5, 2.0, (0.0, INF), "the low side's monthly cost of fighting, in scale points"),
    "cost_high": (1.0, 0.5, 2.0, (0.0, INF), "the high side's monthly cost of fighting, in scale points"),
    "optimism_low": (0.1, 0.0, 0.2, (-1.0, 1.0), "how much the low side overrates its own strength share at start"),
    "optimism_high": (0.1, 0.0, 0.2, (-1.0, 1.0), "how much the high side overrates its own strength share at start"),
    "learning": (6.0, 3.0, 12.0, (0.0, INF), "weight of each side's prior belief, in months of observed fighting"),
    "horizon": (12.0, 6.0, 24.0, (1.0, INF), "months ahead each side weighs fighting over"),
}
TEXT_FIELDS = {"issue", "model", "low_side", "high_side", "military"}
ROLES = ("belligerent", "supplier")


@dataclass(frozen=True)
class Fighter:
    """One entry of ``clock.military``: an actor that fights or supplies, on a side."""

    actor: str
    side: str  # "low" or "high"
    role: str  # "belligerent" or "supplier"
    strength: Estimate
    assumed: bool


@dataclass(frozen=True)
class ClockConfig:
    issue: str
    model: str
    low_side: tuple[str, ...]
    high_side: tuple[str, ...]
    params: dict[str, Estimate]
    assumed: tuple[str, ...]  # parameters taken as defaults or marked as assumptions
    defaults: tuple[str, ...]  # parameters absent from the scenario
    military: tuple[Fighter, ...] = ()


def _marked_estimate(val: Any, path: str, blo: float, bhi: float) -> tuple[Estimate, bool]:
    marked = False
    if isinstance(val, dict):
        val = dict(val)
        marked = val.pop("assumption", False)
        if not isinstance(marked, bool):
            raise InputError("expected true or false", field=f"{path}.assumption")
    est = parse_estimate(val, path, None if bhi == INF else blo, None if bhi == INF else bhi)
    for x in (est.low, est.value, est.high):
        if not blo <= x <= bhi:
            raise InputError(f"{x:g} is outside {blo:g}..{bhi:g}", field=path)
    if not est.basis and not marked:
        raise InputError("give a basis (a source) or mark it assumption: true", field=path)
    return est, marked


def parse_clock(scenario: Scenario) -> ClockConfig:
    """The scenario's ``clock:`` section, validated with field paths, defaults filled.

    ``clock.military`` maps actor id -> ``{role: belligerent|supplier, value, range,
    basis | assumption}`` (its strength, in any unit common to the entries)."""
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
        if name not in raw:
            params[name] = Estimate(v, lo, hi, "triangular", DEFAULT_BASIS)
            assumed.append(name)
            defaults.append(name)
            continue
        est, marked = _marked_estimate(raw[name], f"clock.{name}", blo, bhi)
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
    military = _military(raw, scenario, low_side, high_side)
    return ClockConfig(issue, model, low_side, high_side, params, tuple(assumed), tuple(defaults), military)


def _military(raw: dict, scenario: Scenario, low: tuple[str, ...], high: tuple[str, ...]) -> tuple[Fighter, ...]:
    mil = raw.get("military")
    if mil is None:
        return ()
    if not isinstance(mil, dict) or not mil:
        raise InputError("expected a mapping of actor id -> {role, value, range, basis}", field="clock.military")
    out = []
    for a, entry in mil.items():
        path = f"clock.military.{a}"
        if a not in scenario.actor_ids:
            raise InputError(f"unknown actor {a!r}", field=path)
        side = "low" if a in low else "high" if a in high else None
        if side is None:
            raise InputError("is on neither clock.low_side nor clock.high_side", field=path)
        if not isinstance(entry, dict):
            raise InputError("expected {role, value, range, basis}", field=path)
        entry = dict(entry)
        role = entry.pop("role", None)
        if role not in ROLES:
            raise InputError(f"expected one of {', '.join(ROLES)}", field=f"{path}.role")
        est, marked = _marked_estimate(entry, path, 0.0, INF)
        out.append(Fighter(a, side, role, est, marked))
    for side in ("low", "high"):
        if not any(f.side == side for f in out):
            raise InputError(f"nobody fights on the {side} side", field="clock.military")
    return tuple(out)


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


# ------------------------------------------------------------------ the model's equations

def front_step(line, won, drift, lo, hi):
    """``F_t = clip(F_{t-1} + drift (2 w_t - 1), lo, hi)``; ``won`` is w_t (1 = the high
    side won the month, or its probability p at the point values). Slantchev 2003."""
    return np.clip(line + drift * (2.0 * won - 1.0), lo, hi)


def belief(m0, wins, t, learning):
    """Beta-Bernoulli posterior mean ``(learning m0 + k_t) / (learning + t)`` (Filson & Werner 2002)."""
    return np.clip((learning * m0 + wins) / (learning + t), 0.0, 1.0)


def bargaining_range(line, m_high, m_low, drift, horizon, cost_high, cost_low, lo, hi):
    """Disagreement points ``(W_high, W_low)``: each side's expected line after fighting
    ``horizon`` more months at its own belief, less (high) or plus (low) its costs
    (Fearon 1995 eq. 1, Powell 2006 eq. 1). The range is empty where W_high > W_low."""
    w_high = np.clip(line + horizon * drift * (2.0 * m_high - 1.0), lo, hi) - horizon * cost_high
    w_low = np.clip(line + horizon * drift * (2.0 * m_low - 1.0), lo, hi) + horizon * cost_low
    return w_high, w_low


def deal_terms(proposal, w_high, w_low):
    """The model's proposal clipped into a non-empty range ``[W_high, W_low]``."""
    return np.minimum(np.maximum(proposal, w_high), w_low)


@dataclass(repr=False)
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
    p_high: float = float("nan")  # median balance of forces (the high side's share)
    line_by: np.ndarray | None = None  # (M,) median line among draws still fighting
    range_empty_by: np.ndarray | None = None  # (M,) share of all draws fighting with an empty range
    deal_month: np.ndarray | None = None  # (draws,) month of the deal, -1 none
    terms: np.ndarray | None = None  # (draws,) terms, nan none
    w_at_deal: np.ndarray | None = None  # (draws, 2) W_high, W_low in the deal's month
    extra: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:
        return (f"<ClockResult {self.scenario.id!r}: issue {self.config.issue}, {self.months} months, "
                f"{self.draws} draw(s), P(deal by month {self.months}) {float(self.p_deal_by[-1]):.3f}>")

    def to_dict(self) -> dict[str, Any]:
        r = json_number
        # the by-month arrays that a result may be built without are null in every month
        empty_by = self.range_empty_by if self.range_empty_by is not None else [None] * self.months
        line_by = self.line_by if self.line_by is not None else [None] * self.months
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
            "military": [{"actor": f.actor, "side": f.side, "role": f.role, "strength": r(f.strength.value),
                          "assumption": f.assumed} for f in self.config.military],
            "balance_high_share": r(self.p_high),
            "assumed_parameters": list(self.config.assumed),
            "default_parameters": list(self.config.defaults),
            "line_start": r(self.scenario.issue(self.config.issue).status_quo.value),
            "by_month": [
                {"month": m + 1, "p_deal": r(self.p_deal_by[m]), "expected_terms": r(self.terms_by[m]),
                 "p_fighting_range_empty": r(empty_by[m]), "median_line_fighting": r(line_by[m])}
                for m in range(self.months)
            ],
            "terms": {k: r(v) for k, v in self.terms_q.items()},
            "median_line_without_deal": r(self.line_end),
        }


def _clock_specs(cfg: ClockConfig, months: int) -> list[InputSpec]:
    specs = [InputSpec("clock", cfg.params[name]) for name in PARAMETERS]
    specs += [InputSpec("military", f.strength) for f in cfg.military]
    specs += [InputSpec("battle", Estimate(0.5, 0.0, 1.0, "uniform")) for _ in range(months)]
    return specs


def no_war(scenario: Scenario) -> InputError:
    return InputError(
        f"{scenario.id} gives no clock.military (who fights, belligerents and suppliers, with their strength), "
        "so there is no war for the clock to run: nothing moves and no deal is timed",
        field="clock.military")


def simulate_clock(
    scenario: Scenario,
    months: int = 24,
    *,
    levers: Iterable[str] = (),
    draws: int | None = None,
    seed: int = 0,
    params: dict[str, dict[str, Any]] | None = None,
) -> ClockResult:
    """Run the clock for ``months``: at the point values (``draws`` None: one path, each
    month won with probability p taken as its expectation) or over ``draws`` Monte Carlo
    draws from ``seed``."""
    if isinstance(months, bool) or not isinstance(months, (int, np.integer)) or months < 1:
        raise InputError(f"{months!r} is not a positive number of months", field="--months")
    cfg = parse_clock(scenario)
    if not cfg.military:
        raise no_war(scenario)
    lever_ids = check_levers(scenario, levers)
    cspecs = _clock_specs(cfg, months)
    specs = input_specs(scenario)
    if draws is None:
        count = 1
        inp = place(scenario, specs, np.array([[s.estimate.value for s in specs]]))
        if lever_ids:
            inp = apply_to_inputs(inp, scenario, lever_ids)
        cvals = np.array([[s.estimate.value for s in cspecs]])
        seed_out = None
    else:
        count = check_draws(draws)
        seed = check_seed(seed)
        inp = place(scenario, specs, draw(seed, 0, count, specs, stream=0))
        if lever_ids:
            inp = apply_to_inputs(inp, scenario, lever_ids, draw(seed, 0, count, lever_specs(scenario, lever_ids), stream=1))
        cvals = draw(seed, 0, count, cspecs, stream=2)
        seed_out = seed
    npar, nmil = len(PARAMETERS), len(cfg.military)
    par = {name: cvals[:, i] for i, name in enumerate(PARAMETERS)}
    strength = cvals[:, npar:npar + nmil]
    uni = cvals[:, npar + nmil:]
    high = np.array([f.side == "high" for f in cfg.military])
    s_high = strength[:, high].sum(axis=1)
    s_low = strength[:, ~high].sum(axis=1)
    p = np.where(s_low + s_high > 0, s_high / np.maximum(s_low + s_high, 1e-300), 0.5)

    j = scenario.issue_ids.index(cfg.issue)
    lo, hi = scenario.issue(cfg.issue).scale
    m0_high = np.clip(p + par["optimism_high"], 0.0, 1.0)
    m0_low = np.clip(p - par["optimism_low"], 0.0, 1.0)
    drift = par["drift"]
    H = par["horizon"]
    model = get_model(cfg.model, **(params or {}).get(cfg.model, {}))

    line = inp.status_quo[:, j].copy()
    wins = np.zeros(count)
    deal_month: np.ndarray = np.full(count, -1)
    terms: np.ndarray = np.full(count, np.nan)
    w_at: np.ndarray = np.full((count, 2), np.nan)
    line_by = np.full(months, np.nan)
    empty_by = np.zeros(months)
    proposal0 = np.nan
    for t in range(1, months + 1):
        won = (uni[:, t - 1] < p).astype(float) if draws is not None else p
        fighting = deal_month < 0
        line = np.where(fighting, front_step(line, won, drift, lo, hi), line)
        wins = wins + won
        m_high = belief(m0_high, wins, t, par["learning"])
        m_low = belief(m0_low, wins, t, par["learning"])
        w_high, w_low = bargaining_range(line, m_high, m_low, drift, H, par["cost_high"], par["cost_low"], lo, hi)
        sq = inp.status_quo.copy()
        sq[:, j] = line
        step = type(inp)(inp.position, inp.salience, inp.capability, sq, inp.scale_low, inp.scale_high,
                         inp.actors, inp.issues)
        x = np.asarray(model.solve(step).outcome, dtype=float)[:, j]
        if t == 1:
            proposal0 = float(np.nanmedian(x))
        open_ = w_high <= w_low
        empty_by[t - 1] = np.mean(fighting & ~open_)
        if fighting.any():
            line_by[t - 1] = float(np.median(line[fighting]))
        new = fighting & open_
        deal_month = np.where(new, t, deal_month)
        terms = np.where(new, deal_terms(x, w_high, w_low), terms)
        w_at = np.where(new[:, None], np.stack([w_high, w_low], axis=1), w_at)
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
    return ClockResult(scenario, cfg, months, count, seed_out, lever_ids, p_by, terms_by, tq, line_end, proposal0,
                       float(np.median(p)), line_by, empty_by, deal_month, terms, w_at)


__all__ = ["ClockConfig", "ClockResult", "Fighter", "PARAMETERS", "bargaining_range", "belief", "deal_terms",
           "front_step", "parse_clock", "simulate_clock"]

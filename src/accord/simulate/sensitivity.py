"""Which inputs move the forecast: a one-at-a-time tornado and variance-based indices.

Tornado (one at a time): each uncertain input is set to its low and then its high end,
every other input at its value; its *swing* on issue j is
``|f_j(high) - f_j(low)|`` and the bars are ranked by it. Cheap (2d solves) and easy to
read, but blind to interactions.

Variance-based indices (Sobol' 1993), estimated from two independent uniform samples
``A``, ``B`` (N x d) and the d matrices ``AB_i`` (A with column i from B), mapped
through each input's distribution:

* first order (Saltelli et al. 2010, Computer Physics Communications 181, Table 2 (b)):
  ``S_i = (1/N) Sum_r f(B)_r (f(AB_i)_r - f(A)_r) / V``, with f(B) centred on the
  sample mean (same expectation, far less noise when the forecast sits far from 0);
* total (Jansen 1999, Table 2 (f) of Saltelli et al. 2010):
  ``ST_i = (1/2N) Sum_r (f(A)_r - f(AB_i)_r)^2 / V``;

with ``V`` the variance of f over A and B together. ``S_i`` is the share of the
forecast's variance that input i explains alone; ``ST_i - S_i`` is what it adds through
interactions with others (large for the median and Nash models, whose answers jump).

"What to verify next": the inputs with the largest swing that rest on an assumption
or have a wide range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from ..models import get_model
from ..scenario.schema import Scenario
from .draws import InputSpec, from_uniform, input_specs, place
from .levers import apply_levers
from ..jsonnum import json_number as _r

EVAL_CHUNK = 20_000
WIDE = 0.25  # a range wider than this share of its natural span counts as wide


@dataclass
class Bar:
    """One tornado bar: the forecast with ``spec`` at its low and its high end."""

    spec: InputSpec
    at_low: float
    at_high: float

    @property
    def swing(self) -> float:
        if not (np.isfinite(self.at_low) and np.isfinite(self.at_high)):
            return 0.0
        return abs(self.at_high - self.at_low)


@dataclass(repr=False)
class SensitivityResult:
    scenario: Scenario
    model: str
    base: np.ndarray
    tornado: dict[str, list[Bar]]
    first_order: dict[str, np.ndarray] = field(default_factory=dict)
    total: dict[str, np.ndarray] = field(default_factory=dict)
    specs: list[InputSpec] = field(default_factory=list)
    samples: int = 0
    seed: int = 0
    verify: list[tuple[InputSpec, float, str]] = field(default_factory=list)

    def __repr__(self) -> str:
        return (f"<SensitivityResult {self.scenario.id!r}: model {self.model}, {len(self.specs)} uncertain inputs, "
                f"{len(self.tornado)} issues, {self.samples} Sobol' samples, seed {self.seed}>")

    def to_dict(self, top: int = 10) -> dict[str, Any]:
        issues = []
        for j, iid in enumerate(self.scenario.issue_ids):
            bars = self.tornado[iid][:top]
            entry: dict[str, Any] = {
                "id": iid,
                "forecast": _r(self.base[j]),
                "tornado": [
                    {"input": b.spec.label, "kind": b.spec.kind, "actor": b.spec.actor, "issue": b.spec.issue,
                     "low": b.spec.estimate.low, "high": b.spec.estimate.high,
                     "at_low": _r(b.at_low), "at_high": _r(b.at_high), "swing": _r(b.swing),
                     "assumption": b.spec.assumption}
                    for b in bars
                ],
            }
            if iid in self.first_order:
                order = np.argsort(-np.nan_to_num(self.total[iid]), kind="stable")[:top]
                entry["indices"] = [
                    {"input": self.specs[i].label, "first_order": _r(self.first_order[iid][i]),
                     "total": _r(self.total[iid][i])}
                    for i in order
                ]
            issues.append(entry)
        return {
            "scenario": self.scenario.id,
            "model": self.model,
            "samples": self.samples,
            "seed": self.seed,
            "levers": list(self.scenario.extra.get("applied_levers", [])),
            "issues": issues,
            "verify_next": [{"input": s.label, "swing": _r(w), "why": why} for s, w, why in self.verify],
        }


def _solve(scenario: Scenario, specs: list[InputSpec], values: np.ndarray, model) -> np.ndarray:
    """Outcomes ``(rows, k)`` for each row of input ``values`` ``(rows, d)``."""
    out = []
    for s in range(0, values.shape[0], EVAL_CHUNK):
        inp = place(scenario, specs, values[s:s + EVAL_CHUNK])
        out.append(np.asarray(model.solve(inp).outcome, dtype=float))
    return np.concatenate(out, axis=0) if out else np.empty((0, len(scenario.issues)))


def tornado(scenario: Scenario, model, specs: list[InputSpec]) -> tuple[np.ndarray, np.ndarray]:
    """Outcomes ``(d, 2, k)`` with each input at low and high; and the base ``(k,)``."""
    d = len(specs)
    point = np.array([s.estimate.value for s in specs], dtype=float)
    rows = np.repeat(point[None], 2 * d + 1, axis=0)
    for i, s in enumerate(specs):
        rows[2 * i, i] = s.estimate.low
        rows[2 * i + 1, i] = s.estimate.high
    f = _solve(scenario, specs, rows, model)
    return f[:-1].reshape(d, 2, -1), f[-1]


def sobol_indices(scenario: Scenario, model, specs: list[InputSpec], samples: int, seed: int):
    """First-order and total indices ``(k, d)`` each (see the module docstring)."""
    d = len(specs)
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(3, 0))))
    a = rng.random((samples, d))
    b = rng.random((samples, d))
    xa, xb = from_uniform(a, specs), from_uniform(b, specs)
    rows = [xa, xb]
    for i in range(d):
        ab = xa.copy()
        ab[:, i] = xb[:, i]
        rows.append(ab)
    f = _solve(scenario, specs, np.concatenate(rows, axis=0), model).reshape(d + 2, samples, -1)
    fa, fb, fab = f[0], f[1], f[2:]
    both = np.concatenate([fa, fb], axis=0)
    var = np.nanvar(both, axis=0)
    centre = np.nanmean(both, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        s1 = np.nanmean((fb - centre)[None] * (fab - fa[None]), axis=1) / var
        st = 0.5 * np.nanmean((fa[None] - fab) ** 2, axis=1) / var
    s1 = np.where(var > 1e-12, s1, np.nan)
    st = np.where(var > 1e-12, st, np.nan)
    return s1.T, st.T


def _why(spec: InputSpec, scenario: Scenario) -> str | None:
    est = spec.estimate
    reasons = []
    if spec.assumption or "assum" in (est.basis or "").lower():
        reasons.append("an assumption")
    if spec.kind in ("position", "status_quo"):
        assert spec.issue is not None  # position and status-quo specs name their issue
        lo, hi = scenario.issue(spec.issue).scale
        span = hi - lo
    elif spec.kind == "salience":
        span = 1.0
    else:
        span = abs(est.value) or 1.0
    if span > 0 and spec.width / span >= WIDE:
        reasons.append(f"a wide range {est.low:g}..{est.high:g}")
    return " and ".join(reasons) if reasons else None


def sensitivity(
    scenario: Scenario,
    model: str = "compromise",
    params: dict[str, Any] | None = None,
    *,
    levers: Iterable[str] = (),
    samples: int = 1024,
    seed: int = 0,
    indices: bool = True,
    verify: int = 5,
) -> SensitivityResult:
    """Tornado per issue for ``model`` and, with ``indices``, Sobol' indices from
    ``samples`` x (d + 2) solves; levers, if named, are applied first."""
    lever_ids = tuple(levers)
    if lever_ids:
        scenario = apply_levers(scenario, lever_ids)
    m = get_model(model, **(params or {}))
    specs = input_specs(scenario)
    base = np.asarray(m.solve(scenario.inputs()).outcome, dtype=float)
    result = SensitivityResult(scenario, model, base, {}, specs=specs, samples=samples if indices else 0, seed=seed)
    if not specs:
        result.tornado = {iid: [] for iid in scenario.issue_ids}
        return result
    f, _ = tornado(scenario, m, specs)
    for j, iid in enumerate(scenario.issue_ids):
        bars = [Bar(s, float(f[i, 0, j]), float(f[i, 1, j])) for i, s in enumerate(specs)]
        bars = [b for b in bars if b.swing > 0]
        bars.sort(key=lambda b: -b.swing)
        result.tornado[iid] = bars
    if indices and samples > 0:
        s1, st = sobol_indices(scenario, m, specs, samples, seed)
        for j, iid in enumerate(scenario.issue_ids):
            result.first_order[iid] = s1[j]
            result.total[iid] = st[j]
    # what to verify next: the largest swing (relative to the issue's scale) per input
    score = np.zeros(len(specs))
    for j, issue in enumerate(scenario.issues):
        span = issue.scale[1] - issue.scale[0]
        score = np.maximum(score, np.nan_to_num(np.abs(f[:, 1, j] - f[:, 0, j])) / span)
    picks = []
    for i in np.argsort(-score, kind="stable"):
        if score[i] <= 0:
            break
        why = _why(specs[i], scenario)
        if why:
            picks.append((specs[i], float(score[i]) * 100.0, why))
        if len(picks) == verify:
            break
    result.verify = picks
    return result


__all__ = ["Bar", "SensitivityResult", "sensitivity", "sobol_indices", "tornado"]

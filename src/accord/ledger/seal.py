"""Sealing a forecast: every model's point and predictive quantiles, with all it rests on.

A sealed record (the ``body`` of a ``seal`` or ``hindcast`` entry) holds the question,
the issue, the resolution date, the rubric, accord's version, the models, their
parameters, the Monte Carlo draws and seed, the scenario's sha256 *and the scenario
itself*: ``scenario_json`` is the exact text whose sha256 is ``scenario_sha256`` (the
scenario's canonical JSON as :func:`accord.scenario.dump` writes it, the same digest
``accord forecast --json`` prints), so that ``accord ledger verify`` can solve it again.

Per model it stores the point forecast (:func:`accord.forecast.solve`) and the predictive
distribution as the 99 quantiles p01..p99 of the model's outcome over the Monte Carlo
draws (:func:`accord.simulate.montecarlo.monte_carlo`, numpy's linear interpolation,
``nanquantile``), and for a threshold question P(outcome > X), the share of draws above
X. Two baselines go beside the models: the status quo (a point: nothing changes) and the
compromise model (capability x salience weighted mean), drawn with the same seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

import numpy as np

from .. import __version__
from ..errors import InputError
from ..jsonnum import json_number
from ..scenario.schema import Scenario
from .rubric import Rubric

LEVELS = tuple(k / 100 for k in range(1, 100))
QKEYS = tuple(f"p{k:02d}" for k in range(1, 100))
BASELINE_MODEL = "compromise"
DEFAULT_DRAWS = 2000


def today_utc() -> date:
    return datetime.now(timezone.utc).date()


def parse_date(text: Any, field: str) -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"{text!r} is not a date (YYYY-MM-DD)", field=field) from None


@dataclass(frozen=True)
class SealRequest:
    """What ``accord seal`` is asked to record (validated by :func:`check_request`)."""

    scenario: Scenario
    question: str
    issue: str
    resolves_by: date
    rubric: Rubric
    models: tuple[str, ...]
    draws: int
    seed: int


def check_request(scenario: Scenario, question: str, issue: str, resolves_by: date, today: date) -> None:
    """Refuse an empty question, an unknown issue, a resolution date not after ``today``."""
    if not question or not question.strip():
        raise InputError("the question is empty", field="--question")
    if issue not in scenario.issue_ids:
        raise InputError(f"unknown issue {issue!r} (issues of {scenario.id} are {', '.join(scenario.issue_ids)})",
                         field="--issue")
    if resolves_by <= today:
        raise InputError(f"{resolves_by.isoformat()} is not after today ({today.isoformat()}): "
                         f"a forecast is sealed before its question resolves", field="--resolves-by")


def _summary(x: np.ndarray, threshold: float | None) -> dict[str, Any]:
    """Quantiles p01..p99 of the draws ``x`` (NaN draws left out) and P(x > threshold)."""
    ok = x[~np.isnan(x)]
    if ok.size == 0:
        d: dict[str, Any] = {"quantiles": {k: None for k in QKEYS}}
    else:
        qs = np.quantile(ok, LEVELS)
        d = {"quantiles": {k: json_number(v) for k, v in zip(QKEYS, qs)}}
    if threshold is not None:
        d["p_above"] = json_number(float((ok > threshold).mean())) if ok.size else None
    return d


def predictive(scenario: Scenario, issue: str, models: tuple[str, ...], draws: int, seed: int,
               threshold: float | None) -> dict[str, Any]:
    """``{"parameters", "forecast": {model: {point, quantiles, p_above}}, "baselines":
    {"status_quo": {point}, "compromise": {point, quantiles, p_above}}}`` for ``issue``."""
    from ..forecast import solve
    from ..simulate.montecarlo import monte_carlo

    j = scenario.issue_ids.index(issue)
    drawn = tuple(models) + (() if BASELINE_MODEL in models else (BASELINE_MODEL,))
    points = solve(scenario, list(drawn))
    mc = monte_carlo(scenario, drawn, draws, seed)
    per = {m: {"point": json_number(points.solutions[m].outcome[j]), **_summary(mc.outcomes[m][:, j], threshold)}
           for m in drawn}
    sq = scenario.issues[j].status_quo.value
    status_quo: dict[str, Any] = {"point": json_number(sq)}
    if threshold is not None:
        status_quo["p_above"] = 1.0 if sq > threshold else 0.0
    return {
        "parameters": {m: points.parameters[m] for m in models},
        "forecast": {m: per[m] for m in models},
        "baselines": {"status_quo": status_quo, "compromise": per[BASELINE_MODEL]},
    }


def seal_body(req: SealRequest, today: date, status: str = "sealed", as_of: str | None = None) -> dict[str, Any]:
    """The body of a ``seal`` (or ``hindcast``) entry."""
    from ..scenario import dump
    from .canonical import sha256_text

    issue = req.scenario.issue(req.issue)
    text = dump(req.scenario, "json")
    pred = predictive(req.scenario, req.issue, req.models, req.draws, req.seed, req.rubric.threshold_above)
    return {
        "status": status,
        "question": req.question.strip(),
        "issue": req.issue,
        "issue_name": issue.name,
        "scale": [issue.scale[0], issue.scale[1]],
        "resolves_by": req.resolves_by.isoformat(),
        "sealed_on": today.isoformat(),
        "as_of": as_of or today.isoformat(),
        "accord_version": __version__,
        "scenario_id": req.scenario.id,
        "scenario_sha256": sha256_text(text),
        "scenario_json": text,
        "models": list(req.models),
        "draws": req.draws,
        "seed": req.seed,
        "rubric": req.rubric.to_dict(),
        **pred,
    }


def _diff(old: Any, new: Any, path: str = "") -> list[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        out: list[str] = []
        for k in sorted(set(old) | set(new)):
            out += _diff(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
        return out
    return [] if old == new else [f"{path} {old} -> {new}"]


@dataclass(frozen=True)
class Reproduction:
    """Whether a sealed record solves again to the same numbers with this accord."""

    seq: int
    ok: bool
    sealed_version: str
    installed_version: str
    differences: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.ok:
            return f"entry {self.seq}: reproduces (sealed with accord {self.sealed_version})"
        if self.sealed_version != self.installed_version:
            why = f"sealed with accord {self.sealed_version}, installed {self.installed_version}"
        else:
            why = f"same version {self.installed_version}: the code changed without a version bump"
        shown = "; ".join(self.differences[:3]) + (f"; and {len(self.differences) - 3} more"
                                                   if len(self.differences) > 3 else "")
        return f"entry {self.seq}: does NOT reproduce ({why}): {shown}"


def reproduce(seq: int, body: dict[str, Any]) -> Reproduction:
    """Solve the stored scenario again with the recorded models, draws and seed, and
    compare every stored number (rounded to 6 decimals, as stored) with the new one."""
    import json

    from ..forecast import scenario_sha256
    from ..scenario.validate import scenario_from_dict
    from .canonical import canonical, sha256_text

    sealed = str(body.get("accord_version"))
    try:
        text = str(body["scenario_json"])
        if sha256_text(text) != body.get("scenario_sha256"):
            return Reproduction(seq, False, sealed, __version__, ("the stored scenario does not hash to scenario_sha256",))
        scenario = scenario_from_dict(json.loads(text))
        pred = predictive(scenario, body["issue"], tuple(body["models"]), int(body["draws"]), int(body["seed"]),
                          (body.get("rubric") or {}).get("threshold", {}).get("above"))
    except (InputError, KeyError, TypeError, ValueError) as exc:
        return Reproduction(seq, False, sealed, __version__, (f"cannot be solved again: {exc}",))
    diffs = []
    sha = scenario_sha256(scenario)
    if sha != body.get("scenario_sha256"):
        diffs.append(f"the scenario reads back differently: scenario_sha256 {str(body.get('scenario_sha256'))[:12]} -> {sha[:12]}")
    new = json.loads(canonical(pred))
    old = {k: body.get(k) for k in new}
    diffs += _diff(old, new)
    return Reproduction(seq, not diffs, sealed, __version__, tuple(diffs))

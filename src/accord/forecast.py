"""Solve a scenario with several models and hold the answer: table, JSON, per-round paths.

The JSON (:meth:`Forecast.to_json`) is a stable interface users script against; its
``schema_version`` rises on any incompatible change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import __version__
from .models import MODELS, Solution, get_model
from .scenario import Scenario, dump
from .jsonnum import json_number as _round

SCHEMA_VERSION = 1
DEFAULT_MODELS = ("compromise", "median", "nash", "nash_sq", "eum")


def default_models() -> list[str]:
    """The models ``accord demo`` and ``accord forecast`` run when none is named."""
    return [m for m in DEFAULT_MODELS if m in MODELS] + [m for m in MODELS if m not in DEFAULT_MODELS
                                                           and not getattr(MODELS[m], "composite", False)]


def scenario_sha256(scenario: Scenario) -> str:
    """A digest of the scenario's canonical JSON: equal scenarios, equal digests."""
    import hashlib  # OpenSSL's library: ~3 ms of start-up a table never needs

    return hashlib.sha256(dump(scenario, "json").encode("utf-8")).hexdigest()


@dataclass
class Forecast:
    scenario: Scenario
    solutions: dict[str, Solution]
    parameters: dict[str, dict[str, Any]]
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    #: the date the scenario was read at (actors outside their dates take no part)
    as_of: str | None = None

    @property
    def models(self) -> list[str]:
        return list(self.solutions)

    def outcome(self, model: str, issue: str) -> float:
        j = self.scenario.issue_ids.index(issue)
        return float(self.solutions[model].outcome[j])

    def to_frame(self):
        """A pandas DataFrame: one row per issue, the status quo and one column per model."""
        import pandas as pd

        data = {"status_quo": [i.status_quo.value for i in self.scenario.issues]}
        for name, sol in self.solutions.items():
            data[name] = [float(v) for v in sol.outcome]
        return pd.DataFrame(data, index=pd.Index(self.scenario.issue_ids, name="issue"))

    def to_dict(self, trace: bool = False) -> dict[str, Any]:
        """The stable JSON document (see the module doc); ``extra["intervals"]`` (a Monte
        Carlo fragment) becomes ``draws`` and, per issue, ``intervals`` and ``p_above``."""
        issues: list[dict[str, Any]] = []
        for j, issue in enumerate(self.scenario.issues):
            rounds = {
                name: [_round(v) for v in sol.rounds[: rounds_run(sol, j), j]]
                for name, sol in self.solutions.items()
                if sol.rounds is not None
            }
            entry: dict[str, Any] = {
                "id": issue.id,
                "status_quo": _round(issue.status_quo.value),
                "forecast": {name: _round(sol.outcome[j]) for name, sol in self.solutions.items()},
                "rounds": rounds,
            }
            stops = {name: stop_info(sol, j) for name, sol in self.solutions.items() if stop_info(sol, j)}
            if stops:
                entry["stop"] = stops
            pred = predictive(self.solutions, j, issue.scale)
            if pred:
                entry["predictive_interval"] = pred
            wins = {name: win_probabilities(sol, j, self.scenario.actor_ids)
                    for name, sol in self.solutions.items() if win_probabilities(sol, j, self.scenario.actor_ids)}
            if wins:
                entry["win_probability"] = wins
            issues.append(entry)
        out: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "accord_version": __version__,
            "scenario": self.scenario.id,
            "scenario_sha256": scenario_sha256(self.scenario),
            "seed": self.seed,
            "parameters": self.parameters,
            "models": self.models,
            "summary": {name: SUMMARIES.get(str((sol.info or {}).get("summary", "")), "")
                        for name, sol in self.solutions.items() if (sol.info or {}).get("summary")},
            "issues": issues,
        }
        if any("predictive_interval" in i for i in issues):
            out["predictive_interval_note"] = PREDICTIVE_NOTE
        if any(i.veto for i in self.scenario.issues):
            out["veto_ignored_by"] = [n for n in self.solutions if n in MODELS and not MODELS[n].respects_veto]
        if self.as_of:
            out["as_of"] = self.as_of
        if trace:
            out["trace"] = {}
            for name, sol in self.solutions.items():
                if sol.trace is None:
                    continue
                steps: dict[str, Any] = {
                    "actors": list(self.scenario.actor_ids),
                    # null where an actor takes no part (JSON has no NaN)
                    "positions": _nulls(np.round(sol.trace, 6).tolist()),
                }
                if sol.info and "win_probability" in sol.info:
                    steps["win_probability"] = np.round(np.asarray(sol.info["win_probability"]), 6).tolist()
                out["trace"][name] = steps
        extra = dict(self.extra)
        intervals = extra.pop("intervals", None)  # Monte Carlo summaries go beside each forecast
        if intervals:
            out["draws"] = intervals.get("draws")
            for row in issues:
                row.update(intervals.get("issues", {}).get(row["id"], {}))
        out.update(extra)
        return out

    def to_json(self, trace: bool = False) -> str:
        return json.dumps(self.to_dict(trace=trace), indent=2, sort_keys=False, allow_nan=False) + "\n"

    # notebooks and the REPL (accord.results): a short line, a table, a picture
    def __repr__(self) -> str:
        from .results import forecast_repr

        return forecast_repr(self)

    def _repr_html_(self) -> str:
        from .results import forecast_html

        return forecast_html(self)

    def plot(self, issues: list[str] | None = None):
        """Each issue's scale strip: actors, status quo, each model's forecast (and its
        Monte Carlo whiskers where ``extra["intervals"]`` holds them); an SVG figure."""
        from .results import forecast_plot

        return forecast_plot(self, issues)


def _nulls(x: Any) -> Any:
    """A nested list with every NaN replaced by None."""
    if isinstance(x, list):
        return [_nulls(v) for v in x]
    return None if isinstance(x, float) and x != x else x


#: what a model's forecast is, by its ``info["summary"]``
SUMMARIES = {
    "expected": "expected final position under the model's win probabilities",
    "modal": "the final position most likely to win",
    "median": "final capability x salience weighted median",
}


PREDICTIVE_NOTE = (
    "predictive_interval: forecast +- the model's own error on DEU III (EU legislation, 1996-2018) train+dev "
    "issues at that level (split-conformal), scaled to the issue's scale and cut at its ends; it covers the "
    "model's error, if this negotiation errs as DEU's did; 'intervals' (with --draws) cover only the inputs' ranges"
)


def predictive(solutions: dict[str, Solution], j: int, scale: tuple[float, float]) -> dict[str, dict[str, list]]:
    """Per model, ``{level: [low, high]}`` for issue j from the committed DEU half-widths."""
    from .backtest.conformal import load

    table = load()["models"]
    lo, hi = float(scale[0]), float(scale[1])
    out = {}
    for name, sol in solutions.items():
        widths = table.get(name)
        x = float(sol.outcome[j]) if np.ndim(sol.outcome) == 1 else float("nan")
        if not widths or not np.isfinite(x):
            continue
        out[name] = {lv: [_round(max(lo, x - h * (hi - lo) / 100.0)), _round(min(hi, x + h * (hi - lo) / 100.0))]
                     for lv, h in widths.items()}
    return out


def win_probabilities(sol: Solution, j: int, actors: tuple[str, ...]) -> dict[str, float | None] | None:
    """Each taking-part actor's chance that its final position wins issue j (smp), or None."""
    wp = (sol.info or {}).get("win_probability")
    if wp is None or np.ndim(wp) != 3:
        return None
    last = np.asarray(wp)[-1, :, j]
    take = ~np.isnan(sol.trace[-1, :, j]) if sol.trace is not None and sol.trace.ndim == 3 else np.ones(len(actors), bool)
    return {a: _round(float(p)) for a, p, t in zip(actors, last, take) if t}


def rounds_run(sol: Solution, j: int) -> int:
    """How many of ``sol.rounds`` issue j really ran (the rest is padding); all of them
    for a model that does not say."""
    n = (sol.info or {}).get("rounds_run")
    if sol.rounds is None:
        return 0
    if n is None or np.ndim(n) != 1:
        return sol.rounds.shape[0]
    return max(1, min(int(n[j]), sol.rounds.shape[0]))


def stop_info(sol: Solution, j: int) -> dict[str, Any] | None:
    """Why a model with a stopping rule ended issue j: reason, rounds run, and for a
    cycle the lowest and highest summary over one period (the forecast is their mean)."""
    info = sol.info or {}
    reason = info.get("stop_reason")
    if reason is None or np.ndim(reason) != 1:
        return None
    out: dict[str, Any] = {"reason": str(reason[j]), "rounds_run": int(info["rounds_run"][j])}
    if reason[j] == "cycle" and "cycle_range" in info:
        lo, hi = info["cycle_range"][j]
        out["cycle_range"] = [_round(lo), _round(hi)]
    return out


def at_date(scenario: Scenario, as_of: str | None = None) -> tuple[Scenario, str | None]:
    """The scenario as it stands on ``as_of`` (default: its ``settles_after`` date where
    it states one) and that date; actors outside their ``valid_from``/``valid_to`` take
    no part. Bad dates are an InputError naming ``--as-of`` or ``settles_after``."""
    import datetime as dt

    from .errors import InputError

    field = "--as-of"
    if as_of is None:
        raw = scenario.extra.get("settles_after")
        if raw is None:
            return scenario, None
        as_of, field = str(raw), "settles_after"
    try:
        dt.date.fromisoformat(as_of)
        if len(as_of) != 10:
            raise ValueError
    except ValueError:
        raise InputError(f"expected a date YYYY-MM-DD, got {as_of!r}", field=field) from None
    return scenario.as_of(as_of), as_of


def solve(
    scenario: Scenario,
    models: list[str] | tuple[str, ...] | None = None,
    params: dict[str, dict[str, Any]] | None = None,
) -> Forecast:
    """Solve ``scenario`` with each named model (all registered ones by default)."""
    names = list(models) if models else default_models()
    params = params or {}
    inputs = scenario.inputs()
    solutions: dict[str, Solution] = {}
    parameters: dict[str, dict[str, Any]] = {}
    for name in names:
        model = get_model(name, **params.get(name, {}))
        solutions[name] = model.solve(inputs)
        parameters[name] = model.get_params()
    return Forecast(scenario, solutions, parameters)

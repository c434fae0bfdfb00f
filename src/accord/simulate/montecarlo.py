"""Monte Carlo over a scenario's uncertainty: every input drawn from its range.

Each draw takes every uncertain input (positions, saliences, capabilities including
per-issue ones, status quo; and the amounts of any levers switched on) from its
Estimate's distribution (:mod:`.draws`), builds model arrays ``(draws, n, k)`` and
solves them with one call per model per chunk. The summary per issue and model is the
median, the 80% interval (p10, p90), the 95% interval (p2.5, p97.5) and the share of
draws above each threshold the user asked about, P(outcome > x).

Chunks are whole blocks of the draw stream, so the answer is the same for any chunk
size, locally or on a cluster, for the same seed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable

import numpy as np

from ..errors import InputError
from ..models import MODELS, get_model
from ..scenario.schema import Scenario
from .cluster import run_tasks
from .draws import BLOCK, check_draws, check_seed, draw, input_specs, lever_specs, place
from .levers import apply_to_inputs, check_levers
from ..jsonnum import json_number as _r

DEFAULT_CHUNK = 10_000
QUANTILES = {"p025": 0.025, "p10": 0.10, "p50": 0.50, "p90": 0.90, "p975": 0.975}


@dataclass(frozen=True)
class ChunkTask:
    """Draws ``start .. start+count-1`` of ``seed``'s stream, solved by ``models``."""

    scenario: Scenario
    models: tuple[str, ...]
    params: dict[str, dict[str, Any]]
    levers: tuple[str, ...]
    seed: int
    start: int
    count: int


def draw_inputs(scenario: Scenario, seed: int, start: int, count: int, levers: tuple[str, ...] = ()):
    """Model arrays ``(count, n, k)`` for draws ``start..`` of ``seed`` (levers applied)."""
    specs = input_specs(scenario)
    values = draw(seed, start, count, specs, stream=0)
    inp = place(scenario, specs, values)
    if levers:
        amounts = draw(seed, start, count, lever_specs(scenario, levers), stream=1)
        inp = apply_to_inputs(inp, scenario, levers, amounts)
    return inp


#: per-issue outcomes kept across calls in this process (None: none kept); a long-running
#: process that solves many lever sets of one scenario (the dashboard's forecast workers)
#: turns it on with :func:`keep_issue_outcomes`
_MEMO = None


def keep_issue_outcomes(max_bytes: int = 64 << 20) -> None:
    """Keep the expected utility model's outcomes by issue in this process, so an issue
    whose drawn inputs are byte for byte those of an earlier solve is not solved again
    (:meth:`accord.models.eum.ExpectedUtility.solve_outcome`; the numbers are the same)."""
    global _MEMO
    from ..models.eum import ColumnMemo

    if _MEMO is None:
        _MEMO = ColumnMemo(max_bytes)


def solve_chunk(task: ChunkTask) -> dict[str, np.ndarray]:
    """Each model's outcomes ``(count, k)`` for one chunk (runs here or on a worker)."""
    inp = draw_inputs(task.scenario, task.seed, task.start, task.count, task.levers)
    out = {}
    for name in task.models:
        model = get_model(name, **task.params.get(name, {}))
        # a model that can give the outcome alone (eum: without its per-round trace) does
        solve_outcome = getattr(model, "solve_outcome", None)
        if _MEMO is not None and solve_outcome is not None and type(model).__name__ == "ExpectedUtility":
            outcome = solve_outcome(inp, memo=_MEMO)
        else:
            outcome = solve_outcome(inp) if solve_outcome is not None else model.solve(inp).outcome
        out[name] = np.asarray(outcome, dtype=float).reshape(task.count, -1)
    return out


def chunk_tasks(scenario: Scenario, models, params, levers, seed: int, draws: int, chunk: int) -> list[ChunkTask]:
    """Tasks covering ``draws`` draws, ``chunk`` (rounded up to whole blocks) at a time."""
    chunk = max(BLOCK, -(-int(chunk) // BLOCK) * BLOCK)
    return [
        ChunkTask(scenario, tuple(models), params, tuple(levers), seed, s, min(chunk, draws - s))
        for s in range(0, draws, chunk)
    ]


@dataclass(repr=False)
class MonteCarloResult:
    """Outcomes of every draw, ``outcomes[model]`` ``(draws, k)``, and their summaries."""

    scenario: Scenario
    outcomes: dict[str, np.ndarray]
    draws: int
    seed: int
    levers: tuple[str, ...] = ()
    above: tuple[float, ...] = ()
    quantiles: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for m, x in self.outcomes.items():
            qs = np.nanquantile(x, list(QUANTILES.values()), axis=0) if x.size else np.full((5, x.shape[1]), np.nan)
            self.quantiles[m] = {name: qs[i] for i, name in enumerate(QUANTILES)}

    @property
    def models(self) -> list[str]:
        return list(self.outcomes)

    def __repr__(self) -> str:
        return (f"<MonteCarloResult {self.scenario.id!r}: {self.draws} draws, seed {self.seed}, "
                f"{len(self.scenario.issues)} issues x {len(self.outcomes)} models ({', '.join(self.outcomes)})>")

    @property
    def median(self) -> dict[str, np.ndarray]:
        """Per model, the median outcome per issue ``(k,)``."""
        return {m: q["p50"] for m, q in self.quantiles.items()}

    def p_above(self, model: str, x: float) -> np.ndarray:
        """P(outcome > x) per issue: the share of draws above ``x`` (NaN draws excluded)."""
        o = self.outcomes[model]
        ok = ~np.isnan(o)
        n = ok.sum(axis=0)
        with np.errstate(invalid="ignore"):
            return np.where(n > 0, (o > x).sum(axis=0) / np.maximum(n, 1), np.nan)

    def issue_summary(self, j: int) -> dict[str, Any]:
        out: dict[str, Any] = {
            "intervals": {m: {name: _r(q[name][j]) for name in ("p10", "p50", "p90", "p025", "p975")}
                          for m, q in self.quantiles.items()},
        }
        if self.above:
            out["p_above"] = {m: {_key(x): _r(self.p_above(m, x)[j]) for x in self.above} for m in self.outcomes}
        return out

    def to_json_fragment(self) -> dict[str, Any]:
        """``{"draws", "seed", "levers", "issues": {issue id: {"intervals": {model:
        {p10, p50, p90, p025, p975}}, "p_above": {model: {x: p}}}}}``."""
        return {
            "draws": self.draws,
            "seed": self.seed,
            "levers": list(self.levers),
            "issues": {iid: self.issue_summary(j) for j, iid in enumerate(self.scenario.issue_ids)},
        }

    def merge_into(self, forecast_dict: dict[str, Any]) -> dict[str, Any]:
        """Add the summaries to ``Forecast.to_dict()``: its ``seed``, a ``draws`` count,
        and per issue ``intervals`` and ``p_above`` beside ``forecast``."""
        frag = self.to_json_fragment()
        forecast_dict["seed"] = self.seed
        forecast_dict["draws"] = self.draws
        for issue in forecast_dict.get("issues", []):
            issue.update(frag["issues"].get(issue["id"], {}))
        return forecast_dict

    def to_json(self) -> str:
        return json.dumps(self.to_json_fragment(), indent=2, allow_nan=False) + "\n"

    def format_table(self) -> str:
        """Plain text: per issue and model the median, 80% and 95% intervals, P(> x)."""
        head = f"{self.draws} draws, seed {self.seed}" + (f", levers {', '.join(self.levers)}" if self.levers else "")
        lines = [f"{self.scenario.name}: uncertainty ({head})",
                 f"{'issue':<22}{'model':<12}{'median':>8}{'80% interval':>16}{'95% interval':>16}"
                 + "".join(f"{'P(>' + _key(x) + ')':>10}" for x in self.above)]
        for j, iid in enumerate(self.scenario.issue_ids):
            for m, q in self.quantiles.items():
                row = (f"{iid:<22}{m:<12}{q['p50'][j]:>8.1f}{q['p10'][j]:>8.1f}-{q['p90'][j]:<7.1f}"
                       f"{q['p025'][j]:>8.1f}-{q['p975'][j]:<7.1f}")
                row += "".join(f"{self.p_above(m, x)[j]:>10.2f}" for x in self.above)
                lines.append(row)
        return "\n".join(lines) + "\n"


def _key(x: float) -> str:
    return f"{float(x):g}"


def monte_carlo(
    scenario: Scenario,
    models: Iterable[str] | None = None,
    draws: int = 10_000,
    seed: int = 0,
    params: dict[str, dict[str, Any]] | None = None,
    *,
    above: Iterable[float] = (),
    levers: Iterable[str] = (),
    cluster: str | None = None,
    chunk: int = DEFAULT_CHUNK,
) -> MonteCarloResult:
    """Solve ``draws`` draws of ``scenario`` with each model; same seed, same result.

    ``cluster``: a Dask scheduler address (``tcp://HOST:PORT``) to run the chunks on.
    Raises InputError for a non-positive ``draws``, a bad seed, an unknown model or lever.
    """
    from ..forecast import default_models

    draws = check_draws(draws)
    seed = check_seed(seed)
    names = tuple(models) if models else tuple(default_models())
    for m in names:
        if m not in MODELS:
            raise InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model")
    lever_ids = check_levers(scenario, levers)
    params = params or {}
    tasks = chunk_tasks(scenario, names, params, lever_ids, seed, draws, chunk)
    k = len(scenario.issues)
    outcomes = {m: np.empty((draws, k)) for m in names}
    for task, res in zip(tasks, run_tasks(solve_chunk, tasks, cluster)):
        for m in names:
            outcomes[m][task.start:task.start + task.count] = res[m]
    return MonteCarloResult(scenario, outcomes, draws, seed, lever_ids, tuple(float(x) for x in above))


__all__ = ["ChunkTask", "MonteCarloResult", "draw_inputs", "monte_carlo", "solve_chunk"]

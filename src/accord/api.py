"""The Python API: one function per command, each returning a typed result.

==========================  =============================  ==============================
command                     function                       result
==========================  =============================  ==============================
``accord validate``         :func:`load`                   :class:`~accord.scenario.Scenario`
``accord forecast``         :func:`run_forecast`           :class:`~accord.forecast.Forecast`
``accord forecast --draws`` :func:`monte_carlo`            :class:`~accord.results.Intervals`
``accord whatif``           :func:`what_if`                :class:`~accord.results.WhatIf`
``accord sensitivity``      :func:`sensitivity_analysis`   :class:`~accord.results.Sensitivity`
``accord clock``            :func:`bargaining_clock`       :class:`~accord.results.Clock`
``accord trades``           :func:`issue_trades`           :class:`~accord.results.Trades`
``accord ingest``           :func:`ingest_articles`        :class:`~accord.results.Ingested`
``accord run``              :func:`news_to_forecast`       :class:`~accord.results.Pipeline`
``accord report``/``demo``  :func:`build_report`           :class:`~accord.report.model.Report`
==========================  =============================  ==============================

The commands call these functions, so a result here holds the same numbers the command
prints, and ``result.to_dict()`` is its ``--json`` document. Every function takes a
:class:`~accord.scenario.Scenario` or a scenario reference (a file path or a built-in
case name). No function is named after a module of the package (``accord.report`` is the
report package; :func:`build_report` makes one). Bad input raises
:class:`~accord.errors.InputError` naming the field, as the commands print it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .forecast import Forecast
    from .report.model import Report
    from .results import Clock, Ingested, Intervals, Pipeline, Sensitivity, Trades, WhatIf
    from .scenario import Scenario
    from .simulate.whatif import LeverEffects

ScenarioLike = Any  # a Scenario, a path or a built-in case name

#: Monte Carlo draws :func:`build_report` (and ``accord report``/``demo``) use by default
REPORT_DRAWS = 2000


def load(ref: "str | Path | Scenario") -> "Scenario":
    """A built-in case by name (``"ukraine_2024"``), a scenario file by path, or a
    :class:`Scenario` as it is."""
    from .scenario import Scenario, load as _load

    return ref if isinstance(ref, Scenario) else _load(ref)


def new_scenario(doc: Mapping[str, Any]) -> "Scenario":
    """A scenario from a mapping shaped like the YAML format (``docs/scenario.md``),
    checked as a file is: a wrong field raises :class:`InputError` naming it."""
    from .scenario import scenario_from_dict

    return scenario_from_dict(dict(doc))


def _models(models: Iterable[str] | str | None) -> tuple[str, ...] | None:
    if models is None:
        return None
    return (models,) if isinstance(models, str) else tuple(models)


def run_forecast(
    scenario: ScenarioLike,
    models: Iterable[str] | str | None = None,
    *,
    levers: Sequence[str] = (),
    draws: int | None = None,
    seed: int = 0,
    above: Sequence[float] = (),
    rounds: int | None = None,
    params: Sequence[str] = (),
    as_of: str | None = None,
    trace: bool = False,
    cluster: str | None = None,
) -> "Forecast":
    """``accord forecast``: every named model (default: all) on the scenario, read on
    ``as_of``, with ``levers`` on; with ``draws``, Monte Carlo intervals in
    ``forecast.extra["intervals"]`` (as ``--draws`` puts them in the JSON)."""
    from .forecasting import ForecastRequest, run

    req = ForecastRequest(models=_models(models), levers=tuple(levers), draws=draws, seed=seed,
                          above=tuple(float(x) for x in above), rounds=rounds, trace=trace, cluster=cluster,
                          params=tuple(params), as_of=as_of)
    result, _ = run(load(scenario), req)
    return result


def monte_carlo(
    scenario: ScenarioLike,
    models: Iterable[str] | str | None = None,
    draws: int = 2000,
    seed: int = 0,
    *,
    levers: Sequence[str] = (),
    above: Sequence[float] = (),
    cluster: str | None = None,
) -> "Intervals":
    """Solve ``draws`` draws of every uncertain input (from its range) with each model
    (default: the models that solve all draws at once); same seed, same result."""
    from .models import MODELS
    from .results import Intervals
    from .simulate.montecarlo import monte_carlo as _mc

    sc = load(scenario)
    names = _models(models) or tuple(m for m in _default_models() if MODELS[m].vectorised)
    return Intervals(_mc(sc, names, draws, seed, above=above, levers=levers, cluster=cluster))


def what_if(scenario: ScenarioLike, levers: Sequence[str] | str,
            models: Iterable[str] | str | None = None) -> "WhatIf":
    """``accord whatif``: each issue's forecast per model without and with ``levers``
    (applied in order; positions clipped to the scale, saliences to 0..1)."""
    from .results import WhatIf
    from .simulate.whatif import whatif

    sc = load(scenario)
    names = _checked(_models(models) or tuple(_default_models()))
    return WhatIf(whatif(sc, [levers] if isinstance(levers, str) else list(levers), names))


def sensitivity_analysis(
    scenario: ScenarioLike,
    model: str = "compromise",
    *,
    levers: Sequence[str] = (),
    samples: int = 1024,
    seed: int = 0,
    top: int = 5,
) -> "Sensitivity":
    """``accord sensitivity``: a one-at-a-time tornado per issue and, with ``samples`` >
    0, first-order and total Sobol' indices from ``samples`` x (d + 2) solves."""
    from .errors import InputError
    from .results import Sensitivity
    from .simulate.sensitivity import sensitivity as _run

    _checked((model,))
    if samples < 0:
        raise InputError(f"{samples} is not a number of samples", field="--samples")
    if top < 1:
        raise InputError(f"{top} is not a positive number of inputs to show", field="--top")
    res = _run(load(scenario), model, levers=tuple(levers), samples=samples, seed=seed, indices=samples > 0)
    return Sensitivity(res, top)


def bargaining_clock(scenario: ScenarioLike, months: int = 24, *, levers: Sequence[str] = (),
                     draws: int | None = None, seed: int = 0) -> "Clock":
    """``accord clock``: the probability of a deal by each month and its expected terms
    (parameters from the scenario's ``clock:`` section, stated defaults where absent)."""
    from .results import Clock
    from .simulate.clock import simulate_clock

    return Clock(simulate_clock(load(scenario), months, levers=tuple(levers), draws=draws, seed=seed))


def issue_trades(scenario: ScenarioLike, rounds: int = 10, reading: str = "symmetric") -> "Trades":
    """``accord trades``: Stokman & van Oosten's exchange model (equal gain); ``reading``
    "decide" adds decide-exchange-model's bound on upward moves (see
    :func:`accord.models.exchange.trade_round`)."""
    from .errors import InputError
    from .models.exchange import READINGS, exchange_model
    from .results import Trades

    if rounds < 1:
        raise InputError(f"{rounds} is not a positive number of rounds", field="--rounds")
    if reading not in READINGS:
        raise InputError(f"{reading!r} is not one of {', '.join(READINGS)}", field="--reading")
    sc = load(scenario)
    return Trades(sc, exchange_model(sc.inputs(), rounds=rounds, reading=reading))


def ingest_articles(paths: Sequence[str | Path] | str | Path, db: str | Path = "accord.db", *,
                    scenario: str | None = None, jobs: int = 1, fields: Mapping[str, str] | None = None,
                    article_seconds: float | None = None) -> "Ingested":
    """``accord ingest``: read articles into the SQLite store ``db``; with ``scenario`` (a
    built-in case name or a scenario file), extract their statements too.
    ``article_seconds``: one article's time budget (default: the command's)."""
    from .news.ingest import ARTICLE_SECONDS, ingest
    from .results import Ingested

    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    res = ingest([str(p) for p in items], db, scenario=scenario, jobs=jobs, fields=dict(fields or {}),
                 article_seconds=ARTICLE_SECONDS if article_seconds is None else article_seconds)
    return Ingested(str(db), res)


def news_to_forecast(paths: Sequence[str | Path] | str | Path, case: str, *, db: str | Path = "accord.db",
                     overrides: str | Path | None = None, jobs: int = 1,
                     models: Iterable[str] | str | None = None, prior: str = "case") -> "Pipeline":
    """``accord run``: ingest the articles, draft ``case``'s positions from their
    statements, lay an analyst's ``overrides`` on top and forecast. The forecast's
    ``extra`` holds the statements, the disagreements with ``case`` and the disputes
    between sources, so :func:`build_report` shows them. ``prior``: ``"case"`` keeps the
    case's position where the news is silent (marked as an assumption), ``"none"`` drafts
    from the news alone (as ``accord scenario draft --prior``)."""
    from .aggregate import load_overrides
    from .commands.disputes import disputes_of
    from .commands.draft import drafted_scenario
    from .forecast import solve
    from .results import Pipeline

    load(case)  # a bad case or overrides file fails here, before the store is touched
    if overrides is not None:
        load_overrides(Path(overrides))
    ingested = ingest_articles(paths, db, scenario=case, jobs=jobs)
    _, drafted, statements, found = drafted_scenario(Path(db), case, Path(overrides) if overrides else None, prior)
    forecast = solve(drafted, list(_checked(_models(models) or tuple(_default_models()))))
    forecast.extra["statements"] = [
        {k: s[k] for k in ("id", "article", "actor", "issue", "direction", "position", "act", "hedged", "text",
                           "reported_by", "event_date")}
        for s in statements if s.get("actor") and s.get("issue")
    ]
    forecast.extra["disagreements"] = found
    forecast.extra["disputes"] = disputes_of(Path(db))
    return Pipeline(ingested, drafted, forecast, statements, found)


def build_report(
    source: "ScenarioLike | Forecast",
    models: Iterable[str] | str | None = None,
    *,
    draws: int = REPORT_DRAWS,
    seed: int = 0,
    generated: str | None = None,
) -> "Report":
    """``accord report``: the full report for any scenario (``accord demo`` is this on
    the built-in case): every model's forecast, Monte Carlo intervals over ``draws``
    draws (0: none) for the models that solve draws at once, each lever's effect, the
    one-at-a-time tornado of the compromise model, and the evidence behind each position.

    ``source`` may be a :class:`Forecast` already solved (e.g. from :func:`news_to_forecast`);
    what it lacks (intervals, lever effects, tornado) is added to a copy.
    """
    from .errors import InputError
    from .forecast import Forecast, solve
    from .models import MODELS
    from .report.model import Report, ReportInput

    if draws < 0:
        raise InputError(f"{draws} is not a number of draws", field="--draws")
    if isinstance(source, Forecast):
        forecast = Forecast(source.scenario, dict(source.solutions), dict(source.parameters), source.seed,
                            dict(source.extra), source.as_of)
        names = forecast.models
    else:
        names = list(_checked(_models(models) or tuple(_default_models())))
        forecast = solve(load(source), names)
    sc = forecast.scenario
    if draws and "intervals" not in forecast.extra:
        drawn = [m for m in names if m in MODELS and MODELS[m].vectorised]
        if drawn:
            mc = monte_carlo(sc, drawn, draws, seed)
            forecast.seed = seed
            forecast.extra["intervals"] = mc.to_dict()
    known = [m for m in names if m in MODELS]
    if sc.levers and "lever_effects" not in forecast.extra:
        forecast.extra["lever_effects"] = what_if_each(sc, known).to_dict()
    if "sensitivity" not in forecast.extra:
        forecast.extra["sensitivity"] = sensitivity_analysis(sc, "compromise", samples=0).to_dict(top=5)
    return Report(ReportInput.from_forecast(forecast, generated=generated))


def what_if_each(scenario: ScenarioLike, models: Iterable[str] | str | None = None) -> "LeverEffects":
    """Every lever alone: how far each moves each model's forecast of each issue, in the
    scenario's lever order; ``.to_dict()`` is ``{lever id: {issue id: {model: shift}}}``,
    the report's "Levers" block per issue."""
    from .simulate.whatif import each_lever

    sc = load(scenario)
    return each_lever(sc, _checked(_models(models) or tuple(_default_models())))


def _default_models() -> list[str]:
    from .forecast import default_models

    return default_models()


def _checked(names: Sequence[str]) -> tuple[str, ...]:
    from .errors import InputError
    from .models import MODELS

    for m in names:
        if m not in MODELS:
            raise InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model")
    return tuple(names)


__all__ = [
    "bargaining_clock", "build_report", "ingest_articles", "issue_trades", "load", "monte_carlo",
    "new_scenario", "news_to_forecast", "run_forecast", "sensitivity_analysis", "what_if", "what_if_each",
]

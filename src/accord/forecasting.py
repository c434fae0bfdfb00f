"""One forecast request, answered the same way wherever it is asked.

``accord forecast CASE --lever L --draws N --seed S --json`` and the dashboard's
``GET /api/forecast?levers=L&draws=N&seed=S`` both go through :func:`run` with a
:class:`ForecastRequest`, so the API's body is byte for byte what the command prints.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

from .errors import InputError
from .forecast import Forecast, default_models, solve
from .scenario import Scenario

#: the most draws one request may ask for (the dashboard's budget; the CLI has none)
MAX_DRAWS = 1_000_000


@dataclass(frozen=True)
class ForecastRequest:
    """What to forecast: models (None: every registered one), levers applied in order,
    Monte Carlo draws and seed, thresholds for P(outcome > x), fixed rounds, trace."""

    models: tuple[str, ...] | None = None
    levers: tuple[str, ...] = ()
    draws: int | None = None
    seed: int = 0
    above: tuple[float, ...] = ()
    rounds: int | None = None
    trace: bool = False
    cluster: str | None = None
    params: tuple[str, ...] = ()  # MODEL.NAME=VALUE, as --param gives them
    as_of: str | None = None  # read the scenario on this date (default: its settles_after)

    def check(self) -> "ForecastRequest":
        """Raise :class:`InputError` naming the option that is wrong."""
        from .models import MODELS

        for m in self.models or ():
            if m not in MODELS:
                raise InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model")
        if self.rounds is not None and self.rounds < 1:
            raise InputError(f"{self.rounds} is not a positive number of rounds", field="--rounds")
        if self.draws is not None and not 1 <= self.draws <= MAX_DRAWS:
            raise InputError(f"{self.draws} is not a number of draws in 1..{MAX_DRAWS}", field="--draws")
        bad = [x for x in self.above if not math.isfinite(x)]
        if bad:
            raise InputError(f"{bad[0]} is not a finite threshold", field="--above")
        if self.draws is None and (self.above or self.cluster):
            raise InputError("needs --draws", field="--above" if self.above else "--cluster")
        return self


def model_params(names: list[str], rounds: int | None) -> dict[str, dict]:
    """``{"rounds": N}`` for every named model that has rounds, where N is fixed."""
    from .models import MODELS

    return {m: {"rounds": rounds} for m in names if rounds is not None and MODELS[m].has_rounds}


def run(scenario: Scenario, req: ForecastRequest, warn: Callable[[str], None] = lambda s: None) -> tuple[Forecast, object]:
    """The forecast (and its Monte Carlo result, or None) for ``req`` on ``scenario``.

    The scenario is first read on ``req.as_of`` (:func:`accord.forecast.at_date`: actors
    outside their dates take no part), then levers are applied
    (:func:`accord.simulate.levers.apply_levers`), so the forecast's scenario digest is
    that of the scenario with the levers on. With draws and
    no model named, only the models that solve all draws at once run (smp solves one draw
    at a time); ``warn`` is told so.
    """
    from .forecast import at_date
    from .models import MODELS

    req.check()
    scenario, as_of = at_date(scenario, req.as_of)
    if req.levers:  # accord.simulate (Monte Carlo with it) is imported only when levers are given
        from .simulate.levers import apply_levers, check_levers

        check_levers(scenario, req.levers)
        scenario = apply_levers(scenario, req.levers)
    names = list(req.models) if req.models else default_models()
    if req.draws is not None and not req.models:
        drawn = [m for m in names if MODELS[m].vectorised]
        if drawn != names:
            warn(f"--draws without --model: Monte Carlo over the models that solve draws at once "
                 f"({', '.join(drawn)}); name --model smp to include it (about 50 ms a draw)")
            names = drawn
    params = model_params(names, req.rounds)
    if req.params:
        from .models.params import parse_params

        for m, given in parse_params(req.params, names).items():
            params.setdefault(m, {}).update(given)
    result = solve(scenario, names, params)
    mc = None
    if req.draws is not None:
        from .simulate.montecarlo import monte_carlo

        mc = monte_carlo(scenario, names, req.draws, req.seed, params, above=req.above, cluster=req.cluster)
        result.seed = req.seed
        result.extra["intervals"] = mc.to_json_fragment()
    result.as_of = as_of
    return result, mc


def forecast_json(scenario: Scenario, req: ForecastRequest) -> str:
    """The stable JSON document for ``req``: what ``accord forecast ... --json`` prints."""
    result, _ = run(scenario, req)
    return result.to_json(trace=req.trace)

"""The ensemble: a weighted mean of named models' forecasts, itself a registered model.

    x*_j = Sum_m w_m x*_{m,j} / Sum_m w_m        (w_m >= 0, Sum_m w_m > 0)

over the models m with w_m > 0 (a model with weight 0 is not run). A forecast
combination in the sense of Bates & Granger (1969, "The combination of forecasts",
Operational Research Quarterly 20): a convex combination of the members' point
forecasts. The weights are parameters (``--param ensemble.nash=0.3``); their defaults,
0.8 compromise + 0.2 nash, are the weights the DEU backtest's ``ensemble`` candidate
fitted on train + dev (docs/test-log.md; fitted before eum's pairwise reading, not
re-tuned). Members keep their own default parameters.

An issue where a member has no answer (NaN) is averaged over the members that have one.
The ensemble is ``composite``: forecasts and the backtest do not run it unless it is
named, so it never runs twice under two names beside its own members.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np

from ..errors import InputError
from ..scenario.schema import Inputs
from .base import Model, Param, Solution
from .registry import MODELS, register

#: the members, in registry order at import (every model registered before this one)
MEMBERS: tuple[str, ...] = tuple(MODELS)
DEFAULT_WEIGHTS = {"compromise": 0.8, "nash": 0.2}


@register
class Ensemble(Model):
    name = "ensemble"
    summary = "weighted mean of named models' forecasts (Bates & Granger 1969); weights are parameters"
    #: built from other registered models: run only where named
    composite: ClassVar[bool] = True
    # the flags hold whatever the weights: a member may use the status quo (nash_sq, eum,
    # smp), so the ensemble says it may; no rounds of its own; a stack of draws is solved
    # as each draw alone by every member
    uses_status_quo = True
    has_rounds = False
    vectorised = True
    respects_veto = False
    parameters = tuple(
        Param(m, DEFAULT_WEIGHTS.get(m, 0.0), f"weight of {m}'s forecast (>= 0; 0: not run)", kind="number", low=0.0)
        for m in MEMBERS
    )

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        if not any(self.params[m] > 0 for m in MEMBERS):
            raise InputError(f"needs a positive weight on at least one of {', '.join(MEMBERS)}", field="weights")

    @property
    def weights(self) -> dict[str, float]:
        """The members with a positive weight and their weights, in registry order."""
        return {m: self.params[m] for m in MEMBERS if self.params[m] > 0}

    def solve(self, inputs: Inputs) -> Solution:
        num: np.ndarray | None = None
        den: np.ndarray | None = None
        for m, w in self.weights.items():
            x = np.asarray(MODELS[m]().solve(inputs).outcome, dtype=float)
            has = ~np.isnan(x)
            term = np.where(has, w * np.nan_to_num(x), 0.0)
            num = term if num is None else num + term
            den = np.where(has, w, 0.0) if den is None else den + np.where(has, w, 0.0)
        assert num is not None and den is not None  # one member at least has a positive weight (checked above)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
        return Solution(out, info={"weights": self.weights})


__all__ = ["Ensemble", "MEMBERS"]

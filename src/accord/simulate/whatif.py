"""What moves the forecast: levers switched on, one at a time or together.

:func:`whatif` gives each issue's forecast per model without and with a set of levers
(:class:`WhatIfResult`); :func:`each_lever` does it for every lever of the scenario alone
(:class:`LeverEffects`), so a reader can see which lever moves which issue most. Both are
typed results; their ``to_dict()`` is the JSON document (``accord whatif --json``, the
report's ``lever_effects``), numbers rounded as every accord document rounds them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..jsonnum import json_number as _r
from ..models import get_model
from ..scenario.schema import Scenario
from .levers import apply_to_inputs, check_levers


@dataclass(frozen=True, repr=False)
class WhatIfResult:
    """Each issue's forecast per model without and with ``levers`` (applied in order).

    ``without[model]`` and ``with_levers[model]``: one float per issue, in the scenario's
    issue order (NaN where a model has no answer)."""

    scenario: Scenario
    levers: tuple[str, ...]
    models: tuple[str, ...]
    without: dict[str, tuple[float, ...]]
    with_levers: dict[str, tuple[float, ...]]

    def shift(self, model: str, issue: str) -> float:
        """How far the levers move ``model``'s forecast of ``issue`` (with - without)."""
        j = self.scenario.issue_ids.index(issue)
        return self.with_levers[model][j] - self.without[model][j]

    def rows(self) -> list[tuple[str, dict[str, tuple[float | None, float | None, float | None]]]]:
        """Per issue: ``(issue id, {model: (without, with, shift)})``, rounded as in the JSON."""
        return [(iid, {m: (_r(self.without[m][j]), _r(self.with_levers[m][j]),
                           _r(self.with_levers[m][j] - self.without[m][j])) for m in self.models})
                for j, iid in enumerate(self.scenario.issue_ids)]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``accord whatif --json``."""
        issues = [{"id": iid, "models": {m: {"without": b, "with": w, "shift": s} for m, (b, w, s) in cells.items()}}
                  for iid, cells in self.rows()]
        return {"scenario": self.scenario.id, "levers": list(self.levers), "models": list(self.models),
                "issues": issues}

    def __repr__(self) -> str:
        return (f"<WhatIfResult {self.scenario.id!r}: levers {', '.join(self.levers)}; "
                f"{len(self.scenario.issues)} issues x {len(self.models)} models>")


@dataclass(frozen=True, repr=False)
class LeverEffects:
    """Every lever alone: ``shifts[lever][issue][model]``, how far switching on that one
    lever moves the model's forecast of the issue, in the scenario's lever and issue order."""

    scenario_id: str
    models: tuple[str, ...]
    shifts: dict[str, dict[str, dict[str, float]]]

    @property
    def levers(self) -> tuple[str, ...]:
        return tuple(self.shifts)

    def to_dict(self) -> dict[str, dict[str, dict[str, float | None]]]:
        """``{lever id: {issue id: {model: shift}}}`` rounded (None where a model has no
        answer): the report's "Levers" block per issue (``lever_effects``)."""
        return {lever: {iid: {m: _r(v) for m, v in per_model.items()} for iid, per_model in per_issue.items()}
                for lever, per_issue in self.shifts.items()}

    def __repr__(self) -> str:
        return f"<LeverEffects {self.scenario_id!r}: {len(self.shifts)} levers x {len(self.models)} models>"


def whatif(scenario: Scenario, lever_ids: list[str] | tuple[str, ...], names: list[str] | tuple[str, ...]) -> WhatIfResult:
    """Each issue's forecast per model without and with the levers (positions clipped to
    the scale, saliences to 0..1, capabilities kept above 0: :mod:`.levers`)."""
    ids = check_levers(scenario, list(lever_ids))
    base = scenario.inputs()
    moved = apply_to_inputs(base, scenario, ids)
    without: dict[str, tuple[float, ...]] = {}
    with_levers: dict[str, tuple[float, ...]] = {}
    for m in names:
        model = get_model(m)
        without[m] = tuple(float(v) for v in model.solve(base).outcome)
        with_levers[m] = tuple(float(v) for v in model.solve(moved).outcome)
    return WhatIfResult(scenario, tuple(ids), tuple(names), without, with_levers)


def each_lever(scenario: Scenario, names: list[str] | tuple[str, ...]) -> LeverEffects:
    """Every lever alone, in the scenario's lever order (:class:`LeverEffects`)."""
    shifts: dict[str, dict[str, dict[str, float]]] = {}
    for lever in scenario.levers:
        res = whatif(scenario, [lever.id], names)
        shifts[lever.id] = {iid: {m: res.with_levers[m][j] - res.without[m][j] for m in res.models}
                            for j, iid in enumerate(scenario.issue_ids)}
    return LeverEffects(scenario.id, tuple(names), shifts)

"""What moves the forecast: levers switched on, one at a time or together.

:func:`whatif` gives each issue's forecast per model without and with a set of levers;
:func:`each_lever` does it for every lever of the scenario alone, so a reader can see
which lever moves which issue most.
"""

from __future__ import annotations

from typing import Any

from ..models import get_model
from ..scenario.schema import Scenario
from .levers import apply_to_inputs, check_levers
from ..jsonnum import json_number as _r


def whatif(scenario: Scenario, lever_ids: list[str], names: list[str]) -> dict:
    """Each issue's forecast per model without and with the levers, and the shift."""
    ids = check_levers(scenario, lever_ids)
    base = scenario.inputs()
    moved = apply_to_inputs(base, scenario, ids)
    issues = []
    outs = {}
    for m in names:
        model = get_model(m)
        outs[m] = (model.solve(base).outcome, model.solve(moved).outcome)
    for j, iid in enumerate(scenario.issue_ids):
        row: dict[str, Any] = {"id": iid, "models": {}}
        for m, (b, w) in outs.items():
            b_j, w_j = float(b[j]), float(w[j])
            row["models"][m] = {"without": _r(b_j), "with": _r(w_j), "shift": _r(w_j - b_j)}
        issues.append(row)
    return {"scenario": scenario.id, "levers": list(ids), "models": names, "issues": issues}


def each_lever(scenario: Scenario, names: list[str]) -> dict[str, Any]:
    """Every lever alone: ``{lever id: {issue id: {model: shift}}}`` (None where a model
    has no answer), in the scenario's lever order."""
    out: dict[str, Any] = {}
    for lever in scenario.levers:
        d = whatif(scenario, [lever.id], names)
        out[lever.id] = {row["id"]: {m: v["shift"] for m, v in row["models"].items()} for row in d["issues"]}
    return out

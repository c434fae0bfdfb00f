"""An analyst's edits from the dashboard, checked and laid on a scenario.

An edit sets one number: ``{"actor": "us", "issue": "us_aid", "field": "position", "value": 60}``
(``salience`` likewise; ``capability`` with or without an issue). The new value keeps the
estimate's range, widened where needed to hold it, so Monte Carlo still draws around it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, Sequence

from ..errors import InputError
from ..scenario import Estimate, Scenario

FIELDS = ("position", "salience", "capability")
MAX_EDITS = 500


@dataclass(frozen=True)
class Edit:
    actor: str
    field: str
    value: float
    issue: str | None = None


def parse_edits(raw: Any, scenario: Scenario) -> tuple[Edit, ...]:
    """Edits from a request body, each checked against ``scenario`` (InputError naming
    ``edits[i].field`` for the first that is wrong)."""
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_EDITS:
        raise InputError(f"expected a list of at most {MAX_EDITS} edits", field="edits")
    out = []
    for i, e in enumerate(raw):
        where = f"edits[{i}]"
        if not isinstance(e, dict):
            raise InputError("expected an object with actor, field, value (and issue)", field=where)
        actor, fld, issue, value = e.get("actor"), e.get("field"), e.get("issue"), e.get("value")
        if actor not in scenario.actor_ids:
            raise InputError(f"{actor!r} is no actor of {scenario.id}", field=f"{where}.actor")
        if fld not in FIELDS:
            raise InputError(f"{fld!r} is not one of {', '.join(FIELDS)}", field=f"{where}.field")
        if issue is not None and issue not in scenario.issue_ids:
            raise InputError(f"{issue!r} is no issue of {scenario.id}", field=f"{where}.issue")
        if fld != "capability" and issue is None:
            raise InputError(f"a {fld} needs an issue", field=f"{where}.issue")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise InputError(f"{value!r} is not a finite number", field=f"{where}.value")
        value = float(value)
        if fld == "salience" and not 0 <= value <= 1:
            raise InputError(f"{value:g} is outside 0..1", field=f"{where}.value")
        if fld == "capability" and not 0 < value <= 1e9:
            raise InputError(f"{value:g} is not a capability in (0, 1e9]", field=f"{where}.value")
        if fld == "position":
            assert issue is not None  # refused above: a position needs an issue
            lo, hi = scenario.issue(issue).scale
            if not lo <= value <= hi:
                raise InputError(f"{value:g} is outside the scale {lo:g}..{hi:g}", field=f"{where}.value")
            if scenario.position(actor, issue) is None:
                raise InputError(f"{actor} has no position on {issue}", field=where)
        out.append(Edit(actor, fld, value, issue))
    return tuple(out)


def _moved(est: Estimate, value: float) -> Estimate:
    return replace(est, value=value, low=min(est.low, value), high=max(est.high, value))


def apply_edits(scenario: Scenario, edits: Sequence[Edit]) -> Scenario:
    """A new scenario with ``edits`` applied in order (the input is left as it was)."""
    if not edits:
        return scenario
    positions = list(scenario.positions)
    actors = list(scenario.actors)
    for e in edits:
        if e.field == "capability":
            k = scenario.actor_ids.index(e.actor)
            a = actors[k]
            if e.issue is None:
                actors[k] = replace(a, capability=_moved(a.capability, e.value))
            else:
                by_issue = dict(a.capability_by_issue)
                by_issue[e.issue] = _moved(by_issue.get(e.issue, a.capability), e.value)
                actors[k] = replace(a, capability_by_issue=by_issue)
            continue
        for m, p in enumerate(positions):
            if p.actor == e.actor and p.issue == e.issue:
                moved = _moved(getattr(p, e.field), e.value)
                note = (p.note + " " if p.note else "") + f"edited on the dashboard: {e.field} {e.value:g}"
                positions[m] = (replace(p, position=moved, note=note) if e.field == "position"
                                else replace(p, salience=moved, note=note))
    return replace(scenario, positions=tuple(positions), actors=tuple(actors))

"""From statements to a drafted scenario, and a person's overrides on top.

"Extraction proposes, the analyst disposes" (DESIGN.md). :func:`draft` turns the
statements read from the news into a position range and a salience for each actor ×
issue. Each result keeps the ids of the statements behind it. :func:`disagreements`
lists where the draft departs from a reference scenario, such as the built-in case.
:func:`merge_overrides` lays an analyst's own file on top, each override with its note,
so re-reading the news never erases them.

The rules (docs/decisions.md, "Drafting positions from statements"):

* A statement weighs 1 when it reports what the actor said or did, and 1/2 when it is
  the author's speculation (``hedged``).
* Where statements pin positions on the anchors, the drafted position is their weighted
  median. Its range is their span, widened by 5 points on each side.
* Otherwise the direction decides. When at least 2/3 of the weight is ``up``, the draft
  is 75 within [55, 95]; at 2/3 ``down`` it is 25 within [5, 45]. Anything in between is
  50 within [20, 80], a mixed record.
* Salience rises with how much the news has the actor say on the issue:
  s = 0.3 + 0.6 (1 - exp(-m / 3)), with m the weighted count of statements. The range is
  ±0.15.
* The case's own positions are a named *prior* (``prior="case"``, the default): an actor ×
  issue with no statement keeps the case's numbers, marked as an assumption with a note
  that the news said nothing. With ``prior="none"`` such a pair gets no position at all:
  the draft is the news alone. The prior never decides a direction read from a sentence
  (extraction reads no position: :mod:`accord.news.vocab`).
* :func:`disagreements` lists where the news contradicts the prior in direction (the
  statements lean to the other side of the middle than the case's position) as well as
  in size (the case's value outside the drafted range).
"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence


from .errors import InputError
from .scenario.io import read_text
from .scenario.schema import Estimate, Evidence, Position, Scenario
from .scenario.validate import estimate

HEDGED_WEIGHT = 0.5
PIN_MARGIN = 5.0
DIRECTION_SHARE = 2.0 / 3.0


def _weight(statement: Mapping[str, Any]) -> float:
    return HEDGED_WEIGHT if statement.get("hedged") else 1.0


def _weighted_median(values: list[float], weights: list[float]) -> float:
    """The models' lower weighted median (:func:`accord.models.base.weighted_median`)."""
    import numpy as np

    from .models.base import weighted_median

    return float(weighted_median(np.array(values, float)[:, None], np.array(weights, float)[:, None])[0])


def _clip(x: float, lo: float, hi: float) -> float:
    return min(max(x, lo), hi)


def draft_position(statements: list[Mapping[str, Any]], scale: tuple[float, float]) -> tuple[Estimate, Estimate, str]:
    """Position and salience estimates for one actor × issue, and how they were read."""
    lo, hi = scale
    span = hi - lo
    weights = [_weight(s) for s in statements]
    pinned = [(float(s["position"]), w) for s, w in zip(statements, weights) if s.get("position") is not None]
    if pinned:
        values = [v for v, _ in pinned]
        value = _weighted_median(values, [w for _, w in pinned])
        low = _clip(min(values) - PIN_MARGIN * span / 100, lo, hi)
        high = _clip(max(values) + PIN_MARGIN * span / 100, lo, hi)
        how = f"{len(pinned)} statement(s) pin the position on the anchors"
    else:
        up = sum(w for s, w in zip(statements, weights) if s.get("direction") == "up")
        down = sum(w for s, w in zip(statements, weights) if s.get("direction") == "down")
        total = up + down
        if total and up / total >= DIRECTION_SHARE:
            value, low, high, how = 75.0, 55.0, 95.0, "the statements lean up (toward the high end)"
        elif total and down / total >= DIRECTION_SHARE:
            value, low, high, how = 25.0, 5.0, 45.0, "the statements lean down (toward the low end)"
        else:
            value, low, high, how = 50.0, 20.0, 80.0, "the statements are mixed"
        value, low, high = (lo + v * span / 100 for v in (value, low, high))
    m = sum(weights)
    sal = 0.3 + 0.6 * (1.0 - math.exp(-m / 3.0))
    salience = Estimate(round(sal, 4), round(max(0.0, sal - 0.15), 4), round(min(1.0, sal + 0.15), 4), "triangular",
                        f"{len(statements)} statement(s), weighted count {m:g}")
    position = Estimate(round(value, 4), round(low, 4), round(high, 4), "triangular", how)
    return position, salience, how


PRIORS = ("case", "none")


def draft(reference: Scenario, statements: Iterable[Mapping[str, Any]], prior: str = "case") -> Scenario:
    """A scenario with positions drafted from ``statements`` (dicts as `accord stances` writes).

    Actors, issues, capabilities and levers come from ``reference``. Only statements
    that name one of its actors and issues, and carry a direction or a position, count.
    ``prior``: ``"case"`` keeps the reference's position where the news is silent (marked
    as an assumption); ``"none"`` leaves such a pair without a position.
    """
    if prior not in PRIORS:
        raise InputError(f"unknown prior {prior!r}; expected one of {', '.join(PRIORS)}", field="--prior")
    actors = set(reference.actor_ids)
    issues = set(reference.issue_ids)
    by_pair: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for s in statements:
        a, i = s.get("actor"), s.get("issue")
        if a in actors and i in issues and (s.get("direction") in ("up", "down") or s.get("position") is not None):
            by_pair.setdefault((a, i), []).append(s)
    positions = []
    for actor in reference.actor_ids:
        for issue in reference.issues:
            found = sorted(by_pair.get((actor, issue.id), []), key=lambda s: str(s.get("id", "")))
            old = reference.position(actor, issue.id)
            if found:
                pos, sal, how = draft_position(found, issue.scale)
                ids = tuple(str(s.get("id") or f"{s.get('article')}:{s.get('start')}") for s in found)
                positions.append(Position(actor, issue.id, pos, sal, (Evidence(statements=ids),), False,
                                          f"drafted from the news: {how}"))
            elif old is not None and prior == "case":
                positions.append(replace(old, assumption=True,
                                         note="the news read says nothing here; kept from " + reference.id))
    return replace(reference, id=f"{reference.id}_draft", name=f"{reference.name} (drafted from the news)",
                   positions=tuple(positions))


def disagreements(drafted: Scenario, reference: Scenario,
                  statements: Iterable[Mapping[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Where the draft (the news) and the reference (the prior) disagree.

    A pair is listed when the two stand on opposite sides of the scale's middle, or when
    the statements behind the draft lean (by weight, hedged at 1/2) to the other side of
    the middle than the reference's position (``kind: "direction"``), or else when the
    reference's value lies outside the drafted range (``kind: "size"``).
    ``against_prior`` counts the statements whose direction opposes the reference's side.
    """
    by_id = {str(s.get("id")): s for s in statements or ()}
    out = []
    for p in drafted.positions:
        if p.assumption:
            continue
        ref = reference.position(p.actor, p.issue)
        if ref is None:
            continue
        lo, hi = reference.issue(p.issue).scale
        mid = (lo + hi) / 2
        outside = not (p.position.low <= ref.position.value <= p.position.high)
        opposite = (p.position.value - mid) * (ref.position.value - mid) < 0
        ids = list(p.evidence[0].statements) if p.evidence else []
        side = (ref.position.value > mid) - (ref.position.value < mid)
        against = lean = 0.0
        for i in ids:
            s = by_id.get(i)
            if s is None or s.get("direction") not in ("up", "down"):
                continue
            d = 1 if s["direction"] == "up" else -1
            lean += d * _weight(s)
            against += d == -side
        leans_away = side != 0 and lean * side < 0
        if outside or opposite or leans_away:
            out.append({
                "actor": p.actor,
                "issue": p.issue,
                "field": "position",
                "drafted": p.position.value,
                "drafted_range": [p.position.low, p.position.high],
                "builtin": ref.position.value,
                "note": "opposite sides of the middle" if opposite else (
                    "the statements lean to the other side" if leans_away else "built-in value outside the drafted range"),
                "kind": "direction" if opposite or leans_away else "size",
                "against_prior": int(against),
                "statements": ids,
            })
    return out


def load_overrides(path: str | Path) -> list[dict[str, Any]]:
    """An overrides file: ``overrides: [{actor, issue, position?, salience?, note}]``."""
    path = Path(path)
    text = read_text(path, "overrides file")
    from .safeload import load_yaml  # aliases, depth and tags bounded (issue 10)

    try:
        doc = load_yaml(text)
    except InputError as exc:
        raise exc.at(str(path)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("overrides"), list):
        raise InputError("expected a mapping with a list 'overrides'", source=str(path), field="overrides")
    return doc["overrides"]


def merge_overrides(scenario: Scenario, overrides: Sequence[Mapping[str, Any]], source: str = "overrides") -> Scenario:
    """``scenario`` with each override laid on top; every override must carry a note."""
    positions = {(p.actor, p.issue): p for p in scenario.positions}
    order = [(p.actor, p.issue) for p in scenario.positions]
    for n, o in enumerate(overrides):
        where = f"overrides[{n}]"
        if not isinstance(o, Mapping):
            raise InputError("expected a mapping", source=source, field=where)
        a, i = o.get("actor"), o.get("issue")
        if a not in scenario.actor_ids:
            raise InputError(f"unknown actor {a!r}", source=source, field=f"{where}.actor")
        if i not in scenario.issue_ids:
            raise InputError(f"unknown issue {i!r}", source=source, field=f"{where}.issue")
        note = o.get("note")
        if not isinstance(note, str) or not note.strip():
            raise InputError("every override needs a note saying why", source=source, field=f"{where}.note")
        unknown = set(o) - {"actor", "issue", "position", "salience", "note"}
        if unknown:  # keys may mix numbers and strings: sorted as text
            raise InputError("unknown field", source=source, field=f"{where}.{sorted(unknown, key=str)[0]}")
        lo, hi = scenario.issue(i).scale
        try:
            old = positions.get((a, i))
            pos = estimate(o["position"], f"{where}.position", lo, hi) if "position" in o else (old.position if old else None)
            sal = estimate(o["salience"], f"{where}.salience", 0.0, 1.0) if "salience" in o else (old.salience if old else None)
        except InputError as exc:
            raise exc.at(source) from None
        if pos is None or sal is None:
            raise InputError("a new actor × issue needs both position and salience", source=source, field=where)
        evidence = old.evidence if old else ()
        positions[(a, i)] = Position(a, i, pos, sal, evidence, False, f"override: {note.strip()}")
        if (a, i) not in order:
            order.append((a, i))
    return replace(scenario, positions=tuple(positions[k] for k in order))

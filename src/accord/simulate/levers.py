"""Levers: named what-ifs, each a list of effects applied to a scenario in order.

An :class:`~accord.scenario.schema.Effect` does ``op`` (set, shift, scale) to ``target``
(position, salience, capability) of one actor or all (``actor`` None) on one issue or
all (``issue`` None), by ``amount`` (an Estimate). Several levers combine in the order
given, and within a lever its effects in file order:

    set:   x' = a        shift: x' = x + a        scale: x' = a x

then positions are clipped to the issue's scale, saliences to [0, 1] and capabilities to
at least :data:`CAPABILITY_FLOOR` (capability must stay above 0). Effects touch only
positions an actor holds: a lever cannot give an actor a stance the scenario lacks.

Two forms: :func:`apply_levers` transforms a :class:`Scenario` (value by the amount's
value, range by the amount's range), for what-ifs and sensitivity; :func:`apply_to_inputs`
transforms model arrays with leading draw axes, the amount drawn per draw, for Monte Carlo.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

import numpy as np

from ..errors import InputError
from ..scenario.schema import Actor, Effect, Estimate, Inputs, Scenario

CAPABILITY_FLOOR = 1e-9


def check_levers(scenario: Scenario, lever_ids: Iterable[str], field: str = "--lever") -> tuple[str, ...]:
    """The lever ids, each known to ``scenario``, or InputError naming the first unknown."""
    ids = tuple(lever_ids or ())
    known = {lv.id for lv in scenario.levers}
    for lid in ids:
        if lid not in known:
            names = ", ".join(sorted(known)) or "none"
            raise InputError(f"unknown lever {lid!r} (levers in {scenario.id} are {names})", field=field)
    return ids


def effects_of(scenario: Scenario, lever_ids: Iterable[str]) -> list[tuple[str, Effect]]:
    """(lever id, effect) in the order they apply."""
    return [(lid, e) for lid in check_levers(scenario, lever_ids) for e in scenario.lever(lid).effects]


def _op(op: str, x, a):
    if op == "set":
        return a + 0.0 * x
    if op == "shift":
        return x + a
    return x * a


def _clip(target: str, x, lo: float | np.ndarray, hi: float | np.ndarray):
    if target == "position":
        return np.clip(x, lo, hi)
    if target == "salience":
        return np.clip(x, 0.0, 1.0)
    return np.maximum(x, CAPABILITY_FLOOR)


# -- arrays ----------------------------------------------------------------------------


def apply_to_inputs(
    inputs: Inputs, scenario: Scenario, lever_ids: Iterable[str], amounts: np.ndarray | None = None
) -> Inputs:
    """``inputs`` (arrays ``(..., n, k)``) with the levers applied; a new Inputs.

    ``amounts``: ``(..., E)`` one column per effect in application order (drawn by
    :func:`accord.simulate.draws.lever_specs`), or None for each amount's value.
    """
    effs = effects_of(scenario, lever_ids)
    pos = np.array(inputs.position, dtype=float, copy=True)
    sal = np.array(inputs.salience, dtype=float, copy=True)
    cap = np.array(np.broadcast_to(inputs.capability, pos.shape), dtype=float, copy=True)
    a_ix = {a: i for i, a in enumerate(inputs.actors)}
    i_ix = {s: j for j, s in enumerate(inputs.issues)}
    lo = np.asarray(inputs.scale_low, dtype=float)
    hi = np.asarray(inputs.scale_high, dtype=float)
    held = ~np.isnan(pos)
    for e_i, (_, e) in enumerate(effs):
        a: float | np.ndarray
        if amounts is None:
            a = np.float64(e.amount.value)
        else:
            a = np.asarray(amounts[..., e_i], dtype=float)[..., None, None]
        rows = slice(None) if e.actor is None else [a_ix[e.actor]]
        cols = slice(None) if e.issue is None else [i_ix[e.issue]]
        arr = {"position": pos, "salience": sal, "capability": cap}[e.target]
        sub = arr[..., rows, :][..., cols]
        new = _op(e.op, sub, a)
        lo_c = lo[..., cols] if e.issue is not None else lo
        hi_c = hi[..., cols] if e.issue is not None else hi
        new = _clip(e.target, new, lo_c[..., None, :], hi_c[..., None, :])
        mask = held[..., rows, :][..., cols]
        if e.target == "capability":
            mask = np.ones_like(mask)
        new = np.where(mask, new, sub)
        _assign(arr, rows, cols, new)
    return Inputs(pos, sal, cap, inputs.status_quo, inputs.scale_low, inputs.scale_high, inputs.actors, inputs.issues,
                  inputs.group, inputs.veto)


def _assign(arr: np.ndarray, rows, cols, new: np.ndarray) -> None:
    if isinstance(rows, slice) and isinstance(cols, slice):
        arr[...] = new
    elif isinstance(rows, slice):
        arr[..., :, cols[0]] = new[..., :, 0]
    elif isinstance(cols, slice):
        arr[..., rows[0], :] = new[..., 0, :]
    else:
        arr[..., rows[0], cols[0]] = new[..., 0, 0]


# -- scenario --------------------------------------------------------------------------


def _estimate(est: Estimate, e: Effect, lo: float, hi: float) -> Estimate:
    """``est`` after effect ``e``: value by the amount's value, range by its range."""
    a = e.amount
    value = float(_clip(e.target, _op(e.op, est.value, a.value), lo, hi))
    if e.op == "set":
        ends = [a.low, a.high]
    elif e.op == "shift":
        ends = [est.low + a.low, est.high + a.high]
    else:
        ends = [x * y for x in (est.low, est.high) for y in (a.low, a.high)]
    ends = [float(_clip(e.target, x, lo, hi)) for x in ends]
    low, high = min(ends + [value]), max(ends + [value])
    dist = est.dist if not est.is_point else a.dist
    if low == high:
        return Estimate(value, value, value, "uniform", est.basis)
    return Estimate(value, low, high, dist, est.basis)


def apply_levers(scenario: Scenario, lever_ids: Iterable[str]) -> Scenario:
    """A new scenario with the levers' effects applied to its estimates, in order.

    The result keeps its levers (so it can be applied again) and lists the applied ones
    in ``extra["applied_levers"]``.
    """
    effs = effects_of(scenario, lever_ids)
    positions = list(scenario.positions)
    actors = list(scenario.actors)
    scale = {s.id: s.scale for s in scenario.issues}
    for _, e in effs:
        if e.target in ("position", "salience"):
            for m, p in enumerate(positions):
                if (e.actor is None or p.actor == e.actor) and (e.issue is None or p.issue == e.issue):
                    lo, hi = scale[p.issue]
                    moved = _estimate(getattr(p, e.target), e, lo, hi)
                    positions[m] = (replace(p, position=moved) if e.target == "position"
                                    else replace(p, salience=moved))
        else:
            for m, a in enumerate(actors):
                if e.actor is not None and a.id != e.actor:
                    continue
                actors[m] = _capability(a, e, scenario.issue_ids)
    extra = dict(scenario.extra)
    extra["applied_levers"] = list(extra.get("applied_levers", [])) + [lid for lid in lever_ids]
    return replace(scenario, positions=tuple(positions), actors=tuple(actors), extra=extra)


def _capability(a: Actor, e: Effect, issue_ids: tuple[str, ...]) -> Actor:
    inf = float("inf")
    by_issue = dict(a.capability_by_issue)
    if e.issue is None:
        cap = _estimate(a.capability, e, 0.0, inf)
        by_issue = {k: _estimate(v, e, 0.0, inf) for k, v in by_issue.items()}
        return replace(a, capability=cap, capability_by_issue=by_issue)
    base = by_issue.get(e.issue, a.capability)
    by_issue[e.issue] = _estimate(base, e, 0.0, inf)
    return replace(a, capability_by_issue={k: by_issue[k] for k in issue_ids if k in by_issue})


__all__ = ["CAPABILITY_FLOOR", "apply_levers", "apply_to_inputs", "check_levers", "effects_of"]

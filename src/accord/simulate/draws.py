"""Random draws of a scenario's uncertain inputs, vectorised and reproducible.

Every number in a scenario is an :class:`~accord.scenario.schema.Estimate` with a range
``[low, high]`` and a distribution (Vose 2008, *Risk Analysis*, ch. 9-10):

* ``uniform``: ``x = low + u (high - low)``;
* ``triangular`` with mode ``m = value``: inverse CDF
  ``x = low + sqrt(u (high-low)(m-low))`` for ``u < (m-low)/(high-low)``, else
  ``x = high - sqrt((1-u)(high-low)(high-m))``;
* ``pert`` with mode ``m`` and lambda 4: ``x = low + (high-low) B`` with
  ``B ~ Beta(1 + 4 (m-low)/(high-low), 1 + 4 (high-m)/(high-low))``.

The stream: draws come in blocks of :data:`BLOCK`; block ``b`` of stream ``s`` has its
own generator ``Generator(PCG64(SeedSequence(seed, spawn_key=(s, b))))`` and always draws a full block
(the last one is cut after drawing), one ``(BLOCK, d)`` uniform matrix then one Beta
matrix for the PERT columns. So draw number ``t`` is the same whatever chunk size a run
processes, on one machine or a cluster: same seed, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..scenario.schema import Estimate, Inputs, Scenario

BLOCK = 1000

KINDS = ("position", "salience", "capability", "status_quo", "lever")


@dataclass(frozen=True)
class InputSpec:
    """One uncertain number of a scenario and where it lands in the model arrays.

    ``kind``: position, salience, capability (all issues of ``actor`` unless ``issue``),
    status_quo, or lever (the amount of effect ``effect`` of lever ``lever``).
    """

    kind: str
    estimate: Estimate
    actor: str | None = None
    issue: str | None = None
    assumption: bool = False
    lever: str | None = None
    effect: int | None = None

    @property
    def label(self) -> str:
        if self.kind == "lever":
            return f"lever {self.lever} effect {self.effect}"
        if self.kind == "status_quo":
            return f"status quo of {self.issue}"
        if self.kind == "capability" and self.issue is None:
            return f"capability of {self.actor}"
        return f"{self.kind} of {self.actor} on {self.issue}"

    @property
    def width(self) -> float:
        return self.estimate.high - self.estimate.low


def input_specs(scenario: Scenario, *, uncertain_only: bool = True) -> list[InputSpec]:
    """Every input in a fixed order: positions (position, salience) in file order, then
    each actor's capability and its per-issue capabilities, then each status quo."""
    out: list[InputSpec] = []
    for p in scenario.positions:
        out.append(InputSpec("position", p.position, p.actor, p.issue, p.assumption))
        out.append(InputSpec("salience", p.salience, p.actor, p.issue, p.assumption))
    for a in scenario.actors:
        out.append(InputSpec("capability", a.capability, a.id, None))
        for iid in scenario.issue_ids:
            if iid in a.capability_by_issue:
                out.append(InputSpec("capability", a.capability_by_issue[iid], a.id, iid))
    for s in scenario.issues:
        out.append(InputSpec("status_quo", s.status_quo, None, s.id))
    if uncertain_only:
        out = [s for s in out if not s.estimate.is_point]
    return out


def lever_specs(scenario: Scenario, lever_ids: tuple[str, ...] | list[str]) -> list[InputSpec]:
    """The amounts of the effects of ``lever_ids``, in the order they apply."""
    out = []
    for lid in lever_ids:
        lv = scenario.lever(lid)
        for e_i, e in enumerate(lv.effects):
            out.append(InputSpec("lever", e.amount, e.actor, e.issue, lv.assumption, lid, e_i))
    return out


def _params(specs: list[InputSpec]) -> tuple[np.ndarray, ...]:
    low = np.array([s.estimate.low for s in specs], dtype=float)
    high = np.array([s.estimate.high for s in specs], dtype=float)
    mode = np.array([s.estimate.value for s in specs], dtype=float)
    dist = np.array([s.estimate.dist if not s.estimate.is_point else "uniform" for s in specs])
    return low, high, mode, dist


def from_uniform(u: np.ndarray, specs: list[InputSpec]) -> np.ndarray:
    """Map uniforms ``u`` ``(..., d)`` to values by each input's inverse CDF (exact; the
    Beta inverse is slow, so Monte Carlo uses :func:`draw_block` instead)."""
    low, high, mode, dist = _params(specs)
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    x = low + u * width
    tri = dist == "triangular"
    if tri.any():
        c = (mode - low) / safe
        left = low + np.sqrt(u * width * (mode - low))
        right = high - np.sqrt((1.0 - u) * width * (high - mode))
        x = np.where(tri, np.where(u < c, left, right), x)
    pert = dist == "pert"
    if pert.any():
        from scipy.special import betaincinv  # lazy: scipy costs ~0.2 s of every start-up

        a = 1.0 + 4.0 * (mode - low) / safe
        b = 1.0 + 4.0 * (high - mode) / safe
        bx = betaincinv(np.where(pert, a, 1.0), np.where(pert, b, 1.0), u)
        x = np.where(pert, low + bx * width, x)
    return np.where(width > 0, x, low)


def draw_block(seed: int, block: int, specs: list[InputSpec], stream: int = 0) -> np.ndarray:
    """The ``(BLOCK, d)`` values of block ``block`` of stream ``stream`` of ``seed``.

    Stream 0 holds the scenario's inputs, stream 1 lever amounts, stream 2 the clock's
    parameters and shocks: switching a lever on leaves the scenario's draws unchanged
    (common random numbers), so a lever's effect is not drowned in sampling noise.
    """
    rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(stream, block))))
    low, high, mode, dist = _params(specs)
    d = len(specs)
    u = rng.random((BLOCK, d))
    x = from_uniform_fast(u, low, high, mode, dist)
    pert = np.flatnonzero(dist == "pert")
    if pert.size:
        width = high[pert] - low[pert]
        a = 1.0 + 4.0 * (mode[pert] - low[pert]) / width
        b = 1.0 + 4.0 * (high[pert] - mode[pert]) / width
        x[:, pert] = low[pert] + width * rng.beta(a, b, size=(BLOCK, pert.size))
    return x


def from_uniform_fast(u: np.ndarray, low, high, mode, dist) -> np.ndarray:
    """Uniform and triangular columns by inverse CDF (PERT columns left to the caller)."""
    width = high - low
    x = low + u * width
    tri = np.flatnonzero(dist == "triangular")
    if tri.size:
        ut, lo, hi, m, w = u[:, tri], low[tri], high[tri], mode[tri], width[tri]
        c = (m - lo) / w
        left = lo + np.sqrt(ut * w * (m - lo))
        right = hi - np.sqrt((1.0 - ut) * w * (hi - m))
        x[:, tri] = np.where(ut < c, left, right)
    return x


def draw(seed: int, start: int, count: int, specs: list[InputSpec], stream: int = 0) -> np.ndarray:
    """Draws ``start .. start+count-1`` of stream ``stream``, ``(count, d)``."""
    if count <= 0:
        return np.empty((0, len(specs)))
    b0, b1 = start // BLOCK, (start + count - 1) // BLOCK
    parts = [draw_block(seed, b, specs, stream) for b in range(b0, b1 + 1)]
    x = np.concatenate(parts, axis=0)
    off = start - b0 * BLOCK
    return x[off:off + count]


def check_draws(draws: int, field: str = "--draws") -> int:
    """A positive number of draws, or InputError."""
    if isinstance(draws, bool) or not isinstance(draws, (int, np.integer)) or draws < 1:
        raise InputError(f"{draws!r} is not a positive number of draws", field=field)
    return int(draws)


def check_seed(seed: int, field: str = "--seed") -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(f"{seed!r} is not a seed (a whole number 0 or above)", field=field)
    return int(seed)


def base_arrays(scenario: Scenario, count: int) -> Inputs:
    """The point inputs broadcast to ``count`` draws (fresh, writable arrays)."""
    base = scenario.inputs()
    return Inputs(
        position=np.repeat(base.position[None], count, axis=0),
        salience=np.repeat(base.salience[None], count, axis=0),
        capability=np.repeat(base.capability[None], count, axis=0),
        status_quo=np.repeat(base.status_quo[None], count, axis=0),
        scale_low=np.broadcast_to(base.scale_low, (count, base.scale_low.shape[-1])),
        scale_high=np.broadcast_to(base.scale_high, (count, base.scale_high.shape[-1])),
        actors=base.actors,
        issues=base.issues,
        group=base.group,
        veto=base.veto,
    )


def place(scenario: Scenario, specs: list[InputSpec], values: np.ndarray) -> Inputs:
    """Inputs ``(count, n, k)``: the point values, with each spec's column of ``values``
    written where it belongs (lever specs are skipped: see :mod:`.levers`).

    A whole-actor capability fills every issue that has no per-issue capability of its
    own (the rule of :meth:`Scenario.inputs`).
    """
    count = values.shape[0]
    inp = base_arrays(scenario, count)
    a_ix = {a: i for i, a in enumerate(scenario.actor_ids)}
    i_ix = {s: j for j, s in enumerate(scenario.issue_ids)}
    for c, s in enumerate(specs):
        col = values[:, c]
        if s.kind == "position":
            assert s.actor is not None and s.issue is not None  # a position spec names both
            inp.position[:, a_ix[s.actor], i_ix[s.issue]] = col
        elif s.kind == "salience":
            assert s.actor is not None and s.issue is not None  # a salience spec names both
            inp.salience[:, a_ix[s.actor], i_ix[s.issue]] = col
        elif s.kind == "capability":
            assert s.actor is not None  # a capability spec names its actor
            i = a_ix[s.actor]
            if s.issue is None:
                own = scenario.actor(s.actor).capability_by_issue
                cols = [j for sid, j in i_ix.items() if sid not in own]
                inp.capability[:, i, cols] = col[:, None]
            else:
                inp.capability[:, i, i_ix[s.issue]] = col
        elif s.kind == "status_quo":
            assert s.issue is not None  # a status-quo spec names its issue
            inp.status_quo[:, i_ix[s.issue]] = col
    return inp

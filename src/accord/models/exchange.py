"""Issue trades: Stokman & van Oosten's exchange of voting positions, equal-gain variant.

Stokman, F. N. and R. van Oosten (1994), "The exchange of voting positions: an
object-oriented model of policy networks", in Bueno de Mesquita and Stokman (eds),
*European Community Decision Making*, Yale UP, 105-127; the equal-gain exchange rate as
in Dijkstra, van Assen, Stokman and Draaijer (2018), "Random variation of exchange
rates in the equal utility exchange model".

The expected outcome of issue j is the Nash bargaining solution of the model, the
capability x salience weighted mean

    O_j = Sum_i c_ij s_ij x_ij / W_j,      W_j = Sum_i c_ij s_ij.

An actor that moves its position on j by d moves O_j by e_ij d with e_ij = c_ij s_ij / W_j,
and values a shift of O_j by Delta at s_ij |Delta| (linear loss in distance).

Two actors a, b trade on two issues p, q when they stand on opposite sides of O_p and
of O_q and a cares relatively more about q:  s_aq / s_ap > s_bq / s_bp. Then a moves
toward b on p (by x) and b toward a on q (by y); each gives up a little on the issue it
cares less about to win more on the other:

    G_a = s_aq e_bq y - s_ap e_ap x,        G_b = s_bp e_ap x - s_bq e_bq y.

Equal gain (G_a = G_b) fixes the rate  y = x e_ap (s_ap + s_bp) / (e_bq (s_aq + s_bq)).
Each actor moves at most to the other's position: x <= |x_ap - x_bp|,
y <= |x_bq - x_aq|; the larger feasible trade is taken (x at its limit, unless that puts y
past its own, then y at its limit).

Each issue is first put on 0..100 from its scale (``scale_low``..``scale_high``), so
that moves and gains weigh alike across issues with different units; moves are
reported, and positions returned, on the issue's own scale. ``gain`` is in the 0..100
units.

A round follows the rule decide-exchange-model's published outputs show (its round files
on its own sample data and on its COP21 data, reconstructed from those outputs, not from
its code; see docs/decisions.md). At the round's start every actor's side of O_j is fixed,
and every feasible trade is listed with its gain. The best is realised; then each
remaining trade that shares an actor *and* that actor's supply issue, or an actor *and*
that actor's demand issue, with the realised one is recalculated: the realised moves
enter what that trade knows of the positions, its movers start from where they now
stand, and its limits, rate and gain are computed again (dropped if no longer
feasible). A trade that shares neither keeps what it knew: its partner's position and
its O_j are those of the round's start or of its last recalculation. The next best is
realised, and so on until none is left. In a trade

- each mover moves in the direction its round-start side fixes (toward the other side),
  at most to the partner's position as the trade knows it;
- the move on the partner's demand issue may not carry O_j (as the trade knows it) past
  the partner's position: the move is cut so that O_j lands on it, and the other move
  follows the rate (decide's ``check``). Where O_j (as the trade knows it) already stands
  on the partner's position or past it, the move does not carry it over, and nothing is
  cut (decide realises such trades whole);
- the gain is the equal gain of the moves made.

Rounds repeat until no trade gains more than ``tol``; the next round starts from the
positions the last one left (decide's own carry-over between rounds is not reproduced).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from ..scenario.schema import Inputs
from ..jsonnum import json_number

TOL = 1e-9
ROOM = 1e-9  # O within this of the partner's position counts as on it (float noise)


@dataclass(frozen=True)
class Exchange:
    """``actor_a`` moves on ``issue_p`` by ``move_a`` toward ``actor_b``; ``actor_b``
    moves on ``issue_q`` by ``move_b`` toward ``actor_a``; each gains ``gain``."""

    actor_a: str
    actor_b: str
    issue_p: str
    issue_q: str
    move_a: float
    move_b: float
    gain: float
    round: int = 0

    def to_dict(self) -> dict:
        return {
            "round": self.round, "actor_a": self.actor_a, "gives_on": self.issue_p,
            "actor_b": self.actor_b, "gives_back_on": self.issue_q,
            "move_a": round(self.move_a, 6), "move_b": round(self.move_b, 6), "gain": round(self.gain, 9),
        }


@dataclass(repr=False)
class ExchangeResult:
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    position_before: np.ndarray
    position_after: np.ndarray
    outcome_before: np.ndarray
    outcome_after: np.ndarray
    exchanges: list[Exchange] = field(default_factory=list)
    rounds: int = 0

    def __repr__(self) -> str:
        return (f"<ExchangeResult: {len(self.exchanges)} trades in {self.rounds} round(s), "
                f"{len(self.actors)} actors x {len(self.issues)} issues>")

    def to_dict(self) -> dict:
        num = json_number

        return {
            "rounds": self.rounds,
            "exchanges": [e.to_dict() for e in self.exchanges],
            "issues": [
                {"id": iid, "outcome_before": num(self.outcome_before[j]), "outcome_after": num(self.outcome_after[j]),
                 "positions_after": {a: num(self.position_after[i, j]) for i, a in enumerate(self.actors)
                                     if np.isfinite(self.position_after[i, j])}}
                for j, iid in enumerate(self.issues)
            ],
        }


def nbs(position: np.ndarray, salience: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """O_j, the capability x salience weighted mean per issue (NaN positions weigh 0)."""
    w = np.where(np.isnan(position), 0.0, capability * salience)
    tot = w.sum(axis=-2)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(tot > 0, (w * np.nan_to_num(position)).sum(axis=-2) / np.where(tot > 0, tot, 1), np.nan)


def _setup(position: np.ndarray, salience: np.ndarray, capability: np.ndarray):
    """Round-start quantities: held mask, e_ij, W_j-weighted terms, O_j and the sides."""
    x = np.asarray(position, dtype=float)
    held = ~np.isnan(x)
    w = np.where(held, capability * salience, 0.0)
    wt = w.sum(axis=0)
    e = np.where(wt > 0, w / np.where(wt > 0, wt, 1.0), 0.0)
    o = nbs(x, salience, capability)
    side = np.sign(np.nan_to_num(x - o[None, :]))
    return x, held, w, wt, e, o, side


def _pairs(x, held, side, s):
    """Every (a, b, p, q), in index order, where a and b stand on opposite sides of O on p
    and on q and a cares relatively more about q (a supplies p, b supplies q)."""
    n, k = x.shape
    a_idx, b_idx = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    off = a_idx != b_idx
    out = []
    for p, q in combinations(range(k), 2):  # (b, a, q, p) is the same trade: listed once
        ok = off & held[:, None, p] & held[None, :, p] & held[:, None, q] & held[None, :, q]
        ok &= (side[:, None, p] * side[None, :, p] < 0) & (side[:, None, q] * side[None, :, q] < 0)
        ok &= s[:, None, q] * s[None, :, p] > s[:, None, p] * s[None, :, q]
        out.extend((int(a), int(b), p, q) for a, b in zip(a_idx[ok], b_idx[ok]))
    out.sort()
    return out


def _trade(x0, cur, s, e, w, wt, side, key, known, tol):
    """One trade's ``(gain, x, y)``, or None when it is not feasible.

    ``cur`` holds where actors stand now (the movers start there); ``known`` the
    positions this trade has been told of since the round began (others are the
    round's start ``x0``); O_p and O_q are computed from those."""
    a, b, p, q = key

    def pos(i, j):
        return known.get((i, j), x0[i, j])

    def o(j):
        col = x0[:, j].copy()
        for (i, jj), v in known.items():
            if jj == j:
                col[i] = v
        return float(np.nansum(w[:, j] * col) / wt[j])

    xa, yb = cur[a, p], cur[b, q]
    xmax = (pos(b, p) - xa) * -side[a, p]  # a moves away from its round-start side of O_p
    ymax = (pos(a, q) - yb) * -side[b, q]
    if not (xmax > 0 and ymax > 0):
        return None
    ea, eb = e[a, p], e[b, q]
    ra = ea * (s[a, p] + s[b, p])
    rb = eb * (s[a, q] + s[b, q])
    xm, y = xmax, xmax * ra / rb
    if y > ymax:
        xm, y = ymax * rb / ra, ymax
    # O_q may not pass a's position on q, nor O_p b's on p (as this trade knows them);
    # an O already on or past that position is not cut (this move does not pass it)
    room_q = (pos(a, q) - o(q)) * side[a, q]
    if room_q > ROOM and eb * y > room_q:
        y = room_q / eb
        xm = y * rb / ra
    room_p = (pos(b, p) - o(p)) * side[b, p]
    if room_p > ROOM and ea * xm > room_p:
        xm = room_p / ea
        y = xm * ra / rb
    gain = s[a, q] * eb * y - s[a, p] * ea * xm
    if not (np.isfinite(gain) and gain > tol):
        return None
    return float(gain), float(xm), float(y)


def candidate_exchanges(position: np.ndarray, salience: np.ndarray, capability: np.ndarray, tol: float = TOL):
    """Every feasible trade at the round's start: a list of tuples
    ``(gain, a, b, p, q, x, y)`` with actor and issue indices, best first (ties by index)."""
    x, held, w, wt, e, _, side = _setup(position, salience, capability)
    out = []
    for key in _pairs(x, held, side, salience):
        r = _trade(x, x, salience, e, w, wt, side, key, {}, tol)
        if r is not None:
            out.append((r[0], *key, r[1], r[2]))
    out.sort(key=lambda t: (-t[0], t[1], t[2], t[3], t[4]))
    return out


def _touches(k2, k) -> bool:
    """Does realising trade ``k`` make trade ``k2`` recalculate? When an actor is in
    both with the same supply issue, or with the same demand issue."""
    a2, b2, p2, q2 = k2
    a, b, p, q = k
    supply, demand = {(a, p), (b, q)}, {(a, q), (b, p)}
    return bool({(a2, p2), (b2, q2)} & supply) or bool({(a2, q2), (b2, p2)} & demand)


READINGS = ("symmetric", "decide")


def trade_round(position: np.ndarray, salience: np.ndarray, capability: np.ndarray, tol: float = TOL,
                reading: str = "symmetric"):
    """One round on 0..100 positions: ``(trades, positions after)``; each trade a tuple
    ``(gain, a, b, p, q, x, y)`` in the order realised (see the module's docstring).

    ``reading="decide"`` adds the bound decide-exchange-model's outputs show and no rule of
    the model states (docs/decisions.md, entries 199-200): each pending trade keeps a tally
    of each mover's move, its round-start move; when the trade is recalculated because that
    mover has just moved on the issue it gives on here, the tally grows by the recomputed
    move (after any other recalculation it is the latest move), and a mover moving *up* its
    scale whose tally would pass 100 drops the trade. It reproduces decide's first-round
    lists on its sample data in both orientations, and makes the round depend on which end
    of a scale is which; the default keeps the round mirror-symmetric."""
    if reading not in READINGS:
        raise ValueError(f"reading {reading!r}: expected one of {', '.join(READINGS)}")
    decide = reading == "decide"
    x0, held, w, wt, e, _, side = _setup(position, salience, capability)
    s = salience
    cur = x0.copy()
    known: dict[tuple, dict] = {}
    pending: dict[tuple, tuple] = {}
    tally: dict[tuple, list[float]] = {}
    for key in _pairs(x0, held, side, s):
        r = _trade(x0, cur, s, e, w, wt, side, key, {}, tol)
        if r is not None:
            pending[key], known[key], tally[key] = r, {}, [r[1], r[2]]
    taken = []
    while pending:
        # equal gains (to 12 digits: float noise) go to the lowest (a, b, p, q)
        key = min(pending, key=lambda k: (-round(pending[k][0], 12), k))
        g, xv, yv = pending.pop(key)
        a, b, p, q = key
        na = cur[a, p] - side[a, p] * xv
        nb = cur[b, q] - side[b, q] * yv
        cur[a, p], cur[b, q] = na, nb
        taken.append((g, a, b, p, q, xv, yv))
        for k2 in list(pending):
            if _touches(k2, key):
                kn = known[k2]
                kn[(a, p)], kn[(b, q)] = na, nb
                a2, b2, p2, q2 = k2
                kn[(a2, p2)], kn[(b2, q2)] = cur[a2, p2], cur[b2, q2]
                r = _trade(x0, cur, s, e, w, wt, side, k2, kn, tol)
                if r is not None and decide:
                    r = _decide_tally(tally[k2], r, k2, (a, p), (b, q), side)
                if r is None:
                    del pending[k2]
                else:
                    pending[k2] = r
    return taken, cur


def _decide_tally(t: list[float], r: tuple, k2: tuple, moved_a: tuple, moved_b: tuple, side) -> tuple | None:
    """decide's reading (see :func:`trade_round`): ``r`` kept, or None where a mover going up
    its scale, recalculated after moving on its own supply issue, would pass 100 in all."""
    a2, b2, p2, q2 = k2
    movers = ((a2, p2), (b2, q2))
    supply = [m for m in (0, 1) if movers[m] in (moved_a, moved_b)]
    if any(-side[movers[m]] > 0 and t[m] + r[1 + m] > 100.0 + 1e-9 for m in supply):
        return None
    for m in (0, 1):
        t[m] = t[m] + r[1 + m] if m in supply else r[1 + m]
    return r


def exchange_model(inputs: Inputs, rounds: int = 10, tol: float = TOL, reading: str = "symmetric") -> ExchangeResult:
    """Run up to ``rounds`` rounds of trades on one scenario's arrays ``(n, k)``
    (``reading``: see :func:`trade_round`)."""
    if inputs.position.ndim != 2:
        raise ValueError("the exchange model takes one scenario's arrays (n, k), not draws")
    # every issue on 0..100 from its own scale, as decide-exchange-model's documentation
    # describes (moves and gains then weigh alike across issues); back at the end
    lo = np.asarray(inputs.scale_low, dtype=float)
    span = np.where(inputs.scale_high > lo, np.asarray(inputs.scale_high, dtype=float) - lo, 1.0)
    raw0 = np.array(inputs.position, dtype=float)
    x0 = (raw0 - lo) / span * 100.0
    s = np.asarray(inputs.salience, dtype=float)
    c = np.broadcast_to(np.asarray(inputs.capability, dtype=float), x0.shape)
    x = x0.copy()
    done: list[Exchange] = []
    r = 0
    for r in range(1, rounds + 1):
        taken, new = trade_round(x, s, c, tol, reading)
        if not taken:
            r -= 1
            break
        for g, a, b, p, q, xv, yv in taken:
            done.append(Exchange(inputs.actors[a], inputs.actors[b], inputs.issues[p], inputs.issues[q],
                                 xv * span[p] / 100.0, yv * span[q] / 100.0, g, r))
        x = new
    back = x / 100.0 * span + lo
    return ExchangeResult(
        tuple(inputs.actors), tuple(inputs.issues), raw0, back, nbs(raw0, s, c), nbs(back, s, c), done, r,
    )


__all__ = ["READINGS", "Exchange", "ExchangeResult", "candidate_exchanges", "exchange_model", "nbs", "trade_round"]

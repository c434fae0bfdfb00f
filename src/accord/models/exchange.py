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

A round (Stokman & van Oosten 1994, as decide-exchange-model's documentation points to
it) lists every feasible trade at the round's positions, realises the one with the
highest gain, then recalculates every remaining trade that involves a position the
realised one moved (an actor's position on an issue it or its partner trades on): its
limits, its rate and its gain at the new positions; a trade no longer feasible (sides no
longer opposite, or no gain above ``tol``) is dropped. The next best trade is realised,
and so on until none is left; a trade is realised at most once a round, but an actor may
give again on an issue it has given on, from its new position. The expected outcomes
O_j (which decide the sides) and the e_ij are those of the round's start; they are
recomputed at the end of the round. Rounds repeat until no trade gains more than ``tol``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import permutations

import numpy as np

from ..scenario.schema import Inputs
from ..jsonnum import json_number

TOL = 1e-9


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


def candidate_exchanges(position: np.ndarray, salience: np.ndarray, capability: np.ndarray, tol: float = TOL):
    """Every feasible trade at these positions: a list of tuples
    ``(gain, a, b, p, q, x, y)`` with actor and issue indices, best first (ties by index)."""
    x = position
    held = ~np.isnan(x)
    w = np.where(held, capability * salience, 0.0)
    wt = w.sum(axis=0)
    e = np.where(wt > 0, w / np.where(wt > 0, wt, 1.0), 0.0)
    o = nbs(x, salience, capability)
    side = np.sign(np.nan_to_num(x - o[None, :]))
    n, k = x.shape
    out = []
    a_idx, b_idx = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    off = a_idx != b_idx
    for p, q in permutations(range(k), 2):
        s = salience
        ok = off & held[:, None, p] & held[None, :, p] & held[:, None, q] & held[None, :, q]
        ok &= (side[:, None, p] * side[None, :, p] < 0) & (side[:, None, q] * side[None, :, q] < 0)
        ok &= s[:, None, q] * s[None, :, p] > s[:, None, p] * s[None, :, q]
        if not ok.any():
            continue
        aa, bb = a_idx[ok], b_idx[ok]
        ea, eb = e[aa, p], e[bb, q]
        ra = ea * (s[aa, p] + s[bb, p])
        rb = eb * (s[aa, q] + s[bb, q])
        xmax = np.abs(x[aa, p] - x[bb, p])
        ymax = np.abs(x[bb, q] - x[aa, q])
        with np.errstate(divide="ignore", invalid="ignore"):
            y = xmax * ra / rb
            over = y > ymax
            xm = np.where(over, ymax * rb / ra, xmax)
            y = np.where(over, ymax, y)
        gain = s[aa, q] * eb * y - s[aa, p] * ea * xm
        for g, a, b, xv, yv in zip(gain, aa, bb, xm, y):
            if np.isfinite(g) and g > tol:
                out.append((float(g), int(a), int(b), p, q, float(xv), float(yv)))
    out.sort(key=lambda t: (-t[0], t[1], t[2], t[3], t[4]))
    return out


def _trade(x, s, e, o, a, b, p, q, tol):
    """One trade's ``(gain, x, y)`` at positions ``x``, or None when it is not feasible:
    the same equations and order of operations as :func:`candidate_exchanges`."""
    if not (np.isfinite(x[a, p]) and np.isfinite(x[b, p]) and np.isfinite(x[a, q]) and np.isfinite(x[b, q])):
        return None
    if np.sign(x[a, p] - o[p]) * np.sign(x[b, p] - o[p]) >= 0 or np.sign(x[a, q] - o[q]) * np.sign(x[b, q] - o[q]) >= 0:
        return None
    ea, eb = e[a, p], e[b, q]
    ra = ea * (s[a, p] + s[b, p])
    rb = eb * (s[a, q] + s[b, q])
    xmax = abs(x[a, p] - x[b, p])
    ymax = abs(x[b, q] - x[a, q])
    with np.errstate(divide="ignore", invalid="ignore"):
        y = xmax * ra / rb
        if y > ymax:
            xm, y = ymax * rb / ra, ymax
        else:
            xm = xmax
    gain = s[a, q] * eb * y - s[a, p] * ea * xm
    if not (np.isfinite(gain) and gain > tol):
        return None
    return float(gain), float(xm), float(y)


def trade_round(position: np.ndarray, salience: np.ndarray, capability: np.ndarray, tol: float = TOL):
    """One round on 0..100 positions: ``(trades, positions after)``; each trade a tuple
    ``(gain, a, b, p, q, x, y)`` in the order realised, each recalculated at the positions
    the trades before it left (see the module's docstring)."""
    x = np.array(position, dtype=float)
    s = salience
    held = ~np.isnan(x)
    w = np.where(held, capability * s, 0.0)
    wt = w.sum(axis=0)
    e = np.where(wt > 0, w / np.where(wt > 0, wt, 1.0), 0.0)
    o = nbs(x, s, capability)
    pending = {(a, b, p, q): (g, xv, yv) for g, a, b, p, q, xv, yv in candidate_exchanges(x, s, capability, tol)}
    taken = []
    while pending:
        key = min(pending, key=lambda k: (-pending[k][0], k))
        g, xv, yv = pending.pop(key)
        a, b, p, q = key
        # both moves from the positions before this trade
        na = x[a, p] + np.sign(x[b, p] - x[a, p]) * xv
        nb = x[b, q] + np.sign(x[a, q] - x[b, q]) * yv
        x[a, p], x[b, q] = na, nb
        taken.append((g, a, b, p, q, xv, yv))
        moved = {(a, p), (b, q)}
        for k in list(pending):
            a2, b2, p2, q2 = k
            if {(a2, p2), (b2, p2), (a2, q2), (b2, q2)} & moved:
                r = _trade(x, s, e, o, a2, b2, p2, q2, tol)
                if r is None:
                    del pending[k]
                else:
                    pending[k] = r
    return taken, x


def exchange_model(inputs: Inputs, rounds: int = 10, tol: float = TOL) -> ExchangeResult:
    """Run up to ``rounds`` rounds of trades on one scenario's arrays ``(n, k)``."""
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
        taken, new = trade_round(x, s, c, tol)
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


__all__ = ["Exchange", "ExchangeResult", "candidate_exchanges", "exchange_model", "nbs", "trade_round"]

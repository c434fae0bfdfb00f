"""KTAB's spatial model of politics (SMP): actors bargain pairwise, turn by turn.

The model of Wise, Lester et al. (KAPSARC Toolkit for Behavioral Analysis, KTAB,
``lsyaseen/KTAB``, MIT; Wise 2015, "SMP: a spatial model of politics", KAPSARC
discussion paper). Written afresh here from a reading of that code; the choices made
in reading it are listed in docs/decisions.md.

Positions ``x_i`` are points in [0, 1]^k (each issue's scale mapped there), saliences
``s_i`` (per issue, summing to at most 1) and capabilities ``c_i``.

Utility.  The salience-weighted distance from i's ideal (its current position) to j's
position is  d_ij = sqrt( Sum_d s_id^2 (x_id - x_jd)^2 / Sum_d s_id^2 ), and with risk
attitude R in [-1, 1] the utility is  u(d, R) = (1 - d)(1 + d R)  (d <= 1).

Probabilistic Condorcet election (PCE).  With votes  v_k(a:b) = w_k (u_ka - u_kb)
(the proportional rule), the coalition for a over b is  C_ab = 1e-8 + Sum_k max(v_k, 0),
the chance a beats b is  P_ab = C_ab / (C_ab + C_ba)  (the linear victory model) and the
conditional PCE makes option a win with probability  prod_b P_ab / Sum_a' prod_b P_a'b.

Risk.  Each turn a risk-neutral PCE over the actors' positions (weights c) gives p_i;
BigRRange Mid maps it to  R_i = (3 p_i - p_max - 2 p_min) / (2 (p_max - p_min)), and
actor h's estimate of i's attitude is  (2 R_h + R_i) / 3  (BigRAdjust OneThird).

Challenges.  Each actor i estimates, with its own utilities U^i, what it gains by
challenging each j: principals vote with weight s c, each third party n joins the side
it prefers in the little contest (i, j, n) with semi-commitment, giving the chance
p_ij that i prevails; the gain is
    (1 - S_j) 2 U_ii + S_j (p_ij 2 U_ii + (1 - p_ij) 2 U_ij) - (U_ii + U_ij)
(S_j = Sum_d s_jd).  i targets the j of largest gain above 1e-5 and proposes the
bargain in which both move towards each other, per issue, with weights s^2 p^2
(InterVecBrgn S2P2, rounded to 1e-4).

Choice.  Every actor k then runs a PCE (weights c) among the status quo and the
bargains that involve it, each valued by each actor as the mean utility of all
positions after the bargain, and adopts the most probable (deterministic transitions).

Stopping.  After turn t >= 2, stop when the total movement of that turn falls below
2% of the first turn's (+1e-4); at most 100 turns.

From accord's inputs: each issue's scale maps to [0, 1] (KTAB divides its 0-100 CSV
values by 100; accord's salience is already 0..1); an actor's capability is its mean
over the issues it takes a position on, and all capabilities are rescaled so the
largest is 100 (KTAB's absolute floors, 1e-8 and 1e-10, then weigh the same whatever
the unit); an actor whose saliences sum above 1 (KTAB refuses such input) has them
divided by their sum.

Groups and absent actors.  Each group of issues (``Inputs.group``, a scenario's
``issues[].group``, a DEU proposal) is its own negotiation; with no groups, all issues
form one (as KTAB reads one CSV). An actor with no position on any issue of a group
takes no part in it (no phantom at the status quo). One with a position on some of
them has salience 0 on the others, where it starts at the present actors' weighted
median; only actors with a position on an issue count in that issue's forecast.

Summary (``summary``).  KTAB reports no scalar outcome, only positions and win
probabilities; the forecast is ``expected`` (the expected position under the PCE win
probabilities of the final state, the default), ``modal`` (the most probable final
position) or ``median`` (the final capability x salience weighted median). ``rounds``
holds the same summary after every turn, so a chart and the forecast agree.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..errors import InputError
from ..scenario.schema import Inputs
from .base import Model, Param, Solution, weighted_median
from .registry import register

VICTORY = ("linear", "square", "quartic", "octic", "binary")
VOTING = ("binary", "prop_bin", "prop", "prop_cubic", "cubic", "asym_prospect")
PCE = ("conditional",)
TRANSITIONS = ("deterministic",)
BIG_R_RANGE = ("min", "mid", "max")
BIG_R_ADJUST = ("full", "two_thirds", "half", "one_third", "none")
THIRD_PARTY = ("full", "semi", "none")
INTERP = ("s1p1", "s2p2", "s2pmax")
BARGAIN = ("init_only",)

MIN_COALITION = 1e-8  # KTAB Model::coalitions
MIN_PRINCIPAL = 1e-10  # KTAB SMPState::probEduChlg
MIN_GAIN = 1e-5  # KTAB SMPState::bestChallenge
POS_TOL = 1e-3  # KTAB SMPModel::posTol, on the [0, 1] scale
CAP_SCALE = 100.0  # capabilities are rescaled so the largest is this (see _solve_one)
_BLOCK = 65536  # elements per (i, j, n) block
_PCE_BLOCK = 1 << 21  # elements per block of voters in a PCE (larger ones are summed in blocks)
MAX_TURNS = 100
SUMMARY = ("expected", "modal", "median")
#: actors in one negotiation above which smp refuses before starting (bench_smp.py: at 250
#: actors memory stays under 2 GB and one negotiation under 60 s on this machine)
MAX_ACTORS = 250
MIN_TURNS = 2
MIN_DELTA_RATIO = 0.02
MIN_SIG_DELTA = 1e-4


# --------------------------------------------------------------------------- voting


def _vote(rule: str, w: np.ndarray, du: np.ndarray) -> np.ndarray:
    """An actor's vote of weight ``w`` on a utility difference ``du`` (KTAB Model::vote)."""
    if rule == "prop":
        return w * du
    r_bin = np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "binary":
        return w * r_bin
    if rule == "prop_bin":
        return w * (0.8 * du + 0.2 * r_bin)
    if rule == "prop_cubic":
        return w * (0.5 * du + 0.5 * du**3)
    if rule == "cubic":
        return w * du**3
    return np.where(du < 0, w * du, np.where(du > 0, 2.0 * w * du / 3.0, 0.0))  # asym_prospect


def _victory(model: str, c_ab: np.ndarray, c_ba: np.ndarray) -> np.ndarray:
    """P(a beats b) from the two coalition strengths (KTAB Model::vProb)."""
    if model == "binary":
        r = c_ab / (c_ab + c_ba)
        mid = (r * 2.1 - 1.0) / 0.1
        p = np.where(c_ab >= 1.1 * c_ba, 1.0, np.where(c_ba >= 1.1 * c_ab, 1e-6, mid))
        q = np.where(c_ab >= 1.1 * c_ba, 1e-6, np.where(c_ba >= 1.1 * c_ab, 1.0, 1.0 - mid))
        return p / (p + q)
    power = {"linear": 1, "square": 2, "quartic": 4, "octic": 8}[model]
    a, b = c_ab**power, c_ba**power
    return a / (a + b)


def _pce(u: np.ndarray, w: np.ndarray, rule: str, victory: str) -> np.ndarray:
    """Conditional PCE over options: ``u`` (..., actors, options), ``w`` (actors,).

    Returns the probability of each option, (..., options), computed in logs (the
    product of many P_ab can underflow where KTAB multiplies directly).
    """
    n, m = u.shape[-2:]
    lead = int(np.prod(u.shape[:-2])) if u.ndim > 2 else 1
    step = max(1, _PCE_BLOCK // max(lead * m * m, 1))
    if step >= n:
        du = u[..., :, :, None] - u[..., :, None, :]  # (..., actor, a, b)
        v = _vote(rule, w[:, None, None], du)
        c = MIN_COALITION + np.maximum(v, 0.0).sum(axis=-3)  # (..., a, b): C_ab
    else:  # many voters: sum their votes block by block (memory quadratic, not cubic)
        c = np.full(u.shape[:-2] + (m, m), MIN_COALITION)
        for a in range(0, n, step):
            ub = u[..., a:a + step, :]
            v = _vote(rule, w[a:a + step, None, None], ub[..., :, :, None] - ub[..., :, None, :])
            c += np.maximum(v, 0.0, out=v).sum(axis=-3)
    p = _victory(victory, c, np.swapaxes(c, -1, -2))
    m = p.shape[-1]
    idx = np.arange(m)
    p[..., idx, idx] = 0.5
    with np.errstate(divide="ignore"):
        logp = np.log(p).sum(axis=-1)
    logp = logp - logp.max(axis=-1, keepdims=True)
    e = np.exp(logp)
    return e / e.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------------- utility


def _distance(x: np.ndarray, s: np.ndarray) -> np.ndarray:
    """d_ij: i's salience-weighted distance from its position to j's, (n, n)."""
    s2 = s * s
    tot = s2.sum(axis=1)
    diff = x[:, None, :] - x[None, :, :]
    num = (diff * diff * s2[:, None, :]).sum(axis=2)
    safe = np.where(tot > 0, tot, 1.0)
    return np.where(tot[:, None] > 0, np.sqrt(num / safe[:, None]), 0.0)


def _util(d: np.ndarray, r: np.ndarray) -> np.ndarray:
    """KTAB SMPModel::bsUtil: (1 - d)(1 + d R), with d capped at 1 in the second factor."""
    return (1.0 - d) * (1.0 + np.minimum(d, 1.0) * r)


def _big_r(p: np.ndarray, rng: str) -> np.ndarray:
    lo, hi = p.min(), p.max()
    span = hi - lo
    if span <= 0:  # every position equally likely: risk-neutral throughout
        return np.zeros_like(p)
    if rng == "min":
        return (p - lo) / span
    if rng == "mid":
        return (3.0 * p - (hi + 2.0 * lo)) / (2.0 * span)
    return (2.0 * p - (hi + lo)) / span


def _adjust(rh: np.ndarray, ri: np.ndarray, how: str) -> np.ndarray:
    """h's estimate of i's risk attitude (KTAB Model::estNRA)."""
    if how == "full":
        return np.broadcast_to(ri, np.broadcast_shapes(rh.shape, ri.shape))
    if how == "two_thirds":
        return (rh + 2.0 * ri) / 3.0
    if how == "half":
        return (rh + ri) / 2.0
    if how == "one_third":
        return (2.0 * rh + ri) / 3.0
    return np.broadcast_to(rh, np.broadcast_shapes(rh.shape, ri.shape))


def _round4(x: np.ndarray) -> np.ndarray:
    """KTAB's rounding of bargains to 1e-4: (int)(0.5 + 1e4 x) / 1e4 (truncation toward 0)."""
    return np.trunc(0.5 + x * 1e4) / 1e4


def _third_party_mask(rows: np.ndarray, n: int) -> np.ndarray:
    """1 where n is a third party to (i, j), i.e. n != i and n != j: (len(rows), j, n)."""
    third = np.ones((len(rows), n, n))
    ar = np.arange(n)
    third[np.arange(len(rows)), :, rows] = 0.0
    third[:, ar, ar] = 0.0
    return third


class _State:
    """One turn's positions with everything KTAB derives from them.

    U^h_ij, h's utility for i of j's position, is never stored as an (n, n, n) array:
    it is (1 - d_ij)(1 + d_ij Rhat_hi) with d (n, n) and Rhat (n, n), built block by
    block where it is needed, so memory stays quadratic in the actors.
    """

    def __init__(self, x: np.ndarray, s: np.ndarray, c: np.ndarray, p: dict[str, Any]):
        self.x, self.s, self.c, self.p = x, s, c, p
        self.d = _distance(x, s)
        rn = _util(self.d, np.zeros(1))
        prob = _pce(rn.copy(), c, p["voting_rule"], p["victory_prob"])
        self.r = _big_r(prob, p["big_r_range"])
        self.rhat = np.ascontiguousarray(_adjust(self.r[:, None], self.r[None, :], p["big_r_adjust"]))  # (h, i)
        n = len(c)
        ar = np.arange(n)
        self.own = _util(self.d, self.rhat[ar, ar][:, None])  # U^i_ij with R_i: (i, j)

    def u_block(self, rows: np.ndarray) -> np.ndarray:
        """U^h_ij for the perspectives h in ``rows``: (len(rows), n, n)."""
        return _util(self.d[None, :, :], self.rhat[rows][:, :, None])

    def win_probabilities(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """KTAB SMPState::pDist(-1): PCE over the distinct positions, own-view utilities.

        Returns (per-actor probability of its position, representative indices, their
        probabilities).
        """
        n = len(self.c)
        gap = np.sqrt(((self.x[:, None, :] - self.x[None, :, :]) ** 2).sum(axis=2))
        same = gap < POS_TOL
        reps: list[int] = []
        for i in range(n):
            if not any(same[i, k] for k in reps):
                reps.append(i)
        reps_a = np.array(reps)
        pu = _pce(self.own[:, reps_a], self.c, self.p["voting_rule"], self.p["victory_prob"])
        # an actor takes the probability of the last representative it matches (State::posProb)
        match = same[:, reps_a]
        last = match.shape[1] - 1 - np.argmax(match[:, ::-1], axis=1)
        return pu[last], reps_a, pu

    def _third_parties(self, u: np.ndarray, rows: np.ndarray, chij: np.ndarray, chji: np.ndarray,
                       w: np.ndarray, third: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Sum over third parties n of their votes in (i:j), for a block of challengers i.

        ``u`` is (b, n, n): U^i for the block. KTAB Actor::vProbLittle gives n's chance
        ``pin`` that i (with n's help) beats j; Actor::thirdPartyVoteSU gives n's vote
        w_n [u(ik > j) - u(i > jk)] = w_n [pin (A1 - A2) + (1 - pin)(B1 - B2)].
        Returns (Sum_n max(v_n, 0), Sum_n v_n), each (b, n).
        """
        rule = self.p["voting_rule"]
        uni = u[np.arange(len(rows)), :, rows][:, None, :]  # U^i_ni (b, 1, n)
        unj = np.swapaxes(u, 1, 2)  # U^i_nj (b, j, n)
        unn = np.diagonal(u, axis1=1, axis2=2)[:, None, :]  # U^i_nn (b, 1, n)
        vn = _vote(rule, w[None, None, :], uni - unj)
        cni = np.maximum(vn, 0.0)
        cni += chij[:, :, None]
        cnj = np.minimum(vn, 0.0)
        np.subtract(chji[:, :, None], cnj, out=cnj)
        cnj += cni
        pin = np.divide(cni, cnj, out=cni)
        if self.p["third_party_commit"] == "semi":
            d_a, d_b = unn - uni, unj - unn
        else:  # full and no commitment give n equal sums in both contests: n abstains
            d_a, d_b = np.zeros_like(uni), np.zeros_like(unj)
        diff = d_b + pin * (d_a - d_b)
        vk = _vote(rule, w[None, None, :], diff)
        vk *= third
        return np.maximum(vk, 0.0).sum(axis=2), vk.sum(axis=2)

    def challenges(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each i, its best target j (or -1), the estimated p_ij, and the gain.

        KTAB SMPState::probEduChlg(h=i, k=i, i, j) for all i, j at once: arrays are
        indexed [i, j, n] with n the third party.
        """
        p = self.p
        n = len(self.c)
        rule = p["voting_rule"]
        tot_s = self.s.sum(axis=1)
        w = tot_s * self.c
        ar = np.arange(n)
        dd = np.diagonal(self.d)[None, :]  # d_jj (0 unless j has no salience at all)
        uh_ii = _util(np.diagonal(self.d), np.diagonal(self.rhat))[:, None]  # U^i_ii  (i, 1)
        uh_ij = self.own  # U^i_ij  (i, j)
        uh_ji = _util(self.d.T, self.rhat)  # U^i_ji = (1 - d_ji)(1 + d_ji Rhat_ij)  (i, j)
        uh_jj = _util(dd, self.rhat)  # U^i_jj  (i, j)
        con_i = _vote(rule, w[:, None], uh_ii - uh_ij)
        con_j = _vote(rule, w[None, :], uh_ji - uh_jj)
        chij = MIN_PRINCIPAL + np.maximum(con_i, 0) + np.maximum(con_j, 0)
        chji = MIN_PRINCIPAL - np.minimum(con_i, 0) - np.minimum(con_j, 0)
        # third parties, in blocks of challengers i so the (i, j, n) arrays stay in cache
        up = np.empty((n, n))
        net = np.empty((n, n))
        step = max(1, _BLOCK // max(n * n, 1))
        for a in range(0, n, step):
            sl = slice(a, min(n, a + step))
            up[sl], net[sl] = self._third_parties(self.u_block(ar[sl]), ar[sl], chij[sl], chji[sl], w,
                                                  _third_party_mask(ar[sl], n))
        chij = chij + up
        chji = chji - (net - up)
        phij = chij / (chij + chji)
        sj = tot_s[None, :]
        vict, lose = uh_ii + uh_ii, uh_ij + uh_ij
        gain = (1 - sj) * vict + sj * (phij * vict + (1 - phij) * lose) - (uh_ii + uh_ij)
        gain[ar, ar] = -np.inf
        ok = gain > MIN_GAIN
        masked = np.where(ok, gain, -np.inf)
        best = np.argmax(masked, axis=1)
        has = ok.any(axis=1)
        target = np.where(has, best, -1)
        return target, phij[ar, best], masked[ar, best]

    def bargain(self, i: int, j: int, prob_i: float) -> tuple[np.ndarray, np.ndarray]:
        """KTAB SMPActor::interpolateBrgn: where i and j each move to, per issue."""
        ti, tj = self.x[i], self.x[j]
        si, sj = self.s[i], self.s[j]
        pi, pj = prob_i, 1.0 - prob_i
        how = self.p["bargain_interp"]
        if how == "s2pmax":
            di, dj = max(pj - pi, 0.0), max(pi - pj, 0.0)
            si2, sj2 = si * si, sj * sj
            dik = di * sj2 / (di * sj2 + 1e-6 + (1 - di) * si2)
            djk = dj * si2 / (dj * si2 + 1e-6 + (1 - dj) * sj2)
            return ti + dik * (tj - ti), tj + djk * (ti - tj)
        e = 1 if how == "s1p1" else 2
        wi = si**e * pi**e
        wj = sj**e * pj**e
        den = wi + 1e-6 + wj
        return _round4(((wi + 1e-6) * ti + wj * tj) / den), _round4((wi * ti + (1e-6 + wj) * tj) / den)

    def step(self) -> np.ndarray:
        """The positions after one turn of challenges, bargains and choices."""
        n = len(self.c)
        target, prob, _ = self.challenges()
        inits = np.flatnonzero(target >= 0)
        if inits.size == 0:
            return self.x.copy()
        rcvrs = target[inits]
        moves = [self.bargain(int(i), int(j), float(prob[i])) for i, j in zip(inits, rcvrs)]
        bi = np.array([m[0] for m in moves])  # (b, k)
        bj = np.array([m[1] for m in moves])
        ar = np.arange(n)
        r_own = self.r  # posUtil uses the actor's own attitude
        own_u = self.own  # (a, n) = U^a_an
        base = own_u.sum(axis=1)  # (a,)

        def value(pos: np.ndarray) -> np.ndarray:  # (b, k) -> (a, b)
            s2 = self.s * self.s
            tot = s2.sum(axis=1)
            diff = self.x[:, None, :] - pos[None, :, :]
            num = (diff * diff * s2[:, None, :]).sum(axis=2)
            d = np.where(tot[:, None] > 0, np.sqrt(num / np.where(tot > 0, tot, 1.0)[:, None]), 0.0)
            return _util(d, r_own[:, None])

        ub = (base[:, None] - own_u[:, inits] - own_u[:, rcvrs] + value(bi) + value(bj)) / n  # (a, b)
        usq = base / n
        new = self.x.copy()
        # each actor k chooses among the status quo (option 0) and the bargains naming it,
        # queued as KTAB does: status quo first, then by initiator; batched by queue length
        involved = (inits[None, :] == ar[:, None]) | (rcvrs[None, :] == ar[:, None])  # (k, b)
        table = np.concatenate([usq[:, None], ub], axis=1)  # (a, 1 + b)
        count = involved.sum(axis=1)
        rule, victory = self.p["voting_rule"], self.p["victory_prob"]
        for size in np.unique(count[count > 0]):
            group = np.flatnonzero(count == size)
            opts = np.zeros((group.size, size + 1), dtype=int)
            opts[:, 1:] = np.nonzero(involved[group])[1].reshape(group.size, size) + 1
            batch = np.swapaxes(table[:, opts], 0, 1)  # (k, a, options)
            rows = max(1, _BLOCK // (n * (size + 1) ** 2))
            for start in range(0, group.size, rows):
                sl = slice(start, start + rows)
                choice = np.argmax(_pce(batch[sl], self.c, rule, victory), axis=1)
                for k, o, m in zip(group[sl], opts[sl], choice):
                    if m == 0:
                        continue
                    bar = o[m] - 1
                    new[k] = bi[bar] if inits[bar] == k else bj[bar]
        return new


def _movement(a: np.ndarray, b: np.ndarray) -> float:
    """KTAB SMPModel::stateDist: Sum_i ||x_i(a) - x_i(b)||."""
    return float(np.sqrt(((a - b) ** 2).sum(axis=1)).sum())


@register
class SpatialModelOfPolitics(Model):
    """KTAB's SMP; defaults are KTAB's deterministic settings (see module docstring)."""

    name = "smp"
    summary = "KTAB spatial model of politics: pairwise bargaining with probabilistic Condorcet elections"
    has_rounds = True
    vectorised = False  # draws are solved one at a time (about 50 ms each)

    parameters = (
        Param("victory_prob", "linear", "KTAB VictoryProbModel", choices=VICTORY),
        Param("voting_rule", "prop", "KTAB VotingRule", choices=VOTING),
        Param("pce", "conditional", "KTAB PCEModel", choices=PCE),
        Param("state_transitions", "deterministic", "KTAB StateTransitions", choices=TRANSITIONS),
        Param("big_r_range", "mid", "KTAB BigRRange", choices=BIG_R_RANGE),
        Param("big_r_adjust", "one_third", "KTAB BigRAdjust", choices=BIG_R_ADJUST),
        Param("third_party_commit", "semi", "KTAB ThirdPartyCommit", choices=THIRD_PARTY),
        Param("bargain_interp", "s2p2", "KTAB InterVecBrgn", choices=INTERP),
        Param("bargain_model", "init_only", "KTAB BargnModel", choices=BARGAIN),
        Param("rounds", None, "run exactly this many turns (null: KTAB's stopping rule)", kind="int", low=1, none_ok=True),
        Param("summary", "expected", "the forecast: expected, modal or median final position", choices=SUMMARY),
        Param("max_actors", MAX_ACTORS, "refuse a negotiation with more actors taking part", kind="int", low=2),
    )

    # ----------------------------------------------------------------- one draw

    def run(self, x: np.ndarray, s: np.ndarray, c: np.ndarray) -> tuple[list[np.ndarray], list[tuple]]:
        """Positions (n, k) on [0, 1], saliences (n, k), capabilities (n,) -> history.

        Returns every state's positions (the initial one first) and, per state, its
        win probabilities as :meth:`_State.win_probabilities` gives them. A state is
        dropped once the next one is built: memory stays quadratic in the actors.
        """
        fixed = self.params["rounds"]
        state = _State(x, s, c, self.params)
        history = [x]
        wins = [state.win_probabilities()]
        first = 0.0
        turn = 0
        while True:
            turn += 1
            nxt = state.step()
            history.append(nxt)
            state = _State(nxt, s, c, self.params)
            wins.append(state.win_probabilities())
            if turn == 1:
                first = _movement(history[0], history[1]) + MIN_SIG_DELTA
            if fixed is not None:
                if turn >= fixed:
                    break
                continue
            quiet = _movement(history[-1], history[-2]) / first < MIN_DELTA_RATIO
            if turn >= MAX_TURNS or (turn >= MIN_TURNS and quiet):
                break
        return history, wins

    def _summary(self, pos: np.ndarray, win: tuple, present: np.ndarray, weight: np.ndarray) -> np.ndarray:
        """The forecast of one state on each issue of a group, on [0, 1]: (k,).

        ``expected``: Sum_r P_r x_r over the distinct positions r and their PCE win
        probabilities P_r (KTAB's winning probabilities); ``modal``: the x_r of largest
        P_r; ``median``: the capability x salience weighted median. For an issue, only
        positions held by an actor that takes a position on it count (P renormalised).
        """
        how = self.params["summary"]
        if how == "median":
            return weighted_median(pos, weight)
        _, reps, pu = win
        gap = np.sqrt(((pos[:, None, :] - pos[None, reps, :]) ** 2).sum(axis=2))
        member = gap < POS_TOL  # (n, r)
        held = (member[:, :, None] & present[:, None, :]).any(axis=0)  # (r, k)
        p = np.where(held, pu[:, None], 0.0)
        if how == "modal":
            top = np.argmax(p, axis=0)
            return pos[reps[top], np.arange(pos.shape[1])]
        tot = p.sum(axis=0)
        return (p * pos[reps]).sum(axis=0) / np.where(tot > 0, tot, 1.0)

    def _solve_group(self, pos, sal, cap, lo, hi) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """One negotiation: (n, g) inputs -> (outcome (g,), trace (T+1, n, g),
        summaries (T+1, g), win probabilities (T+1, n)), and which actors took part.

        Only actors with a position on at least one of the group's issues take part; one
        with no position on some issue has salience 0 there and starts at the present
        actors' weighted median (it does not care where that issue lands and pulls it
        nowhere). Absent actors have NaN positions and win probability 0.
        """
        n, g = pos.shape
        present = ~np.isnan(pos) & (sal * cap > 0)
        part = present.any(axis=1)
        m = int(part.sum())
        trace_nan = np.full((1, n, g), np.nan)
        if m == 0:
            return np.full(g, np.nan), trace_nan, np.full((1, g), np.nan), np.zeros((1, n)), part
        span = np.where(hi > lo, hi - lo, 1.0)
        pr = present[part]
        w = np.where(pr, sal[part] * cap[part], 0.0)
        med = weighted_median(np.where(pr, pos[part], np.nan), w)
        med = np.where(np.isnan(med), (lo + hi) / 2.0, med)
        x = (np.where(pr, pos[part], med[None, :]) - lo) / span
        s = np.where(pr, sal[part], 0.0)
        tot = s.sum(axis=1, keepdims=True)
        s = np.where(tot > 1.0, s / np.where(tot > 0, tot, 1.0), s)
        c = np.where(pr, cap[part], 0.0).sum(axis=1) / np.maximum(pr.sum(axis=1), 1)
        top = c.max()
        c = c * (CAP_SCALE / top) if top > 0 else np.full_like(c, CAP_SCALE)
        history, wins = self.run(x, s, c)
        summaries = np.array([self._summary(h, wn, pr, w) for h, wn in zip(history, wins)]) * span + lo
        trace = np.full((len(history), n, g), np.nan)
        trace[:, part] = np.array(history) * span + lo
        trace[:, part] = np.where(pr[None], trace[:, part], np.nan)
        win = np.zeros((len(history), n))
        win[:, part] = np.array([wn[0] for wn in wins])
        return summaries[-1], trace, summaries, win, part

    def check_size(self, inputs: Inputs) -> None:
        """Refuse, before any turn is run, a negotiation with more actors taking part
        than ``max_actors`` (time grows as n^3 per turn; bench/bench_smp.py --actors)."""
        present = ~np.isnan(inputs.position) & (inputs.salience * inputs.capability > 0)
        for cols in issue_groups(inputs):
            m = int(present[..., cols].any(axis=-1).sum(axis=-1).max(initial=0))
            if m > self.params["max_actors"]:
                raise InputError(f"smp: {m} actors take part in one negotiation, above the ceiling of "
                                 f"{self.params['max_actors']} (time per turn grows as the cube of the actors; "
                                 f"--param smp.max_actors=N to raise it)", field="max_actors")

    def _solve_one(self, inputs: Inputs, index: tuple[int, ...]):
        """One draw, every group on its own: (outcome (k,), trace (T+1, n, k), summaries
        (T+1, k), win probabilities per issue (T+1, n, k), turns per issue (k,)); T the
        longest group's turns, shorter groups padded with their last state."""
        pos = inputs.position[index]
        sal = inputs.salience[index]
        cap = inputs.capability[index]
        lo = inputs.scale_low[index]
        hi = inputs.scale_high[index]
        n, k = pos.shape
        runs = [(cols, self._solve_group(pos[:, cols], sal[:, cols], cap[:, cols], lo[cols], hi[cols]))
                for cols in issue_groups(inputs)]
        T = max(r[1].shape[0] for _, r in runs)

        def pad(a: np.ndarray) -> np.ndarray:
            extra = T - a.shape[0]
            return np.concatenate([a, np.repeat(a[-1:], extra, axis=0)]) if extra else a

        outcome = np.empty(k)
        trace = np.empty((T, n, k))
        summ = np.empty((T, k))
        wins = np.empty((T, n, k))
        turns = np.empty(k, dtype=np.int64)
        for cols, (out, tr, su, wn, _) in runs:
            outcome[cols] = out
            trace[:, :, cols] = pad(tr)
            summ[:, cols] = pad(su)
            wins[:, :, cols] = pad(wn)[:, :, None]
            turns[cols] = tr.shape[0] - 1
        return outcome, trace, summ, wins, turns

    def solve(self, inputs: Inputs) -> Solution:
        """Run the SMP on each draw (a Python loop over any leading axes), each group of
        issues (``inputs.group``; all issues together when none) as its own negotiation.

        ``outcome`` (..., k): the summary named by ``summary`` after the last turn;
        ``rounds`` (..., R, k): the same summary after each turn; ``trace`` (..., R+1,
        n, k): every position, the initial state first (NaN where the actor takes no
        part); ``info["win_probability"]`` (..., R+1, n, k): the chance of each actor's
        position winning its issue's negotiation in each state; ``info["rounds_run"]``
        (..., k): the turns its negotiation ran; ``info["summary_start"]`` (..., k): the
        summary of the initial state. Draws and groups that stop early are padded with
        their last state.
        """
        lead = inputs.position.shape[:-2]
        self.check_size(inputs)
        runs = [self._solve_one(inputs, index) for index in np.ndindex(*lead)]
        turns = max(r[1].shape[0] for r in runs)

        def pad(a: np.ndarray) -> np.ndarray:
            extra = turns - a.shape[0]
            return np.concatenate([a, np.repeat(a[-1:], extra, axis=0)]) if extra else a

        n, k = inputs.position.shape[-2:]
        outcome = np.array([r[0] for r in runs]).reshape(*lead, k)
        trace = np.array([pad(r[1]) for r in runs]).reshape(*lead, turns, n, k)
        summ = np.array([pad(r[2]) for r in runs]).reshape(*lead, turns, k)
        wins = np.array([pad(r[3]) for r in runs]).reshape(*lead, turns, n, k)
        ran = np.array([r[4] for r in runs]).reshape(*lead, k)
        info = {
            "turns": int(ran.max(initial=0)) if not lead else ran.max(axis=-1),
            "rounds_run": ran,
            "win_probability": wins,
            "summary": self.params["summary"],
            "summary_start": summ[..., 0, :],
            "stopping": "fixed" if self.params["rounds"] is not None else "ktab",
        }
        return Solution(outcome, summ[..., 1:, :], trace, info)


def issue_groups(inputs: Inputs) -> list[np.ndarray]:
    """The columns of each group of issues solved together, in order of first issue;
    every issue in one group when ``inputs`` names none."""
    group = getattr(inputs, "group", None)
    k = len(inputs.issues) if inputs.issues else inputs.position.shape[-1]
    if group is None:
        return [np.arange(k)]
    seen: dict[Any, list[int]] = {}
    for j, gname in enumerate(group):
        seen.setdefault(gname if gname else ("", j), []).append(j)  # no group: alone
    return [np.array(cols) for cols in seen.values()]

"""The equal-gain exchange model against the published toy figures of the public
decide-exchange-model project (its data and numbers only), and the recalculation of the
remaining trades after each realised one."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.models.exchange import candidate_exchanges, exchange_model, nbs, trade_round
from accord.scenario.schema import Inputs

# decide-exchange-model's sample data (data/input/sample_data.txt): 10 actors, 6 issues;
# per actor: (position, salience) per issue, then power. Issue 2 runs 0.5..7.
ISSUES = ("tolheffing-binnenstad", "tol-hoogte", "wanneer-tol", "woonwerkverkeer", "extra-investering", "kleine-of-grote-ring")
SAMPLE = {
    "Willems": ([(100, .95), (3, .7), (100, .9), (100, .8), (25, .6), (75, .95)], 1.0),
    "PvdA": ([(50, .8), (3, .7), (75, .7), (100, .6), (25, .5), (25, .8)], 1.0),
    "GL": ([(100, .95), (5, .9), (100, .95), (100, .8), (50, .4), (100, .9)], 0.6),
    "VVDs": ([(0, .9), (.5, .5), (0, .9), (0, .9), (50, .8), (0, .7)], 0.5),
    "SP": ([(75, .7), (2, .5), (75, .6), (50, .4), (0, .3), (0, .7)], 0.4),
    "CDA": ([(25, .8), (1, .6), (25, .7), (50, .4), (25, .5), (50, .6)], 0.5),
    "D66": ([(25, .5), (3, .3), (50, .5), (75, .6), (25, .5), (50, .7)], 0.2),
    "CU": ([(75, .7), (3, .5), (75, .6), (100, .6), (50, .5), (75, .8)], 0.2),
    "KvK": ([(25, .8), (1, .6), (0, .7), (0, .9), (50, .5), (25, .8)], 0.6),
    "Wcentr": ([(0, .95), (.5, .8), (0, 1.0), (0, .95), (100, .9), (100, .9)], 0.9),
}


def inputs_from(table: dict, issues=ISSUES) -> Inputs:
    actors = tuple(table)
    x = np.array([[p for p, _ in table[a][0]] for a in actors], dtype=float)
    s = np.array([[q for _, q in table[a][0]] for a in actors], dtype=float)
    c = np.array([[table[a][1]] * len(issues) for a in actors], dtype=float)
    k = len(issues)
    return Inputs(x, s, c, np.zeros(k), np.zeros(k), np.full(k, 100.0), actors, tuple(issues))


def test_nbs_of_the_toy_actors_is_200_over_3():
    # decide's test_calculations: actors at 0, 100, 100, salience 1, power 1
    x = np.array([[0.0], [100.0], [100.0]])
    one = np.ones((3, 1))
    assert nbs(x, one, one)[0] == pytest.approx(float(Fraction(200, 3)), abs=1e-12)
    assert nbs(x[:2], one[:2], one[:2])[0] == pytest.approx(50.0)


def test_first_two_trades_on_the_sample_data_have_the_published_gains():
    inp = inputs_from(SAMPLE)
    taken, _ = trade_round(inp.position, inp.salience, inp.capability)
    assert taken[0][0] == pytest.approx(1.973684210526315789, abs=1e-12)  # = 75/38
    assert taken[1][0] == pytest.approx(1.79263630876534102, abs=1e-12)
    # the best trade: Willems gives on extra-investering, Wcentr on tolheffing-binnenstad
    g, a, b, p, q, _, _ = taken[0]
    names = {inp.actors[a], inp.actors[b]}
    assert names == {"Willems", "Wcentr"} and {ISSUES[p], ISSUES[q]} == {"extra-investering", "tolheffing-binnenstad"}


def test_each_trade_gains_both_sides_equally_and_moves_toward_the_partner():
    inp = inputs_from(SAMPLE)
    x, s, c = inp.position, inp.salience, inp.capability
    w = c * s
    e = w / w.sum(axis=0)
    for g, a, b, p, q, xv, yv in candidate_exchanges(x, s, c)[:40]:
        ga = s[a, q] * e[b, q] * yv - s[a, p] * e[a, p] * xv
        gb = s[b, p] * e[a, p] * xv - s[b, q] * e[b, q] * yv
        assert ga == pytest.approx(g, rel=1e-9) and gb == pytest.approx(g, rel=1e-9)
        assert xv <= abs(x[a, p] - x[b, p]) + 1e-9 and yv <= abs(x[b, q] - x[a, q]) + 1e-9
    res = exchange_model(inp, rounds=1)
    first = res.exchanges[0]
    ia, ib = inp.actors.index(first.actor_a), inp.actors.index(first.actor_b)
    jp = inp.issues.index(first.issue_p)
    before, after = res.position_before, res.position_after
    assert abs(after[ia, jp] - before[ib, jp]) < abs(before[ia, jp] - before[ib, jp])


# decide-exchange-model's first round on its sample data (its round-1 exchange file, run
# with PYTHONHASHSEED=1; seeds 0, 3 and 6 give the same 39 trades, seeds 2, 4 and 5 break
# the tie at the 7th trade the other way and give 38): each trade as (actor, the issue it
# gives on, partner, the issue the partner gives on, the equal gain on 0..100).
DECIDE_ROUND_1 = [
    ("Willems", "extra-investering", "Wcentr", "tolheffing-binnenstad", 1.973684),
    ("Wcentr", "kleine-of-grote-ring", "PvdA", "woonwerkverkeer", 1.792636),
    ("GL", "woonwerkverkeer", "KvK", "wanneer-tol", 1.534365),
    ("PvdA", "extra-investering", "Wcentr", "tol-hoogte", 1.157621),
    ("VVDs", "kleine-of-grote-ring", "Willems", "woonwerkverkeer", 0.947016),
    ("Willems", "woonwerkverkeer", "KvK", "tolheffing-binnenstad", 0.906058),
    ("VVDs", "tol-hoogte", "GL", "tolheffing-binnenstad", 0.797480),
    ("Wcentr", "kleine-of-grote-ring", "SP", "extra-investering", 0.789474),
    ("KvK", "kleine-of-grote-ring", "Willems", "woonwerkverkeer", 0.631038),
    ("GL", "kleine-of-grote-ring", "KvK", "tol-hoogte", 0.596871),
    ("GL", "wanneer-tol", "Wcentr", "tol-hoogte", 0.404716),
    ("CDA", "tol-hoogte", "GL", "tolheffing-binnenstad", 0.402651),
    ("CDA", "woonwerkverkeer", "Willems", "tol-hoogte", 0.355714),
    ("GL", "extra-investering", "D66", "tolheffing-binnenstad", 0.332728),
    ("VVDs", "kleine-of-grote-ring", "GL", "woonwerkverkeer", 0.267519),
    ("GL", "kleine-of-grote-ring", "SP", "tol-hoogte", 0.264240),
    ("PvdA", "extra-investering", "Wcentr", "wanneer-tol", 0.261163),
    ("Willems", "tol-hoogte", "Wcentr", "tolheffing-binnenstad", 0.235819),
    ("GL", "kleine-of-grote-ring", "SP", "woonwerkverkeer", 0.231214),
    ("Willems", "wanneer-tol", "VVDs", "tolheffing-binnenstad", 0.223881),
    ("KvK", "extra-investering", "D66", "woonwerkverkeer", 0.219298),
    ("CDA", "kleine-of-grote-ring", "CU", "tolheffing-binnenstad", 0.218905),
    ("CDA", "wanneer-tol", "Willems", "tolheffing-binnenstad", 0.173684),
    ("Wcentr", "kleine-of-grote-ring", "SP", "wanneer-tol", 0.157840),
    ("CDA", "kleine-of-grote-ring", "GL", "tolheffing-binnenstad", 0.114820),
    ("Willems", "kleine-of-grote-ring", "D66", "wanneer-tol", 0.098884),
    ("D66", "extra-investering", "Wcentr", "woonwerkverkeer", 0.091964),
    ("KvK", "kleine-of-grote-ring", "GL", "woonwerkverkeer", 0.080410),
    ("Wcentr", "woonwerkverkeer", "D66", "tol-hoogte", 0.073873),
    ("Willems", "kleine-of-grote-ring", "D66", "tolheffing-binnenstad", 0.046476),
    ("Wcentr", "woonwerkverkeer", "CU", "wanneer-tol", 0.036672),
    ("Willems", "woonwerkverkeer", "VVDs", "wanneer-tol", 0.034450),
    ("D66", "kleine-of-grote-ring", "CU", "extra-investering", 0.024366),
    ("CDA", "extra-investering", "CU", "tol-hoogte", 0.023259),
    ("CDA", "kleine-of-grote-ring", "GL", "wanneer-tol", 0.010414),
    ("SP", "wanneer-tol", "CDA", "tolheffing-binnenstad", 0.006319),
    ("CU", "tol-hoogte", "CDA", "tolheffing-binnenstad", 0.004237),
    ("PvdA", "woonwerkverkeer", "VVDs", "wanneer-tol", 0.001161),
    ("Wcentr", "woonwerkverkeer", "CU", "tol-hoogte", 0.000631),
]


def _as_set(trades):
    """Each trade as ({(actor, issue it gives on), (partner, issue partner gives on)}, gain):
    the order of the two sides does not matter."""
    return [(frozenset([(a, p), (b, q)]), round(g, 6)) for a, p, b, q, g in trades]


def test_first_round_on_decides_sample_data_matches_its_trade_list():
    """38 of decide's 39 first-round trades, each with its equal gain to 6 digits, and its
    first 14 in its order. Not reproduced (docs/decisions.md): decide never realises
    Willems giving on wanneer-tol for Wcentr on tolheffing-binnenstad (here the 15th,
    gain 0.331356), so its 18th (Willems on tol-hoogte, Wcentr on tolheffing-binnenstad)
    finds Wcentr already at 100 here, and one later trade follows from that. decide does
    make that trade when every scale is turned round (the next test). It is not a tie
    that rounding settles (nudges of 1e-9 never flip it in decide, nor anything in our
    round: the test after next); decide drops it by a bound that only upward moves meet,
    which no rule of the model has: the default round leaves it out, and
    ``reading="decide"`` adds it (decide's list, trade for trade: the test below;
    docs/decisions.md, entries 199-201)."""
    inp = inputs_from(SAMPLE)
    lo, hi = inp.scale_low.copy(), inp.scale_high.copy()
    pct = inp.position.copy()
    pct[:, 1] = (pct[:, 1] - 0.5) / 6.5 * 100.0  # decide puts tol-hoogte's 0.5..7 on 0..100
    taken, _ = trade_round(pct, inp.salience, inp.capability)
    ours = _as_set([(inp.actors[a], ISSUES[p], inp.actors[b], ISSUES[q], g) for g, a, b, p, q, _, _ in taken])
    theirs = _as_set(DECIDE_ROUND_1)
    assert ours[:14] == theirs[:14]
    assert len(set(ours) & set(theirs)) == 38
    assert set(theirs) - set(ours) == {(frozenset([("Willems", "tol-hoogte"), ("Wcentr", "tolheffing-binnenstad")]), 0.235819)}
    assert len(ours) == 40
    # and through exchange_model with the issue's own scale: the same trades
    own = Inputs(inp.position, inp.salience, inp.capability, inp.status_quo, np.where(np.arange(6) == 1, 0.5, lo),
                 np.where(np.arange(6) == 1, 7.0, hi), inp.actors, inp.issues)
    res = exchange_model(own, rounds=1)
    assert _as_set([(e.actor_a, e.issue_p, e.actor_b, e.issue_q, e.gain) for e in res.exchanges]) == ours


# decide's first round on its sample data with every position mirrored on its issue's scale
# (x -> low + high - x; tol-hoogte 7.5 - x), read from its round-1 exchange file
# (PYTHONHASHSEED 2 and 3 give this list; the model is the same, only the scale turned round).
DECIDE_ROUND_1_MIRRORED = [
    ("Willems", "extra-investering", "Wcentr", "tolheffing-binnenstad", 1.973684),
    ("Wcentr", "kleine-of-grote-ring", "PvdA", "woonwerkverkeer", 1.792636),
    ("GL", "woonwerkverkeer", "KvK", "wanneer-tol", 1.534365),
    ("PvdA", "extra-investering", "Wcentr", "tol-hoogte", 1.157621),
    ("VVDs", "kleine-of-grote-ring", "Willems", "woonwerkverkeer", 0.947016),
    ("Willems", "woonwerkverkeer", "KvK", "tolheffing-binnenstad", 0.906058),
    ("VVDs", "tol-hoogte", "GL", "tolheffing-binnenstad", 0.797480),
    ("Wcentr", "kleine-of-grote-ring", "SP", "extra-investering", 0.789474),
    ("KvK", "kleine-of-grote-ring", "Willems", "woonwerkverkeer", 0.631038),
    ("GL", "kleine-of-grote-ring", "KvK", "tol-hoogte", 0.596871),
    ("GL", "wanneer-tol", "Wcentr", "tol-hoogte", 0.404716),
    ("CDA", "tol-hoogte", "GL", "tolheffing-binnenstad", 0.402651),
    ("CDA", "woonwerkverkeer", "Willems", "tol-hoogte", 0.355714),
    ("GL", "extra-investering", "D66", "tolheffing-binnenstad", 0.332728),
    ("Willems", "wanneer-tol", "Wcentr", "tolheffing-binnenstad", 0.331356),
    ("VVDs", "kleine-of-grote-ring", "GL", "woonwerkverkeer", 0.267519),
    ("GL", "kleine-of-grote-ring", "SP", "tol-hoogte", 0.264240),
    ("PvdA", "extra-investering", "Wcentr", "wanneer-tol", 0.261163),
    ("GL", "kleine-of-grote-ring", "SP", "woonwerkverkeer", 0.231214),
    ("Willems", "wanneer-tol", "VVDs", "tolheffing-binnenstad", 0.223881),
    ("KvK", "extra-investering", "D66", "woonwerkverkeer", 0.219298),
    ("CDA", "kleine-of-grote-ring", "CU", "tolheffing-binnenstad", 0.218905),
    ("CDA", "wanneer-tol", "Willems", "tolheffing-binnenstad", 0.173684),
    ("Wcentr", "kleine-of-grote-ring", "SP", "wanneer-tol", 0.157840),
    ("CDA", "kleine-of-grote-ring", "GL", "tolheffing-binnenstad", 0.114820),
    ("Willems", "kleine-of-grote-ring", "D66", "wanneer-tol", 0.098884),
    ("D66", "extra-investering", "Wcentr", "woonwerkverkeer", 0.091964),
    ("KvK", "kleine-of-grote-ring", "GL", "woonwerkverkeer", 0.080410),
    ("Wcentr", "woonwerkverkeer", "D66", "tol-hoogte", 0.073873),
    ("Wcentr", "wanneer-tol", "Willems", "tol-hoogte", 0.049646),
    ("Willems", "kleine-of-grote-ring", "D66", "tolheffing-binnenstad", 0.046476),
    ("Wcentr", "woonwerkverkeer", "CU", "wanneer-tol", 0.036672),
    ("D66", "kleine-of-grote-ring", "CU", "extra-investering", 0.024366),
    ("CDA", "extra-investering", "CU", "tol-hoogte", 0.023259),
    ("CDA", "kleine-of-grote-ring", "GL", "wanneer-tol", 0.010414),
    ("SP", "wanneer-tol", "CDA", "tolheffing-binnenstad", 0.006319),
    ("CU", "tol-hoogte", "CDA", "tolheffing-binnenstad", 0.004237),
    ("PvdA", "woonwerkverkeer", "VVDs", "wanneer-tol", 0.001161),
    ("Wcentr", "woonwerkverkeer", "CU", "tol-hoogte", 0.000631),
]


def _sample_on_0_100():
    inp = inputs_from(SAMPLE)
    pct = inp.position.copy()
    pct[:, 1] = (pct[:, 1] - 0.5) / 6.5 * 100.0
    return inp, pct


def test_the_trade_decide_drops_is_one_it_makes_on_the_mirrored_scale():
    """decide's list is not the same when every scale is turned round: on the mirrored
    sample data it realises Willems on wanneer-tol for Wcentr on tolheffing-binnenstad
    (15th, gain 0.331356) and then its 18th of the plain orientation finds no room, as
    here; instead it drops one trade it makes on the plain orientation (VVDs on
    wanneer-tol, Willems on woonwerkverkeer, 0.034450). Our round is the same both ways
    (the model is symmetric), and each of its 40 trades is one decide makes in one of
    the two orientations: 39 of them on the mirrored one, the first 32 in its order."""
    inp, pct = _sample_on_0_100()
    plain, _ = trade_round(pct, inp.salience, inp.capability)
    mirrored, _ = trade_round(100.0 - pct, inp.salience, inp.capability)

    def names(taken):
        return _as_set([(inp.actors[a], ISSUES[p], inp.actors[b], ISSUES[q], g) for g, a, b, p, q, _, _ in taken])

    ours, ours_m = names(plain), names(mirrored)
    assert ours_m == ours  # mirror-invariant, in the same order
    theirs, theirs_m = _as_set(DECIDE_ROUND_1), _as_set(DECIDE_ROUND_1_MIRRORED)
    assert ours[:32] == theirs_m[:32]
    assert set(theirs_m) < set(ours) and len(ours) == 40
    assert set(ours) - set(theirs_m) == {(frozenset([("VVDs", "wanneer-tol"), ("Willems", "woonwerkverkeer")]), 0.03445)}
    assert set(ours) <= set(theirs) | set(theirs_m)
    dropped = (frozenset([("Willems", "wanneer-tol"), ("Wcentr", "tolheffing-binnenstad")]), 0.331356)
    assert dropped in theirs_m and dropped not in theirs


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000))
def test_the_round_on_decides_sample_data_sits_on_no_tie(seed):
    """Every position of decide's sample data moved by up to 1e-9 (of 0..100), as given
    and mirrored: the same 40 trades in the same order, the same gains to 6 digits. No
    comparison of the round is met with equality, bar "no room left" after a mover has
    reached its partner, which holds exactly however the data are nudged; so no rule
    for exact ties can make the round decide's (decide itself keeps its list under such
    nudges: docs/decisions.md, "Exchange ties (session 5)")."""
    inp, pct = _sample_on_0_100()
    rng = np.random.default_rng(seed)
    nudged = np.clip(pct + rng.uniform(-1e-9, 1e-9, pct.shape), 0.0, 100.0)

    def names(x):
        taken, _ = trade_round(x, inp.salience, inp.capability)
        return _as_set([(inp.actors[a], ISSUES[p], inp.actors[b], ISSUES[q], g) for g, a, b, p, q, _, _ in taken])

    base = names(pct)
    assert len(base) == 40
    assert names(nudged) == base
    assert names(100.0 - nudged) == base


def test_the_decide_reading_reproduces_both_of_decides_lists_in_order():
    """With decide's bound on upward moves (reading="decide", docs/decisions.md entry 200)
    the round is decide's first round on its sample data, trade by trade with its gains,
    as given and with every scale turned round; the symmetric reading is not (38 and 39
    of decide's 39, one trade more)."""
    inp, pct = _sample_on_0_100()

    def names(taken):
        return _as_set([(inp.actors[a], ISSUES[p], inp.actors[b], ISSUES[q], g) for g, a, b, p, q, _, _ in taken])

    for x, ref in ((pct, DECIDE_ROUND_1), (100.0 - pct, DECIDE_ROUND_1_MIRRORED)):
        assert names(trade_round(x, inp.salience, inp.capability, reading="decide")[0]) == _as_set(ref)
        assert names(trade_round(x, inp.salience, inp.capability)[0]) != _as_set(ref)
    with pytest.raises(ValueError, match="reading"):
        trade_round(pct, inp.salience, inp.capability, reading="Decide")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000))
def test_mirroring_every_scale_mirrors_the_round(seed):
    """No side of a scale is special: positions x -> 100 - x give the same trades, with the
    same gains and the moves mirrored (decide's own lists differ between the two; see the
    test above)."""
    rng = np.random.default_rng(seed)
    n, k = 6, 4
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (n, k))
    s = rng.uniform(0.05, 1, (n, k))
    c = np.repeat(rng.uniform(0.1, 1, (n, 1)), k, axis=1)
    plain, after = trade_round(x, s, c)
    mirrored, after_m = trade_round(100.0 - x, s, c)
    assert [t[1:5] for t in plain] == [t[1:5] for t in mirrored]
    np.testing.assert_allclose([t[0] for t in plain], [t[0] for t in mirrored], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(after_m, 100.0 - after, atol=1e-9)


# A case made for this test (6 actors x 4 issues, numpy seed 36: positions drawn from 0, 25,
# .., 100, salience and power uniform) and decide-exchange-model's first round on it, read
# from the round-1 exchange file its command line wrote (PYTHONHASHSEED 1 and 2 agree).
# Per actor: (position, salience) per issue, then power.
CASE_36 = {
    "a0": ([(50, .9), (25, .46), (100, .56), (75, .58)], .26),
    "a1": ([(25, .23), (25, .4), (0, .69), (50, .94)], .89),
    "a2": ([(25, .28), (25, .54), (50, .79), (25, .93)], .3),
    "a3": ([(50, .51), (0, .6), (50, .46), (25, .48)], .67),
    "a4": ([(25, .53), (0, .81), (100, .65), (25, .13)], .25),
    "a5": ([(0, .94), (100, .41), (25, .28), (50, .25)], .89),
}
DECIDE_CASE_36 = [
    ("a5", "i1", "a3", "i0", 3.274302),
    ("a5", "i2", "a0", "i0", 1.623703),
    ("a5", "i1", "a1", "i0", 0.879411),
    ("a5", "i1", "a4", "i0", 0.805738),
    ("a5", "i3", "a2", "i1", 0.782502),
    ("a3", "i3", "a1", "i2", 0.383896),
    ("a4", "i3", "a1", "i2", 0.171507),
    ("a2", "i3", "a1", "i2", 0.118558),
]


def test_an_outcome_already_on_the_partners_position_does_not_cut_the_move():
    """decide's 3rd trade on CASE_36: a5 gives on i1 toward a1's 25, a1 on i0 toward a5's
    0. a5's 1st trade (100 -> 41.09 on i1) has already taken O_i1, as this trade knows
    it, to 19.25: past a1's 25. a5's move cannot carry O_i1 over a1's position, so
    decide realises the trade whole (a5 to 25, gain 0.879411). Cutting the move to O's
    room (none) dropped the trade, and the round then differed from decide's."""
    issues = ("i0", "i1", "i2", "i3")
    inp = inputs_from(CASE_36, issues)
    taken, _ = trade_round(inp.position, inp.salience, inp.capability)
    ours = [(frozenset([(inp.actors[a], issues[p]), (inp.actors[b], issues[q])]), round(g, 6))
            for g, a, b, p, q, _, _ in taken]
    assert ours == _as_set(DECIDE_CASE_36)


def test_a_trade_that_shares_neither_supply_nor_demand_is_not_recalculated():
    """In decide's 14th trade GL gives on extra-investering and D66 moves on
    tolheffing-binnenstad toward GL's round-start 100, although GL already gave on that
    issue in the 7th and 12th trades (to 35.12): the trade was never told (it shares
    neither an actor's supply issue nor its demand issue with them), so D66 passes GL,
    to 79.72 in decide's list."""
    inp = inputs_from(SAMPLE)
    pct = inp.position.copy()
    pct[:, 1] = (pct[:, 1] - 0.5) / 6.5 * 100.0
    taken, after = trade_round(pct, inp.salience, inp.capability)
    gl, d66, tol = inp.actors.index("GL"), inp.actors.index("D66"), 0
    assert after[gl, tol] < 40 and after[d66, tol] > 79  # D66 passed GL's position
    # D66 moved once on tolheffing (toward GL's 100), to decide's 79.7187
    d66_moves = [t for t in taken if (t[2] == d66 and t[4] == tol) or (t[1] == d66 and t[3] == tol)]
    assert len(d66_moves) == 2  # the 14th and a later one (decide's 30th, toward Willems)


def test_toy_case_by_hand():
    """Three actors, capability 1, two issues p, q; W_p = W_q = 1 so e_ij = s_ij.
    A: p 0 (s .2), q 0 (s .6);  B: p 100 (s .6), q 100 (s .2);  C: p 0 (s .2), q 0 (s .2).
    O_p = 60, O_q = 20. A and C stand left of both, B right of both.
    A gives on p to B, B on q to A: rate y = x (.2*.8 / (.2*.8)); x = y = 100 (each to
    the other's position); O_q moves by e_Bq*100 = 20, exactly onto A's 0 (not past it);
    gain .6*.2*100 - .2*.2*100 = 8.
    C gives on p to B, B on q to C: y = x * .2*.8 / (.2*.4) = 2x, so y = 100, x = 50;
    gain .2*.2*100 - .2*.2*50 = 2.
    A-B is realised first (8 > 2). C-B shares B's supply issue q: recalculated, B now
    stands at 0 = C's position on q, no room left: dropped. Round 1 is A-B alone."""
    x = np.array([[0.0, 0.0], [100.0, 100.0], [0.0, 0.0]])
    s = np.array([[0.2, 0.6], [0.6, 0.2], [0.2, 0.2]])
    c = np.ones((3, 2))
    cands = candidate_exchanges(x, s, c)
    assert [(round(g, 12), a, b, p, q, round(xv, 9), round(yv, 9)) for g, a, b, p, q, xv, yv in cands] == [
        (8.0, 0, 1, 0, 1, 100.0, 100.0), (2.0, 2, 1, 0, 1, 50.0, 100.0)]
    taken, after = trade_round(x, s, c)
    assert [(round(g, 12), a, b) for g, a, b, *_ in taken] == [(8.0, 0, 1)]
    np.testing.assert_allclose(after, [[100.0, 0.0], [100.0, 0.0], [0.0, 0.0]])


def test_the_move_stops_where_the_outcome_would_pass_the_partner():
    """decide's ``check``: B's move on q may carry O_q only up to A's position.
    A: p 0 (s .2), q 10 (s .6);  B: p 100 (s .6), q 100 (s .2); C: p 0 (s .2), q 0 (s .2).
    O_q = (.6*10 + .2*100 + 0)/1 = 26; room for O_q toward A: 16, so B moves at most
    16/.2 = 80 on q (not the 90 to A's position), and A then x = 80 on p (rate 1);
    gain .6*.2*80 - .2*.2*80 = 6.4."""
    x = np.array([[0.0, 10.0], [100.0, 100.0], [0.0, 0.0]])
    s = np.array([[0.2, 0.6], [0.6, 0.2], [0.2, 0.2]])
    g, a, b, p, q, xv, yv = candidate_exchanges(x, s, np.ones((3, 2)))[0]
    assert (a, b, p, q) == (0, 1, 0, 1)
    assert (g, xv, yv) == pytest.approx((6.4, 80.0, 80.0), abs=1e-9)


def replay(x0, s, c, taken):
    """Replay a round: each trade's two gains are equal (its recorded gain, > 0), each
    mover moves away from its round-start side of O; returns the positions after."""
    x = x0.copy()
    w = c * s
    e = w / w.sum(axis=0)
    side = np.sign(x0 - nbs(x0, s, c))
    for g, a, b, p, q, xv, yv in taken:
        ga = s[a, q] * e[b, q] * yv - s[a, p] * e[a, p] * xv
        gb = s[b, p] * e[a, p] * xv - s[b, q] * e[b, q] * yv
        assert ga == pytest.approx(g, rel=1e-9) and gb == pytest.approx(g, rel=1e-9) and g > 0
        x[a, p] -= side[a, p] * xv
        x[b, q] -= side[b, q] * yv
    return x


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_recalculated_trades_hold_their_equations_on_any_case(seed):
    rng = np.random.default_rng(seed)
    n, k = 6, 3
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (n, k))
    s = rng.uniform(0.05, 1, (n, k))
    c = np.repeat(rng.uniform(0.1, 1, (n, 1)), k, axis=1)
    taken, after = trade_round(x, s, c)
    np.testing.assert_allclose(replay(x, s, c, taken), after)
    # every move goes toward a position someone held: the issue's round-start range holds
    assert np.all(after >= x.min(axis=0) - 1e-9) and np.all(after <= x.max(axis=0) + 1e-9)
    assert len({(a, b, p, q) for _, a, b, p, q, _, _ in taken}) == len(taken)  # each trade once a round


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_trades_always_gain_and_stay_on_the_scale(seed):
    rng = np.random.default_rng(seed)
    n, k = 5, 3
    x = rng.uniform(0, 100, (n, k))
    s = rng.uniform(0.05, 1, (n, k))
    c = np.repeat(rng.uniform(0.1, 1, (n, 1)), k, axis=1)
    inp = Inputs(x, s, c, np.zeros(k), np.zeros(k), np.full(k, 100.0), tuple("abcde"), ("p", "q", "r"))
    res = exchange_model(inp, rounds=3)
    assert all(e.gain > 0 for e in res.exchanges)
    assert np.all((res.position_after >= -1e-9) & (res.position_after <= 100 + 1e-9))


def test_an_issue_on_another_scale_trades_as_on_0_100():
    """Each issue is normalised from its own scale: writing tol-hoogte on 0.5..7 instead
    of 0..100 changes no trade, and the moves come back in the issue's units."""
    inp = inputs_from(SAMPLE)
    pct = inp.position.copy()
    pct[:, 1] = (pct[:, 1] - 0.5) / 6.5 * 100.0
    on100 = Inputs(pct, inp.salience, inp.capability, inp.status_quo, inp.scale_low, inp.scale_high, inp.actors, inp.issues)
    lo, hi = inp.scale_low.copy(), inp.scale_high.copy()
    lo[1], hi[1] = 0.5, 7.0
    own = Inputs(inp.position, inp.salience, inp.capability, inp.status_quo, lo, hi, inp.actors, inp.issues)
    a, b = exchange_model(on100, rounds=2), exchange_model(own, rounds=2)
    assert [(e.actor_a, e.actor_b, e.issue_p, e.issue_q) for e in a.exchanges] == \
           [(e.actor_a, e.actor_b, e.issue_p, e.issue_q) for e in b.exchanges]
    for ea, eb in zip(a.exchanges, b.exchanges):
        assert eb.gain == pytest.approx(ea.gain, rel=1e-9)
        assert eb.move_a == pytest.approx(ea.move_a * (6.5 / 100 if ea.issue_p == ISSUES[1] else 1), rel=1e-9)
    np.testing.assert_allclose((b.position_after[:, 1] - 0.5) / 6.5 * 100, a.position_after[:, 1], atol=1e-9)

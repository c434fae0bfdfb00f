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


def replay_and_check(x0, s, c, taken):
    """Replay a round's trades in order: each one's gain, recomputed at the positions the
    trades before it left (round-start outcomes and e), is its recorded gain, equal for
    both sides, and its moves stay within the partner's position."""
    x = x0.copy()
    w = c * s
    e = w / w.sum(axis=0)
    o = nbs(x0, s, c)
    for g, a, b, p, q, xv, yv in taken:
        assert np.sign(x[a, p] - o[p]) * np.sign(x[b, p] - o[p]) < 0  # still on opposite sides
        assert xv <= abs(x[a, p] - x[b, p]) + 1e-9 and yv <= abs(x[b, q] - x[a, q]) + 1e-9
        ga = s[a, q] * e[b, q] * yv - s[a, p] * e[a, p] * xv
        gb = s[b, p] * e[a, p] * xv - s[b, q] * e[b, q] * yv
        assert ga == pytest.approx(g, rel=1e-9) and gb == pytest.approx(g, rel=1e-9) and g > 0
        x[a, p] += np.sign(x[b, p] - x[a, p]) * xv
        x[b, q] += np.sign(x[a, q] - x[b, q]) * yv
    return x


def test_each_trade_is_recalculated_at_the_positions_the_trades_before_it_left():
    inp = inputs_from(SAMPLE)
    taken, after = trade_round(inp.position, inp.salience, inp.capability)
    np.testing.assert_allclose(replay_and_check(inp.position, inp.salience, inp.capability, taken), after)
    # the recalculation lets an actor give again from its new position on an issue it
    # already gave on (Willems gives on woonwerkverkeer to VVDs, then again to KvK)
    givers = [(a, p) for _, a, _, p, _, _, _ in taken] + [(b, q) for _, _, b, _, q, _, _ in taken]
    assert len(givers) > len(set(givers))
    assert len({(a, b, p, q) for _, a, b, p, q, _, _ in taken}) == len(taken)  # each trade once a round


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000))
def test_recalculated_trades_hold_their_equations_on_any_case(seed):
    rng = np.random.default_rng(seed)
    n, k = 6, 3
    x = rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], (n, k))
    s = rng.uniform(0.05, 1, (n, k))
    c = np.repeat(rng.uniform(0.1, 1, (n, 1)), k, axis=1)
    taken, after = trade_round(x, s, c)
    np.testing.assert_allclose(replay_and_check(x, s, c, taken), after)


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

"""The bargaining clock: military balance apart from bargaining, a range that can be
empty, terms inside it; parameters validated; the model's three properties (hypothesis)."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
import yaml
from hypothesis import given, settings, strategies as st
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.scenario import scenario_from_dict
from accord.simulate.clock import PARAMETERS, bargaining_range, parse_clock, simulate_clock

ASSUMED = {"assumption": True}


def doc(clock=None, kyiv=1.0, moscow=1.5):
    d = {
        "id": "war",
        "actors": [
            {"id": "kyiv", "capability": {"value": 1, "range": [0.8, 1.2]}},
            {"id": "moscow", "capability": {"value": 1.5, "range": [1.2, 1.8]}},
            {"id": "broker", "capability": 0.5},
        ],
        "issues": [{"id": "territory", "status_quo": 60}],
        "positions": [
            {"actor": "kyiv", "issue": "territory", "position": 0, "salience": 1},
            {"actor": "moscow", "issue": "territory", "position": 100, "salience": 1},
            {"actor": "broker", "issue": "territory", "position": {"value": 50, "range": [40, 60]}, "salience": 0.5},
        ],
        "levers": [{"id": "arms", "description": "Kyiv gets arms",
                    "effects": [{"target": "capability", "op": "scale", "actor": "kyiv", "amount": 3}]}],
    }
    c = {"military": {"kyiv": {"role": "belligerent", "value": kyiv, **ASSUMED},
                      "moscow": {"role": "belligerent", "value": moscow, **ASSUMED}}}
    c.update(clock or {})
    if c.get("military") is None:
        del c["military"]
    d["clock"] = c
    return d


def fixed(**kw):
    return {k: {"value": v, **ASSUMED} for k, v in kw.items()}


def test_defaults_are_filled_and_said_to_be_assumptions():
    cfg = parse_clock(scenario_from_dict(doc()))
    assert cfg.issue == "territory" and cfg.model == "compromise"
    assert set(cfg.defaults) == set(PARAMETERS) and set(cfg.assumed) == set(PARAMETERS)
    assert cfg.low_side == ("kyiv", "broker") and cfg.high_side == ("moscow",)
    assert [(f.actor, f.side) for f in cfg.military] == [("kyiv", "low"), ("moscow", "high")]


@pytest.mark.parametrize("clock,field", [
    ({"drift": 1.0}, "clock.drift"),  # no basis, not marked
    ({"drift": {"value": 1, "range": [2, 3], "basis": "x"}}, "clock.drift.value"),
    ({"cost_low": {"value": -1, "assumption": True}}, "clock.cost_low"),
    ({"issue": "sky"}, "clock.issue"),
    ({"speed": 1}, "clock.speed"),
    ({"low_side": ["nobody"]}, "clock.low_side[0]"),
    ({"military": {"nobody": {"role": "supplier", "value": 1, **ASSUMED}}}, "clock.military.nobody"),
    ({"military": {"kyiv": {"role": "general", "value": 1, **ASSUMED}}}, "clock.military.kyiv.role"),
    ({"military": {"kyiv": {"role": "supplier", "value": 1}}}, "clock.military.kyiv"),  # no basis
    ({"military": {"kyiv": {"role": "belligerent", "value": -2, **ASSUMED}}}, "clock.military.kyiv"),
    ({"military": {"kyiv": {"role": "belligerent", "value": 1, **ASSUMED}}}, "clock.military"),  # one side only
])
def test_bad_clock_sections_name_the_field(clock, field):
    with pytest.raises(InputError) as e:
        parse_clock(scenario_from_dict(doc(clock)))
    assert e.value.field == field


def test_no_fighting_parameters_says_why_in_one_line(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(doc({"military": None})))
    r = CliRunner().invoke(app, ["clock", str(path)])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1 and "clock.military" in lines[0] and "no war" in lines[0]


def test_bargaining_capability_is_not_military_strength():
    # Moscow's bargaining capability is 1.5x Kyiv's; its military strength here is lower,
    # so the line moves toward Kyiv (down), which bargaining weights alone would reverse
    r = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0, cost_high=0, optimism_low=0.4, optimism_high=0.4),
                                              kyiv=2.0, moscow=1.0)), 6)
    assert r.p_high == pytest.approx(1 / 3)
    assert r.line_by[-1] < 60


def test_costly_war_settles_at_once_on_the_model_forecast():
    r = simulate_clock(scenario_from_dict(doc(fixed(cost_low=30.0, cost_high=30.0))), 6)
    assert r.p_deal_by[0] == 1.0
    compromise = (0 * 1 + 100 * 1.5 + 50 * 0.25) / (1 + 1.5 + 0.25)
    assert r.terms_by[0] == pytest.approx(compromise)


def test_a_proposal_outside_the_range_is_clipped_to_what_fighting_on_would_give():
    # cheap war, no optimism: the range is narrow around the expected line (above 60,
    # Moscow stronger), far above the compromise (59.1): the deal is at the range's low end
    r = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0.1, cost_high=0.1, optimism_low=0, optimism_high=0,
                                                    drift=1.0, horizon=12))), 3)
    assert r.deal_month[0] == 1
    w_high, w_low = r.w_at_deal[0]
    assert r.terms[0] == pytest.approx(w_high) and w_high > 60


def test_cheap_war_with_optimists_does_not_settle_at_the_values():
    r = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0, cost_high=0, optimism_low=0.3, optimism_high=0.3))), 12)
    assert r.p_deal_by[-1] == 0.0
    assert r.range_empty_by[-1] == 1.0


def test_learning_closes_an_empty_range():
    # optimism gap 0.4 at drift 1: empty while 2 * 0.4 * 6 / (6 + t) > 0.5, i.e. until t = 4
    r = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0.25, cost_high=0.25, optimism_low=0.2,
                                                    optimism_high=0.2, drift=1.0, learning=6))), 8)
    assert r.deal_month[0] == 4


def test_draws_are_reproducible_and_deal_probability_never_falls():
    sc = scenario_from_dict(doc())
    a = simulate_clock(sc, 18, draws=1500, seed=4)
    b = simulate_clock(sc, 18, draws=1500, seed=4)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert np.all(np.diff(a.p_deal_by) >= 0)
    assert 0 < a.p_deal_by[-1] <= 1


def test_a_result_without_its_by_month_lines_still_writes_json():
    # line_by and range_empty_by are optional fields of ClockResult; to_dict indexed them
    # as arrays and raised TypeError on a result built without them (found by mypy)
    full = simulate_clock(scenario_from_dict(doc()), 3)
    bare = replace(full, line_by=None, range_empty_by=None)
    months = bare.to_dict()["by_month"]
    assert [m["median_line_fighting"] for m in months] == [None, None, None]
    assert [m["p_fighting_range_empty"] for m in months] == [None, None, None]
    assert [m["p_deal"] for m in months] == [m["p_deal"] for m in full.to_dict()["by_month"]]


def test_a_lever_moves_the_terms():
    sc = scenario_from_dict(doc(fixed(cost_low=30, cost_high=30)))
    base = simulate_clock(sc, 3)
    armed = simulate_clock(sc, 3, levers=["arms"])
    assert armed.terms_by[0] < base.terms_by[0]  # a stronger Kyiv at the table: a deal lower on the scale


# ------------------------------------------------------------------ properties

NEVER = fixed(cost_low=0, cost_high=0, optimism_low=0.5, optimism_high=0.5)  # the range stays empty


@settings(max_examples=25, deadline=None)
@given(kyiv=st.floats(0.1, 10), moscow=st.floats(0.1, 10), extra=st.floats(0.1, 5))
def test_a_stronger_side_gains_ground(kyiv, moscow, extra):
    line = lambda k, m: simulate_clock(scenario_from_dict(doc(NEVER, kyiv=k, moscow=m)), 6).line_by[-1]
    start = 60.0
    if moscow > kyiv * 1.01:
        assert line(kyiv, moscow) > start
    elif kyiv > moscow * 1.01:
        assert line(kyiv, moscow) < start
    assert line(kyiv, moscow + extra) > line(kyiv, moscow)  # more strength, more ground
    assert line(kyiv + extra, moscow) < line(kyiv, moscow)


def test_a_stronger_side_gains_ground_over_draws():
    r = simulate_clock(scenario_from_dict(doc(NEVER, kyiv=1.0, moscow=3.0)), 12, draws=400, seed=2)
    assert r.line_by[-1] > 60 + 3  # p = 0.75, drift ~1 a month: about +6 expected


@settings(max_examples=25, deadline=None)
@given(cost=st.floats(0, 3), opt=st.floats(0, 0.4), drift=st.floats(0.2, 3), moscow=st.floats(0.2, 5),
       seed=st.integers(0, 50))
def test_a_deal_never_gives_a_side_less_than_fighting_on(cost, opt, drift, moscow, seed):
    sc = scenario_from_dict(doc(fixed(cost_low=cost, cost_high=cost * 0.7, optimism_low=opt, optimism_high=opt,
                                      drift=drift), moscow=moscow))
    r = simulate_clock(sc, 8, draws=60, seed=seed)
    dealt = r.deal_month > 0
    w_high, w_low = r.w_at_deal[dealt, 0], r.w_at_deal[dealt, 1]
    assert np.all(r.terms[dealt] >= w_high - 1e-9)  # the high side gets at least fighting on's worth
    assert np.all(r.terms[dealt] <= w_low + 1e-9)  # and so does the low side
    assert np.all(np.isnan(r.terms[~dealt]))


@settings(max_examples=50, deadline=None)
@given(line=st.floats(0, 100), mh=st.floats(0, 1), ml=st.floats(0, 1), drift=st.floats(0, 3),
       h=st.floats(1, 36), ch=st.floats(0, 3), cl=st.floats(0, 3), more=st.floats(0.01, 3))
def test_a_costlier_war_widens_the_range(line, mh, ml, drift, h, ch, cl, more):
    width = lambda c_high, c_low: np.subtract(*bargaining_range(line, mh, ml, drift, h, c_high, c_low, 0, 100)[::-1])
    assert width(ch + more, cl) == pytest.approx(width(ch, cl) + h * more)
    assert width(ch, cl + more) == pytest.approx(width(ch, cl) + h * more)


def test_a_costlier_war_settles_no_later_in_every_draw():
    cheap = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0.1, cost_high=0.1))), 12, draws=300, seed=3)
    dear = simulate_clock(scenario_from_dict(doc(fixed(cost_low=0.6, cost_high=0.6))), 12, draws=300, seed=3)
    never = 10**6
    c = np.where(cheap.deal_month > 0, cheap.deal_month, never)
    d = np.where(dear.deal_month > 0, dear.deal_month, never)
    assert np.all(d <= c) and np.any(d < c)


def test_cli_months_and_json(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(doc()))
    r = CliRunner().invoke(app, ["clock", str(path), "--months", "-3"])
    assert r.exit_code == 2 and "--months" in r.output
    r = CliRunner().invoke(app, ["clock", str(path), "--months", "4", "--draws", "300", "--seed", "1", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert len(d["by_month"]) == 4 and [m["actor"] for m in d["military"]] == ["kyiv", "moscow"]


def test_the_built_in_case_has_a_war_with_a_range_that_can_be_empty():
    from accord.scenario import load

    r = simulate_clock(load("ukraine_2024"), 12, draws=500, seed=0)
    assert {f.actor for f in r.config.military} >= {"russia", "ukraine"}
    assert 0 < r.range_empty_by[0] < 1  # some draws fight on in month 1, most do not

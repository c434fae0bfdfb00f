"""The bargaining clock: parameters validated, deals when fighting costs, levers act."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.scenario import scenario_from_dict
from accord.simulate.clock import PARAMETERS, parse_clock, simulate_clock


def doc(clock=None):
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
    if clock is not None:
        d["clock"] = clock
    return d


def test_defaults_are_filled_and_said_to_be_assumptions():
    cfg = parse_clock(scenario_from_dict(doc()))
    assert cfg.issue == "territory" and cfg.model == "compromise"
    assert set(cfg.defaults) == set(PARAMETERS) and set(cfg.assumed) == set(PARAMETERS)
    assert cfg.low_side == ("kyiv", "broker") and cfg.high_side == ("moscow",)


@pytest.mark.parametrize("clock,field", [
    ({"drift": 1.0}, "clock.drift"),  # no basis, not marked
    ({"drift": {"value": 1, "range": [2, 3], "basis": "x"}}, "clock.drift.value"),
    ({"cost_low": {"value": -1, "assumption": True}}, "clock.cost_low"),
    ({"issue": "sky"}, "clock.issue"),
    ({"speed": 1}, "clock.speed"),
    ({"low_side": ["nobody"]}, "clock.low_side[0]"),
])
def test_bad_clock_sections_name_the_field(clock, field):
    with pytest.raises(InputError) as e:
        parse_clock(scenario_from_dict(doc(clock)))
    assert e.value.field == field


def test_costly_war_settles_at_once_on_the_model_forecast():
    clock = {name: {"value": 30.0, "assumption": True} for name in ("cost_low", "cost_high")}
    r = simulate_clock(scenario_from_dict(doc(clock)), 6)
    assert r.p_deal_by[0] == 1.0
    compromise = (0 * 1 + 100 * 1.5 + 50 * 0.25) / (1 + 1.5 + 0.25)
    assert r.terms_by[0] == pytest.approx(compromise)


def test_cheap_war_with_optimists_does_not_settle_at_the_values():
    clock = {"cost_low": {"value": 0.0, "assumption": True}, "cost_high": {"value": 0.0, "assumption": True},
             "optimism_low": {"value": 0.3, "assumption": True}, "optimism_high": {"value": 0.3, "assumption": True}}
    r = simulate_clock(scenario_from_dict(doc(clock)), 12)
    assert r.p_deal_by[-1] == 0.0


def test_draws_are_reproducible_and_deal_probability_never_falls():
    sc = scenario_from_dict(doc())
    a = simulate_clock(sc, 18, draws=1500, seed=4)
    b = simulate_clock(sc, 18, draws=1500, seed=4)
    assert json.dumps(a.to_dict()) == json.dumps(b.to_dict())
    assert np.all(np.diff(a.p_deal_by) >= 0)
    assert 0 < a.p_deal_by[-1] <= 1


def test_a_lever_moves_the_terms():
    sc = scenario_from_dict(doc({"cost_low": {"value": 30, "assumption": True}, "cost_high": {"value": 30, "assumption": True}}))
    base = simulate_clock(sc, 3)
    armed = simulate_clock(sc, 3, levers=["arms"])
    assert armed.terms_by[0] < base.terms_by[0]  # a stronger Kyiv: a deal lower on the scale


def test_negative_months_exit_2(tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text(yaml.safe_dump(doc()))
    r = CliRunner().invoke(app, ["clock", str(path), "--months", "-3"])
    assert r.exit_code == 2 and "--months" in r.output
    r = CliRunner().invoke(app, ["clock", str(path), "--months", "4", "--draws", "300", "--seed", "1", "--json"])
    assert r.exit_code == 0, r.output
    assert len(json.loads(r.output)["by_month"]) == 4

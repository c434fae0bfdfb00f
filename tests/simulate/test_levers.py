"""Levers: effects in order, clipping, unknown ids, and the whatif command."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.models import get_model
from accord.scenario import scenario_from_dict
from accord.simulate.levers import apply_levers, apply_to_inputs


def doc(levers=None):
    return {
        "id": "toy",
        "actors": [
            {"id": "a", "capability": 2},
            {"id": "b", "capability": {"value": 1, "range": [0.5, 1.5], "basis": "guess"}},
        ],
        "issues": [{"id": "t", "status_quo": 50}, {"id": "u", "status_quo": 5, "scale": [0, 10]}],
        "positions": [
            {"actor": "a", "issue": "t", "position": 20, "salience": 0.5},
            {"actor": "b", "issue": "t", "position": {"value": 90, "range": [80, 95]}, "salience": 0.9},
            {"actor": "b", "issue": "u", "position": 8, "salience": 0.6},
        ],
        "levers": levers if levers is not None else [
            {"id": "push", "description": "b pushes up",
             "effects": [{"target": "position", "op": "shift", "actor": "b", "amount": {"value": 10, "range": [5, 15]}}]},
            {"id": "double", "description": "a doubles",
             "effects": [{"target": "capability", "op": "scale", "actor": "a", "amount": 2}]},
            {"id": "care", "description": "everyone cares fully",
             "effects": [{"target": "salience", "op": "set", "amount": 1.5}]},
            {"id": "halve_pos", "description": "positions halve",
             "effects": [{"target": "position", "op": "scale", "issue": "t", "amount": 0.5}]},
            {"id": "crush", "description": "b's capability goes negative",
             "effects": [{"target": "capability", "op": "shift", "actor": "b", "amount": -5}]},
        ],
    }


def test_shift_is_clipped_to_the_issue_scale_and_moves_the_range():
    s = apply_levers(scenario_from_dict(doc()), ["push"])
    pos = s.position("b", "t").position
    assert pos.value == 100 and pos.low == 85 and pos.high == 100  # 90+10, 80+5, 95+15 clipped
    assert s.position("b", "u").position.value == 10  # 8 + 10 clipped to the 0..10 scale


def test_salience_set_is_clipped_and_capability_stays_positive():
    s = apply_levers(scenario_from_dict(doc()), ["care", "crush"])
    assert all(p.salience.value == 1.0 for p in s.positions)
    assert s.actor("b").capability.value > 0
    inp = apply_to_inputs(scenario_from_dict(doc()).inputs(), scenario_from_dict(doc()), ["crush"])
    assert (inp.capability[1] > 0).all()


def test_levers_combine_in_the_order_given():
    sc = scenario_from_dict(doc())
    one = apply_levers(sc, ["push", "halve_pos"]).position("b", "t").position.value
    two = apply_levers(sc, ["halve_pos", "push"]).position("b", "t").position.value
    assert one == pytest.approx(50.0)  # min(100, 90 + 10) / 2
    assert two == pytest.approx(55.0)  # 90 / 2 + 10


def test_unknown_lever_names_it():
    with pytest.raises(InputError, match="'nope'"):
        apply_levers(scenario_from_dict(doc()), ["push", "nope"])


def test_array_and_scenario_forms_agree_at_the_values():
    sc = scenario_from_dict(doc())
    ids = ["push", "double", "halve_pos"]
    a = apply_levers(sc, ids).inputs()
    b = apply_to_inputs(sc.inputs(), sc, ids)
    np.testing.assert_allclose(np.nan_to_num(a.position), np.nan_to_num(b.position))
    np.testing.assert_allclose(a.capability, b.capability)
    m = get_model("compromise")
    np.testing.assert_allclose(m.solve(a).outcome, m.solve(b).outcome)


def test_array_form_takes_one_amount_per_draw():
    sc = scenario_from_dict(doc())
    base = sc.inputs()
    stacked = type(base)(*(np.repeat(x[None], 3, axis=0) for x in (base.position, base.salience, base.capability, base.status_quo)),
                         base.scale_low, base.scale_high, base.actors, base.issues)
    out = apply_to_inputs(stacked, sc, ["push"], np.array([[0.0], [5.0], [20.0]]))
    assert list(out.position[:, 1, 0]) == [90.0, 95.0, 100.0]
    assert np.isnan(out.position[:, 0, 1]).all()  # a holds no position on u: untouched


def test_whatif_json_reports_without_with_and_shift(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc()))
    r = CliRunner().invoke(app, ["whatif", str(path), "--lever", "double", "--model", "compromise", "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    t = d["issues"][0]["models"]["compromise"]
    assert t["without"] == pytest.approx((2 * 0.5 * 20 + 0.9 * 90) / (1 + 0.9), abs=1e-6)
    assert t["with"] == pytest.approx((4 * 0.5 * 20 + 0.9 * 90) / (2 + 0.9), abs=1e-6)
    assert t["shift"] == pytest.approx(t["with"] - t["without"], abs=1e-6)


@pytest.mark.parametrize("effect,field", [
    ({"target": "position", "op": "shift", "actor": "zz", "amount": 1}, "actor"),
    ({"target": "position", "op": "shift", "issue": "zz", "amount": 1}, "issue"),
    ({"target": "mood", "op": "shift", "amount": 1}, "target"),
])
def test_a_lever_naming_what_does_not_exist_exits_2_with_one_line(tmp_path, effect, field):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc([{"id": "x", "description": "x", "effects": [effect]}])))
    r = CliRunner().invoke(app, ["whatif", str(path), "--lever", "x"])
    assert r.exit_code == 2
    lines = [ln for ln in r.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"levers[0].effects[0].{field}" in lines[0] and str(path) in lines[0]


def test_whatif_unknown_lever_exits_2(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc()))
    r = CliRunner().invoke(app, ["whatif", str(path), "--lever", "nope"])
    assert r.exit_code == 2 and "nope" in r.output

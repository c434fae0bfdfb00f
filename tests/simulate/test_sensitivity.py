"""Sensitivity: the tornado ranks by swing; Sobol' indices match a linear model's."""

from __future__ import annotations

import json

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

from accord.cli import app
from accord.scenario import scenario_from_dict
from accord.simulate.sensitivity import sensitivity


def doc():
    # compromise with equal weights on t: f = (x_a + x_b + x_c) / 3, each uniform
    return {
        "id": "lin3",
        "actors": [{"id": i, "capability": 1} for i in "abc"],
        "issues": [{"id": "t", "status_quo": 50}],
        "positions": [
            {"actor": "a", "issue": "t", "position": {"value": 50, "range": [0, 100], "dist": "uniform"}, "salience": 1, "assumption": True},
            {"actor": "b", "issue": "t", "position": {"value": 50, "range": [30, 70], "dist": "uniform"}, "salience": 1},
            {"actor": "c", "issue": "t", "position": {"value": 50, "range": [45, 55], "dist": "uniform"}, "salience": 1},
        ],
    }


def test_tornado_ranks_inputs_by_swing():
    r = sensitivity(scenario_from_dict(doc()), "compromise", samples=0)
    bars = r.tornado["t"]
    assert [b.spec.actor for b in bars] == ["a", "b", "c"]
    assert bars[0].swing == pytest.approx(100 / 3)
    assert bars[1].at_low == pytest.approx((50 + 30 + 50) / 3)


def test_first_order_indices_of_a_linear_model():
    r = sensitivity(scenario_from_dict(doc()), "compromise", samples=4096, seed=1)
    var = np.array([100.0, 40.0, 10.0]) ** 2
    expected = var / var.sum()
    np.testing.assert_allclose(r.first_order["t"], expected, atol=0.06)
    np.testing.assert_allclose(r.total["t"], expected, atol=0.06)


def test_verify_next_lists_the_assumption_with_a_wide_range_first():
    r = sensitivity(scenario_from_dict(doc()), "compromise", samples=0)
    assert r.verify[0][0].actor == "a" and "assumption" in r.verify[0][2]
    assert all(s.actor != "c" for s, _, _ in r.verify)  # narrow and sourced


def test_command_prints_json_and_what_to_verify(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc()))
    r = CliRunner().invoke(app, ["sensitivity", str(path), "--json", "--samples", "256"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.output)
    assert d["issues"][0]["tornado"][0]["input"] == "position of a on t"
    assert d["verify_next"][0]["input"] == "position of a on t"
    r = CliRunner().invoke(app, ["sensitivity", str(path)])
    assert "what to verify next" in r.output

"""Monte Carlo: reproducible, chunk-size free, right distributions, bad counts refused."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.scenario import Estimate, scenario_from_dict
from accord.simulate.draws import InputSpec, draw
from accord.simulate.montecarlo import monte_carlo


def linear_doc(dist="uniform"):
    """Outcome of compromise = (x_a + 50) / 2 with x_a ~ dist on 0..100."""
    return {
        "id": "lin",
        "actors": [{"id": "a", "capability": 1}, {"id": "b", "capability": 1}],
        "issues": [{"id": "t", "status_quo": {"value": 50, "range": [40, 60], "basis": "b"}}],
        "positions": [
            {"actor": "a", "issue": "t", "position": {"value": 50, "range": [0, 100], "dist": dist}, "salience": 1},
            {"actor": "b", "issue": "t", "position": 50, "salience": 1},
        ],
        "levers": [{"id": "up", "description": "a moves up",
                    "effects": [{"target": "position", "op": "shift", "actor": "a",
                                 "amount": {"value": 10, "range": [5, 15], "dist": "uniform"}}]}],
    }


def rich_doc():
    return {
        "id": "rich",
        "actors": [
            {"id": "a", "capability": {"value": 2, "range": [1, 3]}},
            {"id": "b", "capability": 1, "capability_by_issue": {"t": {"value": 1.5, "range": [1, 2], "dist": "pert"}}},
            {"id": "c", "capability": {"value": 1, "range": [0.5, 1.5], "dist": "uniform"}},
        ],
        "issues": [{"id": "t", "status_quo": {"value": 60, "range": [55, 65]}}, {"id": "u", "status_quo": 5, "scale": [0, 10]}],
        "positions": [
            {"actor": "a", "issue": "t", "position": {"value": 20, "range": [10, 30]}, "salience": {"value": 0.8, "range": [0.6, 1], "dist": "pert"}},
            {"actor": "b", "issue": "t", "position": {"value": 90, "range": [80, 100]}, "salience": 0.9},
            {"actor": "c", "issue": "t", "position": 50, "salience": {"value": 0.5, "range": [0.3, 0.7]}},
            {"actor": "a", "issue": "u", "position": 2, "salience": 0.5},
            {"actor": "b", "issue": "u", "position": {"value": 8, "range": [6, 10]}, "salience": 0.7},
        ],
    }


MODELS = ["compromise", "median", "nash", "nash_sq"]


def test_same_seed_same_bytes_and_chunk_size_does_not_matter():
    sc = scenario_from_dict(rich_doc())
    a = monte_carlo(sc, MODELS, 4500, seed=7, chunk=1000, above=[50])
    b = monte_carlo(sc, MODELS, 4500, seed=7, chunk=3000, above=[50])
    for m in MODELS:
        assert a.outcomes[m].tobytes() == b.outcomes[m].tobytes()
    assert a.to_json() == b.to_json()
    c = monte_carlo(sc, MODELS, 4500, seed=8)
    assert not np.array_equal(a.outcomes["compromise"], c.outcomes["compromise"])


def test_a_prefix_of_a_longer_run_is_the_shorter_run():
    sc = scenario_from_dict(rich_doc())
    short = monte_carlo(sc, ["compromise"], 1500, seed=3)
    long = monte_carlo(sc, ["compromise"], 2600, seed=3)
    assert np.array_equal(long.outcomes["compromise"][:1500], short.outcomes["compromise"])


def test_quantiles_and_p_above_match_the_uniform_input():
    sc = scenario_from_dict(linear_doc("uniform"))
    r = monte_carlo(sc, ["compromise"], 40_000, seed=1, above=[60, 25])
    q = r.to_json_fragment()["issues"]["t"]
    iv = q["intervals"]["compromise"]
    # outcome = (x + 50) / 2, x ~ U(0, 100): uniform on 25..75
    assert iv["p50"] == pytest.approx(50, abs=0.5)
    assert iv["p10"] == pytest.approx(30, abs=0.5) and iv["p90"] == pytest.approx(70, abs=0.5)
    assert iv["p025"] == pytest.approx(26.25, abs=0.5) and iv["p975"] == pytest.approx(73.75, abs=0.5)
    assert q["p_above"]["compromise"]["60"] == pytest.approx(0.3, abs=0.01)
    assert q["p_above"]["compromise"]["25"] == 1.0
    assert r.median["compromise"][0] == pytest.approx(50, abs=0.5)


@pytest.mark.parametrize("dist,mean", [("triangular", (10 + 20 + 60) / 3), ("pert", (10 + 4 * 20 + 60) / 6), ("uniform", 35.0)])
def test_each_distribution_has_its_mean(dist, mean):
    spec = InputSpec("position", Estimate(20, 10, 60, dist), "a", "t")
    x = draw(5, 0, 50_000, [spec])[:, 0]
    assert x.min() >= 10 and x.max() <= 60
    assert x.mean() == pytest.approx(mean, abs=0.25)


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100), st.floats(0, 1), st.sampled_from(["uniform", "triangular", "pert"]))
def test_draws_stay_in_their_range(a, b, t, dist):
    lo, hi = min(a, b), max(a, b)
    spec = InputSpec("position", Estimate(lo + t * (hi - lo), lo, hi, dist), "a", "t")
    x = draw(0, 0, 2000, [spec])[:, 0]
    assert np.all((x >= lo) & (x <= hi))


def test_lever_amounts_are_drawn_and_scenario_draws_kept():
    sc = scenario_from_dict(linear_doc())
    base = monte_carlo(sc, ["compromise"], 5000, seed=2)
    moved = monte_carlo(sc, ["compromise"], 5000, seed=2, levers=["up"])
    shift = moved.outcomes["compromise"][:, 0] - base.outcomes["compromise"][:, 0]
    # a's position moves by U(5, 15) (clipped at 100): the compromise moves by half that
    unclipped = base.outcomes["compromise"][:, 0] < 42
    assert shift[unclipped].min() >= 2.5 - 1e-9 and shift[unclipped].max() <= 7.5 + 1e-9
    assert shift[unclipped].std() > 1.0  # amounts vary per draw
    assert moved.levers == ("up",)


def test_every_input_kind_is_drawn():
    sc = scenario_from_dict(rich_doc())
    r = monte_carlo(sc, ["compromise", "nash_sq"], 2000, seed=4)
    assert r.outcomes["compromise"][:, 1].std() > 0  # b's position on u (and capabilities)
    assert r.outcomes["nash_sq"][:, 0].std() > 0


@pytest.mark.parametrize("draws", [0, -5])
def test_no_draws_is_an_input_error(draws):
    with pytest.raises(InputError, match="draws"):
        monte_carlo(scenario_from_dict(linear_doc()), ["compromise"], draws, seed=1)


def test_unknown_model_and_lever_are_input_errors():
    sc = scenario_from_dict(linear_doc())
    with pytest.raises(InputError, match="nope"):
        monte_carlo(sc, ["nope"], 10, seed=1)
    with pytest.raises(InputError, match="zap"):
        monte_carlo(sc, ["compromise"], 10, seed=1, levers=["zap"])


def test_merge_into_adds_intervals_beside_the_forecast():
    from accord.forecast import solve

    sc = scenario_from_dict(linear_doc())
    d = solve(sc, ["compromise"]).to_dict()
    monte_carlo(sc, ["compromise"], 2000, seed=9, above=[50]).merge_into(d)
    assert d["seed"] == 9 and d["draws"] == 2000
    assert set(d["issues"][0]["intervals"]["compromise"]) == {"p10", "p50", "p90", "p025", "p975"}
    assert "50" in d["issues"][0]["p_above"]["compromise"]

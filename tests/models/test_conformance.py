"""The conformance suite every registered model runs (a model is one file plus one line:
it joins this suite by being registered).

- an absent actor (no position anywhere) is the same as a removed one;
- ties: many actors on few positions give a finite forecast inside the hull;
- a scale other than 0..100: mapping positions, status quo and scale by x -> a + b x
  maps the forecast the same way;
- the declared flags hold: a model that says it does not use the status quo ignores it;
  ``has_rounds`` says whether ``rounds`` is given; a ``vectorised`` model solves a stack
  of draws as each draw alone.
Reordering and scaling capabilities are in test_model_properties.py (and test_smp.py).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.models import MODELS, get_model
from conftest import make_inputs

ALL = list(MODELS)


def examples(name: str) -> settings:
    # smp solves in Python turn by turn: fewer, smaller cases
    return settings(max_examples=8 if name == "smp" else 30, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.differing_executors])


@st.composite
def problems(draw, max_actors=6, max_issues=2, grid=100):
    n = draw(st.integers(3, max_actors))
    k = draw(st.integers(1, max_issues))
    pos = np.array(draw(st.lists(st.lists(st.integers(0, grid).map(float), min_size=k, max_size=k),
                                 min_size=n, max_size=n)))
    if grid < 100:
        pos = pos * (100 // grid)
    sal = np.array(draw(st.lists(st.lists(st.integers(1, 9).map(lambda v: v / (10 * k)), min_size=k, max_size=k),
                                 min_size=n, max_size=n)))
    cap = np.array(draw(st.lists(st.integers(1, 50).map(float), min_size=n, max_size=n)))
    sq = np.array(draw(st.lists(st.integers(0, 100).map(float), min_size=k, max_size=k)))
    return make_inputs(pos, sal, np.repeat(cap[:, None], k, axis=1), sq)


def check(name, test):
    """Run ``test(name, problem)`` under hypothesis with the model's budget."""
    examples(name)(given(problem=problems())(lambda problem: test(name, problem)))()


@pytest.mark.parametrize("name", ALL)
def test_absent_actor_is_a_removed_actor(name):
    def test(name, p):
        n = p.position.shape[0]
        ghost = replace(p, position=np.vstack([p.position, np.full((1, p.position.shape[1]), np.nan)]),
                        salience=np.vstack([p.salience, np.zeros((1, p.salience.shape[1]))]),
                        capability=np.vstack([p.capability, np.full((1, p.capability.shape[1]), 1e3)]),
                        actors=p.actors + ("ghost",))
        a = get_model(name).solve(p).outcome
        b = get_model(name).solve(ghost).outcome
        np.testing.assert_allclose(b, a, atol=1e-9, err_msg=f"{name}: an absent actor moved the forecast")
        assert n + 1 == ghost.position.shape[0]

    check(name, test)


@pytest.mark.parametrize("name", ALL)
def test_ties_give_a_finite_forecast_in_the_hull(name):
    @examples(name)
    @given(problem=problems(max_actors=7, grid=2))  # positions 0, 50, 100 only: ties everywhere
    def run(problem):
        out = np.asarray(get_model(name).solve(problem).outcome, float)
        lo, hi = problem.position.min(axis=0), problem.position.max(axis=0)
        if MODELS[name].uses_status_quo:
            lo, hi = np.minimum(lo, problem.status_quo), np.maximum(hi, problem.status_quo)
        assert np.isfinite(out).all()
        assert ((out >= lo - 1e-6) & (out <= hi + 1e-6)).all()

    run()


@pytest.mark.parametrize("name", ALL)
def test_another_scale_maps_the_forecast(name):
    a, b = -7.0, 0.35  # 0..100 becomes -7..28

    def test(name, p):
        moved = replace(p, position=a + b * p.position, status_quo=a + b * p.status_quo,
                        scale_low=a + b * p.scale_low, scale_high=a + b * p.scale_high)
        x = np.asarray(get_model(name).solve(p).outcome, float)
        y = np.asarray(get_model(name).solve(moved).outcome, float)
        np.testing.assert_allclose(y, a + b * x, atol=1e-4, err_msg=f"{name} depends on the scale's units")

    check(name, test)


@pytest.mark.parametrize("name", ALL)
def test_declared_flags_hold(name):
    cls = MODELS[name]

    def test(name, p):
        sol = get_model(name).solve(p)
        assert (sol.rounds is not None) == cls.has_rounds, f"{name}: has_rounds says {cls.has_rounds}"
        if not cls.uses_status_quo:
            other = replace(p, status_quo=100.0 - p.status_quo)
            np.testing.assert_array_equal(get_model(name).solve(other).outcome, sol.outcome)
        if cls.vectorised:
            other = replace(p, position=np.clip(p.position[::-1] * 0.9 + 3, 0, 100))
            stack = replace(p, **{f: np.stack([getattr(p, f), getattr(other, f)])
                                  for f in ("position", "salience", "capability", "status_quo", "scale_low", "scale_high")})
            both = np.asarray(get_model(name).solve(stack).outcome)
            np.testing.assert_allclose(both[0], sol.outcome, atol=1e-9)
            np.testing.assert_allclose(both[1], get_model(name).solve(other).outcome, atol=1e-9)

    check(name, test)


@pytest.mark.parametrize("name", ALL)
def test_parameters_are_declared_once_with_their_rules(name):
    from accord.errors import InputError
    from accord.models import Param

    cls = MODELS[name]
    declared = {p.name: p for p in cls.parameters}
    assert all(isinstance(p, Param) for p in cls.parameters)
    assert cls.default_params() == {p.name: p.default for p in cls.parameters}
    assert get_model(name).get_params() == cls.default_params()
    with pytest.raises(InputError) as err:
        get_model(name, no_such_parameter=1)
    assert err.value.field == "no_such_parameter"
    for pname, p in declared.items():
        bad = "not-a-choice" if p.choices else ("seven" if p.kind else None)
        if bad is None:
            continue
        with pytest.raises(InputError) as err:
            get_model(name, **{pname: bad})
        assert err.value.field == pname, (name, pname)

"""Properties every model must have, checked on random scenarios (hypothesis).

- the forecast lies within the weighted actors' positions (and the status quo, for the
  models that use it);
- unanimous actors give their position;
- reordering actors changes nothing;
- scaling every capability by one constant changes nothing;
- solving a stack of draws at once equals solving each draw alone.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.models import MODELS, get_model
from conftest import make_inputs

# smp is checked in its own test file (it is slower and has its own golden runs)
FAST = [m for m in MODELS if m not in ("smp",)]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw, max_actors=7, max_issues=3):
    n = draw(st.integers(2, max_actors))
    k = draw(st.integers(1, max_issues))
    grid = st.integers(0, 100).map(float)
    pos = np.array(draw(st.lists(st.lists(grid, min_size=k, max_size=k), min_size=n, max_size=n)))
    sal = np.array(draw(st.lists(st.lists(st.integers(1, 10).map(lambda v: v / 10), min_size=k, max_size=k), min_size=n, max_size=n)))
    cap = np.array(draw(st.lists(st.integers(1, 50).map(float), min_size=n, max_size=n)))
    sq = np.array(draw(st.lists(grid, min_size=k, max_size=k)))
    return make_inputs(pos, sal, np.repeat(cap[:, None], k, axis=1), sq)


def solve(name, inputs):
    return np.asarray(get_model(name).solve(inputs).outcome, float)


@pytest.mark.parametrize("name", FAST)
@SETTINGS
@given(problem=problems())
def test_forecast_within_positions(name, problem):
    out = solve(name, problem)
    lo = problem.position.min(axis=0)
    hi = problem.position.max(axis=0)
    if MODELS[name].uses_status_quo:
        lo = np.minimum(lo, problem.status_quo)
        hi = np.maximum(hi, problem.status_quo)
    assert np.all(out >= lo - 1e-6) and np.all(out <= hi + 1e-6), (out, lo, hi)


@pytest.mark.parametrize("name", FAST)
@SETTINGS
@given(problem=problems(), x=st.integers(0, 100))
def test_unanimous_actors_get_their_position(name, problem, x):
    pos = np.full_like(problem.position, float(x))
    inputs = make_inputs(pos, problem.salience, problem.capability, np.full(problem.position.shape[1], float(x)))
    np.testing.assert_allclose(solve(name, inputs), float(x), atol=1e-6)


@pytest.mark.parametrize("name", FAST)
@SETTINGS
@given(problem=problems(), seed=st.integers(0, 2**16))
def test_reordering_actors_changes_nothing(name, problem, seed):
    perm = np.random.default_rng(seed).permutation(problem.position.shape[0])
    shuffled = make_inputs(problem.position[perm], problem.salience[perm], problem.capability[perm], problem.status_quo)
    np.testing.assert_allclose(solve(name, shuffled), solve(name, problem), atol=1e-6)


@pytest.mark.parametrize("name", FAST)
@SETTINGS
@given(problem=problems(), factor=st.sampled_from([0.01, 0.5, 3.0, 1000.0]))
def test_scaling_capabilities_changes_nothing(name, problem, factor):
    scaled = make_inputs(problem.position, problem.salience, problem.capability * factor, problem.status_quo)
    np.testing.assert_allclose(solve(name, scaled), solve(name, problem), atol=1e-6)


@pytest.mark.parametrize("name", FAST)
@settings(max_examples=15, deadline=None)
@given(stack=st.lists(problems(max_actors=5, max_issues=2), min_size=2, max_size=4))
def test_draw_axis_equals_one_solve_per_draw(name, stack):
    n = min(p.position.shape[0] for p in stack)
    k = min(p.position.shape[1] for p in stack)
    parts = [make_inputs(p.position[:n, :k], p.salience[:n, :k], p.capability[:n, :k], p.status_quo[:k]) for p in stack]
    batch = make_inputs(
        np.stack([p.position for p in parts]),
        np.stack([p.salience for p in parts]),
        np.stack([p.capability for p in parts]),
        np.stack([p.status_quo for p in parts]),
    )
    together = solve(name, batch)
    for d, part in enumerate(parts):
        np.testing.assert_allclose(together[d], solve(name, part), atol=1e-6)

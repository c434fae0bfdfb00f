"""The ensemble is a registered model: a weighted mean of named models, weights as
parameters (checked like any model's), run only where named."""

from __future__ import annotations

import json
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from accord.errors import InputError
from accord.forecast import default_models
from accord.models import MODELS, get_model
from accord.models.ensemble import MEMBERS
from conftest import make_inputs


def problem(seed):
    rng = np.random.default_rng(seed)
    n, k = 6, 3
    return make_inputs(rng.integers(0, 101, (n, k)).astype(float), rng.uniform(0.1, 1, (n, k)),
                       np.repeat(rng.uniform(1, 50, (n, 1)), k, axis=1), rng.integers(0, 101, k).astype(float))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10**6), w=st.lists(st.floats(0, 5), min_size=4, max_size=4))
def test_the_ensemble_is_the_weighted_mean_of_its_members(seed, w):
    names = ("compromise", "median", "nash", "eum")
    if sum(w) == 0:
        w = [1.0, 0, 0, 0]
    p = problem(seed)
    params = dict(zip(names, w)) | {"compromise": w[0]}
    params = {m: params.get(m, 0.0) for m in MEMBERS}
    got = get_model("ensemble", **params).solve(p).outcome
    want = sum(wi * get_model(m).solve(p).outcome for m, wi in zip(names, w)) / sum(w)
    np.testing.assert_allclose(got, want, atol=1e-9)


def test_default_weights_are_the_backtest_fit_and_one_member_alone_is_that_member():
    p = problem(1)
    ens = get_model("ensemble")
    assert ens.weights == {"compromise": 0.8, "nash": 0.2}
    np.testing.assert_allclose(ens.solve(p).outcome,
                               0.8 * get_model("compromise").solve(p).outcome + 0.2 * get_model("nash").solve(p).outcome)
    solo = get_model("ensemble", compromise=0.0, nash=0.0, eum=2.5)
    np.testing.assert_allclose(solo.solve(p).outcome, get_model("eum").solve(p).outcome)


def test_bad_weights_name_the_parameter():
    with pytest.raises(InputError) as e:
        get_model("ensemble", nash=-1.0)
    assert e.value.field == "nash"
    with pytest.raises(InputError) as e:
        get_model("ensemble", compromise=0.0, nash=0.0)
    assert e.value.field == "weights"


def test_it_runs_only_where_named():
    assert "ensemble" in MODELS and "ensemble" not in default_models()
    assert "ensemble" not in MEMBERS


def cli(*args):
    from typer.testing import CliRunner

    from accord.cli import app

    return CliRunner().invoke(app, list(args))


def test_forecast_takes_its_weights_as_params():
    a = cli("forecast", "ukraine_2024", "--model", "ensemble", "--model", "eum", "--model", "median",
            "--param", "ensemble.compromise=0", "--param", "ensemble.nash=0", "--param", "ensemble.eum=1",
            "--param", "ensemble.median=1", "--json")
    assert a.exit_code == 0, a.output
    d = json.loads(a.output)
    for issue in d["issues"]:
        f = issue["forecast"]
        assert f["ensemble"] == pytest.approx((f["eum"] + f["median"]) / 2, abs=0.06)  # JSON rounds to 0.1
    bad = cli("forecast", "ukraine_2024", "--model", "ensemble", "--param", "ensemble.nash=-2")
    assert bad.exit_code == 2 and "--param" in bad.output and len(bad.output.strip().splitlines()) == 1

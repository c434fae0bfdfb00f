"""Draws on a real Dask LocalCluster (threads, 127.0.0.1) equal the local run."""

from __future__ import annotations

import numpy as np
import pytest

from accord.errors import InputError
from accord.scenario import scenario_from_dict
from accord.simulate.montecarlo import monte_carlo

distributed = pytest.importorskip("distributed")


def doc():
    return {
        "id": "cl",
        "actors": [{"id": "a", "capability": {"value": 2, "range": [1, 3]}}, {"id": "b", "capability": 1}],
        "issues": [{"id": "t", "status_quo": {"value": 40, "range": [30, 50]}}],
        "positions": [
            {"actor": "a", "issue": "t", "position": {"value": 20, "range": [0, 40]}, "salience": 0.7},
            {"actor": "b", "issue": "t", "position": {"value": 80, "range": [60, 100], "dist": "pert"}, "salience": 0.9},
        ],
        "levers": [{"id": "lift", "description": "b lifts", "effects": [
            {"target": "salience", "op": "shift", "actor": "b", "amount": {"value": 0.05, "range": [0, 0.1]}}]}],
    }


@pytest.fixture(scope="module")
def scheduler():
    from distributed import LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=False, host="127.0.0.1",
                           protocol="tcp", dashboard_address=None)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_cluster_run_equals_local_run(scheduler):
    assert scheduler.startswith("tcp://127.0.0.1:")
    sc = scenario_from_dict(doc())
    models = ["compromise", "nash_sq"]
    local = monte_carlo(sc, models, 3500, seed=11, chunk=1000, levers=["lift"], above=[50])
    remote = monte_carlo(sc, models, 3500, seed=11, chunk=1000, levers=["lift"], above=[50], cluster=scheduler)
    for m in models:
        assert np.array_equal(local.outcomes[m], remote.outcomes[m])
    assert local.to_json() == remote.to_json()


def test_a_bad_address_is_an_input_error():
    with pytest.raises(InputError) as e:
        monte_carlo(scenario_from_dict(doc()), ["compromise"], 10, seed=1, cluster="localhost:1")
    assert e.value.field == "--cluster"

"""The closed-form models against figures worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from accord.models import get_model

from conftest import make_inputs


def one_issue(positions, saliences, capabilities, status_quo=50.0):
    n = len(positions)
    return make_inputs(
        np.array(positions, float).reshape(n, 1),
        np.array(saliences, float).reshape(n, 1),
        np.array(capabilities, float).reshape(n, 1),
        np.array([status_quo]),
    )


def outcome(name, inputs):
    return float(get_model(name).solve(inputs).outcome[0])


def test_compromise_is_the_capability_salience_weighted_mean():
    inputs = one_issue([0, 100, 40], [1.0, 0.5, 0.2], [10, 20, 50])
    w = np.array([10 * 1.0, 20 * 0.5, 50 * 0.2])
    assert outcome("compromise", inputs) == pytest.approx((w * [0, 100, 40]).sum() / w.sum())


def test_median_takes_the_position_where_half_the_weight_is_reached():
    # weights 10, 10, 30: half is 25, reached at the third position in order
    assert outcome("median", one_issue([10, 20, 90], [1, 1, 1], [10, 10, 30])) == 90
    # weights 30, 10, 10: reached at the first
    assert outcome("median", one_issue([10, 20, 90], [1, 1, 1], [30, 10, 10])) == 10


def test_absent_actors_carry_no_weight():
    inputs = one_issue([0, 100, np.nan], [1, 1, 0], [1, 1, 1000])
    assert outcome("compromise", inputs) == pytest.approx(50)
    assert outcome("nash", inputs) == pytest.approx(50, abs=1e-6)


def test_nash_with_equal_symmetric_actors_splits_the_difference():
    assert outcome("nash", one_issue([20, 80], [1, 1], [1, 1])) == pytest.approx(50, abs=1e-6)


def test_nash_first_order_condition_holds():
    inputs = one_issue([0, 30, 100], [0.9, 0.4, 0.6], [5, 9, 3])
    x = outcome("nash", inputs)
    xi = np.array([0, 30, 100.0])
    w = np.array([0.9 * 5, 0.4 * 9, 0.6 * 3])
    reach = np.maximum(xi**2, (100 - xi) ** 2)
    slope = np.sum(-2 * w * (x - xi) / (reach - (x - xi) ** 2))
    assert abs(slope) < 1e-6


def test_nash_leaves_the_status_quo_when_actors_straddle_it_but_nash_sq_stays():
    # actors at 20 and 90 stand on both sides of the status quo 60
    inputs = one_issue([20, 90], [1, 1], [1, 1], status_quo=60)
    assert outcome("nash_sq", inputs) == 60
    moved = outcome("nash", inputs)
    assert abs(moved - 60) > 1
    assert 20 < moved < 90


def test_nash_sq_moves_when_every_actor_gains():
    # everyone above the status quo 10: the solution lies between 10 and the positions
    inputs = one_issue([40, 60], [1, 1], [1, 1], status_quo=10)
    x = outcome("nash_sq", inputs)
    assert 40 <= x <= 60
    # symmetric gains (q - x_i)^2 - (x - x_i)^2 maximised in product: check the FOC
    xi = np.array([40.0, 60.0])
    slope = np.sum(-2 * (x - xi) / ((10 - xi) ** 2 - (x - xi) ** 2))
    assert abs(slope) < 1e-6


def test_nash_sq_stays_when_an_actor_sits_on_the_status_quo():
    assert outcome("nash_sq", one_issue([30, 70], [1, 1], [1, 1], status_quo=30)) == 30

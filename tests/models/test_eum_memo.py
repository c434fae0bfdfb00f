"""The expected utility model's outcomes kept by issue (the dashboard's workers) change no number."""

from __future__ import annotations

import numpy as np

from accord import load
from accord.models import get_model
from accord.models.eum import ColumnMemo
from accord.simulate.levers import apply_levers
from accord.simulate.montecarlo import draw_inputs


def test_kept_outcomes_are_the_solved_ones_and_are_reused():
    case = load("ukraine_2024")
    memo = ColumnMemo()
    model = get_model("eum")
    reused = 0
    for levers in ((), ("oil_at_50",), ("condition_aid", "oil_at_50"), ("nato_leverage",), ("oil_at_50",)):
        inp = draw_inputs(apply_levers(case, levers) if levers else case, 5, 0, 300)
        before = memo.hits
        kept = model.solve_outcome(inp, memo=memo)
        reused += memo.hits - before
        assert np.array_equal(kept, model.solve_outcome(inp), equal_nan=True), levers
    # a lever touches a few issues: the others come from the memo, and a set asked twice
    # is answered from it whole
    assert reused >= 7 + 1
    assert memo.hits + memo.misses == 5 * 7


def test_the_kernel_is_the_whole_batch_s():
    """A small batch (the plain-Python kernel) never takes an outcome the compiled kernel
    gave a large one: the kernel is part of the key."""
    memo = ColumnMemo()
    model = get_model("eum")
    inp = draw_inputs(load("ukraine_2024"), 1, 0, 2)
    small = model.solve_outcome(inp, memo=memo)
    assert np.array_equal(small, model.solve_outcome(inp), equal_nan=True)
    keys = list(memo._items)
    assert keys and all(k[0][1] is True for k in keys)  # the plain-Python kernel's


def test_the_memo_keeps_within_its_bytes():
    memo = ColumnMemo(max_bytes=3 * 8 * 100)
    for i in range(10):
        memo.put(((), bytes([i])), np.zeros(100))
    assert memo.bytes <= memo.max_bytes and len(memo._items) == 3
    assert memo.get(((), bytes([9]))) is not None and memo.get(((), bytes([0]))) is None

"""The Nash bisection compiled (large batches) gives numpy's numbers bit for bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from accord import load
from accord.models import get_model, nash
from accord.simulate.montecarlo import draw_inputs


def both(monkeypatch, fn):
    """``fn()`` with the compiled kernel and with numpy's arrays only."""
    compiled = fn()
    with monkeypatch.context() as m:
        m.setattr(nash, "_COMPILED_CELLS", 10**12)
        plain = fn()
    return compiled, plain


def test_ukraine_draws_bit_for_bit(monkeypatch):
    inp = draw_inputs(load("ukraine_2024"), 3, 0, 600, levers=("condition_aid", "oil_at_50"))
    assert inp.position.size >= nash._COMPILED_CELLS  # the kernel runs
    for name in ("nash", "nash_sq"):
        compiled, plain = both(monkeypatch, lambda: get_model(name).solve(inp).outcome)
        assert np.array_equal(compiled, plain, equal_nan=True), name
        assert np.isfinite(compiled).any()


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 20), k=st.integers(2, 5),
       zeros=st.floats(0, 0.6), shared=st.booleans())
def test_random_batches_bit_for_bit(seed, n, k, zeros, shared):
    rng = np.random.default_rng(seed)
    D = -(-nash._COMPILED_CELLS // (n * k))
    x = rng.uniform(0, 100, (D, n, k))
    if shared:  # actors on one position, and the ends of the scale: ties and zero gaps
        x[:, : max(1, n // 2)] = x[:, :1]
        x[:, -1] = 0.0
    w = rng.uniform(0, 1, (D, n, k)) * (rng.uniform(0, 1, (D, n, k)) >= zeros)
    c = np.maximum((x - 0.0) ** 2, (x - 100.0) ** 2)
    live = w > 0
    lo = np.where(live, x, np.inf).min(axis=-2)
    hi = np.where(live, x, -np.inf).max(axis=-2)
    alive = np.isfinite(lo)
    lo, hi = np.where(alive, lo, 0.0), np.where(alive, hi, 0.0)
    q = rng.uniform(0, 100, (D, 1, k))
    for cc in (c, (q - x) ** 2):
        compiled = nash._argmax_nash_product(x, w, cc, lo, hi)
        old = nash._COMPILED_CELLS
        nash._COMPILED_CELLS = 10**12
        try:
            plain = nash._argmax_nash_product(x, w, cc, lo, hi)
        finally:
            nash._COMPILED_CELLS = old
        assert compiled.shape == plain.shape == (D, k)
        assert np.array_equal(compiled, plain, equal_nan=True)

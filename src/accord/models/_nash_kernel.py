"""The Nash bargaining bisection compiled with numba (see :mod:`.nash`).

The same steps as :func:`accord.models.nash._argmax_nash_product` on float64 scalars,
one (draw, issue) cell at a time: the trial point m = (a + b) / 2, the slope
Sum_i -2 w_i (m - x_i) / g_i(m) over the actors with weight, summed in actor order as
numpy's reduction over the actor axis does, with g_i(m) = c_i - (m - x_i)^2 (``c`` is
D_i for ``nash``, (q - x_i)^2 for ``nash_sq``), and the half kept by the sign of the
slope. (Used for two or more issues only: with one, numpy's actor axis is innermost and
summed pairwise.) No fastmath and numpy's error model (a division by zero gives inf or nan as in
numpy), so the outcome is the numpy version's bit for bit (tests/models check it).

Speed without changing a bit: numpy computes every iteration for every cell, this
kernel stops a cell once an iteration leaves its interval (a, b) as it was, which is a
fixed point of the bisection (the next iterations would repeat it).

Layout: ``x``, ``w``, ``c`` ``(D, n, k)``; ``lo``, ``hi``, ``out`` ``(D, k)``, all float64
and C-contiguous. Imported lazily: ``import accord`` never loads numba.
"""

from __future__ import annotations

from ..numba_cache import configure

configure()  # before numba is imported: a cache folder that can be written
from numba import njit  # noqa: E402


@njit(cache=True, nogil=True, error_model="numpy")
def bisect(x, w, c, lo, hi, iterations, out):
    D, n, k = x.shape
    for d in range(D):
        for j in range(k):
            a = lo[d, j]
            b = hi[d, j]
            for _ in range(iterations):
                m = 0.5 * (a + b)
                slope = 0.0
                for i in range(n):
                    wi = w[d, i, j]
                    if wi > 0:
                        dx = m - x[d, i, j]
                        g = c[d, i, j] - dx * dx
                        slope += -2.0 * wi * dx / g
                if slope > 0:
                    if a == m:
                        break  # (a, b) unchanged: a fixed point
                    a = m
                else:
                    if b == m:
                        break
                    b = m
            out[d, j] = 0.5 * (a + b)

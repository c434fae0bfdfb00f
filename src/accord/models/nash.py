"""The asymmetric Nash bargaining solution, issue by issue (Achen 2006).

Each actor i has quadratic utility  u_i(x) = -(x - x_i)^2  and bargaining power
w_i = c_i s_i. The solution maximises the weighted Nash product

    x* = argmax_x  Sum_i w_i log( u_i(x) - u_i(d_i) )

over the outcomes that leave every actor at least as well off as its disagreement
point d_i. Two readings of d_i:

* ``nash``: d_i is the actor's worst outcome on the scale, the end farthest from x_i
  (Achen 2006), so  u_i(x) - u_i(d_i) = D_i - (x - x_i)^2  with
  D_i = max((lo - x_i)^2, (hi - x_i)^2). Every interior outcome is feasible.
* ``nash_sq``: d_i is the status quo q, so  u_i(x) - u_i(q) = (q - x_i)^2 - (x - x_i)^2.
  On a line, actor i gains only between q and its mirror image 2 x_i - q; when actors
  stand on both sides of q (or one stands on it) no outcome improves on q for all, and
  the solution is q itself.

The objective is a sum of logs of concave functions, so its derivative
Sum_i -2 w_i (x - x_i) / g_i(x) is decreasing; the maximiser is its root, found by
bisection vectorised over issues and draws.
"""

from __future__ import annotations

import numpy as np

from ..scenario.schema import Inputs
from .base import Model, Solution
from .registry import register

_ITERATIONS = 80


#: cells (draws x actors x issues) from which the bisection runs compiled (numba): below
#: it numpy's arrays are quick enough and numba's start-up (~0.5 s) is not worth paying
_COMPILED_CELLS = 4096


def _argmax_nash_product(x: np.ndarray, w: np.ndarray, c: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Root of d/dx Sum_i w_i log g_i(x) in [lo, hi] by bisection, g_i(m) = c_i - (m - x_i)^2.

    ``x``, ``w``, ``c``: ``(..., n, k)``; ``lo``, ``hi``: ``(..., k)``. A large batch (Monte
    Carlo draws) runs in :mod:`._nash_kernel`, the same steps compiled, bit for bit.
    """
    shape = np.broadcast_shapes(x.shape, w.shape, c.shape)
    # with one issue the actor axis is numpy's innermost and its sum is pairwise (8 partial
    # sums from 8 actors on), another order: the kernel sums in actor order, so only k > 1
    if int(np.prod(shape)) >= _COMPILED_CELLS and shape[-1] > 1:
        from ._nash_kernel import bisect

        n, k = shape[-2:]
        D = int(np.prod(shape[:-2]))
        lead = shape[:-2]

        def flat(a, s):
            return np.ascontiguousarray(np.broadcast_to(np.asarray(a, dtype=float), s).reshape(D, *s[len(lead):]))

        out = np.empty((D, k))
        bisect(flat(x, shape), flat(w, shape), flat(c, shape), flat(lo, lead + (k,)), flat(hi, lead + (k,)),
               _ITERATIONS, out)
        return out.reshape(*lead, k)
    a, b = lo.copy(), hi.copy()
    for _ in range(_ITERATIONS):
        m = 0.5 * (a + b)
        g = c - (m[..., None, :] - x) ** 2
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(w > 0, -2.0 * w * (m[..., None, :] - x) / g, 0.0)
            slope = terms.sum(axis=-2)
        up = slope > 0
        a = np.where(up, m, a)
        b = np.where(up, b, m)
    return 0.5 * (a + b)


def _hull(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lowest and highest position among actors with weight."""
    live = w > 0
    lo = np.where(live, x, np.inf).min(axis=-2)
    hi = np.where(live, x, -np.inf).max(axis=-2)
    return lo, hi


def veto_bounds(inputs: Inputs, x: np.ndarray, out: np.ndarray) -> np.ndarray:
    """``out`` moved to the nearest point every veto player accepts.

    Individual rationality for veto players only: a veto player v (``inputs.veto``, an
    actor taking part) accepts m when it is no worse off than at the status quo q,
    (m - x_v)^2 <= (q - x_v)^2, i.e. |m - x_v| <= |q - x_v|. The intersection of these
    intervals holds q. The log Nash product Sum_i w_i log(gap_i(m)) is concave in m, so
    its maximum on that interval is the unconstrained maximum clipped to it (Nash 1950
    with the feasible set cut by the veto players' participation constraints).
    """
    if inputs.veto is None:
        return out
    v = np.broadcast_to(inputs.veto, x.shape) & (inputs.weight > 0)
    q = np.broadcast_to(inputs.status_quo, out.shape)[..., None, :]
    r = np.abs(q - x)
    lo = np.where(v, x - r, -np.inf).max(axis=-2)
    hi = np.where(v, x + r, np.inf).min(axis=-2)
    return np.clip(out, lo, hi)


@register
class Nash(Model):
    name = "nash"
    respects_veto = True
    summary = "asymmetric Nash bargaining, disagreement at each actor's worst outcome (Achen 2006)"

    def solve(self, inputs: Inputs) -> Solution:
        w = inputs.weight
        x = np.nan_to_num(inputs.position, nan=0.0)
        lo_s = inputs.scale_low[..., None, :]
        hi_s = inputs.scale_high[..., None, :]
        reach = np.maximum((x - lo_s) ** 2, (x - hi_s) ** 2)
        lo, hi = _hull(x, w)
        alive = np.isfinite(lo)
        out = _argmax_nash_product(x, w, reach, np.where(alive, lo, 0.0), np.where(alive, hi, 0.0))
        single = lo == hi
        out = np.where(single, lo, out)
        out = veto_bounds(inputs, x, out)
        return Solution(np.where(alive, out, np.nan))


@register
class NashStatusQuo(Model):
    name = "nash_sq"
    summary = "asymmetric Nash bargaining, disagreement at the status quo"
    uses_status_quo = True

    def solve(self, inputs: Inputs) -> Solution:
        w = inputs.weight
        x = np.nan_to_num(inputs.position, nan=0.0)
        q = np.broadcast_to(inputs.status_quo, x.shape[:-2] + x.shape[-1:])
        qn = q[..., None, :]
        live = w > 0
        above = np.where(live, x > qn, True).all(axis=-2)
        below = np.where(live, x < qn, True).all(axis=-2)
        any_live = live.any(axis=-2)
        # the feasible interval: between q and the nearest mirror image 2 x_i - q
        mirror = 2.0 * x - qn
        x_lo, x_hi = _hull(x, w)
        hi_up = np.minimum(np.where(live, mirror, np.inf).min(axis=-2), x_hi)
        lo_dn = np.maximum(np.where(live, mirror, -np.inf).max(axis=-2), x_lo)
        lo = np.where(above, q, np.where(below, lo_dn, q))
        hi = np.where(above, hi_up, np.where(below, q, q))

        moves = (above | below) & any_live
        out = _argmax_nash_product(x, w, (qn - x) ** 2, np.where(moves, lo, q), np.where(moves, hi, q))
        out = np.where(moves, out, q)
        return Solution(out, info={"moved": moves})

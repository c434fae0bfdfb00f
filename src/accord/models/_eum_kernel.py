"""The rounds of the expected utility model, compiled with numba (see :mod:`.eum`).

One call runs every (draw, issue) cell: the loop over draws and issues is inside the
kernel, each cell is independent, and each cell stops on its own. The equations and
the readings taken are documented in :mod:`accord.models.eum`; this module only holds
the arithmetic. Imported lazily by :meth:`ExpectedUtility.solve`, so ``import accord``
never loads numba.

Layout: ``pos``, ``sal``, ``cap`` are ``(D, n, k)`` float64, D the flattened draw axes.
Outputs: ``trace`` ``(D, max_rounds, n, k)``, ``med`` ``(D, max_rounds, k)``,
``nrun`` ``(D, k)`` (rounds run before the stopping rule ended the cell).
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

# category codes of an offer actor i receives (Scholz et al. 2011, fig. 6 and sec. 6.2)
_NONE, _CONFLICT, _COMPROMISE, _CAPITULATE = 3, 0, 1, 2


@njit(cache=True, inline="always")
def _lower_median(x: np.ndarray, w: np.ndarray, order: np.ndarray, m: int) -> float:
    """Lower weighted median of x[:m] (weights w[:m]); ``order`` is scratch space."""
    for a in range(m):
        order[a] = a
    for a in range(1, m):  # insertion sort by position, stable
        v = order[a]
        b = a - 1
        while b >= 0 and x[order[b]] > x[v]:
            order[b + 1] = order[b]
            b -= 1
        order[b + 1] = v
    total = 0.0
    for a in range(m):
        total += w[a]
    half = total / 2.0 * (1.0 - 1e-12)
    cum = 0.0
    for a in range(m):
        cum += w[order[a]]
        if cum >= half:
            return x[order[a]]
    return x[order[m - 1]]


@njit(cache=True)
def _probabilities(x, w, d, rr, m, P, e):
    """P[a, b]: a's probability of prevailing over b (eq. 31, normalised as Scholz's code).

    Votes of k for a over b: v_k(a, b) = w_k (d_kb^r_k - d_ka^r_k) (eqs. 10, 26, 28).
    Numerator: Sum_k max(0, v_k(a, b)); denominator: Sum_k Sum_a' Sum_b' |v_k(a', b')|.
    """
    for kk in range(m):
        for a in range(m):
            if rr[kk] == 1.0:
                e[kk, a] = d[kk, a]
            else:
                e[kk, a] = d[kk, a] ** rr[kk]
    den = 0.0
    for kk in range(m):
        acc = 0.0
        for a in range(m):
            for b in range(a + 1, m):
                acc += abs(e[kk, b] - e[kk, a])
        den += 2.0 * w[kk] * acc
    for a in range(m):
        P[a, a] = 0.0
        for b in range(m):
            if b == a:
                continue
            if x[a] == x[b] or den <= 0.0:
                P[a, b] = 0.0
                continue
            num = 0.0
            for kk in range(m):
                v = e[kk, b] - e[kk, a]
                if v > 0.0:
                    num += w[kk] * v
            P[a, b] = num / den


@njit(cache=True, inline="always")
def _utils(dd, r):
    """U_s, U_f with risk exponent r at normalised distance dd (eqs. 15, 16)."""
    if r == 1.0:
        return 2.0 * dd, -2.0 * dd
    return 2.0 - 4.0 * (0.5 - 0.5 * dd) ** r, 2.0 - 4.0 * (0.5 + 0.5 * dd) ** r


@njit(cache=True, inline="always")
def _eu(s_target, p, us, uf, usq, dd, dm_ch, r, q, closer):
    """E(U_ch,target) (eq. 25a) from a perspective with risk exponent r; ``dd`` =
    |x_ch - x_target| / range, ``dm_ch`` = |x_ch - mu| / range, ``closer``: T = 1
    (the challenger gains if the target moves to the median; U_b, U_w eqs. 22, 23)."""
    out = s_target * (p * us + (1.0 - p) * uf) + (1.0 - s_target) * us - q * usq
    if q != 1.0:
        z = 0.25 * (dm_ch + dd)
        if closer:
            out -= (1.0 - q) * (2.0 - 4.0 * (0.5 - z) ** r)
        else:
            out -= (1.0 - q) * (2.0 - 4.0 * (0.5 + z) ** r)
    return out


@njit(cache=True)
def _solve_cell(x, w, s, m, rng, q, fixed, max_rounds, tol, xs_out, med_out, scratch):
    """Run one issue of one draw; x, w, s hold the m participating actors (canonical order).

    Writes positions after each round into xs_out[t, :m] and medians into med_out[t];
    returns the number of rounds run.
    """
    order, P, e, d, dm, rr, E1, newx = scratch
    med_prev = _lower_median(x, w, order, m)
    nrun = 0
    for t in range(max_rounds):
        if fixed > 0 and t >= fixed:
            break
        mu = med_prev
        for a in range(m):
            dm[a] = abs(x[a] - mu) / rng
            for b in range(m):
                d[a, b] = abs(x[a] - x[b]) / rng
        # pass 1: r_i = 1, the security level of each actor (eqs. 32-34)
        for a in range(m):
            rr[a] = 1.0
        _probabilities(x, w, d, rr, m, P, e)
        lo = np.inf
        hi = -np.inf
        for i in range(m):
            danger = 0.0
            for kk in range(m):
                if kk != i:
                    dd = d[kk, i]
                    danger += _eu(s[i], P[kk, i], 2.0 * dd, -2.0 * dd, 0.0, dd, dm[kk], 1.0, q, dm[kk] < dd)
            E1[i] = danger
            lo = min(lo, danger)
            hi = max(hi, danger)
        for i in range(m):
            if hi > lo:
                Ri = (2.0 * E1[i] - hi - lo) / (hi - lo)
            else:
                Ri = 0.0
            rr[i] = (1.0 - Ri / 3.0) / (1.0 + Ri / 3.0)  # eq. 33
        # pass 2: probabilities with each voter's risk exponent, then offers
        _probabilities(x, w, d, rr, m, P, e)
        moved = 0.0
        for i in range(m):
            best_cat = _NONE
            best_pos = x[i]
            best_key = 0.0
            usq = 2.0 - 4.0 * 0.5 ** rr[i]  # eq. 24
            for j in range(m):
                if x[j] == x[i]:
                    continue
                dd = d[i, j]
                us, uf = _utils(dd, rr[i])
                eij = _eu(s[j], P[i, j], us, uf, usq, dd, dm[i], rr[i], q, dm[i] < dd)
                eji = _eu(s[i], P[j, i], us, uf, usq, dd, dm[j], rr[i], q, dm[j] < dd)
                if eji > eij and eij > 0.0:
                    cat = _CONFLICT
                    pos = x[j]
                    key = -abs(pos - x[i])
                elif eji > 0.0 and eij < 0.0:
                    if eji > -eij:
                        cat = _COMPROMISE
                        pos = x[i] + (x[j] - x[i]) * (-eij / eji)  # eq. 36
                        key = eji
                    else:
                        cat = _CAPITULATE
                        pos = x[j]
                        key = -abs(pos - x[i])
                else:
                    continue
                better = False
                if cat < best_cat:
                    better = True
                elif cat == best_cat:
                    if key > best_key:
                        better = True
                    elif key == best_key:
                        dn = abs(pos - x[i])
                        db = abs(best_pos - x[i])
                        if dn < db or (dn == db and pos < best_pos):
                            better = True
                if better:
                    best_cat = cat
                    best_pos = pos
                    best_key = key
            newx[i] = best_pos
            moved = max(moved, abs(best_pos - x[i]))
        for i in range(m):
            x[i] = newx[i]
            xs_out[t, i] = x[i]
        med = _lower_median(x, w, order, m)
        med_out[t] = med
        nrun = t + 1
        if fixed == 0 and (moved <= tol * rng or abs(med - med_prev) <= tol * rng):
            break
        med_prev = med
    return nrun


@njit(cache=True, parallel=True)
def run(pos, sal, cap, q, fixed, max_rounds, tol, trace, med, nrun):
    """All cells; ``fixed`` > 0 runs exactly that many rounds, 0 uses the stopping rule."""
    D, n, k = pos.shape
    R = trace.shape[1]
    for dr in prange(D):
        order = np.empty(n, np.int64)
        P = np.empty((n, n))
        e = np.empty((n, n))
        d = np.empty((n, n))
        dm = np.empty(n)
        rr = np.empty(n)
        E1 = np.empty(n)
        newx = np.empty(n)
        scratch = (order, P, e, d, dm, rr, E1, newx)
        idx = np.empty(n, np.int64)
        x = np.empty(n)
        w = np.empty(n)
        s = np.empty(n)
        xs = np.empty((R, n))
        ms = np.empty(R)
        for j in range(k):
            # participating actors, in a canonical order (position, weight, salience)
            m = 0
            for a in range(n):
                wa = cap[dr, a, j] * sal[dr, a, j]
                if np.isfinite(pos[dr, a, j]) and wa > 0.0:
                    idx[m] = a
                    m += 1
            for a in range(1, m):
                v = idx[a]
                b = a - 1
                while b >= 0:
                    u = idx[b]
                    pu, pv = pos[dr, u, j], pos[dr, v, j]
                    wu, wv = cap[dr, u, j] * sal[dr, u, j], cap[dr, v, j] * sal[dr, v, j]
                    if pu > pv or (pu == pv and (wu > wv or (wu == wv and sal[dr, u, j] > sal[dr, v, j]))):
                        idx[b + 1] = u
                        b -= 1
                    else:
                        break
                idx[b + 1] = v
            lo = np.inf
            hi = -np.inf
            for a in range(m):
                i = idx[a]
                x[a] = pos[dr, i, j]
                w[a] = cap[dr, i, j] * sal[dr, i, j]
                s[a] = sal[dr, i, j]
                lo = min(lo, x[a])
                hi = max(hi, x[a])
            for a in range(n):
                for t in range(R):
                    trace[dr, t, a, j] = pos[dr, a, j]
            if m == 0:
                for t in range(R):
                    med[dr, t, j] = np.nan
                nrun[dr, j] = 0
                continue
            if hi - lo <= 0.0:
                for t in range(R):
                    med[dr, t, j] = lo
                nrun[dr, j] = fixed if fixed > 0 else 1
                continue
            nr = _solve_cell(x, w, s, m, hi - lo, q, fixed, max_rounds, tol, xs, ms, scratch)
            nrun[dr, j] = nr
            for t in range(R):
                tt = t if t < nr else nr - 1
                med[dr, t, j] = ms[tt]
                for a in range(m):
                    trace[dr, t, idx[a], j] = xs[tt, a]

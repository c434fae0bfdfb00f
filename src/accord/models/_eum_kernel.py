"""The rounds of the expected utility model, compiled with numba (see :mod:`.eum`).

One call runs every (draw, issue) cell: the loop over draws and issues is inside the
kernel, each cell is independent, and each cell stops on its own. The equations and
the readings taken are documented in :mod:`accord.models.eum`; this module only holds
the arithmetic. Imported lazily by :meth:`ExpectedUtility.solve`, so ``import accord``
never loads numba.

Layout: ``pos``, ``sal``, ``cap`` are ``(D, n, k)`` float64, D the flattened draw axes.
Outputs: ``trace`` ``(D, R, n, k)`` (or ``(D, 0, n, k)``: not kept), ``med``
``(D, R, k)``, ``nrun`` ``(D, k)`` (rounds run before the stopping rule ended the cell).

Speed, without changing a single bit of the results:

* the functions are compiled serially with ``nogil``; :mod:`.eum` runs slices of the
  draws on threads (no numba thread pool to start);
* the numerators of P_ab and P_ba and the denominator of eq. 31 are summed in one pass
  over the pairs a < b, each sum in the same order as the plain triple loop; the
  denominator only where it is used (all_pairs);
* per pair (pairwise), a pair with an actor at the same position as an earlier actor
  copies the earlier pair's sums: its row of e is the same, so are the sums, bit for bit
  (ukraine_2024, 10,000 draws: kernel CPU 1.13 -> 1.04 s, identical outputs);
* ``0 ** r`` and ``d ** 1`` are not computed by ``pow``, nor any power already computed
  for an actor at the same position (actors often share one after a round);
* a cell whose positions come back to those of an earlier round is in a cycle: every
  later round repeats it (the round is a function of the positions only), and no
  stopping test can pass that did not pass in the cycle. With the stopping rule the
  cell ends there (the run has come back to a state it had reached); with a fixed
  number of rounds the rounds left are copied instead of computed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

njit: Any  # numba's decorator, or a stand-in that leaves the function as it is
if __name__.endswith("_py"):  # loaded as plain Python by eum._python_kernel (small cases)
    def _no_jit(**_options: Any) -> Any:
        return lambda f: f
    njit = _no_jit
else:
    from ..numba_cache import configure

    configure()  # before numba is imported: a cache folder that can be written
    from numba import njit as _numba_njit

    njit = _numba_njit

# category codes of an offer actor i receives (Scholz et al. 2011, fig. 6 and sec. 6.2)
_NONE, _CONFLICT, _COMPROMISE, _CAPITULATE = 3, 0, 1, 2
# why a cell stopped (names in :data:`accord.models.eum.STOP_REASONS`, same order)
STOP_MOVED, STOP_MEDIAN, STOP_CYCLE, STOP_MAX, STOP_FIXED, STOP_EMPTY = 0, 1, 2, 3, 4, 5


@njit(cache=True, nogil=True)
def _lower_median(x, w, order, m):
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


@njit(cache=True, nogil=True)
def _probabilities(x, w, eT, m, P, acc, pairwise, rep):
    """P[a, b]: a's probability of prevailing over b (eq. 31); ``rep[a]``: the first
    actor at a's position (see :func:`_solve_cell`).

    ``pairwise``: per pair, P_ab = Sum_k max(0, v_k(a, b)) / Sum_k |v_k(a, b)|, so that
    P_ab + P_ba = 1 (Scholz et al. 2011, eqs. 30-31). Otherwise normalised over every
    pair of actors as Scholz's own program does (the reading that reproduces Table 2).

    ``eT[a, k] = d_ka ** r_k``. Votes of k for a over b: v_k(a, b) = w_k (d_kb^r_k -
    d_ka^r_k) (eqs. 10, 26, 28); v_k(b, a) = -v_k(a, b). Numerator: Sum_k max(0,
    v_k(a, b)); denominator: Sum_k Sum_a' Sum_b' |v_k(a', b')| = Sum_k 2 w_k Sum_{a'<b'} |.|.
    """
    for kk in range(m):
        acc[kk] = 0.0
    for a in range(m):
        P[a, a] = 0.0
        for b in range(a + 1, m):
            nab = 0.0
            nba = 0.0
            if pairwise and (rep[a] != a or rep[b] != b):
                # an actor at the same position as an earlier one has the same row of
                # eT: the sums are those of the earlier pair, already computed
                ra = rep[a]
                rb = rep[b]
                P[a, b] = P[ra, rb]
                P[b, a] = P[rb, ra]
                continue
            if pairwise:
                for kk in range(m):
                    v = eT[b, kk] - eT[a, kk]
                    nab += w[kk] * max(v, 0.0)
                    nba += w[kk] * max(-v, 0.0)
            else:
                for kk in range(m):
                    v = eT[b, kk] - eT[a, kk]
                    acc[kk] += abs(v)
                    nab += w[kk] * max(v, 0.0)
                    nba += w[kk] * max(-v, 0.0)
            P[a, b] = nab
            P[b, a] = nba
    if pairwise:
        for a in range(m):
            for b in range(a + 1, m):
                tot = P[a, b] + P[b, a]
                if x[a] == x[b] or tot <= 0.0:
                    P[a, b] = 0.0
                    P[b, a] = 0.0
                else:
                    pab = P[a, b] / tot
                    P[a, b] = pab
                    P[b, a] = P[b, a] / tot
        return
    den = 0.0
    for kk in range(m):
        den += 2.0 * w[kk] * acc[kk]
    for a in range(m):
        for b in range(m):
            if b == a:
                continue
            if x[a] == x[b] or den <= 0.0:
                P[a, b] = 0.0
            else:
                P[a, b] = P[a, b] / den


@njit(cache=True, nogil=True)
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


@njit(cache=True, nogil=True)
def _same(a, b):
    """a and b are the same number, sign of zero included."""
    return a == b and (a != 0.0 or math.copysign(1.0, a) == math.copysign(1.0, b))


@njit(cache=True, nogil=True)
def _solve_cell(x, w, s, m, rng, q, fixed, max_rounds, tol, pairwise, kstable, xs_out, med_out,
                order, P, eT, d, dm, rr, E1, newx, acc, x0, rep, US, UF):
    """Run one issue of one draw; x, w, s hold the m participating actors (canonical order).

    Writes positions after each round into xs_out[t, :m] and medians into med_out[t];
    returns (rounds run, stop code, t0) where t0 is the round after which the positions
    first stood as they stand at the end (for a cycle: the cycle is rounds t0+1 .. end).
    """
    for a in range(m):
        x0[a] = x[a]
    med_prev = _lower_median(x, w, order, m)
    nrun = 0
    stable = 0
    for t in range(max_rounds):
        if fixed > 0 and t >= fixed:
            break
        mu = med_prev
        for a in range(m):
            dm[a] = abs(x[a] - mu) / rng
            d[a, a] = 0.0
            rep[a] = a  # the first actor at the same position: its row of d is a's
            for b in range(a):
                if x[b] == x[a]:
                    rep[a] = b
                    break
            for b in range(a + 1, m):
                v = abs(x[a] - x[b]) / rng
                d[a, b] = v
                d[b, a] = v
        # pass 1: r_i = 1, the security level of each actor (eqs. 32-34); d is symmetric
        _probabilities(x, w, d, m, P, acc, pairwise, rep)
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
        for a in range(m):
            if rep[a] != a:
                for kk in range(m):
                    eT[a, kk] = eT[rep[a], kk]
                continue
            for kk in range(m):
                dv = d[a, kk]
                if dv == 0.0 or rr[kk] == 1.0:
                    eT[a, kk] = dv
                else:
                    eT[a, kk] = dv ** rr[kk]
        _probabilities(x, w, eT, m, P, acc, pairwise, rep)
        moved = 0.0
        for i in range(m):
            best_cat = _NONE
            best_pos = x[i]
            best_key = 0.0
            ri = rr[i]
            usq = 2.0 - 4.0 * 0.5 ** ri  # eq. 24
            for j in range(m):
                if x[j] == x[i]:
                    continue
                dd = d[i, j]
                if ri == 1.0:  # U_s, U_f (eqs. 15, 16)
                    us = 2.0 * dd
                    uf = -2.0 * dd
                elif rep[j] != j:  # same distance as an actor already seen
                    us = US[rep[j]]
                    uf = UF[rep[j]]
                else:
                    us = 2.0 - 4.0 * (0.5 - 0.5 * dd) ** ri
                    uf = 2.0 - 4.0 * (0.5 + 0.5 * dd) ** ri
                    US[j] = us
                    UF[j] = uf
                eij = _eu(s[j], P[i, j], us, uf, usq, dd, dm[i], ri, q, dm[i] < dd)
                eji = _eu(s[i], P[j, i], us, uf, usq, dd, dm[j], ri, q, dm[j] < dd)
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
        if abs(med - med_prev) <= tol * rng:
            stable += 1
        else:
            stable = 0
        if fixed == 0:
            if moved <= tol * rng:
                return nrun, STOP_MOVED, -2
            if kstable > 0 and stable >= kstable:
                return nrun, STOP_MEDIAN, -2
        med_prev = med
        # a cycle: the positions after round t equal those after round t0 < t (or the
        # initial ones); every later round repeats round t0+1.. (see the module doc)
        last = fixed if fixed > 0 else max_rounds
        if t + 1 < last:
            t0 = -2
            for u in range(-1, t):
                same = True
                for a in range(m):
                    ref = x0[a] if u < 0 else xs_out[u, a]
                    if not _same(ref, x[a]):
                        same = False
                        break
                if same:
                    t0 = u
                    break
            if t0 > -2:
                if fixed == 0:
                    # the stopping rule's third test: the run has come back to positions it
                    # had already reached, so no further round can bring anything new
                    return t + 1, STOP_CYCLE, t0
                per = t - t0
                for tt in range(t + 1, last):
                    for a in range(m):
                        xs_out[tt, a] = xs_out[tt - per, a]
                    med_out[tt] = med_out[tt - per]
                return last, STOP_FIXED, -2
    return nrun, (STOP_FIXED if fixed > 0 else STOP_MAX), -2


@njit(cache=True, nogil=True)
def run(pos, sal, cap, q, fixed, max_rounds, tol, pairwise, kstable, trace, med, nrun, stop, out, band):
    """All cells; ``fixed`` > 0 runs exactly that many rounds, 0 uses the stopping rule.

    ``trace`` with no rounds (shape ``(D, 0, n, k)``) is not written. ``stop`` (D, k):
    the stop code; ``out`` (D, k): the forecast (the last median, or over a cycle the
    mean of the cycle's medians); ``band`` (D, k, 2): the lowest and highest median of
    the cycle (both the forecast when there is no cycle).
    """
    D, n, k = pos.shape
    R = med.shape[1]
    keep = trace.shape[1] > 0
    order = np.empty(n, np.int64)
    P = np.empty((n, n))
    eT = np.empty((n, n))
    d = np.empty((n, n))
    dm = np.empty(n)
    rr = np.empty(n)
    E1 = np.empty(n)
    newx = np.empty(n)
    acc = np.empty(n)
    x0 = np.empty(n)
    rep = np.empty(n, np.int64)
    US = np.empty(n)
    UF = np.empty(n)
    idx = np.empty(n, np.int64)
    x = np.empty(n)
    w = np.empty(n)
    s = np.empty(n)
    xs = np.empty((R, n))
    ms = np.empty(R)
    for dr in range(D):
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
            if keep:
                for a in range(n):
                    for t in range(R):
                        trace[dr, t, a, j] = pos[dr, a, j]
            if m == 0:
                for t in range(R):
                    med[dr, t, j] = np.nan
                nrun[dr, j] = 0
                stop[dr, j] = STOP_EMPTY
                out[dr, j] = np.nan
                band[dr, j, 0] = np.nan
                band[dr, j, 1] = np.nan
                continue
            if hi - lo <= 0.0:
                for t in range(R):
                    med[dr, t, j] = lo
                nrun[dr, j] = fixed if fixed > 0 else 1
                stop[dr, j] = STOP_FIXED if fixed > 0 else STOP_MOVED
                out[dr, j] = lo
                band[dr, j, 0] = lo
                band[dr, j, 1] = lo
                continue
            nr, code, t0 = _solve_cell(x, w, s, m, hi - lo, q, fixed, max_rounds, tol, pairwise, kstable,
                                       xs, ms, order, P, eT, d, dm, rr, E1, newx, acc, x0, rep, US, UF)
            nrun[dr, j] = nr
            stop[dr, j] = code
            if code == STOP_CYCLE:
                tot = 0.0
                blo = np.inf
                bhi = -np.inf
                for t in range(t0 + 1, nr):
                    tot += ms[t]
                    blo = min(blo, ms[t])
                    bhi = max(bhi, ms[t])
                out[dr, j] = tot / (nr - t0 - 1)
                band[dr, j, 0] = blo
                band[dr, j, 1] = bhi
            else:
                out[dr, j] = ms[nr - 1] if fixed == 0 else ms[R - 1]
                band[dr, j, 0] = out[dr, j]
                band[dr, j, 1] = out[dr, j]
            for t in range(R):
                tt = t if t < nr else nr - 1
                med[dr, t, j] = ms[tt]
                if keep:
                    for a in range(m):
                        trace[dr, t, idx[a], j] = xs[tt, a]

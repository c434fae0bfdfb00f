"""Speed of the expected utility model on Monte Carlo draws (issue target: 10,000 draws x
9 actors x 7 issues well inside the 2 s budget of `accord forecast ... --draws 10000`).

Prints: the warm solve time of ExpectedUtility().solve on (10000, 9, 7) random inputs,
the baseline (a Python loop, one draw at a time, the same equations in plain numpy;
timed on a subset and scaled), the ratio, and whether both agree. Then, if the CLI
runs, the wall time of `accord forecast ukraine_2024 --model eum --draws 10000`.

    .venv/bin/python bench/bench_eum.py [--draws 10000] [--baseline-draws 200]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time

import numpy as np

from accord.models.eum import ExpectedUtility
from accord.scenario.schema import Inputs


def random_inputs(draws: int, n: int = 9, k: int = 7, seed: int = 0) -> Inputs:
    rng = np.random.default_rng(seed)
    pos = np.round(rng.uniform(0, 100, (draws, n, k)), 1)
    sal = rng.uniform(0.1, 1.0, (draws, n, k))
    cap = np.broadcast_to(rng.uniform(0.05, 1.0, (draws, n, 1)), (draws, n, k)).copy()
    z = np.zeros((draws, k))
    return Inputs(pos, sal, cap, z, z, z + 100, tuple(f"a{i}" for i in range(n)), tuple(f"i{j}" for j in range(k)))


def _issue_numpy(x0, w, s, q, max_rounds, tol):
    """One issue, plain numpy, the equations of accord.models.eum (for the baseline)."""
    live = np.isfinite(x0) & (w > 0)
    x, w, s = x0[live].copy(), w[live], s[live]
    meds = []
    if x.size == 0:
        return [np.nan]
    rng = x.max() - x.min()
    if rng <= 0:
        return [x[0]]

    def median(x):
        o = np.argsort(x, kind="stable")
        cw = np.cumsum(w[o])
        return x[o][np.argmax(cw >= cw[-1] / 2 * (1 - 1e-12))]

    def probs(d, r):
        e = d ** r[:, None]
        v = w[:, None, None] * (e[:, None, :] - e[:, :, None])  # v[k, a, b]
        den = np.abs(v).sum()
        P = np.maximum(v, 0).sum(0) / den if den > 0 else np.zeros_like(d)
        P[x[:, None] == x[None, :]] = 0.0
        return P

    def eu(st, P, d, dmc, r, closer):
        us = 2 - 4 * (0.5 - 0.5 * d) ** r
        uf = 2 - 4 * (0.5 + 0.5 * d) ** r
        out = st * (P * us + (1 - P) * uf) + (1 - st) * us - q * (2 - 4 * 0.5**r)
        if q != 1.0:
            z = 0.25 * (dmc + d)
            out = out - (1 - q) * np.where(closer, 2 - 4 * (0.5 - z) ** r, 2 - 4 * (0.5 + z) ** r)
        return out

    prev = median(x)
    for _ in range(max_rounds):
        d = np.abs(x[:, None] - x[None, :]) / rng
        dm = np.abs(x - prev) / rng
        one = np.ones_like(x)
        P1 = probs(d, one)
        E1 = eu(s[None, :], P1, d, dm[:, None], 1.0, dm[:, None] < d)  # E1[k, i]: k challenges i
        np.fill_diagonal(E1, 0.0)
        S = E1.sum(0)
        R = (2 * S - S.max() - S.min()) / (S.max() - S.min()) if S.max() > S.min() else np.zeros_like(S)
        r = (1 - R / 3) / (1 + R / 3)
        P = probs(d, r)
        ri = r[:, None]
        eij = eu(s[None, :], P, d, dm[:, None], ri, dm[:, None] < d)
        eji = eu(s[:, None], P.T, d, dm[None, :], ri, dm[None, :] < d)
        new = x.copy()
        for i in range(x.size):
            best = None
            for j in range(x.size):
                if x[j] == x[i]:
                    continue
                a, b = eij[i, j], eji[i, j]
                if b > a > 0:
                    cand = (0, abs(x[j] - x[i]), x[j])
                elif b > 0 > a and b > -a:
                    pos = x[i] + (x[j] - x[i]) * (-a / b)
                    cand = (1, -b, abs(pos - x[i]), pos)
                elif b > 0 > a:
                    cand = (2, abs(x[j] - x[i]), x[j])
                else:
                    continue
                if best is None or cand < best:
                    best = cand
            if best is not None:
                new[i] = best[-1]
        moved = np.abs(new - x).max()
        x = new
        med = median(x)
        meds.append(med)
        if moved <= tol * rng or abs(med - prev) <= tol * rng:
            break
        prev = med
    return meds


def baseline(inputs: Inputs, model: ExpectedUtility) -> np.ndarray:
    """Outcome per draw and issue, one draw at a time, numpy inside."""
    p = model.params
    D, n, k = inputs.position.shape
    out = np.empty((D, k))
    w = inputs.capability * inputs.salience
    for dr in range(D):
        for j in range(k):
            # the kernel orders actors canonically; do the same so ties break alike
            o = np.lexsort((inputs.salience[dr, :, j], w[dr, :, j], inputs.position[dr, :, j]))
            out[dr, j] = _issue_numpy(inputs.position[dr, o, j], w[dr, o, j], inputs.salience[dr, o, j],
                                      p["q"], p["max_rounds"], p["tol"])[-1]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--baseline-draws", type=int, default=200)
    args = ap.parse_args()
    inputs = random_inputs(args.draws)
    model = ExpectedUtility()
    model.solve(random_inputs(10, seed=1))  # warm-up: load the compiled kernel
    t0 = time.perf_counter()
    sol = model.solve(inputs)
    t_fast = time.perf_counter() - t0
    rr = sol.info["rounds_run"]
    print(f"eum solve {inputs.position.shape}: {t_fast:.3f} s  "
          f"(rounds run: mean {rr.mean():.2f}, max {rr.max()}, cap {model.params['max_rounds']}, "
          f"at cap {np.mean(rr == model.params['max_rounds']):.1%})")

    nb = min(args.baseline_draws, args.draws)
    sub = Inputs(inputs.position[:nb], inputs.salience[:nb], inputs.capability[:nb], inputs.status_quo[:nb],
                 inputs.scale_low[:nb], inputs.scale_high[:nb], inputs.actors, inputs.issues)
    t0 = time.perf_counter()
    ref = baseline(sub, model)
    t_base = (time.perf_counter() - t0) * args.draws / nb
    diff = np.abs(ref - sol.outcome[:nb])
    print(f"baseline (python loop per draw, numpy inside; {nb} draws timed, scaled): {t_base:.2f} s")
    print(f"ratio: {t_base / t_fast:.1f}x (target >= 20x)")
    print(f"agreement on {nb} draws x 7 issues: max |diff| {np.nanmax(diff):.2e}, "
          f"cells differing > 1e-9: {int(np.sum(diff > 1e-9))}")

    cmd = [sys.executable, "-m", "accord.cli", "forecast", "ukraine_2024", "--model", "eum", "--draws", "10000"]
    try:
        subprocess.run(cmd, capture_output=True, timeout=120, check=True)  # warm-up
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, timeout=120, check=True)
        print(f"CLI `accord forecast ukraine_2024 --model eum --draws 10000`: {time.perf_counter() - t0:.2f} s wall (target <= 2 s)")
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"CLI timing skipped: {' '.join(cmd[2:])} did not run here ({type(exc).__name__})")


if __name__ == "__main__":
    main()

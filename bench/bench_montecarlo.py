"""Monte Carlo speed: wall time of a 10,000-draw forecast from a cold process, and the
vectorised models against a one-solve-per-draw loop (the baseline, kept here).

    .venv/bin/python bench/bench_montecarlo.py [--draws 10000] [--loop-draws 1000] [--models eum compromise]

Prints each figure beside its target and, for the loop, the ratio from the same run.
Targets: the forecast <= 2 s wall incl. start-up after one warm-up; vectorised >= 20x
the loop, with equal results.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CASE = "ukraine_2024"


def cli_supports_draws() -> bool:
    out = subprocess.run([sys.executable, "-m", "accord.cli", "forecast", CASE, "--model", "compromise",
                          "--draws", "1000", "--json"], capture_output=True, text=True, cwd=ROOT)
    return out.returncode == 0 and '"intervals"' in out.stdout


def cold_forecast(model: str, draws: int, via_cli: bool) -> float:
    """Wall seconds of one fresh process running the forecast with ``draws`` draws."""
    if via_cli:
        cmd = [sys.executable, "-m", "accord.cli", "forecast", CASE, "--model", model, "--draws", str(draws), "--seed", "1", "--json"]
    else:
        code = (
            "from accord.scenario import load; from accord.simulate import monte_carlo; "
            f"r = monte_carlo(load({CASE!r}), [{model!r}], {draws}, seed=1); print(r.to_json()[:0])"
        )
        cmd = [sys.executable, "-c", code]
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t


def loop_baseline(model, inp) -> np.ndarray:
    """The straightforward way: one solve per draw."""
    from accord.scenario.schema import Inputs

    out = []
    for d in range(inp.position.shape[0]):
        one = Inputs(inp.position[d], inp.salience[d], inp.capability[d], inp.status_quo[d],
                     inp.scale_low[d], inp.scale_high[d], inp.actors, inp.issues)
        out.append(model.solve(one).outcome)
    return np.array(out)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--loop-draws", type=int, default=1000)
    ap.add_argument("--models", nargs="+", default=["eum", "compromise"])
    args = ap.parse_args()

    from accord.models import MODELS, get_model
    from accord.scenario import load
    from accord.simulate.montecarlo import draw_inputs

    models = [m for m in args.models if m in MODELS]
    for m in set(args.models) - set(models):
        print(f"{m}: not registered here, skipped")
    via_cli = cli_supports_draws()
    how = "accord forecast --draws" if via_cli else "monte_carlo() in a fresh python (forecast has no --draws yet)"
    print(f"[cold start] {args.draws} draws of {CASE}, via {how}; target <= 2.0 s after one warm-up")
    for m in models:
        cold_forecast(m, args.draws, via_cli)  # warm-up: numba cache, imports, page cache
        runs = [cold_forecast(m, args.draws, via_cli) for _ in range(3)]
        best = min(runs)
        print(f"  {m:<11} {best:6.2f} s wall (best of 3; {', '.join(f'{r:.2f}' for r in runs)})  "
              f"{'MET' if best <= 2.0 else 'NOT MET'}")

    sc = load(CASE)
    inp = draw_inputs(sc, 1, 0, args.loop_draws)
    print(f"[vectorised vs loop] {args.loop_draws} draws of {CASE}; target >= 20x, equal results")
    for m in models:
        model = get_model(m)
        model.solve(draw_inputs(sc, 2, 0, 8))  # compile / warm
        loop_baseline(model, draw_inputs(sc, 2, 0, 8))
        t = time.perf_counter()
        vec = np.asarray(model.solve(inp).outcome)
        t_vec = time.perf_counter() - t
        t = time.perf_counter()
        base = loop_baseline(model, inp)
        t_loop = time.perf_counter() - t
        equal = np.allclose(vec, base, rtol=1e-9, atol=1e-9, equal_nan=True)
        ratio = t_loop / t_vec
        print(f"  {m:<11} vectorised {t_vec * 1e3:8.1f} ms  loop {t_loop * 1e3:9.1f} ms  ratio {ratio:6.1f}x  "
              f"equal results: {equal}  {'MET' if ratio >= 20 and equal else 'NOT MET'}")


if __name__ == "__main__":
    main()

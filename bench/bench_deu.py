"""Bench: the DEU III backtest -- MAE per model and the time each takes on the 353 issues.

    .venv/bin/python bench/bench_deu.py [--capability equal|council] [--repeat N]

Prints one line per registered model: MAE over all issues and the best-of-N solve time
for the whole (n, k) problem; then the time of a full backtest run (no calibration);
then the calibration cost at ``--draws`` (default 200): the time to draw the Estimate
ranges through accord.simulate and each model's time on all draws at once (smp, a
per-draw loop, only with ``--smp``).
The baseline is the compromise model in the same run (ratio = model time / compromise).
Test-split figures are not printed here: they count only via `accord backtest deu --log-test`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from accord.backtest import calibration
from accord.backtest.deu import load_deu
from accord.backtest.run import run_backtest
from accord.models import MODELS, get_model

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "deu3" / "deu3.tsv"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--capability", default="equal", choices=("equal", "council"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--draws", type=int, default=200)
    ap.add_argument("--smp", action="store_true", help="also time smp on the calibration draws (about 0.3 s per draw)")
    args = ap.parse_args()
    if not args.data.exists():
        raise SystemExit(f"shared data not found: {args.data}")
    t0 = time.perf_counter()
    data = load_deu(args.data, args.capability)
    print(f"read {data.k} issues x {len(data.inputs.actors)} actors in {time.perf_counter() - t0:.3f} s ({len(data.skipped)} rows skipped)")
    times: dict[str, float] = {}
    print(f"{'model':<12} {'MAE':>7} {'seconds':>9} {'x compromise':>13}")
    for name in MODELS:
        best = np.inf
        try:
            for _ in range(args.repeat if name in ("compromise", "median", "nash", "nash_sq", "eum") else 1):  # eum: the first call compiles
                t = time.perf_counter()
                f = get_model(name).solve(data.inputs).outcome
                best = min(best, time.perf_counter() - t)
        except NotImplementedError:
            print(f"{name:<12} not implemented")
            continue
        times[name] = best
        mae = float(np.nanmean(np.abs(f - data.outcome)))
        print(f"{name:<12} {mae:7.2f} {best:9.4f} {best / times['compromise']:13.1f}")
    fast = [m for m in MODELS if times.get(m, np.inf) < 1.0]
    t = time.perf_counter()
    run_backtest(args.data, args.capability, fast, draws=0)
    print(f"full backtest (models {', '.join(fast)}; bootstrap 2000 x 2 per model; candidates; no calibration): {time.perf_counter() - t:.2f} s")
    if args.draws > 0:
        t = time.perf_counter()
        noisy = calibration.perturbed(data.inputs, args.draws, 100.0)
        print(f"calibration: {args.draws} draws of {2 * int((~np.isnan(data.inputs.position)).sum())} Estimate-ranged inputs via accord.simulate.draws: {time.perf_counter() - t:.2f} s")
        for name in MODELS:
            if name == "smp" and not args.smp:
                print(f"  {name:<12} skipped (pass --smp; one draw takes {times.get(name, float('nan')):.2f} s)")
                continue
            t = time.perf_counter()
            get_model(name).solve(noisy)
            sec = time.perf_counter() - t
            print(f"  {name:<12} {sec:8.2f} s for {args.draws} draws ({sec / args.draws * 1000:.1f} ms/draw; single solve {times.get(name, float('nan')) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()

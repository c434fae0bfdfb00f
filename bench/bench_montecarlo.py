"""Monte Carlo speed: a 10,000-draw forecast from a fresh process, and the vectorised
models against a one-solve-per-draw loop (the baseline).

    .venv/bin/python bench/bench_montecarlo.py [--draws 10000] [--loop-draws 500] [--models eum compromise]

Targets: `accord forecast ukraine_2024 --model M --draws 10000` <= 1.4 s wall (issue 13;
2 s in issue 4), start-up included, after one warm-up; vectorised >= 20x the loop, with
equal results. compromise, run beside eum, is the baseline without numba: its time is
the start-up and draws every model pays.

The loop and the timing are those of bench_eum.py (imported from it), so both benches
measure the same thing: for eum the loop is the model's equations in plain numpy, one
draw at a time; for compromise, one ``model.solve`` per draw (numpy already). Calling
the compiled eum kernel once per draw is not that baseline: it only measures the
per-call overhead of a kernel that is already compiled. Every time is the median of 5
after a warm-up, with CPU time (user + sys, all threads) beside the wall time, since
the machine is shared; `uptime` is printed first.
"""

from __future__ import annotations

import argparse

from bench_eum import CASE, TARGET_WALL, cli_median, uptime, vec_vs_loop


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--draws", type=int, default=10_000)
    ap.add_argument("--loop-draws", type=int, default=500)
    ap.add_argument("--models", nargs="+", default=["eum", "compromise"])
    args = ap.parse_args()

    from accord.models import MODELS
    from accord.scenario import load
    from accord.simulate.montecarlo import draw_inputs

    models = [m for m in args.models if m in MODELS]
    for m in set(args.models) - set(models):
        print(f"{m}: not registered here, skipped")
    print(uptime())
    print(f"[CLI] accord forecast {CASE} --model M --draws {args.draws}; target <= {TARGET_WALL:g} s wall after one warm-up")
    for m in models:
        print(f"  {m:<11} {cli_median(['forecast', CASE, '--model', m, '--draws', str(args.draws)])}")

    sc = load(CASE)
    inp = draw_inputs(sc, 1, 0, args.loop_draws)
    print(f"[vectorised vs loop] {CASE}, seed 1; target >= 20x, equal results")
    for m in models:
        print(vec_vs_loop(m, inp))


if __name__ == "__main__":
    main()

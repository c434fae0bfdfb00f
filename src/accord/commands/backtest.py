"""``accord backtest deu``: score every bargaining model against DEU III outcomes."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import InputError
from .common import fail, model_names

REPO = Path(__file__).resolve().parents[3]


def register(app: typer.Typer) -> None:
    sub = typer.Typer(help="Backtest the models against real negotiation outcomes.", no_args_is_help=True, add_completion=False)

    @sub.command("deu")
    def deu(
        file: Path = typer.Argument(..., help="The DEU III table (tab-separated), e.g. ../shared/data/deu3/deu3.tsv."),
        as_json: bool = typer.Option(False, "--json", help="Print the JSON document instead of tables."),
        capability: str = typer.Option("equal", "--capability", help="equal, or council (voting weight by treaty period)."),
        model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model to score (repeatable); default: all registered."),
        out: Optional[Path] = typer.Option(None, "--out", help="Folder for backtest.json and backtest.html."),
        draws: int = typer.Option(200, "--draws", help="Noisy draws for calibration (0: none)."),
        institutions: str = typer.Option("max", "--institutions", help="Council capability of Commission and Parliament: max or mean state weight."),
        log_test: bool = typer.Option(False, "--log-test", help="Append every test-split scoring to the test log."),
        test_log: Path = typer.Option(REPO / "docs" / "test-log.md", "--test-log", help="Where --log-test appends."),
    ) -> None:
        """Solve every DEU III issue that has an outcome with each model; report errors and calibration."""
        from ..scenario.io import write_files
        from ..backtest.report import render
        from ..backtest.run import log_test as append_log
        from ..backtest.run import read_test_log, run_backtest

        if model:
            model_names(model)
        if institutions not in ("max", "mean"):
            raise fail(InputError(f"must be max or mean, not {institutions!r}", field="--institutions"))
        if draws < 0:
            raise fail(InputError(f"{draws} is not a number of draws", field="--draws"))
        try:
            if out is not None:
                from ..scenario.io import check_writable

                check_writable(out, "--out", folder=True)  # before the backtest runs
            doc, seconds = run_backtest(file, capability, model, draws, institutions)
            text = json.dumps(doc, indent=1, sort_keys=False) + "\n"
            if log_test:
                added = append_log(doc, test_log, REPO)
                typer.echo(f"logged {added} test scorings in {test_log}", err=True)
            if out is not None:
                page = render(doc, read_test_log(test_log))
                write_files({out / "backtest.json": text, out / "backtest.html": page}, field="--out")
        except InputError as exc:
            raise fail(exc) from None
        if as_json:
            sys.stdout.write(text)
        else:
            print_tables(doc, seconds)
        if out is not None:
            typer.echo(f"wrote {out / 'backtest.json'} and {out / 'backtest.html'}", err=True)

    app.add_typer(sub, name="backtest")


def print_tables(doc: dict, seconds: dict[str, float]) -> None:
    from rich.console import Console
    from rich.table import Table

    def fmt(x, nd=2):
        return "n/a" if x is None else f"{x:.{nd}f}"

    table = Table(title=f"DEU III backtest, {doc['n_issues']} issues, capability {doc['capability']} (MAE on 0-100 scale)")
    for h in ("model", "n", "MAE", "RMSE", "med AE", "MAE test [95% CI]", "vs compromise [95% CI]", "test vs compromise [95% CI]", "seconds"):
        table.add_column(h, justify="left" if h == "model" else "right")
    for group in ("models", "candidates"):
        for name, s in doc[group].items():
            d, t = s["diff_vs_compromise"], s["diff_vs_compromise_test"]
            table.add_row(
                name + (" *" if group == "candidates" else ""), str(s["n"]), fmt(s["mae"]), fmt(s["rmse"]), fmt(s["median_ae"]),
                fmt(s["mae_test"]) + (f" [{fmt(s['mae_test_ci95'][0])}, {fmt(s['mae_test_ci95'][1])}]" if s.get("mae_test_ci95") else ""),
                f"{fmt(d['mean'])} [{fmt(d['ci95'][0])}, {fmt(d['ci95'][1])}]", f"{fmt(t['mean'])} [{fmt(t['ci95'][0])}, {fmt(t['ci95'][1])}]",
                fmt(seconds.get(name), 3) if name in seconds else "",
            )
    console = Console(highlight=False)  # the terminal's width: rich wraps the cells
    console.print(table)
    console.print("* candidate tuned on train+dev. Beats compromise on test (CI below 0): " + (", ".join(doc["beats_compromise_on_test"]) or "none"))
    for a in doc["anchors"].values():
        console.print(f"anchor: {a['what']}: MAE {a.get('value', a.get('range'))}")
    for name, v in doc.get("eum_test_mae_vs_reconstructions", {}).items():
        lo, hi = v["range"]
        console.print(f"{name} test MAE {fmt(v['mae_test'])} [95% CI {fmt(v['ci95'][0])}, {fmt(v['ci95'][1])}] "
                      f"{'overlaps' if v['overlaps'] else 'does NOT overlap'} the reconstructions' {lo}-{hi}")
    cal = doc["calibration"]
    noise = cal["noise"]
    if cal.get("tuning"):
        sweep = ", ".join(f"w={w}: {fmt(s['coverage_fit'])}" for w, s in cal["tuning"]["sweep"].items())
        console.print(f"calibration: position +- w, salience +- {noise['salience_halfwidth']} ({noise['dist']}), {noise['draws']} draws; "
                      f"compromise 80% coverage on train+dev by w: {sweep}; chosen w={noise['position_halfwidth']}")
    for name, m in cal["models"].items():
        console.print(f"coverage (all issues / test), {name} ({m['draws']} draws): " + ", ".join(f"{k}->{fmt(v)}/{fmt(m['coverage_test'][k])}" for k, v in m["coverage"].items())
                      + (f"  [{fmt(seconds[f'calibration {name}'], 1)} s]" if f"calibration {name}" in seconds else ""))
    for name, c in cal.get("conformal", {}).items():
        ci = c.get("coverage_test_ci95", {}).get("0.80")
        console.print(f"split-conformal 80% predictive interval (model error, calibrated on train+dev), {name}: "
                      f"forecast +- {fmt(c['halfwidth']['0.80'], 1)}; test coverage {fmt(c['coverage_test']['0.80'])}"
                      + (f" [95% CI {fmt(ci[0])}, {fmt(ci[1])}]" if ci else ""))
    console.print(f"skipped rows: {len(doc['skipped'])}; skipped models: {', '.join(s['model'] for s in doc['skipped_models']) or 'none'}")

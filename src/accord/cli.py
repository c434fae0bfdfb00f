"""The ``accord`` command line.

Each command is a thin layer over the library: it reads its inputs, calls one function,
and prints or writes the result. Bad input ends in one line on standard error naming
the file and the field, and exit code 2 (:class:`accord.errors.InputError`).
Commands of other stages live in ``accord/commands/<stage>.py``, each with a
``register(app)`` function, listed in :data:`COMMAND_MODULES`.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import List, Optional

import typer

from .errors import InputError

app = typer.Typer(
    name="accord",
    help=(
        "Read news about a negotiation, turn it into a sourced model of who wants what, "
        "and forecast where the bargain lands.\n\n"
        "Start with `accord demo`: it solves the built-in case ukraine_2024 with every "
        "model and writes out/report.html and out/forecast.json."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

#: modules under accord.commands that add commands of their own
COMMAND_MODULES: tuple[str, ...] = ("news", "simulate")


def fail(exc: Exception) -> "typer.Exit":
    """Print ``error: ...`` on one line and give the exit for bad input (code 2)."""
    typer.echo(f"accord: error: {exc}", err=True)
    return typer.Exit(code=2)


def load_scenario(file_or_case: str):
    """A built-in case by name or a scenario file by path, or exit 2 naming what is wrong."""
    from .scenario import load

    try:
        return load(file_or_case)
    except InputError as exc:
        raise fail(exc) from None


def _model_names(models: Optional[List[str]]) -> list[str]:
    from .forecast import default_models
    from .models import MODELS

    names = list(models) if models else default_models()
    for m in names:
        if m not in MODELS:
            raise fail(InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model"))
    return names


def _params(names: list[str], rounds: Optional[int]) -> dict[str, dict]:
    from .models import MODELS

    params: dict[str, dict] = {}
    if rounds is not None:
        if rounds < 1:
            raise fail(InputError(f"{rounds} is not a positive number of rounds", field="--rounds"))
        for m in names:
            if MODELS[m].has_rounds:
                params[m] = {"rounds": rounds}
    return params


def print_table(forecast) -> None:
    """The issue x model table, status quo first, on standard output."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{forecast.scenario.name}: forecast per issue (scale as in the scenario)")
    table.add_column("issue")
    table.add_column("status quo", justify="right")
    for m in forecast.models:
        table.add_column(m, justify="right")
    for j, issue in enumerate(forecast.scenario.issues):
        row = [issue.id, f"{issue.status_quo.value:.1f}"]
        row += [f"{float(forecast.solutions[m].outcome[j]):.1f}" for m in forecast.models]
        table.add_row(*row)
    Console(width=max(100, 16 + 12 * (len(forecast.models) + 1)), highlight=False).print(table)


@app.command()
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for report.html and forecast.json."),
) -> None:
    """Solve the built-in case ukraine_2024 with every model, print the table, write the report.

    Writes OUT/forecast.json (the same JSON as `accord forecast --json`) and
    OUT/report.html (one self-contained page: positions with their evidence, every
    model's forecast, the expected utility model's path by round).
    """
    from .forecast import solve

    scenario = load_scenario("ukraine_2024")
    forecast = solve(scenario, _model_names(None))
    print_table(forecast)
    write_outputs(forecast, out)


def write_outputs(forecast, out: Path) -> None:
    """OUT/forecast.json and OUT/report.html, each written whole or not at all."""
    from .report import render_report
    from .scenario.io import write_atomic

    write_atomic(out / "forecast.json", forecast.to_json())
    write_atomic(out / "report.html", render_report(forecast))
    typer.echo(f"wrote {out / 'forecast.json'} and {out / 'report.html'}")


@app.command()
def validate(file: Path = typer.Argument(..., help="A scenario: YAML, JSON, plain CSV or KTAB CSV.")) -> None:
    """Check a scenario file; print a summary, or one line naming the field that is wrong."""
    scenario = load_scenario(str(file))
    n_assumed = sum(p.assumption for p in scenario.positions)
    typer.echo(
        f"{file}: valid scenario {scenario.id!r}: {len(scenario.actors)} actors, {len(scenario.issues)} issues, "
        f"{len(scenario.positions)} positions ({n_assumed} marked as assumptions), {len(scenario.levers)} levers"
    )


@app.command()
def forecast(
    file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE", help="A scenario file or a built-in case name."),
    model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model to run (repeatable); default: all."),
    rounds: Optional[int] = typer.Option(None, "--rounds", help="Run models with rounds for exactly N rounds."),
    as_json: bool = typer.Option(False, "--json", help="Print the stable JSON instead of a table."),
    trace: bool = typer.Option(False, "--trace", help="With --json: every actor's position after each round."),
) -> None:
    """Forecast each issue of a scenario with one or more bargaining models.

    The JSON has schema_version, accord_version, scenario, scenario_sha256, seed,
    parameters, models, and per issue its status_quo, forecast per model and, for models
    with rounds, the weighted median after each round.
    """
    from .forecast import solve

    scenario = load_scenario(file_or_case)
    names = _model_names(model)
    result = solve(scenario, names, _params(names, rounds))
    if as_json:
        sys.stdout.write(result.to_json(trace=trace))
    else:
        print_table(result)


def _register_modules() -> None:
    for name in COMMAND_MODULES:
        importlib.import_module(f"accord.commands.{name}").register(app)


_register_modules()


def main() -> None:
    """Entry point: run the app; bad input exits 2 with one line, never a traceback."""
    try:
        app()
    except InputError as exc:
        typer.echo(f"accord: error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()

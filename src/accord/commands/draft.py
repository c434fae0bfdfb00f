"""`accord scenario draft` and `accord run`: from the news in the store to a forecast."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..errors import InputError
from .common import fail as _fail
from .common import model_names as _names

scenario_app = typer.Typer(help="Scenarios drafted from the news.", no_args_is_help=True)


def _statements(db: Path) -> list[dict]:
    from ..store import Store

    if not db.exists():
        raise InputError("no such store (run `accord ingest` first)", source=str(db))
    with Store(db, readonly=True) as store:
        return [s.to_dict() for s in store.statements()]


def drafted_scenario(db: Path, case: str, overrides: Optional[Path] = None, prior: str = "case"):
    """(reference, drafted-and-merged scenario, statements, disagreements) for ``case``."""
    from ..aggregate import disagreements, draft, load_overrides, merge_overrides
    from ..scenario import load

    reference = load(case)
    statements = _statements(db)
    drafted = draft(reference, statements, prior)
    found = disagreements(drafted, reference, statements)
    if overrides is not None:
        drafted = merge_overrides(drafted, load_overrides(overrides), str(overrides))
    return reference, drafted, statements, found


@scenario_app.command("draft")
def draft_command(
    db: Path = typer.Option(Path("accord.db"), "--db", help="The store `accord ingest` filled."),
    case: str = typer.Option(..., "--case", help="The built-in case (or scenario file) whose actors and issues to draft."),
    output: Path = typer.Option(..., "--out", "-o", help="Where to write the drafted scenario (YAML or .json)."),
    overrides: Optional[Path] = typer.Option(None, "--overrides", help="An analyst's overrides, laid on top."),
    force: bool = typer.Option(False, "--force", help="Replace the output file if it exists."),
    prior: str = typer.Option("case", "--prior", help="case: keep the case's position where the news is silent "
                              "(marked as an assumption); none: the news alone."),
) -> None:
    """Propose each actor x issue position and salience from the statements in the store.

    Positions pinned by statements give their weighted median; otherwise the direction
    and hedging of the statements decide (docs/decisions.md). Each drafted position
    lists the ids of the statements behind it; pairs the news says nothing about keep
    the case's numbers, marked as assumptions. Prints where the draft and the case
    disagree.
    """
    from ..scenario import save
    from ..scenario.io import check_writable

    try:
        check_writable(output, "--out", force=force)  # before the store is read
        _, drafted, statements, found = drafted_scenario(db, case, overrides, prior)
    except InputError as exc:
        raise _fail(exc) from None
    try:
        save(drafted, output)
    except InputError as exc:
        raise _fail(exc) from None
    n_drafted = sum(not p.assumption for p in drafted.positions)
    typer.echo(f"{output}: {n_drafted} of {len(drafted.positions)} positions drafted from {len(statements)} statements")
    for d in found:
        typer.echo(f"  disagrees with {case} in {d['kind']}: {d['actor']} on {d['issue']}: drafted {d['drafted']:g} "
                   f"({d['drafted_range'][0]:g}-{d['drafted_range'][1]:g}), built-in {d['builtin']:g} ({d['note']}; "
                   f"{d['against_prior']} statement(s) against the case's side)")


def run_command(
    paths: List[Path] = typer.Argument(..., help="Article files or folders."),
    case: str = typer.Option(..., "--case", help="The built-in case to draft against."),
    overrides: Optional[Path] = typer.Option(None, "--overrides", help="An analyst's overrides, laid on top."),
    db: Path = typer.Option(Path("accord.db"), "--db", help="The SQLite store."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for report.html and forecast.json."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes for reading."),
    model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model to run (repeatable); default: all."),
) -> None:
    """Do it all: ingest the articles, draft the scenario, merge overrides, forecast, report.

    Writes the same files as `accord demo`; the report also shows each position's
    statements and where the news-drafted scenario and the built-in one disagree.
    """
    from ..aggregate import load_overrides
    from ..api import news_to_forecast
    from ..cli import print_table, write_outputs
    from ..scenario import load

    names = _names(model) if model else None  # an unknown model, before anything is read or made
    try:
        load(case)  # a bad case or overrides file fails here, before the store is touched
        if overrides is not None:
            load_overrides(overrides)
        from ..scenario.io import check_writable

        check_writable(out, "--out", folder=True)  # an unwritable --out, before anything is ingested
        done = news_to_forecast([str(p) for p in paths], case, db=db, overrides=overrides, jobs=jobs, models=names)
    except InputError as exc:
        raise _fail(exc) from None
    counts = ", ".join(f"{v} {k}" for k, v in sorted(done.ingested.counts.items()))
    typer.echo(f"ingested: {counts}; {len(done.statements)} statements in {db}")
    print_table(done.forecast)
    write_outputs(done.forecast, out)


def register(app: typer.Typer) -> None:
    app.add_typer(scenario_app, name="scenario")
    app.command("run")(run_command)

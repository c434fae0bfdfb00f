"""``accord seal``, ``accord grade`` and ``accord ledger head|verify|report``.

Today's date is the machine's UTC date; the environment variable ``ACCORD_TODAY``
(YYYY-MM-DD) stands in for it in tests. Every check runs before the ledger is opened
for writing: bad input leaves ``ledger.db`` and ``ledger.jsonl`` byte for byte as they were.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import List, Optional, Sequence

import typer

from ..errors import InputError
from .common import fail, load_scenario, model_names

LEDGER_HELP = "The ledger file (SQLite); ledger.jsonl is exported beside it."


def _today() -> date:
    from ..ledger.seal import parse_date, today_utc

    env = os.environ.get("ACCORD_TODAY")
    return parse_date(env, "ACCORD_TODAY") if env else today_utc()


def _open(path: Path, must_exist: bool = True):
    """The ledger at ``path`` and its entries (read, so a file that is no ledger fails early)."""
    from ..ledger import Ledger

    led = Ledger(path)
    if not must_exist and not led.exists():
        return led, []
    return led, led.entries()


def _drawn_models(model: Optional[List[str]]) -> tuple[str, ...]:
    from ..models import MODELS

    names = model_names(model)
    return tuple(names if model else [m for m in names if MODELS[m].vectorised])


def seal(
    file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE", help="A scenario file or a built-in case name."),
    question: str = typer.Option(..., "--question", help="The question, in words."),
    issue: str = typer.Option(..., "--issue", help="The issue the question is about."),
    resolves_by: str = typer.Option(..., "--resolves-by", help="Date (YYYY-MM-DD) by which it resolves."),
    rubric: Path = typer.Option(..., "--rubric", help="The rubric file (YAML): observable, sources, mapping, void_if."),
    model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model (repeatable); default: all that solve draws at once."),
    draws: int = typer.Option(2000, "--draws", help="Monte Carlo draws for the predictive quantiles."),
    seed: int = typer.Option(0, "--seed", help="Seed of the draws."),
    ledger: Path = typer.Option(Path("ledger.db"), "--ledger", help=LEDGER_HELP),
    from_timeline: bool = typer.Option(False, "--from-timeline", help="Seal the newest week of the news timeline of --db (older weeks as hindcasts); FILE_OR_CASE is the reference case."),
    db: Optional[Path] = typer.Option(None, "--db", help="With --from-timeline: the news store (accord ingest)."),
    every: str = typer.Option("7d", "--every", help="With --from-timeline: the step, e.g. 7d or 2w."),
) -> None:
    """Seal a forecast: every model's point and quantiles p01-p99, the scenario, the rubric.

    The record is appended to the ledger, chained by hash to the one before; print the
    head (`accord ledger head`) somewhere outside to make a later rewrite visible.
    """
    from ..ledger.rubric import load_rubric
    from ..ledger.seal import SealRequest, check_request, parse_date, seal_body
    from ..simulate.draws import check_draws, check_seed

    try:
        today = _today()
        scenario = load_scenario(file_or_case)
        by = parse_date(resolves_by, "--resolves-by")
        names = _drawn_models(model)
        draws, seed = check_draws(draws), check_seed(seed)
        if not from_timeline:
            check_request(scenario, question, issue, by, today)
        else:
            check_request(scenario, question, issue, date.max, today)
        rub = load_rubric(rubric, scenario.issue(issue))
        led, entries = _open(ledger, must_exist=False)
        if not from_timeline:
            if db is not None:
                raise InputError("only with --from-timeline", field="--db")
            body = seal_body(SealRequest(scenario, question, issue, by, rub, names, draws, seed), today)
            added = led.append([("seal", body)])
        else:
            added = _seal_timeline(led, entries, scenario, question, issue, by, rub, names, draws, seed, today, db, every)
    except InputError as exc:
        raise fail(exc) from None
    for e in added:
        typer.echo(f"{'sealed' if e.kind == 'seal' else 'hindcast'} record {e.seq}: {e.body['question']} "
                   f"({e.body['issue']}, news as of {e.body['as_of']}, resolves by {e.body['resolves_by']})")
    if not led.exists():
        typer.echo("nothing recorded: the timeline has no step to seal", err=True)
        return
    typer.echo(f"head {led.head()} ({ledger}; publish it outside to make a later rewrite visible)")


def _seal_timeline(led, entries, reference, question, issue, by, rub, names, draws, seed, today, db, every):
    from ..forecast import scenario_sha256
    from ..ledger.fromtimeline import plan, step_scenarios
    from ..ledger.seal import SealRequest, seal_body

    if db is None:
        raise InputError("--from-timeline needs the news store", field="--db")
    try:
        from ..timeline import parse_every
    except ImportError:
        raise InputError("needs accord.timeline (the news timeline of the dashboard), which this accord lacks",
                         field="--from-timeline") from None
    every_days = parse_every(every)
    steps = dict(step_scenarios(str(db), reference, every_days, names))
    seen = {(e.kind, e.body.get("question"), e.body.get("issue"), e.body.get("as_of"), e.body.get("scenario_sha256"))
            for e in entries}
    items, skipped, known = [], 0, 0
    for until, kind in plan(list(steps), every_days, today, by):
        if kind == "skip":
            skipped += 1
            continue
        scen = steps[until]
        if (kind, question.strip(), issue, until, scenario_sha256(scen)) in seen:
            known += 1
            continue
        body = seal_body(SealRequest(scen, question, issue, by, rub, names, draws, seed), today,
                         status="sealed" if kind == "seal" else "hindcast", as_of=until)
        items.append((kind, body))
    if skipped or known:
        typer.echo(f"{skipped} step(s) skipped (news on or after the resolution date), "
                   f"{known} already in the ledger", err=True)
    return led.append(items) if items else []


def grade(
    record: Optional[int] = typer.Argument(None, metavar="ID", help="The record's number (as seal printed it)."),
    observed: Optional[float] = typer.Option(None, "--observed", help="The observed result on the issue's scale."),
    void: Optional[str] = typer.Option(None, "--void", help="Void the record instead, saying why (a rubric condition)."),
    source: str = typer.Option("", "--source", help="The source that settles it."),
    outcomes: Optional[Path] = typer.Option(None, "--outcomes", help="A CSV of outcomes instead: id,observed,void,source."),
    ledger: Path = typer.Option(Path("ledger.db"), "--ledger", help=LEDGER_HELP),
) -> None:
    """Grade a sealed record (or a file of them): absolute error, CRPS and Brier per model
    and for the two baselines (status quo, compromise). A record is graded once."""
    from ..ledger.grade import Outcome, outcome_entries, read_outcomes

    try:
        if outcomes is not None:
            if record is not None or observed is not None or void is not None:
                raise InputError("give a record ID or --outcomes, not both", field="--outcomes")
            wanted = read_outcomes(outcomes)
        else:
            if record is None:
                raise InputError("name the record to grade, or give --outcomes", field="ID")
            wanted = [Outcome(record, source, observed, void)]
        led, entries = _open(ledger)
        try:
            items = outcome_entries(entries, wanted, _today())
        except InputError as exc:
            raise (exc.at(str(outcomes)) if outcomes is not None else exc) from None
        added = led.append(items)
    except InputError as exc:
        raise fail(exc) from None
    for e in added:
        if e.kind == "void":
            typer.echo(f"record {e.body['record']}: void ({e.body['void']})")
            continue
        parts = []
        for group in ("models", "baselines"):
            for name, s in e.body["scores"][group].items():
                brier = f", Brier {s['brier']:.3f}" if s.get("brier") is not None else ""
                label = name if group == "models" else f"baseline {name}"
                parts.append(f"  {label}: abs error {s['abs_error']:.2f}, CRPS {s['crps']:.2f}{brier}")
        typer.echo(f"record {e.body['record']}: observed {e.body['observed']:g}\n" + "\n".join(parts))
    typer.echo(f"head {led.head()}")


def register(app: typer.Typer) -> None:
    app.command("seal")(seal)
    app.command("grade")(grade)
    sub = typer.Typer(help="The sealed forecast ledger: head, verify, report.", no_args_is_help=True,
                      add_completion=False)

    @sub.command("head")
    def head(ledger: Path = typer.Option(Path("ledger.db"), "--ledger", help=LEDGER_HELP)) -> None:
        """Print the head hash: publish it outside (a post, a commit, an email)."""
        try:
            led, entries = _open(ledger)
        except InputError as exc:
            raise fail(exc) from None
        typer.echo(entries[-1].hash if entries else led.head())

    @sub.command("verify")
    def verify(
        ledger: Path = typer.Option(Path("ledger.db"), "--ledger", help=LEDGER_HELP + " A .jsonl is checked alone."),
        head: Optional[str] = typer.Option(None, "--head", help="A head hash published earlier."),
        resolve: bool = typer.Option(True, "--resolve/--no-resolve", help="Solve every sealed record again."),
    ) -> None:
        """Check the hash chain (and against a published head), then solve every sealed
        record again from its stored scenario and seed. Exit 0 if all holds, 1 if not."""
        ok = _verify(ledger, head, resolve)
        raise typer.Exit(code=0 if ok else 1)

    @sub.command("report")
    def report(
        ledger: Path = typer.Option(Path("ledger.db"), "--ledger", help=LEDGER_HELP),
        out: Path = typer.Option(Path("out/ledger.html"), "--out", help="The HTML page to write."),
    ) -> None:
        """One self-contained HTML page: every record, misses included, scores per model,
        calibration once at least 10 sealed questions are graded."""
        from ..ledger.report import MIN_CALIBRATION, render
        from ..ledger.grade import records
        from ..scenario.io import write_atomic

        try:
            led, entries = _open(ledger)
            write_atomic(out, render(entries, entries[-1].hash if entries else led.head(), str(ledger)), field="--out")
        except InputError as exc:
            raise fail(exc) from None
        graded = sum(r.kind == "seal" and r.state == "graded" for r in records(entries).values())
        if graded < MIN_CALIBRATION:
            typer.echo(f"calibration not shown: {graded} sealed question(s) graded, at least {MIN_CALIBRATION} needed",
                       err=True)
        typer.echo(f"wrote {out}")

    app.add_typer(sub, name="ledger")


def _verify(ledger: Path, head: Optional[str], resolve: bool) -> bool:
    from ..ledger import Entry, Ledger, check_chain, check_head, jsonl_path, read_jsonl, reproduce

    ok = True
    entries: Sequence[Entry | str]
    stored: list[Entry] = []  # the entries of a store (not an export), compared with its export
    try:
        if ledger.suffix.lower() == ".jsonl":
            if not ledger.is_file():
                raise InputError("no such ledger export", source=str(ledger), field="--ledger")
            entries = read_jsonl(ledger)
            export = None
        else:
            entries = stored = Ledger(ledger).entries()
            export = jsonl_path(ledger)
    except InputError as exc:
        raise fail(exc) from None
    problem = check_chain(entries)
    typer.echo(f"{ledger}: chain of {len(entries)} entries " + ("holds" if problem is None else f"BROKEN: {problem}"))
    ok &= problem is None
    if export is not None:
        if not export.exists():
            typer.echo(f"{export}: missing (the export beside the ledger)")
            ok = False
        else:
            lines = read_jsonl(export)
            p2 = check_chain(lines)
            if p2 is None and len(lines) != len(entries):
                p2 = f"has {len(lines)} entries, the ledger {len(entries)}"
            if p2 is None:
                for e, line in zip(stored, lines):
                    if not isinstance(line, Entry) or e.hash != line.hash:  # a line whose chain holds is an Entry
                        p2 = f"entry {e.seq} differs from the ledger's"
                        break
            typer.echo(f"{export}: " + ("matches" if p2 is None else f"BROKEN: {p2}"))
            ok &= p2 is None
    if head:
        hp = check_head(entries, head)
        typer.echo("published head: " + ("found, the ledger up to it is as published" if hp is None else hp))
        ok &= hp is None
    if resolve:
        for item in entries:
            if isinstance(item, str) or item.kind not in ("seal", "hindcast"):
                continue
            rep = reproduce(item.seq, item.body)
            typer.echo(rep.describe())
            ok &= rep.ok
    sys.stdout.flush()
    return ok

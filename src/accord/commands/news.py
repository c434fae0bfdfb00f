"""`accord ingest` and `accord stances`: articles into the store, statements out of it."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import InputError
from .common import fail as _fail

STANCE_FIELDS = (
    "id", "article", "start", "end", "text", "actor", "speaker", "act", "issue", "direction", "position",
    "hedged", "reported_by", "event_date", "cue", "cue_start", "cue_end", "refers_to", "quantities",
)


def _parse_fields(specs: Optional[List[str]]) -> dict[str, str]:
    from ..news.read import FIELDS

    out: dict[str, str] = {}
    for spec in specs or []:
        name, sep, column = spec.partition("=")
        if not sep or name.strip() not in FIELDS or not column.strip():
            raise _fail(InputError(f"{spec!r}: expected FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}",
                                   field="--field"))
        out[name.strip()] = column.strip()
    return out


def ingest(
    paths: List[Path] = typer.Argument(..., help="Files or folders (read recursively) of articles."),
    db: Path = typer.Option(Path("accord.db"), "--db", help="The SQLite store (created if absent)."),
    case: Optional[str] = typer.Option(None, "--case", help="Extract statements for this built-in case."),
    scenario: Optional[Path] = typer.Option(None, "--scenario", help="Extract statements for this scenario file."),
    jobs: int = typer.Option(1, "--jobs", "-j", help="Worker processes (each loads spaCy once)."),
    field: Optional[List[str]] = typer.Option(
        None, "--field", help="Column of a JSONL/JSON/CSV feed, e.g. text=body (repeatable)."),
    article_seconds: float = typer.Option(
        60.0, "--article-seconds", help="Time budget of one article's extraction; over it, skipped with the reason."),
    extractor: Optional[str] = typer.Option(
        None, "--extractor", help="What decides each stance the rules propose: learned (the default, the decider "
        "trained on real documents), fast (the same with a distilled encoder, about twice as fast) or rules "
        "(the rule-only baseline)."),
) -> None:
    """Read articles into the store; with --case or --scenario, extract their statements too.

    Reads .txt/.md (title from the first heading line), .html/.htm (main text, offline),
    .jsonl/.json/.csv feeds (fields title, text, published or date, url, source; rename
    with --field) and a manifest.json beside the files (id, title, published or
    published_between, source, url per file). Every article is stored whole in one
    transaction: a run that is stopped can be run again and carries on. Exact and
    near-duplicate texts are stored once. Ends with a table of how many inputs were read,
    were duplicates, were skipped or failed, with a line and a reason for each that was
    not read. Exit 0 when every input is accounted for; 2 for a bad invocation.
    """
    from rich.console import Console

    from ..news.ingest import ingest as run_ingest

    if case and scenario:
        raise _fail(InputError("give --case or --scenario, not both", field="--case"))
    fields = _parse_fields(field)
    if not article_seconds > 0 or article_seconds != article_seconds or article_seconds == float("inf"):
        raise _fail(InputError(f"{article_seconds} is not a positive number of seconds", field="--article-seconds"))
    ref = case if case else (str(scenario) if scenario else None)
    if scenario is not None and not scenario.is_file():
        raise _fail(InputError("no such scenario file", source=str(scenario), field="--scenario"))
    err = Console(stderr=True, highlight=False)
    args = {"paths": [str(p) for p in paths], "db": str(db), "case": case,
            "scenario": str(scenario) if scenario else None, "jobs": jobs, "fields": fields}
    try:
        if err.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

            with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                          TimeRemainingColumn(), console=err, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                result = run_ingest(paths, db, scenario=ref, jobs=jobs, fields=fields, args=args,
                                    progress=lambda i, total: bar.update(task, completed=i, total=total),
                                    article_seconds=article_seconds, extractor=extractor)
        else:
            result = run_ingest(paths, db, scenario=ref, jobs=jobs, fields=fields, args=args,
                                article_seconds=article_seconds, extractor=extractor)
    except InputError as exc:
        raise _fail(exc) from None
    print_summary(result, db)
    why = why_no_stances(result, ref)
    if why:
        typer.echo(why)


def why_no_stances(result, case: str | None) -> str | None:
    """One plain line saying why a run read no stance, or None when it read some."""
    r = result.reading
    if case is None:
        return "no stances read: no --case or --scenario was given, so the articles were stored without extraction"
    if r.get("stances", 0):
        return None
    if not r:
        return "no stances read: no article was extracted in this run (all were already extracted with this case, or none was read)"
    if not r.get("actor_mentions"):
        return (f"no stances read: no sentence names any actor of {case} (check the actors' names and aliases; "
                "see docs/cases.md)")
    if not r.get("keyword_sentences"):
        return f"no stances read: no sentence names any issue of {case} by its keywords (see docs/cases.md)"
    if not r.get("candidates"):
        return ("no stances read: the case's actors and issue keywords never meet in one sentence with a word "
                "of wanting, saying or doing")
    return f"no stances read: {r['candidates']} candidate stance(s), but the text settled none"


def print_summary(result, db: Path) -> None:
    """Counts per status, then one line per input that was not simply read."""
    from rich.console import Console
    from rich.table import Table

    from ..news.ingest import STATUSES

    out = Console(highlight=False, soft_wrap=True, width=120)
    counts = Table(title=f"ingest into {db} (run {result.run}, {result.seconds:.1f} s)")
    for s in STATUSES:
        counts.add_column(s, justify="right")
    counts.add_column("statements", justify="right")
    counts.add_row(*[str(result.counts.get(s, 0)) for s in STATUSES], str(result.statements))
    out.print(counts)
    # one plain line per input that was not read: whole paths, easy to grep; a file name or
    # a reason quoting a file cannot send escape sequences to the terminal
    from .common import terminal_safe

    for o in result.outcomes:
        typer.echo(terminal_safe(f"{o.input}: {o.status}: {o.reason}"))


def stances(
    db: Path = typer.Option(Path("accord.db"), "--db", help="The SQLite store."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv (--json is --format jsonl)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON lines, one statement a line."),
) -> None:
    """Print every stored statement, ordered by article and place in it.

    JSON lines (--json, or --format jsonl) carry id, article, start, end, text, actor, speaker, act, issue,
    direction, position, hedged, reported_by, event_date, cue and quantities.
    """
    from ..store import Store

    if fmt not in ("table", "jsonl", "csv"):
        raise _fail(InputError(f"{fmt!r}: expected table, jsonl or csv", field="--format"))
    if as_json and fmt not in ("table", "jsonl"):  # "table" is --format's default: not given
        raise _fail(InputError(f"give --json or --format {fmt}, not both", field="--json"))
    if as_json:
        fmt = "jsonl"
    if not db.is_file():
        raise _fail(InputError("no such database", source=str(db), field="--db"))
    try:
        store = Store(db, readonly=True)
    except InputError as exc:
        raise _fail(exc) from None
    with store:
        write_stances(store.statements(), fmt, sys.stdout)


def _csv_cell(value) -> str:
    """A CSV cell; text a spreadsheet would run as a formula (= + - @) gets a leading ';
    control characters other than a newline or tab (escape sequences, carriage returns)
    are written as visible escapes (article text is hostile and may reach a terminal)."""
    from .common import terminal_safe

    if value is None:
        return ""
    text = terminal_safe(str(value), keep="\n\t")
    if isinstance(value, str) and text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _json_escape_controls(line: str) -> str:
    """JSON text with every character that is not printable (C1 controls, bidi overrides)
    as a ``\\uXXXX`` escape: the same data, nothing that acts on a terminal."""
    if line.isprintable():
        return line
    return "".join(ch if ch.isprintable() else json.dumps(ch)[1:-1] if ord(ch) > 0xFFFF else f"\\u{ord(ch):04x}"
                   for ch in line)


def write_stances(statements, fmt: str, stream) -> None:
    """Statements as JSON lines, CSV (quantities as a JSON list) or a table."""
    if fmt == "jsonl":
        for s in statements:
            d = s.to_dict()
            line = json.dumps({k: d[k] for k in STANCE_FIELDS}, ensure_ascii=False)
            stream.write(_json_escape_controls(line) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(STANCE_FIELDS)
        for s in statements:
            d = s.to_dict()
            d["quantities"] = json.dumps(d["quantities"], ensure_ascii=False)
            d["hedged"] = str(d["hedged"]).lower()
            w.writerow([_csv_cell(d[k]) for k in STANCE_FIELDS])
        stream.write(buf.getvalue())
    else:
        from rich.console import Console
        from rich.table import Table

        t = Table(title="statements")
        for c in ("article", "span", "actor", "speaker", "act", "issue", "dir", "pos", "hedged", "reported_by"):
            t.add_column(c)
        from rich.text import Text

        from .common import terminal_safe

        for s in statements:
            cells = (s.article, f"{s.start}-{s.end}", s.actor or "", s.speaker, s.act, s.issue or "",
                     s.direction or "", "" if s.position is None else f"{s.position:g}", "yes" if s.hedged else "",
                     s.reported_by or "")
            # article text is data, never rich markup nor terminal control
            t.add_row(*(Text(terminal_safe(str(c))) for c in cells))
        Console(file=stream, highlight=False, width=160).print(t)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("stances")(stances)

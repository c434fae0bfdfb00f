"""`accord serve` (the dashboard) and `accord timeline` (the news over time)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..errors import InputError
from .common import fail, load_scenario

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(
    file_or_case: str = typer.Argument("ukraine_2024", metavar="[FILE_OR_CASE]",
                                       help="The scenario file or built-in case to serve."),
    db: Optional[Path] = typer.Option(None, "--db", help="The store whose statements, evidence and timeline to show."),
    watch: Optional[Path] = typer.Option(
        None, "--watch", help="A folder: articles dropped into it are ingested into --db and the page updates."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind; any but loopback needs --token."),
    port: int = typer.Option(8000, "--port", help="Port to listen on."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="ACCORD_TOKEN", help="A secret every request must carry (Bearer header or ?token=)."),
) -> None:
    """Serve the dashboard: the board, live levers and edits, the evidence, the news over time.

    Works with no network: the page and its script ship inside the package. The JSON API
    is documented at /api (OpenAPI). Bound to 127.0.0.1 by default; another address
    requires --token. With --watch, new files in the folder are ingested (extracted for
    FILE_OR_CASE) and open pages update without a reload.
    """
    import uvicorn

    from ..web.app import create_app
    from ..web.board import ServeConfig

    if host not in LOOPBACK and not token:
        raise fail(InputError(f"binding {host} needs --token (or bind 127.0.0.1)", field="--host"))
    if token is not None and len(token) < 16:
        raise fail(InputError("a token needs at least 16 characters", field="--token"))
    if not 0 < port < 65536:
        raise fail(InputError(f"{port} is not a port", field="--port"))
    if watch is not None:
        if db is None:
            raise fail(InputError("--watch needs --db (where the articles go)", field="--watch"))
        if not watch.is_dir():
            raise fail(InputError("not a folder", source=str(watch), field="--watch"))
    if db is not None and db.exists() and not db.is_file():
        raise fail(InputError("not a file", source=str(db), field="--db"))
    load_scenario(file_or_case)  # bad input: one line, exit 2, before the server starts
    try:
        app = create_app(ServeConfig(file_or_case, db=db, watch=watch, token=token, workdir=Path.cwd()))
    except InputError as exc:
        raise fail(exc) from None
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"accord: serving {file_or_case} on http://{shown}:{port}/" + ("?token=..." if token else ""), err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False)


def timeline(
    db: Path = typer.Option(Path("accord.db"), "--db", help="The store `accord ingest` filled."),
    case: str = typer.Option(..., "--case", help="The built-in case (or scenario file) to draft against."),
    every: str = typer.Option("7d", "--every", help="The step: 7d, 2w, 30d..."),
    fmt: str = typer.Option("json", "--format", help="json (the default, as --json) or csv."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON document (the default; --format csv for CSV)."),
    model: Optional[list[str]] = typer.Option(None, "--model", "-m", help="A model (repeatable); default: the vectorised ones."),
) -> None:
    """The news over time: stances by date, and the forecast re-solved from the news up to each step.

    JSON: case, every_days, models, undated (statements without a date, left out),
    steps (until, statements, forecast per issue and model, the issue where the models
    disagree most) and stances (date, actor, issue, direction, hedged, statement id).
    CSV: one row per step, issue and model.
    """
    import sys

    from .. import timeline as tl
    from ..models import MODELS

    try:
        days = tl.parse_every(every)
        if fmt not in ("json", "csv"):
            raise InputError(f"{fmt!r} is not json or csv", field="--format")
        if as_json and fmt != "json":
            raise InputError(f"give --json or --format {fmt}, not both", field="--json")
        for m in model or ():
            if m not in MODELS:
                raise InputError(f"unknown model {m!r} (models are {', '.join(MODELS)})", field="--model")
        if not db.is_file():
            raise InputError("no such store (run `accord ingest` first)", source=str(db), field="--db")
        reference = load_scenario(case)
        result = tl.from_store(str(db), reference, days, tuple(model) if model else tl.DEFAULT_MODELS)
    except InputError as exc:
        raise fail(exc) from None
    sys.stdout.write(result.to_json() if fmt == "json" else result.to_csv())


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("timeline")(timeline)

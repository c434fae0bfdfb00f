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
from typing import Any, List, Optional

import typer
from typer.core import TyperGroup

from .commands.common import fail, load_scenario, model_names
from .errors import InputError


class _Root(TyperGroup):
    """The root command group. Where it was built before the commands of
    :data:`COMMAND_MODULES` were registered (``accord forecast`` never imports them: ~4 ms
    of start-up), they join the first time its whole command list is read (``accord
    --help``, a misspelt command, a test walking the commands); looking up one of this
    module's own commands does not read it."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._whole = _modules_registered

    @property  # type: ignore[override]
    def commands(self) -> dict:
        own = self.__dict__["_commands"]
        if not self.__dict__.get("_whole", True):
            self._whole = True
            own.update(_module_commands())
        return own

    @commands.setter
    def commands(self, value: dict) -> None:
        self.__dict__["_commands"] = value

    def get_command(self, ctx, cmd_name: str):
        found = self.__dict__["_commands"].get(cmd_name)
        return found if found is not None else super().get_command(ctx, cmd_name)


app = typer.Typer(
    name="accord",
    help=(
        "Read news about a negotiation, turn it into a sourced model of who wants what, "
        "and forecast where the bargain lands.\n\n"
        "Start with `accord demo`: it solves the built-in case ukraine_2024 with every "
        "model and writes out/report.html and out/forecast.json; `accord report FILE` "
        "does the same for a scenario of your own."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=_Root,
)

def _version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(f"accord {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print accord's version and exit."),
) -> None:
    """Options for accord itself (before the command)."""


#: modules under accord.commands that add commands of their own
COMMAND_MODULES: tuple[str, ...] = ("news", "simulate", "evaluate", "draft", "backtest", "disputes", "web", "ledger")


def print_table(forecast, mc=None) -> None:
    """The issue x model table, status quo first, on standard output, as wide as the
    terminal (models that do not fit are named in a note).

    With a Monte Carlo result ``mc``, each cell also shows the 80% interval (p10-p90).
    """
    from .commands.common import terminal_safe
    from .commands.table import Table

    title = terminal_safe(f"{forecast.scenario.name}") + "\nforecast per issue"
    if mc is not None:
        title += f" (median of {mc.draws} draws, seed {mc.seed}, with the 80% interval)"
    table = Table(["issue", "status quo", *forecast.models], title=title)
    for j, issue in enumerate(forecast.scenario.issues):
        row = [terminal_safe(issue.id), f"{issue.status_quo.value:.1f}"]
        for m in forecast.models:
            if mc is None:
                row.append(f"{float(forecast.solutions[m].outcome[j]):.1f}")
            else:
                q = mc.quantiles[m]
                row.append(f"{q['p50'][j]:.1f} [{q['p10'][j]:.0f}-{q['p90'][j]:.0f}]")
        table.add_row(*row)
    typer.echo(table.render(), nl=False)
    from .forecast import SUMMARIES

    for m in forecast.models:  # a model whose forecast is not the obvious summary says which it is
        info = forecast.solutions[m].info or {}
        if info.get("summary") in SUMMARIES:
            typer.echo(f"{m}: {SUMMARIES[info['summary']]}")


@app.command()
def demo(
    out: Path = typer.Option(Path("out"), "--out", help="Folder for report.html and forecast.json."),
    draws: int = typer.Option(
        2000, "--draws", help="Monte Carlo draws for the intervals (models that solve draws at once); 0: none."),
    seed: int = typer.Option(0, "--seed", help="Seed of the draws; same seed, same files."),
) -> None:
    """`accord report ukraine_2024`: the built-in case with every model, the table, the report.

    Writes OUT/forecast.json (the same JSON as `accord forecast --json`, with Monte Carlo
    intervals per issue) and OUT/report.html (one self-contained page: positions with
    their evidence, every model's forecast with its 80% interval, each lever's effect,
    what moves the forecast, the expected utility model's path by round).
    """
    make_report("ukraine_2024", out, draws, seed, None)


@app.command()
def report(
    file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE", help="A scenario file or a built-in case name."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for report.html and forecast.json."),
    model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model to run (repeatable); default: all."),
    draws: int = typer.Option(
        2000, "--draws", help="Monte Carlo draws for the intervals (models that solve draws at once); 0: none."),
    seed: int = typer.Option(0, "--seed", help="Seed of the draws; same seed, same files."),
) -> None:
    """The full report for any scenario: print the forecast table, write OUT/report.html
    and OUT/forecast.json.

    The page has every section `accord demo` has: each model's forecast with its Monte
    Carlo interval, each actor's position with the evidence quotes the scenario gives,
    each lever's effect per issue, the inputs that move the forecast most (tornado),
    assumptions, levers and sources. Same scenario and seed, same files.
    """
    make_report(file_or_case, out, draws, seed, model)


def make_report(file_or_case: str, out: Path, draws: int, seed: int, model: Optional[List[str]]) -> None:
    """What `accord report` and `accord demo` do (:func:`accord.api.build_report`)."""
    from .api import build_report
    from .models import MODELS

    if draws < 0:
        raise fail(InputError(f"{draws} is not a number of draws", field="--draws"))
    check_out(out)
    scenario = load_scenario(file_or_case)
    names = model_names(model)
    try:
        rep = build_report(scenario, names, draws=draws, seed=seed)
    except InputError as exc:
        raise fail(exc) from None
    print_table(rep.forecast)
    if draws:
        drawn = [m for m in names if MODELS[m].vectorised]
        typer.echo(f"intervals: {draws} draws of every input from its range, seed {seed}, models {', '.join(drawn)}")
    write_outputs(rep.forecast, out, page=rep.html)


def check_out(out: Path) -> None:
    """Exit 2 at once where OUT cannot be written (before any work is done)."""
    from .scenario.io import check_writable

    try:
        check_writable(out, "--out", folder=True)
    except InputError as exc:
        raise fail(exc) from None


def write_outputs(forecast, out: Path, page: str | None = None) -> None:
    """OUT/forecast.json and OUT/report.html, replaced together or not at all.

    These two names are the command's own: they are replaced on every run (a second
    `accord demo` just works); nothing else in OUT is touched.
    """
    from .report import render_report
    from .scenario.io import write_files

    # both documents are made before either is written, and renamed only when both are
    # on disk, so the pair always belongs together
    doc, page = forecast.to_json(), (render_report(forecast) if page is None else page)
    try:
        write_files({out / "forecast.json": doc, out / "report.html": page}, field="--out")
    except InputError as exc:
        raise fail(exc) from None
    typer.echo(f"wrote {out / 'forecast.json'} and {out / 'report.html'}")


@app.command()
def validate(
    file: Path = typer.Argument(..., help="A scenario: YAML, JSON, plain CSV or KTAB CSV."),
    sources: Optional[Path] = typer.Option(
        None, "--sources", help="Folder of the source articles the evidence quotes (default: the scenario's folder)."),
) -> None:
    """Check a scenario file; print a summary, or one line naming the field that is wrong.

    Beyond reading it: the file is checked against the published schema (`accord schema`),
    every evidence quote against its source file where the sources are at hand (a quote
    not verbatim in its source, or a source file missing from --sources, exits 2), and
    each actor with no position on some issue is a warning (exit 0).
    """
    from .commands.common import one_line
    from .scenario.check import check_quotes, missing_positions

    scenario = load_scenario(str(file))
    try:
        _check_published_schema(file)
        folder = sources if sources is not None else (file.parent if file.exists() else None)
        quotes = check_quotes(scenario, folder, required=sources is not None) if folder is not None else None
    except InputError as exc:
        raise fail(exc.at(str(file))) from None
    n_assumed = sum(p.assumption for p in scenario.positions)
    typer.echo(
        f"{file}: valid scenario {scenario.id!r}: {len(scenario.actors)} actors, {len(scenario.issues)} issues, "
        f"{len(scenario.positions)} positions ({n_assumed} marked as assumptions), {len(scenario.levers)} levers"
    )
    from .news.vocab import Vocabulary  # what the news reader will find to read (warnings only, exit 0)

    for w in Vocabulary.from_scenario(scenario).warnings():
        typer.echo(f"{file}: warning: {w}")
    if quotes is not None and quotes.checked:
        typer.echo(f"quotes: {quotes.checked} verbatim in their {len(quotes.sources)} source files in {quotes.folder}")
    elif quotes is not None and quotes.skipped:
        typer.echo(f"quotes: {quotes.skipped} not checked: no source file in {quotes.folder} (give --sources DIR)")
    missing: dict[str, list[str]] = {}
    for actor, issue in missing_positions(scenario):
        missing.setdefault(actor, []).append(issue)
    for actor, issues in missing.items():
        typer.echo(one_line(f"warning: {file}: actor {actor!r} has no position on {len(issues)} of "
                            f"{len(scenario.issues)} issues: {', '.join(issues)} (it takes no part there)"), err=True)


def _check_published_schema(file: Path) -> None:
    """A YAML or JSON file checked against the pydantic models of the published schema."""
    from .scenario.io import _parse_document, read_text
    from .scenario.model import check_document

    if not file.exists() and file.suffix == "" and "/" not in str(file):
        from .scenario import case_path

        file = case_path(str(file))  # a built-in case by name
    suffix = file.suffix.lower()
    if file.is_file() and suffix in (".yaml", ".yml", ".json"):
        check_document(_parse_document(read_text(file, "scenario file"), suffix))


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", help="Write the schema to this file instead of printing it."),
) -> None:
    """Print the JSON Schema of a scenario file (for editors; see docs/scenario.md)."""
    import json

    from .scenario.model import json_schema

    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    from .scenario.io import write_atomic

    try:
        write_atomic(out, text, field="--out")
    except InputError as exc:
        raise fail(exc) from None
    typer.echo(f"wrote {out}")


@app.command()
def forecast(
    file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE", help="A scenario file or a built-in case name."),
    model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model to run (repeatable); default: all."),
    rounds: Optional[int] = typer.Option(None, "--rounds", help="Run models with rounds for exactly N rounds."),
    param: Optional[List[str]] = typer.Option(
        None, "--param", help="A model parameter, MODEL.NAME=VALUE, e.g. eum.probability=all_pairs (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the stable JSON instead of a table."),
    as_of: Optional[str] = typer.Option(
        None, "--as-of", help="Read the scenario on this date (YYYY-MM-DD): actors outside their valid_from/valid_to "
        "take no part. Default: the scenario's settles_after date, where it states one."),
    trace: bool = typer.Option(False, "--trace", help="With --json: every actor's position after each round."),
    draws: Optional[int] = typer.Option(
        None, "--draws", help="Monte Carlo: solve N draws of every uncertain input (from its range)."),
    seed: int = typer.Option(0, "--seed", help="With --draws: the seed; same seed, same output."),
    above: Optional[List[float]] = typer.Option(
        None, "--above", help="With --draws: report P(outcome > X) (repeatable)."),
    cluster: Optional[str] = typer.Option(
        None, "--cluster", help="With --draws: run the draws on a Dask scheduler, e.g. tcp://127.0.0.1:8786."),
    lever: Optional[List[str]] = typer.Option(
        None, "--lever", "-l", help="Switch a lever on before forecasting (repeatable, applied in order)."),
) -> None:
    """Forecast each issue of a scenario with one or more bargaining models.

    The JSON has schema_version, accord_version, scenario, scenario_sha256, seed,
    parameters, models, and per issue its status_quo, forecast per model and, for models
    with rounds, the weighted median after each round. With --lever, the scenario is
    the one with those levers on (its digest changes with them). With --draws, each issue also
    gets "intervals" per model (p10, p50, p90, p025, p975) and, with --above, "p_above".
    """
    from .forecasting import ForecastRequest, run

    scenario = load_scenario(file_or_case)
    req = ForecastRequest(models=tuple(model_names(model)) if model else None, levers=tuple(lever or ()),
                          draws=draws, seed=seed, above=tuple(above or ()), rounds=rounds, trace=trace,
                          cluster=cluster, params=tuple(param or ()), as_of=as_of)
    try:
        result, mc = run(scenario, req, warn=lambda msg: typer.echo(msg, err=True))
    except InputError as exc:
        raise fail(exc.at(file_or_case) if exc.field == "settles_after" else exc) from None
    if as_json:
        sys.stdout.write(result.to_json(trace=trace))
    else:
        print_table(result, mc)


_modules_registered = False
_own_commands = 0  # how many of app's commands this module defines (the rest are the modules')


def _register_modules() -> None:
    """Add the commands of :data:`COMMAND_MODULES` to :data:`app`, once (imported then)."""
    global _modules_registered, _own_commands
    if _modules_registered:
        return
    _modules_registered = True
    _own_commands = len(app.registered_commands)
    for name in COMMAND_MODULES:
        importlib.import_module(f"accord.commands.{name}").register(app)


def _module_commands() -> dict:
    """The click commands (and groups) of :data:`COMMAND_MODULES`, built as :data:`app`'s."""
    import copy

    _register_modules()
    theirs = copy.copy(app)
    theirs.registered_commands = app.registered_commands[_own_commands:]
    group: Any = typer.main.get_command(theirs)  # an app of several commands: a click group
    return dict(group.commands)


def _command_name(c: typer.models.CommandInfo) -> str:
    return c.name or (typer.main.get_command_name(c.callback.__name__) if c.callback is not None else "")


def app_for(argv: list[str]) -> typer.Typer:
    """The app to run for ``argv``: where its first word names a command (or a group of
    commands), a copy of :data:`app` holding only that one, so typer builds (and reads
    the type hints of) one command's options, not all 24 (~11 ms of every start-up);
    otherwise (no command, ``--help``, ``--version``, a misspelt name) the whole app,
    which lists or suggests every command. Parsing, help and errors of the command are
    the same in both: it is the same typer command under the same root."""
    import copy

    if not argv or argv[0].startswith("-"):
        return app
    name = argv[0]
    if name not in {_command_name(c) for c in app.registered_commands}:
        _register_modules()  # not one of this module's commands: maybe one of theirs
    commands = [c for c in app.registered_commands if _command_name(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    lean = copy.copy(app)
    lean.registered_commands, lean.registered_groups = commands, groups
    return lean


#: the variables OpenBLAS reads for its number of threads; where a user sets one, it stands
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "GOTO_NUM_THREADS", "OMP_NUM_THREADS")


def one_blas_thread() -> None:
    """Ask numpy's OpenBLAS for one thread, unless the user chose a number.

    OpenBLAS starts one thread per CPU when numpy is imported, and they spin-wait beside
    the main thread: on 2 CPUs that was ~55 ms of the ~180 ms of CPU `accord forecast`
    took on KTAB's example, and on a busy machine they take the main thread's turn. accord's
    arrays are actors x issues (and draws, element-wise); the few products (the backtest's
    candidate stacks, the decider's sentence embeddings) are small, and OpenBLAS computes
    each element of a product in the same order whatever its threads, so results do not
    change. Called before any command imports numpy; the Python API is left as it is."""
    import os

    if not any(v in os.environ for v in BLAS_THREAD_VARIABLES):
        os.environ["OPENBLAS_NUM_THREADS"] = "1"


def main() -> None:
    """Entry point: run the app; bad input exits 2 with one line, never a traceback."""
    one_blas_thread()
    try:
        app_for(sys.argv[1:])()
    except InputError as exc:
        sys.exit(fail(exc).exit_code)  # the one place that words the message


if __name__ == "__main__":  # pragma: no cover
    main()

"""`accord whatif`, `accord sensitivity`, `accord clock`, `accord trades`: what-ifs and
uncertainty around the models (see :mod:`accord.simulate`)."""

from __future__ import annotations

import json
import sys
from typing import List, Optional

import typer

from ..errors import InputError
from .common import fail as _fail
from .common import load_scenario as _load
from .common import model_names as _names


def _dump(obj) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, allow_nan=False) + "\n")


def register(app: typer.Typer) -> None:
    @app.command()
    def whatif(
        file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE", help="A scenario file or a built-in case name."),
        lever: List[str] = typer.Option(..., "--lever", "-l", help="A lever id from the scenario (repeatable; applied in order)."),
        model: Optional[List[str]] = typer.Option(None, "--model", "-m", help="A model (repeatable); default: all."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    ) -> None:
        """Forecast each issue without and with the named levers, and how far each moves.

        Levers combine in the order given; positions are clipped to the issue's scale,
        saliences to 0..1, capabilities kept above 0.
        """

        scenario = _load(file_or_case)
        names = _names(model)
        try:
            from ..api import what_if

            res = what_if(scenario, lever, names).result
        except InputError as exc:
            raise _fail(exc) from None
        if as_json:
            _dump(res.to_dict())
            return
        from .common import terminal_safe
        from .table import Table

        headers = ["issue"]
        for m in names:
            headers += [f"{m} without", f"{m} with", f"{m} shift"]
        t = Table(headers, title=terminal_safe(f"{scenario.name}: what if {' + '.join(res.levers)}"),
                  groups=[3] * len(names))
        for iid, per_model in res.rows():
            cells = [terminal_safe(iid)]
            for m in names:
                without, with_levers, shift = per_model[m]
                cells += [_f(without), _f(with_levers), _f(shift, sign=True)]
            t.add_row(*cells)
        typer.echo(t.render(), nl=False)

    @app.command()
    def sensitivity(
        file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE"),
        model: str = typer.Option("compromise", "--model", "-m", help="The model to probe."),
        lever: Optional[List[str]] = typer.Option(None, "--lever", "-l", help="Apply these levers first."),
        samples: int = typer.Option(1024, "--samples", help="Base samples for the Sobol' indices (0: tornado only)."),
        seed: int = typer.Option(0, "--seed", help="Seed of the Sobol' samples."),
        top: int = typer.Option(5, "--top", help="Inputs shown per issue."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Rank, per issue, the inputs whose range moves the forecast most (tornado:
        each input at its low and high end, the rest at their values), with first-order
        and total Sobol' indices, and say what to verify next."""
        from ..api import sensitivity_analysis

        scenario = _load(file_or_case)
        _names([model])
        if samples < 0:
            raise _fail(InputError(f"{samples} is not a number of samples", field="--samples"))
        if top < 1:
            raise _fail(InputError(f"{top} is not a positive number of inputs to show", field="--top"))
        try:
            res = sensitivity_analysis(scenario, model, levers=tuple(lever or ()), samples=samples, seed=seed, top=top)
        except InputError as exc:
            raise _fail(exc) from None
        d = res.to_dict()
        if as_json:
            _dump(d)
            return
        typer.echo(f"{scenario.name}: sensitivity of the {model} forecast (tornado: input at low / high end)")
        for issue in d["issues"]:
            typer.echo(f"\n{issue['id']}: forecast {_f(issue['forecast'])}")
            idx = {e["input"]: e for e in issue.get("indices", [])}
            for b in issue["tornado"]:
                s = idx.get(b["input"])
                si = f"  S1 {_f(s['first_order'], 2)} ST {_f(s['total'], 2)}" if s else ""
                flag = " (assumption)" if b["assumption"] else ""
                typer.echo(f"  {b['input']:<40} {b['low']:g}..{b['high']:g} -> {_f(b['at_low'])}..{_f(b['at_high'])}"
                           f"  swing {_f(b['swing'])}{si}{flag}")
            if not issue["tornado"]:
                typer.echo("  no uncertain input moves it")
        typer.echo("\nwhat to verify next:")
        for v in d["verify_next"] or [{"input": "nothing: no input is both influential and weakly founded", "swing": None, "why": ""}]:
            typer.echo(f"  {v['input']}" + (f": moves a forecast by {_f(v['swing'])}% of its scale; {v['why']}" if v["swing"] else ""))

    @app.command()
    def clock(
        file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE"),
        months: int = typer.Option(24, "--months", help="Months to simulate."),
        lever: Optional[List[str]] = typer.Option(None, "--lever", "-l", help="A lever to switch on (repeatable)."),
        draws: Optional[int] = typer.Option(None, "--draws", help="Monte Carlo draws (default: one path at the values)."),
        seed: int = typer.Option(0, "--seed", help="Seed of the draws."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Bargaining while fighting, month by month: the probability of a deal by each
        month and its expected terms. Parameters come from the scenario's `clock:`
        section (defaults, stated, where absent)."""
        from ..api import bargaining_clock

        scenario = _load(file_or_case)
        try:
            res = bargaining_clock(scenario, months, levers=tuple(lever or ()), draws=draws, seed=seed).result
        except InputError as exc:
            if (exc.field or "").startswith("clock"):  # the scenario's clock section: name its file
                exc.at(file_or_case)
            raise _fail(exc) from None
        d = res.to_dict()
        if as_json:
            _dump(d)
            return
        typer.echo(f"{scenario.name}: bargaining clock on {d['issue']} ({d['model']} proposals), "
                   f"line at {_f(d['line_start'])}, {d['draws']} draw(s)"
                   + (f", seed {d['seed']}" if d["seed"] is not None else "")
                   + (f", levers {', '.join(d['levers'])}" if d["levers"] else ""))
        typer.echo(f"low side: {', '.join(d['low_side'])}; high side: {', '.join(d['high_side'])}")
        for side in ("low", "high"):
            typer.echo(f"fights on the {side} side: " + ", ".join(
                f"{m['actor']} ({m['role']}, strength {_f(m['strength'])})" for m in d["military"] if m["side"] == side))
        typer.echo(f"balance: the high side wins a month's fighting with probability {_f(d['balance_high_share'], 2)}")
        if d["default_parameters"]:
            typer.echo(f"defaults used (assumptions): {', '.join(d['default_parameters'])}")
        typer.echo("month  P(deal by then)  expected terms  P(fighting, range empty)  median line (fighting)")
        for row in d["by_month"]:
            typer.echo(f"{row['month']:>5}  {row['p_deal']:>15.3f}  {_f(row['expected_terms']):>14}"
                       f"  {row['p_fighting_range_empty']:>24.3f}  {_f(row['median_line_fighting']):>22}")
        typer.echo(f"without a deal, median line at month {d['months']}: {_f(d['median_line_without_deal'])}")

    @app.command()
    def trades(
        file_or_case: str = typer.Argument(..., metavar="FILE_OR_CASE"),
        rounds: int = typer.Option(10, "--rounds", help="At most this many rounds of trades."),
        reading: str = typer.Option("symmetric", "--reading",
                                    help="symmetric (no end of a scale is special) or decide (decide-exchange-model's "
                                         "bound on upward moves, which reproduces its trade lists)."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
    ) -> None:
        """Issue trades (Stokman & van Oosten's exchange model, equal gain): who gives on
        which issue to win on another, and the positions and outcomes after."""
        from ..api import issue_trades

        scenario = _load(file_or_case)
        if rounds < 1:
            raise _fail(InputError(f"{rounds} is not a positive number of rounds", field="--rounds"))
        if reading not in ("symmetric", "decide"):
            raise _fail(InputError(f"{reading!r} is not symmetric or decide", field="--reading"))
        trades = issue_trades(scenario, rounds, reading)
        res, d = trades.result, trades.to_dict()
        if as_json:
            _dump(d)
            return
        print_trades(scenario, res, d)


def print_trades(scenario, res, d: dict, top: int = 5) -> None:
    """The summary of `accord trades`: per actor, trades made and the issues given on and
    won on; per issue, the outcome before and after; the largest trades (the full list is
    in --json)."""
    from collections import Counter

    from .common import terminal_safe
    from .table import Table

    ex = res.exchanges
    typer.echo(terminal_safe(f"{scenario.name}: {len(ex)} trades in {res.rounds} round(s)"))
    if ex:
        made: Counter[str] = Counter()
        gave: dict[str, Counter[str]] = {}
        won: dict[str, Counter[str]] = {}
        for e in ex:
            for actor, given, gained in ((e.actor_a, e.issue_p, e.issue_q), (e.actor_b, e.issue_q, e.issue_p)):
                made[actor] += 1
                gave.setdefault(actor, Counter())[given] += 1
                won.setdefault(actor, Counter())[gained] += 1
        t = Table(["actor", "trades", "gives most on", "wins most on"], title="trades per actor")
        for actor, n in sorted(made.items(), key=lambda kv: (-kv[1], kv[0])):
            t.add_row(terminal_safe(actor), str(n), terminal_safe(_most(gave[actor])), terminal_safe(_most(won[actor])))
        typer.echo(t.render(), nl=False)
    t = Table(["issue", "outcome before", "after", "shift"], title="outcome per issue")
    for row in d["issues"]:
        b, a = row["outcome_before"], row["outcome_after"]
        t.add_row(terminal_safe(row["id"]), _f(b), _f(a), _f(None if a is None or b is None else a - b, sign=True))
    typer.echo(t.render(), nl=False)
    if ex:
        biggest = sorted(ex, key=lambda e: -e.gain)[:top]
        typer.echo(f"largest {len(biggest)} of {len(ex)} trades (all of them: --json):")
        for e in biggest:
            typer.echo(terminal_safe(f"  round {e.round}: {e.actor_a} gives {e.move_a:.1f} on {e.issue_p}, "
                                     f"{e.actor_b} gives {e.move_b:.1f} on {e.issue_q}; each gains {e.gain:.4f}"))


def _most(counts) -> str:
    (issue, n), *_ = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return f"{issue} ({n})"


def _f(x, digits: int = 1, sign: bool = False) -> str:
    if x is None:
        return "-"
    return f"{x:+.{digits}f}" if sign else f"{x:.{digits}f}"

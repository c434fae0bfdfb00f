"""One name for one thing across every command (issue 14): ``--model``/``-m``, ``--json``,
``--out``, ``--seed``, ``--draws``. The test walks every command's parser, so a new
command that spells one of them differently fails here."""

from __future__ import annotations

import click
import typer.main

from accord.cli import app

#: the shared names, what each must be, and the spellings of the same thing that are not used
SHARED = {
    "--model": lambda p: p.name == "model" and "-m" in p.opts,
    "--json": lambda p: p.is_flag and not p.secondary_opts,
    "--out": lambda p: isinstance(p.type, click.Path),
    "--seed": lambda p: isinstance(p.type, click.types.IntParamType),
    "--draws": lambda p: isinstance(p.type, click.types.IntParamType),
}
SYNONYMS = {"--models", "--output", "--out-dir", "--outdir", "--output-dir", "--as-json", "--jsonl", "--random-seed",
            "--rng-seed", "--n-draws", "--ndraws", "--num-draws", "--samples-mc"}
SHORT = {"-m": "--model", "-o": "--out", "-l": "--lever", "-j": "--jobs"}
#: commands whose --draws have a fixed seed on purpose (the backtest's calibration draws are
#: part of the tuning protocol: one seed, logged with every test scoring)
FIXED_SEED = {("backtest", "deu")}


def leaf_commands() -> dict[tuple[str, ...], click.Command]:
    out: dict[tuple[str, ...], click.Command] = {}

    def walk(cmd: click.Command, path: tuple[str, ...]) -> None:
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, (*path, name))
        else:
            out[path] = cmd

    walk(typer.main.get_command(app), ())
    return out


def options(cmd: click.Command) -> list[click.Option]:
    return [p for p in cmd.params if isinstance(p, click.Option)]


def test_every_command_is_walked():
    names = {path[0] for path in leaf_commands()}
    assert {"forecast", "whatif", "stances", "timeline", "run", "scenario", "ledger", "backtest"} <= names
    assert len(leaf_commands()) >= 24


def test_shared_names_mean_one_thing_everywhere():
    wrong = []
    for path, cmd in leaf_commands().items():
        for p in options(cmd):
            names = set(p.opts) | set(p.secondary_opts)
            wrong += [(path, n, "a synonym of a shared name") for n in names & SYNONYMS]
            for name, ok in SHARED.items():
                if name in names and not ok(p):
                    wrong.append((path, name, "not the shared kind"))
            for short, long in SHORT.items():
                if short in names and long not in names:
                    wrong.append((path, short, f"short for {long} elsewhere"))
    assert not wrong, wrong


def test_a_format_option_has_json_beside_it_and_draws_have_a_seed():
    for path, cmd in leaf_commands().items():
        names = {n for p in options(cmd) for n in p.opts}
        if "--format" in names:  # kept as the documented alias (README), --json is the shared name
            assert "--json" in names, path
        if "--draws" in names and path not in FIXED_SEED:
            assert "--seed" in names, path


def test_the_check_sees_a_misspelt_option():
    """The walk would fail for a command that spelt --out as --output."""
    bad = typer.Typer()

    @bad.command()
    def write(output: str = typer.Option("x", "--output")) -> None:  # pragma: no cover - never run
        """A command with a non-shared spelling."""

    cmd = typer.main.get_command(bad)
    assert {n for p in options(cmd) for n in p.opts} & SYNONYMS == {"--output"}

"""`accord forecast` and `accord demo`: the stable JSON and the files a user gets."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

import accord
from accord.forecast import SCHEMA_VERSION, scenario_sha256

from conftest import shared_path


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True, cwd=cwd)


@pytest.fixture(scope="module")
def ktab_csv():
    return str(shared_path("data", "ktab", "dummyData_3Dim.csv"))


def test_forecast_json_has_the_documented_shape(ktab_csv):
    proc = run("forecast", ktab_csv, "--model", "compromise", "--model", "nash_sq", "--json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] == SCHEMA_VERSION
    assert doc["accord_version"] == accord.__version__
    scenario = accord.load(ktab_csv)
    assert doc["scenario"] == scenario.id
    assert doc["scenario_sha256"] == scenario_sha256(scenario)
    assert doc["seed"] is None
    assert doc["models"] == ["compromise", "nash_sq"]
    assert set(doc["parameters"]) == {"compromise", "nash_sq"}
    assert [i["id"] for i in doc["issues"]] == list(scenario.issue_ids)
    frame = accord.solve(scenario, ["compromise", "nash_sq"]).to_frame()
    for issue in doc["issues"]:
        assert set(issue) >= {"id", "status_quo", "forecast", "rounds"}
        assert issue["forecast"]["compromise"] == pytest.approx(frame.loc[issue["id"], "compromise"], abs=1e-6)
        assert issue["status_quo"] == pytest.approx(frame.loc[issue["id"], "status_quo"])


def test_forecast_json_is_byte_identical_across_runs(ktab_csv):
    first = run("forecast", ktab_csv, "--json").stdout
    assert first and first == run("forecast", ktab_csv, "--json").stdout


def test_to_frame_is_issue_by_model(ktab_csv):
    scenario = accord.load(ktab_csv)
    frame = accord.solve(scenario, models=["compromise", "median"]).to_frame()
    assert list(frame.columns) == ["status_quo", "compromise", "median"]
    assert list(frame.index) == list(scenario.issue_ids)


def test_bad_rounds_and_unknown_model_exit_2(ktab_csv):
    for args in (["--rounds", "0"], ["--model", "oracle"]):
        proc = run("forecast", ktab_csv, *args)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_help_reads_like_a_manual():
    proc = run("--help")
    assert proc.returncode == 0
    for command in ("demo", "validate", "forecast"):
        assert command in proc.stdout


def test_draws_add_intervals_and_repeat_byte_for_byte():
    args = ("forecast", "ukraine_2024", "--model", "compromise", "--model", "median", "--draws", "300",
            "--seed", "7", "--above", "50", "--json")
    first = run(*args)
    assert first.returncode == 0, first.stderr
    assert first.stdout == run(*args).stdout
    doc = json.loads(first.stdout)
    assert doc["seed"] == 7
    for issue in doc["issues"]:
        for model in ("compromise", "median"):
            q = issue["intervals"][model]
            assert q["p025"] <= q["p10"] <= q["p50"] <= q["p90"] <= q["p975"]
            assert 0.0 <= issue["p_above"][model]["50"] <= 1.0
    other = json.loads(run(*args[:-3], "--seed", "8", "--json").stdout)
    assert other["issues"][0]["intervals"] != doc["issues"][0]["intervals"]


def test_bad_monte_carlo_options_exit_2():
    for args in (["--draws", "0"], ["--draws", "-5"], ["--above", "50"]):
        proc = run("forecast", "ukraine_2024", "--model", "compromise", *args)
        assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_every_command_has_working_help():
    import typer.main
    from typer.testing import CliRunner

    from accord.cli import app

    root = typer.main.get_command(app)
    runner = CliRunner()
    paths = []
    for name, cmd in root.commands.items():
        paths.append([name])
        for sub in getattr(cmd, "commands", {}) or {}:
            paths.append([name, sub])
    assert ["forecast"] in paths and ["demo"] in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output, result.exception)
        assert "Usage:" in result.output


def test_hostile_scenario_names_are_printed_as_text(tmp_path):
    from accord.scenario import dump, load

    doc = yaml.safe_load(dump(load("ukraine_2024")))
    doc["name"] = "oops [/] closing [bold red]EVIL[/]"
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    proc = run("forecast", str(path), "--model", "compromise")
    assert proc.returncode == 0, proc.stderr
    assert "oops [/] closing [bold red]EVIL[/]" in proc.stdout


def test_output_folder_blocked_by_a_file_exits_2(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("mine")
    proc = run("demo", "--out", str(blocker))
    assert proc.returncode == 2 and "a file stands where a folder is needed" in proc.stderr
    assert blocker.read_text() == "mine"


def test_non_finite_threshold_exits_2():
    proc = run("forecast", "ukraine_2024", "--model", "compromise", "--draws", "10", "--above", "nan")
    assert proc.returncode == 2 and "--above" in proc.stderr


def test_demo_writes_intervals_for_the_vectorised_models(tmp_path):
    proc = run("demo", "--out", str(tmp_path), "--draws", "200", "--seed", "5")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads((tmp_path / "forecast.json").read_text())
    assert doc["seed"] == 5 and doc["draws"] == 200
    from accord.models import MODELS

    run_by_default = {m for m in MODELS if not getattr(MODELS[m], "composite", False)}  # not the ensemble
    drawn = {m for m in run_by_default if MODELS[m].vectorised}
    assert "smp" not in drawn and "eum" in drawn
    for issue in doc["issues"]:
        assert set(issue["intervals"]) == drawn
        assert set(issue["forecast"]) == run_by_default
    page = (tmp_path / "report.html").read_text()
    assert "Monte Carlo intervals" in page
    assert page.count("moves this issue most") == len(doc["issues"])  # the levers, per issue
    assert page.count("If an input were wrong") == len(doc["issues"])  # the tornado, per issue
    assert set(doc["lever_effects"]) == {"condition_aid", "lift_strike_limits", "nato_leverage",
                                         "north_korean_troops", "oil_at_50", "lame_duck_surge",
                                         "kursk_leverage", "pre_talks_escalation"}
    again = tmp_path / "again"
    run("demo", "--out", str(again), "--draws", "200", "--seed", "5")
    assert (again / "report.html").read_text() == page


def test_param_sets_a_model_parameter_and_bad_ones_exit_2():
    ok = run("forecast", "ukraine_2024", "--model", "eum", "--param", "eum.probability=all_pairs",
             "--param", "eum.median_rounds=2", "--json")
    assert ok.returncode == 0, ok.stderr
    doc = json.loads(ok.stdout)
    assert doc["parameters"]["eum"]["probability"] == "all_pairs" and doc["parameters"]["eum"]["median_rounds"] == 2
    default = json.loads(run("forecast", "ukraine_2024", "--model", "eum", "--json").stdout)
    assert default["parameters"]["eum"]["probability"] == "pairwise"
    assert [i["forecast"] for i in doc["issues"]] != [i["forecast"] for i in default["issues"]]
    for bad, says in (("eum.probability=pairs", "probability"), ("eum.speed=3", "no parameter 'speed'"),
                      ("eum.max_rounds=many", "whole number"), ("nobody.x=1", "unknown model"),
                      ("eum.probability", "MODEL.NAME=VALUE"), ("smp.summary=modal", "not being run")):
        proc = run("forecast", "ukraine_2024", "--model", "eum", "--param", bad)
        assert proc.returncode == 2, bad
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "--param" in lines[0] and says in lines[0], (bad, proc.stderr)
        assert proc.stdout == ""


def test_forecast_json_says_why_eum_stopped_and_what_smp_reports(ktab_csv):
    doc = json.loads(run("forecast", "ukraine_2024", "--model", "eum", "--model", "smp", "--json").stdout)
    for issue in doc["issues"]:
        stop = issue["stop"]["eum"]
        assert stop["reason"] in {"moved_lt_tol", "median_stable_k", "cycle", "max_rounds"}
        # the rounds listed are the rounds run, no padding
        assert len(issue["rounds"]["eum"]) == stop["rounds_run"]
        if stop["reason"] == "cycle":
            lo, hi = stop["cycle_range"]
            assert lo <= issue["forecast"]["eum"] <= hi
        assert issue["rounds"]["smp"][-1] == issue["forecast"]["smp"]
        assert set(issue["win_probability"]["smp"]) <= set(a["id"] for a in accord.load("ukraine_2024").to_dict()["actors"])
    assert doc["summary"]["smp"].startswith("expected")

"""From the seed articles to a forecast: `accord run` and `accord scenario draft`, for real."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import yaml

from accord.scenario import load_file
from accord.store import Store

from conftest import shared_path


def run(*args):
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    seeds = shared_path("corpus", "seeds")
    tmp = tmp_path_factory.mktemp("run")
    db, out = tmp / "news.db", tmp / "out"
    proc = run("run", str(seeds), "--case", "ukraine_2024", "--db", str(db), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return tmp, db, out, proc


def test_run_writes_the_demo_files_with_statements_behind_positions(seeded):
    tmp, db, out, proc = seeded
    doc = json.loads((out / "forecast.json").read_text())
    assert doc["scenario"] == "ukraine_2024_draft"
    assert doc["statements"], "no statement reached the forecast"
    with Store(db) as store:
        ids = {s.id for s in store.statements()}
    assert {s["id"] for s in doc["statements"]} <= ids
    page = (out / "report.html").read_text()
    assert "Statements read from the news" in page
    assert "5 read" in proc.stdout


def test_draft_lists_statement_ids_that_exist_and_disagreements(seeded):
    tmp, db, out, _ = seeded
    target = tmp / "draft.yaml"
    proc = run("scenario", "draft", "--db", str(db), "--case", "ukraine_2024", "-o", str(target))
    assert proc.returncode == 0, proc.stderr
    drafted = load_file(target)
    with Store(db) as store:
        ids = {s.id for s in store.statements()}
    backed = [p for p in drafted.positions if not p.assumption]
    assert backed, "nothing drafted from the news"
    for p in backed:
        assert p.evidence and set(p.evidence[0].statements) <= ids


def test_overrides_reach_the_forecast(seeded, tmp_path):
    _, db, _, _ = seeded
    overrides = tmp_path / "mine.yaml"
    overrides.write_text(yaml.safe_dump({"overrides": [
        {"actor": "russia", "issue": "territory", "position": 100, "salience": 1.0, "note": "analyst's reading"}]}))
    target = tmp_path / "d.yaml"
    proc = run("scenario", "draft", "--db", str(db), "--case", "ukraine_2024", "-o", str(target),
               "--overrides", str(overrides))
    assert proc.returncode == 0, proc.stderr
    p = load_file(target).position("russia", "territory")
    assert p.position.value == 100 and p.note == "override: analyst's reading"


def test_draft_without_a_store_exits_2(tmp_path):
    proc = run("scenario", "draft", "--db", str(tmp_path / "none.db"), "--case", "ukraine_2024", "-o", str(tmp_path / "x.yaml"))
    assert proc.returncode == 2 and "no such store" in proc.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_run_with_a_malformed_overrides_file_touches_no_store(tmp_path):
    seeds = shared_path("corpus", "seeds")
    bad = tmp_path / "o.yaml"
    bad.write_text("overrides: [unclosed\n")
    db = tmp_path / "never.db"
    proc = run("run", str(seeds), "--case", "ukraine_2024", "--overrides", str(bad), "--db", str(db),
               "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "malformed YAML" in proc.stderr
    assert not db.exists() and not (tmp_path / "out").exists()


def test_stances_table_prints_article_text_as_text_not_markup(tmp_path):
    from accord.commands.news import write_stances
    from accord.news.types import Statement
    import io as _io

    s = Statement(article="[red]evil[-]x.txt", start=0, end=5, text="=cmd()", actor="us", speaker="[/] hi",
                  act="say", reported_by="[bold]Post[/bold]")
    out = _io.StringIO()
    write_stances([s], "table", out)
    assert "[red]evil[-]x.txt" in out.getvalue().replace("\n", "") or "[red]evil" in out.getvalue()
    assert "[/] hi" in out.getvalue()
    csv_out = _io.StringIO()
    write_stances([s], "csv", csv_out)
    assert ",'=cmd()," in csv_out.getvalue()


def test_run_with_an_unknown_model_touches_no_store(tmp_path):
    """`run --model` is checked like forecast's, before anything is read."""
    db = tmp_path / "never.db"
    proc = run("run", str(shared_path("corpus", "seeds")), "--case", "ukraine_2024", "--model", "nosuch",
               "--db", str(db), "--out", str(tmp_path / "out"))
    assert proc.returncode == 2 and "--model" in proc.stderr and "nosuch" in proc.stderr, proc.stderr
    assert not db.exists() and not (tmp_path / "out").exists()

"""A user's own case at the news reader's door: warnings, refusals, and plain reasons."""
from __future__ import annotations

import yaml
from typer.testing import CliRunner

from accord.cli import app

CASE = {
    "id": "mine", "name": "Mine",
    "actors": [{"id": "a", "name": "Alpha", "capability": 1, "aliases": ["Al"]},
               {"id": "b", "name": "Beta", "capability": 1, "aliases": ["Bet"]}],
    "issues": [{"id": "x", "name": "X", "status_quo": 50, "low": "fewer widgets", "high": "more widgets",
                "keywords_up": ["widgets"]},
               {"id": "y", "name": "Y", "status_quo": 50}],
    "positions": [{"actor": "a", "issue": "x", "position": 10, "salience": 1}],
}


def cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def write(tmp_path, case, name="case.yaml"):
    p = tmp_path / name
    p.write_text(yaml.safe_dump(case))
    return p


def articles(tmp_path, text):
    d = tmp_path / "in"
    d.mkdir(exist_ok=True)
    (d / "a.txt").write_text(text)
    return d


def test_validate_warns_of_an_issue_without_keywords_and_an_actor_without_alias(tmp_path):
    case = {**CASE, "actors": CASE["actors"] + [{"id": "c", "name": "Gamma", "capability": 1}]}
    r = cli("validate", write(tmp_path, case))
    assert r.exit_code == 0, r.output
    warn = [line for line in r.output.splitlines() if "warning" in line]
    assert any("issues[1].keywords" in w and "'y'" in w for w in warn)
    assert any("actors[2].aliases" in w and "'c'" in w for w in warn)
    assert len(warn) == 2


def test_a_case_with_no_keyword_anywhere_is_refused_before_anything_is_written(tmp_path):
    case = {**CASE, "issues": [{"id": "x", "name": "X", "status_quo": 50}]}
    path = write(tmp_path, case)
    db = tmp_path / "s.db"
    r = cli("ingest", articles(tmp_path, "Alpha wants widgets."), "--db", db, "--scenario", path)
    assert r.exit_code == 2
    assert r.output.strip().count("\n") == 0 and str(path) in r.output and "issues[*].keywords" in r.output
    assert not db.exists()


def test_an_alias_of_two_actors_on_the_same_day_is_refused(tmp_path):
    actors = [{"id": "a", "name": "Alpha", "capability": 1, "aliases": ["the Capital"]},
              {"id": "b", "name": "Beta", "capability": 1, "aliases": [{"text": "The Capital", "from": "2020-01-01"}]}]
    path = write(tmp_path, {**CASE, "actors": actors})
    r = cli("ingest", articles(tmp_path, "Alpha wants widgets."), "--db", tmp_path / "s.db", "--scenario", path)
    assert r.exit_code == 2 and "actors[1].aliases[0]" in r.output and r.output.strip().count("\n") == 0
    # the same alias on dates that do not meet is fine: one actor until, the other from
    actors[0]["aliases"] = [{"text": "the Capital", "to": "2020-01-01"}]
    path = write(tmp_path, {**CASE, "actors": actors})
    r = cli("ingest", articles(tmp_path, "Alpha wants widgets."), "--db", tmp_path / "s.db", "--scenario", path)
    assert r.exit_code == 0, r.output


def test_ingest_says_plainly_why_it_read_no_stances(tmp_path):
    path = write(tmp_path, CASE)
    src = articles(tmp_path, "Gamma sells gadgets in the market.")
    r = cli("ingest", src, "--db", tmp_path / "1.db")
    assert "no --case or --scenario" in r.output
    r = cli("ingest", src, "--db", tmp_path / "2.db", "--scenario", path)
    assert "no sentence names any actor" in r.output
    (src / "a.txt").write_text("Alpha sold its factory last year.")
    r = cli("ingest", src, "--db", tmp_path / "3.db", "--scenario", path)
    assert "no sentence names any issue" in r.output
    (src / "a.txt").write_text("Alpha wants more widgets.")
    r = cli("ingest", src, "--db", tmp_path / "4.db", "--scenario", path)
    assert "no stances read" not in r.output and r.exit_code == 0

"""``accord seal --from-timeline``: the newest week sealed, weeks already past as hindcasts."""

from __future__ import annotations

import importlib.util
from datetime import date

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.ledger import Ledger
from accord.ledger.fromtimeline import plan

from conftest import REPO, shared_path

RUBRIC = REPO / "docs" / "rubric-territory.example.yaml"
HAS_TIMELINE = importlib.util.find_spec("accord.timeline") is not None


def test_only_the_current_week_is_sealed_and_past_weeks_are_hindcasts():
    untils = ["2024-11-07", "2024-11-14", "2024-11-21"]
    by = date(2025, 6, 30)
    # the last step's week is still running: it is sealed, the others are hindcasts
    assert plan(untils, 7, date(2024, 11, 23), by) == [
        ("2024-11-07", "hindcast"), ("2024-11-14", "hindcast"), ("2024-11-21", "seal")]
    # the timeline's last step may end after today (whole weeks from the first article)
    assert plan(untils, 7, date(2024, 11, 17), by)[-1] == ("2024-11-21", "seal")
    # a week later nothing is current any more: all hindcasts
    assert [k for _, k in plan(untils, 7, date(2024, 11, 28), by)] == ["hindcast"] * 3
    # news that reaches the resolution date is no forecast: skipped
    assert plan(untils, 7, date(2024, 11, 23), date(2024, 11, 14)) == [
        ("2024-11-07", "hindcast"), ("2024-11-14", "skip"), ("2024-11-21", "skip")]
    # a question already resolved today: the current week is a hindcast, never sealed
    assert [k for _, k in plan(untils, 7, date(2025, 7, 1), date(2025, 7, 1))] == ["hindcast"] * 3


def cli(*args: str, today: str):
    return CliRunner().invoke(app, list(args), env={"ACCORD_TODAY": today}, catch_exceptions=False)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    seeds = shared_path("corpus", "seeds")
    db = tmp_path_factory.mktemp("news") / "news.db"
    r = cli("ingest", str(seeds), "--case", "ukraine_2024", "--db", str(db), today="2024-11-25")
    assert r.exit_code == 0, r.output
    return db


def seal_from(store, ledger, today):
    return cli("seal", "ukraine_2024", "--from-timeline", "--db", str(store), "--every", "7d",
               "--question", "Where will the territorial terms land?", "--issue", "territory",
               "--resolves-by", "2026-12-31", "--rubric", str(RUBRIC), "--model", "compromise", "--draws", "100",
               "--ledger", str(ledger), today=today)


@pytest.mark.skipif(HAS_TIMELINE, reason="accord.timeline is present: the full test below runs")
def test_without_the_timeline_module_it_says_so_in_one_line(tmp_path):
    ledger = tmp_path / "ledger.db"
    r = seal_from(tmp_path / "news.db", ledger, "2024-11-25")
    assert r.exit_code == 2
    assert r.output.strip() == ("accord: error: --from-timeline: needs accord.timeline (the news timeline "
                                "of the dashboard), which this accord lacks")
    assert not ledger.exists()


@pytest.mark.skipif(not HAS_TIMELINE, reason="needs accord.timeline (branch web); runs once it is merged")
def test_the_newest_week_is_sealed_and_a_rerun_adds_nothing(store, tmp_path):
    ledger = tmp_path / "ledger.db"
    r = seal_from(store, ledger, "2024-11-25")
    assert r.exit_code == 0, r.output
    entries = Ledger(ledger).entries()
    kinds = [e.kind for e in entries]
    assert kinds[-1] == "seal" and set(kinds[:-1]) == {"hindcast"} and len(kinds) >= 2
    assert [e.body["as_of"] for e in entries] == sorted(e.body["as_of"] for e in entries)
    assert entries[-1].body["status"] == "sealed" and entries[0].body["status"] == "hindcast"
    before = ledger.read_bytes()
    assert seal_from(store, ledger, "2024-11-25").exit_code == 0
    assert ledger.read_bytes() == before

"""Where the sources disagree: denials linked to what they deny, quantities that differ,
carried from the extraction through the store to `accord disputes` and the report."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.news.disputes import collect, conflicting_quantities
from accord.news.ingest import ingest
from accord.news.temporal import quantities
from accord.news.types import Article
from accord.store import MIGRATIONS, SCHEMA_VERSION, Store
from tests.conftest import shared_path


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    seeds = shared_path("corpus", "seeds")
    db = tmp_path_factory.mktemp("disputes") / "seeds.db"
    ingest([str(seeds)], db, scenario="ukraine_2024")
    return db


def _territory(conflicts: list[dict]) -> list[dict]:
    return [c for c in conflicts if c["unit"] == "percent" and "territory" in c["measure"].lower()]


def test_quantities_of_the_territory_phrasings_are_read():
    q20 = quantities("That would leave 20 percent of Ukrainian territory occupied.")
    q18 = quantities("Russia holding around 18% of Ukrainian territory.")
    assert [(q.value, q.unit, q.measures, q.approximate) for q in q20] == [(20.0, "percent", "Ukrainian territory", False)]
    assert [(q.value, q.unit, q.measures, q.approximate) for q in q18] == [(18.0, "percent", "Ukrainian territory", True)]
    assert len(conflicting_quantities([("a", q18[0]), ("b", q20[0])])) == 1
    assert conflicting_quantities([("a", q18[0]), ("a", q20[0])]) == []  # one article never disputes itself


def test_seeds_flag_18_against_20_percent_of_territory_and_link_the_peskov_denial(seeds_db):
    with Store(seeds_db, readonly=True) as store:
        found = collect(store)
    terr = _territory(found["quantity_conflicts"])
    assert len(terr) == 1
    sides = {s["text"]: s for s in terr[0]["sides"]}
    assert set(sides) == {"around 18%", "20 percent"}
    assert sides["around 18%"]["article"] != sides["20 percent"]["article"]
    assert "18% of Ukrainian territory" in sides["around 18%"]["sentence"]
    # the 20 percent sentence holds no statement: only the article-level quantities carry it
    assert "20 percent of Ukrainian territory" in sides["20 percent"]["sentence"]
    peskov = [d for d in found["denials"] if "Peskov" in d["denial"]["speaker"]]
    assert peskov, found["denials"]
    den, tgt = peskov[0]["denial"], peskov[0]["denies"]
    assert den["actor"] == "russia" and "Washington Post" in den["text"]
    assert tgt is not None and tgt["article"] == den["article"]
    assert tgt["reported_by"] and "Trump urged Putin" in tgt["text"]


def test_article_quantities_are_stored_whole_and_reingest_adds_nothing(seeds_db, tmp_path):
    db = tmp_path / "again.db"
    ingest([str(shared_path("corpus", "seeds"))], db, scenario="ukraine_2024")
    with Store(db) as store:
        first = store.article_quantities()
        texts = {a: store.article_text(a) for a, _, _ in first}
    assert first
    for art, q, (s0, s1) in first:  # offsets index the article, inside their sentence
        assert texts[art][q.start:q.end] == q.text
        assert s0 is not None and s0 <= q.start and q.end <= s1
    ingest([str(shared_path("corpus", "seeds"))], db, scenario="ukraine_2024")
    with Store(db) as store:
        assert store.article_quantities() == first
        assert store.counts()["article_quantities"] == len(first)


def test_put_article_keeps_quantities_and_a_replaced_article_loses_its_old_ones(tmp_path):
    text = "Russia holds 20 percent of Ukrainian territory. Nothing else."
    art = Article(id="a.txt", file="a.txt", text=text, sha256="x1")
    with Store(tmp_path / "s.db") as store:
        store.put_article(art, [(0, 47), (48, len(text))], [], input="a")
        [(aid, q, span)] = store.article_quantities()
        assert (aid, q.text, q.value, span) == ("a.txt", "20 percent", 20.0, (0, 47))
        new = Article(id="a.txt", file="a.txt", text="No numbers here.", sha256="x2")
        store.put_article(new, [(0, 16)], [], input="a", replace=True)
        assert store.article_quantities() == []


def test_a_version_1_store_is_upgraded_and_its_quantities_backfilled(tmp_path):
    db = tmp_path / "v1.db"
    con = sqlite3.connect(db)
    con.executescript(MIGRATIONS[0])
    text = "Russia holds around 18% of Ukrainian territory. Kyiv disagrees."
    con.execute("INSERT INTO articles (id, input, file, sha256, text, n_sentences, n_statements) "
                "VALUES ('old.txt', 'old', 'old.txt', 'h', ?, 2, 0)", (text,))
    con.executemany('INSERT INTO sentences (article, idx, start, "end") VALUES (?,?,?,?)',
                    [("old.txt", 0, 0, 47), ("old.txt", 1, 48, len(text))])
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()
    with pytest.raises(Exception, match="schema version 1"):
        Store(db, readonly=True)  # reading never upgrades
    with Store(db) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 2
        [(aid, q, span)] = store.article_quantities()
        assert (aid, q.text, q.approximate, span) == ("old.txt", "around 18%", True, (0, 47))
    with Store(db, readonly=True) as store:  # and now it reads
        assert store.counts()["articles"] == 1


def test_disputes_command_json_shape_and_text(seeds_db):
    runner = CliRunner()
    res = runner.invoke(app, ["disputes", "--db", str(seeds_db), "--json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert set(doc) == {"denials", "quantity_conflicts"}
    for d in doc["denials"]:
        assert set(d) == {"denial", "denies", "refers_to"}
        assert {"id", "article", "actor", "speaker", "text"} <= set(d["denial"])
    for c in doc["quantity_conflicts"]:
        assert {"measure", "unit", "sides"} <= set(c) and len(c["sides"]) == 2
        assert all({"article", "text", "value", "sentence"} <= set(s) for s in c["sides"])
    text = runner.invoke(app, ["disputes", "--db", str(seeds_db)], catch_exceptions=False).output
    assert "around 18%" in text and "20 percent" in text and "Peskov" in text
    again = runner.invoke(app, ["disputes", "--db", str(seeds_db), "--json"], catch_exceptions=False).output
    assert again == res.output  # same store, same bytes


def test_disputes_command_on_a_missing_store_is_one_line_exit_2(tmp_path):
    res = CliRunner().invoke(app, ["disputes", "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert not (tmp_path / "none.db").exists()


def test_hostile_article_text_is_escaped_in_the_report_and_plain_in_the_terminal(tmp_path):
    from accord.commands.disputes import plain
    from accord.forecast import solve
    from accord.report import render_report
    from accord.scenario import load

    evil = '<script>alert(1)</script>[bold red]x[/]'
    forecast = solve(load("ukraine_2024"), ["compromise"])
    forecast.extra["disputes"] = {
        "denials": [{"denial": {"actor": "russia", "speaker": evil, "text": evil, "article": evil},
                     "denies": {"actor": "us", "speaker": "Trump", "text": evil, "article": "b<i>", "reported_by": evil},
                     "refers_to": "x"}],
        "quantity_conflicts": [{"measure": evil, "unit": "percent",
                                "sides": [{"article": evil, "text": evil, "value": 18.0, "sentence": evil},
                                          {"article": "b", "text": "20 percent", "value": 20.0, "sentence": "s"}]}],
    }
    page = render_report(forecast)
    assert "Where the sources disagree" in page and 'id="disputes"' in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "b<i>" not in page
    assert "Where the sources disagree" not in render_report(solve(load("ukraine_2024"), ["compromise"]))
    assert plain("a\x1b[2Jb\u202ec\nd") == "a [2Jb c d"

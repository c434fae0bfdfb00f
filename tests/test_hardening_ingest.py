"""Hostile article folders: every input accounted for, the run goes on, bounded per article."""

from __future__ import annotations

import json
import os
import re

import pytest

from accord.news import ingest as ingest_mod
from accord.news.clean import MAX_SYMBOL_RUN, MAX_TOKEN_RUN, clean_text
from accord.news.ingest import ingest
from accord.store import Store

GOOD = "Kremlin spokesman Dmitry Peskov said on Monday that Russia rejects any ceasefire in Ukraine."


def _hostile(folder):
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    os.symlink("self", folder / "self")  # a link to itself
    (folder / "sub").mkdir()
    os.symlink("..", folder / "sub" / "up")  # a folder loop
    os.symlink("missing.txt", folder / "broken.txt")
    (folder / ".hidden.txt").write_text("A hidden article that must not be read but named.")
    (folder / ".git").mkdir()
    (folder / ".git" / "x.txt").write_text("not an article")
    deep = "[" * 100_000 + "]" * 100_000
    (folder / "deep.json").write_text(deep)
    (folder / "deep.jsonl").write_text(json.dumps({"text": "Zelensky told parliament in Kyiv that Ukraine will never cede Crimea."}) + "\n" + '{"text": ' + deep + "}\n")
    (folder / "bigint.json").write_text('[{"text": "Some text here.", "id": ' + "9" * 5000 + "}]")
    (folder / "surrogate.jsonl").write_text('{"text": "Bad \\ud800 text."}\n')
    feeds = folder / "feeds"
    feeds.mkdir()
    (feeds / "manifest.json").write_text('{"articles": ' + deep + "}")
    (feeds / "b.txt").write_text(GOOD.replace("Monday", "Tuesday") + " Kyiv disagreed.")


def test_a_hostile_folder_is_accounted_for(tmp_path):
    _hostile(tmp_path / "in")
    result = ingest([tmp_path / "in"], tmp_path / "s.db")
    lines = {os.path.relpath(o.input, tmp_path / "in"): (o.status, o.reason) for o in result.outcomes}
    assert lines["self"] == ("skipped", "symlink loop")
    assert lines["sub/up"][0] == "skipped" and "symlink loop" in lines["sub/up"][1]
    assert lines["broken.txt"][0] == "failed" and "cannot be read" in lines["broken.txt"][1]
    assert lines[".hidden.txt"] == ("skipped", "hidden file, not read")
    assert lines[".git"] == ("skipped", "hidden folder, not read")
    assert lines["deep.json"][0] == "failed" and "nested more than" in lines["deep.json"][1]
    assert lines["deep.jsonl#2"][0] == "failed" and "nested more than" in lines["deep.jsonl#2"][1]
    assert lines["bigint.json"][0] == "failed" and "5000 digits" in lines["bigint.json"][1]
    assert lines["surrogate.jsonl#1"][0] == "failed" and "surrogate" in lines["surrogate.jsonl#1"][1]
    assert lines["feeds/manifest.json"][0] == "failed" and "nested more than" in lines["feeds/manifest.json"][1]
    assert result.counts["read"] == 3  # good.txt, deep.jsonl#1, feeds/b.txt
    with Store(tmp_path / "s.db", readonly=True) as s:
        assert s.counts()["articles"] == 3 and s.integrity_problems() == []


def test_long_runs_are_bounded_before_spacy():
    text = clean_text("# " + "#" * 20_000 + "\n\n" + "!?" * 10_000 + " Russia said no. " + "x" * 5000)
    assert max(len(m) for m in re.findall(r"[^\w\s]+", text)) <= MAX_SYMBOL_RUN
    assert max(len(t) for t in text.split()) <= MAX_TOKEN_RUN
    assert "Russia said no." in text
    assert clean_text(GOOD) == GOOD  # ordinary text is untouched


@pytest.fixture(scope="module")
def budget_run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("budget")
    folder = tmp / "in"
    folder.mkdir()
    (folder / "a_small.txt").write_text(GOOD)
    long = " ".join(f"Peskov said on day {i} that Russia rejects a ceasefire, and Zelensky said Kyiv wants one."
                    for i in range(400))
    (folder / "b_long.txt").write_text(long)
    return tmp, folder


def test_an_article_over_the_time_budget_is_skipped_and_the_run_goes_on(budget_run):
    tmp, folder = budget_run
    result = ingest([folder], tmp / "t.db", scenario="ukraine_2024", article_seconds=0.2)
    by = {os.path.basename(o.input): o for o in result.outcomes}
    assert by["b_long.txt"].status == "skipped" and "over budget" in by["b_long.txt"].reason
    assert result.counts["read"] == 1 and result.statements >= 1  # the small one, extracted


def test_an_article_over_the_size_budget_is_skipped(budget_run, monkeypatch):
    tmp, folder = budget_run
    monkeypatch.setattr(ingest_mod, "MAX_EXTRACT_CHARS", 1000)  # the same rule at a size a test can afford
    result = ingest([folder], tmp / "s.db", scenario="ukraine_2024")
    by = {os.path.basename(o.input): o for o in result.outcomes}
    assert by["b_long.txt"].status == "skipped" and "characters" in by["b_long.txt"].reason
    assert result.counts["read"] == 1


def test_a_run_on_sentence_is_ingested_with_every_clause_read(tmp_path):
    # a scraped page with no full stop: one "sentence" of k reported clauses is read whole,
    # within the default budget, and stores each clause's two reports (its speed at
    # 160 KB is bench/bench_long_sentence.py's, its linear work tests/news/test_long_sentence.py's)
    folder = tmp_path / "in"
    folder.mkdir()
    k = 60
    clause = "Peskov said that Russia rejects any ceasefire and Zelensky said that Ukraine wants security guarantees"
    (folder / "one.txt").write_text(", while ".join([clause] * k) + ".")
    result = ingest([folder], tmp_path / "s.db", scenario="ukraine_2024")
    assert result.counts["read"] == 1, [o.reason for o in result.outcomes]
    with Store(tmp_path / "s.db", readonly=True) as s:
        stored = list(s.statements())
    assert sorted(st.actor for st in stored if st.cue == "said") == ["russia"] * k + ["ukraine"] * k
    assert any(st.actor == "ukraine" and st.issue == "security_guarantees" for st in stored)


def test_an_article_is_over_budget_even_where_the_timers_exception_was_dropped(tmp_path, monkeypatch):
    """Python drops an exception raised where it cannot propagate (a ``__del__`` the
    garbage collector runs mid-extraction): the run must still count the article over budget."""
    import time

    from accord.news.extract import Extractor

    real = Extractor.extract

    def dropping(self, art):
        end = time.monotonic() + 0.6
        while time.monotonic() < end:
            try:
                time.sleep(0.01)
            except BaseException:  # noqa: BLE001 - as the interpreter drops it in a __del__
                pass
        return real(self, art)

    monkeypatch.setattr(Extractor, "extract", dropping)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD)
    result = ingest([folder], tmp_path / "t.db", scenario="ukraine_2024", article_seconds=0.1)
    (outcome,) = result.outcomes
    assert outcome.status == "skipped" and "over budget" in outcome.reason

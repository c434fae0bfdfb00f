"""`accord ingest` / `accord stances`: accounting for every input, idempotency, kill and resume."""

from __future__ import annotations

import csv
import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.news import ingest as ingest_mod
from accord.news.ingest import ingest
from accord.news.read import content_sha256
from accord.news.types import Article, Statement
from accord.store import Store
from conftest import REPO, shared_path

WORDS = ("Kremlin Kyiv ceasefire talks frontline Trump Putin Zelenskyy NATO sanctions aid missiles Europe "
         "guarantees territory Crimea Donbas Kursk drones envoy summit proposal demand reject offer deal "
         "troops border winter energy grain port pressure leverage").split()


def make_article(rng: random.Random, n_sentences: int = 12) -> str:
    sents = []
    for _ in range(n_sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
        sents.append(" ".join(words).capitalize() + ".")
    return "Headline " + " ".join(rng.choice(WORDS) for _ in range(4)) + "\n" + " ".join(sents) + "\n"


def corpus(folder: Path, n: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"gen_{i:04d}.txt"
        p.write_text(make_article(rng), encoding="utf-8")
        paths.append(p)
    return paths


def run_cli(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def article_ids(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return [r[0] for r in con.execute("SELECT id FROM articles ORDER BY id")]


def test_seeds_ingest_then_rerun_adds_nothing(tmp_path):
    seeds = shared_path("corpus", "seeds")
    db = tmp_path / "s.db"
    r1 = ingest([seeds], db)
    assert r1.counts["read"] == 5 and r1.outcomes == []
    with Store(db) as s:
        before = s.counts()
        dates = dict(s.db.execute("SELECT id, published FROM articles"))
    assert dates["000_6d000a2223aee4c5.txt"] == "2024-11-12"
    r2 = ingest([seeds], db)
    assert r2.counts["unchanged"] == 5 and r2.counts["read"] == 0
    with Store(db) as s:
        after = s.counts()
        runs = s.runs()
    assert {k: v for k, v in after.items() if k != "runs"} == {k: v for k, v in before.items() if k != "runs"}
    assert len(runs) == 2 and all(r["finished"] for r in runs)
    assert json.loads(runs[1]["counts"])["unchanged"] == 5


def test_same_files_by_another_path_are_unchanged_not_duplicates(tmp_path, monkeypatch):
    corpus(tmp_path / "in", 3)
    (tmp_path / "in" / "feed.jsonl").write_text(json.dumps({"text": "Kyiv asked for more air defence."}) + "\n")
    db = tmp_path / "s.db"
    assert ingest([tmp_path / "in"], db).counts["read"] == 4
    monkeypatch.chdir(tmp_path)
    again = ingest([Path("in")], db)
    assert again.counts["unchanged"] == 4 and again.outcomes == []


def test_every_bad_input_is_accounted_for_and_nothing_stored_is_lost(tmp_path):
    good = corpus(tmp_path / "in" / "good", 3)
    db = tmp_path / "s.db"
    assert ingest([tmp_path / "in" / "good"], db).counts["read"] == 3
    bad = tmp_path / "in" / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "blank.txt").write_text("   \n\n  \n")
    (bad / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (bad / "binary.txt").write_bytes(b"\x00\x01\x02\x03garbage\x00" * 50)
    (bad / "latin1.txt").write_bytes("Scholz sagte, die Gespräche über die Ukraine würden weitergehen.".encode("latin-1"))
    (bad / "utf16.txt").write_text("Zelenskyy said Kyiv would not cede territory in any deal.", encoding="utf-16")
    (bad / "huge.txt").write_bytes(b"Putin spoke. " * (11 * 2**20 // 13))
    (bad / "scripts.html").write_text(
        "<html><body>" + "<script>alert('x')</script>" * 200 + "<article><p>The Kremlin welcomed the idea of "
        "talks with the incoming administration, Peskov told reporters on Monday in Moscow.</p></article></body></html>")
    (bad / "feed.jsonl").write_text(json.dumps({"title": "no text"}) + "\n"
                                    + json.dumps({"text": "Kyiv asked for more air defence systems.", "published": 5}) + "\n")
    (bad / "copy.txt").write_bytes(good[0].read_bytes())
    (bad / "near.txt").write_text(good[1].read_text().replace(".", "!", 1))
    (bad / "dangling.txt").symlink_to(bad / "missing-target.txt")
    locked = bad / "locked.txt"
    locked.write_text("Russia rejected the proposal.")
    locked.chmod(0)
    result = ingest([tmp_path / "in"], db)
    by_input = {Path(o.input.split("#")[0]).name + ("#" + o.input.split("#")[1] if "#" in o.input else ""): o
                for o in result.outcomes if not o.reason.startswith("decoded as")}
    assert by_input["empty.txt"].status == "failed" and by_input["empty.txt"].reason == "empty file"
    assert by_input["blank.txt"].reason == "no text after cleaning"
    assert by_input["image.png"].status == "skipped" and ".png" in by_input["image.png"].reason
    assert by_input["binary.txt"].status == "failed" and "binary" in by_input["binary.txt"].reason
    assert by_input["huge.txt"].status == "failed" and "too large" in by_input["huge.txt"].reason
    assert by_input["feed.jsonl#1"].reason.startswith("text: missing")
    assert by_input["feed.jsonl#2"].reason.startswith("published: ")
    assert by_input["copy.txt"].status == "duplicate" and "gen_0000.txt" in by_input["copy.txt"].reason
    assert by_input["near.txt"].status == "duplicate" and "near-duplicate of gen_0001.txt" in by_input["near.txt"].reason
    assert by_input["dangling.txt"].status == "failed" and "cannot be read" in by_input["dangling.txt"].reason
    if os.geteuid() != 0:  # root reads a file whatever its mode
        assert by_input["locked.txt"].status == "failed" and "permission denied" in by_input["locked.txt"].reason
    decoded = {Path(o.input).name: o.reason for o in result.outcomes if o.reason.startswith("decoded as")}
    assert decoded == {"latin1.txt": "decoded as cp1252", "utf16.txt": "decoded as utf-16"}
    ids = article_ids(db)
    assert {"latin1.txt", "utf16.txt", "scripts.html", "gen_0000.txt", "gen_0001.txt", "gen_0002.txt"} <= set(ids)
    with Store(db) as s:
        assert "alert" not in s.article_text("scripts.html")
        assert "Gespräche über" in s.article_text("latin1.txt")
        assert s.integrity_problems() == []
    n_inputs = 3 + 14
    assert sum(result.counts.values()) == n_inputs


def test_cli_summary_and_exit_codes(tmp_path):
    corpus(tmp_path / "in", 2)
    (tmp_path / "in" / "notes.pdf").write_bytes(b"%PDF-1.4")
    db = str(tmp_path / "s.db")
    r = run_cli("ingest", str(tmp_path / "in"), "--db", db)
    assert r.exit_code == 0, r.output
    assert "notes.pdf" in r.output and "skipped" in r.output and "unsupported file type '.pdf'" in r.output
    for args, msg in (
        (["ingest", str(tmp_path / "nope"), "--db", db], "no such file or folder"),
        (["ingest", str(tmp_path / "in"), "--db", db, "--case", "no_such_case"], "no built-in case"),
        (["ingest", str(tmp_path / "in"), "--db", db, "--scenario", str(tmp_path / "in" / "notes.pdf")], ""),
        (["ingest", str(tmp_path / "in"), "--db", db, "--case", "x", "--scenario", "y"], "not both"),
        (["ingest", str(tmp_path / "in"), "--db", db, "--jobs", "0"], "jobs"),
        (["ingest", str(tmp_path / "in"), "--db", db, "--field", "body"], "FIELD=COLUMN"),
    ):
        r = run_cli(*args)
        assert r.exit_code == 2, (args, r.output)
        assert msg in r.output and len(r.output.strip().splitlines()) == 1, r.output
    assert len(article_ids(Path(db))) == 2


def test_changed_file_replaces_and_same_name_elsewhere_is_kept(tmp_path):
    rng = random.Random(3)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    f = tmp_path / "a" / "story.txt"
    f.write_text(make_article(rng))
    db = tmp_path / "s.db"
    ingest([tmp_path / "a"], db)
    f.write_text(make_article(rng))
    r = ingest([tmp_path / "a"], db)
    assert r.counts["updated"] == 1
    assert article_ids(db) == ["story.txt"]
    with Store(db) as s:
        assert s.article_text("story.txt").split("\n\n")[1] in f.read_text()
    (tmp_path / "b" / "story.txt").write_text(make_article(rng))
    r = ingest([tmp_path / "b"], db)
    assert r.counts["read"] == 1 and len(article_ids(db)) == 2


def test_sigkill_mid_run_leaves_whole_articles_and_rerun_completes(tmp_path):
    n = 500
    corpus(tmp_path / "in", n, seed=11)
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "accord.cli", "ingest", str(tmp_path / "in"), "--db", str(db)]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stored = 0
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        if db.exists():
            try:
                with sqlite3.connect(db, timeout=1) as con:
                    stored = con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except sqlite3.OperationalError:
                stored = 0
        if stored >= 40:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed: " + proc.stderr.read().decode()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with Store(db) as s:
        assert s.integrity_problems() == []
        killed_at = s.counts()["articles"]
        runs = s.runs()
    assert 40 <= killed_at < n
    assert runs[-1]["finished"] is None  # the killed run is on record as unfinished
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    with Store(db) as s:
        assert s.integrity_problems() == []
        rows = s.db.execute("SELECT id, COUNT(*) FROM articles GROUP BY id").fetchall()
        last = json.loads(s.runs()[-1]["counts"])
    assert len(rows) == n and all(c == 1 for _, c in rows)
    assert last["unchanged"] == killed_at and last["read"] == n - killed_at


def _store_statements(db: Path) -> None:
    text = "Peskov denied the report. Zelenskyy demanded guarantees, citing 20 percent."
    with Store(db) as s:
        for aid in ("b.txt", "a.txt"):
            art = Article(id=aid, file=aid, text=text + aid, sha256=content_sha256(text + aid))
            sts = [Statement(aid, 26, len(text), text[26:], "ukraine", "Zelenskyy", "demand", "security_guarantees",
                             "down", 10.0, False, None, "2024-11-12", "demanded"),
                   Statement(aid, 0, 25, text[:25], "russia", "Peskov", "deny", reported_by="Reuters")]
            s.put_article(art, [(0, 25), (26, len(text))], sts, input=aid)


def test_stances_export_formats(tmp_path):
    db = tmp_path / "s.db"
    _store_statements(db)
    r = run_cli("stances", "--db", str(db), "--format", "jsonl")
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert [(x["article"], x["start"]) for x in lines] == [("a.txt", 0), ("a.txt", 26), ("b.txt", 0), ("b.txt", 26)]
    need = {"id", "article", "start", "end", "text", "actor", "speaker", "act", "issue", "direction", "position",
            "hedged", "reported_by", "event_date", "cue", "quantities"}
    assert all(need <= set(x) for x in lines)
    assert lines[1]["direction"] == "down" and lines[1]["position"] == 10.0 and lines[0]["reported_by"] == "Reuters"
    assert run_cli("stances", "--db", str(db), "--format", "jsonl").output == r.output  # deterministic
    assert run_cli("stances", "--db", str(db), "--json").output == r.output  # --json: the shared name
    both = run_cli("stances", "--db", str(db), "--json", "--format", "csv")
    assert both.exit_code == 2 and "--json" in both.output
    rows = list(csv.DictReader(io.StringIO(run_cli("stances", "--db", str(db), "--format", "csv").output)))
    assert [row["id"] for row in rows] == [x["id"] for x in lines] and rows[0]["hedged"] == "false"
    table = run_cli("stances", "--db", str(db))
    assert table.exit_code == 0 and "security_guarantees" in table.output
    bad = run_cli("stances", "--db", str(db), "--format", "xml")
    assert bad.exit_code == 2


# -- with a case: the extractor runs (spaCy) ------------------------------------------

CASE_SENTENCES = (
    "Kremlin spokesman Dmitry Peskov said Russia would not give up any territory it holds in Donbas.",
    "Zelenskyy demanded security guarantees from NATO before any ceasefire.",
    "Vladimir Putin rejected a freeze of the front line, Reuters reported.",
    "Kyiv asked its European allies for more air defence systems.",
    "Olaf Scholz said Germany would keep sending aid to Ukraine through the winter.",
    "Mark Rutte told reporters that NATO membership for Ukraine was not on the table this year.",
    "Moscow insists that Ukraine must stay out of the alliance.",
    "The weather in the capital was cold and grey on Tuesday.",
)


def case_corpus(folder: Path, n: int, seed: int = 5) -> list[Path]:
    """``n`` short articles of case sentences in paragraphs (so the parser meets paragraph breaks)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        picked = rng.sample(CASE_SENTENCES, 6)
        body = "\n\n".join(" ".join(picked[k:k + 2]) for k in range(0, 6, 2))
        p = folder / f"case_{i:02d}.txt"
        p.write_text(f"Talks on the war, part {i}\n\n{body}\n", encoding="utf-8")
        paths.append(p)
    return paths


def stored_statements(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as con:
        return con.execute('SELECT s.id, s.article, s.start, s."end", s.text, a.text, s.cue_start, s.cue_end, s.cue'
                           " FROM statements s JOIN articles a ON a.id = s.article ORDER BY s.id").fetchall()


def test_case_ingest_stores_statements_whose_spans_index_the_article(tmp_path):
    case_corpus(tmp_path / "in", 3)
    db = tmp_path / "s.db"
    r = ingest([tmp_path / "in"], db, scenario="ukraine_2024")
    assert r.counts["read"] == 3 and r.outcomes == []
    rows = stored_statements(db)
    assert r.statements == len(rows) and len(rows) >= 6
    actors = set()
    with sqlite3.connect(db) as con:
        actors = {a for (a,) in con.execute("SELECT actor FROM statements")}
        sentences = con.execute('SELECT s.start, s."end", a.text FROM sentences s JOIN articles a ON a.id = s.article')
        sentence_texts = set()
        for start, end, text in sentences:
            assert text[start:end] == text[start:end].strip() != ""
            sentence_texts.add(text[start:end])
        extracted = {k for (k,) in con.execute("SELECT extracted_with FROM articles")}
    assert {"russia", "ukraine"} <= actors
    assert len(extracted) == 1 and next(iter(extracted)).startswith("ukraine_2024:")
    for sid, aid, start, end, stext, atext, cs, ce, cue in rows:
        assert atext[start:end] == stext, sid  # the span is the statement's sentence in the stored text
        assert stext in sentence_texts and not stext.endswith("\n")
        assert sid.startswith(f"{aid}@{start}-{end}/")
        if cs is not None:
            assert atext[cs:ce] == cue and start <= cs < ce <= end


def test_case_ingest_is_stable_and_idempotent(tmp_path):
    case_corpus(tmp_path / "in", 3, seed=9)
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    ingest([tmp_path / "in"], first, scenario="ukraine_2024")
    ingest([tmp_path / "in"], second, scenario="ukraine_2024")
    assert stored_statements(first) == stored_statements(second)  # same input, same ids and spans
    again = ingest([tmp_path / "in"], first, scenario="ukraine_2024")
    assert again.counts["unchanged"] == 3 and again.statements == 0 and again.outcomes == []
    assert ingest_mod._W["extractor"] is None  # nothing to extract: spaCy was never loaded
    assert stored_statements(first) == stored_statements(second)
    with Store(first) as s:
        assert s.integrity_problems() == []


def test_articles_read_without_a_case_are_extracted_when_a_case_is_given(tmp_path):
    case_corpus(tmp_path / "in", 2, seed=3)
    db = tmp_path / "s.db"
    assert ingest([tmp_path / "in"], db).counts["read"] == 2
    assert stored_statements(db) == []
    r = ingest([tmp_path / "in"], db, scenario="ukraine_2024")
    assert r.counts["extracted"] == 2 and r.statements == len(stored_statements(db)) > 0
    fresh = tmp_path / "fresh.db"
    ingest([tmp_path / "in"], fresh, scenario="ukraine_2024")
    assert stored_statements(db) == stored_statements(fresh)


def test_extraction_failure_fails_that_article_only(tmp_path):
    case_corpus(tmp_path / "in", 2, seed=4)
    # longer than spaCy's max_length (1,000,000 characters): over the extraction budget
    # (issue 10: skipped with its reason), while reading and cleaning accept it (< 10 MiB)
    (tmp_path / "in" / "long.txt").write_text("Peskov said talks would go on. " + ("x" * 99 + " ") * 10_100)
    db = tmp_path / "s.db"
    r = ingest([tmp_path / "in"], db, scenario="ukraine_2024")
    assert r.counts["read"] == 2 and r.counts["skipped"] == 1
    (bad,) = r.outcomes
    assert Path(bad.input).name == "long.txt" and bad.status == "skipped"
    assert bad.reason.startswith("over budget: 1,010,")
    assert article_ids(db) == ["case_00.txt", "case_01.txt"] and len(stored_statements(db)) > 0
    with Store(db) as s:
        assert s.integrity_problems() == []
        assert json.loads(s.runs()[-1]["counts"])["skipped"] == 1


@pytest.mark.slow
def test_two_jobs_store_what_one_job_stores(tmp_path):
    """Each worker loads spaCy once (spawned processes); results still come back in input order."""
    case_corpus(tmp_path / "in", 6, seed=8)
    (tmp_path / "in" / "copy.txt").write_bytes((tmp_path / "in" / "case_02.txt").read_bytes())
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    r1 = ingest([tmp_path / "in"], one, scenario="ukraine_2024", jobs=1)
    r2 = ingest([tmp_path / "in"], two, scenario="ukraine_2024", jobs=2)
    assert r1.counts == r2.counts and r2.counts["read"] == 6 and r2.counts["duplicate"] == 1
    assert [(o.input, o.status, o.reason) for o in r1.outcomes] == [(o.input, o.status, o.reason) for o in r2.outcomes]
    assert stored_statements(one) == stored_statements(two) and r2.statements > 0

"""The store under pressure: two writers at once, a full disk, a schema that cannot be made."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from accord.errors import InputError
from accord.news.read import content_sha256
from accord.news.types import Article
from accord.store import AlreadyStored, Store


def article(aid: str, text: str) -> Article:
    return Article(id=aid, file=f"/x/{aid}", text=text, title=aid, published="2024-11-12",
                   date_basis="published", sha256=content_sha256(text))


def test_a_text_stored_meanwhile_by_another_writer_is_not_an_integrity_error(tmp_path):
    """The race of issue 10: both writers looked the text up, found nothing, and store it."""
    db = tmp_path / "s.db"
    with Store(db) as one, Store(db) as two:
        text = "Russia said no. Kyiv said yes."
        assert one.find_sha(content_sha256(text)) is None and two.find_sha(content_sha256(text)) is None
        one.put_article(article("a.txt", text), [(0, 15), (16, 30)], [], input="/in/a.txt")
        with pytest.raises(AlreadyStored) as info:
            two.put_article(article("b.txt", text), [(0, 15), (16, 30)], [], input="/in/b.txt")
        assert info.value.article_id == "a.txt" and info.value.input == "/in/a.txt"
        # the same id taken meanwhile by another text: the second gets the ~sha8 suffix
        other = article("a.txt", "A different text entirely.")
        two.put_article(other, [(0, 26)], [], input="/in/other/a.txt")
        assert other.id == f"a.txt~{other.sha256[:8]}"
        assert two.counts()["articles"] == 2 and two.integrity_problems() == []


def test_a_new_store_opens_while_another_writer_holds_its_lock(tmp_path):
    """Switching a new file to WAL fails at once, without SQLite's busy handler, while
    another connection holds a write lock on it: the race two ingests on a new store ran
    into (CI, stop 33). The open must wait for the lock like every other statement."""
    db = tmp_path / "s.db"
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    releaser = threading.Thread(target=lambda: (time.sleep(0.3), other.execute("COMMIT")))
    releaser.start()
    try:
        with Store(db) as s:
            assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert s.counts()["articles"] == 0
    finally:
        releaser.join()
        other.close()


@pytest.mark.slow
def test_two_ingests_into_one_store_at_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"a{i:02d}.txt").write_text(
            f"# Article {i}\n\nOfficial number {i} said talks on item {i * 7919} would go on. " * 3, encoding="utf-8")
    db = tmp_path / "s.db"
    cmd = [sys.executable, "-m", "accord.cli", "ingest", str(folder), "--db", str(db)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outs):
        assert p.returncode == 0, err
        assert "Traceback" not in err and "IntegrityError" not in err
    with Store(db, readonly=True) as s:
        assert s.counts()["articles"] == 40
        assert s.integrity_problems() == []


def test_a_full_disk_says_so_and_keeps_what_was_committed(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as s:
        for i in range(5):
            s.put_article(article(f"a{i}.txt", f"Article number {i} says little."), [(0, 30)], [], input=f"/in/{i}")
        pages = s.db.execute("PRAGMA page_count").fetchone()[0]
        s.db.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
        big = "Russia said no. " * 20_000
        with pytest.raises(InputError) as info:
            s.put_article(article("big.txt", big), [(0, len(big))], [], input="/in/big")
        msg = str(info.value)
        assert "disk is full" in msg and "committed before is kept" in msg and "\n" not in msg
        assert not s.db.in_transaction
    with Store(db, readonly=True) as s:
        assert s.counts()["articles"] == 5 and s.integrity_problems() == []
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_schema_failure_is_not_called_not_a_database(tmp_path):
    db = tmp_path / "s.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.execute("PRAGMA max_page_count = 2")
    try:
        con.execute("CREATE TABLE u (y)")
        con.execute("CREATE TABLE v (y)")
        con.execute("INSERT INTO t VALUES (zeroblob(100000))")
        pytest.fail("expected a full database")
    except sqlite3.OperationalError as exc:
        full = exc
    con.close()
    store = Store.__new__(Store)
    store.path = db
    assert "disk is full" in str(store._open_error(full)) and "not an accord database" not in str(store._open_error(full))
    (tmp_path / "junk.db").write_bytes(b"this is not sqlite at all, just some bytes" * 100)
    with pytest.raises(InputError, match="not an accord database"):
        Store(tmp_path / "junk.db")

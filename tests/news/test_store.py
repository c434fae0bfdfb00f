"""The SQLite store: schema versioning, per-article transactions, statements round trip."""

from __future__ import annotations

import sqlite3

import pytest

from accord.errors import InputError
from accord.news.read import content_sha256
from accord.news.types import Article, Quantity, Statement
from accord.store import SCHEMA_VERSION, Store, statement_ids


def article(aid: str, text: str) -> Article:
    return Article(id=aid, file=f"/x/{aid}", text=text, title=aid, published="2024-11-12",
                   date_basis="published", sha256=content_sha256(text))


def stmt(aid: str, start: int, end: int, text: str, **kw) -> Statement:
    base = dict(article=aid, start=start, end=end, text=text, actor="russia", speaker="Peskov", act="deny")
    base.update(kw)
    return Statement(**base)


def test_new_store_is_versioned_wal_and_reopens(tmp_path):
    db = tmp_path / "a.db"
    with Store(db) as s:
        assert s.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with Store(db) as s:  # migrations are not run twice
        assert s.counts()["articles"] == 0


def test_a_new_store_makes_its_folder_but_not_through_a_file(tmp_path):
    with Store(tmp_path / "runs" / "today" / "a.db") as s:
        assert s.counts()["articles"] == 0
    (tmp_path / "plain").write_text("x")
    with pytest.raises(InputError, match="cannot create its folder"):
        Store(tmp_path / "plain" / "a.db")


def test_newer_schema_and_non_database_are_refused(tmp_path):
    db = tmp_path / "a.db"
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    with pytest.raises(InputError, match="newer"):
        Store(db)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(InputError, match="not an accord database"):
        Store(junk)


def test_article_with_statements_round_trips_in_order(tmp_path):
    text = "Peskov denied the report. Zelenskyy demanded guarantees."
    a = article("a.txt", text)
    sts = [
        stmt("a.txt", 26, 56, text[26:56], actor="ukraine", speaker="Zelenskyy", act="demand",
             issue="security_guarantees", direction="down", position=10.0,
             quantities=[Quantity(20.0, "percent", "territory held", "20 percent", 30, 40, True)]),
        stmt("a.txt", 0, 25, text[:25], refers_to="0"),
        stmt("a.txt", 0, 25, text[:25]),
    ]
    with Store(tmp_path / "s.db") as s:
        ids = s.put_article(a, [(0, 25), (26, 56)], sts, input="/x/a.txt")
        assert ids == statement_ids("a.txt", sts)
        assert ids[1] == "a.txt@0-25/russia/-" and ids[2] == "a.txt@0-25/russia/-/2"
        back = list(s.statements())
        assert [b.id for b in back] == [ids[1], ids[2], ids[0]]  # by span, then extractor order
        assert back[2].quantities[0].approximate is True and back[2].position == 10.0
        assert back[0].refers_to == ids[0]  # an index is turned into the stored id
        assert s.db.execute("SELECT statement, other, kind FROM disputes").fetchall() == [(ids[1], ids[0], "denies")]
        assert s.integrity_problems() == []


def test_failed_article_leaves_nothing_behind(tmp_path):
    with Store(tmp_path / "s.db") as s:
        s.put_article(article("ok.txt", "One. Two."), [(0, 4), (5, 9)], [], input="ok")
        bad = [stmt("b.txt", 0, 4, None)]  # text NOT NULL: the insert of the statement fails
        with pytest.raises(sqlite3.IntegrityError):
            s.put_article(article("b.txt", "Three. Four."), [(0, 6), (7, 12)], bad, input="b")
        assert s.find_id("b.txt") is None
        assert s.counts()["sentences"] == 2 and s.integrity_problems() == []
        # the same content twice is refused by the unique hash, the first copy stays whole
        with pytest.raises(sqlite3.IntegrityError):
            s.put_article(article("c.txt", "One. Two."), [(0, 4)], [], input="c")
        assert s.counts()["articles"] == 1


def test_replace_swaps_the_whole_article(tmp_path):
    with Store(tmp_path / "s.db") as s:
        s.put_article(article("a.txt", "Old text."), [(0, 9)], [stmt("a.txt", 0, 9, "Old text.")], input="a")
        s.put_article(article("a.txt", "New text. Longer."), [(0, 9), (10, 17)], [], input="a", replace=True)
        assert s.counts()["statements"] == 0 and s.counts()["sentences"] == 2
        assert s.article_text("a.txt") == "New text. Longer."


def test_spans_are_stored_without_the_white_space_around_them(tmp_path):
    text = "Title\n\nPeskov denied the report.\n\nZelenskyy demanded guarantees."
    a = article("a.txt", text)
    first = text.index("Peskov")
    end = text.index("Zelenskyy")  # the parser's sentence runs on over the paragraph break
    sts = [stmt("a.txt", first, end, text[first:end]), stmt("a.txt", end, len(text), text[end:])]
    with Store(tmp_path / "s.db") as s:
        ids = s.put_article(a, [(0, first), (first, end), (end, len(text))], sts, input="a")
        spans = s.db.execute('SELECT start, "end" FROM sentences ORDER BY idx').fetchall()
        assert [text[x:y] for x, y in spans] == ["Title", "Peskov denied the report.", "Zelenskyy demanded guarantees."]
        back = list(s.statements())
        assert [text[b.start:b.end] for b in back] == [b.text for b in back]
        assert back[0].text == "Peskov denied the report." and ids[0] == f"a.txt@{first}-{end - 2}/russia/-"
        assert back[1].id == ids[1] and back[1].end == len(text)  # nothing to trim: unchanged


def test_readonly_store_never_writes_what_it_opens(tmp_path):
    import sqlite3

    from accord.errors import InputError
    from accord.store import Store

    empty = tmp_path / "empty.yaml"
    empty.write_bytes(b"")
    other = tmp_path / "other.db"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE foo (x)")
    con.commit()
    con.close()
    before = other.read_bytes()
    for path in (empty, other):
        with pytest.raises(InputError, match="not an accord database"):
            Store(path, readonly=True)
    assert empty.read_bytes() == b"" and other.read_bytes() == before
    with pytest.raises(InputError, match="no such database"):
        Store(tmp_path / "none.db", readonly=True)
    assert not (tmp_path / "none.db").exists()
    with Store(tmp_path / "real.db") as s:
        pass
    with Store(tmp_path / "real.db", readonly=True) as s:
        assert list(s.statements()) == []

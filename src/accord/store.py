"""The SQLite store: articles, their sentences, statements, quantities, disputes, runs.

Quantities are kept twice: per statement (``quantities``, as the statement read them) and
per article (``article_quantities``: every sentence's, statement or not), the latter for
finding quantities that differ across articles.

* One transaction per article: the article, its sentences, statements and quantities are
  committed together or not at all, so a run killed at any point leaves whole articles only
  and the next run carries on from there (:meth:`Store.put_article`).
* Idempotent: an article is keyed by the sha256 of its normalised text; the same content
  again adds nothing.
* WAL journal, foreign keys on; the schema version is ``PRAGMA user_version`` and
  :data:`MIGRATIONS` bring an older file up to date, each step in its own transaction.
"""

from __future__ import annotations

import json
import sqlite3
import time
from bisect import bisect_right
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

from .errors import InputError
from .news.types import Article, Quantity, Statement

#: the (start, end, value, unit, measures, text, approximate) columns of ``article_quantities``
_AQ_COLS = ("start", "end", "value", "unit", "measures", "text", "approximate", "sentence_start", "sentence_end")

__all__ = ["AlreadyStored", "MIGRATIONS", "SCHEMA_VERSION", "Store", "statement_ids", "trim_span"]

#: how long a writer waits for another process's transaction before giving up (seconds);
#: two ingests into one file take turns article by article
BUSY_TIMEOUT = 60.0


class AlreadyStored(sqlite3.IntegrityError):
    """The article's text was stored (by this or another process) since it was looked up.

    Raised by :meth:`Store.put_article` instead of a bare ``UNIQUE constraint failed``:
    two ingests into one store may both find a text new and race to store it; the second
    learns here which article holds it (``article_id``, ``input``) and nothing is written.
    """

    def __init__(self, article_id: str, input: str):
        super().__init__(f"the same text is stored as {article_id}")
        self.article_id = article_id
        self.input = input


def _journal_wal(db: sqlite3.Connection) -> str:
    """Switch ``db`` to write-ahead logging and return the journal mode it got.

    Changing the journal mode of a new file takes an exclusive lock, and SQLite answers
    "database is locked" at once, without its busy handler, when another process holds
    it meanwhile (two ingests started together on a new store). The switch is tried
    again, with growing pauses, for up to ``BUSY_TIMEOUT`` seconds."""
    deadline = time.monotonic() + BUSY_TIMEOUT
    pause = 0.005
    while True:
        try:
            return str(db.execute("PRAGMA journal_mode=WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _is_full(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("full" in msg or "disk i/o" in msg)


def _write_error(exc: sqlite3.Error, path: Path) -> InputError:
    """A write that SQLite refused, in one line: a full disk says so, and that what was
    committed before is kept."""
    if _is_full(exc):
        return InputError(f"the disk is full ({exc}): every article committed before is kept; free space "
                          "and run again to carry on", source=str(path), field="--db")
    return InputError(f"cannot write the store ({exc})", source=str(path), field="--db")


def _rollback(db: sqlite3.Connection) -> None:
    """Roll back if a transaction is still open (SQLite ends it itself on a full disk)."""
    if db.in_transaction:
        try:
            db.execute("ROLLBACK")
        except sqlite3.Error:
            pass

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        input TEXT NOT NULL,
        file TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        published TEXT,
        date_basis TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        sha256 TEXT NOT NULL UNIQUE,
        encoding TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        n_sentences INTEGER NOT NULL,
        n_statements INTEGER NOT NULL,
        extracted_with TEXT,
        run INTEGER REFERENCES runs(id)
    );
    CREATE TABLE sentences (
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        PRIMARY KEY (article, idx)
    ) WITHOUT ROWID;
    CREATE TABLE statements (
        id TEXT PRIMARY KEY,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        actor TEXT,
        speaker TEXT NOT NULL,
        act TEXT NOT NULL,
        issue TEXT,
        direction TEXT,
        position REAL,
        hedged INTEGER NOT NULL,
        reported_by TEXT,
        event_date TEXT,
        cue TEXT NOT NULL DEFAULT '',
        cue_start INTEGER,
        cue_end INTEGER,
        refers_to TEXT
    );
    CREATE INDEX statements_article ON statements(article, seq);
    CREATE TABLE quantities (
        statement TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        measures TEXT NOT NULL,
        text TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        approximate INTEGER NOT NULL,
        PRIMARY KEY (statement, idx)
    ) WITHOUT ROWID;
    CREATE TABLE disputes (
        statement TEXT NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
        other TEXT NOT NULL,
        kind TEXT NOT NULL,
        PRIMARY KEY (statement, other, kind)
    ) WITHOUT ROWID;
    CREATE TABLE bands (
        key INTEGER NOT NULL,
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE
    );
    CREATE INDEX bands_key ON bands(key);
    CREATE INDEX bands_article ON bands(article);
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        args TEXT NOT NULL,
        counts TEXT,
        version TEXT NOT NULL,
        seed INTEGER
    );
    """,
    # 2: every quantity of an article, whether or not a statement holds its sentence, so
    # quantities that differ across articles can be found (news.disputes.conflicting_quantities)
    """
    CREATE TABLE article_quantities (
        article TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        value REAL NOT NULL,
        unit TEXT NOT NULL,
        measures TEXT NOT NULL,
        text TEXT NOT NULL,
        approximate INTEGER NOT NULL,
        sentence_start INTEGER,
        sentence_end INTEGER,
        PRIMARY KEY (article, start, "end", unit)
    ) WITHOUT ROWID;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)

_STATEMENT_COLS = (
    "id", "article", "seq", "start", "end", "text", "actor", "speaker", "act", "issue", "direction",
    "position", "hedged", "reported_by", "event_date", "cue", "cue_start", "cue_end", "refers_to",
)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def statement_ids(article_id: str, statements: list[Statement]) -> list[str]:
    """Stable ids: ``article@start-end/actor/issue``, with ``/2``, ``/3`` for repeats."""
    seen: dict[str, int] = {}
    ids = []
    for s in statements:
        base = f"{article_id}@{s.start}-{s.end}/{s.actor or '-'}/{s.issue or '-'}"
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}/{seen[base]}")
    return ids


def trim_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``(start, end)`` moved inwards past white space at either end of ``text[start:end]``.

    The extractor's sentences may end in the paragraph break that follows them (spaCy
    attaches a ``"\n\n"`` token to the sentence before it); the store keeps spans
    without it, so a statement's text is its sentence as read and its id does not depend
    on how the parser places white space. A span of white space only is left as it is.
    """
    seg = text[start:end]
    stripped = seg.strip()
    if not stripped:
        return start, end
    lead = len(seg) - len(seg.lstrip())
    return start + lead, start + lead + len(stripped)


def _trim_statement(text: str, s: Statement) -> Statement:
    """``s`` with its span (and text) trimmed as :func:`trim_span`, when the span is its text."""
    if s.text is None or text[s.start:s.end] != s.text:
        return s
    start, end = trim_span(text, s.start, s.end)
    if (start, end) == (s.start, s.end):
        return s
    return replace(s, start=start, end=end, text=text[start:end])


def _article_quantity_rows(article: Article, sentences: list[tuple[int, int]],
                           quantities: list[Quantity] | None) -> list[tuple]:
    """Rows of ``article_quantities`` (without the article id): each quantity with the
    (trimmed) sentence it lies in, one row per span and unit."""
    if quantities is None:
        from .news.temporal import quantities as find

        quantities = [q for a, b in sentences for q in find(article.text[a:b], a)]
    starts = [a for a, _ in sentences]
    rows, seen = [], set()
    for q in quantities:
        if (q.start, q.end, q.unit) in seen:
            continue
        seen.add((q.start, q.end, q.unit))
        k = bisect_right(starts, q.start) - 1
        s0, s1 = sentences[k] if k >= 0 and sentences[k][1] >= q.end else (None, None)
        rows.append((q.start, q.end, q.value, q.unit, q.measures, q.text, int(bool(q.approximate)), s0, s1))
    return rows


def _backfill_article_quantities(db: sqlite3.Connection) -> None:
    """Migration 2's data step: the quantities of the articles already stored, read from
    their stored sentences (as :meth:`Store.put_article` does without an extraction)."""
    cols = ",".join(f'"{c}"' for c in _AQ_COLS)
    sql = f"INSERT OR IGNORE INTO article_quantities (article,{cols}) VALUES (?{',?' * len(_AQ_COLS)})"
    for aid, title, text in db.execute("SELECT id, title, text FROM articles ORDER BY id").fetchall():
        sents = [(a, b) for a, b in db.execute(
            'SELECT start, "end" FROM sentences WHERE article = ? ORDER BY idx', (aid,))]
        art = Article(id=aid, file="", text=text, title=title)
        db.executemany(sql, [(aid, *r) for r in _article_quantity_rows(art, sents, None)])


#: Python steps run after a migration's SQL, in its transaction (by the version it makes)
_BACKFILL = {2: _backfill_article_quantities}


class Store:
    """An open store file; use as a context manager or call :meth:`close`."""

    def __init__(self, path: str | Path, readonly: bool = False):
        """Open (and migrate) the store at ``path``; ``readonly`` opens an existing accord
        store for reading only: it never creates, migrates or writes the file."""
        self.path = Path(path)
        if self.path.is_dir():
            raise InputError("is a folder, expected a database file", source=str(path), field="--db")
        if readonly:
            self._open_readonly()
            return
        if not self.path.exists():
            try:  # a new store may go in a new folder ("--db runs/today/accord.db")
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create its folder ({exc.strerror})", source=str(path), field="--db") from None
        try:
            self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=BUSY_TIMEOUT)
            self.db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
            mode = _journal_wal(self.db)
            if str(mode).lower() != "wal":  # e.g. a file system without shared memory
                self.db.execute("PRAGMA journal_mode=DELETE")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise self._open_error(exc) from None

    def _open_error(self, exc: sqlite3.DatabaseError) -> InputError:
        """Why the store cannot be opened: a file that is not SQLite is "not an accord
        database"; a full disk, a read-only file or folder is said as such."""
        src = str(self.path)
        msg = str(exc).lower()
        if "not a database" in msg or "malformed" in msg or "encrypted" in msg:
            return InputError(f"not an accord database ({exc})", source=src, field="--db")
        if _is_full(exc):
            return InputError(f"the disk is full ({exc}): the store could not be created or upgraded",
                              source=src, field="--db")
        return InputError(f"cannot open or create the store ({exc})", source=src, field="--db")

    def _open_readonly(self) -> None:
        src = str(self.path)
        if not self.path.exists():
            raise InputError("no such database (run `accord ingest` first)", source=src, field="--db")
        try:
            self.db = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not an accord database ({exc})", source=src, field="--db") from None
        if version == 0:
            raise InputError("not an accord database (no accord schema in it)", source=src, field="--db")
        if version != SCHEMA_VERSION:
            raise InputError(f"schema version {version}, this accord reads {SCHEMA_VERSION}: run `accord ingest` "
                             "on it once to upgrade", source=src, field="--db")

    # -- lifecycle --------------------------------------------------------------------
    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise InputError(
                f"schema version {version} is newer than this accord's ({SCHEMA_VERSION})", source=str(self.path)
            )
        for v in range(version, SCHEMA_VERSION):
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("PRAGMA user_version").fetchone()[0] == v:  # another process may have run it
                    for stmt in MIGRATIONS[v].split(";"):
                        if stmt.strip():
                            self.db.execute(stmt)
                    if v + 1 in _BACKFILL:
                        _BACKFILL[v + 1](self.db)
                    self.db.execute(f"PRAGMA user_version = {v + 1}")
                self.db.execute("COMMIT")
            except BaseException:
                _rollback(self.db)
                raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- runs -------------------------------------------------------------------------
    def start_run(self, args: dict[str, Any], version: str, seed: int | None = None) -> int:
        try:
            cur = self.db.execute(
                "INSERT INTO runs (started, args, version, seed) VALUES (?, ?, ?, ?)",
                (_now(), json.dumps(args, sort_keys=True, ensure_ascii=False), version, seed),
            )
        except sqlite3.OperationalError as exc:
            raise _write_error(exc, self.path) from None
        assert cur.lastrowid is not None  # set by every successful INSERT
        return cur.lastrowid

    def finish_run(self, run: int, counts: dict[str, int]) -> None:
        try:
            self.db.execute("UPDATE runs SET finished = ?, counts = ? WHERE id = ?",
                            (_now(), json.dumps(counts, sort_keys=True), run))
        except sqlite3.OperationalError as exc:
            raise _write_error(exc, self.path) from None

    def runs(self) -> list[dict[str, Any]]:
        cur = self.db.execute("SELECT id, started, finished, args, counts, version, seed FROM runs ORDER BY id")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, r)) for r in cur]

    # -- articles ---------------------------------------------------------------------
    def find_sha(self, sha256: str) -> tuple[str, str, str | None] | None:
        """``(id, input, extracted_with)`` of the article with this content, if stored."""
        row = self.db.execute("SELECT id, input, extracted_with FROM articles WHERE sha256 = ?", (sha256,)).fetchone()
        return tuple(row) if row else None

    def find_id(self, article_id: str) -> tuple[str, str] | None:
        """``(input, sha256)`` of the article stored under this id, if any."""
        row = self.db.execute("SELECT input, sha256 FROM articles WHERE id = ?", (article_id,)).fetchone()
        return tuple(row) if row else None

    def extracted_with(self, key: str) -> set[str]:
        """The sha256 of every stored article extracted with ``key`` (nothing else: the set is
        sent to each worker, so it holds only what decides whether to extract again)."""
        return {r[0] for r in self.db.execute("SELECT sha256 FROM articles WHERE extracted_with = ?", (key,))}

    def band_candidates(self, keys: list[int], exclude: str | None = None) -> list[str]:
        """Ids of stored articles sharing a MinHash band with ``keys``, in id order."""
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT DISTINCT article FROM bands WHERE key IN ({marks}) ORDER BY article", keys
        ).fetchall()
        return [r[0] for r in rows if r[0] != exclude]

    def article_text(self, article_id: str) -> str:
        return self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()[0]

    def put_article(self, article: Article, sentences: list[tuple[int, int]], statements: list[Statement] | None,
                    *, input: str, encoding: str = "", bands: Sequence[int] = (), extracted_with: str | None = None,
                    run: int | None = None, replace: bool = False,
                    quantities: list[Quantity] | None = None) -> list[str]:
        """Store an article with its sentences, statements and quantities in one transaction.

        ``replace`` first deletes what is stored under the same id (a changed file, or a new
        extraction of the same text). Sentence and statement spans are stored trimmed of
        white space at their ends (:func:`trim_span`). ``quantities`` are the article's (the
        extraction's); without them they are read from the sentences
        (:func:`accord.news.temporal.quantities`), so an article stored without extraction
        has them too. A denial's ``refers_to`` naming the extractor's id of a statement
        (:func:`accord.news.disputes.statement_id`) is stored as that statement's store id.
        Returns the statement ids.

        Safe against another process writing the same file: the checks that decide the
        article's id are made again inside the write transaction (``BEGIN IMMEDIATE``
        serialises writers). Its text stored meanwhile under another id raises
        :class:`AlreadyStored` (nothing written); its id taken meanwhile by another text
        gets the suffix ``~sha8`` (set on ``article``) as :mod:`accord.news.ingest` gives it. A full disk raises
        :class:`InputError` saying so; every article committed before stays whole.
        """
        sentences = [trim_span(article.text, a, b) for a, b in sentences]
        statements = [_trim_statement(article.text, st) for st in statements or []]
        aqrows = _article_quantity_rows(article, sentences, quantities)
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise _write_error(exc, self.path) from None
        try:
            row = db.execute("SELECT id, input FROM articles WHERE sha256 = ?", (article.sha256,)).fetchone()
            if row is not None and not (replace and row[0] == article.id):
                raise AlreadyStored(row[0], row[1])
            if not replace and db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone():
                article.id = f"{article.id}~{article.sha256[:8]}"  # the caller sees the id used
            ids = statement_ids(article.id, statements)
            by_extractor_id = {s.id: sid for sid, s in zip(ids, statements) if s.id}
            if replace:
                db.execute("DELETE FROM articles WHERE id = ?", (article.id,))
            db.execute(
                "INSERT INTO articles (id, input, file, title, published, date_basis, source, url, sha256, encoding,"
                " text, n_sentences, n_statements, extracted_with, run) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article.id, input, article.file, article.title, article.published, article.date_basis,
                 article.source, article.url, article.sha256, encoding, article.text, len(sentences),
                 len(statements), extracted_with, run),
            )
            db.executemany('INSERT INTO sentences (article, idx, start, "end") VALUES (?,?,?,?)',
                           [(article.id, i, s, e) for i, (s, e) in enumerate(sentences)])
            db.executemany("INSERT INTO bands (key, article) VALUES (?, ?)", [(k, article.id) for k in bands])
            by_index = dict(enumerate(ids))
            rows, qrows, drows = [], [], []
            for seq, (sid, s) in enumerate(zip(ids, statements)):
                ref = s.refers_to
                if ref is not None and ref not in ids and str(ref).isdigit():
                    ref = by_index.get(int(ref), ref)  # the extractor may name a statement by its index
                elif ref is not None and ref not in ids:
                    ref = by_extractor_id.get(ref, ref)  # or by its own id (disputes.statement_id)
                rows.append((sid, article.id, seq, s.start, s.end, s.text, s.actor, s.speaker, s.act, s.issue,
                             s.direction, s.position, int(bool(s.hedged)), s.reported_by, s.event_date, s.cue,
                             s.cue_start, s.cue_end, ref))
                qrows += [(sid, i, q.value, q.unit, q.measures, q.text, q.start, q.end, int(q.approximate))
                          for i, q in enumerate(s.quantities)]
                if ref is not None:
                    drows.append((sid, ref, "denies" if s.act == "deny" else "refers_to"))
            cols = ",".join(f'"{c}"' for c in _STATEMENT_COLS)
            db.executemany(f"INSERT INTO statements ({cols}) VALUES ({','.join('?' * len(_STATEMENT_COLS))})", rows)
            db.executemany('INSERT INTO quantities (statement, idx, value, unit, measures, text, start, "end",'
                           " approximate) VALUES (?,?,?,?,?,?,?,?,?)", qrows)
            db.executemany("INSERT OR IGNORE INTO disputes (statement, other, kind) VALUES (?,?,?)", drows)
            cols = ",".join(f'"{c}"' for c in _AQ_COLS)
            db.executemany(f"INSERT OR IGNORE INTO article_quantities (article,{cols}) VALUES (?{',?' * len(_AQ_COLS)})",
                           [(article.id, *r) for r in aqrows])
            db.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            _rollback(db)
            raise _write_error(exc, self.path) from None
        except BaseException:
            _rollback(db)
            raise
        return ids

    # -- reading back -----------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return {t: self.db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("articles", "sentences", "statements", "quantities", "article_quantities", "disputes", "runs")}

    def integrity_problems(self) -> list[str]:
        """Articles whose stored sentences or statements do not match their counts."""
        rows = self.db.execute(
            """SELECT a.id, a.n_sentences, (SELECT COUNT(*) FROM sentences s WHERE s.article = a.id),
                      a.n_statements, (SELECT COUNT(*) FROM statements t WHERE t.article = a.id)
               FROM articles a ORDER BY a.id"""
        )
        out = [f"{r[0]}: {r[2]} of {r[1]} sentences, {r[4]} of {r[3]} statements"
               for r in rows if r[1] != r[2] or r[3] != r[4]]
        orphans = self.db.execute(
            "SELECT COUNT(*) FROM sentences WHERE article NOT IN (SELECT id FROM articles)").fetchone()[0]
        if orphans:
            out.append(f"{orphans} sentences without an article")
        return out

    def article_quantities(self) -> list[tuple[str, Quantity, tuple[int | None, int | None]]]:
        """Every article's quantities as ``(article id, quantity, (sentence start, end))``,
        ordered by article id and offset."""
        cols = ",".join(f'"{c}"' for c in _AQ_COLS)
        out = []
        for r in self.db.execute(f'SELECT article,{cols} FROM article_quantities ORDER BY article, start, "end", unit'):
            art, start, end, value, unit, measures, text, approx, s0, s1 = r
            out.append((art, Quantity(value, unit, measures, text, start, end, bool(approx)), (s0, s1)))
        return out

    def statements_by_id(self, ids: list[str]) -> dict[str, Statement]:
        """The statements with these ids (those stored), by id."""
        wanted = set(ids)
        return {s.id: s for s in self.statements() if s.id in wanted}

    def disputes(self) -> list[tuple[str, str, str]]:
        """``(statement, other, kind)`` rows of the disputes table, in order."""
        return [tuple(r) for r in self.db.execute(
            "SELECT statement, other, kind FROM disputes ORDER BY statement, other, kind")]

    def statements(self) -> Iterator[Statement]:
        """Every statement, ordered by article id, span, then the extractor's order."""
        qs: dict[str, list[Quantity]] = {}
        for r in self.db.execute('SELECT statement, value, unit, measures, text, start, "end", approximate'
                                 " FROM quantities ORDER BY statement, idx"):
            qs.setdefault(r[0], []).append(Quantity(r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7])))
        cols = ",".join(f'"{c}"' for c in _STATEMENT_COLS if c != "seq")
        for r in self.db.execute(f"SELECT {cols} FROM statements ORDER BY article, start, \"end\", seq"):
            d = dict(zip([c for c in _STATEMENT_COLS if c != "seq"], r))
            d["hedged"] = bool(d["hedged"])
            yield Statement(**d, quantities=qs.get(d["id"], []))

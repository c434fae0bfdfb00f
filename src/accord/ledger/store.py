"""The append-only ledger: a SQLite file and its JSON-lines export, entries chained by hash.

Entry ``n`` is ``{seq: n, prev: hash of entry n-1 (64 zeros for the first), kind, body}``
and its ``hash`` is the sha256 of that object's canonical JSON (:mod:`.canonical`). So
editing, dropping or reordering an entry breaks the chain at that entry, *unless* every
later hash is recomputed too. Only a head hash published outside the ledger (a post, a
commit, an email) can show such a rewrite: ``accord ledger head`` prints it and
``accord ledger verify --head HASH`` checks the ledger against it.

SQLite triggers refuse UPDATE and DELETE on ``entries``: a guard against accidents, not
against someone who edits the file; the chain and a published head are the evidence.
Every append is one transaction; ``ledger.jsonl`` (beside ``ledger.db``, same stem) is
then rewritten whole from the database, atomically.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import InputError
from ..scenario.io import write_atomic
from .canonical import GENESIS, canonical, digest

APPLICATION_ID = 0x61636C67  # "aclg": marks a file as an accord ledger
KINDS = ("seal", "hindcast", "grade", "void")

SCHEMA = """
CREATE TABLE entries (
    seq INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    prev TEXT NOT NULL,
    kind TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TRIGGER entries_no_update BEFORE UPDATE ON entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER entries_no_delete BEFORE DELETE ON entries
BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
"""


@dataclass(frozen=True)
class Entry:
    seq: int
    prev: str
    kind: str
    body: dict[str, Any]
    hash: str

    def unsigned(self) -> dict[str, Any]:
        return {"seq": self.seq, "prev": self.prev, "kind": self.kind, "body": self.body}

    def computed_hash(self) -> str:
        return digest(self.unsigned())

    def line(self) -> str:
        """The entry's line in ``ledger.jsonl``: its canonical JSON with the hash."""
        return canonical({**self.unsigned(), "hash": self.hash})


def make_entry(seq: int, prev: str, kind: str, body: dict[str, Any]) -> Entry:
    body = json.loads(canonical(body))  # the body exactly as it will read back
    e = Entry(seq, prev, kind, body, "")
    return Entry(seq, prev, kind, body, e.computed_hash())


def jsonl_path(path: Path) -> Path:
    return path.with_suffix(".jsonl")


class Ledger:
    """A ledger file. ``Ledger(path)`` opens an existing one; :meth:`append` creates it."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    # -- reading -----------------------------------------------------------------------

    def exists(self) -> bool:
        return self.path.exists()

    def _connect(self, create: bool = False) -> sqlite3.Connection:
        src = str(self.path)
        if self.path.is_dir():
            raise InputError("is a folder, expected a ledger file", source=src, field="--ledger")
        if not self.path.exists():
            if not create:
                raise InputError("no such ledger (seal a forecast first)", source=src, field="--ledger")
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise InputError(f"cannot create the folder ({exc.strerror})", source=src, field="--ledger") from None
            db = sqlite3.connect(src, isolation_level=None)
            db.executescript(f"BEGIN; {SCHEMA} PRAGMA application_id = {APPLICATION_ID}; COMMIT;")
            return db
        try:
            db = sqlite3.connect(f"file:{self.path.resolve()}?mode={'rw' if create else 'ro'}", uri=True,
                                 isolation_level=None)
            app = db.execute("PRAGMA application_id").fetchone()[0]
        except sqlite3.DatabaseError:
            raise InputError("is not an accord ledger (not a SQLite file)", source=src, field="--ledger") from None
        if app != APPLICATION_ID:
            db.close()
            raise InputError("is not an accord ledger", source=src, field="--ledger")
        return db

    def entries(self) -> list[Entry]:
        """Every entry in order, as stored (not checked: see :func:`check_chain`)."""
        db = self._connect()
        try:
            rows = db.execute("SELECT seq, prev, kind, body, hash FROM entries ORDER BY seq").fetchall()
        finally:
            db.close()
        out = []
        for seq, prev, kind, body, h in rows:
            try:
                parsed = json.loads(body)
            except ValueError:
                parsed = {"unreadable": body}
            out.append(Entry(seq, prev, kind, parsed, h))
        return out

    def head(self) -> str:
        entries = self.entries()
        return entries[-1].hash if entries else GENESIS

    # -- writing -----------------------------------------------------------------------

    def append(self, items: Iterable[tuple[str, dict[str, Any]]]) -> list[Entry]:
        """Append ``(kind, body)`` items in one transaction; then rewrite ``ledger.jsonl``.

        The caller validates first: nothing here is half-written (a failure rolls back).
        """
        items = list(items)
        for kind, _ in items:
            if kind not in KINDS:
                raise ValueError(f"unknown entry kind {kind!r}")
        db = self._connect(create=True)
        added: list[Entry] = []
        try:
            db.execute("BEGIN IMMEDIATE")
            last = db.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (last[0], last[1]) if last else (0, GENESIS)
            for kind, body in items:
                seq += 1
                e = make_entry(seq, prev, kind, body)
                db.execute("INSERT INTO entries (seq, hash, prev, kind, body) VALUES (?, ?, ?, ?, ?)",
                           (e.seq, e.hash, e.prev, e.kind, canonical(e.body)))
                added.append(e)
                prev = e.hash
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()
        self.export()
        return added

    def export(self) -> Path:
        """Rewrite ``ledger.jsonl`` from the database (one canonical line per entry)."""
        out = jsonl_path(self.path)
        write_atomic(out, "".join(e.line() + "\n" for e in self.entries()), field="--ledger")
        out.chmod(0o644)  # an export is for publishing: readable by all, like any file written here
        return out


def read_jsonl(path: Path) -> list[Entry | str]:
    """The entries of an exported ``ledger.jsonl``; a line that is not an entry is kept as
    its text so that :func:`check_chain` names it."""
    out: list[Entry | str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        try:
            d = json.loads(raw)
            out.append(Entry(int(d["seq"]), str(d["prev"]), str(d["kind"]), d["body"], str(d["hash"])))
        except (ValueError, KeyError, TypeError):
            out.append(raw)
    return out


def check_chain(entries: Sequence[Entry | str]) -> str | None:
    """``None`` if the chain holds, else a sentence naming the first broken entry.

    Position ``i`` (1-based) must hold entry ``seq == i`` whose ``prev`` is the hash of
    entry ``i-1`` and whose own hash is the sha256 of its canonical JSON.
    """
    prev = GENESIS
    for i, e in enumerate(entries, start=1):
        if isinstance(e, str):
            return f"entry {i} (line {i}) is not a ledger entry"
        if e.seq != i:
            return (f"entry {i} (line {i}) is missing: the line holds entry {e.seq} "
                    f"(entries dropped or reordered)")
        if e.hash != e.computed_hash():
            return f"entry {i} (line {i}) was changed: its content no longer hashes to {e.hash[:12]}"
        if e.prev != prev:
            return (f"entry {i} (line {i}) does not follow entry {i - 1}: its prev is {e.prev[:12]}, entry {i - 1} "
                    f"hashes to {prev[:12]} (entry {i - 1} rewritten with a new hash, or entries dropped before it)")
        prev = e.hash
    return None


def check_head(entries: Sequence[Entry | str], head: str) -> str | None:
    """``None`` if the published ``head`` is an entry of this (intact) chain, else why not."""
    head = head.strip().lower()
    for e in entries:
        if isinstance(e, Entry) and e.hash == head:
            return None
    return (f"the published head {head[:12]} is not in this ledger: it was rewritten after the head "
            f"was published (or the head is from another ledger)")

"""Grading: the observed result of a sealed record, or its voiding, as a new entry.

A ``grade`` entry holds the record's number, the observed value on the issue's scale,
the source that settles it, the date, and the scores of every model and both baselines
(:func:`.score.score_record`). A ``void`` entry holds the reason instead (one of the
rubric's void conditions, in the grader's words). Either is written once per record:
grading or voiding a record twice is refused, and the ledger is left as it was.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Sequence

from ..errors import InputError
from ..scenario.io import read_text
from .score import score_record
from .store import Entry


@dataclass
class Record:
    """A sealed (or hindcast) forecast and, once there is one, its grade or void entry."""

    seq: int
    kind: str  # "seal" or "hindcast"
    body: dict[str, Any]
    outcome: Entry | None = None

    @property
    def state(self) -> str:
        return "open" if self.outcome is None else ("void" if self.outcome.kind == "void" else "graded")

    @property
    def result(self) -> dict[str, Any]:
        """The body of the grade or void entry; ValueError on an open record."""
        if self.outcome is None:
            raise ValueError(f"record {self.seq} is open: no grade or void entry")
        return self.outcome.body


def records(entries: Sequence[Entry]) -> dict[int, Record]:
    """Every sealed and hindcast record by its entry number, with its outcome joined."""
    out: dict[int, Record] = {}
    for e in entries:
        if e.kind in ("seal", "hindcast"):
            out[e.seq] = Record(e.seq, e.kind, e.body)
        elif e.kind in ("grade", "void"):
            rec = out.get(int(e.body.get("record", -1)))
            if rec is not None and rec.outcome is None:
                rec.outcome = e
    return out


@dataclass(frozen=True)
class Outcome:
    """What a grader says about record ``record``: an observed value or a void reason."""

    record: int
    source: str
    observed: float | None = None
    void: str | None = None
    where: str = ""  # for messages: "line 3" of an outcomes file


def _fmt(x: float) -> str:
    return f"{x:g}"


def outcome_entries(entries: Sequence[Entry], outcomes: Sequence[Outcome], today: date) -> list[tuple[str, dict]]:
    """The ``grade``/``void`` entries for ``outcomes``, all checked before any is made.

    Refused (:class:`InputError`): an unknown record, one already graded or voided (in
    the ledger or earlier in ``outcomes``), an observed value off the record's scale, a
    missing source, neither or both of an observed value and a void reason.
    """
    recs = records(entries)
    done: set[int] = set()
    items: list[tuple[str, dict]] = []
    for o in outcomes:
        field = o.where or "ID"
        rec = recs.get(o.record)
        if rec is None:
            known = ", ".join(str(s) for s in sorted(recs)) or "none yet"
            raise InputError(f"no sealed record {o.record} (records are {known})", field=field)
        if rec.outcome is not None or o.record in done:
            prev = rec.outcome
            when = f" in entry {prev.seq} on {prev.body.get('graded_on')}" if prev is not None else " above"
            raise InputError(f"record {o.record} was already {'voided' if prev and prev.kind == 'void' else 'graded'}"
                             f"{when}; a record is graded once", field=field)
        if not o.source or not o.source.strip():
            raise InputError("the source that settles it is missing", field=f"{o.where}: source" if o.where else "--source")
        if (o.observed is None) == (o.void is None):
            raise InputError("give either an observed value or a void reason", field=o.where or "--observed")
        base = {"record": o.record, "source": o.source.strip(), "graded_on": today.isoformat(),
                "question": rec.body.get("question"), "status": rec.body.get("status", rec.kind)}
        if o.void is not None:
            if not o.void.strip():
                raise InputError("the void reason is empty", field=o.where or "--void")
            items.append(("void", {**base, "void": o.void.strip()}))
        else:
            lo, hi = rec.body.get("scale", [0, 100])
            assert o.observed is not None  # one of observed and void, checked above
            y = float(o.observed)
            if not lo <= y <= hi:
                raise InputError(f"{_fmt(y)} is outside record {o.record}'s scale {_fmt(lo)}..{_fmt(hi)}",
                                 field=f"{o.where}: observed" if o.where else "--observed")
            items.append(("grade", {**base, "observed": y, "scores": score_record(rec.body, y)}))
        done.add(o.record)
    return items


def read_outcomes(path: str | Path) -> list[Outcome]:
    """A CSV of outcomes: header ``id,observed,void,source`` (``void`` may be left out);
    each row either an observed value or a void reason. Errors name the file and line."""
    path = Path(path)
    text = read_text(path, "outcomes file")
    rows = list(csv.reader(io.StringIO(text)))
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in ("id", "observed", "source") if c not in header]
    if missing:
        raise InputError(f"the header needs columns id, observed, source (and void); {missing[0]!r} is missing",
                         source=str(path), field="line 1")
    col = {h: i for i, h in enumerate(header)}
    out: list[Outcome] = []
    for n, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cell = {h: (row[i].strip() if i < len(row) else "") for h, i in col.items()}
        where = f"line {n}"
        try:
            rid = int(cell["id"])
        except ValueError:
            raise InputError(f"{cell['id']!r} is not a record number", source=str(path), field=f"{where}: id") from None
        observed = None
        if cell["observed"]:
            try:
                observed = float(cell["observed"])
            except ValueError:
                raise InputError(f"{cell['observed']!r} is not a number", source=str(path),
                                 field=f"{where}: observed") from None
        out.append(Outcome(rid, cell["source"], observed, cell.get("void") or None, where))
    if not out:
        raise InputError("no outcomes in the file", source=str(path))
    return out

"""Read the DEU III table (Arregui & Perarnaud 2021) into one vectorised problem.

Each contested issue with an outcome becomes one column k of an
:class:`accord.scenario.schema.Inputs`; the actors (rows n) are the Commission
(``com``), the Parliament (``ep``) and every member state with ``p<code>`` /
``s<code>`` columns. An actor with no position on an issue is absent there
(position NaN, salience 0); a blank salience beside a position counts as 0.

Quirks of the shared copy (``../shared/data/deu3/deu3.tsv``):

* line 2 is a per-actor GDP weight row added by the copy; it is skipped and reported;
* ``finact`` is garbled and never read;
* ``intro`` comes in three shapes: ``dd-mm-yy``, ``dd-mm-yyyy`` and a spreadsheet's
  mangling ``YYYY-MM-DD`` in which ``YYYY`` is 19dd/20dd (the day) and ``DD`` the
  two-digit year (``2029-09-04`` is 29 September 2004; ``1930-05-05`` is 30 May 2005).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..models.base import weighted_median
from ..scenario.io import read_text
from ..scenario.schema import Inputs
from .weights import council_weight, period_of

REQUIRED = ("prnr", "out")
META = ("prnrnmc", "isnrnmc", "prnr", "prname", "isnr", "type", "council", "proc", "counvte", "proccde", "issues", "intro", "finact", "rp", "out")
CAPABILITIES = ("equal", "council")
SCALE = (0.0, 100.0)


@dataclass
class Skip:
    row: int  # line number in the file, header = 1
    reason: str
    issue: str = ""

    def to_dict(self) -> dict:
        d: dict = {"row": self.row, "reason": self.reason}
        if self.issue:
            d["issue"] = self.issue
        return d


@dataclass
class DeuData:
    """The solvable issues, their outcomes and what was set aside."""

    source: str
    inputs: Inputs
    outcome: np.ndarray  # (k,)
    rp: np.ndarray  # (k,) reference point, NaN where not given
    proposal: tuple[str, ...]  # prnr per issue
    row: tuple[int, ...]  # file line per issue
    date: tuple[str, ...]  # ISO intro date per issue ('' if unknown)
    period: tuple[str, ...]  # treaty period per issue ('' if unknown)
    procedure: tuple[str, ...]  # proc: COD / CNS ('' if unknown)
    vote: tuple[str, ...]  # counvte: QMV / Unan ('' if unknown)
    capability: str
    skipped: list[Skip] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def k(self) -> int:
        return int(self.outcome.shape[0])


def parse_intro(text: str) -> dt.date | None:
    """The introduction date, or None if the cell is blank or unreadable (see module doc)."""
    text = text.strip()
    try:
        if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d\d)", text):
            d, mo, y = map(int, m.groups())
            return dt.date(y + (1900 if y >= 50 else 2000), mo, d)
        if m := re.fullmatch(r"(\d\d)-(\d\d)-(\d{4})", text):
            d, mo, y = map(int, m.groups())
            return dt.date(y, mo, d)
        if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text):
            yyyy, mo, dd = map(int, m.groups())
            return dt.date(2000 + dd if dd < 50 else 1900 + dd, mo, yyyy % 100)
    except ValueError:
        return None
    return None


def _number(cell: str) -> float | None:
    """A cell as a float; None if blank; raises ValueError if not a finite number."""
    cell = cell.strip()
    if cell == "" or cell.upper() == "NA":
        return None
    x = float(cell)
    if not math.isfinite(x):
        raise ValueError(cell)
    return x


def load_deu(path: str | Path, capability: str = "equal", institutions: str = "max") -> DeuData:
    """Read ``path`` into a :class:`DeuData` with ``capability`` ``equal`` or ``council``.

    Stops with :class:`InputError` (file, column) when a required column (``prnr``,
    ``out``) is missing, when no actor columns are present, or when ``council``
    capability is asked for without ``intro``. A bad row is skipped and listed.
    """
    if capability not in CAPABILITIES:
        raise InputError(f"capability must be one of {', '.join(CAPABILITIES)}, not {capability!r}", field="--capability")
    path = Path(path)
    src = str(path)
    text = read_text(path, "DEU table")
    reader = csv.reader(io.StringIO(text), delimiter="\t")
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:  # pragma: no cover - read_text refuses empty files
        raise InputError("the file is empty", source=src) from None
    col = {h: i for i, h in enumerate(header)}
    for name in REQUIRED:
        if name not in col:
            raise InputError(f"required column {name!r} is missing", source=src, field=name)
    notes: list[str] = []
    actors = [h[1:] for h in header if h.startswith("p") and h not in META and len(h) > 1]
    for h in header:
        if h.startswith("s") and h not in META and h[1:] not in actors:
            notes.append(f"column {h!r} has no position column p{h[1:]}; ignored")
    if not actors:
        raise InputError("no actor columns (p<code>/s<code>)", source=src, field="columns")
    for a in actors:
        if f"s{a}" not in col:
            notes.append(f"column 's{a}' is missing: the salience of {a} counts as 0")
    for name in ("rp", "intro", "proc", "counvte"):
        if name not in col:
            if name == "intro" and capability == "council":
                raise InputError("column 'intro' is missing; council capability needs each proposal's date", source=src, field="intro")
            notes.append(f"column {name!r} is missing" + ("; status quo taken as the weighted median" if name == "rp" else ""))

    def cell(row: list[str], name: str) -> str:
        i = col.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    n = len(actors)
    pos_cols, sal_cols, rps, outs = [], [], [], []
    proposals, rows, dates, periods, procs, votes, issues = [], [], [], [], [], [], []
    skipped: list[Skip] = []
    fallback: set[str] = set()
    for line_no, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        prnr = cell(row, "prnr")
        isnr = cell(row, "isnr")
        if not prnr and not isnr and not cell(row, "out"):
            skipped.append(Skip(line_no, "no proposal id or outcome: a per-actor weight row (GDP) added by this copy, not an issue"))
            continue
        label = isnr or f"{prnr}#{line_no}"
        if not prnr:
            skipped.append(Skip(line_no, "blank proposal id (prnr)", label))
            continue
        try:
            bad = None
            values: dict[str, float | None] = {}
            for name in ("out", "rp", *(f"p{a}" for a in actors), *(f"s{a}" for a in actors)):
                raw = cell(row, name)
                try:
                    values[name] = _number(raw)
                except ValueError:
                    bad = f"non-numeric value {raw!r} in column {name!r}"
                    raise
                v = values[name]
                if v is not None and not (SCALE[0] <= v <= SCALE[1]):
                    bad = f"value {raw!r} in column {name!r} is outside 0..100"
                    raise ValueError(bad)
        except ValueError:
            skipped.append(Skip(line_no, bad or "unreadable row", label))
            continue
        if values["out"] is None:
            skipped.append(Skip(line_no, "no outcome (out is blank)", label))
            continue
        p = np.array([np.nan if values[f"p{a}"] is None else values[f"p{a}"] for a in actors], dtype=float)
        s = np.array([0.0 if values[f"s{a}"] is None else values[f"s{a}"] for a in actors], dtype=float)
        if np.isnan(p).all():
            skipped.append(Skip(line_no, "no actor has a position on this issue", label))
            continue
        if not (s[~np.isnan(p)] > 0).any():
            skipped.append(Skip(line_no, "no actor with a position has a positive salience", label))
            continue
        date = parse_intro(cell(row, "intro")) if "intro" in col else None
        if capability == "council" and date is None:
            skipped.append(Skip(line_no, f"unreadable date {cell(row, 'intro')!r} in column 'intro' (council capability needs it)", label))
            continue
        pos_cols.append(p)
        sal_cols.append(s)
        rps.append(np.nan if values["rp"] is None else values["rp"])
        outs.append(values["out"])
        proposals.append(prnr)
        rows.append(line_no)
        issues.append(label)
        dates.append(date.isoformat() if date else "")
        periods.append(period_of(date) if date else "")
        procs.append(cell(row, "proc"))
        votes.append(cell(row, "counvte"))
    k = len(outs)
    pos: np.ndarray
    sal: np.ndarray
    if k == 0:
        pos = np.full((n, 0), np.nan)
        sal = np.zeros((n, 0))
    else:
        pos = np.stack(pos_cols, axis=1)
        # DEU writes salience on 0..100; accord's models read it as 0..1 (eum uses it as a
        # probability, s_j U + (1 - s_j) U_sq), so rescale here
        sal = np.stack(sal_cols, axis=1) / 100.0
    if capability == "equal":
        cap = np.ones((n, k))
    else:
        cap = np.empty((n, k))
        for j, per in enumerate(periods):
            for i, a in enumerate(actors):
                cap[i, j], fb = council_weight(a, per, institutions)
                if fb and not np.isnan(pos[i, j]):
                    fallback.add(f"{a} ({per})")
        if fallback:
            notes.append("no Council weight in the period's treaty table, Nice weight scaled: " + ", ".join(sorted(fallback)))
    rp = np.array(rps, dtype=float)
    w = np.where(np.isnan(pos), 0.0, cap * sal)
    sq = np.where(np.isnan(rp), weighted_median(pos, w) if k else rp, rp)
    inputs = Inputs(
        position=pos,
        salience=sal,
        capability=cap,
        status_quo=sq,
        scale_low=np.full(k, SCALE[0]),
        scale_high=np.full(k, SCALE[1]),
        actors=tuple(actors),
        issues=tuple(issues),
        group=tuple(proposals),  # each proposal is its own negotiation (smp)
    )
    return DeuData(
        source=src,
        inputs=inputs,
        outcome=np.array(outs, dtype=float),
        rp=rp,
        proposal=tuple(proposals),
        row=tuple(rows),
        date=tuple(dates),
        period=tuple(periods),
        procedure=tuple(procs),
        vote=tuple(votes),
        capability=capability,
        skipped=skipped,
        notes=notes,
    )

"""Where the articles disagree: denials linked to what they deny, quantities that differ.

Both sides are kept: a denial does not delete the report, it points at it
(``Statement.refers_to``); two quantities of one measure that differ are flagged, and
each keeps its article and sentence.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from .types import Quantity, Statement

_WORD = re.compile(r"[A-Za-z][A-Za-z\-]+")
_STOP = {"the", "a", "an", "of", "in", "on", "that", "this", "and", "to", "with", "had", "has", "have", "was",
         "were", "is", "by", "for", "report", "reported", "reports", "claim", "claimed", "denied", "deny",
         "denies", "simply", "false", "information", "said", "says", "alleging", "allegedly", "any", "between",
         "two", "leaders", "taken", "place", "labeled", "called", "firmly", "which", "it", "as"}


def statement_id(s: Statement) -> str:
    """A stable id: article, offsets, actor, issue, cue offset (the store may use the same)."""
    raw = f"{s.article}|{s.start}|{s.end}|{s.actor}|{s.issue}|{s.cue_start}|{s.act}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def _content_words(text: str) -> set[str]:
    out = set()
    for w in _WORD.findall(text):
        lw = w.lower()
        if lw not in _STOP and len(lw) > 2:
            out.add(lw[:-1] if lw.endswith("s") and len(lw) > 4 else lw)
    return out


def link_denials(statements: list[Statement], min_shared: int = 2) -> list[Statement]:
    """Set ``refers_to`` on each denial to the reported statement it most likely denies.

    A candidate is a statement of another actor that was reported (act report or claim,
    or carrying ``reported_by``), dated no later than the denial where both have dates;
    the one sharing the most content words with the denial's sentence wins (at least
    ``min_shared``). Where none shares enough but the denial points back ("this claim
    was labeled false", "the report, which Peskov denied"), it denies what the article
    last denied, or else the last reported statement before it in the same article.
    Statements are changed in place and returned.
    """
    for s in statements:
        if not s.id:
            s.id = statement_id(s)
    for d in statements:
        if d.act != "deny":
            continue
        words = _content_words(d.text)
        best, best_n = None, min_shared - 1
        for c in statements:
            if c is d or c.act == "deny" or (c.actor is not None and c.actor == d.actor):
                continue
            if not (c.reported_by or c.act in ("report", "claim")):
                continue
            if d.event_date and c.event_date and c.event_date > d.event_date:
                continue
            n = len(words & _content_words(c.text))
            if n > best_n:
                best, best_n = c, n
        if best is None and _ANAPHOR.search(d.text):
            best = _previous_target(d, statements)
        if best is not None:
            d.refers_to = best.id
    return statements


#: a denial that points back at something already told: "this claim", "the report"
_ANAPHOR = re.compile(r"\b(?:this|that|the|these|those|such)\s+(?:claims?|reports?|allegations?|stor(?:y|ies)|"
                      r"accounts?|assertions?|rumou?rs?)\b", re.I)


def _previous_target(d: Statement, statements: list[Statement]) -> Statement | None:
    """What an anaphoric denial points back to, within its own article: the target of the
    nearest earlier denial, else the nearest earlier reported statement of another actor."""
    earlier = [s for s in statements if s.article == d.article and s.start < d.start and s is not d]
    by_id = {s.id: s for s in statements}
    for s in sorted(earlier, key=lambda s: s.start, reverse=True):
        if s.act == "deny" and s.refers_to in by_id:
            return by_id[s.refers_to]
    for s in sorted(earlier, key=lambda s: s.start, reverse=True):
        if s.act != "deny" and (s.reported_by or s.act in ("report", "claim")) and not (
                s.actor is not None and s.actor == d.actor):
            return s
    return None


@dataclass
class QuantityConflict:
    measure: str
    unit: str
    a: tuple[str, Quantity]  # (article id, quantity)
    b: tuple[str, Quantity]


def _measure_key(measure: str) -> frozenset[str]:
    words = set()
    for w in _WORD.findall(measure.lower()):
        w = re.sub(r"(’s|'s)$", "", w)
        w = re.sub(r"(ian|ean|an)$", "", w) if len(w) > 6 else w  # Ukrainian -> Ukrain(e)
        w = w.rstrip("e")
        if w not in _STOP:
            words.add(w)
    return frozenset(words)


def conflicting_quantities(
    items: list[tuple[str, Quantity]], rel_tol: float = 0.05,
) -> list[QuantityConflict]:
    """Pairs of quantities from different articles with the same unit and measure that differ.

    Same measure: the measure phrases share their words after dropping possessives and
    demonym endings ("Ukraine's territory" ~ "Ukrainian territory"). Differ: by more than
    ``rel_tol`` of the larger, widened to 7.5% where either is approximate ("around").
    """
    out = []
    for i, (art_a, qa) in enumerate(items):
        ka = _measure_key(qa.measures)
        if not ka:
            continue
        for art_b, qb in items[i + 1:]:
            if art_b == art_a or qb.unit != qa.unit:
                continue
            kb = _measure_key(qb.measures)
            if not kb or len(ka & kb) < max(1, min(len(ka), len(kb)) - 0):
                continue
            tol = (0.075 if (qa.approximate or qb.approximate) else rel_tol) * max(abs(qa.value), abs(qb.value))
            if abs(qa.value - qb.value) > tol:
                out.append(QuantityConflict(qa.measures, qa.unit, (art_a, qa), (art_b, qb)))
    return out


# -- what the store holds ---------------------------------------------------------------


def _statement_json(s: Statement | None) -> dict | None:
    if s is None:
        return None
    return {"id": s.id, "article": s.article, "actor": s.actor, "speaker": s.speaker, "act": s.act,
            "reported_by": s.reported_by, "event_date": s.event_date, "text": s.text}


def collect(store) -> dict:
    """The disputes in a store (an open :class:`accord.store.Store`), ready for JSON.

    ``denials``: each denial with the statement it denies (``None`` when that statement is
    not stored), ordered by the denial's id. ``quantity_conflicts``: the pairs
    :func:`conflicting_quantities` finds over every article's quantities, compared only
    within a unit, each side with its article, value, text and sentence; in the store's
    order (article id, offset).
    """
    rows = [r for r in store.disputes() if r[2] == "denies"]
    wanted = sorted({r[0] for r in rows} | {r[1] for r in rows})
    by_id = store.statements_by_id(wanted)
    denials = [{"denial": _statement_json(by_id.get(d)), "denies": _statement_json(by_id.get(o)), "refers_to": o}
               for d, o, _ in rows if d in by_id]
    items = store.article_quantities()
    sentence = {(a, q.start, q.end, q.unit): sp for a, q, sp in items}
    texts: dict[str, str] = {}

    def side(art: str, q: Quantity) -> dict:
        s0, s1 = sentence.get((art, q.start, q.end, q.unit), (None, None))
        if art not in texts:
            texts[art] = store.article_text(art)
        return {"article": art, "value": q.value, "text": q.text, "approximate": q.approximate,
                "start": q.start, "end": q.end, "sentence": texts[art][s0:s1] if s0 is not None else ""}

    by_unit: dict[str, list[tuple[str, Quantity]]] = {}
    for a, q, _ in items:
        by_unit.setdefault(q.unit, []).append((a, q))
    conflicts = []
    for unit in sorted(by_unit):
        for c in conflicting_quantities(by_unit[unit]):
            conflicts.append({"measure": c.measure, "unit": c.unit, "sides": [side(*c.a), side(*c.b)]})
    return {"denials": denials, "quantity_conflicts": conflicts}

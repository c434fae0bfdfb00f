"""The news over time: stances by date, and the forecast re-solved from the news up to each step.

For each cut-off date ``t`` (the first publication date, then every ``every`` days until the
last one is covered) the statements of articles published on or before ``t`` are drafted
into a scenario (:func:`accord.aggregate.draft`, the same drafting as ``accord scenario
draft``) and solved with each model: the forecast as it could have been made that day,
from the news then out, with no look-ahead. Each stance is listed with its article's
publication date and the event date the extractor read (a statement about 1945 in a 2022
article is news of 2022). A statement whose article has no publication date is left out
and counted.

``accord timeline`` prints it as JSON or CSV; the dashboard draws it.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Iterable, Mapping, Sequence

from .errors import InputError
from .jsonnum import json_number
from .scenario import Scenario

DEFAULT_MODELS = ("compromise", "median", "nash", "nash_sq", "eum")
MAX_STEPS = 2000


def parse_every(text: str) -> int:
    """``7d``, ``2w`` or ``7`` as a number of days (1..3660)."""
    m = re.fullmatch(r"\s*(\d{1,4})\s*([dw]?)\s*", str(text))
    days = int(m.group(1)) * (7 if m.group(2) == "w" else 1) if m else 0
    if not 1 <= days <= 3660:
        raise InputError(f"{text!r} is not a step like 7d or 2w (1 day to 10 years)", field="--every")
    return days


@dataclass(frozen=True)
class DatedStance:
    date: str  # the article's publication date
    event_date: str | None  # the date the sentence speaks of, where the extractor read one
    actor: str
    issue: str
    direction: str | None
    position: float | None
    hedged: bool
    statement: str


@dataclass(frozen=True)
class Step:
    """The forecast from the news up to ``until``."""

    until: str
    statements: int  # statements dated on or before ``until``
    forecast: Mapping[str, Mapping[str, float | None]]  # issue -> model -> outcome
    widest_issue: str | None  # the issue where the models disagree most
    widest_spread: float | None


@dataclass
class Timeline:
    case: str
    every_days: int
    models: tuple[str, ...]
    steps: list[Step] = field(default_factory=list)
    stances: list[DatedStance] = field(default_factory=list)
    undated: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "case": self.case, "every_days": self.every_days, "models": list(self.models), "undated": self.undated,
            "steps": [{**asdict(s), "widest_spread": json_number(s.widest_spread),
                       "forecast": {i: {m: json_number(v) for m, v in f.items()} for i, f in s.forecast.items()}}
                      for s in self.steps],
            "stances": [asdict(s) for s in self.stances],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def to_csv(self) -> str:
        """One row per step, issue and model: until, statements, issue, model, forecast."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["until", "statements", "issue", "model", "forecast"])
        for s in self.steps:
            for issue, per in s.forecast.items():
                for model, v in per.items():
                    w.writerow([s.until, s.statements, issue, model, "" if v is None else json_number(v)])
        return buf.getvalue()


def _day(text: Any) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def build(reference: Scenario, statements: Iterable[Mapping[str, Any]], published: Mapping[str, str | None],
          every_days: int = 7, models: Sequence[str] = DEFAULT_MODELS) -> Timeline:
    """The timeline of ``statements`` (dicts as ``accord stances`` writes them) against
    the case ``reference``; ``published`` maps an article id to its publication date."""
    from .aggregate import draft
    from .forecast import solve

    actors, issues = set(reference.actor_ids), set(reference.issue_ids)
    tl = Timeline(reference.id, every_days, tuple(models))
    dated: list[tuple[date, Mapping[str, Any]]] = []
    for s in statements:
        if s.get("actor") not in actors or s.get("issue") not in issues:
            continue
        d = _day(published.get(str(s.get("article"))))
        if d is None:
            tl.undated += 1
            continue
        dated.append((d, s))
    dated.sort(key=lambda x: (x[0], str(x[1].get("id", ""))))
    tl.stances = [DatedStance(d.isoformat(), s.get("event_date"), s["actor"], s["issue"], s.get("direction"), s.get("position"),
                              bool(s.get("hedged")), str(s.get("id", ""))) for d, s in dated]
    if not dated:
        return tl
    first, last = dated[0][0], dated[-1][0]
    n_steps = (last - first).days // every_days + 1
    if n_steps > MAX_STEPS:
        raise InputError(f"{n_steps} steps from {first} to {last}; take a longer step", field="--every")
    k = 0
    for n in range(n_steps):
        until = first + timedelta(days=n * every_days)
        while k < len(dated) and dated[k][0] <= until:
            k += 1
        result = solve(draft(reference, [s for _, s in dated[:k]]), list(models))
        forecast = {i.id: {m: float(result.solutions[m].outcome[j]) for m in models}
                    for j, i in enumerate(reference.issues)}
        spreads = {i: max(v.values()) - min(v.values()) for i, v in forecast.items() if v}
        widest = max(spreads, key=lambda i: (spreads[i], i)) if spreads else None
        tl.steps.append(Step(until.isoformat(), k, forecast, widest, spreads.get(widest) if widest else None))
    return tl


def from_store(db: str, reference: Scenario, every_days: int = 7, models: Sequence[str] = DEFAULT_MODELS) -> Timeline:
    """The timeline of every statement in the store ``db``."""
    from .store import Store

    with Store(db, readonly=True) as store:
        published = dict(store.db.execute("SELECT id, published FROM articles").fetchall())
        statements = [s.to_dict() for s in store.statements()]
    return build(reference, statements, published, every_days, models)

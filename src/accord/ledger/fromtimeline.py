"""``accord seal --from-timeline``: seal the newest week's forecast from the news store.

The steps come from the dashboard's news timeline, :func:`accord.timeline.from_store`
(``from_store(db, reference, every_days, models)``, steps with ``until`` dates). For each
step the scenario is drafted from the statements of articles published on or before its
``until`` date (:func:`accord.aggregate.draft`, as the timeline drafts it), so the
record stores the scenario the forecast was solved from.

Which steps are recorded, and how (:func:`plan`):

* the newest step is *sealed* when its week is the current one (``|today - until| <
  every_days``: the timeline's last step may end a few days after today, since steps
  run from the first article in whole weeks) and the question resolves after today;
* every other step is a *hindcast*: a forecast for a week already past, kept apart and
  never scored with sealed ones;
* a step whose news reaches the resolution date (``until >= resolves_by``) is not a
  forecast at all and is skipped;
* a step already in the ledger (same question, issue, kind, ``as_of`` date and scenario
  digest) is not recorded again, so running this every week adds only the new week.
"""

from __future__ import annotations

from datetime import date
from typing import Sequence

from ..errors import InputError
from ..scenario.schema import Scenario


def plan(untils: Sequence[str], every_days: int, today: date, resolves_by: date) -> list[tuple[str, str]]:
    """``(until, "seal" | "hindcast" | "skip")`` for each step date (see the module doc)."""
    out = []
    last = max(untils) if untils else None
    for u in untils:
        d = date.fromisoformat(u)
        if d >= resolves_by:
            out.append((u, "skip"))
        elif u == last and abs((today - d).days) < every_days and resolves_by > today:
            out.append((u, "seal"))
        else:
            out.append((u, "hindcast"))
    return out


def step_scenarios(db: str, reference: Scenario, every_days: int, models: Sequence[str]) -> list[tuple[str, Scenario]]:
    """``(until, drafted scenario)`` per step of the news timeline of store ``db``."""
    try:
        from .. import timeline
    except ImportError:
        raise InputError("needs accord.timeline (the news timeline of the dashboard), which this accord lacks",
                         field="--from-timeline") from None
    from ..aggregate import draft
    from ..store import Store

    steps = timeline.from_store(db, reference, every_days, list(models)).steps
    with Store(db, readonly=True) as store:
        published = {a: (p or "")[:10] for a, p in store.db.execute("SELECT id, published FROM articles")}
        statements = [s.to_dict() for s in store.statements()]
    out = []
    for step in steps:
        upto = [s for s in statements if published.get(str(s.get("article"))) and
                published[str(s.get("article"))] <= step.until]
        out.append((step.until, draft(reference, upto)))
    return out

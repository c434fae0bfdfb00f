"""Per-issue blocks that answer "what moves it?": each lever's shift, and the inputs whose
range would change the forecast most (the case brief: "which lever moves it most, and
which input, if it were wrong, would change the answer most").

They read ``forecast.extra``:

``lever_effects``
    ``{lever id: {issue id: {model: shift}}}`` (:meth:`accord.simulate.whatif.LeverEffects.to_dict`).
``sensitivity``
    :meth:`accord.simulate.sensitivity.SensitivityResult.to_dict` (a tornado per issue).

Each block is drawn only when its data is present; every text is escaped.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..scenario.schema import Scenario
from .html import Html, badge, fmt, fmt_range, tag, table


def _signed(x: Any) -> str:
    if x is None:
        return "–"
    v = float(x)
    return ("+" if v > 0 else "") + fmt(v)


def levers_block(raw: Any, sc: Scenario, issue_id: str, models: Sequence[str]) -> Html:
    """Each lever alone: how far it moves this issue's forecast per model, largest first."""
    if not isinstance(raw, Mapping) or not raw:
        return Html("")
    described = {lv.id: lv.description for lv in sc.levers}
    rows = []
    for lever_id, per_issue in raw.items():
        shifts = per_issue.get(issue_id, {}) if isinstance(per_issue, Mapping) else {}
        values = [abs(float(v)) for v in shifts.values() if v is not None]
        rows.append((max(values) if values else 0.0, str(lever_id), shifts))
    rows.sort(key=lambda r: (-r[0], r[1]))
    shown = [m for m in models if any(m in r[2] for r in rows)]
    body = [
        (tag("code", lever_id), described.get(lever_id, ""), *(_signed(shifts.get(m)) for m in shown))
        for _, lever_id, shifts in rows
    ]
    top = rows[0]
    summary = (f"Levers: {top[1]} moves this issue most (up to {fmt(top[0])} points)" if top[0] > 0
               else "Levers: none moves this issue")
    return tag(
        "details",
        tag("summary", summary),
        table(("lever", "what it is", *shown), body, numeric=tuple(range(2, 2 + len(shown))), class_="levers"),
        tag("p", "Each lever switched on alone (its amounts at their values); the change in each model's "
                 "forecast, in points of the scale.", class_="note"),
        class_="whatmoves",
    )


def sensitivity_block(raw: Any, issue_id: str, top: int = 5) -> Html:
    """The inputs whose range moves this issue's forecast most (one at a time)."""
    if not isinstance(raw, Mapping):
        return Html("")
    entry = next((e for e in raw.get("issues", []) if isinstance(e, Mapping) and e.get("id") == issue_id), None)
    bars = (entry or {}).get("tornado") or []
    if not bars:
        return Html("")
    rows = []
    for b in bars[:top]:
        label = tag("span", str(b.get("input", "")))
        if b.get("assumption"):
            label = Html(label + " " + badge("assumption", "warn"))
        rows.append((
            label,
            fmt_range(float(b["low"]), float(b["high"])),
            fmt(b.get("at_low")),
            fmt(b.get("at_high")),
            fmt(b.get("swing")),
        ))
    model = str(raw.get("model", ""))
    return tag(
        "details",
        tag("summary", f"If an input were wrong: the {min(top, len(bars))} that move the {model} forecast most"),
        table(("input", "its range", "forecast at low", "forecast at high", "swing"), rows,
              numeric=(2, 3, 4), class_="tornado"),
        tag("p", "Each input set to the low and the high end of its range, every other input at its value "
                 "(a one-at-a-time tornado). Inputs marked as assumptions are the first to verify.", class_="note"),
        class_="whatmoves",
    )

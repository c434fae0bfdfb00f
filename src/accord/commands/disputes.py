"""`accord disputes`: where the stored articles disagree (denials, quantities that differ)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import typer

from ..errors import InputError
from .common import fail

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")


def plain(text: str | None, width: int = 0) -> str:
    """``text`` on one line without control or direction characters (article text is
    untrusted: it must not move the cursor or reorder the terminal's line), cut at ``width``."""
    out = " ".join(_CONTROL.sub(" ", text or "").split())
    return out if not width or len(out) <= width else out[: width - 1] + "…"


def disputes_of(db: Path) -> dict:
    """:func:`accord.news.disputes.collect` over the store at ``db``, opened read-only."""
    from ..news.disputes import collect
    from ..store import Store

    with Store(db, readonly=True) as store:
        return collect(store)


def _who(s: dict | None) -> str:
    if s is None:
        return "?"
    who = s["speaker"] + (f" ({s['actor']})" if s["actor"] else "")
    return who + (f", reported by {s['reported_by']}" if s.get("reported_by") else "")


def disputes_command(
    db: Path = typer.Option(Path("accord.db"), "--db", help="The store `accord ingest` filled."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of text."),
) -> None:
    """List where the stored articles disagree.

    Denials with the statement each denies (both sentences, their articles and actors),
    and quantities of the same measure and unit that differ across articles ("around
    18%" against "20 percent" of Ukrainian territory), each side with its article.
    """
    try:
        found = disputes_of(db)
    except InputError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(found, indent=2, sort_keys=True, ensure_ascii=False))
        return
    lines = [f"denials: {len(found['denials'])}"]
    for d in found["denials"]:
        den, tgt = d["denial"], d["denies"]
        lines.append(f"- {plain(_who(den))} denies [{den['article']}]: {plain(den['text'], 240)}")
        if tgt is None:
            lines.append(f"    the statement it denies ({plain(d['refers_to'])}) is not in the store")
        else:
            lines.append(f"    what it denies, {plain(_who(tgt))} [{plain(tgt['article'])}]: {plain(tgt['text'], 240)}")
    lines.append(f"quantities that differ: {len(found['quantity_conflicts'])}")
    for c in found["quantity_conflicts"]:
        lines.append(f"- {plain(c['measure'])} ({plain(c['unit'])}):")
        for s in c["sides"]:
            lines.append(f"    {plain(s['text'])} = {s['value']:g} [{plain(s['article'])}]: {plain(s['sentence'], 240)}")
    typer.echo("\n".join(lines))


def register(app: typer.Typer) -> None:
    app.command("disputes")(disputes_command)

"""What ``accord validate`` checks beyond the reader: quotes against their sources, and
the actor x issue positions a scenario leaves out.

* An evidence quote must be verbatim text of its source. A source is an id of the
  scenario's ``sources:`` (its ``file``) or a file name; it is looked for in the folder
  given (``--sources DIR``) or else beside the scenario file. Whitespace is compared
  collapsed (a YAML block folds lines); nothing else is forgiven: a straight apostrophe
  for a curly one is a different quote.
* Where no source at all is at hand (a scenario whose articles live elsewhere), quotes
  are not checked, and :class:`QuoteCheck` says so; once ``--sources`` is given, or any
  source is found, a source that is missing is an error too.
* A missing actor x issue position is legal (the actor takes no part there) but is
  often an oversight: each is a warning, not an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .schema import Evidence, Scenario

_SPACE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class QuoteCheck:
    """The outcome of :func:`check_quotes` (when it did not fail)."""

    checked: int  # quotes found verbatim in their source
    sources: tuple[str, ...] = ()  # source files read
    folder: str = ""
    skipped: int = 0  # quotes not checked: no source at hand
    notes: tuple[str, ...] = field(default_factory=tuple)


def evidence_items(scenario: Scenario) -> list[tuple[str, Evidence]]:
    """(field path, evidence) for every evidence entry of positions and levers."""
    out = []
    for m, p in enumerate(scenario.positions):
        out += [(f"positions[{m}].evidence[{k}]", e) for k, e in enumerate(p.evidence)]
    for m, lv in enumerate(scenario.levers):
        out += [(f"levers[{m}].evidence[{k}]", e) for k, e in enumerate(lv.evidence)]
    return out


def _source_file(scenario: Scenario, source: str, folder: Path) -> Path:
    for s in scenario.sources:
        if s.get("id") == source and s.get("file"):
            return folder / str(s["file"])
    return folder / source


def check_quotes(scenario: Scenario, folder: str | Path, *, required: bool = False) -> QuoteCheck:
    """Check every evidence quote of ``scenario`` against its source file in ``folder``.

    ``required``: the sources were named by the user (``--sources``), so each one must
    be there. Otherwise, where none is there, nothing is checked. Raises
    :class:`InputError` naming the field (``positions[3].evidence[0].quote``) of the first
    quote that is not in its source, or of a source file that is missing.
    """
    from .io import read_text

    folder = Path(folder)
    items = [(path, e) for path, e in evidence_items(scenario) if e.source and e.quote]
    files = {e.source: _source_file(scenario, e.source, folder) for _, e in items}
    present = {s for s, f in files.items() if f.is_file()}
    if not items:
        return QuoteCheck(0, folder=str(folder))
    if not present and not required:
        return QuoteCheck(0, folder=str(folder), skipped=len(items))
    texts: dict[str, str] = {}
    checked = 0
    for path, e in items:
        f = files[e.source]
        if e.source not in present:
            raise InputError(f"no source file {f.name!r} in {folder}", field=f"{path}.source")
        if e.source not in texts:
            try:
                texts[e.source] = _collapse(read_text(f, "source file"))
            except InputError as exc:
                raise InputError(exc.message, source=exc.source, field=f"{path}.source") from None
        if _collapse(e.quote) not in texts[e.source]:
            shown = _collapse(e.quote)
            shown = shown if len(shown) <= 60 else shown[:59] + "…"
            raise InputError(f"not verbatim in its source {e.source!r}: {shown!r}", field=f"{path}.quote")
        checked += 1
    return QuoteCheck(checked, tuple(sorted(str(files[s]) for s in present)), str(folder))


def missing_positions(scenario: Scenario) -> list[tuple[str, str]]:
    """Every (actor, issue) with no position, in the scenario's order. An actor outside
    its dates or with no position anywhere is still listed: it is the file that says."""
    have = {(p.actor, p.issue) for p in scenario.positions}
    return [(a, i) for a in scenario.actor_ids for i in scenario.issue_ids if (a, i) not in have]

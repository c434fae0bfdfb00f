"""The rubric of a sealed question, fixed before the forecast is sealed.

A rubric says what settles the question and how, before anyone knows the answer:

* ``observable``: what is looked at (text);
* ``sources``: who adjudicates (a non-empty list of sources, most trusted first);
* ``mapping``: how an observed result maps onto the issue's 0..100 scale, one entry per
  numbered anchor of the issue used (``{anchor: 75, when: "..."}``), at least two;
  a result between two described anchors is graded between their numbers;
* ``void_if``: what makes the question void (a non-empty list of conditions);
* optional ``threshold: {above: X}``: a yes/no question, "will the outcome be above X?",
  scored with the Brier score as well;
* optional ``issue``: the issue id, which must then be the one sealed.

A rubric whose mapping names a number that is not one of the issue's anchors does not
map onto the scale and is refused (:func:`rubric_from_dict`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError
from ..scenario.io import read_text
from ..scenario.schema import Issue

KEYS = {"observable", "sources", "mapping", "void_if", "threshold", "issue"}


@dataclass(frozen=True)
class Rubric:
    observable: str
    sources: tuple[str, ...]
    mapping: tuple[tuple[float, str], ...]  # (anchor, when), ordered by anchor
    void_if: tuple[str, ...]
    threshold_above: float | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "observable": self.observable,
            "sources": list(self.sources),
            "mapping": [{"anchor": a, "when": w} for a, w in self.mapping],
            "void_if": list(self.void_if),
        }
        if self.threshold_above is not None:
            d["threshold"] = {"above": self.threshold_above}
        return d


def _fmt(x: float) -> str:
    return f"{x:g}"


def _text(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError("expected a non-empty text", field=field)
    return value.strip()


def _texts(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        raise InputError("is missing", field=field)
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise InputError("expected a non-empty list of texts", field=field)
    return tuple(_text(v, f"{field}[{i}]") for i, v in enumerate(value))


def _number(value: Any, field: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        try:
            return float(str(value).strip())
        except ValueError:
            raise InputError(f"expected a number, not {value!r}", field=field) from None
    return float(value)


def rubric_from_dict(doc: Any, issue: Issue) -> Rubric:
    """Validate ``doc`` against ``issue``; :class:`InputError` naming the field if it is wrong."""
    if not isinstance(doc, dict):
        raise InputError("expected a mapping with observable, sources, mapping and void_if", field="(top level)")
    unknown = sorted(set(map(str, doc)) - KEYS)
    if unknown:
        raise InputError(f"unknown field (fields are {', '.join(sorted(KEYS))})", field=unknown[0])
    if "issue" in doc and str(doc["issue"]) != issue.id:
        raise InputError(f"the rubric is for issue {doc['issue']!r}, the question for {issue.id!r}", field="issue")
    observable = _text(doc.get("observable"), "observable")
    sources = _texts(doc.get("sources"), "sources")
    void_if = _texts(doc.get("void_if"), "void_if")
    raw = doc.get("mapping")
    if raw is None:
        raise InputError(f"is missing: map observed results onto {issue.id}'s anchors "
                         f"({', '.join(_fmt(a) for a in sorted(issue.anchors))})", field="mapping")
    if not isinstance(raw, list) or len(raw) < 2:
        raise InputError("expected a list of at least two {anchor, when} entries", field="mapping")
    anchors = sorted(issue.anchors)
    if not anchors:
        raise InputError(f"issue {issue.id!r} has no numbered anchors to map onto", field="mapping")
    seen: dict[float, str] = {}
    for i, entry in enumerate(raw):
        f = f"mapping[{i}]"
        if not isinstance(entry, dict) or set(map(str, entry)) != {"anchor", "when"}:
            raise InputError("expected {anchor: a number of the issue's anchors, when: what is observed}", field=f)
        a = _number(entry["anchor"], f"{f}.anchor")
        if a not in issue.anchors:
            lo, hi = issue.scale
            where = "outside the scale" if not lo <= a <= hi else "not one of the issue's numbered anchors"
            raise InputError(f"{_fmt(a)} is {where} (anchors of {issue.id}: {', '.join(_fmt(x) for x in anchors)})",
                             field=f"{f}.anchor")
        if a in seen:
            raise InputError(f"anchor {_fmt(a)} is mapped twice", field=f"{f}.anchor")
        seen[a] = _text(entry["when"], f"{f}.when")
    threshold = None
    if "threshold" in doc:
        t = doc["threshold"]
        if not isinstance(t, dict) or set(map(str, t)) != {"above"}:
            raise InputError("expected {above: X}", field="threshold")
        threshold = _number(t["above"], "threshold.above")
        lo, hi = issue.scale
        if not lo < threshold < hi:
            raise InputError(f"{_fmt(threshold)} must lie inside the scale {_fmt(lo)}..{_fmt(hi)}",
                             field="threshold.above")
    return Rubric(observable, sources, tuple(sorted(seen.items())), void_if, threshold)


def load_rubric(path: str | Path, issue: Issue) -> Rubric:
    """Read and validate a rubric file (YAML or JSON); errors name the file and the field."""
    path = Path(path)
    text = read_text(path, "rubric file")
    try:
        try:
            doc = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f"line {mark.line + 1}" if mark is not None else None
            raise InputError("is not valid YAML or JSON", field=line) from None
        return rubric_from_dict(doc, issue)
    except InputError as exc:
        raise exc.at(str(path)) from None

"""Turn a parsed document (dict) into a :class:`~accord.scenario.schema.Scenario`.

Every check names the field path of what is wrong and what was expected, e.g.
``positions[3].salience: 1.7 is outside 0..1``; the file name is added by the reader.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ..errors import InputError
from .schema import (
    DISTRIBUTIONS,
    LEVER_OPS,
    LEVER_TARGETS,
    Actor,
    Alias,
    Effect,
    Estimate,
    Evidence,
    Issue,
    Lever,
    Position,
    Scenario,
)

ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")  # matched whole (fullmatch: no trailing newline)
#: the largest magnitude of any number in a scenario: beyond it capabilities, scales and
#: lever amounts overflow the models' products (1e308 gave null forecasts); docs/decisions.md
MAX_MAGNITUDE = 1e9
ALL = (None, "*", "all")
KNOWN_TOP = {
    "id", "name", "description", "date", "assumptions", "sources",
    "actors", "issues", "positions", "levers",
}
#: top-level sections other stages read (kept in ``Scenario.extra``): the clock's
#: parameters (simulate/clock.py), the date a forecast is read as of (forecast.at_date),
#: and the levers already applied (written by simulate/levers.py, so a dump reads back)
EXTRA_TOP = {"clock", "settles_after", "applied_levers"}
#: the keys of each section; accord/scenario/model.py (the published schema) names the
#: same ones, and tests/test_scenario_format.py compares them
ESTIMATE_KEYS = {"value", "range", "dist", "basis"}
EVIDENCE_KEYS = {"source", "quote", "statements"}
ALIAS_KEYS = {"text", "from", "to"}
ISSUE_KEYS = {"id", "name", "description", "scale", "low", "high", "anchors", "status_quo", "keywords",
              "keywords_up", "keywords_down", "group", "veto"}
ACTOR_KEYS = {"id", "name", "description", "aliases", "capability", "capability_by_issue", "valid_from", "valid_to"}
POSITION_KEYS = {"actor", "issue", "position", "salience", "evidence", "assumption", "note"}
LEVER_KEYS = {"id", "description", "effects", "evidence", "assumption"}
EFFECT_KEYS = {"target", "op", "amount", "actor", "issue"}
SOURCE_KEYS = {"id", "file", "url", "title", "outlet", "kind", "published", "published_between", "note"}
CLOCK_TEXT_KEYS = {"issue", "model", "low_side", "high_side", "military"}
CLOCK_PARAM_KEYS = {"drift", "noise", "cost_low", "cost_high", "optimism_low", "optimism_high", "learning", "horizon"}
CLOCK_ESTIMATE_KEYS = ESTIMATE_KEYS | {"assumption"}
FIGHTER_KEYS = CLOCK_ESTIMATE_KEYS | {"role"}


def _fail(path: str, message: str) -> InputError:
    return InputError(message, field=path)


def _mapping(value: Any, path: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(path, f"expected a mapping, got {_kind(value)}")
    return value


def _list(value: Any, path: str, *, nonempty: bool = False) -> list:
    if value is None and not nonempty:
        return []
    if not isinstance(value, list):
        raise _fail(path, f"expected a list, got {_kind(value)}")
    if nonempty and not value:
        raise _fail(path, "expected at least one entry, got an empty list")
    return value


def _str(value: Any, path: str, *, required: bool = True) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(path, f"expected a non-empty string, got {_kind(value)}")
    return value


def _name(value: Any, path: str, *, required: bool = True) -> str:
    """A name printed on terminals and in tables: no control characters (no escape
    sequences, newlines or bidi overrides that would rewrite what is shown)."""
    s = _str(value, path, required=required)
    if not s.isprintable():
        bad = next(ch for ch in s if not ch.isprintable())
        raise _fail(path, f"holds the control character U+{ord(bad):04X}; a name is one line of plain text")
    return s


def _or_empty(value: Any) -> Any:
    """An absent mapping as an empty one (``[]`` or ``""`` is not absent: a wrong type)."""
    return {} if value is None else value


def _strings(value: Any, path: str) -> tuple[str, ...]:
    """A list of non-empty strings (absent: none), each checked as ``path[i]``."""
    return tuple(_str(x, f"{path}[{i}]") for i, x in enumerate(_list(value, path)))


def _id(value: Any, path: str) -> str:
    s = _str(value, path)
    if not ID_RE.fullmatch(s):
        raise _fail(path, f"{s!r} is not an id (letters, digits, _ . -)")
    return s


def _number(value: Any, path: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise _fail(path, f"expected a number, got {value!r}") from None
        else:
            raise _fail(path, f"expected a number, got {_kind(value)}")
    try:
        x = float(value)
    except OverflowError:  # an int of hundreds of digits
        raise _fail(path, f"a number of {len(str(abs(value)))} digits is too large (at most {MAX_MAGNITUDE:g})") from None
    if not math.isfinite(x):
        raise _fail(path, f"{_kind(value)} is not a finite number")
    if abs(x) > MAX_MAGNITUDE:
        raise _fail(path, f"{x:g} is too large (at most {MAX_MAGNITUDE:g} in magnitude)")
    return x


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, (dict, list)):
        return type(value).__name__
    return repr(value) if len(repr(value)) < 40 else type(value).__name__


def _fmt(x: float) -> str:
    return f"{x:g}"


def estimate(
    value: Any, path: str, lo: float | None = None, hi: float | None = None, *,
    positive: bool = False, default_basis: str = "",
) -> Estimate:
    """A bare number or ``{value, range: [low, high], dist, basis}``, checked against bounds."""
    if isinstance(value, dict):
        _unknown(value, path, ESTIMATE_KEYS)
        if "value" not in value:
            raise _fail(f"{path}.value", "is missing")
        v = _number(value["value"], f"{path}.value")
        rng = value.get("range")
        if rng is None:
            low = high = v
        else:
            r = _list(rng, f"{path}.range")
            if len(r) != 2:
                raise _fail(f"{path}.range", f"expected [low, high], got {len(r)} values")
            low = _number(r[0], f"{path}.range[0]")
            high = _number(r[1], f"{path}.range[1]")
            if low > high:
                raise _fail(f"{path}.range", f"low {_fmt(low)} is above high {_fmt(high)}")
            if not low <= v <= high:
                raise _fail(f"{path}.value", f"{_fmt(v)} is outside its range {_fmt(low)}..{_fmt(high)}")
        # a range's default shape is triangular; a point has none, and is written as a bare
        # number's would be, so that a point read back from its own dump compares equal
        dist = value.get("dist", "triangular" if rng is not None else "uniform")
        if dist not in DISTRIBUTIONS:
            raise _fail(f"{path}.dist", f"{dist!r} is not one of {', '.join(DISTRIBUTIONS)}")
        basis = _str(value.get("basis"), f"{path}.basis", required=False) or default_basis
    else:
        v = _number(value, path)
        low = high = v
        dist = "uniform"
        basis = default_basis
    where = path if not isinstance(value, dict) else f"{path}.value"
    for x, p in ((v, where), (low, f"{path}.range"), (high, f"{path}.range")):
        if positive and x <= 0:
            raise _fail(p, f"{_fmt(x)} must be above 0")
        if lo is not None and hi is not None and not lo <= x <= hi:
            raise _fail(p, f"{_fmt(x)} is outside {_fmt(lo)}..{_fmt(hi)}")
    return Estimate(v, low, high, dist, basis)


def _unknown(d: dict, path: str, allowed: set[str]) -> None:
    """Refuse a key ``allowed`` does not hold, naming the nearest valid one."""
    extra = sorted(set(map(str, d)) - allowed)
    if extra:
        where = f"{path}.{extra[0]}" if path else extra[0]
        raise _fail(where, f"unknown field{_did_you_mean(extra[0], allowed)} (expected one of {', '.join(sorted(allowed))})")


def _did_you_mean(key: str, allowed: set[str]) -> str:
    """``; did you mean 'levers'?`` for the valid name nearest ``key`` (difflib's ratio
    of at least 0.6, or the same name but for case, or one a prefix of the other); ''
    where none is near."""
    import difflib

    folded = key.lower().strip().replace("-", "_").replace(" ", "_")
    for name in sorted(allowed):
        if folded == name:
            return f"; did you mean {name!r}?"
    near = difflib.get_close_matches(folded[:100], sorted(allowed), n=1, cutoff=0.6)
    if not near and len(folded) >= 3:
        near = [n for n in sorted(allowed) if n.startswith(folded) or folded.startswith(n)][:1]
    return f"; did you mean {near[0]!r}?" if near else ""


def _evidence(value: Any, path: str) -> tuple[Evidence, ...]:
    out = []
    for i, e in enumerate(_list(value, path)):
        p = f"{path}[{i}]"
        e = _mapping(e, p)
        _unknown(e, p, EVIDENCE_KEYS)
        statements = _strings(e.get("statements"), f"{p}.statements")
        source = _str(e.get("source"), f"{p}.source", required=False)
        quote = _str(e.get("quote"), f"{p}.quote", required=False)
        if not statements and not (source and quote):
            raise _fail(p, "expected a source with a verbatim quote, or statement ids")
        out.append(Evidence(source, quote, statements))
    return tuple(out)


def _date(value: Any, path: str) -> str:
    import datetime as _dt

    if isinstance(value, _dt.date):  # a loader that read an unquoted date as a date
        value = value.isoformat()[:10]
    s = value if isinstance(value, str) else ""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise _fail(path, f"expected a date YYYY-MM-DD, got {_kind(value)}")
    try:
        _dt.date.fromisoformat(s)
    except ValueError:
        raise _fail(path, f"{s!r} is not a date of the calendar") from None
    return s


def _aliases(value: Any, path: str) -> tuple[Alias, ...]:
    out = []
    for i, a in enumerate(_list(value, path)):
        p = f"{path}[{i}]"
        if isinstance(a, dict):
            _unknown(a, p, ALIAS_KEYS)
            out.append(Alias(
                _name(a.get("text"), f"{p}.text"),
                _date(a["from"], f"{p}.from") if a.get("from") is not None else None,
                _date(a["to"], f"{p}.to") if a.get("to") is not None else None,
            ))
        else:
            out.append(Alias(_name(a, p)))
    return tuple(out)


def scenario_from_dict(doc: Any) -> Scenario:
    """Validate ``doc`` (a parsed YAML/JSON document) into a :class:`Scenario`."""
    if doc is None:
        raise _fail("", "the document is empty")
    doc = _mapping(doc, "(top level)")
    _unknown(doc, "", KNOWN_TOP | EXTRA_TOP | {"$schema"})
    if "$schema" in doc:  # where an editor finds the JSON Schema (accord schema); not kept
        _str(doc["$schema"], "$schema")
        doc = {k: v for k, v in doc.items() if k != "$schema"}
    sid = _id(doc.get("id"), "id")
    name = _name(doc.get("name", sid), "name")

    actors: list[Actor] = []
    seen: set[str] = set()
    raw_actors = _list(doc.get("actors"), "actors", nonempty=True)
    raw_issues = _list(doc.get("issues"), "issues", nonempty=True)

    issues: list[Issue] = []
    issue_seen: set[str] = set()
    for j, s in enumerate(raw_issues):
        p = f"issues[{j}]"
        s = _mapping(s, p)
        _unknown(s, p, ISSUE_KEYS)
        iid = _id(s.get("id"), f"{p}.id")
        if iid in issue_seen:
            raise _fail(f"{p}.id", f"duplicate issue id {iid!r}")
        issue_seen.add(iid)
        scale_raw = _list(s.get("scale", [0, 100]), f"{p}.scale")
        if len(scale_raw) != 2:
            raise _fail(f"{p}.scale", "expected [low end, high end]")
        lo, hi = _number(scale_raw[0], f"{p}.scale[0]"), _number(scale_raw[1], f"{p}.scale[1]")
        if not lo < hi:
            raise _fail(f"{p}.scale", f"low end {_fmt(lo)} must be below high end {_fmt(hi)}")
        if "status_quo" not in s:
            raise _fail(f"{p}.status_quo", "is missing")
        anchors = {}
        for key, text in _mapping(_or_empty(s.get("anchors")), f"{p}.anchors").items():
            x = _number(key, f"{p}.anchors.{key}")
            if not lo <= x <= hi:
                raise _fail(f"{p}.anchors.{key}", f"{_fmt(x)} is outside the scale {_fmt(lo)}..{_fmt(hi)}")
            anchors[x] = _str(text, f"{p}.anchors.{key}")
        issues.append(Issue(
            id=iid,
            name=_name(s.get("name", iid), f"{p}.name"),
            status_quo=estimate(s["status_quo"], f"{p}.status_quo", lo, hi),
            scale=(lo, hi),
            low=_str(s.get("low"), f"{p}.low", required=False),
            high=_str(s.get("high"), f"{p}.high", required=False),
            anchors=anchors,
            keywords=_strings(s.get("keywords"), f"{p}.keywords"),
            keywords_up=_strings(s.get("keywords_up"), f"{p}.keywords_up"),
            keywords_down=_strings(s.get("keywords_down"), f"{p}.keywords_down"),
            description=_str(s.get("description"), f"{p}.description", required=False),
            group=_str(s.get("group"), f"{p}.group", required=False),
            veto=_strings(s.get("veto"), f"{p}.veto"),
        ))
    scale_of = {i.id: i.scale for i in issues}

    for i, a in enumerate(raw_actors):
        p = f"actors[{i}]"
        a = _mapping(a, p)
        _unknown(a, p, ACTOR_KEYS)
        aid = _id(a.get("id"), f"{p}.id")
        if aid in seen:
            raise _fail(f"{p}.id", f"duplicate actor id {aid!r}")
        seen.add(aid)
        if "capability" not in a:
            raise _fail(f"{p}.capability", "is missing")
        by_issue = {}
        for key, est in _mapping(_or_empty(a.get("capability_by_issue")), f"{p}.capability_by_issue").items():
            if key not in issue_seen:
                raise _fail(f"{p}.capability_by_issue.{key}", f"unknown issue {key!r}")
            by_issue[key] = estimate(est, f"{p}.capability_by_issue.{key}", positive=True)
        actors.append(Actor(
            id=aid,
            name=_name(a.get("name", aid), f"{p}.name"),
            capability=estimate(a["capability"], f"{p}.capability", positive=True),
            aliases=_aliases(a.get("aliases"), f"{p}.aliases"),
            capability_by_issue=by_issue,
            description=_str(a.get("description"), f"{p}.description", required=False),
            valid_from=_date(a["valid_from"], f"{p}.valid_from") if a.get("valid_from") is not None else None,
            valid_to=_date(a["valid_to"], f"{p}.valid_to") if a.get("valid_to") is not None else None,
        ))
        if actors[-1].valid_from and actors[-1].valid_to and actors[-1].valid_to <= actors[-1].valid_from:
            raise _fail(f"{p}.valid_to", f"{actors[-1].valid_to} is not after valid_from {actors[-1].valid_from}")
    for j, iss in enumerate(issues):
        for v, who in enumerate(iss.veto):
            if who not in seen:
                raise _fail(f"issues[{j}].veto[{v}]", f"unknown actor {who!r} (actors are {', '.join(sorted(seen))})")

    positions: list[Position] = []
    pairs: set[tuple[str, str]] = set()
    for m, q in enumerate(_list(doc.get("positions"), "positions", nonempty=True)):
        p = f"positions[{m}]"
        q = _mapping(q, p)
        _unknown(q, p, POSITION_KEYS)
        actor = _str(q.get("actor"), f"{p}.actor")
        if actor not in seen:
            raise _fail(f"{p}.actor", f"unknown actor {actor!r} (actors are {', '.join(sorted(seen))})")
        issue = _str(q.get("issue"), f"{p}.issue")
        if issue not in issue_seen:
            raise _fail(f"{p}.issue", f"unknown issue {issue!r} (issues are {', '.join(sorted(issue_seen))})")
        if (actor, issue) in pairs:
            raise _fail(p, f"a second position for actor {actor!r} on issue {issue!r}")
        pairs.add((actor, issue))
        for key in ("position", "salience"):
            if key not in q:
                raise _fail(f"{p}.{key}", "is missing")
        lo, hi = scale_of[issue]
        assumption = q.get("assumption", False)
        if not isinstance(assumption, bool):
            raise _fail(f"{p}.assumption", f"expected true or false, got {_kind(assumption)}")
        positions.append(Position(
            actor=actor,
            issue=issue,
            position=estimate(q["position"], f"{p}.position", lo, hi),
            salience=estimate(q["salience"], f"{p}.salience", 0.0, 1.0),
            evidence=_evidence(q.get("evidence"), f"{p}.evidence"),
            assumption=assumption,
            note=_str(q.get("note"), f"{p}.note", required=False),
        ))

    levers: list[Lever] = []
    lever_seen: set[str] = set()
    for m, lv in enumerate(_list(doc.get("levers"), "levers")):
        p = f"levers[{m}]"
        lv = _mapping(lv, p)
        _unknown(lv, p, LEVER_KEYS)
        lid = _id(lv.get("id"), f"{p}.id")
        if lid in lever_seen:
            raise _fail(f"{p}.id", f"duplicate lever id {lid!r}")
        lever_seen.add(lid)
        effects = []
        for e_i, e in enumerate(_list(lv.get("effects"), f"{p}.effects", nonempty=True)):
            ep = f"{p}.effects[{e_i}]"
            effects.append(effect_from_dict(e, ep, seen, issue_seen))
        lever_assumption = lv.get("assumption", False)
        if not isinstance(lever_assumption, bool):  # "no" is a string, not false
            raise _fail(f"{p}.assumption", f"expected true or false, got {_kind(lever_assumption)}")
        levers.append(Lever(
            id=lid,
            description=_str(lv.get("description", lid), f"{p}.description"),
            effects=tuple(effects),
            evidence=_evidence(lv.get("evidence"), f"{p}.evidence"),
            assumption=lever_assumption,
        ))

    extra = {k: v for k, v in doc.items() if k not in KNOWN_TOP}
    if extra.get("clock") is not None:
        _clock_keys(extra["clock"])
    if extra.get("settles_after") is not None:
        extra["settles_after"] = _date(extra["settles_after"], "settles_after")
    if "applied_levers" in extra:
        extra["applied_levers"] = list(_strings(extra["applied_levers"], "applied_levers"))
    date = doc.get("date")
    return Scenario(
        id=sid,
        name=name,
        actors=tuple(actors),
        issues=tuple(issues),
        positions=tuple(positions),
        levers=tuple(levers),
        description=_str(doc.get("description"), "description", required=False),
        date=_date(date, "date") if date is not None else None,
        assumptions=_strings(doc.get("assumptions"), "assumptions"),
        sources=_sources(doc.get("sources")),
        extra=extra,
    )


def effect_from_dict(e: Any, path: str, actors: set[str], issues: set[str]) -> Effect:
    """One lever effect: ``{target, op, amount, actor?, issue?}``; ids checked."""
    e = _mapping(e, path)
    _unknown(e, path, EFFECT_KEYS)
    target = e.get("target")
    if target not in LEVER_TARGETS:
        raise _fail(f"{path}.target", f"{target!r} is not one of {', '.join(LEVER_TARGETS)}")
    op = e.get("op")
    if op not in LEVER_OPS:
        raise _fail(f"{path}.op", f"{op!r} is not one of {', '.join(LEVER_OPS)}")
    actor = e.get("actor")
    if actor in ALL:
        actor = None
    elif not isinstance(actor, str):
        raise _fail(f"{path}.actor", f"expected an actor id, got {_kind(actor)}")
    elif actor not in actors:
        raise _fail(f"{path}.actor", f"unknown actor {actor!r}")
    issue = e.get("issue")
    if issue in ALL:
        issue = None
    elif not isinstance(issue, str):
        raise _fail(f"{path}.issue", f"expected an issue id, got {_kind(issue)}")
    elif issue not in issues:
        raise _fail(f"{path}.issue", f"unknown issue {issue!r}")
    if "amount" not in e:
        raise _fail(f"{path}.amount", "is missing")
    return Effect(target, op, estimate(e["amount"], f"{path}.amount"), actor, issue)


def _sources(value: Any) -> tuple[dict[str, Any], ...]:
    """``sources:``, each ``{id, file?, url?, title?, ...}`` (SOURCE_KEYS), ids unique."""
    out = []
    seen: set[str] = set()
    for i, x in enumerate(_list(value, "sources")):
        p = f"sources[{i}]"
        x = _mapping(x, p)
        _unknown(x, p, SOURCE_KEYS)
        sid = _str(x.get("id"), f"{p}.id", required=False)
        if sid and sid in seen:
            raise _fail(f"{p}.id", f"duplicate source id {sid!r}")
        seen.add(sid)
        for key in ("file", "url", "title", "outlet", "kind", "note"):
            _str(x.get(key), f"{p}.{key}", required=False)
        if x.get("published") is not None:
            _date(x["published"], f"{p}.published")
        if x.get("published_between") is not None:
            pb = _list(x["published_between"], f"{p}.published_between")
            if len(pb) != 2:
                raise _fail(f"{p}.published_between", f"expected [first date, last date], got {len(pb)} values")
            for k, d in enumerate(pb):
                _date(d, f"{p}.published_between[{k}]")
        out.append(x)
    return tuple(out)


def _clock_keys(raw: Any) -> None:
    """The keys and types of ``clock:``; what the values mean (an issue that exists, a
    parameter inside its bounds, a basis or ``assumption: true``) is checked by
    accord/simulate/clock.py when the clock runs. A misspelt key is refused on reading,
    as anywhere else."""
    raw = _mapping(raw, "clock")
    _unknown(raw, "clock", CLOCK_TEXT_KEYS | CLOCK_PARAM_KEYS)
    for key in ("issue", "model"):
        if raw.get(key) is not None:
            _str(raw[key], f"clock.{key}")
    for key in ("low_side", "high_side"):
        if raw.get(key) is not None:
            _strings(raw[key], f"clock.{key}")
    for key in sorted(CLOCK_PARAM_KEYS):
        if raw.get(key) is not None:
            _clock_estimate(raw[key], f"clock.{key}", CLOCK_ESTIMATE_KEYS)
    if raw.get("military") is not None:
        for actor, entry in _mapping(raw["military"], "clock.military").items():
            path = f"clock.military.{actor}"
            entry = _mapping(entry, path)
            _clock_estimate(entry, path, FIGHTER_KEYS)
            if "role" not in entry:
                raise _fail(f"{path}.role", "is missing")
            _str(entry["role"], f"{path}.role")


def _clock_estimate(value: Any, path: str, keys: set[str]) -> None:
    if isinstance(value, dict):
        _unknown(value, path, keys)
        if not isinstance(value.get("assumption", False), bool):
            raise _fail(f"{path}.assumption", f"expected true or false, got {_kind(value['assumption'])}")
        estimate({k: v for k, v in value.items() if k in ESTIMATE_KEYS}, path)
    else:
        estimate(value, path)

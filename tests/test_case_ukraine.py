"""The built-in case ``ukraine_2024`` against its brief, its sources and the gold stances.

Ids, aliases and levers are parsed from the case brief (``CASE-ukraine-2024.md``) rather
than listed here, so the case and the brief cannot drift apart unnoticed. Each check is a
function returning the problems it finds; the tests assert there are none in the shipped
case, and that each check does find the problem in a deliberately broken copy.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

import accord
from accord.scenario import Scenario, case_path, load_file, scenario_from_dict
from conftest import shared_path

CASE = "ukraine_2024"
MIN_ASSUMED_WIDTH = 30.0  # an assumed position's range spans at least this many scale points
MAX_ASSUMED_SALIENCE = 0.5  # and the actor is not said to care much about it
MIN_QUOTE_CHARS = 15  # a quote long enough to pin a sentence


# -- the brief, the seeds and the gold ------------------------------------------------------
def _table(text: str, heading: str) -> list[list[str]]:
    """Data rows (cells) of the first Markdown table after the heading line ``heading``."""
    lines = text.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.strip() == heading)
    rows: list[list[str]] = []
    for ln in lines[start + 1:]:
        if ln.startswith("#"):
            break
        if ln.startswith("|"):
            rows.append([c.strip() for c in ln.strip().strip("|").split("|")])
        elif rows:
            break
    return [r for r in rows[1:] if not set("".join(r)) <= set("-: ")]  # drop header, rule


def _tick_id(cell: str) -> str:
    m = re.fullmatch(r"`([a-z0-9_]+)`", cell)
    assert m, f"brief table cell {cell!r} is not a `id`"
    return m.group(1)


@lru_cache(maxsize=None)
def _brief_text() -> str:
    return shared_path("CASE-ukraine-2024.md").read_text(encoding="utf-8")


def brief_issues() -> list[str]:
    return [_tick_id(r[0]) for r in _table(_brief_text(), "## Scales")]


def brief_actors() -> dict[str, list[str]]:
    """actor id -> the aliases the brief lists for it."""
    out = {}
    for row in _table(_brief_text(), "## Actors"):
        out[_tick_id(row[0])] = [a.strip() for a in row[2].split(",") if a.strip()]
    return out


def brief_levers() -> dict[str, str]:
    """lever id -> the brief's "what it changes in the model"."""
    return {_tick_id(r[0]): r[2] for r in _table(_brief_text(), "## Levers the seeds name")}


def brief_anchor_points() -> list[float]:
    header = next(ln for ln in _brief_text().splitlines() if ln.startswith("| issue | 0 |"))
    return [float(c) for c in header.strip().strip("|").split("|")[1:]]


@lru_cache(maxsize=None)
def manifest() -> dict[str, dict]:
    doc = json.loads(shared_path("corpus", "seeds", "manifest.json").read_text(encoding="utf-8"))
    return {a["file"]: a for a in doc["articles"]}


@lru_cache(maxsize=None)
def seed_text(name: str) -> str:
    return shared_path("corpus", "seeds", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def gold_directions() -> dict[tuple[str, str], str]:
    """(actor, issue) -> 'up'/'down' where the seeds' non-optional gold lines agree.

    Lines that report what the actor said or did (not hedged) decide where there are any;
    otherwise the hedged lines (the author's guess about the actor) do. Optional lines
    count for nothing, as in the scoring (``eval/ANNOTATION.md``).
    """
    plain: dict[tuple[str, str], set[str]] = {}
    hedged: dict[tuple[str, str], set[str]] = {}
    for line in shared_path("eval", "seeds-gold.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        g = json.loads(line)
        if g["optional"]:
            continue
        (hedged if g["hedged"] else plain).setdefault((g["actor"], g["issue"]), set()).add(g["direction"])
    out = {}
    for key in set(plain) | set(hedged):
        dirs = plain.get(key) or hedged[key]
        if len(dirs) == 1:
            out[key] = next(iter(dirs))
    return out


# -- the case ----------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _raw() -> str:
    return case_path(CASE).read_text(encoding="utf-8")


def raw_doc() -> dict:
    return yaml.safe_load(_raw())


@pytest.fixture(scope="module")
def scn() -> Scenario:
    return accord.load(CASE)


def _evidence(s: Scenario):
    """(where, Evidence) for every quote in the case: positions and levers."""
    for p in s.positions:
        for e in p.evidence:
            yield f"positions[{p.actor}/{p.issue}]", e
    for lv in s.levers:
        for e in lv.evidence:
            yield f"levers[{lv.id}]", e


# -- checks: each returns a list of problems -------------------------------------------------
def problems_ids(s: Scenario) -> list[str]:
    out = []
    for what, mine, theirs in (
        ("actors", list(s.actor_ids), list(brief_actors())),
        ("issues", list(s.issue_ids), brief_issues()),
        ("levers", [lv.id for lv in s.levers], list(brief_levers())),
    ):
        if sorted(mine) != sorted(theirs):
            out.append(f"{what}: case has {sorted(mine)}, brief has {sorted(theirs)}")
        elif len(set(mine)) != len(mine):
            out.append(f"{what}: duplicate ids")
    return out


def problems_aliases(s: Scenario) -> list[str]:
    out = []
    for aid, aliases in brief_actors().items():
        try:
            actor = s.actor(aid)
        except KeyError:
            out.append(f"{aid}: missing")
            continue
        mine = {a.text.lower(): a for a in actor.aliases}
        for alias in aliases:
            dated_from = "(from 2025-01-20)" in alias
            dated_to = "(before 2025-01-20)" in alias
            text = re.sub(r"\((from|before) [0-9-]+\)", "", alias).strip()
            a = mine.get(text.lower())
            if a is None:
                out.append(f"{aid}: alias {text!r} from the brief is missing")
            elif dated_from and a.valid_from != "2025-01-20":
                out.append(f"{aid}: alias {text!r} must hold from 2025-01-20, has from={a.valid_from}")
            elif dated_to and a.valid_to != "2025-01-20":
                out.append(f"{aid}: alias {text!r} must hold until 2025-01-20, has to={a.valid_to}")
    # Aliases the brief dates only inside one cell (e.g. "Washington" after "(from ...)").
    us = {a.text: a for a in s.actor("us").aliases} if "us" in s.actor_ids else {}
    for text in ("the White House", "Washington"):
        if text in us and us[text].valid_from != "2025-01-20":
            out.append(f"us: alias {text!r} must hold only from 2025-01-20")
    return out


def problems_issues(s: Scenario) -> list[str]:
    out = []
    points = set(brief_anchor_points())
    for i in s.issues:
        if i.scale != (0.0, 100.0):
            out.append(f"{i.id}: scale {i.scale}, expected (0, 100)")
        if not (i.low and i.high):
            out.append(f"{i.id}: says not what 0 and 100 mean")
        if not points <= set(i.anchors):
            out.append(f"{i.id}: anchors {sorted(i.anchors)} miss {sorted(points - set(i.anchors))}")
        sq = i.status_quo
        if not (sq.low < sq.high and sq.basis.strip()):
            out.append(f"{i.id}: status quo needs a range and a basis")
        if len(i.all_keywords) < 8:
            out.append(f"{i.id}: only {len(i.all_keywords)} keywords")
    if "territory" in s.issue_ids and 85.0 not in s.issue("territory").anchors:
        out.append("territory: anchor 85 (the current line plus the rest of Donetsk) is missing")
    return out


def problems_coverage(s: Scenario) -> list[str]:
    have = {(p.actor, p.issue) for p in s.positions}
    return [f"no position for {a} on {i}" for a in s.actor_ids for i in s.issue_ids if (a, i) not in have]


def problems_ranges(s: Scenario) -> list[str]:
    out = []
    for p in s.positions:
        if not p.position.low < p.position.high:
            out.append(f"{p.actor}/{p.issue}: position has no range")
        if not p.salience.low < p.salience.high:
            out.append(f"{p.actor}/{p.issue}: salience has no range")
    return out


def problems_quotes(s: Scenario) -> list[str]:
    out = []
    files = manifest()
    for where, e in _evidence(s):
        if e.source not in files:
            out.append(f"{where}: source {e.source!r} is not in the seeds' manifest")
        elif len(e.quote) < MIN_QUOTE_CHARS:
            out.append(f"{where}: quote {e.quote!r} is too short to pin a sentence")
        elif e.quote not in seed_text(e.source):
            out.append(f"{where}: not a verbatim substring of {e.source}: {e.quote[:60]!r}")
    return out


def problems_sources(s: Scenario) -> list[str]:
    out = []
    files = manifest()
    listed = {src.get("file"): src for src in s.sources}
    if set(listed) != set(files):
        out.append(f"sources {sorted(map(str, listed))} differ from the manifest {sorted(files)}")
    for f, src in listed.items():
        m = files.get(f)
        if m is None:
            continue
        if src.get("id") != f or src.get("kind") != m["kind"] or list(src.get("published_between", [])) != m["published_between"]:
            out.append(f"source {f}: id/kind/published_between differ from the manifest")
    return out


def problems_assumptions(s: Scenario) -> list[str]:
    out = []
    for p in s.positions:
        key = f"{p.actor}/{p.issue}"
        if not p.evidence and not p.assumption:
            out.append(f"{key}: no evidence, yet not marked as an assumption")
        if p.assumption:
            width = p.position.high - p.position.low
            if width < MIN_ASSUMED_WIDTH:
                out.append(f"{key}: assumed, but its range is only {width:g} wide")
            if p.salience.value > MAX_ASSUMED_SALIENCE:
                out.append(f"{key}: assumed, but salience {p.salience.value:g} > {MAX_ASSUMED_SALIENCE}")
            if not p.note.strip():
                out.append(f"{key}: assumed without a note saying on what")
    return out


def problems_gold(s: Scenario) -> list[str]:
    out = []
    gold = gold_directions()
    for (actor, issue), direction in sorted(gold.items()):
        p = s.position(actor, issue)
        if p is None:
            out.append(f"{actor}/{issue}: gold has a stance, the case no position")
            continue
        if p.assumption:
            out.append(f"{actor}/{issue}: the seeds carry a stance ({direction}), yet it is marked an assumption")
            continue
        v = p.position.value
        if (direction == "up" and not v > 50) or (direction == "down" and not v < 50):
            out.append(f"{actor}/{issue}: position {v:g} is not {direction} (gold)")
    return out


def problems_levers(s: Scenario) -> list[str]:
    out = []
    for lv in s.levers:
        if not lv.evidence:
            out.append(f"{lv.id}: no evidence")
        if not lv.description.strip():
            out.append(f"{lv.id}: no description")
        for k, e in enumerate(lv.effects):
            if not (e.amount.low < e.amount.high and e.amount.basis.strip()):
                out.append(f"{lv.id}.effects[{k}]: amount needs a range and a basis")
    return out


def _moves(s: Scenario, e) -> list[float]:
    """Signed change each selected (actor, issue) sees from effect ``e`` at its point value."""
    actors = [e.actor] if e.actor else list(s.actor_ids)
    issues = [e.issue] if e.issue else list(s.issue_ids)
    out = []
    for a in actors:
        for i in issues:
            if e.target == "capability":
                actor = s.actor(a)
                base = actor.capability_by_issue.get(i, actor.capability).value
            else:
                p = s.position(a, i)
                base = getattr(p, e.target).value
            new = {"set": e.amount.value, "shift": base + e.amount.value, "scale": base * e.amount.value}[e.op]
            out.append(new - base)
    return out


def problems_lever_brief(s: Scenario) -> list[str]:
    """Each lever does what the brief's "what it changes" column says, in its direction."""
    out = []
    names = {a.lower(): a for a in s.actor_ids} | {"us": "us", "nato": "nato"}
    for lid, says in brief_levers().items():
        try:
            lv = s.lever(lid)
        except KeyError:
            out.append(f"{lid}: missing")
            continue
        for issue in re.findall(r"`([a-z_]+)`", says):
            if not any(e.issue in (issue, None) for e in lv.effects):
                out.append(f"{lid}: the brief names {issue}, no effect touches it")
        for name, issue, verb in re.findall(r"(\w+)'s capability(?: on `(\w+)`)? (rises|falls)", says):
            aid = names.get(name.lower())
            eff = [e for e in lv.effects if e.target == "capability" and e.actor == aid and e.issue in (issue or None, None)]
            sign = 1 if verb == "rises" else -1
            if not eff or not all(m * sign > 0 for e in eff for m in _moves(s, e)):
                out.append(f"{lid}: {name}'s capability should {verb.rstrip('s')}")
        for name, up, to, issue in re.findall(r"(\w+) moves (?:(up|down)|to (\d+)) on `(\w+)`", says):
            aid = names.get(name.lower())
            eff = [e for e in lv.effects if e.target == "position" and e.actor == aid and e.issue == issue]
            if not eff:
                out.append(f"{lid}: no position effect for {aid} on {issue}")
            elif to and not all(e.op == "set" and e.amount.value == float(to) for e in eff):
                out.append(f"{lid}: {aid} should be set to {to} on {issue}")
            elif up and not all(m * (1 if up == "up" else -1) > 0 for e in eff for m in _moves(s, e)):
                out.append(f"{lid}: {aid} should move {up} on {issue}")
        for a, b, toward in re.findall(r"(\w+) and (\w+) shift toward the (\w+) position", says):
            ref = names.get(toward.lower())
            for name in (a, b):
                aid = names.get(name.lower())
                eff = [e for e in lv.effects if e.target == "position" and e.actor == aid]
                if not eff:
                    out.append(f"{lid}: {name} does not shift")
                for e in eff:
                    for i in [e.issue] if e.issue else s.issue_ids:
                        gap = s.position(ref, i).position.value - s.position(aid, i).position.value
                        if any(m * gap < 0 for m in _moves(s, e)):
                            out.append(f"{lid}: {aid} moves away from {ref} on {i}")
        m = re.search(r"salience of `(\w+)` rises for both", says)
        if m:
            for aid in ("russia", "ukraine"):
                eff = [e for e in lv.effects if e.target == "salience" and e.actor == aid and e.issue == m.group(1)]
                if not eff or not all(x > 0 for e in eff for x in _moves(s, e)):
                    out.append(f"{lid}: {aid}'s salience on {m.group(1)} should rise")
    return out


def problems_capabilities(s: Scenario) -> list[str]:
    out = []
    for a in s.actors:
        if not a.capability.basis.strip():
            out.append(f"{a.id}: capability has no basis")
        if not a.capability.low < a.capability.high:
            out.append(f"{a.id}: capability has no range")
        for i, est in a.capability_by_issue.items():
            if not est.basis.strip():
                out.append(f"{a.id}: capability on {i} has no basis")
    return out


CHECKS = {
    "ids": problems_ids,
    "aliases": problems_aliases,
    "issues": problems_issues,
    "coverage": problems_coverage,
    "ranges": problems_ranges,
    "quotes": problems_quotes,
    "sources": problems_sources,
    "assumptions": problems_assumptions,
    "gold": problems_gold,
    "levers": problems_levers,
    "lever_brief": problems_lever_brief,
    "capabilities": problems_capabilities,
}


# -- tests on the shipped case ---------------------------------------------------------------
def test_case_loads_by_name_and_by_file(scn: Scenario) -> None:
    assert scn.id == CASE
    assert scn.to_dict() == load_file(case_path(CASE)).to_dict()
    assert scn.date is not None and "2024-11-07" <= scn.date <= "2024-11-30"
    assert scn.assumptions and all(a.strip() for a in scn.assumptions)
    x = scn.inputs()
    assert x.position.shape == (9, 7)
    assert not (x.position != x.position).any()  # no NaN: every actor has every position
    assert (x.capability > 0).all()
    assert ((x.salience >= 0) & (x.salience <= 1)).all()


def test_levers_load_with_real_ids(scn: Scenario) -> None:
    ids_a, ids_i = set(scn.actor_ids), set(scn.issue_ids)
    for lv in scn.levers:
        for e in lv.effects:
            assert e.actor is None or e.actor in ids_a
            assert e.issue is None or e.issue in ids_i


@pytest.mark.parametrize("check", sorted(CHECKS))
def test_case_passes(scn: Scenario, check: str) -> None:
    problems = CHECKS[check](scn)
    assert problems == [], "\n".join(problems)


def test_counts_are_those_of_the_brief(scn: Scenario) -> None:
    n = len(brief_actors()) * len(brief_issues())
    assert len(scn.positions) == n
    backed = sum(1 for p in scn.positions if not p.assumption)
    assert backed >= len(gold_directions())  # every stance the seeds carry is backed


# -- each check catches a broken copy --------------------------------------------------------
def _broken(mutate) -> Scenario:
    doc = copy.deepcopy(raw_doc())
    mutate(doc)
    return scenario_from_dict(doc)


def _pos(doc: dict, actor: str, issue: str) -> dict:
    return next(p for p in doc["positions"] if p["actor"] == actor and p["issue"] == issue)


def _set_quote(doc: dict) -> None:
    q = _pos(doc, "russia", "territory")["evidence"][0]
    q["quote"] = q["quote"].replace("'", "’")  # straight apostrophe made curly: not verbatim


def _drop_evidence(doc: dict) -> None:
    p = _pos(doc, "russia", "military_limits")
    p.pop("evidence")


def _narrow_assumption(doc: dict) -> None:
    p = _pos(doc, "china", "sanctions")
    p["position"] = {"value": 80, "range": [75, 85]}


def _flip_gold(doc: dict) -> None:
    _pos(doc, "ukraine", "territory")["position"] = {"value": 60, "range": [40, 80]}


def _assume_gold(doc: dict) -> None:
    _pos(doc, "russia", "nato_membership")["assumption"] = True


def _drop_position(doc: dict) -> None:
    doc["positions"].remove(_pos(doc, "nato", "sanctions"))


def _rename_lever(doc: dict) -> None:
    doc["levers"][0]["id"] = "condition_aid_v2"


def _lever_no_evidence(doc: dict) -> None:
    doc["levers"][-1].pop("evidence")


def _lever_wrong_way(doc: dict) -> None:
    lv = next(lv for lv in doc["levers"] if lv["id"] == "oil_at_50")
    lv["effects"][0]["amount"] = {"value": 1.1, "range": [1.0, 1.2], "basis": "wrong way"}


def _capability_no_basis(doc: dict) -> None:
    doc["actors"][2]["capability"].pop("basis")


def _drop_alias(doc: dict) -> None:
    us = next(a for a in doc["actors"] if a["id"] == "us")
    us["aliases"] = [a for a in us["aliases"] if not (isinstance(a, dict) and a["text"] == "the White House")]
    us["aliases"].append("the White House")  # undated: wrong before 2025-01-20


def _unknown_source(doc: dict) -> None:
    _pos(doc, "us", "territory")["evidence"][0]["source"] = "999_missing.txt"


def _drop_anchor(doc: dict) -> None:
    del next(i for i in doc["issues"] if i["id"] == "territory")["anchors"][85]


@pytest.mark.parametrize(
    "mutate, check",
    [
        (_set_quote, "quotes"),
        (_unknown_source, "quotes"),
        (_drop_evidence, "assumptions"),
        (_narrow_assumption, "assumptions"),
        (_flip_gold, "gold"),
        (_assume_gold, "gold"),
        (_drop_position, "coverage"),
        (_rename_lever, "ids"),
        (_lever_no_evidence, "levers"),
        (_lever_wrong_way, "lever_brief"),
        (_capability_no_basis, "capabilities"),
        (_drop_alias, "aliases"),
        (_drop_anchor, "issues"),
    ],
    ids=lambda x: getattr(x, "__name__", x),
)
def test_check_catches_broken_copy(mutate, check: str) -> None:
    assert CHECKS[check](_broken(mutate)), f"{check} did not notice {mutate.__name__}"


def test_loader_rejects_lever_on_unknown_actor() -> None:
    def bad(doc: dict) -> None:
        doc["levers"][0]["effects"][0]["actor"] = "harris"

    with pytest.raises(accord.InputError, match="unknown actor"):
        _broken(bad)


def test_brief_parses() -> None:
    """The brief's tables read as expected (guards the parsing the other tests rest on)."""
    assert len(brief_actors()) == 9 and "us_congress" in brief_actors()
    assert len(brief_issues()) == 7 and brief_issues()[0] == "territory"
    assert len(brief_levers()) == 8 and "kursk_leverage" in brief_levers()
    assert brief_anchor_points() == [0, 25, 50, 75, 100]
    assert Path(shared_path("eval", "seeds-gold.jsonl")).exists() and gold_directions()

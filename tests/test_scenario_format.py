"""The strict scenario format (issue 14, item 2): the reader and the published schema
(pydantic models, `accord schema`) name the same keys, refuse unknown ones at every level
with the nearest valid name, and agree on what they accept."""

from __future__ import annotations

import copy
import json
import textwrap

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.scenario import builtin_cases, case_path, scenario_from_dict
from accord.scenario import model as M
from accord.scenario import validate as V

def _doc() -> dict:
    return yaml.safe_load(textwrap.dedent("""\
        id: mini
        name: Mini
        sources:
        - {id: s1, file: s1.txt, kind: news, published: "2024-01-02"}
        actors:
        - {id: a, name: A, capability: 1, aliases: ["Alpha", {text: Al, from: "2024-01-01"}]}
        - {id: b, name: B, capability: {value: 2, range: [1, 3]}}
        issues:
        - {id: x, name: X, scale: [0, 100], status_quo: 50, keywords: [x]}
        positions:
        - actor: a
          issue: x
          position: 10
          salience: {value: 0.5, range: [0.4, 0.6], dist: pert, basis: b}
          evidence: [{source: s1, quote: "we want ten"}]
        - {actor: b, issue: x, position: 90, salience: 0.7, assumption: true}
        levers:
        - id: l
          description: d
          effects:
          - {target: capability, op: scale, actor: a, amount: 2}
        clock:
          issue: x
          drift: {value: 0.5, range: [0.1, 1.0], assumption: true}
          military:
            a: {role: belligerent, value: 1, assumption: true}
        """))


# -- one set of keys -------------------------------------------------------------------

READER_KEYS = {
    "(top level)": V.KNOWN_TOP | V.EXTRA_TOP | {"$schema"},
    "actors[]": V.ACTOR_KEYS, "actors[].aliases[]": V.ALIAS_KEYS, "issues[]": V.ISSUE_KEYS,
    "positions[]": V.POSITION_KEYS, "levers[]": V.LEVER_KEYS, "levers[].effects[]": V.EFFECT_KEYS,
    "evidence[]": V.EVIDENCE_KEYS, "estimate": V.ESTIMATE_KEYS, "sources[]": V.SOURCE_KEYS,
    "clock": V.CLOCK_TEXT_KEYS | V.CLOCK_PARAM_KEYS, "clock.<parameter>": V.CLOCK_ESTIMATE_KEYS,
    "clock.military.<actor>": V.FIGHTER_KEYS,
}


@pytest.mark.parametrize("section", sorted(M.SECTIONS))
def test_reader_and_published_schema_name_the_same_keys(section):
    assert M.field_names(M.SECTIONS[section]) == READER_KEYS[section]


def test_every_section_of_the_schema_forbids_other_keys():
    schema = M.json_schema()
    objects = [schema] + list(schema["$defs"].values())
    assert len(objects) == len(M.SECTIONS)
    assert all(o.get("additionalProperties") is False for o in objects)
    json.dumps(schema)  # plain JSON


@pytest.mark.parametrize("case", builtin_cases())
def test_builtin_cases_conform_to_the_published_schema(case):
    from accord.safeload import load_yaml

    doc = load_yaml(case_path(case).read_text(encoding="utf-8"))
    M.check_document(doc)
    sc = scenario_from_dict(doc)
    M.check_document(sc.to_dict())  # and what accord writes back


# -- a misspelt key at every level -----------------------------------------------------

def _set(doc, path, key, value="x"):
    node = doc
    for part in path:
        node = node[part]
    node[key] = value
    return doc


TYPOS = [
    ((), "levres", "levers", "levres"),
    ((), "Actors", "actors", "Actors"),
    (("actors", 0), "capabilty", "capability", "actors[0].capabilty"),
    (("actors", 0, "aliases", 1), "form", "from", "actors[0].aliases[1].form"),
    (("issues", 0), "status_qou", "status_quo", "issues[0].status_qou"),
    (("issues", 0), "keyword", "keywords", "issues[0].keyword"),
    (("positions", 0), "salince", "salience", "positions[0].salince"),
    (("positions", 0, "salience"), "rnage", "range", "positions[0].salience.rnage"),
    (("positions", 0, "evidence", 0), "qoute", "quote", "positions[0].evidence[0].qoute"),
    (("levers", 0), "efects", "effects", "levers[0].efects"),
    (("levers", 0, "effects", 0), "amout", "amount", "levers[0].effects[0].amout"),
    (("sources", 0), "titel", "title", "sources[0].titel"),
    (("clock",), "drfit", "drift", "clock.drfit"),
    (("clock", "drift"), "assumtion", "assumption", "clock.drift.assumtion"),
    (("clock", "military", "a"), "rol", "role", "clock.military.a.rol"),
]


@pytest.mark.parametrize("path, key, near, field", TYPOS, ids=[t[3] for t in TYPOS])
def test_a_misspelt_key_names_the_field_and_the_nearest_valid_key(path, key, near, field):
    doc = _set(_doc(), path, key)
    with pytest.raises(InputError) as err:
        scenario_from_dict(doc)
    assert err.value.field == field
    assert f"did you mean {near!r}?" in err.value.message
    with pytest.raises(InputError, match="unknown field"):  # the published schema refuses it too
        M.check_document(doc)


def test_a_key_near_nothing_suggests_nothing():
    with pytest.raises(InputError) as err:
        scenario_from_dict(_set(_doc(), (), "zzzzqqq"))
    assert err.value.field == "zzzzqqq" and "did you mean" not in err.value.message


def test_the_message_is_one_line_through_the_cli(tmp_path):
    from typer.testing import CliRunner

    from accord.cli import app

    f = tmp_path / "s.yaml"
    f.write_text(yaml.safe_dump(_set(_doc(), ("issues", 0), "status_qou")), encoding="utf-8")
    r = CliRunner().invoke(app, ["validate", str(f)])
    assert r.exit_code == 2
    lines = r.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"accord: error: {f}: issues[0].status_qou: unknown field; did you mean 'status_quo'?")


def test_dollar_schema_line_is_allowed_and_not_kept():
    doc = _doc()
    doc["$schema"] = "./scenario.schema.json"
    sc = scenario_from_dict(doc)
    assert "$schema" not in sc.extra and "$schema" not in sc.to_dict()
    M.check_document(doc)


# -- a wrong type at any depth ---------------------------------------------------------

WRONG = [
    (("positions", 0, "salience", "range"), 1, "positions[0].salience.range"),
    (("positions", 0, "evidence", 0, "statements"), "st1", "positions[0].evidence[0].statements"),
    (("levers", 0, "effects", 0, "amount"), "lots", "levers[0].effects[0].amount"),
    (("actors", 1, "capability", "range", 0), [1], "actors[1].capability.range[0]"),
    (("sources", 0, "published"), "next week", "sources[0].published"),
    (("issues", 0, "keywords", 0), {"a": 1}, "issues[0].keywords[0]"),
    (("positions", 1, "assumption"), "no", "positions[1].assumption"),
]


@pytest.mark.parametrize("path, value, field", WRONG, ids=[w[2] for w in WRONG])
def test_a_wrong_type_at_depth_names_the_field(path, value, field):
    doc = _doc()
    _set(doc, path[:-1], path[-1], value)
    with pytest.raises(InputError) as err:
        scenario_from_dict(doc)
    assert err.value.field == field
    with pytest.raises(InputError):
        M.check_document(doc)


# -- the reader never accepts what the published schema refuses -------------------------

PATHS = [
    ("id",), ("name",), ("date",), ("settles_after",), ("actors", 0, "capability"), ("actors", 0, "valid_from"),
    ("actors", 1, "capability", "range"), ("issues", 0, "scale"), ("issues", 0, "status_quo"),
    ("issues", 0, "anchors"), ("issues", 0, "veto"), ("positions", 0, "position"), ("positions", 0, "salience"),
    ("positions", 0, "salience", "dist"), ("positions", 0, "evidence"), ("positions", 1, "assumption"),
    ("levers", 0, "effects", 0, "op"), ("levers", 0, "effects", 0, "actor"), ("sources", 0, "published_between"),
    ("clock", "drift"), ("clock", "low_side"), ("applied_levers",), ("assumptions",),
]
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-200, 200) | st.floats(allow_nan=False, width=32)
    | st.sampled_from(["", "x", "a", "2024-01-01", "pert", "shift", "all", "1e3", "50"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["value", "range", "x"]), inner,
                                                                   max_size=2),
    max_leaves=6,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), VALUES), min_size=1, max_size=3))
def test_what_the_reader_accepts_conforms_to_the_schema(changes):
    doc = _doc()
    for path, value in changes:
        try:
            _set(doc, path[:-1], path[-1], copy.deepcopy(value))
        except (KeyError, IndexError, TypeError):
            continue
    try:
        scenario_from_dict(copy.deepcopy(doc))
    except InputError:
        return
    M.check_document(doc)


def test_the_schema_check_names_the_field_path():
    doc = _doc()
    doc["positions"][0]["salience"] = {"value": 0.5, "range": "wide"}
    with pytest.raises(InputError) as err:
        M.check_document(doc)
    assert err.value.field == "positions[0].salience.range"
    doc = _doc()
    del doc["issues"][0]["status_quo"]
    with pytest.raises(InputError) as err:
        M.check_document(doc)
    assert (err.value.field, err.value.message) == ("issues[0].status_quo", "is missing")


def test_docs_scenario_examples_all_read(tmp_path):
    """Every complete example in docs/scenario.md validates, and every section's snippet
    uses only keys the format names (each YAML block parsed and checked by section)."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "scenario.md").read_text(encoding="utf-8")
    blocks = [b.split("```", 1)[0] for b in text.split("```yaml\n")[1:]]
    assert len(blocks) >= 8
    whole = [yaml.safe_load(b) for b in blocks if b.startswith("id:")]
    assert whole
    for doc in whole:
        scenario_from_dict(doc)
        M.check_document(doc)
    checked = 0
    for b in blocks:
        doc = yaml.safe_load(b)
        if not isinstance(doc, dict) or "id" in doc:
            continue
        for key, value in doc.items():
            if key in ("actors", "issues", "positions", "levers", "sources"):
                model = {"actors": M.ActorDoc, "issues": M.IssueDoc, "positions": M.PositionDoc,
                         "levers": M.LeverDoc, "sources": M.SourceDoc}[key]
                for entry in value:
                    model.model_validate(entry)
                    checked += 1
            elif key == "clock":
                M.ClockDoc.model_validate(value)
                checked += 1
            elif key == "salience":
                M.EstimateDoc.model_validate(value) if isinstance(value, dict) else float(value)
    assert checked >= 7

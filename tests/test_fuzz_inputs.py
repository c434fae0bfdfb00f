"""Fuzzing the readers (issue 10): whatever the bytes, a result or one clean error, never a crash.

Derandomised hypothesis runs, a few seconds each. Properties:

* a scenario file (YAML or JSON), mutated anywhere, loads into a Scenario or raises
  InputError whose one line starts with the file name; a Scenario that loads gives a
  finite forecast (degenerate numbers are refused at the schema, not turned into nulls);
* arbitrary text as a scenario file: the same;
* a feed (JSONL, JSON, CSV) of arbitrary rows: every row becomes an article or a reason.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.forecast import solve
from accord.news.read import read_input
from accord.scenario import load

FUZZ = settings(derandomize=True, deadline=None, max_examples=120, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

BASE = {
    "id": "mini", "name": "Mini", "date": "2024-11-24",
    "actors": [
        {"id": "a", "name": "A", "capability": {"value": 1, "range": [0.5, 2]}, "aliases": ["Alpha"]},
        {"id": "b", "name": "B", "capability": 2, "capability_by_issue": {"x": 3}},
    ],
    "issues": [{"id": "x", "name": "X", "scale": [0, 100], "status_quo": 50, "anchors": {0: "no", 100: "yes"}}],
    "positions": [
        {"actor": "a", "issue": "x", "position": 10, "salience": 0.5,
         "evidence": [{"source": "s.txt", "quote": "q"}]},
        {"actor": "b", "issue": "x", "position": {"value": 90, "range": [80, 95]}, "salience": 0.7},
    ],
    "levers": [{"id": "l", "effects": [{"target": "capability", "op": "scale", "actor": "a", "amount": 2}]}],
    "sources": [{"title": "t", "published": "2024-11-12"}],
}

HOSTILE = st.one_of(
    st.sampled_from([
        None, True, False, "", "no", "yes", "2024-13-40", "nan", "inf", "-inf", "1e308", 1e308, -1e308, 1e-320,
        10 ** 400, -(10 ** 400), 0, -1, 2 ** 63, "a\nb", "\x1b[2J", "\u202e", "a" * 5000, [], {}, [[[[[]]]]],
        {"value": 1e308}, {"value": 5, "range": [9, 1]}, ["a", "b"], [1, 2, 3], "x", "b", "*",
    ]),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
)


def _paths(doc, prefix=()):
    """Every (path) to a value in a nested document."""
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


@st.composite
def mutated(draw):
    doc = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PATHS))
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            kind = draw(st.sampled_from(["set", "set", "delete", "extra"]))
            if kind == "set":
                parent[path[-1]] = draw(HOSTILE)
            elif kind == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[draw(st.sampled_from(["zz", 1, "note", "range", "value"]))] = draw(HOSTILE)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier mutation removed or replaced this path
    return doc


def _check(path: Path) -> None:
    try:
        scenario = load(str(path))
    except InputError as exc:
        msg = str(exc)
        assert msg.startswith(str(path)) and "\n" not in msg, msg
        return
    out = solve(scenario, ["compromise", "median"])
    for m in out.models:
        assert np.all(np.isfinite(out.solutions[m].outcome)), (m, out.solutions[m].outcome)


@FUZZ
@given(doc=mutated(), as_json=st.booleans())
def test_mutated_scenarios_load_or_fail_cleanly(tmp_path_factory, doc, as_json):
    folder = tmp_path_factory.mktemp("fuzz")
    if as_json:
        try:
            text = json.dumps(doc, allow_nan=True)
        except ValueError:  # an int past Python's str conversion limit
            return
        path = folder / "s.json"
    else:
        text = yaml.safe_dump(doc, allow_unicode=True)
        path = folder / "s.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    _check(path)


YAMLISH = st.lists(st.sampled_from(list("ab01:-[]{}&*!|>'\"#,.\n ") + ["!!set ", "!!binary ", "<<: ", "id: x\n",
                                    "actors:\n- ", "&a ", "*a ", "1e400", "2024-13-40"]),
                   max_size=80).map("".join)


@FUZZ
@given(text=YAMLISH, suffix=st.sampled_from([".yaml", ".json", ".csv"]))
def test_arbitrary_text_as_a_scenario(tmp_path_factory, text, suffix):
    path = tmp_path_factory.mktemp("fuzz") / f"s{suffix}"
    path.write_text(text or "x", encoding="utf-8")
    _check(path)


JSONISH = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(
        st.sampled_from(["text", "title", "id", "published", "date", "url", "source", "zz"]), inner, max_size=5)),
    max_leaves=12,
)


@FUZZ
@given(rows=st.lists(JSONISH, min_size=1, max_size=5), kind=st.sampled_from(["jsonl", "json", "csv"]))
def test_feeds_give_an_article_or_a_reason_per_row(tmp_path_factory, rows, kind):
    path = tmp_path_factory.mktemp("feed") / f"feed.{kind}"
    if kind == "jsonl":
        path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    elif kind == "json":
        path.write_text(json.dumps(rows))
    else:
        path.write_text("title,text,published\n" + "\n".join(
            ",".join(json.dumps(str(v))[1:-1].replace(",", " ") for v in (r if isinstance(r, list) else [r])[:3])
            for r in rows) + "\n")
    reads = list(read_input(path))
    assert reads
    for r in reads:
        assert (r.article is None) != (r.error == "")  # an article, or the reason there is none
        if r.article is not None:
            assert r.article.text.strip() and r.article.sha256
            assert r.article.published is None or len(r.article.published) == 10
        else:
            assert "\n" not in r.error and len(r.error) < 2000

"""`accord validate` beyond reading (issue 14, item 2): evidence quotes against their
sources, missing actor x issue positions as warnings, and `accord schema`."""

from __future__ import annotations

import json
import textwrap

import pytest
from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.scenario import load
from accord.scenario.check import check_quotes, missing_positions

from conftest import SEEDS, shared_path

SCENARIO = textwrap.dedent("""\
    id: iran_2015
    sources:
    - {id: wire, file: wire-0402.txt}
    actors:
    - {id: us, capability: 100}
    - {id: iran, capability: 40}
    - {id: eu, capability: 30}
    issues:
    - {id: enrichment, status_quo: 100}
    - {id: sanctions, status_quo: 100}
    positions:
    - actor: us
      issue: enrichment
      position: 20
      salience: 0.9
      evidence: [{source: wire, quote: "We will not accept\\n   an industrial programme"}]
    - {actor: iran, issue: enrichment, position: 80, salience: 0.8}
    - {actor: us, issue: sanctions, position: 60, salience: 0.5}
    - {actor: iran, issue: sanctions, position: 0, salience: 0.9}
    - {actor: eu, issue: sanctions, position: 50, salience: 0.4}
    levers:
    - id: talk
      evidence: [{source: other.txt, quote: "talks will go on"}]
      effects: [{target: salience, op: shift, amount: 0.1}]
    """)
WIRE = "WASHINGTON - An official said: \u201cWe will not accept an industrial programme.\u201d\nThe talks resume.\n"
OTHER = "Both sides said the talks will go on through the night.\n"


def _invoke(*args):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def case(tmp_path):
    (tmp_path / "iran.yaml").write_text(SCENARIO, encoding="utf-8")
    (tmp_path / "wire-0402.txt").write_text(WIRE, encoding="utf-8")
    (tmp_path / "other.txt").write_text(OTHER, encoding="utf-8")
    return tmp_path


def test_quotes_verbatim_in_their_sources_pass_and_are_counted(case):
    r = _invoke("validate", str(case / "iran.yaml"))
    assert r.exit_code == 0, r.output
    assert "quotes: 2 verbatim in their 2 source files" in r.output
    q = check_quotes(load(str(case / "iran.yaml")), case)
    assert q.checked == 2 and len(q.sources) == 2


@pytest.mark.parametrize("old, new", [
    ("We will not accept", "We won't accept"),  # reworded
    ("We will not accept", "We will not  accept any"),  # a word added
    ("industrial programme", "industrial programmes"),  # a letter added
])
def test_a_quote_not_in_its_source_exits_2_naming_the_field(case, old, new):
    f = case / "iran.yaml"
    f.write_text(SCENARIO.replace(old, new), encoding="utf-8")
    r = _invoke("validate", str(f))
    assert r.exit_code == 2
    line, = r.output.strip().splitlines()
    assert line.startswith(f"accord: error: {f}: positions[0].evidence[0].quote: not verbatim in its source 'wire'")


def test_a_straight_apostrophe_for_a_curly_one_is_not_verbatim(case):
    (case / "other.txt").write_text(OTHER.replace("talks will", "talks\u2019ll"), encoding="utf-8")
    f = case / "iran.yaml"
    f.write_text(SCENARIO.replace("talks will go on", "talks'll go on"), encoding="utf-8")
    r = _invoke("validate", str(f))
    assert r.exit_code == 2 and "levers[0].evidence[0].quote" in r.output


def test_a_source_file_missing_exits_2_once_sources_are_at_hand(case):
    (case / "other.txt").unlink()
    r = _invoke("validate", str(case / "iran.yaml"))
    assert r.exit_code == 2
    assert "levers[0].evidence[0].source: no source file 'other.txt' in" in r.output


def test_no_source_at_hand_is_said_not_an_error(case, tmp_path_factory):
    for name in ("wire-0402.txt", "other.txt"):
        (case / name).unlink()
    r = _invoke("validate", str(case / "iran.yaml"))
    assert r.exit_code == 0
    assert "quotes: 2 not checked: no source file in" in r.output
    # named with --sources, a folder without them is an error
    empty = tmp_path_factory.mktemp("empty")
    r = _invoke("validate", str(case / "iran.yaml"), "--sources", str(empty))
    assert r.exit_code == 2 and "positions[0].evidence[0].source: no source file 'wire-0402.txt'" in r.output


def test_a_hostile_quote_is_shown_escaped_on_one_line(case):
    f = case / "iran.yaml"
    f.write_text(SCENARIO.replace("talks will go on", "\\e[2J\\e]0;pwned\\a gone"), encoding="utf-8")
    r = _invoke("validate", str(f))
    assert r.exit_code == 2
    assert "\x1b" not in r.output and "\x07" not in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_missing_positions_are_warnings_per_actor_exit_0(case):
    sc = load(str(case / "iran.yaml"))
    assert missing_positions(sc) == [("eu", "enrichment")]
    r = _invoke("validate", str(case / "iran.yaml"))
    assert r.exit_code == 0
    warnings = [ln for ln in r.output.splitlines() if ln.startswith("warning:")]
    assert warnings == [f"warning: {case / 'iran.yaml'}: actor 'eu' has no position on 1 of 2 issues: enrichment "
                        "(it takes no part there)"]


def test_the_built_in_case_quotes_are_verbatim_in_the_seeds():
    shared_path("corpus", "seeds")
    sc = load("ukraine_2024")
    q = check_quotes(sc, SEEDS, required=True)
    assert q.checked > 50 and len(q.sources) == 5
    r = _invoke("validate", "ukraine_2024", "--sources", str(SEEDS))
    assert r.exit_code == 0 and f"quotes: {q.checked} verbatim" in r.output


def test_check_quotes_raises_input_error_with_field(case):
    sc = load(str(case / "iran.yaml"))
    (case / "wire-0402.txt").write_text("nothing of the kind\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        check_quotes(sc, case)
    assert err.value.field == "positions[0].evidence[0].quote"


def test_schema_command_prints_and_writes_the_same_json_schema(tmp_path):
    from accord.scenario.model import json_schema

    r = _invoke("schema")
    assert r.exit_code == 0
    printed = json.loads(r.output)
    assert printed == json.loads(json.dumps(json_schema()))
    assert printed["additionalProperties"] is False
    assert set(printed["required"]) == {"id", "actors", "issues", "positions"}
    out = tmp_path / "sub" / "scenario.schema.json"
    r = _invoke("schema", "--out", str(out))
    assert r.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == printed
    r = _invoke("schema", "--out", str(tmp_path))  # a folder: one line, exit 2
    assert r.exit_code == 2 and "--out" in r.output


def test_validate_also_checks_the_published_schema(case):
    """A value the reader lets through as text but the schema types (a source title as
    a number) is refused by validate, with the field."""
    f = case / "iran.yaml"
    f.write_text(SCENARIO.replace("{id: wire, file: wire-0402.txt}", "{id: wire, file: wire-0402.txt, title: 7}"),
                 encoding="utf-8")
    r = _invoke("validate", str(f))
    assert r.exit_code == 2 and "sources[0].title" in r.output

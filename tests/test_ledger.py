"""The sealed forecast ledger: seal, verify (tampering named), reproduce, bad input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.forecast import scenario_sha256
from accord.ledger import (GENESIS, QKEYS, Ledger, check_chain, digest, read_jsonl, reproduce)
from accord.ledger.canonical import canonical

REPO = Path(__file__).resolve().parents[1]
RUBRIC = REPO / "docs" / "rubric-territory.example.yaml"
TODAY = "2026-11-30"
QUESTION = "Where will the territorial terms land?"


def accord_cli(*args: str, today: str = TODAY):
    return CliRunner().invoke(app, list(args), env={"ACCORD_TODAY": today}, catch_exceptions=False)


def seal(ledger: Path, *extra: str, question: str = QUESTION, issue: str = "territory",
         resolves_by: str = "2027-06-30", rubric: Path = RUBRIC, case: str = "ukraine_2024"):
    return accord_cli("seal", case, "--question", question, "--issue", issue, "--resolves-by", resolves_by,
                      "--rubric", str(rubric), "--model", "compromise", "--model", "nash", "--draws", "200",
                      "--seed", "3", "--ledger", str(ledger), *extra)


def files(ledger: Path) -> dict[str, bytes | None]:
    """The bytes of the ledger and its export (None where absent)."""
    return {p.name: (p.read_bytes() if p.exists() else None) for p in (ledger, ledger.with_suffix(".jsonl"))}


@pytest.fixture(scope="module")
def sealed(tmp_path_factory) -> Path:
    """A ledger with one real sealed record (ukraine_2024, territory, 200 draws, seed 3)."""
    ledger = tmp_path_factory.mktemp("sealed") / "ledger.db"
    r = seal(ledger)
    assert r.exit_code == 0, r.output
    return ledger


def test_seal_stores_points_quantiles_scenario_and_rubric(sealed):
    (e,) = Ledger(sealed).entries()
    b = e.body
    assert e.kind == "seal" and e.seq == 1 and e.prev == GENESIS
    assert b["status"] == "sealed" and b["question"] == QUESTION and b["issue"] == "territory"
    assert b["resolves_by"] == "2027-06-30" and b["sealed_on"] == TODAY
    assert b["accord_version"] == accord.__version__ and b["draws"] == 200 and b["seed"] == 3
    assert b["models"] == ["compromise", "nash"] and set(b["parameters"]) == {"compromise", "nash"}
    # the stored scenario is the text whose sha256 accord forecast --json reports
    case = accord.load("ukraine_2024")
    assert b["scenario_sha256"] == scenario_sha256(case)
    assert scenario_sha256(accord.scenario.scenario_from_dict(json.loads(b["scenario_json"]))) == b["scenario_sha256"]
    for m in ("compromise", "nash"):
        f = b["forecast"][m]
        qs = [f["quantiles"][k] for k in QKEYS]
        assert len(qs) == 99 and qs == sorted(qs) and qs[0] < qs[-1]
        assert f["point"] == pytest.approx(accord.solve(case, [m]).outcome(m, "territory"), abs=1e-6)
        assert 0 <= f["p_above"] <= 1  # the example rubric is a threshold question (above 75)
    assert b["baselines"]["status_quo"] == {"point": 75, "p_above": 0}
    assert b["baselines"]["compromise"] == b["forecast"]["compromise"]
    assert b["rubric"]["threshold"] == {"above": 75} and len(b["rubric"]["mapping"]) == 6
    # the export holds the same entry, as canonical JSON with its hash
    (line,) = sealed.with_suffix(".jsonl").read_text().splitlines()
    assert line == e.line() and json.loads(line)["hash"] == digest(e.unsigned())


def test_sealed_record_solves_again_byte_for_byte(sealed, tmp_path):
    (e,) = Ledger(sealed).entries()
    rep = reproduce(e.seq, e.body)
    assert rep.ok, rep.describe()
    # same input and seed: a second ledger is the same bytes
    again = tmp_path / "ledger.db"
    assert seal(again).exit_code == 0
    assert again.with_suffix(".jsonl").read_bytes() == sealed.with_suffix(".jsonl").read_bytes()
    # a record whose numbers were not what this accord computes is named, with the versions
    body = json.loads(canonical(e.body))
    body["forecast"]["nash"]["quantiles"]["p50"] += 1
    body["accord_version"] = "0.0.9"
    bad = reproduce(e.seq, body)
    assert not bad.ok
    text = bad.describe()
    assert "sealed with accord 0.0.9, installed " + accord.__version__ in text and "forecast.nash.quantiles.p50" in text


def _synthetic(path: Path, n: int = 4) -> Ledger:
    led = Ledger(path)
    led.append([("seal", {"question": f"q{i}", "issue": "x", "value": i + 0.5}) for i in range(n)])
    return led


def _verify(ledger: Path, *extra: str):
    return accord_cli("ledger", "verify", "--ledger", str(ledger), "--no-resolve", *extra)


def test_verify_names_the_first_broken_entry_of_the_export(tmp_path):
    ledger = tmp_path / "ledger.db"
    _synthetic(ledger)
    export = ledger.with_suffix(".jsonl")
    good = export.read_text().splitlines()
    r = _verify(ledger)
    assert r.exit_code == 0 and "chain of 4 entries holds" in r.output and "matches" in r.output

    def tampered(lines):
        export.write_text("".join(x + "\n" for x in lines))
        return _verify(export)

    edited = list(good)
    edited[2] = edited[2].replace('"value":2.5', '"value":2.6')
    assert edited[2] != good[2]
    r = tampered(edited)
    assert r.exit_code == 1 and "entry 3 (line 3) was changed" in r.output
    r = tampered(good[:1] + good[2:])  # drop line 2
    assert r.exit_code == 1 and "entry 2 (line 2) is missing" in r.output
    r = tampered([good[0], good[2], good[1], good[3]])  # reorder
    assert r.exit_code == 1 and "entry 2 (line 2) is missing: the line holds entry 3" in r.output
    # the database beside it is intact; its check names the export as the broken copy
    r = _verify(ledger)
    assert r.exit_code == 1 and "chain of 4 entries holds" in r.output and "ledger.jsonl: BROKEN" in r.output


def test_a_rewritten_database_is_caught_by_its_chain_or_by_a_published_head(tmp_path):
    ledger = tmp_path / "ledger.db"
    led = _synthetic(ledger)
    published = accord_cli("ledger", "head", "--ledger", str(ledger)).output.strip()
    assert published == led.head() and len(published) == 64
    con = sqlite3.connect(ledger)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE entries SET body = '{}' WHERE seq = 2")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM entries WHERE seq = 4")
    # someone who drops the guard and edits a number breaks the chain at that entry
    con.execute("DROP TRIGGER entries_no_update")
    con.execute("UPDATE entries SET body = replace(body, '1.5', '1.25') WHERE seq = 2")
    con.commit()
    r = _verify(ledger)
    assert r.exit_code == 1 and "entry 2 (line 2) was changed" in r.output
    # rewriting every later hash too makes a chain that holds: only the published head shows it
    rows = con.execute("SELECT seq, kind, body FROM entries ORDER BY seq").fetchall()
    prev = GENESIS
    for seq, kind, body in rows:
        h = digest({"seq": seq, "prev": prev, "kind": kind, "body": json.loads(body)})
        con.execute("UPDATE entries SET hash = ?, prev = ? WHERE seq = ?", (h, prev, seq))
        prev = h
    con.commit()
    con.close()
    Ledger(ledger).export()
    assert _verify(ledger).exit_code == 0
    r = _verify(ledger, "--head", published)
    assert r.exit_code == 1 and f"the published head {published[:12]} is not in this ledger" in r.output
    assert check_chain(read_jsonl(ledger.with_suffix(".jsonl"))) is None


def test_verify_resolves_real_records(sealed):
    r = accord_cli("ledger", "verify", "--ledger", str(sealed))
    assert r.exit_code == 0, r.output
    assert "entry 1: reproduces (sealed with accord " + accord.__version__ + ")" in r.output


def _one_line_exit_2(r):
    assert r.exit_code == 2, r.output
    lines = [x for x in r.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("accord: error: "), r.output
    return lines[0]


def test_bad_input_is_one_line_exit_2_and_leaves_the_ledger_unchanged(sealed, tmp_path):
    before = files(sealed)
    rubric = yaml.safe_load(RUBRIC.read_text())
    no_mapping = tmp_path / "no-mapping.yaml"
    no_mapping.write_text(yaml.safe_dump({k: v for k, v in rubric.items() if k != "mapping"}))
    off_scale = tmp_path / "off-scale.yaml"
    off_scale.write_text(yaml.safe_dump({**rubric, "mapping": rubric["mapping"][:2] + [{"anchor": 60, "when": "x"}]}))
    cases = [
        (seal(sealed, issue="crimea"), "--issue: unknown issue 'crimea'"),
        (seal(sealed, resolves_by="2026-11-29"), "--resolves-by: 2026-11-29 is not after today (2026-11-30)"),
        (seal(sealed, resolves_by=TODAY), "is not after today"),
        (seal(sealed, resolves_by="June"), "--resolves-by: 'June' is not a date"),
        (seal(sealed, rubric=no_mapping), f"{no_mapping}: mapping: is missing"),
        (seal(sealed, rubric=off_scale), f"{off_scale}: mapping[2].anchor: 60 is not one of the issue's numbered anchors"),
        (seal(sealed, question="  "), "--question: the question is empty"),
        (accord_cli("grade", "7", "--observed", "50", "--source", "x", "--ledger", str(sealed)), "no sealed record 7"),
        (accord_cli("grade", "1", "--observed", "120", "--source", "x", "--ledger", str(sealed)),
         "--observed: 120 is outside record 1's scale 0..100"),
        (accord_cli("grade", "1", "--observed", "50", "--ledger", str(sealed)), "--source: the source that settles it is missing"),
    ]
    for r, message in cases:
        line = _one_line_exit_2(r)
        assert message in line, line
        assert files(sealed) == before, message
    # a ledger that was never created is not created by bad input
    fresh = tmp_path / "none" / "ledger.db"
    _one_line_exit_2(seal(fresh, issue="crimea"))
    assert not fresh.exists() and not fresh.parent.exists()


def test_grading_twice_is_refused_and_changes_nothing(tmp_path, sealed):
    ledger = tmp_path / "ledger.db"
    ledger.write_bytes(sealed.read_bytes())
    Ledger(ledger).export()
    r = accord_cli("grade", "1", "--observed", "80", "--source", "Reuters", "--ledger", str(ledger))
    assert r.exit_code == 0, r.output
    before = files(ledger)
    line = _one_line_exit_2(accord_cli("grade", "1", "--void", "no deal", "--source", "AP", "--ledger", str(ledger)))
    assert "record 1 was already graded in entry 2" in line
    assert files(ledger) == before
    kinds = [e.kind for e in Ledger(ledger).entries()]
    assert kinds == ["seal", "grade"]


def test_a_file_that_is_no_ledger_is_refused(tmp_path):
    other = tmp_path / "news.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    before = other.read_bytes()
    line = _one_line_exit_2(accord_cli("ledger", "head", "--ledger", str(other)))
    assert "is not an accord ledger" in line and other.read_bytes() == before


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-2**60, 2**60) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12)


@given(_json)
def test_canonical_json_reads_back_to_the_same_text(doc):
    text = canonical(doc)
    assert canonical(json.loads(text)) == text
    assert text.isascii()


def test_canonical_json_fixes_key_order_and_number_forms():
    assert canonical({"b": 75.0, "a": [0.1, 1e-7, -0.0, True, None], "é": "ü"}) == \
        '{"a":[0.1,1e-07,0,true,null],"b":75,"\\u00e9":"\\u00fc"}'
    with pytest.raises(ValueError):
        canonical({"x": float("nan")})

"""Reading scenarios: every format, round trips, and one clear line for bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from accord.errors import InputError
from accord.scenario import dump, load, load_file, scenario_from_dict

from conftest import shared_path

GOOD = {
    "id": "toy",
    "name": "Toy",
    "actors": [
        {"id": "a", "name": "A", "capability": {"value": 2, "range": [1, 3], "basis": "assumed"}},
        {"id": "b", "name": "B", "capability": 1, "capability_by_issue": {"y": 5}},
    ],
    "issues": [
        {"id": "x", "name": "X", "status_quo": 50, "anchors": {0: "nothing", 100: "everything"}},
        {"id": "y", "name": "Y", "status_quo": {"value": 10, "range": [0, 20]}},
    ],
    "positions": [
        {"actor": "a", "issue": "x", "position": {"value": 20, "range": [10, 30]}, "salience": 0.5,
         "evidence": [{"source": "s.txt", "quote": "we want twenty"}]},
        {"actor": "b", "issue": "x", "position": 80, "salience": {"value": 0.9, "range": [0.8, 1.0], "dist": "pert"}},
        {"actor": "a", "issue": "y", "position": 0, "salience": 0.1, "assumption": True, "note": "nothing said"},
    ],
    "levers": [
        {"id": "push", "description": "A pushes", "effects": [
            {"target": "position", "op": "shift", "actor": "a", "issue": "x", "amount": {"value": 5, "range": [0, 10]}}]},
    ],
}


def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(content, sort_keys=False), encoding="utf-8")
    return path


def test_yaml_json_round_trip_keeps_every_number(tmp_path):
    s = load_file(write(tmp_path, "toy.yaml", GOOD))
    again = load_file(write(tmp_path, "toy.json", dump(s, "json")))
    assert dump(again, "json") == dump(s, "json")
    assert again.position("b", "x").salience.dist == "pert"
    assert again.actor("b").capability_by_issue["y"].value == 5


def test_signed_keywords_round_trip_and_join_the_keywords(tmp_path):
    doc = json.loads(json.dumps(GOOD))
    doc["issues"][0].update(keywords=["land"], keywords_up=["cede"], keywords_down=["borders", "land"])
    s = load_file(write(tmp_path, "toy.yaml", doc))
    x = s.issue("x")
    assert (x.keywords_up, x.keywords_down) == (("cede",), ("borders", "land"))
    assert x.all_keywords == ("land", "cede", "borders")
    again = load_file(write(tmp_path, "toy.json", dump(s, "json")))
    assert again.issue("x") == x  # points included: a bare 50 reads back as the same Estimate


def test_inputs_arrays_follow_actor_and_issue_order(tmp_path):
    inp = load_file(write(tmp_path, "toy.yaml", GOOD)).inputs()
    assert inp.actors == ("a", "b") and inp.issues == ("x", "y")
    assert inp.position[0, 0] == 20 and inp.position[1, 0] == 80
    assert np.isnan(inp.position[1, 1]) and inp.salience[1, 1] == 0  # b says nothing on y
    assert inp.capability[1, 1] == 5 and inp.capability[1, 0] == 1  # per-issue capability
    assert inp.weight[1, 1] == 0


def test_plain_csv_in_the_bdm_reconstructions_format(tmp_path):
    text = "actor,capability,position,salience\nNL,0.08,4,0.8\nBE,0.08,7,0.4\nFR,0.16,10,0.6\n"
    s = load_file(write(tmp_path, "bdm.csv", text))
    assert s.actor_ids == ("nl", "be", "fr")
    assert s.issues[0].scale == (0.0, 100.0)
    # no status quo given: the weighted median, recorded as an assumption
    assert s.issues[0].status_quo.value == 7 and "status quo" in s.assumptions[0]


def test_plain_csv_with_issue_column_and_status_quo_row(tmp_path):
    text = ("actor,capability,position,salience,issue\n"
            "A,1,10,0.5,tax\nB,2,90,1,tax\nA,3,30,0.2,trade\nStatus Quo,0,50,0,tax\n")
    s = load_file(write(tmp_path, "multi.csv", text))
    assert s.issue_ids == ("tax", "trade")
    assert s.issue("tax").status_quo.value == 50
    assert s.position("b", "trade") is None
    assert s.actor("a").capability_by_issue == {} or s.actor("a").capability_by_issue["trade"].value == 3


def test_ktab_csv_is_read_with_salience_rescaled():
    s = load(str(shared_path("data", "ktab", "dummyData_3Dim.csv")))
    assert len(s.actors) == 7 and len(s.issues) == 3
    first = s.positions[0]
    assert first.position.value == pytest.approx(75.79)
    assert first.salience.value == pytest.approx(0.4953)
    assert s.actors[0].capability.value == pytest.approx(102.543)


@pytest.mark.parametrize(
    "mutate, field, words",
    [
        (lambda d: d["positions"][1].__setitem__("salience", 1.7), "positions[1].salience", "1.7 is outside 0..1"),
        (lambda d: d["positions"][0].__setitem__("actor", "zz"), "positions[0].actor", "unknown actor 'zz'"),
        (lambda d: d["positions"][0].__setitem__("issue", "zz"), "positions[0].issue", "unknown issue 'zz'"),
        (lambda d: d["actors"][1].__setitem__("id", "a"), "actors[1].id", "duplicate actor id"),
        (lambda d: d["issues"][1].__setitem__("id", "x"), "issues[1].id", "duplicate issue id"),
        (lambda d: d["actors"][0].pop("id"), "actors[0].id", "expected a non-empty string"),
        (lambda d: d["actors"][0].__setitem__("capability", -1), "actors[0].capability", "must be above 0"),
        (lambda d: d["positions"][0].__setitem__("position", {"value": 20, "range": [30, 10]}), "positions[0].position.range", "low 30 is above high 10"),
        (lambda d: d["positions"][0].__setitem__("position", 120), "positions[0].position", "outside 0..100"),
        (lambda d: d["positions"].append(dict(d["positions"][0])), "positions[3]", "a second position"),
        (lambda d: d["levers"][0]["effects"][0].__setitem__("actor", "ghost"), "levers[0].effects[0].actor", "unknown actor"),
        (lambda d: d["levers"][0]["effects"][0].__setitem__("target", "mood"), "levers[0].effects[0].target", "is not one of"),
        (lambda d: d["positions"][0].__setitem__("salience", "lots"), "positions[0].salience", "expected a number"),
        (lambda d: d.pop("actors"), "actors", "expected a list"),
        (lambda d: d["issues"][0].__setitem__("keywords_up", "relief"), "issues[0].keywords_up", "expected a list"),
        (lambda d: d["issues"][0].__setitem__("keywords_down", [3]), "issues[0].keywords_down[0]", "expected"),
    ],
)
def test_bad_fields_name_the_file_and_the_field(tmp_path, mutate, field, words):
    doc = json.loads(json.dumps(GOOD))
    mutate(doc)
    path = write(tmp_path, "scenario.yaml", doc)
    with pytest.raises(InputError) as err:
        load_file(path)
    assert str(err.value).startswith(f"{path}: {field}: "), str(err.value)
    assert words in str(err.value)


def test_nan_in_json_is_refused(tmp_path):
    doc = json.dumps(GOOD).replace('"salience": 0.5', '"salience": NaN')
    with pytest.raises(InputError, match=r"positions\[0\]\.salience: nan is not a finite number"):
        load_file(write(tmp_path, "s.json", doc))


def test_nan_in_yaml_is_refused(tmp_path):
    doc = yaml.safe_dump(GOOD).replace("salience: 0.5", "salience: .nan")
    with pytest.raises(InputError, match=r"positions\[0\]\.salience: nan is not a finite number"):
        load_file(write(tmp_path, "s.yaml", doc))


@pytest.mark.parametrize(
    "name, content, words",
    [
        ("empty.yaml", "", "the file is empty"),
        ("blank.yaml", "  \n\n", "the file is empty"),
        ("binary.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
        ("latin1.yaml", "id: caf\xe9\n".encode("latin-1"), "is not UTF-8"),
        ("broken.yaml", "id: [unclosed\nname: x\n", "malformed YAML"),
        ("broken.json", '{"id": "x",', "malformed JSON"),
        ("list.yaml", "- 1\n- 2\n", "expected a mapping"),
        ("wrong.csv", "actor,power,position,salience\nA,1,2,0.3\n", "missing column 'capability'"),
        ("badcell.csv", "actor,capability,position,salience\nA,1,high,0.3\n", "line 2, column position: expected a number"),
    ],
)
def test_bad_files_give_one_clear_message(tmp_path, name, content, words):
    path = write(tmp_path, name, content)
    with pytest.raises(InputError) as err:
        load_file(path)
    assert str(err.value).startswith(str(path)) and words in str(err.value)


def test_missing_file_and_unknown_case():
    with pytest.raises(InputError, match="no such scenario file"):
        load("does/not/exist.yaml")
    with pytest.raises(InputError, match="no built-in case 'atlantis'"):
        load("atlantis")


def test_cli_bad_input_is_one_line_and_exit_2(tmp_path):
    doc = json.loads(json.dumps(GOOD))
    doc["positions"][1]["salience"] = 1.7
    path = write(tmp_path, "scenario.yaml", doc)
    for args in (["validate", str(path)], ["forecast", str(path)], ["forecast", str(path), "--model", "nope"]):
        proc = subprocess.run([sys.executable, "-m", "accord.cli", *args], capture_output=True, text=True)
        assert proc.returncode == 2, proc
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert "positions[1].salience: 1.7 is outside 0..1" in subprocess.run(
        [sys.executable, "-m", "accord.cli", "validate", str(path)], capture_output=True, text=True).stderr


def test_write_atomic_refuses_folders_and_leaves_no_temp_file(tmp_path):
    from accord.scenario.io import write_atomic

    folder = tmp_path / "adir"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        write_atomic(folder, "x")
    blocker = tmp_path / "afile"
    blocker.write_text("keep me")
    with pytest.raises(InputError, match="a file stands where a folder is needed"):
        write_atomic(blocker / "report.html", "x")
    assert blocker.read_text() == "keep me"
    target = tmp_path / "ok" / "out.txt"
    write_atomic(target, "whole")
    assert target.read_text() == "whole"
    assert sorted(p.name for p in tmp_path.rglob("*.tmp")) == []


def test_ktab_row_with_extra_columns_is_refused(tmp_path):
    text = ("X, X issue, 2, 1,\nActor, Description, Power, X Position, X Salience\n"
            "A, a, 1, 10, 50\nB, b, 2, 90, 50, 7, 7\n")
    with pytest.raises(InputError, match="line 4: expected 5 columns, got 7"):
        load_file(write(tmp_path, "k.csv", text))

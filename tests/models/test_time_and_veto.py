"""Actors with dates (valid_from / valid_to, --as-of), veto players, issue groups."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import accord
from accord.errors import InputError
from accord.forecast import at_date, solve
from accord.models import get_model
from accord.scenario.validate import scenario_from_dict
from conftest import make_inputs

DOC = {
    "id": "t", "name": "dates and vetoes",
    "actors": [
        {"id": "a", "name": "A", "capability": 1},
        {"id": "b", "name": "B", "capability": 1},
        {"id": "old", "name": "Outgoing", "capability": 3, "valid_to": "2025-01-20"},
        {"id": "new", "name": "Incoming", "capability": 3, "valid_from": "2025-01-20"},
    ],
    "issues": [
        {"id": "x", "name": "X", "status_quo": 40, "veto": ["a"], "group": "deal"},
        {"id": "y", "name": "Y", "status_quo": 50, "veto": ["old"], "group": "deal"},
        {"id": "z", "name": "Z", "status_quo": 50},
    ],
    "positions": [
        {"actor": a, "issue": i, "position": p, "salience": 0.6}
        for a, row in {"a": (30, 20, 10), "b": (90, 80, 70), "old": (80, 90, 95), "new": (10, 15, 30)}.items()
        for i, p in zip("xyz", row)
    ],
}


def scenario(**changes):
    doc = json.loads(json.dumps(DOC))
    for path, value in changes.items():
        kind, idx, key = path.split(".")
        doc[kind][int(idx)][key] = value
    return scenario_from_dict(doc)


def test_bad_dates_and_unknown_veto_players_name_the_field():
    with pytest.raises(InputError, match=r"actors\[2\]\.valid_to: .*not after valid_from"):
        scenario(**{"actors.2.valid_from": "2025-02-01"})
    with pytest.raises(InputError, match=r"actors\[3\]\.valid_from: expected a date"):
        scenario(**{"actors.3.valid_from": "next year"})
    with pytest.raises(InputError, match=r"issues\[1\]\.veto\[0\]: unknown actor 'nobody'"):
        scenario(**{"issues.1.veto": ["nobody"]})


def test_cli_bad_input_is_one_line_exit_2(tmp_path):
    doc = json.loads(json.dumps(DOC))
    doc["actors"][2]["valid_from"] = "2025-03-01"
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(doc))
    proc = subprocess.run([sys.executable, "-m", "accord.cli", "forecast", str(path), "--model", "nash"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "valid_to" in proc.stderr and "bad.yaml" in proc.stderr


def test_as_of_drops_actors_outside_their_dates():
    sc = scenario()
    before, _ = at_date(sc, "2025-01-01")
    after, _ = at_date(sc, "2025-01-20")  # valid_to is exclusive, valid_from inclusive
    assert {p.actor for p in before.positions} == {"a", "b", "old"}
    assert {p.actor for p in after.positions} == {"a", "b", "new"}
    # the same forecast as a scenario that never had the actor
    doc = json.loads(json.dumps(DOC))
    doc["positions"] = [p for p in doc["positions"] if p["actor"] != "old"]
    doc["issues"][1]["veto"] = []
    without = scenario_from_dict(doc)
    for m in ("compromise", "nash", "eum"):
        np.testing.assert_array_equal(solve(after, [m]).solutions[m].outcome, solve(without, [m]).solutions[m].outcome)
    # settles_after is the default date
    dated = replace(sc, extra={"settles_after": "2025-02-01"})
    assert at_date(dated)[1] == "2025-02-01" and {p.actor for p in at_date(dated)[0].positions} == {"a", "b", "new"}
    with pytest.raises(InputError, match="settles_after"):
        at_date(replace(sc, extra={"settles_after": "soon"}))


def test_a_veto_player_absent_or_out_of_its_dates_has_no_veto():
    sc = scenario()
    assert sc.inputs().veto[2, 1]  # 'old' vetoes y while it takes part
    after, _ = at_date(sc, "2025-06-01")
    assert after.inputs().veto is None or not after.inputs().veto[2].any()


def test_nash_respects_veto_players_only():
    sc = scenario()
    inputs = sc.inputs()
    free = get_model("nash").solve(replace(inputs, veto=None)).outcome
    vetoed = get_model("nash").solve(inputs).outcome
    x, q = inputs.position, inputs.status_quo
    # x: veto player a at 30, status quo 40: the outcome is within 10 of 30
    assert free[0] > 40 and abs(vetoed[0] - 30) <= 10 + 1e-9
    # y: 'old' at 90 with status quo 50 accepts only 50..130
    assert vetoed[1] >= 50 - 1e-9
    # z: nobody vetoes, nothing changes
    assert vetoed[2] == free[2]
    doc = json.loads(solve(sc, ["nash", "compromise"]).to_json())
    assert doc["veto_ignored_by"] == ["compromise"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=3, max_size=6), st.integers(0, 100), st.data())
def test_nash_with_veto_never_leaves_a_veto_player_worse_than_the_status_quo(xs, q, data):
    n = len(xs)
    pos = np.array(xs, float)[:, None]
    sal = np.array(data.draw(st.lists(st.integers(1, 10), min_size=n, max_size=n)), float)[:, None] / 10
    cap = np.array(data.draw(st.lists(st.integers(1, 10), min_size=n, max_size=n)), float)[:, None]
    veto = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)))[:, None]
    inputs = replace(make_inputs(pos, sal, cap, np.array([float(q)])), veto=veto)
    out = get_model("nash").solve(inputs).outcome[0]
    for i in np.flatnonzero(veto[:, 0]):
        assert abs(out - pos[i, 0]) <= abs(q - pos[i, 0]) + 1e-9


def test_issue_groups_reach_smp():
    sc = scenario()
    assert sc.inputs().group == ("deal", "deal", "")
    sol = get_model("smp").solve(sc.inputs())
    # z is alone: the same as z solved by itself
    alone = accord.solve(replace(sc, issues=(sc.issues[2],), positions=tuple(p for p in sc.positions if p.issue == "z")),
                         ["smp"]).solutions["smp"].outcome[0]
    assert sol.outcome[2] == alone

"""Each lever of the built-in case moves the forecast the way the case brief says it should;
the what-if results are typed, and `accord whatif --json` is their document."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import accord
from accord.jsonnum import json_number
from accord.models import get_model
from accord.simulate.levers import apply_to_inputs
from accord.simulate.whatif import LeverEffects, WhatIfResult, each_lever, whatif


@pytest.fixture(scope="module")
def effects():
    scenario = accord.load("ukraine_2024")
    return scenario, each_lever(scenario, ["compromise", "nash"])


def test_every_lever_is_reported_for_every_issue(effects):
    scenario, eff = effects
    assert isinstance(eff, LeverEffects) and eff.levers == tuple(lv.id for lv in scenario.levers)
    for per_issue in eff.shifts.values():
        assert list(per_issue) == list(scenario.issue_ids)
    doc = eff.to_dict()  # the report's lever_effects: the same shifts, rounded
    assert doc["oil_at_50"]["territory"]["compromise"] == json_number(eff.shifts["oil_at_50"]["territory"]["compromise"])


@pytest.mark.parametrize("lever, issue, sign", [
    ("condition_aid", "us_aid", +1),          # the US moves up on us_aid; Ukraine's capability falls
    ("lift_strike_limits", "strike_limits", -1),  # the US moves to 0 on strike_limits
    ("north_korean_troops", "territory", +1),  # Russia's capability rises
    ("oil_at_50", "territory", -1),             # Russia's capability falls
    ("lame_duck_surge", "territory", -1),       # Ukraine's capability rises
])
def test_levers_move_the_compromise_the_way_the_brief_says(effects, lever, issue, sign):
    _, eff = effects
    shift = eff.shifts[lever][issue]["compromise"]
    assert shift * sign > 0, (lever, issue, shift)


def test_levers_combine_and_no_lever_is_no_change(effects):
    scenario, eff = effects
    both = whatif(scenario, ["condition_aid", "oil_at_50"], ["compromise"])
    assert isinstance(both, WhatIfResult) and both.shift("compromise", "us_aid") != 0
    alone = whatif(scenario, ["condition_aid"], ["compromise"])
    assert alone.shift("compromise", "us_aid") == pytest.approx(eff.shifts["condition_aid"]["us_aid"]["compromise"])


def test_whatif_json_is_the_documented_document_byte_for_byte():
    """`accord whatif --json` prints, byte for byte, the document built here from the models
    themselves: scenario, levers, models, and per issue each model's forecast without and
    with the levers and the shift, rounded to 6 decimals, in this key order."""
    levers, models = ["condition_aid", "oil_at_50"], ["compromise", "nash", "eum"]
    proc = subprocess.run([sys.executable, "-m", "accord.cli", "whatif", "ukraine_2024", *[a for lv in levers for a in ("-l", lv)],
                           *[a for m in models for a in ("-m", m)], "--json"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    sc = accord.load("ukraine_2024")
    base = sc.inputs()
    moved = apply_to_inputs(base, sc, levers)
    out = {m: (get_model(m).solve(base).outcome, get_model(m).solve(moved).outcome) for m in models}
    doc = {"scenario": "ukraine_2024", "levers": levers, "models": models, "issues": [
        {"id": iid, "models": {m: {"without": json_number(b[j]), "with": json_number(w[j]),
                                   "shift": json_number(float(w[j]) - float(b[j]))} for m, (b, w) in out.items()}}
        for j, iid in enumerate(sc.issue_ids)]}
    assert proc.stdout == json.dumps(doc, indent=2, allow_nan=False) + "\n"
    assert any(row["models"]["compromise"]["shift"] for row in doc["issues"])  # the levers move something

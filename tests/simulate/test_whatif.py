"""Each lever of the built-in case moves the forecast the way the case brief says it should."""

from __future__ import annotations

import pytest

import accord
from accord.simulate.whatif import each_lever, whatif


@pytest.fixture(scope="module")
def effects():
    scenario = accord.load("ukraine_2024")
    return scenario, each_lever(scenario, ["compromise", "nash"])


def test_every_lever_is_reported_for_every_issue(effects):
    scenario, eff = effects
    assert list(eff) == [lv.id for lv in scenario.levers]
    for per_issue in eff.values():
        assert set(per_issue) == set(scenario.issue_ids)


@pytest.mark.parametrize("lever, issue, sign", [
    ("condition_aid", "us_aid", +1),          # the US moves up on us_aid; Ukraine's capability falls
    ("lift_strike_limits", "strike_limits", -1),  # the US moves to 0 on strike_limits
    ("north_korean_troops", "territory", +1),  # Russia's capability rises
    ("oil_at_50", "territory", -1),             # Russia's capability falls
    ("lame_duck_surge", "territory", -1),       # Ukraine's capability rises
])
def test_levers_move_the_compromise_the_way_the_brief_says(effects, lever, issue, sign):
    _, eff = effects
    shift = eff[lever][issue]["compromise"]
    assert shift * sign > 0, (lever, issue, shift)


def test_levers_combine_and_no_lever_is_no_change(effects):
    scenario, eff = effects
    both = whatif(scenario, ["condition_aid", "oil_at_50"], ["compromise"])
    row = next(r for r in both["issues"] if r["id"] == "us_aid")["models"]["compromise"]
    assert row["shift"] != 0
    alone = whatif(scenario, ["condition_aid"], ["compromise"])
    assert next(r for r in alone["issues"] if r["id"] == "us_aid")["models"]["compromise"]["shift"] == pytest.approx(
        eff["condition_aid"]["us_aid"]["compromise"])

"""Drafting a scenario from statements, disagreements, and an analyst's overrides."""

from __future__ import annotations

import pytest
import yaml

from accord.aggregate import disagreements, draft, load_overrides, merge_overrides
from accord.errors import InputError
from accord.scenario import dump, load_file, scenario_from_dict

BASE = {
    "id": "base", "name": "Base",
    "actors": [{"id": "kyiv", "name": "Kyiv", "capability": 1}, {"id": "moscow", "name": "Moscow", "capability": 2}],
    "issues": [{"id": "land", "name": "Land", "status_quo": 75}, {"id": "aid", "name": "Aid", "status_quo": 10}],
    "positions": [
        {"actor": "kyiv", "issue": "land", "position": 0, "salience": 1},
        {"actor": "moscow", "issue": "land", "position": 30, "salience": 1},
        {"actor": "kyiv", "issue": "aid", "position": 0, "salience": 0.8},
        {"actor": "moscow", "issue": "aid", "position": 100, "salience": 0.3},
    ],
}


def st(id, actor, issue, direction=None, position=None, hedged=False):
    return {"id": id, "article": "a.txt", "actor": actor, "issue": issue, "direction": direction,
            "position": position, "hedged": hedged}


@pytest.fixture
def base():
    return scenario_from_dict(BASE)


def test_pinned_positions_give_their_weighted_median_and_span(base):
    d = draft(base, [st("s1", "moscow", "land", "up", 75), st("s2", "moscow", "land", "up", 100),
                     st("s3", "moscow", "land", "up", 85, hedged=True)])
    p = d.position("moscow", "land")
    assert p.position.value == 85  # weights 1, 1/2, 1 over 75, 85, 100: half (1.25) reached at 85
    assert (p.position.low, p.position.high) == (70, 100)
    assert p.evidence[0].statements == ("s1", "s2", "s3")
    assert not p.assumption


def test_directions_alone_give_a_wide_range_on_their_side(base):
    d = draft(base, [st("s1", "kyiv", "land", "down"), st("s2", "kyiv", "land", "down"), st("s3", "kyiv", "land", "up", hedged=True)])
    p = d.position("kyiv", "land")
    assert p.position.value == 25 and p.position.high < 50
    mixed = draft(base, [st("s1", "kyiv", "land", "down"), st("s2", "kyiv", "land", "up")]).position("kyiv", "land")
    assert mixed.position.value == 50 and mixed.position.low < 50 < mixed.position.high


def test_salience_grows_with_what_the_news_says(base):
    few = draft(base, [st("s1", "kyiv", "land", "down")]).position("kyiv", "land").salience.value
    many = draft(base, [st(f"s{i}", "kyiv", "land", "down") for i in range(8)]).position("kyiv", "land").salience.value
    assert 0.3 < few < many <= 0.9


def test_silent_pairs_keep_the_reference_marked_as_assumption(base):
    d = draft(base, [st("s1", "kyiv", "land", "down")])
    p = d.position("moscow", "aid")
    assert p.assumption and p.position.value == 100 and "says nothing" in p.note
    # the draft is itself a valid scenario
    assert scenario_from_dict(yaml.safe_load(dump(d))).id == "base_draft"


def test_statements_outside_the_scenario_are_ignored(base):
    d = draft(base, [st("s1", "nobody", "land", "down"), st("s2", "kyiv", "weather", "up"), st("s3", "kyiv", "land")])
    assert all(p.assumption for p in d.positions)


def test_disagreements_list_opposite_sides_and_ranges_that_miss(base):
    d = draft(base, [st("s1", "moscow", "land", "up", 75), st("s2", "kyiv", "land", "down", 0)])
    found = {(x["actor"], x["issue"]): x for x in disagreements(d, base)}
    assert ("moscow", "land") in found and found[("moscow", "land")]["note"] == "opposite sides of the middle"
    assert ("kyiv", "land") not in found
    assert found[("moscow", "land")]["statements"] == ["s1"]


def test_overrides_win_and_keep_their_note(base, tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(yaml.safe_dump({"overrides": [
        {"actor": "moscow", "issue": "land", "position": {"value": 90, "range": [80, 100]}, "note": "talks in Istanbul"}]}))
    d = draft(base, [st("s1", "moscow", "land", "up", 75)])
    merged = merge_overrides(d, load_overrides(path), str(path))
    p = merged.position("moscow", "land")
    assert p.position.value == 90 and p.note == "override: talks in Istanbul"
    assert p.salience == d.position("moscow", "land").salience  # untouched fields stay
    assert p.evidence == d.position("moscow", "land").evidence


@pytest.mark.parametrize("override, field", [
    ({"actor": "ghost", "issue": "land", "position": 5, "note": "x"}, "overrides[0].actor"),
    ({"actor": "kyiv", "issue": "land", "position": 5}, "overrides[0].note"),
    ({"actor": "kyiv", "issue": "land", "salience": 3, "note": "x"}, "overrides[0].salience"),
])
def test_bad_overrides_name_the_field(base, tmp_path, override, field):
    path = tmp_path / "o.yaml"
    path.write_text(yaml.safe_dump({"overrides": [override]}))
    with pytest.raises(InputError) as err:
        merge_overrides(base, load_overrides(path), str(path))
    assert str(err.value).startswith(f"{path}: {field}")


def test_the_case_prior_can_be_switched_off(base):
    news = [st("s1", "kyiv", "land", "down")]
    with_prior = draft(base, news, prior="case")
    alone = draft(base, news, prior="none")
    assert with_prior.position("moscow", "aid") is not None
    assert alone.position("moscow", "aid") is None  # the news said nothing: no borrowed number
    assert alone.position("kyiv", "land") == with_prior.position("kyiv", "land")
    assert scenario_from_dict(yaml.safe_load(dump(alone))).id == "base_draft"
    with pytest.raises(InputError, match="--prior"):
        draft(base, news, prior="mine")


def test_a_contradiction_in_direction_is_listed_even_where_the_size_fits(base):
    # the case has moscow at 30 on land (down); the news leans up 3:2, a mixed draft (50 in
    # 20..80 contains 30), so only the direction tells them apart
    news = [st(f"u{i}", "moscow", "land", "up") for i in range(3)] + [
        st(f"d{i}", "moscow", "land", "down") for i in range(2)]
    d = draft(base, news)
    assert d.position("moscow", "land").position.value == 50
    found = {(x["actor"], x["issue"]): x for x in disagreements(d, base, news)}
    hit = found[("moscow", "land")]
    assert hit["kind"] == "direction" and hit["against_prior"] == 3
    assert ("moscow", "land") not in {(x["actor"], x["issue"]) for x in disagreements(d, base)}  # blind without them

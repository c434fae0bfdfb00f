"""Attribution cues and sources."""
from __future__ import annotations

import pytest

from accord.news.attribution import find_cues
from accord.news.evaluate import GoldAttribution, score_attribution
from accord.news.extract import Extractor
from accord.news.evaluate import case_scenario


@pytest.fixture(scope="module")
def nlp():
    return Extractor(case_scenario("ukraine_2024")).nlp


def cues(nlp, text):
    return [(c.cue.text, c.source.text if c.source is not None else None) for c in find_cues(nlp(text))]


def test_said_that_and_according_to(nlp):
    got = cues(nlp, "Officials said that the talks failed. According to Reuters, the talks failed.")
    assert ("said", "Officials") in got
    assert any(c == "According to" and s == "Reuters" for c, s in got)


def test_relative_clause_source(nlp):
    got = cues(nlp, "Peskov, who spoke to reporters on Monday, said the report was false.")
    assert any(c == "said" and s and "Peskov" in s for c, s in got)


def test_no_cue_inside_quotation_or_for_plain_verbs(nlp):
    assert cues(nlp, "The army built a bridge.") == []
    got = cues(nlp, "“I think we will win,” Zelensky said.")
    assert [c for c, _ in got] == ["said"]


def test_overlap_scoring():
    gold = [GoldAttribution((0, 4), (10, 15))]
    s = score_attribution([([((1, 3), (12, 13)), ((20, 25), None)], gold)])
    assert s["cue"]["overlap"]["precision"] == 0.5 and s["cue"]["overlap"]["recall"] == 1.0
    assert s["cue"]["exact"]["recall"] == 0.0
    assert s["source"]["accuracy_on_matched_cues"] == 1.0

"""The extractor on hand-written sentences and on the seeds."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from accord.news.disputes import conflicting_quantities, link_denials
from accord.news.evaluate import case_scenario, read_jsonl, score_stances
from accord.news.extract import Extractor, predictions
from accord.news.temporal import event_date, quantities
from accord.news.types import Article
from tests.conftest import REPO, shared_path


@pytest.fixture(scope="module")
def ex():
    return Extractor(case_scenario("ukraine_2024"), decider="rules")  # the rules' own reading (the default is learned)


def run(ex, text, date="2024-11-12"):
    return ex.extract(Article(id="t", file="t", text=text, published=date)).statements


def test_trump_is_us_and_kyiv_is_ukraine_not_org_or_person(ex):
    doc = ex.nlp("Trump spoke with officials in Kyiv.")
    ents = {e.text: ex.actor_of_ent(e, "2024-11-12") for e in doc.ents}
    assert ents["Trump"] == "us" and ents["Kyiv"] == "ukraine"


def test_kremlin_denial_is_russia_and_outlet_is_reported_by(ex):
    st = run(ex, "The Kremlin denied the report. The Washington Post reported that Trump urged Putin to avoid escalation.")
    assert any(s.actor == "russia" and s.act == "deny" for s in st)
    relayed = [s for s in st if s.reported_by and "Washington Post" in s.reported_by]
    assert relayed and all(s.actor == "us" for s in relayed)
    assert not any(s.actor is not None and "Post" in s.speaker for s in st)


def test_white_house_by_date(ex):
    doc = ex.nlp("The White House said aid would continue.")
    ent = next(e for e in doc.ents if "White House" in e.text)
    assert ex.actor_of_ent(ent, "2024-12-01") == "us_outgoing"
    assert ex.actor_of_ent(ent, "2025-03-01") == "us"


def test_pronoun_refers_back_to_named_actor(ex):
    st = run(ex, "Putin spoke on Tuesday. He said Ukraine must cede all of Donetsk.")
    said = [s for s in st if s.speaker == "He"]
    assert said and said[0].actor == "russia"


def test_hedged_versus_reported(ex):
    hedged = run(ex, "Trump might demand territorial concessions from Kyiv.")
    plain = run(ex, "Zelensky insisted on the full restoration of Ukraine's 1991 borders.")
    assert any(s.issue == "territory" and s.hedged for s in hedged)
    assert any(s.actor == "ukraine" and s.issue == "territory" and not s.hedged and s.direction == "down" for s in plain)


@pytest.mark.parametrize("text, hedged", [
    # the rules' hedge: a modal on the holder's own verb is the author's guess, unless the
    # verb is what a named speaker said; a guesser as the speaker stays a guess (entry 331)
    ("Trump could cut aid to Ukraine.", True),
    ("Trump is likely to reduce aid to Ukraine.", True),
    ("Analysts said Russia would insist on keeping Crimea.", True),
    ("Zelensky said Ukraine would not trade land for peace.", False),
    ("Putin said Russia will keep Crimea.", False),
    ("Trump said he would ease some sanctions on Russia.", False),
])
def test_a_modal_in_reported_speech_is_no_guess(ex, text, hedged):
    got = [s for s in run(ex, text, "2025-03-15") if s.issue and s.direction]
    assert got and all(s.hedged is hedged for s in got), [(s.actor, s.issue, s.hedged) for s in got]


def test_anchor_gives_position_and_direction(ex):
    st = run(ex, "Trump's aides proposed to freeze the fighting along the current line of contact.")
    t = [s for s in st if s.issue == "territory"]
    assert t and t[0].actor == "us" and t[0].direction == "up" and t[0].position is not None and t[0].position > 50


def test_lessening_turns_aid_up(ex):
    st = run(ex, "Trump has promised to sharply reduce military aid to Ukraine.")
    assert any(s.actor == "us" and s.issue == "us_aid" and s.direction == "up" for s in st)


def test_act_classification(ex):
    st = run(ex, "Peskov denied the report. Zelensky rejected any territorial concessions.")
    acts = {(s.actor, s.act) for s in st}
    assert ("russia", "deny") in acts and ("ukraine", "reject") in acts


def test_event_dates():
    assert event_date("On November 11, Peskov denied it.", "2024-11-12") == "2024-11-11"
    assert event_date("On December 30, talks began.", "2025-01-02") == "2024-12-30"
    assert event_date("On Monday, he spoke.", "2024-11-14") == "2024-11-11"  # a Thursday
    assert event_date("No date here.", "2024-11-14") is None


def test_quantities_keep_what_they_measure():
    q = quantities("Russia holds around 18% of Ukraine's territory and sent 145 drones.")
    pct = [x for x in q if x.unit == "percent"][0]
    assert pct.value == 18 and pct.approximate and "territory" in pct.measures
    assert any(x.unit == "drones" and x.value == 145 for x in q)
    assert quantities("the remaining $6 billion")[0].value == 6e9


def test_quantities_as_fractions_and_counted_with_adjectives():
    q = quantities("Russia occupies about a fifth of Ukraine's territory.")
    assert [(x.value, x.unit, x.approximate, x.text) for x in q] == [(20.0, "percent", True, "about a fifth")]
    assert "territory" in q[0].measures
    assert quantities("nearly one-fifth of the country")[0].value == 20.0
    assert quantities("two-thirds of voters")[0].value == 66.67
    assert quantities("one of the fifth") == []  # a fraction needs "of" after it
    troops = quantities("some 11,000 North Korean troops arrived")[0]
    assert (troops.value, troops.unit, troops.approximate) == (11000.0, "troops", True)
    # "about a fifth" agrees with "20 percent" within the tolerance of an approximate figure
    b = quantities("That would leave 20 percent of Ukrainian territory occupied.")
    assert conflicting_quantities([("a", q[0]), ("b", b[0])]) == []


def test_disagreeing_quantities_flagged():
    a = quantities("Russia holds around 18% of Ukraine's territory.")
    b = quantities("That would leave 20 percent of Ukrainian territory occupied.")
    c = quantities("Russia holds 18 percent of Ukraine's territory.")
    assert len(conflicting_quantities([("a", a[0]), ("b", b[0])])) == 1
    assert conflicting_quantities([("a", a[0]), ("c", c[0])]) == []


def test_denial_linked_to_the_report(ex):
    arts = [
        Article(id="wp", file="wp", published="2024-11-10",
                text="The Washington Post reported that Trump held a phone call with Putin about the war in Ukraine."),
        Article(id="kr", file="kr", published="2024-11-11",
                text="Peskov denied that any phone call between Trump and Putin had taken place."),
    ]
    st = [s for e in ex.pipe(arts) for s in e.statements]
    link_denials(st)
    denial = next(s for s in st if s.act == "deny")
    report = next(s for s in st if s.article == "wp" and s.reported_by)
    assert denial.refers_to == report.id


@pytest.mark.slow
def test_seeds_f1_stays_above_target(ex):
    shared_path("corpus", "seeds")
    sys.path.insert(0, str(REPO / "bench"))
    from bench_stances import seed_articles

    arts = seed_articles()
    s = score_stances(read_jsonl(shared_path("eval", "seeds-gold.jsonl")), predictions(zip(arts, ex.pipe(arts))))
    # read from the text alone (no case position decides a direction): 0.667 when set;
    # the 0.70 target was met only by borrowing the case's own positions
    assert s["f1"] >= 0.64, s


@pytest.mark.slow
@pytest.mark.parametrize("name, floor", [("dev", 0.58), ("check", 0.37)])
def test_challenge_sets_stay_above_their_floor(ex, name, floor):
    # eight composite articles per set; "check" is measured, never used to choose a rule;
    # the floor sits a little under what the extractor reaches, to catch a regression
    sys.path.insert(0, str(REPO / "bench"))
    from bench_stances import folder_articles

    folder = REPO / "bench" / "data" / "stance-challenge" / name
    arts = folder_articles(folder)
    s = score_stances(read_jsonl(folder / "gold.jsonl"), predictions(zip(arts, ex.pipe(arts))))
    assert s["f1"] >= floor, s


def test_a_denial_pointing_back_is_linked_to_the_same_report(ex):
    text = ("The Washington Post reported that Trump held a phone call with Putin about the war in Ukraine. "
            "Peskov denied the report. "
            "This claim was labeled by Peskov as simply false information.")
    st = ex.extract(Article(id="a", file="a", published="2024-11-12", text=text)).statements
    report = next(s for s in st if s.reported_by)
    denials = [s for s in st if s.act == "deny"]
    assert len({s.start for s in denials}) == 2  # both sentences deny
    assert all(s.refers_to == report.id for s in denials)


def test_he_goes_back_to_a_person_and_it_to_a_state(ex):
    text = ("Trump's victory has intensified talk about the future of US support for Ukraine. "
            "He wants to cut military aid to Kyiv.")
    st = ex.extract(Article(id="a", file="a", published="2024-11-12", text=text)).statements
    second = [s for s in st if s.start > 0 and s.issue == "us_aid"]
    assert second and all(s.actor == "us" for s in second)
    text = ("Trump met Zelensky in Paris. Ukraine said it would not give up its land.")
    st = ex.extract(Article(id="b", file="b", published="2024-12-08", text=text)).statements
    assert {s.actor for s in st if s.issue == "territory"} == {"ukraine"}


def test_the_whole_sentence_hedge_scan_runs_once_per_sentence(ex, monkeypatch):
    """A sentence with many hedge-word cues ("suggest", "predict", "expect") is scanned
    for hedges once, not once per cue (a 160 KB sentence took 162 s when it was per cue;
    the timing is bench/bench_long_sentence.py)."""
    from accord.news import stance

    calls = []
    real = stance.is_hedged

    def counting(sent, holder, key):
        if key is None:
            calls.append(sent.start)
        return real(sent, holder, key)

    monkeypatch.setattr(stance, "is_hedged", counting)
    text = ("Analysts suggest that Trump will cut aid, experts predict that Putin wants land, and observers "
            "expect that Kyiv will refuse. Peskov suggested that the talks might fail.")
    st = run(ex, text)
    assert sum(1 for s in st if s.cue and s.start == 0) >= 2  # several hedge-word cues in the first sentence
    assert len(calls) == len(set(calls)) == 2  # one scan for each sentence
    assert any(s.hedged for s in st if s.cue)


def test_a_typographic_apostrophe_is_parsed_as_a_plain_one_and_shown_as_written(ex):
    # "Putin’s reported demands" parses as a clause with the curly apostrophe, as a noun
    # phrase with the plain one; the parser gets the plain one and a statement shows the
    # article's own characters, at the same offsets (decisions.md entry 315)
    text = "Zelensky has rejected Putin’s reported demands for the remainder of Donetsk."
    st = [s for s in run(ex, text, "2025-03-10") if s.issue == "territory"]
    got = {(s.actor, s.direction) for s in st}
    assert ("ukraine", "down") in got and ("ukraine", "up") not in got, got
    assert all(s.text == text[s.start:s.end] and "’" in s.text for s in st)
    for s in run(ex, "Ukraine’s president said: “We don’t want war.”", "2025-03-10"):
        assert s.text == "Ukraine’s president said: “We don’t want war.”"[s.start:s.end]


def test_a_quoted_modal_is_the_speakers_not_a_guess(ex):
    got = [s for s in run(ex, '"We will never give up Crimea," Zelensky said.', "2025-03-15") if s.issue and s.direction]
    assert got and not any(s.hedged for s in got), [(s.actor, s.issue, s.hedged) for s in got]


def test_a_guess_above_the_holders_verb_is_still_hedged(ex):
    # the modal stands on a verb above the holder's clause: the author's guess all the same
    got = [s for s in run(ex, "Trump might step up pressure on Russia by lifting limits on Western weapons, allowing "
                              "Kyiv to deploy them deeper into Russian territory.", "2024-11-12")
           if s.issue == "strike_limits" and s.direction]
    assert got and all(s.hedged for s in got), [(s.actor, s.issue, s.hedged) for s in got]

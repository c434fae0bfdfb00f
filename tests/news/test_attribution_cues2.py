"""Attribution cues, second pass (session 5): made-up sentences for each new cue rule."""
from __future__ import annotations

import pytest

from accord.news.attribution import find_cues
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.types import Article


@pytest.fixture(scope="module")
def nlp():
    return Extractor(case_scenario("ukraine_2024")).nlp


def cues(nlp, text):
    return [(c.cue.text, c.source.text if c.source is not None else None) for c in find_cues(nlp(text))]


def test_according_to_holds_its_whole_sentence(nlp):
    # PolNeAR labels each token once: the speaker's "said" is part of what the account reports
    got = cues(nlp, "The minister said the talks would resume, according to a diplomat in Vienna.")
    assert [c for c, _ in got] == ["according to"]
    got = cues(nlp, "According to two officials, the minister said the talks would resume.")
    assert [c for c, _ in got] == ["According to"]
    # without "according to", the same "said" is a cue
    got = cues(nlp, "The minister said the talks would resume.")
    assert got == [("said", "The minister")]


@pytest.mark.parametrize("text, content", [
    ("According to Reuters, the Kremlin wants Ukraine to withdraw from the four regions.",
     "the Kremlin wants Ukraine to withdraw from the four regions"),
    ("The Kremlin wants Ukraine to withdraw from the four regions, according to Reuters.",
     "The Kremlin wants Ukraine to withdraw from the four regions"),
])
def test_according_to_reports_the_clause_it_hangs_on(nlp, text, content):
    # its content is the clause less the phrase and its comma, so a stance read inside it
    # carries the outlet as its reporter (ANNOTATION.md: the reporter apart; entry 359)
    (cue,) = find_cues(nlp(text))
    assert cue.lemma == "according_to" and cue.content is not None and cue.content.text == content
    ex = Extractor(case_scenario("ukraine_2024"), decider="rules")
    st = [s for s in ex.extract(Article(id="a", file="a", published="2025-03-15", text=text)).statements if s.issue]
    assert [(s.actor, s.issue, s.direction, s.reported_by) for s in st] == [("russia", "territory", "up", "Reuters")]


def test_according_to_leaves_other_sentences_alone(nlp):
    got = cues(nlp, "The talks failed, according to Reuters. The minister said they would resume.")
    assert [c for c, _ in got] == ["according to", "said"]


def test_gerund_after_by_belongs_to_the_verb(nlp):
    # "responded by saying" is one attribution in PolNeAR, not "responded" and "saying"
    got = cues(nlp, "The Kremlin responded by saying the sanctions were illegal.")
    assert [c for c, _ in got] == ["responded"]
    # "before" opens a report of its own
    got = cues(nlp, "Peskov denied the report before saying the talks would resume.")
    assert [c for c, _ in got] == ["denied", "saying"]


def test_colon_that_introduces_no_ones_words(nlp):
    # a transcript's speaker is a cue; an interviewer's "Q:", a correction and a bare figure are not
    text = ("TRUMP: We will win.\n\nQ: Will you meet Putin?\n\nCorrection: An earlier version misstated "
            "the date.\n\nKyiv: 12.\n\nA spokesman: “We will not give up land.”\n")
    got = cues(nlp, text)
    assert [s for c, s in got if c == ":"] == ["TRUMP", "A spokesman"]


def test_headline_speech_verb_the_tagger_reads_as_a_noun(nlp):
    # the small model tags "demands" here as a plural noun; in the first line it is the headline's verb
    doc = nlp("EU envoy demands ceasefire talks resume.\n\nThe talks stalled in March.\n")
    assert next(t for t in doc if t.text == "demands").tag_ == "NNS"
    assert cues(nlp, "EU envoy demands ceasefire talks resume.\n\nThe talks stalled in March.\n") == [
        ("demands", "EU envoy")]
    # a plural noun that is no speech verb is nothing
    assert cues(nlp, "NATO summit rules clash erupts.\n\nThe talks stalled.\n") == []


def test_an_opening_mark_that_closes_a_quotation(nlp):
    # “...,“ for “...,”: the second mark closes the quotation, so "said" is outside it
    got = cues(nlp, "“The talks are over,“ said Dmitry Peskov, the Kremlin spokesman.")
    assert [c for c, _ in got] == ["said"] and "Peskov" in got[0][1]


def test_in_someones_view_runs_to_the_noun(nlp):
    # PolNeAR marks "In Ash's view" or "'s view": a cue of "In" alone would miss the latter
    got = cues(nlp, "In the minister's view, the talks have failed.")
    assert got == [("In the minister's view", "the minister's")]


def test_a_closing_quote_glued_to_a_dash_closes_the_quotation_and_names_its_speaker(nlp):
    # readers' comments printed as “...”― Name, with no space: the tokenizer keeps "”―" as one
    # token, which must still close the quotation (the name after it is no quoted word) and
    # give the dash's cue, as “...” ― Name does
    from accord.news.attribution import quoted

    text = ("“He has never once asked what the workers in this town think.”― Rosa Delgado\n"
            "“We deserve better than empty promises.” ― Luis Ortega")
    doc = nlp(text)
    glued = next(t for t in doc if t.text.startswith("”") and len(t.text) > 1)
    inside = quoted(doc)
    assert not inside[glued.i] and not inside[glued.i + 1]
    got = cues(nlp, text)
    assert ("”―", "Rosa Delgado") in got and ("―", "Luis Ortega") in got

"""Names that are also English verbs are read as names by the parser (accord.news.nlp, entry 354)."""
from __future__ import annotations

import pytest

from accord.news import nlp as nlp_mod
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.types import Article


@pytest.fixture(scope="module")
def ex():
    return Extractor(case_scenario("ukraine_2024"), decider="rules")


def test_only_one_word_aliases_that_are_verbs_are_normed(ex):
    names = nlp_mod.verb_names(ex.vocab, ex.nlp)
    assert "Trump" in names and "Waltz" in names
    # the words of longer aliases ("White House", "Prime Minister"), and names no verb, stay
    assert not {"White", "House", "Prime", "Minister", "Putin", "Zelensky"} & set(names)
    assert ex.nlp.pipe_names[0] == "accord_name_norms"


@pytest.mark.parametrize("text", [
    "Trump paused military aid to Ukraine.",
    "On Monday, Trump paused military aid to Ukraine.",
])
def test_a_verb_name_is_the_subject_not_a_noun(ex, text):
    # the small model alone reads "Trump paused military aid" as one noun phrase
    plain = nlp_mod.base_model()(text)
    assert not any(t.text == "Trump" and t.dep_ == "nsubj" for t in plain)  # the parse this is about
    doc = ex.nlp(text)
    trump = next(t for t in doc if t.text == "Trump")
    assert trump.dep_ == "nsubj" and trump.head.lemma_ == "pause"
    assert trump.text == "Trump" and trump.idx == text.index("Trump") and trump.ent_type_ == "ACTOR"
    got = [(s.actor, s.issue, s.direction) for s in ex.extract(
        Article(id="a", file="a", published="2025-03-15", text=text)).statements if s.issue]
    assert ("us", "us_aid", "up") in got, got


def test_another_case_gets_its_own_names(ex):
    # built again on the same model for a case with other names, the component follows it
    sec = case_scenario("security_2021")
    nlp, _ = nlp_mod.build(sec, nlp_mod.build(case_scenario("ukraine_2024"))[0])
    assert nlp_mod.verb_names(sec, nlp) == ["Truss"]
    doc = nlp("Trump paused military aid to Ukraine.")
    assert doc[0].norm_ == "trump"
    assert nlp("Truss said so.")[0].norm_ == nlp_mod.NAME_NORM

"""The news stage as named spaCy components: present, in order, and replaceable."""
from __future__ import annotations

from spacy.language import Language

from accord.news import pipeline
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.types import Article

TEXT = "Scholz refused to send Taurus missiles. Putin said that Ukraine must abandon its NATO bid."


class _NoHolders(pipeline._Stage):
    """A replacement holders stage that proposes nothing (and keeps the cue statements out)."""

    def __call__(self, doc):
        state = doc._.accord
        if state is not None:
            state.sentences = [(s.start_char, s.end_char) for s in doc.sents]
        return doc


@Language.factory("test_no_holders")
def _make(nlp, name):
    return _NoHolders(nlp, name)


def test_the_three_stages_are_named_components_in_order():
    # the rules decide: the stages, not a decider's cut, are what this checks
    ex = Extractor(case_scenario("ukraine_2024"), decider="rules")
    names = ex.nlp.pipe_names
    assert [n for n in names if n.startswith("accord_") and n not in (
        "accord_actors", "accord_sentence_fix", "accord_name_norms")] == list(pipeline.STAGES)
    assert names.index("accord_cues") > names.index("parser")
    # a plain parse leaves the doc without state: the stages do nothing to it
    assert ex.nlp(TEXT)._.accord is None
    art = Article(id="a", file="a", text=TEXT, published="2024-12-20")
    assert any(s.issue for s in ex.extract(art).statements)
    ex.nlp.replace_pipe("accord_holders", "test_no_holders")
    ex.nlp.get_pipe("accord_holders").bind(ex)
    out = ex.extract(art)
    assert out.statements == [] and len(out.sentences) == 2

"""A run-on "sentence" (a scraped page with no full stop): read whole, and with work that
grows linearly in it. The 160 KB timing is bench/bench_long_sentence.py's; here the
properties that keep it fast are checked without a clock: the tree the extractor reads is
spaCy's own, and the number of Python calls the extraction makes (which does not depend
on the machine) grows in proportion to the number of clauses."""

from __future__ import annotations

import cProfile
import pstats
import random

import pytest

from accord.news import tree
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.learned.propose import LONG_SENTENCE
from accord.news.types import Article

#: two reported clauses; joined by ", while " they stay one sentence, and each keeps its cue
CLAUSE = "Peskov said that Russia rejects any ceasefire and Zelensky said that Ukraine wants security guarantees"


def run_on(k: int) -> str:
    return ", while ".join([CLAUSE] * k) + "."


@pytest.fixture(scope="module", params=["rules", "linear", "cross", "fast"])
def ex(request):
    return Extractor(case_scenario("ukraine_2024"), decider=request.param)


def extract(ex, text: str):
    return ex.extract(Article(id="a", file="a", text=text, published="2024-12-01"))


def triples(extraction) -> set:
    return {(s.actor, s.issue, s.direction) for s in extraction.statements if s.issue}


def test_a_run_on_sentence_gives_the_statements_its_clauses_carry(ex):
    k = 40
    one, long = extract(ex, CLAUSE + "."), extract(ex, run_on(k))
    assert len(long.sentences) == 1 and len(ex.nlp.make_doc(run_on(k))) > 3 * LONG_SENTENCE  # one sentence, a long one
    said = [s for s in long.statements if s.cue == "said"]
    assert sorted(s.actor for s in said) == ["russia"] * k + ["ukraine"] * k  # every clause's two reports
    assert {s.cue_start for s in said} == {m for m in range(len(run_on(k))) if run_on(k).startswith("said", m)}
    if ex.decider.name == "learned" and hasattr(ex.decider, "head"):
        # the cross-encoder's pair stage sums its readings, so forty repetitions of a clause
        # are more evidence than one (decisions.md, entries 219 and 232): what one clause
        # gives, the run-on gives too, once per pair
        assert triples(one) <= triples(long) and triples(long)
        assert len({(a, i) for a, i, _ in triples(long)}) == len(triples(long))
        return
    assert triples(long) == triples(one) and triples(one)  # the stance the clause gives, once per pair


def calls(ex, text: str) -> tuple[int, int]:
    """(Python calls the extraction makes after the parse, its candidates)."""
    doc = ex.nlp(text)
    prof = cProfile.Profile()
    prof.enable()
    out = ex.from_doc(doc, Article(id="a", file="a", text=text, published="2024-12-01"))
    prof.disable()
    return pstats.Stats(prof).total_calls, out.counts["candidates"]  # type: ignore[attr-defined]


def test_the_work_on_a_run_on_sentence_grows_linearly_with_its_clauses(ex):
    calls(ex, run_on(10))  # warm the extractor's own caches
    (c1, n1), (c2, n2), (c4, n4) = calls(ex, run_on(50)), calls(ex, run_on(100)), calls(ex, run_on(200))
    # twice the clauses, at most about twice the calls: before the tree was read once, the
    # walks up the heads and the scans of a hub token's children made these 2.5x and 2.8x
    assert c2 / c1 <= 2.15 and c4 / c2 <= 2.15, (c1, c2, c4)
    # candidates: one per (actor, issue) of a sentence, not one per mention pair
    assert n1 == n2 == n4


def test_the_tree_answers_as_spacy_does(ex):
    text = ("Peskov said on Monday that Russia, which has long demanded that Kyiv cede land, would not accept a "
            "ceasefire unless Ukraine dropped its NATO bid. \"We will never give up our land,\" Zelensky said. "
            + run_on(6))
    doc = ex.nlp(text)
    t = tree.of(doc)
    assert tree.of(doc) is t  # built once
    for tok in doc:
        assert [c.i for c in tree.children(tok)] == [c.i for c in tok.children]
        assert [c.i for c in tree.subtree(tok)] == [c.i for c in tok.subtree]
        assert (tree.sent(tok).start, tree.sent(tok).end) == (tok.sent.start, tok.sent.end)
    rng = random.Random(0)
    for a in range(len(doc)):
        for b in rng.sample(range(len(doc)), 20) + [x.i for x in doc[a].ancestors]:
            assert tree.under(doc[a], doc[b]) == (a == b or doc[b].is_ancestor(doc[a])), (a, b)
    tree.forget(doc)
    assert tree.of(doc) is not t


def test_a_per_token_answer_is_computed_once_per_token_of_a_document(ex):
    asked: list[int] = []

    @tree.per_token
    def kids(tok):
        asked.append(tok.i)
        return len(list(tok.children))

    doc, other = ex.nlp(run_on(3)), ex.nlp(CLAUSE + ".")
    first = [kids(tok) for tok in doc]
    assert [kids(tok) for tok in doc] == first == [len(list(tok.children)) for tok in doc]
    assert asked == list(range(len(doc)))  # the second pass asked nothing again
    kids(other[0])
    assert asked[-1] == 0 and len(asked) == len(doc) + 1  # another document is asked anew


def test_the_line_start_read_once_is_the_walk_back(ex):
    """tree.line_start equals walking back to the token after the last line break."""
    from accord.news.tree import line_start

    doc = ex.nlp("Putin said no.\nZelensky said yes, and\n\nTrump said maybe. Scholz said so\n")
    for i in range(len(doc)):
        k = i
        while k > 0 and "\n" not in doc[k - 1].text and "\n" not in doc[k - 1].whitespace_:
            k -= 1
        assert line_start(doc, i) == k

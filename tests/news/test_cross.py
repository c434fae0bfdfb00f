"""The cross-encoder sentence head (accord.news.learned.cross) and its article decider."""

from __future__ import annotations

import dataclasses
import shutil

import numpy as np
import pytest

from accord.news.decide import Candidate
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.learned import cross
from accord.news.learned.cross import CrossHead, HeadUnavailable, pair_text
from accord.news.types import Article

from tests.news.test_learned import TEXT


@pytest.fixture(scope="module")
def candidates() -> list[Candidate]:
    """The extractor's candidates of TEXT, as a decider gets them: the rules' and the broad
    proposer's."""
    from accord.news.evaluate import case_scenario
    from accord.news.extract import Extractor
    from accord.news.learned.data import _Recorder
    from accord.news.types import Article

    rec = _Recorder()
    Extractor(case_scenario("ukraine_2024"), decider=rec).extract(Article(id="t", file="t", text=TEXT,
                                                                          published="2024-11-20"))
    assert {c.source for c in rec.cands} == {"rules", "broad"}
    return rec.cands


@pytest.fixture(scope="module")
def head() -> CrossHead:
    return CrossHead()


def test_the_encoder_reads_words_never_ids(candidates):
    for c in candidates:
        first, second = pair_text(c)
        assert c.actor_name and c.actor_name in second
        assert c.issue_text.high in second and c.issue_text.low in second
        assert f"issue: {c.issue_text.name};" in second
        if c.holder is not None:  # the holder is marked where it stands in the sentence
            a = c.holder.idx - c.sent.start_char
            assert first[a:a + len(c.holder.text) + 2] == "[" + c.holder.text + "]"
            assert first.replace("[", "", 1).replace("]", "", 1) == c.sent.text or "[" in c.sent.text
        else:
            assert first == c.sent.text


def test_shipped_head_is_checked_against_its_hash(tmp_path):
    assert (cross.FOLDER / "model.onnx").is_file() and (cross.FOLDER / "head.json").is_file()
    for name in ("head.json", "pairs.json"):
        shutil.copy(cross.FOLDER / name, tmp_path / name)
    data = bytearray((cross.FOLDER / "model.onnx").read_bytes())
    data[-1] ^= 1
    (tmp_path / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(HeadUnavailable, match="sha256"):
        CrossHead(tmp_path)
    with pytest.raises(HeadUnavailable, match="no cross-encoder model"):
        CrossHead(tmp_path / "nowhere")


def test_probabilities_do_not_depend_on_the_batch(head, candidates):
    together = head.predict(candidates)
    assert together.shape == (len(candidates), 3)
    assert np.allclose(together.sum(axis=1), 1.0, atol=1e-5) and (together >= 0).all()
    alone = np.vstack([head.predict([c]) for c in candidates])
    assert np.allclose(together, alone, atol=1e-5)
    assert (head.predict(candidates) == together).all()  # same input, same bytes
    assert head.predict([]).shape == (0, 3)


def test_the_fused_session_reads_as_the_basic_rewrites_do(head, candidates):
    """The head's session folds the int8 MatMuls' quantization and rescaling into single
    kernels for speed; its readings are those of the encoder with the basic rewrites only,
    bit for bit (a rewrite that moved the floats would move decisions near a cut)."""
    basic = CrossHead.__new__(CrossHead)
    basic.meta, basic.tokenizer = head.meta, head.tokenizer
    basic.session = cross.open_session(cross.FOLDER / "model.onnx", fused=False)
    pairs = [pair_text(c) for c in candidates] + [pair_text(c, swap=True) for c in candidates]
    assert len({len(a) for a, _ in cross.encode(head.tokenizer, pairs)}) > 3  # of several lengths
    got, want = head.predict_pairs(pairs), basic.predict_pairs(pairs)
    assert got.tobytes() == want.tobytes()


def test_the_screen_decides_which_candidates_the_encoder_reads(head, candidates):
    """The linear screen passes the candidates of the pairs it does not rule out, and only
    those are read; the rest are no stance. With no screen every candidate is read."""
    from accord.news.learned.decider import CrossDecider

    class Counting:
        def __init__(self, inner):
            self.inner, self.meta, self.threshold, self.read = inner, inner.meta, inner.threshold, []

        def predict(self, cands):
            self.read.extend(cands)
            return self.inner.predict(cands)

    seen = Counting(head)
    dec = CrossDecider(head=seen, screen=0.5)
    kept = dec.screened(candidates)
    assert 0 < len(kept) < len(candidates)
    out = dec.decide(candidates)
    assert [id(c) for c in seen.read] == [id(candidates[n]) for n in kept]
    assert all(out[n].direction is None for n in range(len(candidates)) if n not in kept)
    pairs_kept = {(candidates[n].actor, candidates[n].issue) for n in kept}
    assert all((c.actor, c.issue) in pairs_kept for n, c in enumerate(candidates) if n in kept)
    assert all((c.actor, c.issue) not in pairs_kept for n, c in enumerate(candidates) if n not in kept)
    seen.read.clear()
    CrossDecider(head=seen, screen=0.0).decide(candidates)
    assert len(seen.read) == len(candidates)


def test_decisions_do_not_depend_on_issue_or_actor_ids(candidates):
    from accord.news.learned.decider import CrossDecider

    dec = CrossDecider()
    issues = {i: f"issue_{k}" for k, i in enumerate(sorted({c.issue for c in candidates}, reverse=True))}
    actors = {a: f"zz_{k}" for k, a in enumerate(sorted({c.actor for c in candidates}, reverse=True))}
    renamed = [dataclasses.replace(c, issue=issues[c.issue], actor=actors[c.actor]) for c in candidates]
    out = dec.decide(candidates)
    assert dec.decide(renamed) == out
    assert any(d.direction for d in out)


def test_the_default_decider_is_the_cross_encoders():
    from accord.news.decide import decider_names, make_decider
    from accord.news.learned.decider import ArticleDecider, CrossDecider

    assert {"learned", "cross", "linear", "rules"} <= set(decider_names())
    d = make_decider()
    assert isinstance(d, CrossDecider) and d.name == "learned" and d.proposals == "broad"
    lin = make_decider("linear")
    assert isinstance(lin, ArticleDecider) and not isinstance(lin, CrossDecider)


def test_issues_it_was_not_trained_on_go_to_the_linear_decider(candidates):
    """The encoder decides the issues of its training only (decisions.md, entry 231, kept as ``unseen="linear"``): the
    same candidates with an issue reworded are decided as the linear decider decides them."""
    from accord.news.learned.decider import ArticleDecider, CrossDecider

    dec = CrossDecider(unseen="linear")
    assert dec.known and all(dec.trained_on(c) for c in candidates)
    reworded = [dataclasses.replace(c, issue_text=dataclasses.replace(c.issue_text, name=c.issue_text.name + " (new)"))
                for c in candidates]
    assert not any(dec.trained_on(c) for c in reworded)
    assert dec.decide(reworded) == ArticleDecider().decide(reworded)
    # one reworded issue among known ones: each part as its own decider decides it
    first = candidates[0].issue
    mixed = [r if c.issue == first else c for c, r in zip(candidates, reworded)]
    out = dec.decide(mixed)
    theirs = [n for n, c in enumerate(mixed) if c.issue == first]
    assert [out[n] for n in theirs] == ArticleDecider().decide([mixed[n] for n in theirs])


def _reworded(candidates):
    return [dataclasses.replace(c, issue_text=dataclasses.replace(c.issue_text, name=c.issue_text.name + " (new)"))
            for c in candidates]


def test_unseen_issues_are_read_the_way_asked(candidates):
    """``unseen`` (decisions.md, entries 245-246): ``encoder`` reads unseen issues as an
    encoder decider with no screen and the cut ``unseen_cut`` reads every issue;
    ``encoder+linear`` keeps its pairs and takes each one's way from the linear pair stage,
    so where the linear decider reads a stance on a pair too, the two agree on its way;
    ``encoder+rules`` takes the way the rules read, and where they read none keeps the pair
    (way unsettled) only at the pair stage's own cut."""
    from accord.news.learned.decider import ArticleDecider, CrossDecider, decision
    from accord.news.rules_decider import RulesDecider

    everyone = _reworded(candidates)
    # the broad candidates of an actor the sentence does not name are no stance in the
    # hybrid readings (entry 292); the rest are read as below
    implicit = [c.source == "broad" and c.holder is None for c in everyone]
    assert any(implicit) and not all(implicit), "the test needs named and carried-over candidates"
    for mode in ("encoder+rules", "encoder+linear"):
        got = CrossDecider(unseen=mode, unseen_cut=0.2).decide(everyone)
        assert not any(d.stance for d, i in zip(got, implicit) if i)
    reworded = [c for c, i in zip(everyone, implicit) if not i]
    enc = CrossDecider(unseen="encoder", unseen_cut=0.2)
    # a carried-over reading of a pair the encoder reads as a stance changes nothing there
    read = enc.decide(reworded)
    k = next(n for n, d in enumerate(read) if d.direction)
    carried = dataclasses.replace(reworded[k], holder=None, source="broad")
    assert enc.decide(reworded + [carried])[:-1] != read, "the encoder's pair stage weighs the carried reading"
    for mode in ("encoder+rules", "encoder+linear"):
        dec = CrossDecider(unseen=mode, unseen_cut=0.2)
        assert dec.decide(reworded + [carried]) == dec.decide(reworded) + [decision(None, False, 1.0)]
    plain = CrossDecider(screen=0.0, pairs=dataclasses.replace(enc.pairs, threshold=0.2))
    plain.known = None
    e = enc.decide(reworded)
    assert e == plain.decide(reworded)
    assert e != CrossDecider(unseen="encoder", unseen_cut=0.9).decide(reworded)  # the cut is the unseen one
    hyb = CrossDecider(unseen="encoder+linear", unseen_cut=0.2).decide(reworded)
    assert [d.direction is None for d in hyb] == [d.direction is None for d in e]
    assert [d.hedged for d in hyb] == [d.hedged for d in e]
    pairs = lambda cands, ds: {(c.actor, c.issue): d.direction for c, d in zip(cands, ds) if d.direction}  # noqa: E731
    ph, pl = pairs(reworded, hyb), pairs(reworded, ArticleDecider().decide(reworded))
    both = set(ph) & set(pl)
    assert both, "the text gives the two deciders no pair in common: the test reads nothing"
    assert all(ph[k] == pl[k] for k in both)
    # the rules' way
    withr = CrossDecider(unseen="encoder+rules", unseen_cut=0.2).decide(reworded)
    ways: dict = {}
    for c, d in zip(reworded, RulesDecider().decide(reworded)):
        if d.direction:
            ways.setdefault((c.actor, c.issue), {}).setdefault(c.source == "broad", []).append(d.direction)
    settled = 0
    for c, d, d_enc in zip(reworded, withr, e):
        if not d_enc.direction:
            assert d == d_enc
        elif d.direction:
            by = ways[(c.actor, c.issue)]  # the holder rules' ways where they settle one, else the broad ones'
            w = by.get(False) if by.get(False) and by[False].count("up") != len(by[False]) / 2 else by[True]
            assert w.count(d.direction) > len(w) - w.count(d.direction)
            settled += 1
        else:
            assert d.stance == (d_enc.confidence >= enc.pairs.threshold)
    assert settled, "the rules settle no pair the encoder reads: the test reads too little"
    # with no way read by the rules, a pair stays only at the pair stage's cut, with the
    # linear pair stage's way (entry 288)
    blank = [dataclasses.replace(c, rule_score=0, position=None) for c in reworded]
    e = enc.decide(blank)
    conf = sorted({d.confidence for d in e if d.direction})
    assert len(conf) > 1, "the test needs two pairs the encoder reads"
    cut = conf[len(conf) // 2]  # a pair stage's cut with pairs on both sides of it
    hyb = CrossDecider(unseen="encoder+rules", unseen_cut=0.2, pairs=dataclasses.replace(enc.pairs, threshold=cut))
    withr = hyb.decide(blank)
    sure = [bool(d.direction) and d.confidence >= cut for d in e]
    assert any(sure) and not all(sure)
    assert [d.stance for d in withr] == sure
    lin = hyb._linear_ways(blank)
    assert [d.direction for d in withr] == [lin[(c.actor, c.issue)] if s else None for c, s in zip(blank, sure)]


def test_the_holder_rules_settle_an_unseen_pairs_way_before_the_broad_readings():
    """Entry 283: a broad candidate's rule reading is the sentence's, the same for every
    actor it names, so two broad readings "up" do not outvote one reading "down" from the
    pair's own holder; with no holder-rule reading, or a tie there, the broad ones decide."""
    from accord.news.learned.decider import CrossDecider

    def cand(actor, score, source):
        return Candidate(sent=None, actor=actor, issue="i", issue_text=None, rule_score=score, source=source)

    ways = CrossDecider._rule_ways
    assert ways([cand("ru", 1, "broad"), cand("ru", 1, "broad"), cand("ru", -1, "rules")]) == {("ru", "i"): "down"}
    assert ways([cand("ru", 1, "broad"), cand("ru", 1, "broad"), cand("ua", -1, "rules")]) == \
        {("ru", "i"): "up", ("ua", "i"): "down"}
    assert ways([cand("ru", 1, "broad"), cand("ru", 1, "rules"), cand("ru", -1, "rules")]) == {("ru", "i"): "up"}
    assert ways([cand("ru", 0, "rules"), cand("ru", -1, "broad")]) == {("ru", "i"): "down"}
    assert ways([cand("ru", 1, "broad"), cand("ru", -1, "broad")]) == {}


def test_an_unknown_way_of_reading_unseen_issues_is_refused():
    from accord.news.learned.decider import CrossDecider

    with pytest.raises(ValueError, match="unseen: 'bert'"):
        CrossDecider(unseen="bert")
    with pytest.raises(ValueError, match="unseen_cut: 1.5"):
        CrossDecider(unseen_cut=1.5)


def test_a_pairs_probabilities_do_not_depend_on_the_other_pairs():
    """The pair stage scores each pair alone: the same row gives the same bytes whatever
    rows stand with it and in whatever order (a matrix product may sum a row differently
    by where it stands, which moved a confidence in its last bit when ids were renamed)."""
    import numpy as np

    from accord.news.learned.pairs import PairModel

    model = PairModel.load()
    assert model is not None
    rng = np.random.default_rng(7)
    X = rng.normal(size=(61, len(model.mean))) * model.scale + model.mean
    p = model.proba(X)
    perm = rng.permutation(len(X))
    assert model.proba(X[perm]).tobytes() == p[perm].tobytes()
    assert all(model.proba(X[k:k + 1]).tobytes() == p[k:k + 1].tobytes() for k in range(len(X)))


@pytest.fixture(scope="module")
def learned() -> Extractor:
    return Extractor(case_scenario("ukraine_2024"), decider="learned")


def _triples(ex: Extractor, text: str) -> set[tuple]:
    art = Article(id="a", file="a", text=text, published="2025-03-15")
    return {(s.actor, s.issue, s.direction) for s in ex.extract(art).statements if s.issue and s.direction}


@pytest.mark.parametrize("text", [
    # a question claims nothing, whatever the encoder reads in its words (entry 364)
    "Would Trump really cut off aid to Ukraine? Nobody in Kyiv knows.",
    # nor does a negated saying
    "Trump did not say he would cut aid to Ukraine.",
])
def test_the_default_decider_reads_no_stance_where_no_claim_is_made(learned, text):
    assert not any(i == "us_aid" for _, i, _ in _triples(learned, text)), _triples(learned, text)


def test_a_claim_made_is_still_read(learned):
    # the same words as a statement: the gate is the sentence's, not the words'
    assert ("us", "us_aid", "up") in _triples(learned, "Trump said he would cut aid to Ukraine.")

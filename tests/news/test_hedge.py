"""The hedge reader: checked weights, a guess told from a report, the deciders' wiring, and a
training script that retrains byte for byte and refuses bad annotations."""

from __future__ import annotations

import dataclasses
import json
import sys

import pytest

import accord
from accord.news.extract import Extractor
from accord.news.learned.cross import FOLDER as CROSS
from accord.news.learned.hedge import FOLDER, HedgeModel, hedge_features, shipped
from accord.news.types import Article

from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))
import train_hedge  # noqa: E402

needs_reader = pytest.mark.skipif(shipped() is None, reason="no hedge reader ships (weights/hedge/model.json)")

# each pair: the author's guess about the actor, then the actor's own act, on one stance
PAIRS = [
    ("Trump may cut military aid to Ukraine once he takes office, according to experts.",
     "Trump said on Monday that he will cut military aid to Ukraine."),
    ("The Kremlin could demand that Kyiv give up the four regions, observers fear.",
     "The Kremlin demanded on Friday that Kyiv give up the four regions."),
]


def _stances(ex: Extractor, text: str) -> list:
    res = list(ex.pipe([Article(id="t", file="t", text=text, published="2024-11-20")]))[0]
    return [s for s in res.statements if s.issue and s.direction]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(accord.load("ukraine_2024"))


@needs_reader
def test_the_shipped_reader_is_checked_at_load(tmp_path):
    body = json.loads((FOLDER / "model.json").read_text(encoding="utf-8"))
    assert HedgeModel.load(FOLDER).weights  # loads as shipped
    body["features"][1] = "w=tampered"
    (tmp_path / "model.json").write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(ValueError, match="features_sha256"):
        HedgeModel.load(tmp_path)


@needs_reader
@pytest.mark.parametrize("guess, report", PAIRS)
def test_a_guess_is_hedged_and_a_report_is_not(extractor, guess, report):
    g, r = _stances(extractor, guess), _stances(extractor, report)
    assert g and r, "both sentences give the actor a stance"
    assert all(s.hedged for s in g)
    assert not any(s.hedged for s in r)
    # the same stance either way: the hedge is apart from the direction
    assert {(s.actor, s.issue, s.direction) for s in g} == {(s.actor, s.issue, s.direction) for s in r}


@needs_reader
def test_the_deciders_take_the_readers_flags_and_rule():
    from accord.news.learned.decider import CrossDecider

    if not (CROSS / "model.onnx").is_file():
        pytest.skip("no cross-encoder weights")
    reader = shipped()
    dec = CrossDecider()
    assert dec.hedger is not None and dec.hedge_rule == reader.meta["rule"]
    plain = CrossDecider(hedger=False)
    head = json.loads((CROSS / "head.json").read_text(encoding="utf-8"))
    assert plain.hedger is None and plain.hedge_rule == head.get("hedge_rule", "each")
    text = " ".join(report for _, report in PAIRS)
    scen = accord.load("ukraine_2024")
    # a reader whose cut every statement passes hedges them all; one none passes, none
    for cut, want in ((0.0, True), (1.01, False)):
        ex = Extractor(scen, decider=CrossDecider(hedger=dataclasses.replace(reader, threshold=cut)))
        got = _stances(ex, text)
        assert got and all(s.hedged is want for s in got)


def test_features_name_words_not_actors():
    """The sentence's words enter without the words of actors' names (as the stance
    features), and topic nouns stay out: the reader hears how a thing is said."""
    from accord.news.learned.propose import Proposer
    from accord.news.evaluate import case_scenario

    prop = Proposer(case_scenario("ukraine_2024"))
    doc = prop.nlp("Analysts think Putin will likely demand that Ukraine abandon its NATO bid.")
    cands = [p.cand for p in prop.propose_doc(doc, "2024-11-20")]
    assert cands
    feats = set(hedge_features(cands[0]))
    assert "w=likely" in feats and "likely=likely" in feats and "w=analyst" in feats
    assert not any(f in feats for f in ("w=putin", "w=ukraine", "w=nato", "w=bid"))


# -- the training script ---------------------------------------------------------------------


def _corpus(tmp_path):
    from tests.news.test_learned import _press_corpus

    from accord.news import corpus

    folder = _press_corpus(tmp_path, 6, 3)
    texts = {r["doc"]: r["text"] for src in ("kremlin", "president-ua") for r in corpus.press_rows(src)}
    path = folder / "annotations" / "T1.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    for r in rows:  # a label the rules cannot see but the words give: "legally binding" lines hedged
        r["hedged"] = "legally binding" in texts[r["doc"]][r["start"]:r["end"]]
    if len({r["hedged"] for r in rows}) < 2:
        pytest.skip("the tiny corpus has no two kinds of line")
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


def test_training_is_deterministic(tmp_path):
    folder = _corpus(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        assert train_hedge.main(["--corpus", str(folder), "--out", str(out), "--no-seeds", "--min-count", "1"]) == 0
    assert (a / "model.json").is_file(), "the reader learns the label the rules cannot see"
    assert (a / "model.json").read_bytes() == (b / "model.json").read_bytes()
    m = HedgeModel.load(a)
    assert m.meta["rule"] in ("each", "any") and 0 < m.threshold < 1
    assert m.weights.get("w=legally", 0.0) > 0  # the words that carry the label weigh for it


def test_bad_training_file_exits_2_naming_file_and_field(tmp_path, capsys):
    folder = _corpus(tmp_path)
    path = folder / "annotations" / "T1.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    rows[-1]["issue"] = "warp_drive"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "w"
    assert train_hedge.main(["--corpus", str(folder), "--out", str(out), "--no-seeds"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(path) in err[0] and "issue:" in err[0]
    assert not out.exists()

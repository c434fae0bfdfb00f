"""The learned stance decider: valid decisions from the shipped weights, blind to issue and
actor ids, and a training script that refuses bad annotations and retrains byte for byte."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from pathlib import Path

import pytest

from accord.news import corpus
from accord.news.decide import Candidate, Decision
from accord.news.learned import WEIGHTS, LearnedDecider
from accord.news.learned import pairs
from accord.news.learned.propose import Proposer

from tests.conftest import REPO, shared_path

sys.path.insert(0, str(REPO / "scripts"))
import train_stance  # noqa: E402

TEXT = (
    "Vladimir Putin demanded legally binding guarantees that NATO will not expand eastward and that Ukraine "
    "will never join the alliance. Zelenskyy said Ukraine would never give up its territory and called on "
    "Europe to impose new sanctions on Russia. Trump might cut military aid to Kyiv, analysts said. "
    "The Kremlin is willing to establish a ceasefire around existing front lines."
)


@pytest.fixture(scope="module")
def proposer() -> Proposer:
    from accord.news.evaluate import case_scenario

    return Proposer(case_scenario("ukraine_2024"))


@pytest.fixture(scope="module")
def candidates(proposer) -> list[Candidate]:
    doc = proposer.nlp(TEXT)
    cands = [p.cand for p in proposer.propose_doc(doc, "2024-11-20")]
    assert len(cands) >= 4  # the proposer finds actors x issues in these sentences
    return cands


def test_the_proposer_fills_in_the_rules_reading(candidates):
    # the rules' direction score and hedge are features of the decider; the proposer called a
    # function stance.py no longer has, and its except clause left every candidate with
    # score 0 and no hedge (found by mypy)
    assert {c.rule_score > 0 for c in candidates} == {True, False}
    assert any(c.rule_score < 0 for c in candidates)
    assert any(c.rule_hedged for c in candidates)


def test_shipped_weights_give_valid_decisions(candidates):
    assert (WEIGHTS / "model.json").is_file() and (WEIGHTS / "model.npy").is_file()
    dec = LearnedDecider()
    out = dec.decide(candidates)
    assert len(out) == len(candidates)
    for d in out:
        assert isinstance(d, Decision)
        assert d.direction in (None, "up", "down")
        assert isinstance(d.hedged, bool)
        assert 0.0 <= d.confidence <= 1.0
        if d.direction is None:
            assert not d.hedged
    assert dec.decide([]) == []
    assert dec.name == "learned"


def test_decisions_do_not_depend_on_issue_or_actor_ids(candidates):
    """The decider reads the issue as words: renaming every issue and actor id (one new name
    for each; the ids only group an article's candidates) changes nothing."""
    from accord.news.learned.decider import ArticleDecider

    dec = LearnedDecider()
    issues = {i: f"issue_{k}" for k, i in enumerate(sorted({c.issue for c in candidates}, reverse=True))}
    actors = {a: f"zz_{k}" for k, a in enumerate(sorted({c.actor for c in candidates}, reverse=True))}
    renamed = [dataclasses.replace(c, issue=issues[c.issue], actor=actors[c.actor]) for c in candidates]
    assert dec.decide(renamed) == dec.decide(candidates)
    art = ArticleDecider()
    assert art.decide(renamed) == art.decide(candidates)
    from accord.news.learned.decider import pair_cands

    p = art.model.predict(art.featurize(candidates))[0]
    pp = art.pairs.proba(pairs.matrix(list(pairs.pair_features(pair_cands(candidates, p)).values())))
    assert len({round(float(x), 6) for x in pp[:, 0]}) > 1  # the pairs are told apart
    # and the decisions are not all alike, so the comparison says something
    assert len({(d.direction, round(d.confidence, 6)) for d in dec.decide(candidates)}) > 1


def test_the_issue_words_matter(candidates):
    """Swapping an issue's two poles is read (the features see the words, so something moves)."""
    dec = LearnedDecider()
    swapped = [dataclasses.replace(c, issue_text=dataclasses.replace(
        c.issue_text, low=c.issue_text.high, high=c.issue_text.low,
        anchors=tuple((100 - v, t) for v, t in c.issue_text.anchors))) for c in candidates]
    before = dec.model.predict(dec.featurize(candidates))[0]
    after = dec.model.predict(dec.featurize(swapped))[0]
    assert (abs(before - after) > 1e-9).any()


# -- the training script ---------------------------------------------------------------------


def _press_corpus(tmp: Path, n_train: int = 4, n_dev: int = 2) -> Path:
    """A tiny corpus of real press releases (ukraine_2024, outside the held-out window), with
    one gold line on the first sentence naming NATO (Russia, up) and, where Ukraine speaks of
    sanctions, one more (Ukraine, down)."""
    shared_path("corpus", "press-releases-2021-22", "kremlin.csv")
    want = {"train": n_train, "dev": n_dev}
    manifest, gold = [], []
    for source in ("kremlin", "president-ua"):
        for row in corpus.press_rows(source):
            if not "2021-11-01" <= row["date"] <= "2022-02-20" or len(row["text"]) > 5000:
                continue
            split = corpus.split_of(row["doc"])
            m = re.search(r"[^.\n]*\bNATO\b[^.\n]*", row["text"])
            if split not in want or want[split] <= 0 or not m:
                continue
            want[split] -= 1
            manifest.append({"doc": row["doc"], "kind": "press", "source": source, "url": row["url"],
                             "sha256": corpus.sha256_text(row["text"]), "date": row["date"], "outlet": source,
                             "case": "ukraine_2024"})
            actor, direction = ("russia", "up") if source == "kremlin" else ("ukraine", "down")
            gold.append({"doc": row["doc"], "actor": actor, "issue": "nato_membership", "direction": direction,
                         "hedged": False, "optional": False, "start": m.start(), "end": m.end()})
    if any(want.values()):
        pytest.skip("not enough press releases for the tiny corpus")
    folder = tmp / "corpus"
    (folder / "annotations").mkdir(parents=True)
    (folder / "manifest.jsonl").write_text("".join(json.dumps(m) + "\n" for m in manifest), encoding="utf-8")
    (folder / "annotations" / "T1.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    return folder


def _train(folder: Path, out: Path) -> int:
    return train_stance.main(["--corpus", str(folder), "--out", str(out), "--card", str(out / "DATA_CARD.md"),
                              "--no-seeds"])


def _digest(folder: Path) -> str:
    return hashlib.sha256(b"".join((folder / n).read_bytes()
                                   for n in ("model.json", "model.npy", "pairs.json", "DATA_CARD.md"))).hexdigest()


def test_training_is_deterministic(tmp_path):
    folder = _press_corpus(tmp_path)
    a, b = tmp_path / "a", tmp_path / "b"
    assert _train(folder, a) == 0
    assert _train(folder, b) == 0
    assert _digest(a) == _digest(b)
    # and the weights it writes are weights a decider loads, the pair stage's too
    from accord.news.learned.decider import ArticleDecider

    assert LearnedDecider(a).model.W.shape[1] == 5
    assert ArticleDecider(a).pairs.W.shape == (len(pairs.FEATURES), 3)


@pytest.mark.parametrize("field, bad, said", [
    ("actor", "klingons", "actor"),
    ("issue", "warp_drive", "issue"),
    ("doc", "kremlin-0000000", "doc"),
    ("end", 10**7, "start/end"),
])
def test_bad_training_file_exits_2_naming_file_and_field(tmp_path, capsys, field, bad, said):
    folder = _press_corpus(tmp_path, 1, 1)
    path = folder / "annotations" / "T1.jsonl"
    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    rows[-1][field] = bad
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "w"
    assert _train(folder, out) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert str(path) in err[0] and f"{said}:" in err[0]
    assert not out.exists()  # nothing written


def test_exclude_leaves_documents_out(tmp_path):
    folder = _press_corpus(tmp_path, 2, 1)
    rows = [json.loads(x) for x in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    first = next(r for r in rows if corpus.split_of(r["doc"]) == "train")
    ex = tmp_path / "exclude.txt"
    ex.write_text(f"# leave this one out\n{first['url']}\n", encoding="utf-8")
    out = tmp_path / "w"
    assert train_stance.main(["--corpus", str(folder), "--exclude", str(ex), "--out", str(out),
                              "--card", str(out / "DATA_CARD.md"), "--no-seeds"]) == 0
    card = (out / "DATA_CARD.md").read_text(encoding="utf-8")
    assert first["url"] not in card


def test_the_extractors_default_decider_is_the_learned_one_and_rules_stay_available():
    from accord.news import learned
    from accord.news.decide import decider_names, default_decider, make_decider

    from accord.news.learned.decider import ArticleDecider

    assert default_decider() == "learned" and {"learned", "rules"} <= set(decider_names())
    d = make_decider()
    # with its article-level stage shipped, the learned decider asks for the broad proposals
    assert (learned.WEIGHTS / "pairs.json").is_file()
    assert isinstance(d, ArticleDecider) and d.name == "learned" and d.proposals == "broad"
    assert make_decider("rules").name == "rules" and getattr(make_decider("rules"), "proposals", "rules") == "rules"


# -- the article-level stage -----------------------------------------------------------------


def _pc(actor, issue, source="broad", p=(0.2, 0.5, 0.3), start=0, holder=True, rule_score=0, doc="d"):
    return pairs.PairCand(doc, actor, issue, source, start, holder, rule_score, p if source == "broad" else None)


def test_pair_features_follow_their_definition():
    cands = [_pc("a", "i", p=(0.5, 0.4, 0.1), start=100), _pc("a", "i", p=(0.1, 0.1, 0.8), start=50, holder=False),
             _pc("a", "i", source="rules", rule_score=-2), _pc("b", "i", p=(0.9, 0.05, 0.05))]
    f = pairs.pair_features(cands)
    assert set(f) == {("d", "a", "i"), ("d", "b", "i")}  # a pair only the rules found has no readings: none
    a = f[("d", "a", "i")]
    assert a["max_st"] == pytest.approx(0.9) and a["max_up"] == pytest.approx(0.4) and a["max_dn"] == pytest.approx(0.8)
    assert a["diff_sum"] == pytest.approx(0.5 - 0.9) and a["top2_st"] == pytest.approx((0.9 + 0.5) / 2)
    assert a["max_st_hold"] == pytest.approx(0.5)  # only the candidate with a named holder
    assert a["first_pos"] == pytest.approx(50 / 5000)
    assert a["actor_share"] == pytest.approx(2 / 3) and a["issue_share"] == pytest.approx(1.0)
    assert (a["in_rules"], a["rules_up"], a["rules_dn"]) == (1.0, 0.0, 1.0)
    assert f[("d", "b", "i")]["in_rules"] == 0.0
    # the ids only group: renamed, the same numbers
    ren = pairs.pair_features([dataclasses.replace(c, actor={"a": "q", "b": "r"}[c.actor], issue="z") for c in cands])
    assert ren[("d", "q", "z")] == a


def test_pair_model_round_trips_and_refuses_other_features(tmp_path):
    rng = __import__("numpy").random.default_rng(0)
    X = pairs.matrix([pairs.pair_features([_pc("a", "i", p=(0.3, 0.6, 0.1))])[("d", "a", "i")]] * 3)
    mean, scale = pairs.PairModel.standardise(X)
    m = pairs.PairModel(mean, scale, rng.normal(size=(len(pairs.FEATURES), 3)), 0.4, {"lam": 0.01})
    m.save(tmp_path)
    back = pairs.PairModel.load(tmp_path)
    assert back is not None and back.threshold == 0.4 and (back.W == m.W).all() and back.meta["lam"] == 0.01
    doc = json.loads((tmp_path / "pairs.json").read_text())
    doc["features"] = doc["features"][:-1]
    (tmp_path / "pairs.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="features"):
        pairs.PairModel.load(tmp_path)
    assert pairs.PairModel.load(tmp_path / "nowhere") is None


def test_the_article_decider_gives_one_direction_per_pair():
    """Through the extractor: the shipped article-level decider reads the broad candidates
    and gives each (actor, issue) of an article at most one direction."""
    from accord.news.evaluate import case_scenario
    from accord.news.extract import Extractor
    from accord.news.types import Article

    ex = Extractor(case_scenario("ukraine_2024"))
    assert ex.decider.proposals == "broad"
    art = Article(id="t", file="t", text=TEXT, published="2024-11-20")
    sts = [s for s in ex.extract(art).statements if s.issue]
    assert sts, "the decider finds stances in a text full of them"
    dirs: dict = {}
    for s in sts:
        dirs.setdefault((s.actor, s.issue), set()).add(s.direction)
    assert all(len(v) == 1 for v in dirs.values())
    got = {(s.actor, s.issue, s.direction) for s in sts}
    # Zelenskyy refuses to give up territory; Putin demands that Ukraine stay out of NATO
    assert ("ukraine", "territory", "down") in got and any(a == "russia" and d == "up" for a, _, d in got)


def test_every_decided_pair_has_its_evidence_and_no_sentence_says_it_twice(candidates):
    """The article's triples are the pair stage's decisions, each carried by at least one
    statement; a sentence gives one statement per pair; every statement but a pair's
    single carrier is one the sentence head reads the pair's way."""
    from accord.news.learned.decider import ArticleDecider, pair_cands

    art = ArticleDecider()
    art.pairs.threshold = 0.0  # every pair decided, so the evidence rule has work to do
    p = art.model.predict(art.featurize(candidates))[0]
    decided = art.pairs.decide(pairs.pair_features(pair_cands(candidates, p)))
    out = art.decide(candidates)
    got = {(c.actor, c.issue, d.direction) for c, d in zip(candidates, out) if d.direction}
    assert got == {(a, i, way) for (_, a, i), (way, _) in decided.items()}
    seen = [(c.sent.start, c.actor, c.issue) for c, d in zip(candidates, out) if d.direction]
    assert len(seen) == len(set(seen))
    for (_, a, i), (way, _) in decided.items():
        said = [k for k, (c, d) in enumerate(zip(candidates, out)) if d.direction and (c.actor, c.issue) == (a, i)]
        read = [k for k in said if 1 - p[k][0] >= art.model.threshold and ("up" if p[k][1] >= p[k][2] else "down") == way]
        assert read == said or len(said) == 1

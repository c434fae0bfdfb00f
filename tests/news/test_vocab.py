"""Extraction reads a case's names only: its positions can never decide what is read."""
from __future__ import annotations

import dataclasses
import json

import pytest

from accord.errors import InputError
from accord.news.decide import Candidate, Decision, make_decider
from accord.news.evaluate import case_scenario
from accord.news.extract import Extractor
from accord.news.vocab import Vocabulary
from tests.conftest import shared_path


def _mirrored(sc):
    def flip(e):
        lo, hi = 0.0, 100.0
        return dataclasses.replace(e, value=lo + hi - e.value, low=lo + hi - e.high, high=lo + hi - e.low)

    return dataclasses.replace(sc, positions=tuple(dataclasses.replace(p, position=flip(p.position))
                                                   for p in sc.positions))


def _seed_statements(ex, seeds):
    manifest = json.loads((seeds / "manifest.json").read_text(encoding="utf-8"))
    from accord.news.types import Article

    out = []
    for m in manifest["articles"]:
        text = (seeds / m["file"]).read_text(encoding="utf-8")
        pub = m.get("published") or m.get("published_between", [None, None])[1]
        ex_ = ex.extract(Article(id=m["file"], file=m["file"], text=text, published=pub))
        out.append(json.dumps([s.to_dict() for s in ex_.statements], sort_keys=True))
    return out


def test_the_vocabulary_holds_no_position():
    v = Vocabulary.from_scenario(case_scenario("ukraine_2024"))
    fields = {f.name for cls in (type(v), type(v.actors[0]), type(v.issues[0])) for f in dataclasses.fields(cls)}
    assert not fields & {"positions", "position", "salience", "capability", "capability_by_issue", "status_quo"}


def test_mirrored_or_absent_positions_give_byte_identical_statements_on_the_seeds():
    seeds = shared_path("corpus", "seeds")
    if not (seeds / "manifest.json").is_file():
        pytest.skip(f"the seed articles are not here ({seeds}); they live in ../shared/corpus/seeds")
    sc = case_scenario("ukraine_2024")
    assert sc.positions  # else the test proves nothing
    mirrored = _mirrored(sc)
    assert mirrored.positions[0].position.value != sc.positions[0].position.value
    base = Extractor(sc)
    got = _seed_statements(base, seeds)
    assert any('"direction": "up"' in g or '"direction": "down"' in g for g in got)
    # the second and third extractors reuse the loaded model (a fresh ruler each)
    assert _seed_statements(Extractor(mirrored, nlp=base.nlp), seeds) == got
    assert _seed_statements(Extractor(dataclasses.replace(sc, positions=()), nlp=base.nlp), seeds) == got


def test_the_decider_decides_and_a_null_direction_is_kept():
    """A decider's word is final: 'down' where it says so, a null direction stored as such,
    and no statement where it says there is no stance."""
    class Fixed:
        name = "fixed"

        def __init__(self, dec):
            self.dec, self.seen = dec, []

        def decide(self, cands):
            self.seen.extend(cands)
            return [self.dec for _ in cands]

    sc = case_scenario("ukraine_2024")
    text = "Putin demanded that Ukraine give up its plans of NATO membership."
    from accord.news.types import Article

    art = Article(id="t", file="t", text=text, published="2024-11-12")
    nlp = Extractor(sc).nlp  # one spaCy load, shared (each extractor rebinds the stages to itself)
    for dec, want in ((Decision("down", False), "down"), (Decision(None, False), None)):
        d = Fixed(dec)
        st = [s for s in Extractor(sc, nlp=nlp, decider=d).extract(art).statements if s.issue]
        # two candidates (Putin's demand, and Ukraine's plans): each takes the decider's word
        assert len(st) == 2 and all(s.direction == want for s in st)
        assert d.seen and isinstance(d.seen[0], Candidate) and d.seen[0].issue_text.high.startswith("Ukraine is bound")
    assert not [s for s in Extractor(sc, nlp=nlp, decider=Fixed(Decision(None, False, stance=False))).extract(art).statements
                if s.issue]


def test_unknown_extractor_is_an_input_error():
    with pytest.raises(InputError, match="--extractor"):
        make_decider("nonesuch")

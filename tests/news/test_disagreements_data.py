"""The blind judgements of the readers' disagreements (bench/data/disagreements): well formed,
and the agreement the bench prints computed as ANNOTATION.md scores a stance."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import bench_disagreements as B  # noqa: E402
from accord.news import corpus  # noqa: E402


def test_every_pair_is_judged_twice_by_two_annotators_with_a_known_label():
    rows = B.load()
    assert len(rows) == 67
    known = {"ukraine", "russia", "us", "us_outgoing", "europe", "nato", "north_korea", "china", "us_congress"}
    for r in rows:
        assert r["actor"] in known and len(r["sha256"]) == 64
        assert len({m["annotator"] for m in r["marks"]}) == 2
        for m in r["marks"]:
            assert m["direction"] in ("up", "down", "none")
            assert (m["cue"] is None) == (m["direction"] == "none")  # a stance has its cue, none has none
        # the pairs are outside the corpus the readers were trained, tuned or tested on
        assert corpus.split_of(r["doc"]) != "test"


def test_the_sample_is_fifty_pairs_drawn_from_each_reader_and_judged_twice():
    rows = B.load(B.SAMPLE)
    for name in ("learned", "rules"):
        assert sum(name in r["drawn_from"] for r in rows) == 50
    disagreements = {(r["doc"], r["actor"], r["issue"]) for r in B.load()}
    for r in rows:
        assert r["drawn_from"] and (r["doc"], r["actor"], r["issue"]) not in disagreements
        assert len({m["annotator"] for m in r["marks"]}) == 2
        assert corpus.split_of(r["doc"]) != "test"
        for m in r["marks"]:
            assert (m["cue"] is None) == (m["direction"] == "none")


def test_cues_lie_inside_their_texts_where_the_press_releases_are_here():
    if not corpus.PRESS_DIR.is_dir():
        pytest.skip(f"{corpus.PRESS_DIR} not here")
    texts = {row["doc"]: row["text"] for s in corpus.PRESS_FILES for row in corpus.press_rows(s)}
    for r in B.load() + B.load(B.SAMPLE):
        t = texts[r["doc"]]
        assert corpus.sha256_text(t) == r["sha256"]
        for m in r["marks"]:
            if m["cue"] is not None:
                a, b = m["cue"]
                assert 0 <= a < b <= len(t)


def _row(a, b):
    return {"marks": [{"direction": a}, {"direction": b}]}


def test_agreement_counts_a_stance_only_where_both_give_the_same_way():
    n, same, f1 = B.agreement([_row("up", "up"), _row("none", "none"), _row("up", "down"), _row("none", "down")])
    assert (n, same) == (4, 2)
    # one stance agreed; the first annotator's "up" against "down" is a false one and a
    # missed one; "none" against "down" a missed one: 2 / (2 + 1 + 2)
    assert f1 == pytest.approx(2 / 5)
    assert B.agreement([_row("none", "none")])[2] == 0.0

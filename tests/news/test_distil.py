"""The distillation script's text selection and its reading of the teacher's int8 weights.

The weight test needs the training packages (``bash scripts/setup.sh --train``, which
``scripts/test.sh`` installs); without them it skips with that line.
"""

from __future__ import annotations

import importlib.util
import json
import sys

import numpy as np
import pytest

from accord.news import corpus
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "scripts"))

import distil_cross  # noqa: E402


def _doc(doc: str, url: str, text: str, case: str = "ukraine_2024", kind: str = "news", date: str = "2025-03-01"):
    return corpus.Doc(doc=doc, kind=kind, source="x", url=url, sha256=corpus.sha256_text(text), date=date,
                      outlet="x", case=case)


def _ids_by_split(split: str, n: int) -> list[str]:
    out, k = [], 0
    while len(out) < n:
        if corpus.split_of(f"page-{k:012x}") == split:
            out.append(f"page-{k:012x}")
        k += 1
    return out


def test_pages_outside_train_are_left_out_by_url_and_by_text(tmp_path):
    (train_id,) = _ids_by_split("train", 1)
    test_id, dev_id = _ids_by_split("test", 1) + _ids_by_split("dev", 1)
    manifest = {
        train_id: _doc(train_id, "https://a.example/train", "Train page.\n"),
        test_id: _doc(test_id, "https://a.example/test", "Test page.\n"),
        dev_id: _doc(dev_id, "https://a.example/dev", "Dev page.\n"),
        "g": _doc("g", "https://a.example/grain", "Grain page.\n", case="grain_2023"),
    }
    items = [
        {"url": "https://a.example/train", "excerpt": "Train page."},   # annotated, train: kept
        {"url": "https://a.example/test", "excerpt": "Test page."},     # test by URL
        {"url": "https://elsewhere.example/copy", "excerpt": " Dev page. "},  # dev by its text
        {"url": "https://a.example/grain", "excerpt": "Grain page."},  # another case's
        {"url": "https://b.example/new", "excerpt": "A new page."},     # never annotated: kept
        {"url": "https://b.example/again", "excerpt": "A new page."},   # the same text once
        {"url": "https://b.example/excluded", "excerpt": "Excluded."},  # --exclude by URL
        {"url": None, "excerpt": "No address."},                        # not an item: skipped
    ]
    (tmp_path / "p.json").write_text(json.dumps(items), encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    texts, dropped, record = distil_cross.page_texts(tmp_path, manifest, {"https://b.example/excluded"})
    assert sorted(t for _, t, _ in texts) == ["A new page.\n", "Train page.\n"]
    assert dropped == 4
    assert sorted(r["url"] for r in record) == ["https://a.example/train", "https://b.example/new"]
    assert {r["sha256"] for r in record} == {corpus.sha256_text(t) for _, t, _ in texts}


@pytest.mark.skipif(not corpus.PRESS_DIR.is_dir(), reason=f"{corpus.PRESS_DIR} not at hand")
def test_press_releases_read_are_train_ones_outside_the_held_out_window():
    manifest = corpus.read_manifest(corpus.CORPUS_DIR / "manifest.jsonl")
    texts = distil_cross.press_texts(manifest, set())
    assert texts
    lo, hi = corpus.HELD_OUT_WINDOW
    for doc, _, date in texts:
        d = manifest.get(doc)
        assert (d.split if d else corpus.split_of(doc)) == "train"
        assert not lo <= date <= hi
    first = texts[0][0]
    assert first not in {d for d, _, _ in distil_cross.press_texts(manifest, {first})}


def test_fidelity_counts_agreement_at_the_cut():
    t = np.array([[0.9, 0.05, 0.05], [0.2, 0.7, 0.1], [0.3, 0.1, 0.6]])
    s = np.array([[0.8, 0.1, 0.1], [0.6, 0.3, 0.1], [0.1, 0.1, 0.8]])
    f = distil_cross.fidelity(s, t, cut=0.5)
    assert f["teacher_stances"] == 2 and f["student_stances"] == 1 and f["both"] == 1
    assert f["stance_agreement"] == pytest.approx(2 / 3, abs=1e-4)
    assert f["argmax_agreement"] == pytest.approx(2 / 3, abs=1e-4)


MISSING = [m for m in ("jax", "onnx") if importlib.util.find_spec(m) is None]


@pytest.mark.skipif(bool(MISSING), reason=f"training packages missing ({', '.join(MISSING)}): bash scripts/setup.sh --train")
def test_the_teachers_weights_read_back_give_its_readings():
    import train_cross

    from accord.news.learned import cross

    pairs = [("Vladimir [Putin] demanded guarantees that Ukraine will never join NATO.",
              "actor: Russia; issue: NATO membership; up means: Ukraine stays out; down means: Ukraine joins"),
             ("[Zelenskyy] said Ukraine would never give up its territory.",
              "actor: Ukraine; issue: territory; up means: ceded; down means: kept")]
    p = distil_cross.teacher_params(cross.FOLDER / "model.onnx")
    assert len(p["layers"]) == 6
    float_read = train_cross.jax_predict(p, cross.encode(cross.load_tokenizer(), pairs))
    int8_read = cross.CrossHead().predict_pairs(pairs)
    assert np.abs(float_read - int8_read).max() < 0.05
    student = distil_cross.initial("teacher", 2, seed=0)
    assert len(student["layers"]) == 2
    assert np.array_equal(student["head"]["W"], p["head"]["W"])


def test_the_fast_reader_follows_the_default_one_on_the_seeds():
    """The distilled encoder (``--extractor fast``) keeps the default's pair stage and cuts
    and reads the candidates as its teacher does, within what distillation left: on the
    seeds' candidate pairs, close readings and the same stance or not for nearly all."""
    from accord.news.decide import make_decider
    from accord.news.evaluate import case_scenario
    from accord.news.extract import Extractor
    from accord.news.learned import cross
    from accord.news.learned.data import _Recorder
    from accord.news.types import Article

    seeds = REPO.parent / "shared" / "corpus" / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} not at hand")
    fast, default = make_decider("fast"), make_decider("learned")
    assert fast.head.meta["distilled"]["teacher_sha256"] == default.head.meta["model_sha256"]
    assert (fast.head.meta["screen"], fast.head.threshold) == (default.head.meta["screen"], default.head.threshold)
    assert (REPO / "src/accord/news/learned/weights/cross-fast/pairs.json").read_bytes() == \
        (REPO / "src/accord/news/learned/weights/cross/pairs.json").read_bytes()
    rec = _Recorder()
    ex = Extractor(case_scenario("ukraine_2024"), decider=rec)
    arts = [Article(id=p.name, file=p.name, text=p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    for _ in ex.pipe(arts):
        pass
    pairs = list(dict.fromkeys(cross.pair_text(c) for c in rec.cands))
    assert len(pairs) > 100
    p_fast, p_default = fast.head.predict_pairs(pairs), default.head.predict_pairs(pairs)
    assert np.abs(p_fast - p_default).mean() < 0.08
    cut = default.head.threshold
    assert ((1 - p_fast[:, 0] >= cut) == (1 - p_default[:, 0] >= cut)).mean() > 0.9

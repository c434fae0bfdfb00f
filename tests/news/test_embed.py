"""Sentence embeddings for the learned decider (measured, not shipped): the model files are
found in the installed packages or a clear error says which package is missing; embeddings
are unit length, the same for the same text whatever the batch; actor names are masked."""

from __future__ import annotations

import numpy as np
import pytest

from accord.news.learned import embed


def test_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(embed, "MODEL_DIST", "no-such-dist-accord-test")
    with pytest.raises(embed.EmbeddingsUnavailable, match="no-such-dist-accord-test"):
        embed.model_files()


@pytest.fixture(scope="module")
def embedder():
    try:
        return embed.Embedder(batch=2)
    except embed.EmbeddingsUnavailable as e:
        pytest.skip(f"embedding packages not installed: {e}")


def test_embeddings_are_unit_length_and_batch_independent(embedder):
    texts = ["Russia demands that Ukraine renounce NATO membership.", "Kyiv will never give up its bid to join NATO.",
             "The weather is mild today.", "Ukraine stays neutral."]
    a = embedder(texts)
    assert a.shape == (4, embed.DIM)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    b = np.vstack([embedder([t]) for t in texts])
    assert np.allclose(a, b, atol=1e-4)
    sim = a @ a.T
    # the two NATO sentences are nearer each other than either is to the weather
    assert sim[0, 1] > sim[0, 2] and sim[0, 1] > sim[1, 2]


def test_masked_sentence_hides_actor_names(embedder):
    from accord.news.evaluate import case_scenario
    from accord.news.learned.propose import Proposer

    prop = Proposer(case_scenario("ukraine_2024"))
    doc = prop.nlp("Vladimir Putin demanded guarantees that NATO will not expand and that Ukraine will never join.")
    cands = [p.cand for p in prop.propose_doc(doc, "2024-11-20")]
    assert cands
    for c in cands:
        s = embed.masked_sentence(c)
        assert "Putin" not in s and "[MASK]" in s

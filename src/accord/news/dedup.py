"""Exact and near-duplicate articles.

*Exact*: the sha256 of the normalised text (:func:`normalise`: Unicode NFKC, case-folded,
typographic quotes and dashes made plain, white space collapsed), so the same story with
other line breaks or curly quotes is the same article.

*Near*: the Jaccard similarity of the sets of word 5-shingles,
``J(A, B) = |S(A) ∩ S(B)| / |S(A) ∪ S(B)|`` (Broder 1997, "On the resemblance and
containment of documents", eq. 1). Candidates are found by MinHash with locality-sensitive
banding (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.4): with
``b`` bands of ``r`` rows the chance that two texts of similarity ``s`` share a band is
``1 - (1 - s^r)^b``; with the defaults (b = 20, r = 5) that is 0.9996 at s = 0.8 and
0.05 at s = 0.3. Every candidate is then checked with the exact Jaccard of its shingles,
so MinHash only decides what to compare, never the verdict.

The hash family is multiply-shift on 64-bit shingle hashes, ``h_i(x) = (a_i x + b_i) >> 32``
(mod 2^64, odd ``a_i``), with ``a, b`` from a fixed seed: the same text gives the same
signature on every machine and run.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

__all__ = ["BANDS", "NEAR_THRESHOLD", "ROWS", "SEED", "band_keys", "jaccard", "minhash", "normalise", "shingles"]

SHINGLE_WORDS = 5
NEAR_THRESHOLD = 0.8
BANDS = 20
ROWS = 5
SEED = 20241111
_rng = np.random.default_rng(SEED)
_A = _rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_PLAIN = (("‘", "'"), ("’", "'"), ("‚", "'"), ("“", '"'), ("”", '"'), ("„", '"'), ("–", "-"), ("—", "-"),
          ("\u00a0", " "))


def normalise(text: str) -> str:
    """The text as compared for exact duplicates (see module doc).

    ASCII text is only case-folded and its white space collapsed (NFKC and the typographic
    marks leave it as it is); ``str.replace`` per mark is some ten times faster than
    ``str.translate`` with a mapping to non-Latin-1 text.
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        for mark, plain in _PLAIN:
            if mark in text:
                text = text.replace(mark, plain)
    return " ".join(text.casefold().split())  # split() with no argument: every Unicode space, as re's \s


def shingles(text: str, k: int = SHINGLE_WORDS) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word ``k``-grams of the normalised text."""
    words = re.findall(r"\w+", normalise(text))
    if len(words) < k:
        grams = [" ".join(words)] if words else []
    else:
        grams = [" ".join(words[i : i + k]) for i in range(len(words) - k + 1)]
    blake = hashlib.blake2b
    digests = b"".join([blake(g.encode(), digest_size=8).digest() for g in grams])
    return np.unique(np.frombuffer(digests, dtype="<u8").astype(np.uint64))


def minhash(sh: np.ndarray) -> np.ndarray:
    """The MinHash signature (``BANDS * ROWS`` uint32) of a shingle set."""
    if sh.size == 0:
        return np.full(BANDS * ROWS, 2**32 - 1, dtype=np.uint32)
    with np.errstate(over="ignore"):
        h = (_A[:, None] * sh[None, :] + _B[:, None]) >> np.uint64(32)
    return h.min(axis=1).astype(np.uint32)


def band_keys(signature: np.ndarray) -> list[int]:
    """One signed 63-bit key per band (band index included), for an SQLite index."""
    rows = signature.reshape(BANDS, ROWS)
    keys = []
    for i, row in enumerate(rows):
        d = hashlib.blake2b(i.to_bytes(2, "little") + row.tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(d, "little") >> 1)
    return keys


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique shingle arrays (1.0 for two empty sets)."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)

"""Word lists kept as data (``lexicons/*.txt``), not code.

A list file holds one entry a line; ``#`` starts a comment; blank lines are skipped. A
mapping file (``*.json``) maps a word to a value (a lemma to its act). Each file is read
once per process. To change what the rules know, edit the file; nothing else changes.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


def _text(name: str) -> str:
    return resources.files("accord.news").joinpath("lexicons", name).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/<name>.txt`` as a set (each stripped; comments dropped)."""
    out = []
    for line in _text(name + ".txt").splitlines():
        w = line.split("#", 1)[0].strip()
        if w:
            out.append(w)
    return frozenset(out)


@lru_cache(maxsize=None)
def mapping(name: str) -> dict[str, str]:
    """``lexicons/<name>.json``: a mapping of words."""
    return dict(json.loads(_text(name + ".json")))

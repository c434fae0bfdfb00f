"""What an issue's words say about its two ends, read from :class:`IssueText` alone.

A learned decider must serve a case it was not trained on, so nothing here knows an issue
id: the low and high poles' texts and the numbered anchors (each on the side of 50 it
stands) give two word sets, and each keyword gets a sign from the pole text it appears in
(+1: more of the thing named is toward the high end; -1 toward the low end; 0 unknown).
A pole text that speaks of lessening ("no limits", "aid ends") turns the sign of its words
over, the same reading :func:`accord.news.stance.build_lexicons` makes from a scenario.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..decide import IssueText
from ..stance import LESSEN

_WORD = re.compile(r"[a-z][a-z0-9\-’']+|\d{4}")
STOP = frozenset({
    "the", "and", "of", "to", "in", "on", "with", "its", "it", "a", "an", "or", "for", "all", "any", "is", "are",
    "be", "by", "that", "this", "as", "at", "from", "part", "only", "rest", "plus", "e.g", "example", "about",
    "near", "today's", "their", "his", "her", "they", "no", "not", "kept", "keep", "keeps", "now",
})
#: words of a pole text too general to name an issue on their own
GENERIC = frozenset({
    "ukraine", "russia", "ukraine's", "russia's", "russian", "ukrainian", "western", "west", "outcome", "deal",
    "side", "sides", "country", "countries", "state", "states", "land", "does", "hold", "holds", "included",
    "including", "continue", "continues", "ever", "must", "will", "would", "moscow", "kyiv", "ask", "asks",
    "ends", "end", "whole", "full", "fully", "both", "more", "most", "less", "other", "others", "new",
})


def forms(word: str) -> set[str]:
    """A word's crude forms: as written (lower case) and without a plural s."""
    w = word.lower()
    out = {w}
    if w.endswith("s") and len(w) > 4:
        out.add(w[:-1])
    return out


def words_of(text: str) -> set[str]:
    out: set[str] = set()
    for w in _WORD.findall(text.lower()):
        out |= forms(w)
    return out


@dataclass(frozen=True)
class PoleLexicon:
    high: frozenset[str]  # words only on the high side (pole text, anchors above 50)
    low: frozenset[str]
    key_sign: dict  # keyword's last word (any form) -> +1 / -1 / 0
    keywords: tuple[tuple[str, ...], ...]  # keyword phrases as lower-cased words
    triggers: frozenset[str]  # content words of the two poles' texts (name the issue, weaker than a keyword)
    anchors: tuple[tuple[float, frozenset[str]], ...]  # value, content words

    def sign_of(self, word: str) -> int:
        for f in forms(word):
            s = self.key_sign.get(f)
            if s is not None:
                return s
        return 0

    def trigger_sign(self, word: str) -> int:
        """A word's sign as a keyword's, else as a pole word's (the side it stands on)."""
        return self.sign_of(word) or self.side_of(word)

    def side_of(self, word: str) -> int:
        fs = forms(word)
        return (1 if fs & self.high else 0) - (1 if fs & self.low else 0)


@lru_cache(maxsize=256)
def pole_lexicon(it: IssueText) -> PoleLexicon:
    """The :class:`PoleLexicon` of one issue text (cached: an IssueText is frozen)."""
    texts = [(it.low, -1), (it.high, 1)] + [(t, 1 if v > 50 else -1) for v, t in it.anchors if v != 50]
    keywords = tuple(tuple(_WORD.findall(k.lower())) or (k.lower(),) for k in it.keywords)
    topic = {w for ph in keywords for w in ph}
    hi: set[str] = set()
    lo: set[str] = set()
    for t, side in texts:
        (hi if side > 0 else lo).update(words_of(t))
    hi, lo = hi - STOP - topic - LESSEN, lo - STOP - topic - LESSEN
    pole_words = (words_of(it.low) | words_of(it.high)) - STOP - GENERIC - LESSEN - topic
    triggers = frozenset(w for w in pole_words if len(w) > 4 and w.isalpha())
    key_sign: dict[str, int] = {}
    for ph in keywords:
        last = ph[-1]
        s = 0
        for t, side in texts:
            ws = _WORD.findall(t.lower())
            for i, w in enumerate(ws):
                if forms(w) & forms(last):
                    # a word of lessening next to it ("no limits", "aid ends") turns it over
                    near = ws[max(0, i - 2):i] + ws[i + 1:i + 3]
                    s += side * (-1 if any(forms(x) & LESSEN for x in near) else 1)
                    break
        for f in forms(last):
            key_sign.setdefault(f, (s > 0) - (s < 0))
    anchors = tuple((float(v), frozenset(words_of(t.split(":")[0].split("(")[0]) - STOP)) for v, t in it.anchors)
    return PoleLexicon(frozenset(hi - lo), frozenset(lo - hi), key_sign, keywords, triggers, anchors)

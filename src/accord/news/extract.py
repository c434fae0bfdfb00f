"""Articles in, attributed statements out: :class:`Extractor`.

One spaCy pass per article (:mod:`accord.news.nlp`); everything after it is rule matching
over that parse: attribution cues (:mod:`.attribution`), the actor behind each (names,
titles, possessives, metonyms, pronouns back to the last named actor, aliases by date),
stances on the scenario's issues (:mod:`.stance`), dates and quantities
(:mod:`.temporal`), and denials linked to what they deny (:mod:`.disputes`).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, Iterable, Iterator

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import attribution, direction, disputes, lexicon, nlp as nlp_mod, pipeline, stance, temporal
from .decide import Candidate, Decider, make_decider
from .types import Article, Extraction, Quantity, Statement
from .vocab import Vocabulary

PRONOUNS = lexicon.words("pronouns")
#: pronouns of the speaker: inside a direct quotation they are the quotation's speaker
FIRST_PERSON = lexicon.words("first_person")
#: verbs whose passive subject is the one addressed ("Kyiv was urged to ...")
ADDRESSED = lexicon.words("addressed")
#: pronouns for one person: they refer back to a person named, not to a state or a body
PERSONAL_PRONOUNS = lexicon.words("personal_pronouns")
#: pronouns for a thing: a state, a capital, an institution, never a person
THING_PRONOUNS = lexicon.words("thing_pronouns")
#: words of an actor's name that make it a place or a body rather than a person ("Kyiv",
#: "the Kremlin", "the White House", "Republican-controlled Congress", "European allies")
BODY_WORDS = lexicon.words("body_words")
#: words before or in a name that make it a person's ("President", "Mr.", "spokesperson")
PERSON_TITLES = lexicon.words("person_titles")


def is_person(ent: Span) -> bool:
    """Whether an actor's mention names a person (Trump, Dmitry Peskov, President Biden)
    rather than a state or body (Kyiv, the Kremlin, European allies), for pronoun
    agreement: "he" and "his" go back to a person, "it" and "its" to a state or body."""
    words = [t.lower_ for t in ent]
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if any(w in PERSON_TITLES for w in words) or before in PERSON_TITLES:
        return True
    root = ent.root
    return root.pos_ == "PROPN" and root.tag_ != "NNPS" and not any(w in BODY_WORDS for w in words)


#: words that make a subject a commentator or outlet, never an actor
REPORTER_WORDS = lexicon.words("reporter_words")

def _obliged(verb: Token) -> bool:
    """Whether ``verb`` is a duty laid on its subject inside a noun's content clause
    ("conditions where Ukraine must curtail ...", "a demand that Kyiv should ...")."""
    duty = any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in verb.children)
    return duty and verb.dep_ in ("relcl", "acl", "ccomp") and verb.head.pos_ == "NOUN"


#: words of asking or proposing, whose clause's subject is the one asked, not the one asking
DEMAND_HEADS = lexicon.words("demand_heads")


def _demanded(verb: Token) -> bool:
    """Whether ``verb``'s clause is what someone else demands or proposes: a clausal
    complement of a demand verb ("Putin wants Ukraine to withdraw", "urged Kyiv to
    negotiate") or of a demand noun ("the conditions ... that Ukraine withdraw")."""
    if verb.dep_ not in ("ccomp", "xcomp", "acl", "relcl") or verb.head is verb:
        return False
    head = verb.head
    if head.pos_ == "NOUN":
        return head.lower_ in DEMAND_HEADS or head.lemma_.lower() in DEMAND_HEADS
    return stance.ACTS.get(head.lemma_.lower()) in ("demand", "propose") and head.lemma_.lower() not in ("insist",)


class _DocIndex:
    """What the rules read many times from one parse, read once.

    spaCy builds ``doc.ents`` (and ``Span.ents``, which scans it) anew on every access,
    and ``Token.sent`` walks the sentence flags each time: here the entities are read
    once, each token points to the entity it is in (``ent_at``, -1 outside any), and the
    sentence bounds and lower-cased words are kept in lists.
    """

    __slots__ = ("doc", "ents", "starts", "ent_at", "lower", "sent_starts", "sent_ends")

    def __init__(self, doc: Doc):
        self.doc = doc
        self.ents: list[Span] = list(doc.ents)
        self.starts = [e.start for e in self.ents]
        self.ent_at = [-1] * len(doc)
        for k, e in enumerate(self.ents):
            self.ent_at[e.start:e.end] = [k] * (e.end - e.start)
        strings = doc.vocab.strings
        self.lower: list[str] = [strings[h] for h in doc.to_array(LOWER).tolist()]
        self.sent_starts: list[int] = []
        self.sent_ends: list[int] = []
        for s in doc.sents:
            self.sent_starts.append(s.start)
            self.sent_ends.append(s.end)

    def ent_of(self, i: int) -> Span | None:
        k = self.ent_at[i]
        return self.ents[k] if k >= 0 else None

    def ents_within(self, start: int, end: int) -> list[Span]:
        """The entities inside tokens [start, end), in order (as ``Span.ents``)."""
        out = []
        for k in range(bisect_left(self.starts, start), len(self.ents)):
            e = self.ents[k]
            if e.end > end:
                break
            out.append(e)
        return out

    def sent_bounds(self, i: int) -> tuple[int, int]:
        """The [start, end) of the sentence token ``i`` is in (as ``Token.sent``)."""
        k = bisect_right(self.sent_starts, i) - 1
        return self.sent_starts[k], self.sent_ends[k]


class Extractor:
    """Extract :class:`Statement` s from articles with one case's vocabulary.

    ``case`` is a :class:`.vocab.Vocabulary` or a scenario (of which only the vocabulary
    is kept). ``nlp`` may pass an already loaded spaCy pipeline (it gets the actor ruler
    added). ``decider`` (a :class:`.decide.Decider` or a registered name, ``rules`` by
    default) decides each candidate stance the rules propose.
    """

    def __init__(self, case: Any, nlp: Language | None = None, decider: Decider | str | None = None):
        # only the case's names are read: never a position, salience, capability or side
        self.vocab = Vocabulary.from_scenario(case)
        self.nlp, self.actors = nlp_mod.build(self.vocab, nlp)
        self.lexicons = stance.build_lexicons(
            self.vocab, lambda k: tuple(t.lower_ for t in self.nlp.make_doc(k)) or (k.lower(),),
            lambda text: [{t.lower_, t.lemma_.lower()} for t in self.nlp(text) if t.is_alpha])
        self.issue_texts = {i.id: i.text() for i in self.vocab.issues}
        self._scale = {i.id: i.scale for i in self.vocab.issues}
        self.decider: Decider = make_decider(decider or "rules") if decider is None or isinstance(decider, str) else decider
        self._ix: _DocIndex | None = None
        self._inside: list[bool] | None = None
        self._cue_cache: dict[int, list[attribution.Cue]] = {}
        self._speakers: dict[int, tuple[str, str, Token] | None] = {}
        self.poles = {i.id: self._pole_agents(i) for i in self.vocab.issues}
        pipeline.install(self.nlp, self)

    def _pole_agents(self, issue) -> direction.PoleAgents:
        """Whose concession each end of ``issue`` is: the actors its ``low``/``high`` texts
        name as the subject of a word of conceding ("Ukraine cedes ...")."""
        sides = {}
        for name, text in (("down", issue.low), ("up", issue.high)):
            found = set()
            if text:
                doc = self.nlp(text)
                for ent in doc.ents:
                    a = self.actors.resolve(ent.ent_id_, None) if ent.label_ == "ACTOR" else None
                    r = ent.root
                    if a and r.dep_ in ("nsubj", "nsubjpass") and direction.lemma(r.head) in direction.CONCEDE:
                        found.add(a)
            sides[name] = found
        both = sides["up"] & sides["down"]
        return direction.PoleAgents(frozenset(sides["up"] - both), frozenset(sides["down"] - both))

    def _agent(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> str | None:
        """The actor who does ``verb`` (a concession): its subject, the one whose clause it
        completes ("refuses to give up": the refuser), or a noun's possessor or by-agent."""
        t = verb
        for _ in range(4):
            for c in t.children:
                if c.dep_ in ("nsubj", "poss"):
                    return self.resolve_token(c, date, memory)[0]
                if c.dep_ == "agent":
                    pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.resolve_token(pobj, date, memory)[0]
            if t.dep_ == "xcomp":  # "require Kyiv to hand over": the one required; "refuses to": the refuser
                obj = next((c for c in t.head.children if c.dep_ == "dobj"), None)
                if obj is not None:
                    return self.resolve_token(obj, date, memory)[0]
            if t.dep_ in ("xcomp", "pcomp", "prep", "acl", "pobj") or t.dep_ == "conj":
                t = t.head
                continue
            break
        return None

    # -- public ------------------------------------------------------------------------
    def extract(self, article: Article) -> Extraction:
        return self.from_doc(self.nlp(article.text), article)

    def pipe(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Extraction]:
        """Parse in batches; the accord stages (a no-op in ``nlp`` without an article's
        state) then run on each parse with its article."""
        arts = list(articles)
        for doc, art in zip(self.nlp.pipe((a.text for a in arts), batch_size=batch_size), arts):
            yield self.from_doc(doc, art)

    def cues(self, text: str) -> list[attribution.Cue]:
        """Attribution cues of a plain text (for ``accord eval-attribution``)."""
        return attribution.find_cues(self.nlp(text))

    def _index(self, doc: Doc) -> _DocIndex:
        if self._ix is None or self._ix.doc is not doc:
            self._ix = _DocIndex(doc)
        return self._ix

    # -- actors ------------------------------------------------------------------------
    def actor_of_ent(self, ent: Span, date: str | None) -> str | None:
        if ent.label_ != "ACTOR":
            return None
        root = ent.root
        # "The Washington Post", "Moscow Times": an alias inside a larger name is no actor
        if root.dep_ == "compound" and root.head.pos_ == "PROPN" and root.head.ent_type_ != "ACTOR":
            return None
        return self.actors.resolve(ent.ent_id_, date)

    def resolve_token(self, tok: Token, date: str | None, memory: dict[str, str | None]) -> tuple[str | None, str]:
        """The actor a noun token names (with its surface), through its entity or possessor."""
        ix = self._index(tok.doc)
        if tok.ent_type_ == "ACTOR":
            ent = ix.ent_of(tok.i)
            if ent is not None:
                return self.actor_of_ent(ent, date), ent.text
        for c in tok.children:  # "Trump's team", "Putin's terms"
            if c.dep_ == "poss":
                a, surf = self.resolve_token(c, date, memory)
                if a:
                    return a, f"{surf}'s {tok.text}"
        for c in tok.children:  # "Kremlin spokesperson Dmitry Peskov" handled by ents; "Russian officials"
            if c.dep_ == "compound" and c.ent_type_ == "ACTOR" and tok.pos_ != "PROPN":
                a, surf = self.resolve_token(c, date, memory)
                if a:
                    return a, surf + " " + tok.text
        if tok.lower_ in FIRST_PERSON and self._inside is not None and self._inside[tok.i]:
            spoken = self._quote_speaker(tok.i, date, memory)  # "we" in a quotation: its speaker
            return (spoken[0], tok.text) if spoken else (None, tok.text)
        if tok.lower_ in PRONOUNS:
            low = tok.lower_
            agrees = (lambda e: is_person(e)) if low in PERSONAL_PRONOUNS else (
                (lambda e: not is_person(e)) if low in THING_PRONOUNS else (lambda e: True))
            if tok.dep_ == "poss":  # "wants Kyiv to give up its ambitions": its = the own clause's subject
                v = tok.head
                while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                    v = v.head
                subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i
                             and c.lower_ not in PRONOUNS), None)
                if subj is not None and subj.ent_type_ == "ACTOR":
                    ent = ix.ent_of(subj.i)
                    a = self.actor_of_ent(ent, date) if ent is not None else None
                    if a and agrees(ent):
                        return a, tok.text
            # the first actor named earlier in the same sentence, its topic ("For Moscow, ... its hold")
            s_start, s_end = ix.sent_bounds(tok.i)
            for ent in [e for e in ix.ents_within(s_start, s_end) if e.end <= tok.i]:
                a = self.actor_of_ent(ent, date)
                if a and agrees(ent):
                    return a, tok.text
            if low in PERSONAL_PRONOUNS and memory.get("person"):
                return memory["person"], tok.text
            if low in THING_PRONOUNS and memory.get("body"):
                return memory["body"], tok.text
            key = "plural" if low in ("they", "their", "them") else "singular"
            return memory.get(key) or memory.get("any"), tok.text
        return None, tok.text

    # -- the work ----------------------------------------------------------------------
    def from_doc(self, doc: Doc, article: Article) -> Extraction:
        """The article's statements: the three stages (:mod:`.pipeline`) run on the parse
        with the article's state; the extractor's per-article caches are dropped after."""
        doc._.accord = state = pipeline.ReadState(article)
        try:
            components = dict(self.nlp.components)
            for name in pipeline.STAGES:
                doc = components[name](doc)
        finally:
            self._ix = self._inside = None  # hold no parse after the article
            self._cue_cache, self._speakers = {}, {}
            doc._.accord = None
        return state.extraction

    # -- the stages ----------------------------------------------------------------------
    def stage_cues(self, doc: Doc, state: pipeline.ReadState) -> None:
        """accord_cues: which tokens are quoted, and every sentence's cues."""
        state.inside = self._inside = attribution.quoted(doc)
        self._ix = _DocIndex(doc)
        self._cue_cache = {}
        self._speakers = {}
        for sent in doc.sents:
            self._cues_of(sent)
        state.cues = self._cue_cache

    def stage_holders(self, doc: Doc, state: pipeline.ReadState) -> None:
        """accord_holders: cue statements and stance candidates, sentence by sentence,
        pronouns resolved against the actors named before them."""
        if self._ix is None or self._ix.doc is not doc:
            self.stage_cues(doc, state)
        article, date, ix = state.article, state.article.published, self._ix
        memory: dict[str, str | None] = {}
        self._kw_sentences = 0
        for sent in doc.sents:
            text = sent.text
            if not text.strip():
                continue
            state.sentences.append((sent.start_char, sent.end_char))
            state.items.extend(self._sentence(sent, text, ix, article, date, state.inside, memory, state.quantities))
        state.keyword_sentences = self._kw_sentences

    def stage_stance(self, doc: Doc, state: pipeline.ReadState) -> None:
        """accord_stance: each candidate's reading (direction path, anchor, hedge), the
        decider's decisions for the whole article, the statements in sentence order."""
        date = state.article.published
        cands = []
        for it in state.items:
            if isinstance(it, tuple):
                cand, st, hits, lex, memory = it
                sent, htok, key = cand.sent, cand.holder, cand.key
                reading = direction.read(sent, htok, hits, lex.sign, lex.high_words, lex.low_words,
                                         lambda v, m=memory: self._agent(v, date, m), self.poles.get(lex.id))
                pos = stance.anchor_position(sent, lex)
                cand.rule_score, cand.rule_stance = reading.score, reading.stance
                cand.rule_hedged = st.hedged = stance.is_hedged(sent, htok, key)
                cand.position = None if pos is None else self._unit(lex.id, pos)
                st.position = pos
                cands.append(cand)
        decisions = iter(self.decider.decide(cands) if cands else [])
        statements: list[Statement] = []
        for it in state.items:
            if not isinstance(it, tuple):
                statements.append(it)
                continue
            dec = next(decisions)
            if not dec.stance and dec.direction is None:
                continue
            st = it[1]
            st.direction, st.hedged = dec.direction, dec.hedged
            statements.append(st)
        disputes.link_denials(statements)
        counts = {"actor_mentions": sum(1 for e in self._ix.ents if e.label_ == "ACTOR") if self._ix else 0,
                  "keyword_sentences": state.keyword_sentences, "candidates": len(cands),
                  "stances": sum(1 for st in statements if st.issue)}
        state.extraction = Extraction(state.sentences, statements, state.quantities, counts)

    def _sentence(self, sent: Span, text: str, ix: _DocIndex, article: Article, date: str | None,
                  inside: list[bool], memory: dict[str, str | None],
                  article_quantities: list[Quantity] | None = None) -> list:
        """The cue statements of one sentence, and its stance candidates each with the
        statement it becomes once decided (and what the stance stage reads: the keyword
        hits, the issue's lexicon, the pronoun memory as it stood); the sentence's
        quantities are also added to ``article_quantities``."""
        out: list = []
        ev_date = temporal.event_date(text, date)
        quants = temporal.quantities(text, sent.start_char)
        if article_quantities is not None:
            article_quantities.extend(quants)
        cues = self._cues_of(sent)
        sentence_hedged: bool | None = None  # the whole sentence's hedge, scanned once when a cue asks

        def base(actor, speaker, act, **kw) -> Statement:
            return Statement(article=article.id, start=sent.start_char, end=sent.end_char, text=text,
                             actor=actor, speaker=speaker, act=act, event_date=ev_date, quantities=quants, **kw)

        # who reports whom: cue statements
        reporters: list[tuple[attribution.Cue, str]] = []
        for cue in cues:
            src_actor, speaker = (None, "")
            if cue.source is not None:
                src_actor, speaker = self.resolve_token(cue.source.root, date, memory)
                if src_actor is None:
                    speaker = cue.source.text
            hedged = False
            if cue.lemma in stance.HEDGE_WORDS:
                if sentence_hedged is None:
                    sentence_hedged = stance.is_hedged(sent, None, None)
                hedged = sentence_hedged
            kw = dict(cue=cue.cue.text, cue_start=cue.cue.start_char, cue_end=cue.cue.end_char, hedged=hedged)
            act = stance.ACTS.get(cue.lemma, "say") if cue.lemma != "according_to" else "say"
            if src_actor is None and cue.source is not None and not self._is_pronoun(cue.source.root):
                reporters.append((cue, speaker))
                inner = self._inner_actor(cue, date, memory)
                if inner:
                    out.append(base(inner[0], inner[1], stance.act_of(inner[2], None) if inner[2] is not None else "claim",
                                    reported_by=speaker, **kw))
                else:
                    out.append(base(None, speaker, "report", **kw))
            elif src_actor is not None:
                out.append(base(src_actor, speaker, act, **kw))

        # stance candidates on the case's issues, for the stance stage and the decider
        words = ix.lower[sent.start:sent.end]
        positions = stance.word_positions(words)
        named = False
        for lex in self.lexicons:
            hits = stance.match_keywords(sent, lex, words, positions)
            if not hits:
                continue
            if not named:
                named = True
                self._kw_sentences += 1
            key = hits[0][1]
            holder = self._holder(key, sent, date, memory)
            if holder is None:
                continue
            actor, speaker, htok = holder
            rep = next((sp for c, sp in reporters if c.content is not None and c.content.start <= key.i < c.content.end), None)
            cand = Candidate(sent=sent, actor=actor, issue=lex.id, issue_text=self.issue_texts[lex.id], holder=htok,
                             key=key, keyword_tokens=tuple(t.i for _, t in hits))
            out.append((cand, base(actor, speaker, stance.act_of(key), issue=lex.id, direction=None, position=None,
                                   hedged=False, reported_by=rep), hits, lex, dict(memory)))

        # remember the last named actors for pronouns in what follows
        for ent in ix.ents_within(sent.start, sent.end):
            a = self.actor_of_ent(ent, date)
            if a and ent.root.dep_ in ("nsubj", "nsubjpass", "poss", "pobj", "dobj"):
                memory["any"] = a
                memory["person" if is_person(ent) else "body"] = a
                if ent.root.tag_ in ("NNS", "NNPS"):
                    memory["plural"] = a
                else:
                    memory["singular"] = a
        return out

    def _unit(self, issue: str, value: float) -> float:
        """A value on the issue's scale as 0..100 (what a decider sees)."""
        lo, hi = self._scale[issue]
        return 100.0 * (value - lo) / ((hi - lo) or 1.0)

    @staticmethod
    def _is_pronoun(tok: Token) -> bool:
        return tok.lower_ in PRONOUNS

    def _inner_actor(self, cue: attribution.Cue, date, memory) -> tuple[str, str, Token] | None:
        """For a relayed claim ("X reported that Trump urged ..."): the content's acting actor."""
        if cue.content is None:
            return None
        for tok in cue.content:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                a, surf = self.resolve_token(tok, date, memory)
                if a:
                    return a, surf, tok.head
        return None

    def _holder(self, key: Token, sent: Span, date, memory) -> tuple[str, str, Token] | None:
        """The actor who holds the stance around ``key``: the nearest subject or possessor up the tree."""
        t = key
        wants = False  # a word of wanting, saying or doing on the path from the keyword so far
        for _ in range(8):
            wants = wants or stance.stance_word(t) or t.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and stance.stance_word(c) for c in t.children)  # "cast doubt on"
            for c in t.children:
                if c.dep_ in ("nsubj", "nsubjpass", "poss", "agent") and c.i != key.i:
                    if c.dep_ == "agent" and t.pos_ not in ("VERB", "AUX"):
                        continue  # "concessions by Kyiv": who would give, not who wants
                    if c.dep_ == "poss" and t.lemma_.lower() not in stance.STANCE_NOUNS:
                        continue  # "Russia's economy": a possessor holds no stance on the thing
                    if c.dep_ == "nsubjpass" and direction.lemma(t) in ADDRESSED:
                        continue  # "Moscow would be warned that ...": the one addressed, not the speaker
                    tok = c
                    if c.dep_ == "agent":
                        tok = next((g for g in c.children if g.dep_ == "pobj"), c)
                    a, surf = self.resolve_token(tok, date, memory)
                    if a and c.dep_ == "nsubj" and (_obliged(t) or _demanded(t)):
                        continue  # "conditions where Ukraine must curtail ...", "wants Europe to carry ...": whom the demand binds
                    if a and not wants:
                        continue  # "Russia has secured ... Kursk": a doer, not a holder; look further up
                    if a and direction.conditional_holder(c):
                        continue  # "... if Ukraine drops its NATO bid": the condition is the main clause's holder's
                    if a:
                        return a, surf, tok
                    if tok.lower_ in REPORTER_WORDS or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
                        pass
            if t.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "who", "that")
                                         for c in t.children):  # "Ukraine, which insists ..." -> the noun the clause hangs on
                a, surf = self.resolve_token(t.head, date, memory)
                if a:
                    return a, surf, t.head
            if t.head.i == t.i:
                break
            t = t.head
        if self._inside is not None and self._inside[key.i]:
            return self._quote_speaker(key.i, date, memory)  # "We will never give up land," Zelensky said.
        return None

    # -- quotations --------------------------------------------------------------------
    def _cues_of(self, sent: Span) -> list[attribution.Cue]:
        """The sentence's cues, found once per article (the quotation speaker looks ahead)."""
        got = self._cue_cache.get(sent.start)
        if got is None:
            got = self._cue_cache[sent.start] = attribution.find_cues(sent, self._inside)
        return got

    def _quote_speaker(self, i: int, date: str | None, memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """The actor who speaks the direct quotation token ``i`` stands in: the source of a
        cue outside the quotation in a sentence the quotation spans, in the sentence right
        after it ('"...," Zelensky said.'), or in the one before it when that one ends with
        a colon ('Zelensky said: "..."'). A quotation spanning several sentences has one
        speaker; a paragraph break ends the search."""
        inside = self._inside
        lo = i
        while lo > 0 and inside[lo - 1]:
            lo -= 1
        hi = i
        while hi + 1 < len(inside) and inside[hi + 1]:
            hi += 1
        if lo in self._speakers:
            return self._speakers[lo]
        ix = self._ix
        doc = ix.doc
        k0 = bisect_right(ix.sent_starts, lo) - 1
        k1 = bisect_right(ix.sent_starts, min(hi + 1, len(doc) - 1)) - 1
        order = list(range(k0, min(k1 + 2, len(ix.sent_starts))))
        if k0 > 0:
            prev_end = ix.sent_ends[k0 - 1]
            last = doc[prev_end - 1] if doc[prev_end - 1].text.strip() or prev_end < 2 else doc[prev_end - 2]
            if last.text == ":" or (lo > 0 and doc[lo - 1].i > 0 and doc[lo - 2].text == ":"):
                order.append(k0 - 1)
        found = None
        for k in order:
            start, end = ix.sent_starts[k], ix.sent_ends[k]
            if k > k1 and "\n\n" in doc[hi:start + 1].text:
                break  # a new paragraph: another speaker's
            for cue in self._cues_of(doc[start:end]):
                if cue.source is None or inside[cue.cue.start]:
                    continue
                a, surf = self.resolve_token(cue.source.root, date, memory)
                if a:
                    found = (a, surf, cue.source.root)
                    break
            if found:
                break
        self._speakers[lo] = found
        return found


def predictions(extractions: Iterable[tuple[Article, Extraction]]) -> list[dict]:
    """JSONL-ready prediction rows (article, actor, issue, direction, hedged) for scoring."""
    rows = []
    for art, ex in extractions:
        for s in ex.statements:
            if s.issue and s.direction:
                rows.append({"article": art.id, "actor": s.actor, "issue": s.issue, "direction": s.direction,
                             "hedged": s.hedged, "position": s.position, "text": s.text})
    return rows

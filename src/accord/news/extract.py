"""Articles in, attributed statements out: :class:`Extractor`, the hub of the news stage.

One spaCy pass per article (:mod:`accord.news.nlp`), then three named components
(:mod:`.pipeline`): cues (:mod:`.attribution`), holders (:mod:`.holders`: the actor behind
each cue and each stance), stance (:mod:`.direction`, :mod:`.stance`, and the decider of
:mod:`.decide`). Dates and quantities (:mod:`.temporal`), denials linked to what they deny
(:mod:`.disputes`). The case is read only through its :class:`~.vocab.Vocabulary`.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from . import attribution, direction, disputes, lexicon, nlp as nlp_mod, pipeline, stance, temporal, tree
from .tree import children
from .decide import Candidate, Decider, Decision, make_decider
from .holders import HolderRules, _DocIndex, demanded, is_person
from .types import Article, Extraction, Quantity, Statement
from .vocab import Vocabulary

#: the decision for a candidate whose sentence makes its holder no claim (:func:`direction.no_claim`)
NO_CLAIM = Decision(None, False, 1.0, stance=False)

#: words whose holder judges what a possessor wants ("condemned", "regret over": :meth:`Extractor._judge_of`)
_JUDGING = stance.JUDGE | direction.COMPLAIN


def _modified_noun(doc: Doc, span: list[int]) -> Token | None:
    """The common noun a keyword's words stand right before and modify as a name
    ("the Nord Stream 2 [project]", "the Minsk [process]"): every word of the keyword that
    hangs outside it hangs on that noun as a compound, nominal or number modifier."""
    inside = set(span)
    outer = [doc[k] for k in span if doc[k].head.i not in inside or doc[k].head.i == k]
    if not outer or any(t.dep_ not in ("compound", "nmod", "nummod") for t in outer):
        return None
    heads = {t.head.i for t in outer}
    if len(heads) != 1:
        return None
    head = doc[heads.pop()]
    return head if head.pos_ == "NOUN" and head.i == max(span) + 1 else None


#: verbs of meeting and the nouns of a meeting "have" or "hold" takes (entries 343, 346)
MEET_VERBS = lexicon.words("meet_verbs")
MEETING_NOUNS = lexicon.words("meeting_nouns")

class Extractor(HolderRules):
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
        self.actor_names = {a.id: a.name for a in self.vocab.actors}
        self._scale = {i.id: i.scale for i in self.vocab.issues}
        self.decider: Decider = make_decider(decider or None) if decider is None or isinstance(decider, str) else decider
        self._ix: _DocIndex | None = None
        self._inside: list[bool] | None = None
        self._cue_cache: dict[int, list[attribution.Cue]] = {}
        self._speakers: dict[int, tuple[str, str, Token] | None] = {}
        self._labels: tuple[Doc, list[int], list[str | None]] | None = None  # a transcript's speaker labels
        self._pole_docs: dict[str, Doc] = {}  # a pole text -> its parse, for the two readings below
        self.poles = {i.id: self._pole_agents(i) for i in self.vocab.issues}
        self._kin: dict[str, set[str]] = {}  # actor -> the actors sharing one of its alias keys
        for cands in self.actors.keys.values():
            for a, _, _ in cands:
                self._kin.setdefault(a, {a}).update(b for b, _, _ in cands)
        self.pole_owners = {i.id: self._pole_owners(i) for i in self.vocab.issues}
        self._pole_docs, self._ix = {}, None  # read; hold no parse of the poles
        self._sent_info: dict[int, tuple[str | None, list[Quantity], str]] = {}  # sentence start -> (event date, quantities, text)
        self._proposer: Any = None  # the broad proposer, where the decider asks for its candidates
        if getattr(self.decider, "proposals", "rules") == "broad":
            from .learned.propose import Proposer

            self._proposer = Proposer(self.vocab, nlp=self.nlp, table=self.actors, lexicons=self.lexicons)
        pipeline.install(self.nlp, self)

    def _pole_agents(self, issue) -> direction.PoleAgents:
        """Whose concession each end of ``issue`` is: the actors its ``low``/``high`` texts
        name as the subject of a word of conceding ("Ukraine cedes ...")."""
        sides = {}
        held: set[str] = set()
        for name, text in (("down", issue.low), ("up", issue.high)):
            found = set()
            if text:
                doc = self._pole_doc(text)
                for ent in doc.ents:
                    a = self.actors.resolve(ent.ent_id_, None) if ent.label_ == "ACTOR" else None
                    r = ent.root
                    if a and r.dep_ in ("nsubj", "nsubjpass") and direction.lemma(r.head) in direction.CONCEDE:
                        found.add(a)
                        held.update(w.lower_ for obj in children(r.head) if obj.dep_ == "dobj"
                                    for w in obj.subtree if w.ent_type_ != "ACTOR")
            sides[name] = found
        both = sides["up"] & sides["down"]
        return direction.PoleAgents(frozenset(sides["up"] - both), frozenset(sides["down"] - both), frozenset(held))

    def _pole_doc(self, text: str) -> Doc:
        if text not in self._pole_docs:
            self._pole_docs[text] = self.nlp(text)
        return self._pole_docs[text]

    def _pole_owners(self, issue) -> dict[str, frozenset[str]]:
        """Whose things an issue is about: each noun the issue's ``low`` and ``high`` texts
        give an owner by name (a possessor, a demonym, an "of" phrase), where both texts
        name that owner ("no limits on Ukraine's forces" / "strict caps on Ukraine's army":
        forces and army -> Ukraine; "Russian troops" at both ends). A thing one end gives
        to one side is contested ("Ukrainian control of the border" against the
        separatists'), so it is not kept. Each owner comes with every actor sharing an alias
        with it (the US before and after an inauguration). A keyword on such a noun that the
        sentence gives another owner names another thing ("strengthen our Armed Forces" in a
        Kremlin release is not about Ukraine's): :meth:`_owned_by_another` (entry 369)."""
        per_pole: list[dict[str, set[str]]] = []
        for text in (issue.low, issue.high):
            found: dict[str, set[str]] = {}
            for t in self._pole_doc(text or ""):
                if t.pos_ in ("NOUN", "PROPN"):
                    owner = self._possessor(t, None, {}, pronouns=False)  # a pole's "its": no reader's guess
                    if owner is not None:
                        for form in (t.lemma_.lower(), t.lower_):
                            found.setdefault(form, set()).update(self._kin.get(owner, {owner}))
            per_pole.append(found)
        both = set.union(set(), *per_pole[0].values()) & set.union(set(), *per_pole[1].values())
        out: dict[str, set[str]] = {}
        for found in per_pole:
            for form, owners in found.items():
                if owners & both:
                    out.setdefault(form, set()).update(owners & both)
        return {k: frozenset(v) for k, v in out.items()}

    def _owned_by_another(self, ph: tuple[str, ...], last: Token, issue: str, date: str | None,
                          memory: dict[str, str | None]) -> bool:
        """Whether keyword ``ph`` (ending at ``last``) names a thing of the issue's poles'
        (:meth:`_pole_owners`) that the sentence gives another owner: "Russia's armed
        forces", "the Russian army", "our Armed Forces" in what Russia says."""
        owners = self.pole_owners.get(issue)
        if not owners:
            return False
        span = set(direction.phrase_span(last, ph))
        head = next((last.doc[k] for k in sorted(span) if last.doc[k].head.i not in span), last)
        want = owners.get(head.lemma_.lower()) or owners.get(head.lower_)
        if want is None:
            return False
        owner = self._possessor(head, date, memory)
        return owner is not None and owner not in want

    # -- public ------------------------------------------------------------------------
    def extract(self, article: Article) -> Extraction:
        return self.from_doc(self.nlp(nlp_mod.parser_text(article.text)), article)

    def pipe(self, articles: Iterable[Article], batch_size: int = 64) -> Iterator[Extraction]:
        """Parse in batches; the accord stages (a no-op in ``nlp`` without an article's
        state) then run on each parse with its article."""
        arts = list(articles)
        for doc, art in zip(self.nlp.pipe((nlp_mod.parser_text(a.text) for a in arts), batch_size=batch_size), arts):
            yield self.from_doc(doc, art)

    def cues(self, text: str) -> list[attribution.Cue]:
        """Attribution cues of a plain text (for ``accord eval-attribution``)."""
        return attribution.find_cues(self.nlp(text))

    # -- actors ------------------------------------------------------------------------
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
            self._ix = self._inside = self._labels = None  # hold no parse after the article
            self._cue_cache, self._speakers, self._sent_info = {}, {}, {}
            doc._.accord = None
            tree.forget(doc)
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
        assert ix is not None  # set by stage_cues just above
        memory: dict[str, str | None] = {}
        self._kw_sentences = 0
        self._anaphors: dict[str, tuple[str, tuple[str, ...]]] = {}  # head noun -> (issue, keyword): entry 321
        broad = self._broad_candidates(doc, date)
        for sent in doc.sents:
            text = article.text[sent.start_char:sent.end_char]  # the source's own characters (nlp.parser_text)
            if not text.strip():
                continue
            state.sentences.append((sent.start_char, sent.end_char))
            state.items.extend(self._sentence(sent, text, ix, article, date, state.inside, memory, state.quantities))
            for cand in broad.get(sent.start, ()):
                state.items.append((cand, self._broad_statement(cand, article), None, None, None))
        state.keyword_sentences = self._kw_sentences

    def _broad_candidates(self, doc: Doc, date: str | None) -> dict[int, list[Candidate]]:
        """The broad proposer's candidates by sentence, where the decider asks for them
        (``proposals = "broad"``): every actor named in or just before a sentence x every
        issue whose words it has (:class:`.learned.propose.Proposer`, on this parse)."""
        if self._proposer is None:
            return {}
        out: dict[int, list[Candidate]] = {}
        for prop in self._proposer.propose_doc(doc, date):
            out.setdefault(prop.cand.sent.start, []).append(prop.cand)
        return out

    def _broad_statement(self, cand: Candidate, article: Article) -> Statement:
        sent = cand.sent
        key = cand.key if cand.key is not None else sent.root
        ev_date, quants, text = self._sent_info[sent.start]  # read by ``_sentence`` just before
        return Statement(article=article.id, start=sent.start_char, end=sent.end_char, text=text, actor=cand.actor,
                         speaker=cand.holder.text if cand.holder is not None else "", act=stance.act_of(key),
                         issue=cand.issue, direction=None, position=cand.position, hedged=False,
                         event_date=ev_date, quantities=quants)

    def stage_stance(self, doc: Doc, state: pipeline.ReadState) -> None:
        """accord_stance: each candidate's reading (direction path, anchor, hedge), the
        decider's decisions for the whole article, the statements in sentence order."""
        date = state.article.published
        cands = []
        for it in state.items:
            if isinstance(it, tuple):
                cand, st, hits, lex, memory = it
                if cand.source == "broad":  # read by the proposer already
                    cands.append(cand)
                    continue
                sent, htok, key = cand.sent, cand.holder, cand.key
                reading = direction.read(sent, htok, hits, lex.sign, lex.high_words, lex.low_words,
                                         partial(self._agent, date=date, memory=memory), self.poles.get(lex.id))
                pos = None if reading.withheld else stance.anchor_position(sent, lex)
                cand.rule_score, cand.rule_stance = reading.score, reading.stance
                # a quoted speaker's modal is theirs, reported, never the author's guess (entry 337)
                quoted = state.inside is not None and key is not None and state.inside[key.i]
                cand.rule_hedged = st.hedged = not quoted and stance.is_hedged(sent, htok, key)
                cand.position = None if pos is None else self._unit(lex.id, pos)
                st.position = pos
                cands.append(cand)
        # a sentence that makes the holder no claim (a question, a negated saying) gives no
        # stance, whichever decider reads it (entry 364)
        claimed = [c for c in cands if direction.no_claim(c.sent, c.holder, c.key) is None]
        decided = iter(self.decider.decide(claimed) if claimed else [])
        by_id = {id(c): next(decided) for c in claimed}
        decisions = iter([by_id.get(id(c), NO_CLAIM) for c in cands])
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
        self._sent_info[sent.start] = (ev_date, quants, text)  # for the broad candidates' statements
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
            kw = dict(cue=article.text[cue.cue.start_char:cue.cue.end_char], cue_start=cue.cue.start_char, cue_end=cue.cue.end_char, hedged=hedged)
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
        named_here: list[tuple[str, tuple[str, ...], Token]] = []
        anaphors = self._anaphors_in(sent)
        for lex in self.lexicons:
            hits = [(ph, t) for ph, t in stance.match_keywords(sent, lex, words, positions)
                    if not self._owned_by_another(ph, t, lex.id, date, memory)]
            named_here.extend((lex.id, ph, t) for ph, t in hits)
            taken = {t.i for _, t in hits}
            hits += [(ph, t) for issue, ph, t in anaphors if issue == lex.id and t.i not in taken]
            if not hits:
                continue
            if not named:
                named = True
                self._kw_sentences += 1
            for (actor, speaker, htok), own, judges in self._holders_of(hits, sent, date, memory):
                key = own[0][1]
                rep = next((sp for c, sp in reporters if c.content is not None and c.content.start <= key.i < c.content.end),
                           None)
                cand = Candidate(sent=sent, actor=actor, issue=lex.id, issue_text=self.issue_texts[lex.id], holder=htok,
                                 key=key, keyword_tokens=tuple(t.i for _, t in own),
                                 actor_name=self.actor_names.get(actor, actor), judges=judges)
                out.append((cand, base(actor, speaker, stance.act_of(key), issue=lex.id, direction=None, position=None,
                                       hedged=False, reported_by=rep), own, lex, dict(memory)))

        for issue, ph, t in named_here:  # "the grain deal" ... later "the deal": a noun phrase, not "join the alliance"
            if len(ph) < 2:
                continue
            span = direction.phrase_span(t, ph)
            if not all(sent.doc[k].pos_ in ("NOUN", "PROPN", "ADJ", "NUM") for k in span):
                continue
            if t.pos_ == "NOUN" and t.lower_ == ph[-1]:
                self._anaphors[ph[-1]] = (issue, ph)
            else:
                head = _modified_noun(sent.doc, span)
                if head is not None:  # "the Nord Stream 2 project" ... later "the project" (entry 345)
                    self._anaphors[head.lower_] = (issue, ph)
        # remember the sentence's named actors for pronouns in what follows, a subject before
        # any other mention of the same kind (entry 312)
        seen: dict[str, int] = {}
        for ent in ix.ents_within(sent.start, sent.end):
            a = self.actor_of_ent(ent, date)
            if not a or ent.root.dep_ not in ("nsubj", "nsubjpass", "poss", "pobj", "dobj"):
                continue
            if self._inside is not None and self._inside[ent.start]:
                continue  # a name inside a quotation is no antecedent of a "he" outside it (entry 337)
            rank = 1 if ent.root.dep_ in ("nsubj", "nsubjpass") else 0
            kinds = ("any", "person" if is_person(ent) else "body",
                     "plural" if ent.root.tag_ in ("NNS", "NNPS") else "singular")
            for k in kinds:
                if rank >= seen.get(k, 0):
                    memory[k], seen[k] = a, rank
        for noun, a in self.descriptions(sent, date, memory):  # "the spokeswoman" hereafter (entry 344)
            memory["noun:" + noun] = a
        if seen.get("any") == 1:  # a subject of two actors joined by "and" is what a later "they" names (entry 343)
            pair = self._subject_pair(sent, date, memory)
            memory["pair_first"], memory["pair_second"] = pair if pair else (None, None)
        for tok in sent:  # a person named by a state's title: "Ukrainian Foreign Minister Andriy Sybiga said ..."
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN" and tok.ent_type_ != "ACTOR":
                a = self.resolve_token(tok, date, memory)[0]
                for k in ("any", "person", "singular") if a else ():
                    if seen.get(k, 0) < 1:  # a subject named as an actor in this sentence comes first
                        memory[k], seen[k] = a, 1
        return out

    def _anaphors_in(self, sent: Span) -> list[tuple[str, tuple[str, ...], Token]]:
        """Each definite noun of the sentence that repeats the head of a keyword of several
        words named earlier in the article ("the Black Sea grain deal" ... "Russia quit the
        deal"), as (issue, that keyword, the noun): the last such keyword with that head
        decides the issue (definite description anaphora by head noun, Vieira & Poesio 2000;
        decisions.md entry 321). A modifier of its own makes it another thing ("the ammonia
        deal", "a new deal", "the security of the Russian Federation"), but for a participle
        ("the UN-brokered deal"). Scanned once a sentence, for every issue."""
        out = []
        for tok in sent if self._anaphors else ():
            got = self._anaphors.get(tok.lower_)
            if got is None or tok.pos_ != "NOUN":
                continue
            kids = children(tok)
            if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in kids) and not any(
                    c.dep_ in ("compound", "poss", "nmod", "nummod") or c.dep_ == "amod" and c.tag_ != "VBN"
                    or c.dep_ == "prep" and c.lower_ == "of" for c in kids):  # "the UN-brokered deal" is the deal
                out.append((got[0], got[1], tok))
        return out

    def _holders_of(self, hits: list, sent: Span, date: str | None, memory: dict[str, str | None]) -> list:
        """The sentence's keyword hits on one issue grouped by who holds them: each hit's
        holder (:meth:`_holder`), one group per actor in the order of its first hit (the
        longest keyword first), each with that first hit's holder. Two actors' stances in
        one sentence ("After Russia pulled out of the deal, Zelensky offered to continue
        it") are two candidates, each read from its own words; a hit with no holder is
        dropped, as the whole issue was when the first hit had none. Each group comes with
        whether its holder is a judge of another's (:meth:`_judge_of`)."""
        groups: dict[str, tuple[tuple[str, str, Token], list, bool]] = {}
        for hit in hits:
            holder = self._holder(hit[1], sent, date, memory)
            if holder is None:
                continue
            # the subject of a verb of judging judges the content it reaches ("Kenya criticised
            # Russia for quitting the deal"), as a second holder found by _judge_of does
            judge = holder[2].dep_ == "nsubj" and direction.lemma(holder[2].head) in _JUDGING
            groups.setdefault(holder[0], (holder, [], judge))[1].append(hit)
            outer = self._judge_of(holder[2], sent, date, memory)
            if outer is not None and outer[0] != holder[0]:
                groups.setdefault(outer[0], (outer, [], True))[1].append(hit)
            asker = self._despite_of(holder[2], date, memory)  # "... despite repeated requests from Ukraine"
            if asker is not None and asker[0] != holder[0]:
                groups.setdefault(asker[0], (asker, [], False))[1].append(hit)
            guest = self.meeting_guest(holder[2], date)  # "the interlocutors": the guest holds it too
            if guest is not None and guest != holder[0]:
                groups.setdefault(guest, ((guest, holder[1], holder[2]), [], False))[1].append(hit)
            owner = self._passive_owner(holder[2], date, memory)  # "Ukraine's bid ... was rejected by Trump": Ukraine's bid
            if owner is not None and owner[0] != holder[0]:
                groups.setdefault(owner[0], (owner, [], False))[1].append(hit)
            for co in self._co_subjects(holder[2], date, memory):  # "Türkiye, the UN, Russia and Ukraine signed the deal"
                if co[0] != holder[0]:
                    groups.setdefault(co[0], (co, [], judge))[1].append(hit)
        return list(groups.values())

    def _passive_owner(self, htok: Token, date: str | None, memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """Where the holder is a passive verb's agent and that verb's subject a possessed noun
        ("Ukraine's bid to join NATO was rejected by Trump", "Putin's demand ... was rejected
        by European leaders"): the possessor, whose own the noun is (entry 325)."""
        if htok.dep_ != "pobj" or htok.head.dep_ != "agent":
            return None
        subj = next((c for c in children(htok.head.head) if c.dep_ == "nsubjpass"), None)
        poss = next((c for c in children(subj) if c.dep_ == "poss"), None) if subj is not None else None
        if poss is None:
            return None
        a, surf = self.resolve_token(poss, date, memory)
        return (a, surf, poss) if a else None

    def _subject_pair(self, sent: Span, date: str | None, memory: dict[str, str | None],
                      before: int | None = None) -> tuple[str, str] | None:
        """The first two actors of a subject joined by "and" in ``sent`` (before token
        ``before`` where given), outside any quotation: "Zelensky and Macron met in Paris"."""
        for tok in sent:
            if before is not None and tok.i >= before:
                break
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.ent_type_ != "ACTOR" or (
                    self._inside is not None and self._inside[tok.i]):
                continue
            first = self.resolve_token(tok, date, memory)[0]
            co = next((c[0] for c in self._co_subjects(tok, date, memory) if c[0] != first), None)
            if co is None and tok.dep_ == "nsubj":
                co = next((a for a in self._met(tok.head, date, memory) if a != first), None)
            if first and co:
                return first, co
        return None

    def _met(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> list[str]:
        """The actors whom the subject of ``verb`` meets: its object or "with"/"to" phrase
        where it is a verb of meeting ("Trump met Putin", "spoke with Putin"), the "with"
        phrase of a meeting noun "have" or "hold" takes ("had a phone conversation with
        Duda", "held talks with Putin") (entries 343, 346)."""
        lem = direction.lemma(verb)
        if lem in MEET_VERBS:
            heads, objects = [verb], True
        elif lem in ("have", "hold"):
            heads = [c for c in children(verb) if c.dep_ == "dobj" and c.lemma_.lower() in MEETING_NOUNS]
            heads, objects = heads + [verb] if heads else [], False
        else:
            return []
        out = []
        for h in heads:
            for c in children(h):
                o = c if c.dep_ == "dobj" and objects else next((g for g in children(c) if g.dep_ == "pobj"), None) if (
                    c.dep_ == "prep" and (c.lower_ == "with" or objects and c.lower_ == "to")) else None
                a = self.resolve_token(o, date, memory)[0] if o is not None and o.ent_type_ == "ACTOR" else None
                if a:
                    out.append(a)
        return out

    def _co_subjects(self, htok: Token, date: str | None, memory: dict[str, str | None]) -> list[tuple[str, str, Token]]:
        """The actors joined by "and" to a subject holder: each holds what the verb says as
        the first does (entry 322). Not under "neither ... nor", nor joined by "or". A
        subject "they" after a subject of two actors ("Zelensky and Macron met in Paris.
        They called for ...") names the second too (entry 343)."""
        if htok.dep_ not in ("nsubj", "nsubjpass") or any(c.lower_ in ("neither", "nor", "or") for c in children(htok)):
            return []
        if htok.lower_ == "they" and not (self._inside is not None and self._inside[htok.i]):
            pair = self._subject_pair(htok.sent, date, memory, before=htok.i) or (
                (memory.get("pair_first"), memory.get("pair_second")))
            return [(pair[1], htok.text, htok)] if pair[0] and pair[1] else []
        joined = [c for c in htok.conjuncts if c.dep_ == "conj" and c.i > htok.i]
        for c in children(htok):  # "Türkiye, the UN, Russia, and Ukraine": a list the parser hung as an apposition
            if c.dep_ == "appos" and any(g.dep_ == "conj" for g in children(c)):
                joined += [c, *(g for g in c.conjuncts if g.i > c.i)]
        out = []
        for c in joined:
            a, surf = self.resolve_token(c, date, memory)
            if a:
                out.append((a, surf, c))
        return out

    def _judge_of(self, htok: Token, sent: Span, date: str | None,
                  memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """Where the holder possesses the object of a verb of judging ("Ukraine condemned
        Russia's decision to leave the deal", "Guterres welcomed Russia's decision to
        return"), or what a word of judging or complaint is about ("expressed regret over
        Russia's withdrawal"), the judge: that word's own holder, a second stance on the
        same words. Likewise where the possessed noun is the object of a clause another
        demands ("Putin demanded that Kyiv abandon its NATO ambitions"): the one who
        demands it, beside the owner; and where the holder is the subject of what a word of
        complaint or worry says ("European leaders fear that Trump will cut aid"): the one
        who fears it, whose direction the path turns (:func:`direction._feared_content`)."""
        clause = htok.head
        if htok.dep_ in ("nsubj", "nsubjpass") and clause.dep_ in ("ccomp", "acl") and (
                direction.lemma(clause.head) in direction.COMPLAIN):  # "Europe fears that Trump will cut aid"
            return self._holder(clause.head, sent, date, memory, judge=True)
        noun = htok.head
        if htok.dep_ == "pobj" and htok.head.lower_ in ("of", "by"):
            noun = htok.head.head  # "the support of the UK for ...", "the decision by Moscow to ..." (holders)
        elif htok.dep_ != "poss":
            return None
        if noun.dep_ == "dobj" and (direction.lemma(noun.head) in stance.JUDGE or direction.judged_bad(noun, noun.head)):
            return self._holder(noun.head, sent, date, memory)  # "called Russia's demand a non-starter" (entry 333)
        if noun.dep_ == "nsubjpass" and direction.lemma(noun.head) in stance.JUDGE:  # "... was rejected by the EU" (entry 325)
            judge = self._agent_actor(noun.head, date, memory)
            if judge is not None:
                return judge
        if noun.dep_ == "dobj" and demanded(noun.head):
            return self._holder(noun.head.head, sent, date, memory)
        judged = noun.head.head  # "regret over Russia's withdrawal", "anger at Moscow's decision"
        if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and direction.lemma(judged) in _JUDGING:
            return self._holder(judged, sent, date, memory, judge=True)
        return None

    def _unit(self, issue: str, value: float) -> float:
        """A value on the issue's scale as 0..100 (what a decider sees)."""
        lo, hi = self._scale[issue]
        return 100.0 * (value - lo) / ((hi - lo) or 1.0)

    # -- quotations --------------------------------------------------------------------
def predictions(extractions: Iterable[tuple[Article, Extraction]]) -> list[dict]:
    """JSONL-ready prediction rows (article, actor, issue, direction, hedged) for scoring."""
    rows = []
    for art, ex in extractions:
        for s in ex.statements:
            if s.issue and s.direction:
                rows.append({"article": art.id, "actor": s.actor, "issue": s.issue, "direction": s.direction,
                             "hedged": s.hedged, "position": s.position, "text": s.text})
    return rows

"""Who holds a stance: the actor behind a cue, a keyword's holder, a quotation's speaker.

The rules of the ``accord_holders`` stage (:mod:`.pipeline`), mixed into the
:class:`~accord.news.extract.Extractor`, which provides ``actors`` (the alias table),
``_ix`` (the parse's :class:`_DocIndex`), ``_inside`` (quoted tokens) and the per-article
caches. Names resolve through the actor ruler's entities (aliases by date), possessors
("Putin's terms"), compounds ("Kremlin spokesperson"), pronouns back to the actor last
named (a person for "he", a state or body for "it"; a possessive to its own clause's
subject), first-person pronouns inside a quotation to its speaker, and a direct
quotation's words to the speaker named before or after it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.attrs import LOWER
from spacy.tokens import Doc, Span, Token

from . import attribution, direction, lexicon, stance
from .tree import children

if TYPE_CHECKING:
    from .nlp import ActorTable

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
#: prepositions by which a stance noun names its topic ("support for", "commitment to")
TOPIC_PREPS = lexicon.words("topic_preps")
#: titles a bare "the President" names an office-holder by (:meth:`HolderRules._titled`)
TITLES = lexicon.words("titles")
#: the parties to a meeting the article has named ("the interlocutors", "the two leaders")
MEETING_PARTIES = lexicon.words("meeting_parties")


def is_person(ent: Span) -> bool:
    """Whether an actor's mention names a person (Trump, Dmitry Peskov, President Biden)
    rather than a state or body (Kyiv, the Kremlin, European allies), for pronoun
    agreement: "he" and "his" go back to a person, "it" and "its" to a state or body."""
    words = [t.lower_ for t in ent]
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if any(w in PERSON_TITLES for w in words) or before in PERSON_TITLES:
        return True
    root = ent.root
    # a lone capitalised name the tagger took for a common noun ("Macron addressed ...") is a name still
    named = root.pos_ == "PROPN" or (root.pos_ == "NOUN" and root.tag_ == "NN" and len(ent) == 1 and root.text[:1].isupper())
    return named and root.tag_ != "NNPS" and not any(w in BODY_WORDS for w in words)


#: words that make a subject a commentator or outlet, never an actor
REPORTER_WORDS = lexicon.words("reporter_words")
#: "<demonym> <official>" names the state: demonym -> the state's name, as an alias may be written
DEMONYMS = lexicon.mapping("demonyms")
STATE_OFFICIALS = lexicon.words("state_officials")
#: nouns that name again an actor an earlier mention described with them (entry 344)
DESCRIBED_BY = lexicon.words("described_by")
#: verbs whose object is a statement its subject puts out
_ISSUE_VERBS = frozenset({"issue", "release", "publish", "put", "post"})

def _obliged(verb: Token) -> bool:
    """Whether ``verb`` is a duty laid on its subject inside a noun's content clause
    ("conditions where Ukraine must curtail ...", "a demand that Kyiv should ..."), or a
    duty foreseen for it ("Ukraine would have to pledge ...", "Kyiv will have to accept
    ..."): "have to" under a modal of what would or will be, said of a third party."""
    kids = children(verb)
    duty = any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in kids)
    if duty and verb.dep_ in ("relcl", "acl", "ccomp") and verb.head.pos_ == "NOUN":
        return True
    return verb.lemma_.lower() == "have" and any(
        c.dep_ == "aux" and c.lower_ in ("would", "will", "'ll", "could", "might") for c in kids) and any(
        c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in children(c)) for c in kids) and not any(
        c.dep_ == "nsubj" and c.lower_ in FIRST_PERSON for c in kids)


#: words of asking or proposing, whose clause's subject is the one asked, not the one asking
DEMAND_HEADS = lexicon.words("demand_heads")


def demanded(verb: Token) -> bool:
    """Whether ``verb``'s clause is what someone else demands or proposes: a clausal
    complement of a demand verb ("Putin wants Ukraine to withdraw", "urged Kyiv to
    negotiate", "calls for Kyiv to cede") or of a demand noun ("the conditions ... that
    Ukraine withdraw"), or a duty ("must", "should") a speaker lays on its subject ("the
    Kremlin said Ukraine must abandon its NATO ambitions")."""
    if verb.head.i == verb.i:  # "According to Lavrov, Kyiv must accept neutrality": the source's demand (entry 330)
        return _according_to(verb) is not None and any(
            c.dep_ == "aux" and c.lower_ in ("must", "should") for c in children(verb))
    if verb.dep_ == "advcl":  # "calls for Ukraine to cede ...": a for-to clause the parser made adverbial
        kids = children(verb)
        if not (any(c.dep_ == "mark" and c.lower_ == "for" for c in kids) and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in kids)):
            return False
    elif verb.dep_ not in ("ccomp", "xcomp", "acl", "relcl"):
        return False
    head = verb.head
    if head.pos_ == "NOUN":
        return head.lower_ in DEMAND_HEADS or head.lemma_.lower() in DEMAND_HEADS
    if verb.dep_ == "ccomp" and head.lemma_.lower() in attribution.SPEECH and any(
            c.dep_ == "aux" and c.lower_ in ("must", "should") for c in children(verb)):
        return True  # "the Kremlin said Ukraine must abandon its NATO ambitions": the speaker's demand
    if verb.dep_ == "ccomp" and any(c.lower_ == "that" and (c.dep_ == "mark" or c.dep_ == "dobj" and c.i < verb.i)
                                    for c in children(verb)) and any(
            c.dep_ == "dobj" and c.i < verb.i and (c.lower_ in DEMAND_HEADS or c.lemma_.lower() in DEMAND_HEADS)
            for c in children(head)):
        return True  # "dismissed Putin's demand that Kyiv withdraw": the noun's content clause hung on the verb (entry 355)
    if head.lemma_.lower() == "insist":  # "insisted that Ukraine accept": a demand; "insisted that it would": a claim
        kids = children(verb)
        subj = next((c for c in kids if c.dep_ == "nsubj"), None)
        bare = verb.tag_ == "VB" or verb.tag_ == "VBP" and subj is not None and subj.tag_ in ("NN", "NNP")
        return bare and not any(c.dep_ == "aux" for c in kids)  # "Ukraine accept": no -s, a subjunctive
    return stance.ACTS.get(head.lemma_.lower()) in ("demand", "propose")


#: words of refusal whose "for" names the one who refuses ("a red line for the Kremlin")
_UNACCEPTABLE_TO = frozenset({"line", "starter", "nonstarter", "go", "dealbreaker", "breaker", "unacceptable",
                              "inadmissible", "intolerable"})


#: nouns of leaving, whose "of" phrase names who leaves ("the withdrawal of Russian troops")
LEAVING = frozenset({"withdrawal", "retreat", "pullout", "pull-out", "exit"})


def _stranded_subject(verb: Token) -> Token | None:
    """The subject the parser hung as an apposition on the object of an opening phrase ("In
    a phone call with Vladimir Putin, Olaf Scholz urged Russia to ...": "Scholz" an appos of
    "Putin", "urged" with no subject): the apposition that ends right before a verb with no
    subject of its own, inside a prepositional phrase on that verb (entry 339)."""
    if verb.pos_ not in ("VERB", "AUX") or verb.i == 0 or any(
            c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in children(verb)):
        return None
    for c in children(verb):
        if c.dep_ != "prep" or c.i > verb.i:
            continue
        for t in c.subtree:
            if t.dep_ == "appos" and t.right_edge.i == verb.i - 1 and t.pos_ == "PROPN" and t.doc[t.left_edge.i - 1].text == ",":
                return t
    return None


def _concession_asked(noun: Token) -> bool:
    """Whether ``noun`` is a giving up that someone asks or proposes of its possessor, as the
    object of a verb of asking ("Zelensky demanded Russia's withdrawal", "called for
    Russia's withdrawal"): the possessor is asked to act and holds no stance by it."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in direction.CONCEDE:
        return False
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ == "for":
        if head.head.lemma_.lower() in ("return", "exchange"):
            return True  # "offered to halt the fighting in return for Ukraine's withdrawal" (entry 340)
        head = head.head  # "called for Russia's withdrawal"
    elif noun.dep_ != "dobj":
        return False
    return stance.ACTS.get(head.lemma_.lower()) in ("demand", "propose")


#: verbs whose subject, a stance noun, is stated by what follows ("Moscow's demands include ...")
_STATING_SUBJECT = frozenset({"be", "include", "remain", "involve", "contain"})


def _former(tok: Token) -> bool:
    """Whether a title or a name after it is marked as no longer in office ("a former Ukrainian
    foreign minister", "Former Ukrainian President Petro Poroshenko"): not the state's voice
    (entry 325)."""
    words = [tok, *(c for c in children(tok) if c.dep_ == "compound")]
    return any(g.dep_ in ("amod", "compound", "advmod") and g.lower_ in ("former", "ex", "retired", "ex-")
               for w in words for g in children(w))


#: state officials' nouns that say where a force stands, not whose it is ("troops in Ukraine")
_STATIONED = frozenset({"forces", "force", "military", "troops", "troop"})


def _expletive_it(tok: Token) -> bool:
    """Whether ``tok`` is the empty "it" of a linking verb whose real subject is a clause
    after it ("it is premature to comment on ...", "it is clear that ..."): it stands for no
    one (entry 314)."""
    v = tok.head
    kids = children(v) if tok.lower_ == "it" and tok.dep_ in ("nsubj", "expl") else []
    return (bool(kids) and direction.lemma(v) in direction.LINKING and any(c.dep_ in ("acomp", "attr") for c in kids)
            and any(c.dep_ in ("xcomp", "ccomp") and c.i > tok.i for c in kids))


def _as_stance(verb: Token) -> bool:
    """Whether ``verb`` names what it takes as a stance of its subject's: an "as" phrase on
    it holding a stance noun ("set the lifting of sanctions as a condition", "sees
    neutrality as the goal"; entry 313)."""
    return any(c.dep_ == "prep" and c.lower_ == "as" and any(
        g.dep_ == "pobj" and g.pos_ == "NOUN" and stance.stance_word(g) for g in children(c)) for c in children(verb))


def _according_to(verb: Token) -> Token | None:
    """The source an "according to" phrase on ``verb`` names ("According to Lavrov, ...",
    "..., according to the Kremlin")."""
    acc = next((c for c in children(verb) if c.dep_ == "prep" and c.lemma_.lower() == "accord"), None)
    to = next((c for c in children(acc) if c.dep_ == "prep" and c.lower_ == "to"), None) if acc is not None else None
    return next((g for g in children(to) if g.dep_ == "pobj"), None) if to is not None else None


def _topic_of_stance_noun(noun: Token, came: Token) -> bool:
    """Whether ``noun`` is a stance noun and ``came`` (the word the path from a keyword came
    up by) is a topic preposition on it ("support in Europe for", "the commitment of NATO
    members to"): where an "of" or "in" phrase on the noun names its holder."""
    return (came.dep_ == "prep" and came.lower_ in TOPIC_PREPS and came.head.i == noun.i
            and noun.pos_ == "NOUN" and noun.lemma_.lower() in stance.STANCE_NOUNS)


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
        self.lower: list[str] = [strings[h] for h in attribution.token_attrs(doc, LOWER)]
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


class HolderRules:
    """Actor resolution and holder finding (see the module docstring)."""

    # provided by the class these rules are mixed into (:class:`~accord.news.extract.Extractor`)
    actors: ActorTable
    _ix: _DocIndex | None
    _inside: list[bool] | None
    _cue_cache: dict[int, list[attribution.Cue]]
    _speakers: dict[int, tuple[str, str, Token] | None]
    _labels: "tuple[Doc, list[int], list[str | None]] | None"

    def _agent(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> str | None:
        """The actor who does ``verb`` (a concession): its subject, the one whose clause it
        completes ("refuses to give up": the refuser), or a noun's possessor or by-agent. A
        return to an actor (:func:`direction.recipient`: "returning Crimea to Ukraine") is
        that actor's regaining, whoever gives it back (entry 362)."""
        given_to = direction.recipient(verb)
        if given_to is not None:
            to = self.resolve_token(given_to, date, memory)[0]
            if to:
                return to
        if direction.owned_by_predicate(verb, next((c for c in children(verb) if c.dep_ == "nsubj"), verb)):
            return self._owner(verb, date, memory)
        if verb.pos_ == "NOUN":
            doer = self._noun_doer(verb, date, memory)
            if doer:
                return doer
        t = verb
        for _ in range(4):
            # of two subjects the parser gave one verb, the nearer ("President of Ukraine: If
            # Russia wants peace, it must withdraw ...": "it", not the headline's speaker; entry 368)
            for c in sorted(children(t), key=lambda c: abs(c.i - t.i)):
                if c.dep_ in ("nsubj", "poss"):
                    return self.resolve_token(c, date, memory)[0] or next(
                        (a for g in children(c) if g.dep_ in ("amod", "compound") and g.i < c.i
                         for a in [self._demonym_state(g, date)] if a), None)  # "unless Ukrainian troops withdraw"
                if c.dep_ == "agent":
                    pobj = next((g for g in children(c) if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return self.resolve_token(pobj, date, memory)[0]
            if t.dep_ == "pcomp" and t.head.dep_ == "prep" and t.head.lower_ in ("of", "for"):
                obj = next((c for c in children(t.head.head) if c.dep_ == "dobj"), None)
                if obj is not None:  # "accused Putin of trying to keep ...": the one accused (entry 325)
                    return self.resolve_token(obj, date, memory)[0]
            if t.dep_ == "xcomp":  # "require Kyiv to hand over": the one required; "refuses to": the refuser
                obj = next((c for c in children(t.head) if c.dep_ == "dobj"), None)
                if obj is not None:
                    return self.resolve_token(obj, date, memory)[0]
            if t.dep_ in ("xcomp", "pcomp", "prep", "acl", "pobj") or t.dep_ == "conj":
                t = t.head
                continue
            if t.dep_ == "advcl" and t.tag_ == "VBG" and not any(c.dep_ == "mark" for c in children(t)):
                t = t.head  # "ruled out recognising Crimea": a bare gerund's doer is its clause's subject (entry 358)
                continue
            break
        return None

    def _despite_of(self, htok: Token, date: str | None, memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """Where the holder's verb has a "despite" phrase whose noun of asking or warning names
        an actor ("Germany has not sent Taurus despite Kyiv's requests", "despite repeated
        requests from Ukraine", "despite Russia's warnings"): that actor, a second holder of
        the same words, read by :func:`direction.despite_noun` (entry 319)."""
        verbs = [htok.head] if htok.dep_ in ("nsubj", "nsubjpass") else []
        for v in verbs:  # the verb and the clauses it completes ("refused to send ... despite")
            verbs.extend(c for c in children(v) if c.dep_ == "xcomp")
        for prep in (c for v in verbs for c in children(v)):
            if prep.dep_ != "prep" or prep.lower_ not in ("despite", "notwithstanding"):
                continue
            for noun in children(prep):
                if noun.dep_ != "pobj" or noun.pos_ != "NOUN" or not (
                        stance.stance_word(noun) or noun.lemma_.lower() in DEMAND_HEADS or direction.opposing(noun)):
                    continue
                for c in children(noun):
                    who = c if c.dep_ == "poss" else next(
                        (g for g in children(c) if g.dep_ == "pobj"), None) if c.dep_ == "prep" and c.lower_ in (
                        "from", "of", "by") else None
                    if who is not None:
                        a, surf = self.resolve_token(who, date, memory)
                        if a:
                            return a, surf, who
        return None

    def _agent_actor(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """The actor a passive verb's "by" phrase names, if any ("was rejected by Trump"),
        with its surface and token."""
        by = next((c for c in children(verb) if c.dep_ == "agent"), None)
        obj = next((g for g in children(by) if g.dep_ == "pobj"), None) if by is not None else None
        if obj is None:
            return None
        a, surf = self.resolve_token(obj, date, memory)
        return (a, surf, obj) if a else None

    def _need_judged_by_other(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> bool:
        """Whether ``verb`` is a need ("needs", "requires") in what a speaker who is no actor
        of the case said ("experts said Ukraine needs more air defence", "an analyst said
        Ukraine's army needs shells"): a judgement of the speaker's about the subject, not
        the subject's stance (entry 335). An actor's own speaker ("Zelensky said Ukraine
        needs ...") keeps it."""
        if direction.lemma(verb) not in ("need", "require") or verb.dep_ not in ("ccomp", "parataxis"):
            return False
        head = verb.head
        if head.lemma_.lower() not in attribution.SPEECH:
            return False
        subj = next((c for c in children(head) if c.dep_ == "nsubj"), None)
        return subj is not None and not self.resolve_token(subj, date, memory)[0] and subj.lower_ not in PRONOUNS

    def _counterpart(self, tok: Token, date: str | None, memory: dict[str, str | None]) -> str | None:
        """Whom "(his) counterpart" names: its demonym's state ("his French counterpart"), else
        the last actor named as a person in this sentence or the one before that is not the
        possessor's ("Putin spoke with Macron. His counterpart ...": Macron; entry 339). A
        counterpart is the other side, never the possessor's."""
        for c in children(tok):
            if c.dep_ in ("amod", "compound"):
                a = self._demonym_state(c, date)
                if a:
                    return a
        poss = next((c for c in children(tok) if c.dep_ == "poss"), None)
        own = self.resolve_token(poss, date, memory)[0] if poss is not None else None
        ix = self._index(tok.doc)
        s_start, _ = ix.sent_bounds(tok.i)
        p_start = ix.sent_bounds(s_start - 1)[0] if s_start > 0 else s_start
        for ent in reversed([e for e in ix.ents_within(p_start, tok.i) if e.end <= tok.i]):
            a = self.actor_of_ent(ent, date)
            if a and a != own and is_person(ent):
                return a
        return None

    def _possessor(self, noun: Token, date: str | None, memory: dict[str, str | None],
                   pronouns: bool = True) -> str | None:
        """The actor a noun is said to belong to: its possessor ("Ukraine's army"; "our
        army" by whom "our" stands for, unless ``pronouns`` is False), a demonym before it
        ("the Russian army"), or an "of" phrase naming an actor ("the Armed Forces of
        Ukraine"); None where it has none."""
        for c in children(noun):
            if c.dep_ == "poss":
                if not pronouns and c.lower_ in PRONOUNS | FIRST_PERSON:
                    return None
                return self.resolve_token(c, date, memory)[0]
            if c.dep_ in ("amod", "compound") and c.i < noun.i:
                a = self._demonym_state(c, date)
                if a:
                    return a
            if c.dep_ == "prep" and c.lower_ == "of":
                obj = next((g for g in children(c) if g.dep_ == "pobj"), None)
                if obj is not None and obj.ent_type_ == "ACTOR":
                    return self.resolve_token(obj, date, memory)[0]
        return None

    def _demonym_state(self, w: Token, date: str | None) -> str | None:
        """The state a demonym names ("Russian": Russia), as the case's aliases write it."""
        name = DEMONYMS.get(w.lower_)
        if name is None:
            return None
        return self.actors.resolve("alias:" + name, date) or self.actors.resolve("alias:the " + name, date)

    def _noun_doer(self, noun: Token, date: str | None, memory: dict[str, str | None]) -> str | None:
        """Who does what a noun of acting names, where no possessor says it: its demonym ("a
        Russian withdrawal"), its "by" phrase, or the "of" phrase of a noun of leaving ("the
        withdrawal of Russian troops"; "control of Ukraine's Donbas" names what is held);
        entry 331."""
        for c in children(noun):
            if c.dep_ in ("amod", "compound") and c.i < noun.i:
                a = self._demonym_state(c, date)
                if a:
                    return a
            if c.dep_ == "prep" and (c.lower_ == "by" or c.lower_ == "of" and noun.lemma_.lower() in LEAVING):
                obj = next((g for g in children(c) if g.dep_ == "pobj"), None)
                if obj is None:
                    continue
                a = self.resolve_token(obj, date, memory)[0]
                if a:
                    return a
                for g in children(obj):  # "Russian troops", "Russia's forces"
                    if g.dep_ == "poss":
                        return self.resolve_token(g, date, memory)[0]
                    if g.dep_ in ("amod", "compound"):
                        a = self._demonym_state(g, date)
                        if a:
                            return a
        return None

    def _owner(self, verb: Token, date: str | None, memory: dict[str, str | None]) -> str | None:
        """Whose a linking verb or "belong" says its subject is (entry 316): "belongs to
        Russia", "is Russia's", "is part of Russia", "is Russian (territory)", "is Ukraine"."""
        for c in children(verb):
            if c.dep_ == "prep" and c.lower_ == "to" and verb.lemma_.lower() == "belong":
                obj = next((g for g in children(c) if g.dep_ == "pobj"), None)
                return self.resolve_token(obj, date, memory)[0] if obj is not None else None
            if c.dep_ not in ("attr", "acomp"):
                continue
            if c.ent_type_ == "ACTOR":
                return self.resolve_token(c, date, memory)[0]
            if c.lemma_.lower() == "part":  # "part of Russia"
                of = next((g for g in children(c) if g.dep_ == "prep" and g.lower_ == "of"), None)
                obj = next((g for g in children(of) if g.dep_ == "pobj"), None) if of is not None else None
                return self.resolve_token(obj, date, memory)[0] if obj is not None else None
            for w in (c, *children(c)):  # "Russian", "Russian territory", "Russia's"
                if w.dep_ == "poss":
                    return self.resolve_token(w, date, memory)[0]
                if w.lower_ in DEMONYMS and (w.i == c.i or w.dep_ in ("amod", "compound")):
                    return self._demonym_state(w, date)
        return None

    def _index(self, doc: Doc) -> _DocIndex:
        if self._ix is None or self._ix.doc is not doc:
            self._ix = _DocIndex(doc)
        return self._ix

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
        if tok.lemma_.lower() == "counterpart":
            return self._counterpart(tok, date, memory), tok.text
        for c in children(tok):  # "Trump's team", "Putin's terms"
            if c.dep_ == "poss":
                a, surf = self.resolve_token(c, date, memory)
                if a:
                    return a, f"{surf}'s {tok.text}"
        if (tok.lemma_.lower() in STATE_OFFICIALS or tok.lower_ in STATE_OFFICIALS) and not _former(tok):
            for c in children(tok):  # "the Ukrainian foreign minister", "Russian negotiators": the state
                if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE") and c.lower_ in DEMONYMS:
                    name = DEMONYMS[c.lower_]
                    a = self.actors.resolve("alias:" + name, date) or self.actors.resolve("alias:the " + name, date)
                    if a:
                        return a, f"{c.text} {tok.text}"
            for c in children(tok):  # "officials in Kyiv", "diplomats from Moscow": the place's state (entry 324)
                obj = next((g for g in children(c) if g.dep_ == "pobj"), None) if (
                    c.dep_ == "prep" and tok.lemma_.lower() not in _STATIONED and (c.lower_ in ("in", "from") or (
                        c.lower_ == "for" and tok.lemma_.lower().startswith("spokes")))) else None  # "a spokesman for the Kremlin"
                if obj is not None and obj.ent_type_ == "ACTOR":
                    a, surf = self.resolve_token(obj, date, memory)
                    if a:
                        return a, f"{tok.text} {c.text} {surf}"
        if tok.pos_ == "NOUN" and (tok.lower_ in DEMAND_HEADS or tok.lemma_.lower() in DEMAND_HEADS):
            for c in children(tok):  # "the plan drafted by Witkoff", "a proposal backed by Trump": its author
                by = next((g for g in children(c) if g.dep_ == "agent"), None) if c.dep_ == "acl" and c.tag_ == "VBN" else None
                obj = next((g for g in children(by) if g.dep_ == "pobj"), None) if by is not None else None
                if obj is not None:
                    a, surf = self.resolve_token(obj, date, memory)
                    if a:
                        return a, f"{tok.text} {c.text} by {surf}"
        for c in children(tok):  # "Kremlin spokesperson Dmitry Peskov" handled by ents; "Russian officials"
            if c.dep_ == "compound" and c.ent_type_ == "ACTOR" and tok.pos_ != "PROPN":
                a, surf = self.resolve_token(c, date, memory)
                if a:
                    return a, surf + " " + tok.text
            # a name after its state's title: "Ukrainian Foreign Minister Andriy Sybiga",
            # "Ukraine's Foreign Minister Sybiga" (entry 320)
            if c.dep_ == "compound" and tok.pos_ == "PROPN" and c.i < tok.i and (
                    c.lemma_.lower() in STATE_OFFICIALS or c.lower_ in STATE_OFFICIALS) and not _former(tok):
                a, surf = self.resolve_token(c, date, memory)
                if a:
                    return a, f"{surf} {tok.text}"
        titled = self._titled(tok, date)
        if titled is not None:
            return titled, tok.text
        described = self._described_again(tok, memory)
        if described is not None:
            return described, tok.text
        if tok.lower_ in FIRST_PERSON and self._inside is not None and self._inside[tok.i]:
            spoken = self._quote_speaker(tok.i, date, memory)  # "we" in a quotation: its speaker
            return (spoken[0], tok.text) if spoken else (None, tok.text)
        if tok.lower_ in FIRST_PERSON:
            labelled = self._label_speaker(tok, date)  # "Vladimir Putin: ... we": a transcript's speaker
            if labelled is not None:
                return labelled, tok.text
        if tok.lower_ in PRONOUNS and not _expletive_it(tok):
            low = tok.lower_
            agrees = (lambda e: is_person(e)) if low in PERSONAL_PRONOUNS else (
                (lambda e: not is_person(e)) if low in THING_PRONOUNS else (lambda e: True))
            if tok.dep_ == "poss":  # "wants Kyiv to give up its ambitions": its = the own clause's subject
                v = tok.head
                while v.pos_ not in ("VERB", "AUX") and v.head.i != v.i:
                    v = v.head
                subj = next((c for c in children(v) if c.dep_ in ("nsubj", "nsubjpass") and c.i < tok.i
                             and c.lower_ not in PRONOUNS), None)
                if subj is not None and subj.ent_type_ == "ACTOR":
                    ent = ix.ent_of(subj.i)
                    a = self.actor_of_ent(ent, date) if ent is not None else None
                    if a and agrees(ent):
                        return a, tok.text
                elif subj is not None and low not in THING_PRONOUNS:  # "The president reaffirmed his support"
                    a = self._titled(subj, date)
                    if a:
                        return a, tok.text
            # the first actor named earlier in the same sentence, its topic ("For Moscow, ... its hold")
            s_start, s_end = ix.sent_bounds(tok.i)
            quoted = self._inside if self._inside is not None and not self._inside[tok.i] else None
            for ent in [e for e in ix.ents_within(s_start, s_end) if e.end <= tok.i
                        and not (quoted is not None and quoted[e.start])]:  # '"Putin must go," he said' (entry 337)
                a = self.actor_of_ent(ent, date)
                if a and agrees(ent):
                    return a, tok.text
            if low in ("they", "them", "their") and memory.get("pair_second"):
                return memory.get("pair_first"), tok.text  # "Zelensky and Macron met. They ..." (entry 343)
            if low in PERSONAL_PRONOUNS:  # "he" goes back to a person, never to a state or body
                return memory.get("person"), tok.text
            if low in THING_PRONOUNS and memory.get("body"):
                return memory["body"], tok.text
            key = "plural" if low in ("they", "their", "them") else "singular"
            return memory.get(key) or memory.get("any"), tok.text
        return None, tok.text

    @staticmethod
    def _described_again(tok: Token, memory: dict[str, str | None]) -> str | None:
        """The actor a bare definite noun names again: "the spokeswoman", "the ministry",
        "the statement" after a mention the article described with that noun
        (:meth:`descriptions`), and "the 78-year-old" after a person (entry 344)."""
        kids = children(tok)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in kids):
            return None
        if tok.lower_ == "old" and any(c.lower_ == "year" for c in kids):
            return memory.get("person")  # "The 78-year-old said"
        if tok.pos_ != "NOUN" or any(c.dep_ in ("poss", "compound", "amod", "nmod", "appos", "nummod") for c in kids):
            return None
        return memory.get("noun:" + tok.lemma_.lower())

    def descriptions(self, sent: Span, date: str | None, memory: dict[str, str | None]) -> list[tuple[str, str]]:
        """(noun, actor) for each noun of :data:`DESCRIBED_BY` the sentence attaches to an
        actor it names, outside quotations: a title before a name or in apposition to it
        ("Kremlin spokesman Dmitry Peskov", "Peskov, the Kremlin's spokesman"), a name's
        own head ("the Russian Foreign Ministry"), and a statement the actor issues or
        speaks in ("The Kremlin said in a statement") (entry 344)."""
        out: list[tuple[str, str]] = []
        inside = self._inside
        for tok in sent:
            if inside is not None and inside[tok.i]:
                continue
            if tok.ent_type_ == "ACTOR" and tok.dep_ != "compound":
                a = self.resolve_token(tok, date, memory)[0]
                if not a:
                    continue
                ent = self._index(tok.doc).ent_of(tok.i)
                words = [t for t in (ent or [tok]) if t.lower_ in DESCRIBED_BY]
                words += [c for c in children(tok) if c.dep_ in ("compound", "appos") and c.lower_ in DESCRIBED_BY]
                out += [(w.lower_, a) for w in words]
            elif tok.lemma_.lower() in DESCRIBED_BY and tok.pos_ == "NOUN" and tok.lemma_.lower() in (
                    "statement", "communique", "communiqué", "readout"):
                verb = tok.head if tok.dep_ == "dobj" and direction.lemma(tok.head) in _ISSUE_VERBS else (
                    tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "in" else None)
                subj = next((c for c in children(verb) if c.dep_ == "nsubj"), None) if verb is not None else None
                a = self.resolve_token(subj, date, memory)[0] if subj is not None else None
                if a:
                    out.append((tok.lemma_.lower(), a))
        return out

    def _title_holders(self) -> dict[str, frozenset[str]]:
        """Each title of :data:`TITLES` -> the actors one of whose aliases carries it as
        whole words ("President Zelensky", "the Russian Foreign Minister"); each name of
        :data:`MEETING_PARTIES` -> every actor of the case. Built once per extractor."""
        got = getattr(self, "_title_table", None)
        if got is None:
            by: dict[str, set[str]] = {}
            everyone: set[str] = set()
            for key, cands in self.actors.keys.items():
                everyone.update(c[0] for c in cands)
                words = f" {key.removeprefix('alias:')} "
                for title in TITLES:
                    if f" {title} " in words:
                        by.setdefault(title, set()).update(c[0] for c in cands)
            by.update({name: everyone for name in MEETING_PARTIES})
            got = self._title_table = {k: frozenset(v) for k, v in by.items()}
        return got

    def _titled(self, tok: Token, date: str | None) -> str | None:
        """The actor a bare definite title names (:meth:`_titled_all`'s first)."""
        named = self._titled_all(tok, date)
        return named[0] if named else None

    def meeting_guest(self, tok: Token, date: str | None) -> str | None:
        """Where ``tok`` names the parties to a meeting (:data:`MEETING_PARTIES`), the second
        actor the account names as a person ("Zelensky met Duda. The interlocutors noted
        ...": Duda's state), who holds the stance beside the host :meth:`_titled` reads."""
        if tok.lower_ not in MEETING_PARTIES:
            return None
        named = self._titled_all(tok, date)
        return named[1] if len(named) > 1 else None

    def _titled_all(self, tok: Token, date: str | None) -> list[str]:
        """The actors a bare definite title may name ("The President stressed ...", "the
        foreign minister said ..."): of the actors whose aliases carry that title, those
        named as a person in the last sentence before it that names one, in order (the
        first is the one it names). A title with its own
        name, possessor or modifier ("the French president", "Ukraine's president") is left
        to the entity and possessor rules; a title no alias of the case carries names no
        one. The parties to a meeting (:data:`MEETING_PARTIES`: "the interlocutors", "both
        leaders") are read the same way with every actor of the case a candidate: the host
        the account names first."""
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("ACTOR", "PERSON"):
            return []
        kids = children(tok)
        if not any(c.dep_ == "det" and c.lower_ in ("the", "both") for c in kids) or any(
                c.dep_ in ("poss", "nmod", "appos") for c in kids):
            return []
        if any(c.dep_ == "det" and c.lower_ == "both" for c in kids) and tok.lower_ not in MEETING_PARTIES:
            return []
        # its modifiers are part of the title ("the foreign minister") or it is no bare title
        # ("the French president": not in TITLES, left)
        words = [c.lower_ for c in kids if c.dep_ in ("compound", "amod", "nummod") and c.i < tok.i] + [tok.lower_]
        of = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:  # "the head of state", "the secretary of state"; "the president of France" is left
            obj = next((g for g in children(of) if g.dep_ == "pobj"), None)
            if obj is None or obj.lower_ != "state":
                return []
            words += ["of", "state"]
        actors = self._title_holders().get(" ".join(words))
        if not actors:
            return []
        ix = self._index(tok.doc)
        for k in range(bisect_left(ix.starts, tok.i) - 1, -1, -1):
            e = ix.ents[k]
            if e.label_ == "ACTOR" and e.end <= tok.i and is_person(e) and self.actor_of_ent(e, date) in actors:
                # the last sentence naming one; those it names, in order ("President Biden
                # spoke with Putin. The president warned ...": Biden first)
                lo, _ = ix.sent_bounds(e.start)
                named: list[str] = []
                for f in ix.ents_within(lo, e.end):
                    a = self.actor_of_ent(f, date) if f.label_ == "ACTOR" and is_person(f) else None
                    if a in actors and a not in named:
                        named.append(a)
                return named
        return []

    def _label_speaker(self, tok: Token, date: str | None) -> str | None:
        """The actor who speaks at ``tok`` in a transcript: the last speaker's label before it
        (a named person or actor followed by a colon and a capital, "Vladimir Putin: To
        begin with, ...", outside quotation marks). A label of someone the case does not
        name ("Pavel Zarubin:", "Question:") ends the one before it; no label, no speaker."""
        doc = tok.doc
        got = self._labels
        if got is None or got[0] is not doc:
            ix = self._index(doc)
            at: list[int] = []
            who: list[str | None] = []
            inside = self._inside
            for e in ix.ents:
                if e.label_ not in ("ACTOR", "PERSON") or e.end + 1 >= len(doc) or doc[e.end].text != ":":
                    continue
                if (inside is not None and inside[e.end]) or not doc[e.end + 1].is_title:
                    continue
                at.append(e.end)
                who.append(self.actor_of_ent(e, date) if e.label_ == "ACTOR" else None)
            for i, t in enumerate(doc):
                if t.text == ":" and i > 0 and doc[i - 1].lower_ in ("question", "q") and i not in at:
                    at.append(i)
                    who.append(None)
            order = sorted(range(len(at)), key=at.__getitem__)
            got = self._labels = (doc, [at[k] for k in order], [who[k] for k in order])
        k = bisect_right(got[1], tok.i) - 1
        return got[2][k] if k >= 0 else None

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

    def _holder(self, key: Token, sent: Span, date, memory, judge: bool = False) -> tuple[str, str, Token] | None:
        """The actor who holds the stance around ``key``: the nearest subject or possessor up
        the tree. ``judge``: ``key`` is a word of judging or worry whose content another's
        stance is in (:meth:`Extractor._judge_of`), so its own subject holds one."""
        t, prev = key, None
        wants = judge  # a word of wanting, saying or doing on the path from the keyword so far
        for _ in range(8):
            wants = wants or stance.stance_word(t) or t.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "dobj" and c.pos_ == "NOUN" and stance.stance_word(c) for c in children(t)) or (  # "cast doubt on"
                t.pos_ == "VERB" and _as_stance(t)) or (  # "set the lifting of sanctions as a condition"
                prev is not None and prev.dep_ == "prep" and prev.lower_ in ("against", "for") and prev.head.i == t.i
                and t.lemma_.lower() in direction.LINKING) or (  # "Orban is against new sanctions" (entry 328)
                prev is not None and direction.worried_about(prev, t)) or (  # "alarmed by", "angry about"
                t.pos_ == "VERB" and (direction.sets_aside(t) or direction.draws_attention(t))) or (  # "took X off the table", "poured cold water on"
                direction.judged_as(t) is not None)  # "views X as a threat", "their assessment of X as"
            for c in children(t):
                if c.dep_ in ("nsubj", "nsubjpass", "poss", "agent") and c.i != key.i:
                    if c.dep_ == "agent" and t.pos_ not in ("VERB", "AUX"):
                        continue  # "concessions by Kyiv": who would give, not who wants
                    if c.dep_ == "poss" and t.lemma_.lower() not in stance.STANCE_NOUNS and direction.judged_as(t) is None:
                        continue  # "Russia's economy": a possessor holds no stance on the thing
                    if c.dep_ == "poss" and _concession_asked(t):
                        continue  # "Zelensky demanded Russia's withdrawal": the one asked to give up (entry 331)
                    if c.dep_ == "nsubjpass" and direction.lemma(t) in ADDRESSED:
                        continue  # "Moscow would be warned that ...": the one addressed, not the speaker
                    if c.dep_ == "nsubjpass" and self._agent_actor(t, date, memory):
                        continue  # "Ukraine's bid was rejected by Trump": the agent acts (entry 325)
                    tok = c
                    if c.dep_ == "agent":
                        tok = next((g for g in children(c) if g.dep_ == "pobj"), c)
                    a, surf = self.resolve_token(tok, date, memory)
                    if a and c.dep_ in ("nsubj", "agent") and (_obliged(t) or demanded(t) or self._quoted_duty(t)):
                        continue  # "conditions where Ukraine must curtail ...", "wants Europe to carry ...": whom the demand binds
                    if a and not wants:
                        continue  # "Russia has secured ... Kursk": a doer, not a holder; look further up
                    if a and direction.conditional_holder(c):
                        continue  # "... if Ukraine drops its NATO bid": the condition is the main clause's holder's
                    if a and c.dep_ == "nsubj" and self._need_judged_by_other(t, date, memory):
                        continue  # "analysts said Ukraine needs more air defence": their judgement (entry 335)
                    if a:
                        return a, surf, tok
                    if tok.lower_ in REPORTER_WORDS or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
                        pass
            stranded = _stranded_subject(t)
            if stranded is not None and stance.stance_word(t):  # "In a phone call with Putin, Scholz urged ..." (entry 339)
                a, surf = self.resolve_token(stranded, date, memory)
                if a and not (_obliged(t) or demanded(t)):
                    return a, surf, stranded
            of = (self._of_holder(t, prev, date, memory) or self._by_holder(t, prev, date, memory)
                  or self._in_holder(t, prev, date, memory) or self._stated_by_subject(t, prev, date, memory)
                  or self._bad_for(t, prev, date, memory))
            if of is not None:
                return of
            if t.dep_ == "relcl" and any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("which", "who", "that")
                                         for c in children(t)):  # "Ukraine, which insists ..." -> the noun the clause hangs on
                a, surf = self.resolve_token(t.head, date, memory)
                if a:
                    return a, surf, t.head
            if t.head.i == t.i or self._leaves_quoted_clause(key, t):
                break
            prev, t = t, t.head
        if self._inside is not None and self._inside[key.i]:
            return self._quote_speaker(key.i, date, memory)  # "We will never give up land," Zelensky said.
        source = _according_to(t) if t.head.i == t.i else None
        if source is not None:  # "According to Lavrov, Kyiv must accept neutrality" (entry 330)
            a, surf = self.resolve_token(source, date, memory)
            if a:
                return a, surf, source
        return None

    def _leaves_quoted_clause(self, key: Token, t: Token) -> bool:
        """Whether the walk up from ``key`` would leave, at ``t``, a quoted clause with a
        subject of its own: the quotation's speaker holds what it says, not the subject of
        the clause it hangs on ('Trump met Zelensky in Rome: "We will never give up
        Crimea."' is not Trump's). A quoted fragment whose subject stands outside it
        ('Ukraine would "never give up Crimea"') is climbed out of as before (entry 351)."""
        inside = self._inside
        if inside is None or not inside[key.i] or not inside[t.i] or inside[t.head.i]:
            return False
        return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and inside[c.i] for c in children(t))

    def _stated_by_subject(self, verb: Token, came: Token | None, date, memory) -> tuple[str, str, Token] | None:
        """The possessor of a stance noun that is the subject of a verb of being or including,
        where the path came up by what that verb says of it ("Moscow's conditions include the
        lifting of sanctions", "Russia's position is that Ukraine must stay out of NATO"), or
        the stance noun the path's subject is said to be ("lifting sanctions is Moscow's main
        demand", "restoring the borders has been a goal of Zelensky"): the content is the
        holder's stance (entry 313)."""
        if came is None or came.head.i != verb.i or direction.lemma(verb) not in _STATING_SUBJECT:
            return None
        if came.dep_ in ("dobj", "attr", "ccomp", "xcomp", "acomp"):
            noun = next((c for c in children(verb) if c.dep_ == "nsubj"), None)
        elif came.dep_ in ("nsubj", "csubj") and direction.lemma(verb) in ("be", "remain"):
            noun = next((c for c in children(verb) if c.dep_ == "attr"), None)  # "... is Moscow's main demand"
        else:
            return None
        if noun is None or noun.pos_ != "NOUN" or not stance.stance_word(noun):
            return None
        named = next((c for c in children(noun) if c.dep_ == "poss"), None)
        if named is None and came.dep_ in ("nsubj", "csubj"):  # "... has been a goal of Zelensky"
            of = next((c for c in children(noun) if c.dep_ == "prep" and c.lower_ == "of"), None)
            named = next((g for g in children(of) if g.dep_ == "pobj"), None) if of is not None else None
        if named is None:
            return None
        a, surf = self.resolve_token(named, date, memory)
        return (a, surf, named) if a else None

    def _of_holder(self, noun: Token, came: Token | None, date, memory) -> tuple[str, str, Token] | None:
        """The holder an "of" phrase names on a stance noun whose topic the path from the
        keyword came in by ("the support of the United Kingdom for Ukraine's Euro-Atlantic
        aspirations", "the commitment of NATO members to the open door"). Only beside a
        topic preposition (:data:`TOPIC_PREPS`): alone, "the support of Ukraine" names
        whom the support is for, not who gives it."""
        if came is None or not _topic_of_stance_noun(noun, came):
            return None
        return self._named_in(noun, "of", date, memory, before=came.i)

    def _by_holder(self, noun: Token, came: Token | None, date, memory) -> tuple[str, str, Token] | None:
        """The holder a "by" phrase names on a stance noun, as a possessor would ("the
        decision by Moscow to quit the deal" is "Moscow's decision to ..."; "the withdrawal
        by Russia from the deal"). Only on the nouns of :data:`stance.STANCE_NOUNS`:
        "concessions by Kyiv" names who would give, not who wants."""
        if came is None or came.lower_ == "by" or noun.pos_ != "NOUN" or noun.lemma_.lower() not in stance.STANCE_NOUNS:
            return None
        return self._named_in(noun, "by", date, memory)

    def _in_holder(self, noun: Token, came: Token | None, date, memory) -> tuple[str, str, Token] | None:
        """The holder an "in" phrase names on a stance noun whose topic the path came in by:
        a place standing for its government ("growing support in Europe for new
        sanctions", "opposition in Berlin to the plan"). Only beside a topic preposition
        (:data:`TOPIC_PREPS`), as :meth:`_of_holder`: alone, "support in its war" names no
        holder, and "in" phrases name no actor there anyway."""
        if came is None or not _topic_of_stance_noun(noun, came):
            return None
        return self._named_in(noun, "in", date, memory)

    def _bad_for(self, verb: Token, came: Token | None, date, memory) -> tuple[str, str, Token] | None:
        """The actor a linking verb's bad complement is "for" ("Ukraine's NATO membership is a
        red line for the Kremlin", "For Kyiv, ceding Crimea is a red line"): the one to whom
        the subject is unacceptable holds the stance against it (entry 338). Only where the
        path came up by the verb's subject."""
        if came is None or came.dep_ not in ("nsubj", "csubj") or verb.lemma_.lower() not in direction.LINKING:
            return None
        bad = [c for c in children(verb) if c.dep_ in ("attr", "acomp") and direction.is_bad(c)
               and c.lemma_.lower() in _UNACCEPTABLE_TO]  # not "unrealistic for Ukraine": its case, not its view
        for owner in (verb, *bad):
            got = self._named_in(owner, "for", date, memory)
            if got is not None:
                return got
        return None

    def _named_in(self, noun: Token, word: str, date, memory,
                  before: int | None = None) -> tuple[str, str, Token] | None:
        """The actor the object of ``noun``'s preposition ``word`` names (one standing
        before token ``before`` where given), with its surface and token; None if none."""
        prep = next((c for c in children(noun) if c.dep_ in ("prep", "agent") and c.lower_ == word
                     and (before is None or c.i < before)), None)
        obj = next((g for g in children(prep) if g.dep_ == "pobj"), None) if prep is not None else None
        if obj is None:
            return None
        a, surf = self.resolve_token(obj, date, memory)
        return (a, surf, obj) if a else None

    def _cues_of(self, sent: Span) -> list[attribution.Cue]:
        """The sentence's cues, found once per article (the quotation speaker looks ahead)."""
        got = self._cue_cache.get(sent.start)
        if got is None:
            got = self._cue_cache[sent.start] = attribution.find_cues(sent, self._inside)
        return got

    def _quoted_duty(self, verb: Token) -> bool:
        """Whether ``verb`` is a duty ("must", "should") laid on its subject in a quoted
        sentence of its own ('"Russia must withdraw its troops from Ukraine."'): the quote's
        speaker demands it, as "X said Russia must ..." (:func:`demanded`; entry 337)."""
        return (verb.head.i == verb.i and self._inside is not None and self._inside[verb.i]
                and any(c.dep_ == "aux" and c.lower_ in ("must", "should") for c in children(verb)))

    def _continues_quote(self, k: int, lo: int) -> bool:
        """Whether the quotation starting at token ``lo`` opens sentence ``k`` and goes on
        from a quotation in the sentence before, in the same paragraph ('"This is our red
        line," Lavrov said. "Ukraine will never be a member of NATO."'): the news convention
        of a speaker named once, after the first quoted sentence (entry 337)."""
        inside, ix = self._inside, self._ix
        assert inside is not None and ix is not None
        start, prev_start = ix.sent_starts[k], ix.sent_starts[k - 1]
        doc = ix.doc
        opens = all(not t.text.strip() or t.is_quote or t.is_punct for t in doc[start:lo])
        return opens and "\n\n" not in doc[prev_start:lo + 1].text and any(inside[prev_start:start])

    def _quote_speaker(self, i: int, date: str | None, memory: dict[str, str | None]) -> tuple[str, str, Token] | None:
        """The actor who speaks the direct quotation token ``i`` stands in: the source of a
        cue outside the quotation in a sentence the quotation spans, in the sentence right
        after it ('"...," Zelensky said.'), or in the one before it when that one ends with
        a colon ('Zelensky said: "..."'). A quotation spanning several sentences has one
        speaker; a paragraph break ends the search."""
        inside, ix = self._inside, self._ix
        assert inside is not None and ix is not None  # set by stage_cues before any quotation is read
        lo = i
        while lo > 0 and inside[lo - 1]:
            lo -= 1
        hi = i
        while hi + 1 < len(inside) and inside[hi + 1]:
            hi += 1
        if lo in self._speakers:
            return self._speakers[lo]
        doc = ix.doc
        k0 = bisect_right(ix.sent_starts, lo) - 1
        k1 = bisect_right(ix.sent_starts, min(hi + 1, len(doc) - 1)) - 1
        order = list(range(k0, min(k1 + 2, len(ix.sent_starts))))
        if k0 > 0:
            prev_end = ix.sent_ends[k0 - 1]
            last = doc[prev_end - 1] if doc[prev_end - 1].text.strip() or prev_end < 2 else doc[prev_end - 2]
            if last.text == ":" or (lo > 0 and doc[lo - 1].i > 0 and doc[lo - 2].text == ":"):
                order.append(k0 - 1)
            elif self._continues_quote(k0, lo):
                order.append(k0 - 1)  # '"...," Lavrov said. "Ukraine will never ..."' (entry 337)
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
        if found is None:
            found = self._introduced_speaker(k0, lo, date)
        self._speakers[lo] = found
        return found

    def _introduced_speaker(self, k: int, lo: int, date: str | None) -> tuple[str, str, Token] | None:
        """Where a quotation with no speaker of its own is introduced by a clause that names
        one person and says nothing of speaking, that person: news introduces a quote with
        a sentence about its speaker, either the sentence right before one the quotation
        opens, in the same paragraph and with no quotation in it ('Rubio was blunt. "The
        sanctions will stay ..."'), or the words before a colon that opens it ('Rubio was
        blunt: "..."') (entry 342)."""
        inside, ix = self._inside, self._ix
        assert inside is not None and ix is not None
        doc = ix.doc
        j = lo - 1
        while j >= 0 and (not doc[j].text.strip() or doc[j].is_quote):
            j -= 1
        if j > 0 and doc[j].text == ":":
            a = ix.sent_starts[bisect_right(ix.sent_starts, j) - 1]
            b = j
            if "\n" in doc[a:b + 1].text:
                return None
        else:
            if k == 0:
                return None
            start, a = ix.sent_starts[k], ix.sent_starts[k - 1]
            b = start
            if not all(not t.text.strip() or t.is_quote or t.is_punct for t in doc[start:lo]):
                return None
            if "\n\n" in doc[a:lo + 1].text:
                return None
        if a >= b or any(inside[a:b]):
            return None
        root = doc[a:b].root
        subj = next((c for c in children(root) if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ in PRONOUNS:
            return None
        ent = ix.ent_of(subj.i)
        if ent is None or not is_person(ent):
            return None
        others = [e for e in ix.ents_within(a, b) if e.start != ent.start and self.actor_of_ent(e, date)]
        if others:
            return None  # "Trump met Zelensky in Rome. "...": which of them speaks, the text does not say
        actor = self.actor_of_ent(ent, date)
        return (actor, ent.text, subj) if actor else None

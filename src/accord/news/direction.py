"""Which way a stance points, read from the sentence alone.

Every word of the stance's clause that names one end of the issue -- a signed keyword
(``keywords_up`` / ``keywords_down``), a keyword whose sign the poles' descriptions give, a
word found in only one pole's descriptions -- gives its sign (+1 toward the high pole);
the words on its path up the parse to the holder's predicate then turn it over or not:

* a word of lessening, ending or refusal governing it ("cut aid", "lift sanctions",
  "refuses to send Taurus", "Putin's unwillingness to ...", "sanctions relief"), a
  negator on the path ("did not back", "no NATO membership", "a deal without ...")
  -- each turns the sign over, so "does not want to cut aid" is aid again;
* an intransitive word of ending whose subject it is ("aid ends") turns it over too;
* a concession (``concede.txt``: cede, withdraw, give up) or its opposite (``retain.txt``:
  keep, restore) is read by whose it is: the issue's poles say whose concession each end
  is ("Ukraine cedes ...": the high end; "Russia withdraws ...": the low end), so
  "Ukraine refuses to give up land" is down and "Putin's unwillingness to concede
  territorial claims" up, though neither names a signed word;
* a condition of a threat ("threatened to strike if the West allowed long-range strikes")
  is what the threatener opposes: turned over; any other condition ("will agree if Kyiv
  drops its NATO bid") is what the holder asks for: kept, and what a refusal waits on
  ("won't return until the sanctions are lifted", "unless") is not turned by its negation;
  what is granted only on a condition ("will lift the sanctions only if ...") is held back
  for now: turned over;
* a judgement turns what it judges over (:func:`_judged_bad`): "membership remains
  unlikely", "it was insane to suggest ceding", "a red flag is admission", "supplying
  weapons could result in a disaster", "would be considered an intervention";
* prevention turns over what it stops ("preventing Ukraine from joining"), a negation
  reaches what "or"/"nor" join to its verb, and a word of lessening the case's own keywords
  begin with gives its keyword's side ("freeze the front lines", as "freeze the conflict").

The signs are summed, a keyword's counting twice a pole word's. A question, a word that
names a topic and no side (``topic.txt``: a ceasefire, talks) alone, a keyword that is only
what a verb of discussing is about ("discussed the implementation of the Minsk
agreements", ``discuss.txt``), or the holder's verb in an if-clause ("if Ukraine cedes
land, ...") give no stance. Only the words
below the holder's predicate count: another clause's words are another stance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Span, Token

from . import lexicon, tree
from .attribution import SPEECH
from .stance import MAX_GAP, WILLING, same_word, stance_word
from .tree import children, subtree

LESSEN = lexicon.words("lessen") | lexicon.words("refuse") | lexicon.words("halt")
#: verbs of complaint: what is complained of is judged bad ("complained that sanctions were
#: restricting its exports", "decried the sanctions")
COMPLAIN = lexicon.words("complain")
NEGATORS = lexicon.words("negators")
TOPIC = lexicon.words("topic")
CONCEDE = lexicon.words("concede")
RETAIN = lexicon.words("retain")
RECOGNISE = lexicon.words("recognise")
#: verbs of losing: "without X, Ukraine will lose" wants X
LOSS = lexicon.words("loss")
THREAT = lexicon.words("threat")
#: verbs of carrying out what was agreed ("not being implemented": :func:`_unfulfilled_by_another`)
FULFIL = lexicon.words("fulfil")
#: verbs of keeping someone from something ("preventing Ukraine from joining")
PREVENT = lexicon.words("prevent")
HARM = lexicon.words("harm")
BAD = lexicon.words("bad")
#: verbs of outcome: their subject is judged by what they end in ("X could result in a disaster")
OUTCOME = lexicon.words("outcome")
#: verbs of causing: what causes a bad thing is judged by it ("threats caused by the launch")
CAUSE = frozenset({"cause", "create", "bring", "trigger", "generate", "pose"})
#: linking verbs: their complement judges their subject ("membership remains unlikely")
LINKING = frozenset({"be", "remain", "seem", "appear", "become", "look", "sound", "prove", "stay"})
#: intransitive verbs of ending whose subject is what ends ("aid ends", "sanctions expire")
ENDING = frozenset({"end", "stop", "expire", "lapse", "halt", "cease", "dwindle", "shrink", "decline",
                    "fall", "drop", "dry", "wane", "collapse", "fade", "fail", "falter", "stall", "crumble"})
#: intransitive verbs of leaving whose subject is what leaves ("Russian troops must withdraw",
#: "the troops retreated"): read as the subject's ending, as "aid ends" is (entry 356)
DEPARTING = frozenset({"withdraw", "retreat", "leave"})
#: prepositions that take what is given up or kept ("withdraw from", "control of", "hold on to")
_OF_HELD = frozenset({"from", "of", "over", "on", "to"})
#: how a lessened thing hangs on the word lessening it: its object, complement or compound
#: ("cut aid", "refuse to send", "aid cuts"), or a preposition of what is lessened ("the
#: end of aid", "limits on strikes", "opposition to", "exemptions from the sanctions"); not "a
#: freeze along the front line"
_GOVERNED = frozenset({"dobj", "xcomp", "ccomp", "pcomp", "compound", "nmod", "nsubjpass", "attr", "oprd", "amod", "dep",
                       "acl"})
_LESSENED_BY = frozenset({"of", "on", "to", "for", "against", "over", "with", "about", "including", "from"})
#: verbs of naming whose second object the parser may hang lower ("branded the decision
#: to sanction the firm an unfriendly act")
NAMING = frozenset({"brand", "label", "term", "dub"})
#: words of judging something as something ("views X as a threat", "assessment of X as")
JUDGED_AS = lexicon.words("judged_as")
#: verbs of fighting something: their object is opposed ("vowed to fight the pipeline")
COMBAT = lexicon.words("combat")
#: words that lessen only as verbs ("compromise its sovereignty"; the noun is a concession)
LESSEN_VERBS = lexicon.words("lessen_verbs")
#: verbs of feeling whose passive's "by" phrase is the cause ("outraged by the decision")
STIRRED = lexicon.words("stirred")
#: adjectives of too little or too late: a noun they modify lessens what it governs
SLOW = lexicon.words("slow")
_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")


#: the token's lemma with its particle ("give up", "rule out", "pull out"): :func:`.tree.phrasal_lemma`
lemma = tree.phrasal_lemma


def _negators(t: Token) -> list[Token]:
    """The negators that hang on ``t``, not one that sets a contrast after a comma ("must
    be based on the current lines, not the proposal": the lines are not denied)."""
    return [c for c in children(t) if (c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "preconj") and c.lower_ in NEGATORS)
                                       or _no_longer(c) or _yet_to(c))
            and not (c.i > t.i and c.i > 0 and c.doc[c.i - 1].text == ",") and not _not_only(c)]


def _not_only(c: Token) -> bool:
    """Whether ``c`` is the "not" of "not only ... but (also)", which adds rather than denies
    ("will not only keep sanctions in place but also add new ones"; entry 325)."""
    doc = c.doc
    nxt = doc[c.i + 1] if c.i + 1 < len(doc) else None
    return (c.lower_ == "not" and nxt is not None and nxt.lower_ in ("only", "just", "merely")
            and any(t.lower_ == "but" for t in doc[c.i + 2:tree.sent(c).end]))


def _no_longer(c: Token) -> bool:
    """Whether ``c`` is the "longer" of "no longer", which negates the verb it hangs on
    ("Russia no longer wants to extend the deal")."""
    return c.dep_ == "advmod" and c.lower_ == "longer" and any(g.lower_ == "no" for g in children(c))


def _yet_to(c: Token) -> bool:
    """Whether ``c`` is the "yet" of "has yet to" or "is yet to", which says the deed is not
    done ("the U.S. has yet to commit to a backstop"; entry 318)."""
    v = c.head
    return (c.dep_ == "advmod" and c.lower_ == "yet" and v.lemma_.lower() in ("have", "be") and any(
        x.dep_ == "xcomp" and x.i > c.i and any(a.dep_ == "aux" and a.lower_ == "to" for a in children(x))
        for x in children(v)))


@tree.per_token
def _negated(t: Token) -> bool:
    """Whether ``t`` is negated: a negator hangs on it (:func:`_negators`)."""
    return bool(_negators(t))


#: what a thing is "not up for" when it is firm ("not up for negotiation")
_UP_FOR = frozenset({"negotiation", "negotiations", "discussion", "debate", "renegotiation", "grabs", "bargaining"})


def _not_up_for(t: Token) -> bool:
    """Whether ``t``'s negation is the set phrase of firmness "not up for negotiation
    (discussion, debate)": what it is said of stands, it is not denied (entry 339)."""
    for up in children(t):
        if up.dep_ == "prep" and up.lower_ == "up":
            if any(g.dep_ == "prep" and g.lower_ == "for" and any(
                    o.dep_ == "pobj" and o.lower_ in _UP_FOR for o in children(g)) for g in children(up)):
                return True
    return False


def _no_such_thing(t: Token, prev: Token) -> bool:
    """Whether ``t`` is an existential "there is no X" and the path came up by a phrase the
    parser hung on the verb, not on X ('"There will be no deal without security
    guarantees"'): the "no" on X denies what the phrase goes with (entry 337)."""
    return (t.lemma_ == "be" and prev.dep_ == "prep" and prev.lower_ in ("without", "before", "until", "unless")
            and any(c.dep_ == "expl" for c in children(t))
            and any(c.dep_ == "attr" and _negated(c) for c in children(t)))


def _negated_within(t: Token, own: frozenset[int]) -> bool:
    """Whether every negator on ``t`` stands at one of the places ``own`` (a keyword's words)."""
    negs = _negators(t) if own else []
    return bool(negs) and all(c.i in own for c in negs)


def _negation_shared(t: Token) -> bool:
    """Whether a negation of ``t`` reaches the words joined to it: by "or" or "nor", or
    under "neither" ("did not encourage or enable", "neither encouraged nor enabled")."""
    return any((c.dep_ == "cc" and c.lower_ in ("or", "nor")) or (c.dep_ == "preconj" and c.lower_ == "neither")
               for c in children(t))


#: subordinators whose clause a negated verb waits on ("not ... until", "not ... unless")
ASKED_CONDITIONS = lexicon.words("asked_conditions")


def _asked_condition(prev: Token) -> bool:
    """Whether ``prev`` is a clause a refusal waits on ("the deal won't be restored until the
    West lifts the sanctions", "will not return unless they are lifted"): what it says is
    asked for, and the negation of the verb it hangs on does not turn it."""
    if prev.dep_ == "prep" and prev.lower_ in ("before", "until", "till"):
        return True  # "cannot talk about a ceasefire before the withdrawal of Russian troops" (entry 331)
    return prev.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ASKED_CONDITIONS for c in children(prev))


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass"})


def _feared_content(below: Token | None, prev: Token, t: Token) -> bool:
    """Whether the path reaches a word of complaint or worry (:data:`COMPLAIN`) from the
    clause it says ("European leaders fear that Trump will reduce support for Ukraine",
    "complained that the West was blocking its exports") through that clause's object or
    complement: what the clause does is judged bad, so its content turns over once more.
    A clause's subject is judged by :func:`_judged_bad` already ("complained that sanctions
    were restricting ...") and is not turned again."""
    if below is None or below.dep_ in _SUBJECTS or lemma(t) not in COMPLAIN:
        return False
    return prev.dep_ == "ccomp" or (t.pos_ == "NOUN" and prev.dep_ in ("acl", "ccomp"))


def _feared_ending(prev: Token, t: Token) -> bool:
    """Whether ``prev`` is the subject of ``t``, a verb of ending (:data:`ENDING`) with no
    object, in the clause a word of complaint or worry says ("feared that the deal would
    collapse", "concerned that the talks could fail"). The ending turns its subject over;
    :func:`_judged_bad` turns it once more as the subject of a feared clause, so what is
    feared to end is wanted. Verbs of lessening that end ("aid ends") turn by their own rule."""
    return (prev.dep_ == "nsubj" and lemma(t) in ENDING and t.dep_ == "ccomp" and lemma(t.head) in COMPLAIN
            and not any(c.dep_ in ("dobj", "xcomp") for c in children(t)))


#: subordinators of a condition that, with "only", holds back what its verb grants
ONLY_CONDITIONS = lexicon.words("only_conditions")
#: the relations by which a verb grants a thing: its object or complement
_GRANTED = frozenset({"dobj", "nsubjpass", "xcomp", "ccomp", "prep", "attr", "acomp", "oprd", "dative", "pcomp"})


def _only_on_condition(t: Token, prev: Token) -> bool:
    """Whether ``t`` grants what ``prev`` leads to only on a condition ("will lift the
    sanctions only if Russia withdraws", "may restore access only after the war ends"): an
    adverbial clause of ``t`` other than ``prev``, marked by a word of :data:`ONLY_CONDITIONS`
    with "only" on it or on its clause. What is granted so is held back for now. Only what
    ``t`` itself grants counts: ``prev`` is its object or complement (a word the parser
    hung on it loosely, as after a colon, is not)."""
    if prev.dep_ not in _GRANTED:
        return False
    for c in children(t):
        if c.dep_ != "advcl" or c.i == prev.i:
            continue
        subs = [m for m in children(c) if m.dep_ in ("mark", "advmod") and m.lower_ in ONLY_CONDITIONS]
        if subs and any(o.dep_ == "advmod" and o.lower_ == "only" for k in [c, *subs] for o in children(k)):
            return True
    return False


#: verbs of discussing or informing: what they are about is a topic, no side
DISCUSS = lexicon.words("discuss")
#: participles of relating one thing to another ("the situation related to ..."): the parser
#: may hang them on the verb of discussing instead of on the topic noun
RELATING = frozenset({"relate", "associate", "connect", "link", "pertain"})
#: how a topic hangs on a verb of discussing: its object, or "about", "on", "of", "upon"
_TOPIC_OF = frozenset({"about", "on", "of", "upon", "regarding", "concerning"})


def _willing_to(verb: Token) -> bool:
    """Whether a verb of discussing is what its subject is ready or open to do ("was ready to
    discuss security guarantees", "open to discussing sanctions relief"): a readiness to
    bargain over the thing, read as a stance for it, not a topic (entry 325)."""
    h = verb.head
    if verb.dep_ == "pcomp" and h.dep_ == "prep":  # "open to discussing"
        h = h.head
    return verb.dep_ in ("xcomp", "pcomp") and h.pos_ == "ADJ" and h.lemma_.lower() in WILLING


#: verbs of disputing: what they are "over", "on" or "about" is the dispute's topic, no one's
#: side ("Zelensky and Trump disagreed over security guarantees"); "disagreed with new
#: sanctions" is still a refusal
DISPUTE_OVER = lexicon.words("dispute_over")
_DISPUTED = frozenset({"over", "on", "about", "regarding", "concerning"})


def _discussed(tok: Token, stop: Token) -> bool:
    """Whether the keyword ``tok`` is only the topic of a verb of discussing or informing
    (:data:`DISCUSS`) on its path up to ``stop``: reached from the verb's object or its
    "about"/"on" phrase through nouns, adjectives, prepositions and participles that modify
    a noun ("discussed the implementation of the Minsk agreements", "informed them about
    the situation related to the concentration of troops"). A verb, a negation, a stance
    noun, a word of judging (:func:`_bad`) or a possessor between them ("discussed ways to
    lift the sanctions", "discussed the threat posed by the pipeline", "discussed our
    country's course towards NATO") carries a content, a judgement or a holder of its own,
    which is read as before."""
    prev, t = tok, tok
    for _ in range(14):
        if t.i == stop.i or t.head.i == t.i:
            return False
        prev, t = t, t.head
        if t.pos_ in ("VERB", "AUX") and t.dep_ == "acl" and t.tag_ == "VBN" and lemma(t) not in LESSEN:
            continue  # "the situation related to ...", "the risks associated with ...": still the topic
        if t.pos_ == "VERB" and t.tag_ == "VBN" and lemma(t) in RELATING and lemma(t.head) in DISCUSS and not _negated(t):
            return True  # "informed them about the situation related to ...", "related" hung on "informed"
        if t.pos_ in ("VERB", "AUX"):
            if lemma(t) in DISPUTE_OVER:  # "disagreed over security guarantees": a topic (entry 334)
                return prev.dep_ == "prep" and prev.lower_ in _DISPUTED
            return lemma(t) in DISCUSS and (prev.dep_ == "dobj" or prev.dep_ == "prep" and prev.lower_ in _TOPIC_OF) and (
                not _willing_to(t))
        if t.pos_ not in ("NOUN", "PROPN", "ADJ", "ADP", "DET", "NUM") or _negated(t) or stance_word(t) or (
                _bad(t) or any(c.dep_ == "poss" for c in children(t))):
            return False
    return False


@tree.per_token
def _asks_whether(t: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "whether" for c in children(t))


#: verbs of denying a claim, and nouns of a claim (:func:`_claim_withheld`)
DENY = lexicon.words("deny")
CLAIM_NOUNS = lexicon.words("claim_nouns")


def _claim_withheld(stop: Token) -> bool:
    """Whether the clause the holder's stance is read in (``stop``, its predicate) is one no
    one asserts: asked about ("declined to say whether he would lift sanctions", "asked
    whether Russia would quit the deal") or denied ("Peskov denied reports that Russia would
    quit the grain deal", "dismissed claims that", "denied that it would"). Such a clause
    gives its holder no stance; the clauses above ``stop`` are read up to a sentence's root,
    or to a relative clause, which asserts what it says whatever frames the noun it is on.
    A denial the holder itself makes of its own words is read on the path, where "deny"
    lessens what it takes."""
    t = stop
    for _ in range(6):
        if t.head.i == t.i:
            return False
        prev, t = t, t.head
        if prev.dep_ in ("ccomp", "advcl", "xcomp") and _asks_whether(prev):
            return True
        if prev.dep_ == "ccomp" and lemma(t) in DENY:
            return True
        if prev.dep_ in ("ccomp", "parataxis") and lemma(t) in SPEECH and _negated(t):
            return True  # "Trump did not say he would cut aid": no claim either way
        if prev.dep_ in ("acl", "ccomp") and t.pos_ == "NOUN" and t.lemma_.lower() in CLAIM_NOUNS and (
                t.dep_ in ("dobj", "nsubjpass") and lemma(t.head) in DENY):
            return True
        if prev.dep_ in ("relcl", "acl"):
            return False  # "whether it includes the changes insisted upon by Russia": a relative clause asserts
    return False


@dataclass
class PoleAgents:
    """Whose concession each end of an issue is, read from its pole descriptions."""

    up: frozenset[str] = frozenset()  # actors whose concession moves the issue up
    down: frozenset[str] = frozenset()
    #: the words of what a pole says is conceded ("Ukraine cedes Crimea and all of Donetsk"):
    #: a keyword made of them names a holding, which an actor wants to keep or to have
    held: frozenset[str] = frozenset()

    def of(self, actor: str | None) -> int:
        if actor is None:
            return 0
        return (actor in self.up) - (actor in self.down)

    def is_held(self, ph: tuple[str, ...]) -> bool:
        """Whether keyword ``ph`` names a holding: every word of it is in :attr:`held`."""
        return bool(self.held) and bool(ph) and all(w in self.held for w in ph)

    def holding(self, ph: tuple[str, ...], actor: str | None) -> int:
        """The side of an actor's having keyword ``ph`` where it names a holding: the other
        way from the actor's conceding it ("Putin wants Crimea": Russia keeps it); 0 where
        ``ph`` is no holding or the actor concedes neither end."""
        return -self.of(actor) if self.is_held(ph) else 0


#: words of ``retain.txt`` that are also a giving back ("returning Crimea to Ukraine"):
#: with someone to give to, the regaining is the receiver's (entry 362)
RETURNING = frozenset({"return"})


def recipient(t: Token) -> Token | None:
    """The one ``t`` (a verb or noun of :data:`RETURNING`) gives back to: the object of its
    "to" phrase or its dative ("returning Crimea to Ukraine", "the return of Crimea to
    Ukraine"); None without one or for any other word."""
    if t.lemma_.lower() not in RETURNING:
        return None
    for c in children(t):
        if c.dep_ == "dative" and c.pos_ in ("PROPN", "NOUN", "PRON"):
            return c
        if c.dep_ in ("prep", "dative") and c.lower_ == "to":
            return next((g for g in children(c) if g.dep_ == "pobj"), None)
    return None


@dataclass
class Reading:
    score: int  # > 0 up, < 0 down, 0 unsettled
    stance: bool  # whether the sentence gives the holder a stance at all
    reasons: list[str] = field(default_factory=list)
    #: the holder's clause is asked about or denied (:func:`_claim_withheld`): no anchor the
    #: sentence pins is the holder's either
    withheld: bool = False


def lca(a: Token, b: Token) -> Token:
    """The lowest token both ``a`` and ``b`` hang from (either may be it)."""
    above = {a.i}
    t = a
    while t.head.i != t.i:
        t = t.head
        above.add(t.i)
    t = b
    while t.i not in above and t.head.i != t.i:
        t = t.head
    return t


def _listed_beside(conj: Token, first: Token) -> Token | None:
    """Where ``conj`` is a noun the parser joined to ``first``, the object of an "of" under a
    noun of lessening ("the lifting of sanctions and Ukraine's neutrality"), but which has a
    possessor or determiner of its own that ``first`` lacks: an item of the list beside the
    lessening noun, not a second thing lessened. Returns the lessening noun, whose place in
    the sentence the item shares (entry 340); None otherwise."""
    if conj.dep_ != "conj" or conj.pos_ not in ("NOUN", "PROPN") or first.dep_ != "pobj":
        return None
    of = first.head
    noun = of.head
    if of.lower_ not in _LESSENED_BY or noun.pos_ != "NOUN" or not (lemma(noun) in LESSEN or noun.lower_ in LESSEN):
        return None  # "a ban on foreign troops and the lifting of sanctions": "on" too
    own = any(c.dep_ in ("poss", "det") for c in children(conj))
    shared = any(c.dep_ in ("poss", "det") for c in children(first))
    return noun if own and not shared else None


def _pole_act(lem: str) -> bool:
    """Whether a word is an act whose side is its doer's: giving up, keeping or recognising."""
    return lem in CONCEDE or lem in RETAIN or lem in RECOGNISE


def path_sign(tok: Token, stop: Token, agent_of: Callable[[Token], str | None] | None = None,
              poles: PoleAgents | None = None, sign: int = 1, sided_verbs: dict[str, int] | None = None,
              own: frozenset[int] = frozenset()) -> tuple[int, bool]:
    """``sign`` as the words from ``tok`` up to ``stop`` (inclusive) leave it, and whether
    a concession on the path decided it (then ``sign`` is ignored).

    ``sided_verbs``: words of lessening the issue's own signed keywords begin with, and that
    keyword's sign ("freeze the conflict": up): governing a keyword, such a word gives its
    own side ("freeze the front lines" is the freeze the case names), not a turn. ``own``:
    the places of a signed keyword's words, whose negator ("not recognise" in "does not
    want to recognise") is the keyword's own, read in its sign, and not again on the path."""
    if _asks_whether(tok) and tok.i != stop.i:
        return 0, True  # "declined to say whether Nord Stream 2 would be stopped": the word itself asked about
    s = sign
    if _negated(tok) and not _negated_within(tok, own):
        s = -s
    if own and tok.pos_ in ("VERB", "AUX") and any(
            c.i in own and _only_on_condition(tok, c) for c in children(tok)):
        s = -s  # a keyword's own verb granted on a condition: "would lift sanctions only if ..." (entry 327)
    if _seen_as_bad(tok):
        s = -s  # "views NATO's expansion as a threat": the "as" hung on what is judged
    judged = False  # whether a judgement of badness turned the path below
    for c in children(tok):  # "reduced aid", "sanctions relief": a lessening modifier
        if c.i in own:
            continue  # a word of the signed keyword itself ("lift sanctions" parsed as a compound)
        if c.dep_ in ("amod", "compound") and (lemma(c) in LESSEN or c.lower_ in LESSEN) or _slow(c):
            s = -s
    prev, t = tok, tok
    below: Token | None = None  # the word below ``prev`` on the path
    decided = False
    if poles is not None and agent_of is not None and tok.pos_ in ("VERB", "AUX", "NOUN") and (
            _pole_act(lemma(tok)) and not own):
        side = poles.of(agent_of(tok))  # the keyword is the act itself: "Russia withdraws from Ukraine" (entry 331)
        if side:
            s = -side if lemma(tok) in RETAIN else side
            s = -s if _negated(tok) else s
            decided = True
    for _ in range(14):
        if t.i == stop.i or t.head.i == t.i:
            break
        below, prev, t = prev, t, t.head
        outer = _listed_beside(prev, t)
        if outer is not None and outer.i != stop.i and outer.head.i != outer.i:
            below, prev, t = prev, outer, outer.head  # "the lifting of sanctions and Ukraine's neutrality" (entry 340)
        if prev.lower_ == "in" and prev.dep_ == "prep" and below is not None and below.lemma_.lower() in ("return", "exchange"):
            return s, decided  # "... in return for Russia's withdrawal": the price asked, whatever it hangs on (entry 340)
        lem = lemma(t)
        owned = owned_by_predicate(t, prev)
        if poles is not None and agent_of is not None and (owned or _pole_act(lem) and (
                prev.dep_ in ("dobj", "nsubjpass", "attr") or prev.dep_ == "prep" and prev.lower_ in _OF_HELD)):
            side = poles.of(agent_of(t))
            if side:
                s = -side if lem in RETAIN or owned else side
                decided = True
                if _negated(t):
                    s = -s
                continue
        change = stance_change(t, prev)
        if change:
            s = s * change  # "softened its stance on X": toward X; "hardened": against it (entry 338)
        elif sided_verbs and lem in sided_verbs and (prev.dep_ in _GOVERNED or prev.dep_ == "prep"
                                                   and prev.lower_ in _LESSENED_BY):
            s = sided_verbs[lem]
        elif (lem in LESSEN or lem in CONCEDE or t.lower_ in LESSEN or t.pos_ == "VERB" and lem in LESSEN_VERBS) and (
                not _turning_preposition(t)) and not (
                prev.dep_ == "prep" and _turning_preposition(prev)):
            # a concession no pole names: a lessening ("against" and "without" turn below, once,
            # and the verb they hang on does not turn again: "pushed back against the idea")
            if prev.dep_ in ("nsubj", "csubj"):
                if (lem in ENDING or lem in DEPARTING) and not any(c.dep_ == "dobj" for c in children(t)):
                    s = -s  # "aid ends", "Russian troops withdraw"
                elif prev.dep_ == "nsubj" and _small_clause(t):
                    s = -s  # "wants sanctions lifted": a passive with its auxiliary left out
            elif prev.dep_ in _GOVERNED or prev.dep_ == "prep" and prev.lower_ in _LESSENED_BY and not (
                    _destination(t, prev) and prev.i not in own) and not (
                    lem in ENDING and prev.lower_ == "with") and not (  # "talks would end with the lifting of ..."
                    lem in PREVENT and prev.lower_ == "from") or (  # "stop Ukraine from joining": the prevention rule's
                    _own_particle(t, prev) or _rejected_plea(t, prev) or _gerund_object(t, prev)) or (
                    # "pulled out of", "rejected the plea to", "ruled out ceding"
                    prev.dep_ == "nsubjpass" and lem in ENDING) or (
                    # "pausing and reviewing its aid": the object the parser gave the second verb
                    # is the first's too, where that one has none and does not lessen it itself
                    prev.dep_ == "conj" and below is not None and below.dep_ == "dobj" and prev.pos_ == "VERB"
                    and lemma(prev) not in LESSEN and not any(c.dep_ == "dobj" for c in children(t))):
                if not (prev.dep_ == "prep" and any(c.dep_ == "dobj" and lemma(c) in LESSEN for c in children(t))):
                    s = -s
                # else "ease prohibitions on X", its "on" hung on the verb: the noun's, two turns
        elif _ended_by_object(t, prev):
            s = -s  # "vowed to bring an end to Nord Stream 2", "put a stop to": the object's ending, of what follows "to"
        elif prev.dep_ == "nsubjpass" and lem in ENDING or _feared_ending(prev, t):
            s = -s  # "Kenya feared that the deal would collapse": the ending is feared, once more below
        if lem in PREVENT and (prev.dep_ == "prep" and prev.lower_ == "from" or (
                prev.dep_ == "dobj" and lem not in LESSEN and lem not in RETAIN
                and not any(c.dep_ == "prep" and c.lower_ == "from" for c in children(t)))):
            s = -s  # "preventing Ukraine from joining NATO", "preventing its accession" (not "keep aid")
        if prev.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "if" for c in children(prev)) and (
                lem in THREAT or lemma(stop) in THREAT):
            s = -s  # the condition of a threat is what its maker opposes
        if _only_on_condition(t, prev):
            s = -s  # "will lift the sanctions only if Russia withdraws": not lifted for now
        if _asks_whether(t) and t.i != stop.i:
            return 0, True  # "to test whether air defences can stop it": a question, no side
        if _seen_as_bad(t):
            s = -s
        if _blamed_cause(prev, t):
            s = -s  # "the disruptions were due to the sanctions": what something bad is due to (entry 366)
        if _complained_of(prev, t):
            if not (judged and _bad(below if prev.dep_ == "prep" and below is not None else prev)):
                s = -s  # "decried the sanctions"; not twice for "complained of the threat
                # posed by the pipeline", the threat judged so below
        elif _judged_bad(prev, t):
            s = -s  # "sanctions were hurting Europe", "the sanctions are illegal", "called X illegal"
            judged = True
        if t.pos_ == "NOUN" and prev.dep_ == "prep" and prev.lower_ in ("of", "in") and any(
                _slow(c) for c in children(t)):
            s = -s  # "the slow delivery of weapons", "the slow pace of deliveries"
        if t.pos_ == "NOUN" and prev.dep_ == "prep" and prev.lower_ == "in" and (lem in LESSEN or t.lower_ in LESSEN):
            s = -s  # "delays in the delivery of weapons", "a cut in aid": "in" after a noun of lessening
        if (prev.dep_ in ("dobj", "nsubjpass") or prev.dep_ == "nsubj" and t.lemma_.lower() in LINKING) and (
                lem not in LESSEN and _put_on_hold(t)):
            s = -s  # "put the grain deal on hold", "the talks were put on ice", "is off the table"
        if _raised_as_problem(t, prev, below):
            s = -s  # "drew attention to the deployment of NATO strike weapons" (entry 339)
        if _cold_water(t, prev) or _door_closed_on(t, prev):
            s = -s  # "poured cold water on the proposal", "closed the door on concessions"
        if lem in COMBAT and lem not in LESSEN and (prev.dep_ in ("dobj", "nsubjpass") or (
                t.pos_ == "NOUN" and prev.dep_ == "prep" and prev.lower_ in ("on", "against"))):
            s = -s  # "vowed to fight the pipeline", "efforts to counter the project", "attacks on the deal"
        if _feared_content(below, prev, t):
            s = -s  # "fear that Trump will reduce support": what the feared clause does is opposed
        if t.lemma_.lower() in LINKING and prev.dep_ in ("advcl", "xcomp", "ccomp") and any(
                c.dep_ == "prep" and c.lower_ == "against" and c.i < prev.i for c in children(t)):
            s = -s  # "he was against Ukraine using Western weapons", the clause hung on "was"
        if prev.dep_ == "prep" and prev.lower_ == "without" and lem in LOSS:
            s = -s  # "without American aid, Ukraine will lose": the lack is the loss's cause
        if prev.dep_ == "prep" and prev.lower_ == "without" and (_bad(t) or lem in LINKING and any(
                c.dep_ in ("acomp", "attr") and _bad(c) for c in children(t))):
            s = -s  # "would be useless without US backing": what it would be bad without is wanted
        if _no_such_thing(t, prev):
            s = -s  # '"There will be no deal without security guarantees," he said'
        if _turning_preposition(t):
            s = -s
        elif _negated(t) and (prev.dep_ != "conj" or _negation_shared(t)) and not _negated_within(t, own) and not (
                _asked_condition(prev)) and not _not_up_for(t):
            # "did not say X, but demanded Y": Y is not negated; "did not encourage or enable
            # Y", "neither encouraged nor enabled Y": it is
            if lem in SPEECH and prev.dep_ in ("ccomp", "parataxis"):
                return 0, True  # "did not say he would cut aid": no claim either way
            if not _unfulfilled_by_another(t, stop, agent_of):
                s = -s
    return s, decided


#: verbs that take an object with a bare participle after it ("wants sanctions lifted")
_SMALL_CLAUSE_HEADS = lexicon.words("small_clause_heads")


def _small_clause(t: Token) -> bool:
    """Whether verb ``t`` is the participle of a small clause, a passive with its auxiliary
    left out ("wants sanctions lifted", "wanted the aid cut", "would like to see the
    sanctions eased"): no auxiliary or object of its own, and either a past participle the
    parser made a complement, or a complement of a verb that takes such a clause. Its
    subject is what is lessened, as a passive subject is."""
    if t.dep_ not in ("ccomp", "xcomp", "oprd") or any(c.dep_ in ("aux", "auxpass", "dobj", "mark") for c in children(t)):
        return False
    return t.tag_ == "VBN" or lemma(t.head) in _SMALL_CLAUSE_HEADS


def _destination(t: Token, prep: Token) -> bool:
    """Whether ``prep`` is a "to" phrase on verb ``t`` that has an object of its own: where
    the lessened thing goes ("roll back its forces to 1997 positions"), not what is
    lessened (entry 363). Not where "to" is a word of the keyword itself ("freeze aid to
    Ukraine" with the parser's "to" on the verb): the caller checks that."""
    return t.pos_ == "VERB" and prep.lower_ == "to" and any(c.dep_ == "dobj" for c in children(t))


def _ended_by_object(t: Token, prep: Token) -> bool:
    """Whether ``prep`` is a "to" phrase on a verb ``t`` whose object is a noun of ending or
    lessening, the parser having hung "to" on the verb and not on the noun ("bring an end to
    Nord Stream 2", "put a stop to the talks", "call a halt to"): what follows "to" is what
    the noun ends (entry 363). A verb that lessens itself is read by the lessening rule."""
    if t.pos_ != "VERB" or prep.lower_ != "to" or prep.dep_ not in ("prep", "dative"):
        return False
    if lemma(t) in LESSEN or t.lower_ in LESSEN or lemma(t) in LESSEN_VERBS:
        return False
    return any(c.dep_ == "dobj" and c.pos_ == "NOUN" and (lemma(c) in LESSEN or c.lower_ in LESSEN)
               for c in children(t))


def _turning_preposition(t: Token) -> bool:
    """Whether ``t`` is "against" or "without" as a preposition: it turns what hangs on it
    once, whether a noun ("against sanctions") or a gerund ("against sending missiles");
    as words of ``lessen.txt`` they would turn the gerund a second time."""
    return t.pos_ == "ADP" and t.lower_ in ("without", "against")


def _unfulfilled_by_another(t: Token, stop: Token, agent_of: Callable[[Token], str | None] | None) -> bool:
    """Whether negated ``t`` is a verb of carrying out (``fulfil.txt``) below the holder's
    own predicate whose doer is someone else, or no one named: "(Russia says) the second
    part of the deal is not being implemented" reports what the holder wants done, and the
    negation turns nothing. Where the doer is the holder ("we will not implement it") or
    cannot be told apart from the holder, the negation turns as any other."""
    if t.i == stop.i or lemma(t) not in FULFIL:
        return False
    subj = next((c for c in children(t) if c.dep_ in ("nsubj", "nsubjpass", "agent")), None)
    if subj is None or subj.dep_ == "nsubjpass" and not any(c.dep_ == "agent" for c in children(t)):
        return True  # "is not being implemented", "was not honoured"
    if agent_of is None:
        return False
    doer, holder = agent_of(t), agent_of(stop)
    if doer is None:  # "Western countries have not fulfilled": a party the case does not name
        return subj.pos_ in ("NOUN", "PROPN") and holder is not None
    return holder is not None and doer != holder


#: verbs of turning down a proposal, whose object's "to"-clause the parser may hang on them
_TURN_DOWN = frozenset({"reject", "rebuff", "dismiss", "veto"})


def _rejected_plea(t: Token, prev: Token) -> bool:
    """Whether ``prev`` is a "to"-clause the parser hung on a verb of turning down instead of
    on its object ("rejected the plea of African leaders to restore the deal": "to restore"
    an adverbial clause of "rejected"): what is asked for is what is turned down."""
    return lemma(t) in _TURN_DOWN and prev.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in children(prev)) and any(
        c.dep_ == "dobj" and c.i < prev.i for c in children(t))


def _gerund_object(t: Token, prev: Token) -> bool:
    """Whether ``prev`` is a gerund the parser hung on phrasal verb ``t`` as an adverbial
    clause where it is the verb's object ("has ruled out ceding any territory": "ceding"
    an advcl of "ruled"): no object of its own on ``t``, no subject or marker on ``prev``."""
    return prev.dep_ == "advcl" and prev.tag_ == "VBG" and tree.particle(t) is not None and not any(
        c.dep_ == "dobj" for c in children(t)) and not any(
        c.dep_ in ("mark", "nsubj", "nsubjpass") for c in children(prev))


def _own_particle(t: Token, prev: Token) -> bool:
    """Whether ``prev`` is the particle of ``t``'s phrasal verb, through which what it
    lessens hangs on it ("pulled out of the deal": the deal hangs on "out", "out" on "pulled")."""
    p = tree.particle(t)
    return p is not None and p.i == prev.i


def is_bad(t: Token) -> bool:
    """Whether ``t`` is a word of :data:`BAD` (:func:`_bad`), for the holder rules."""
    return _bad(t)


def _bad(t: Token) -> bool:
    """Whether ``t`` is a word of :data:`BAD`, alone or with its modifier ("a red flag",
    "a legitimate target"), or modified by one ("a reckless escalation")."""
    low = t.lemma_.lower()
    doc = t.doc
    if t.i >= 2 and doc[t.i - 1].text == "-" and f"{doc[t.i - 2].lower_}-{t.lower_}" in BAD:
        return True  # "a non-starter", "a no-go": the hyphenated whole is the word
    if low in BAD or t.lower_ in BAD:  # "non-negotiable": the prefix undoes it
        return not (t.i >= 2 and doc[t.i - 1].text == "-" and doc[t.i - 2].lower_ == "non")
    return any(a.dep_ in ("amod", "compound") and (a.lemma_.lower() in BAD or f"{a.lemma_.lower()} {low}" in BAD
                                                    or f"{a.lower_} {t.lower_}" in BAD) for a in children(t))


#: what one draws attention or points to that is asked for, not complained of
_ASKED_FOCUS = frozenset({"need", "necessity", "importance", "readiness", "willingness", "possibility",
                          "prospect", "prospects", "progress", "success", "role", "value", "significance"})


def draws_attention(v: Token) -> bool:
    """Whether verb ``v`` draws (or calls) attention: "drew attention to", the readouts' verb
    of raising a matter."""
    return v.lemma_.lower() in ("draw", "call") and any(
        c.dep_ == "dobj" and c.lemma_.lower() == "attention" for c in children(v))


def _raised_as_problem(t: Token, prev: Token, below: Token | None) -> bool:
    """Whether ``prev`` is what verb ``t`` draws attention or points to, and that is a
    matter raised as a problem ("drew attention to the deployment of NATO strike weapons
    near Russia's borders", "pointed to the build-up of Russian forces"): judged bad, so
    turned. A need, importance or readiness pointed to is asked for ("drew attention to
    the need for guarantees"), and read as it stands (entry 339)."""
    if not (prev.dep_ == "prep" and prev.lower_ == "to"):
        return False
    if not (draws_attention(t) or t.lemma_.lower() == "point" or (
            t.lemma_.lower() == "attention" and t.dep_ == "dobj" and draws_attention(t.head))):
        return False
    # a matter already judged bad ("the threats caused by a launch of Nord Stream 2", "the
    # violations of the ceasefire") is turned by that judgement, not once more
    return below is None or (below.lemma_.lower() not in _ASKED_FOCUS and not _bad(below)
                             and lemma(below) not in LESSEN and below.lower_ not in LESSEN)  # nor "the illegality of"


def worry_word(t: Token) -> bool:
    """Whether ``t`` is a word of complaint or worry (:data:`COMPLAIN`), not "concern" in
    its sense of being about a thing ("it concerns cooperation", "differences concerning
    the implementation"): of that verb only "concerned" and the noun are worry."""
    low = lemma(t)
    return low in COMPLAIN and not (low == "concern" and t.pos_ != "NOUN" and t.lower_ != "concerned")


def worried_about(prev: Token, pred: Token) -> bool:
    """Whether ``prev`` is the content of ``pred``, a word of complaint or worry: what it
    complains of (:func:`_complained_of`) or the clause it says ("concerned that Russia
    could quit the deal"); not a clause that only describes it ("concerns ..., when layered
    with the pressure from new arms supplies, create ...")."""
    return _complained_of(prev, pred) or prev.dep_ == "ccomp" and worry_word(pred)


def _complained_of(prev: Token, pred: Token) -> bool:
    """Whether ``prev`` is what word of complaint ``pred`` complains of ("decried the
    sanctions", "complained about the sanctions", "balked at the plan", "blamed Russia
    for the collapse of the deal"), or what a verb of feeling's passive is caused by
    (:data:`STIRRED`: "outraged by the termination of the deal"). Where what it complains
    of is a word of :data:`BAD` that a judgement below on the path has turned already
    ("complained of the threat posed by the pipeline"), that is the same judgement, and
    :func:`path_sign` does not turn the path twice for it. A warning is no complaint:
    "warned of new sanctions" is mostly a threat by the one who would impose them."""
    dep = prev.dep_
    if lemma(pred) in STIRRED and (dep == "agent" or dep == "prep" and prev.lower_ == "by"):
        return True  # "outraged by the termination of the deal", "alarmed by the deployment"
    return worry_word(pred) and (dep == "dobj" or dep == "prep" and prev.lower_ in ("about", "of", "over", "at", "for"))


def _slow(c: Token) -> bool:
    """Whether ``c`` is an adjective of too little or too late (:data:`SLOW`) modifying its head."""
    return c.dep_ == "amod" and (c.lower_ in SLOW or c.lemma_.lower() in SLOW)


#: what a thing is put "on" to stop it for a while ("put the deal on hold", "on ice")
_HELD_ON = frozenset({"hold", "ice"})


def _put_on_hold(v: Token) -> bool:
    """Whether verb ``v`` puts its object on hold or takes it off the table ("put the grain
    deal on hold", "the talks were put on ice", "took membership off the table", "membership
    is off the table", "is out of the question", "the deal is over"): a pause, a withdrawal
    or an end, which lessens what it is said of."""
    for c in children(v):
        if c.dep_ == "prep" and any(g.dep_ == "pobj" and (c.lower_ == "on" and g.lower_ in _HELD_ON
                                                         or c.lower_ == "off" and g.lower_ == "table")
                                    for g in children(c)):
            return True
        if c.dep_ == "prep" and c.lower_ == "out" and any(  # "membership is out of the question"
                g.dep_ == "prep" and g.lower_ == "of" and any(q.lower_ == "question" for q in children(g))
                for g in children(c)):
            return True
        if c.lower_ == "over" and c.dep_ in ("advmod", "prt", "acomp", "prep") and not children(c) and (
                v.lemma_.lower() in LINKING):  # "the grain deal is over"
            return True
    return False


def _pours_cold_water(v: Token) -> bool:
    """Whether verb ``v`` pours or throws cold water ("Putin poured cold water on the
    proposal"): the idiom of discouraging a thing."""
    return lemma(v) in ("pour", "throw") and any(
        c.dep_ == "dobj" and c.lower_ == "water" and any(a.lower_ == "cold" for a in children(c)) for c in children(v))


def _cold_water(v: Token, prev: Token) -> bool:
    """Whether ``prev`` is what verb ``v`` pours or throws cold water on: lessened."""
    return prev.dep_ == "prep" and prev.lower_ == "on" and _pours_cold_water(v)


def sets_aside(v: Token) -> bool:
    """Whether verb ``v`` sets a thing aside by an idiom ("put on hold", "took off the
    table", "poured cold water on", "closed the door on", "opened the door to"): a word of
    taking a side, whose subject holds one."""
    return _put_on_hold(v) or _pours_cold_water(v) or _door(v) != 0


def _door(v: Token) -> int:
    """-1 where verb ``v`` closes, shuts or slams the door (on a thing), +1 where it opens it
    (to a thing), 0 where it is no such idiom (entry 338)."""
    low = v.lemma_.lower()
    if low not in ("close", "shut", "slam", "open") or not any(
            c.dep_ == "dobj" and c.lemma_.lower() == "door" for c in children(v)):
        return 0
    return 1 if low == "open" else -1


def _door_closed_on(v: Token, prev: Token) -> bool:
    """Whether ``prev`` is what verb ``v`` closes the door on: its "on"/"to" phrase, hung on
    the verb or on "door" ("closed the door on territorial concessions"): lessened."""
    return _door(v) < 0 and (prev.dep_ == "prep" and prev.lower_ in ("on", "to")
                             or prev.dep_ == "dobj" and prev.lemma_.lower() == "door"
                             or prev.dep_ in ("xcomp", "advcl", "pcomp") and prev.tag_ == "VBG")


def judged_as(t: Token) -> Token | None:
    """What word ``t`` of :data:`JUDGED_AS` judges its object to be: the object of an "as"
    phrase on ``t``, on its object or on its "of" phrase ("sees X as a threat", "views X
    as", "their assessment of X as"), or a second object ("considers X a threat"). None
    where ``t`` judges nothing as anything ("considered the proposal")."""
    if lemma(t) not in JUDGED_AS:
        return None
    objs = [t, *(c for c in children(t) if c.dep_ in ("dobj", "ccomp", "nsubjpass", "xcomp")),
            *(g for c in children(t) if c.dep_ == "prep" and c.lower_ == "of" for g in children(c) if g.dep_ == "pobj")]
    for o in objs:
        for c in children(o):
            if c.dep_ == "prep" and c.lower_ == "as":
                g = next((g for g in children(c) if g.dep_ == "pobj"), None)
                if g is not None:
                    return g
            if c.dep_ == "oprd" or (o.i != t.i and c.dep_ == "appos"):
                return c
    above = _as_above(t)
    return None if above is None else next((g for g in children(above) if g.dep_ == "pobj"), None)


def _as_above(noun: Token) -> Token | None:
    """The "as" phrase that the parser hangs on the word above a noun of judging's own
    phrase: in "were unanimous in their assessments of X as a threat" (and "united in
    their assessment of X as", "agreed in their view of X as") the "as" phrase goes to
    "were", "united", "agreed", not to the noun whose "of" phrase it completes. Taken only
    for a noun with an "of" phrase, in a prepositional phrase, the "as" after it."""
    if noun.pos_ != "NOUN" or noun.dep_ != "pobj" or noun.head.dep_ != "prep":
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "of" for c in children(noun)):
        return None
    above = noun.head.head
    return next((c for c in children(above) if c.dep_ == "prep" and c.lower_ == "as" and c.i > noun.i), None)


def _bad_judgement_on(judge: Token) -> int | None:
    """Where word of judging ``judge`` hangs a bad judgement (:func:`judged_as`, :func:`_bad`):
    the index of the word its "as" phrase or second object hangs on (``judge`` itself, its
    object, its "of" phrase's object); None if it judges nothing bad."""
    as_what = judged_as(judge)
    if as_what is None or not _bad(as_what):
        return None
    above = _as_above(judge)
    if above is not None and as_what.head.i == above.i:
        return judge.i  # hung above the noun by the parser: the noun's judgement
    return (as_what.head.head if as_what.head.dep_ == "prep" else as_what.head).i


def _seen_as_bad(x: Token) -> bool:
    """Whether ``x`` is what a word of judging judges, with the "as" phrase (or second
    object) hung on ``x`` itself, and that is bad ("views NATO's expansion as an existential
    threat", "considers the pipeline a threat"). An "as" hung on the verb or on a noun of
    judging is :func:`_judged_bad`'s."""
    judge = x.head
    if x.dep_ == "pobj" and judge.lower_ == "of":
        judge = judge.head
    elif x.dep_ not in ("dobj", "ccomp", "nsubjpass", "xcomp"):
        return False
    return _bad_judgement_on(judge) == x.i


def _bad_outcome(v: Token) -> bool:
    """Whether ``v`` is a verb of outcome (:data:`OUTCOME`) that ends in something bad:
    "could result in a nuclear disaster", "would mean war", "would lead to a conflict"."""
    if lemma(v) not in OUTCOME:
        return False
    for c in children(v):
        if c.dep_ in ("dobj", "attr", "oprd") and _bad(c):
            return True
        if c.dep_ in ("prep", "prt") and c.lower_ in ("in", "to", "into"):
            if any(g.dep_ == "pobj" and _bad(g) for g in children(c)):
                return True
        if c.dep_ == "ccomp" and _bad_state(c):  # "would mean that Russia and NATO are at war"
            return True
    return False


def _bad_state(v: Token) -> bool:
    """Whether a clause says its subject is in or is something bad ("are at war", "is a
    disaster")."""
    for c in children(v):
        if c.dep_ in ("attr", "acomp") and _bad(c):
            return True
        if c.dep_ == "prep" and c.lower_ in ("at", "in", "into"):
            if any(g.dep_ == "pobj" and _bad(g) for g in children(c)):
                return True
    return False


#: verbs of warning: what the warned-of clause's subject would do is feared
WARN = frozenset({"warn", "caution"})


def _warned_effect(pred: Token) -> bool:
    """Whether ``pred`` is the effect a warning foresees of its subject ("warned that cutting
    aid would embolden Putin", "would give Russia time to regroup", "would only benefit
    Western companies"): a verb with an object or complement in the clause of a verb of
    warning. A warning names a harm by saying it, so the subject is what the warner opposes,
    whatever the verb (entry 332); a verb of being or lasting with no object ("sanctions would
    remain") is a threat, not a harm, and is left to the other rules."""
    if pred.dep_ != "ccomp" or lemma(pred.head) not in WARN or pred.pos_ != "VERB" or lemma(pred) in LINKING:
        return False
    return any(c.dep_ in ("dobj", "dative", "xcomp", "ccomp") for c in children(pred))


def judged_bad(prev: Token, pred: Token) -> bool:
    """Whether ``pred`` judges ``prev`` bad (:func:`_judged_bad`), for the holder rules."""
    return _judged_bad(prev, pred)


#: words that give a cause ("due to", "because of", "owing to")
_CAUSE_WORDS = frozenset({"due", "because", "owing"})


def _blamed_cause(prev: Token, t: Token) -> bool:
    """Whether ``t`` is "due", "because" or "owing" and ``prev`` its object (directly, or
    through its "to" or "of"), in a clause whose subject is bad: "the problems emerged due to
    the sanctions", "the disruptions were due to Western sanctions". What something bad is
    put down to is judged bad by whoever says so (entry 366); "prices rose because of the
    sanctions" judges nothing, its subject being no word of :data:`BAD`."""
    if t.lower_ not in _CAUSE_WORDS or prev.dep_ not in ("pobj", "prep", "pcomp"):
        return False
    v = t.head
    return v is not t and any(c.dep_ in ("nsubj", "nsubjpass") and _bad(c) for c in children(v))


def _judged_bad(prev: Token, pred: Token) -> bool:
    """Whether ``pred`` judges ``prev`` (the word below it on the path) bad:

    * the subject of what a complaint says ("complained that sanctions were restricting
      its exports", once even where that verb is one of harm); what is complained of is
      :func:`_complained_of`'s;
    * the "of" phrase of a noun of judging whose "as" phrase is bad ("their assessment of
      Nord Stream 2 as a security threat"; :func:`_bad_judgement_on`);
    * what a verb's bad object is set at or on ("drew a red line at ceding territory");
    * the subject of a verb of harm ("sanctions hurt Europe"), of a verb of outcome that
      ends in something bad ("supplying weapons could result in a disaster"), or of a
      linking verb with a word of :data:`BAD` ("membership remains unlikely", "the idea
      is an illusion") -- not where a "without" phrase makes the judgement one of a lack
      ("guarantees would be meaningless without US participation");
    * the agent of a passive verb of harm ("security threatened by the launch of the
      pipeline"), or of one of causing whose subject or noun is bad ("the war was caused
      by", "threats caused by its launch");
    * the clause a linking verb's "it" stands for ("it was insane to suggest ceding");
    * the complement of a linking verb whose subject is bad ("a red flag is admission");
    * what is called, seen or considered bad, active or passive ("called the sanctions
      illegal", "dismissed X as provocations", "would be considered an intervention")
      -- not where the verb is itself one of lessening, which turns it over once.
    """
    dep = prev.dep_
    link = pred.lemma_.lower() in LINKING
    if dep == "prep" and prev.lower_ == "of" and pred.pos_ == "NOUN" and _bad_judgement_on(pred) == pred.i:
        return True  # "their assessment of Nord Stream 2 as a security threat"
    if dep == "prep" and prev.lower_ in ("at", "on") and any(c.dep_ == "dobj" and _bad(c) for c in children(pred)):
        return True  # "drew a red line at ceding territory": what the bad object is set against
    if dep in ("nsubj", "nsubjpass", "csubj", "csubjpass"):
        if lemma(pred) in HARM or _bad_outcome(pred) or (pred.dep_ == "ccomp" and lemma(pred.head) in COMPLAIN):
            return True  # "complained that sanctions were restricting its exports": one turn
        if dep in ("nsubj", "csubj") and _warned_effect(pred):
            return True  # "warned that easing sanctions would hand Putin a victory" (entry 332)
        bad = [c for c in children(pred) if c.dep_ in ("acomp", "attr", "oprd") and _bad(c)]
        if link and bad and not any(c.dep_ == "prep" and c.lower_ == "without" for k in [pred, *bad] for c in children(k)):
            return True  # not "guarantees would be meaningless without US participation": what it lacks is wanted
    if dep == "agent" and (lemma(pred) in HARM or pred.lemma_.lower() in CAUSE and (
            (pred.dep_ in ("relcl", "acl") and _bad(pred.head))
            or any(c.dep_ == "nsubjpass" and _bad(c) for c in children(pred)))):
        return True  # "threatened by the launch", "threats caused by its launch", "the war was caused by"
    if link and dep in ("xcomp", "ccomp") and any(
            c.dep_ in ("expl", "nsubj") and c.lower_ == "it" for c in children(pred)):
        return any(c.dep_ in ("acomp", "attr") and _bad(c) for c in children(pred))
    if link and dep == "attr":
        return any(c.dep_ == "nsubj" and _bad(c) for c in children(pred))
    if dep in ("dobj", "nsubjpass") and lemma(pred) in NAMING and any(
            w.i > prev.i and w.dep_ in ("dobj", "oprd", "attr", "appos") and _bad(w) for w in subtree(pred)):
        return True
    if dep in ("dobj", "nsubjpass") and lemma(pred) not in LESSEN and not link:
        for c in children(pred):
            if c.dep_ in ("oprd", "xcomp", "ccomp", "acomp", "attr") and c.i > prev.i and _bad(c):
                return True
            if c.dep_ == "prep" and c.lower_ == "as" and any(_bad(g) for g in children(c)):
                return True
        last = max(subtree(prev), key=lambda w: w.i)  # "called any easing of sanctions unacceptable":
        if (dep == "dobj" and lemma(pred) in ("call", "consider", "deem", "find") and last.dep_ == "amod"
                and last.i > last.head.i and _bad(last)):  # the parser hung the judgement on the last noun
            return True
    return False


def is_question(sent: Span) -> bool:
    text = sent.text.rstrip().rstrip("\"'”’»)")
    return text.endswith("?")


#: possessive pronouns that stand for a clause's subject ("Zelensky dropped his demand")
_OWN = frozenset({"his", "her", "its", "their"})


def owned_by_predicate(verb: Token, prev: Token) -> bool:
    """Whether ``verb`` says whose its subject ``prev`` is: "Crimea belongs to Russia",
    "Crimea is Russian", "the regions are part of Russia", "Crimea is Ukraine". The owner
    (:meth:`.holders.HolderRules._agent`) keeps it, as a verb of retaining's subject does
    (entry 316)."""
    if prev.dep_ != "nsubj" or prev.head.i != verb.i:
        return False
    lem = verb.lemma_.lower()
    if lem == "belong":
        return any(c.dep_ == "prep" and c.lower_ == "to" for c in children(verb))
    return lem in ("be", "remain", "become") and any(c.dep_ in ("attr", "acomp") for c in children(verb))


def conditional_holder(holder: Token | None) -> bool:
    """Whether the holder is the subject of an if, unless, whether or until clause, or an
    own-pronoun possessor of that subject's or object's noun ("... until Ukraine abandons
    its NATO ambitions"): a supposition or a condition, not a stance (entry 312)."""
    if holder is None:
        return False
    v = holder.head
    if holder.dep_ == "poss" and holder.lower_ in _OWN and v.dep_ in ("dobj", *_SUBJ):
        v = v.head
    elif holder.dep_ not in _SUBJ:
        return False
    return v.dep_ == "advcl" and condition_clause(v)


#: words that mark a clause as a condition ("if", "unless", "once", "provided"); "when" and
#: "after" do with "only" ("only when Ukraine renounces ..."), "as" after "soon" or "long"
CONDITION_MARKS = frozenset({"if", "unless", "whether", "until", "till", "once", "provided", "providing"})


def condition_clause(v: Token) -> bool:
    """Whether the adverbial clause ``v`` is a condition or supposition (entries 312, 331):
    "if", "unless", "once" ..., "only when", "only after", "as soon as", "as long as"."""
    kids = children(v)
    if any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in kids):
        return True
    subs = [c for c in kids if c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "after")]
    if subs and any(o.dep_ == "advmod" and o.lower_ == "only" for k in (v, *subs) for o in children(k)):
        return True
    return (v.head.lower_ in ("soon", "long") and any(c.dep_ == "mark" and c.lower_ == "as" for c in kids))


def _own_stance_given_up(holder: Token, stop: Token) -> Token:
    """Where the holder is a possessive pronoun on the noun ``stop`` and that noun is what a
    verb of lessening or giving up acts on ("Zelensky dropped his demand for NATO
    membership", "Moscow withdrew its objection to the extension", "his demand was
    dropped"): that verb, the holder's own act on its stance, so the path from the keyword
    turns over at it. A possessor named by name ("dropped Russia's demand") may be
    another's, and stays the stop; so does one whose giving up another asks for ("wants
    Kyiv to give up its NATO ambitions": Kyiv's ambitions stand)."""
    from .holders import demanded  # holders reads this module; asked of one verb, here

    verb = stop.head
    if (holder.dep_ == "poss" and holder.lower_ in _OWN and holder.head.i == stop.i
            and stop.dep_ in ("dobj", "nsubjpass") and verb.pos_ in ("VERB", "AUX")
            and (lemma(verb) in LESSEN or lemma(verb) in CONCEDE or stance_change(verb, stop)) and not demanded(verb)):
        return verb
    return stop


#: nouns that name a stance and no side of it ("its stance on", "his position on")
NEUTRAL_STANCE = frozenset({"stance", "position", "line", "tone", "rhetoric", "approach", "posture",
                            "attitude", "view", "stand"})
#: verbs of changing such a stance: toward the thing it is on, or away from it
SOFTEN = frozenset({"soften", "relax", "moderate", "temper"})
HARDEN = frozenset({"harden", "toughen", "stiffen"})


def stance_change(verb: Token, noun: Token) -> int:
    """+1 where ``verb`` softens the side-less stance ``noun`` is its object ("Kyiv softened
    its stance on territorial concessions": toward them), -1 where it hardens it ("hardened
    its position on sanctions relief": against it), 0 otherwise (entry 338)."""
    if noun.dep_ not in ("dobj", "nsubjpass") or noun.lemma_.lower() not in NEUTRAL_STANCE:
        return 0
    low = verb.lemma_.lower()
    return 1 if low in SOFTEN else (-1 if low in HARDEN else 0)


def claim_stop(sent: Span, holder: Token | None, key: Token) -> Token:
    """The predicate the holder's stance on ``key`` is read up to: the lowest word holder and
    keyword both hang from (the holder's own head where that is the holder), or the holder's
    own act on its stance (:func:`_own_stance_given_up`); the sentence's root without a holder."""
    if holder is None:
        return sent.root
    stop = lca(holder, key)
    if stop.i == holder.i:
        stop = holder.head
    return _own_stance_given_up(holder, stop)


def no_claim(sent: Span, holder: Token | None, key: Token | None) -> str | None:
    """Why the sentence makes ``holder`` no claim at all on what ``key`` names, or None: a
    question, or a negated saying between the keyword and the holder's predicate ("did not
    say he would cut aid"). :func:`read` reads these as no claim; here they hold whichever
    decider reads the sentence (entry 364). Not what :func:`read` also withholds where
    another reading may stand for the same actor: a whether-clause ("the question is not
    whether aid continues but on what terms" makes a claim), a denial ("Zelensky denied
    reports that Kyiv was ready to cede territory": Zelensky's own stance, read through the
    denial), a holder only in a condition ("once Trump ..., his administration will ...")."""
    if is_question(sent):
        return "a question"
    if key is None:
        return None
    stop = claim_stop(sent, holder, key)
    t = key
    for _ in range(14):
        if t.i == stop.i or t.head.i == t.i:
            break
        prev, t = t, t.head
        if prev.dep_ in ("ccomp", "parataxis") and lemma(t) in SPEECH and _negated(t):
            return "a negated saying"
    return None


def read(sent: Span, holder: Token | None, hits: list[tuple[tuple[str, ...], Token]], sign: dict,
         high_words: set[str], low_words: set[str],
         agent_of: Callable[[Token], str | None] | None = None,
         poles: PoleAgents | None = None) -> Reading:
    """The direction a sentence gives ``holder`` on one issue (module docstring)."""
    if is_question(sent):
        return Reading(0, False, ["a question"])
    if conditional_holder(holder):
        return Reading(0, False, ["the holder only in a condition"])
    key = hits[0][1]
    stop = claim_stop(sent, holder, key)
    if holder is not None and _claim_withheld(stop):
        return Reading(0, False, ["a claim asked about or denied, not made"], withheld=True)
    score = 0
    reasons = []
    sided = void = False
    kw_tokens: set[int] = set()
    own_verbs = _sided_verbs(sign)
    topics: set[tuple[str, ...]] = set()  # keywords only discussed (:func:`_discussed`)
    for ph, tok in hits:
        span = phrase_span(tok, ph)
        kw_tokens.update(span)
        if holder is not None and not _under(tok, stop):
            continue
        if _discussed(tok, stop):
            topics.add(ph)  # "discussed the implementation of the Minsk agreements": the topic, no side
            continue
        s0 = 0 if " ".join(ph) in TOPIC else sign.get(ph, 0)  # a topic's word takes no side, whatever the case says
        if poles is not None and agent_of is not None and poles.is_held(ph) and not _pole_act(lemma(tok)):
            # a holding the poles name, had by whoever does the word it hangs on: "Putin
            # wants Crimea" is Russia keeping it, whatever pole the word is written in (entry 370)
            s0 = poles.holding(ph, agent_of(tok.head)) or s0
        # a signed keyword's own words are read in its sign; an unsigned one's ("withdraw
        # troops") on the path, where a concession among them decides it
        top = _phrase_top(tok, span) if s0 else tok
        s, decided = path_sign(top, stop, agent_of, poles, s0 or 1, own_verbs,
                               frozenset(span) if s0 else frozenset())
        if s and framing(ph, s0) and _acted_against(top):
            s = s0  # "demanded an end to the illegal sanctions": what is done to it, done in its judgement (entry 347)
        if s == 0:
            void = True  # "did not say he would ...", "to test whether ...": no claim made
            continue
        if decided or s0:
            score += 2 * s
            sided = True
            reasons.append(f"{' '.join(ph)}: {'+' if s > 0 else '-'}")
    # words of one pole in the same clause
    for t in (subtree(stop) if holder is not None else sent):
        if t.i in kw_tokens or t.is_stop or t.pos_ not in ("NOUN", "VERB", "ADJ") or t.lemma_.lower() in TOPIC or (
                holder is not None and _under(t, holder)):
            continue
        forms = (t.lower_, t.lemma_.lower())
        w = 1 if any(f in high_words for f in forms) else (-1 if any(f in low_words for f in forms) else 0)
        if w:
            s, _ = path_sign(t, stop, None, None, w, own_verbs)
            if s == 0:
                continue
            score += s
            sided = True
            reasons.append(f"{t.lower_}: {'+' if s > 0 else '-'}")
    topic_only = all(" ".join(ph) in TOPIC or ph in topics for ph, _ in hits)
    if topic_only and not sided:
        return Reading(0, False, ["a topic, no side"])
    if void and not score:
        return Reading(0, False, ["no claim made (a negated saying, a whether-clause)"])
    if holder is not None and _neither_holder(holder) and not any(_under(tok, holder) for _, tok in hits):
        return Reading(-score, True, reasons + ["neither ... nor: the holder's clause denied"])
    noun = despite_noun(holder, stop) if holder is not None else None
    if noun is not None:  # what the holder asked for or warned against, whether or not it was done
        turn = (-1 if _negated(stop) else 1) * (-1 if opposing(noun) else 1)
        return Reading(turn * score, True, reasons + ["despite the holder's " + noun.lower_])
    return Reading(score, True, reasons)


def _acted_against(top: Token) -> bool:
    """Whether the word a keyword's phrase hangs on as its object (a verb's object or
    passive subject, or a preposition's object through it) ends, lessens, fights or
    condemns the thing the keyword names ("an end to", "lifting", "condemned", "counter");
    not a noun of saying that reports another's words ("talk of illegal sanctions")."""
    if top.dep_ in ("dobj", "nsubjpass"):
        gov = top.head
    elif top.dep_ == "pobj" and top.head.dep_ == "prep":
        gov = top.head.head
    else:
        return False
    return bool({lemma(gov), gov.lower_} & (LESSEN | COMPLAIN | COMBAT))


def framing(ph: tuple[str, ...], sign: int) -> bool:
    """Whether a signed keyword names a thing by judging it ("illegal sanctions",
    "illegitimate recognition"): a word of :data:`BAD` opens it. Its sign is the judgement,
    so one who ends, lifts, condemns or counters the thing so named shares that judgement
    and is not turned against it, as a keyword naming the thing plainly would be
    (entry 347)."""
    return bool(sign) and len(ph) > 1 and ph[0] in BAD


def despite_noun(holder: Token, stop: Token) -> Token | None:
    """The noun of a "despite" phrase on ``stop`` that names the holder ("the allies have
    never shipped tanks, despite repeated requests from Ukraine", "despite Russia's
    warnings"): the holder asked for or warned against what ``stop`` says; the negation of
    ``stop`` is the doer's, not the holder's (entry 319)."""
    t = holder
    for _ in range(6):
        if t.head.i == t.i or t.i == stop.i:
            return None
        if t.head.i == stop.i:
            if t.dep_ == "prep" and t.lower_ in ("despite", "notwithstanding"):
                return next((c for c in children(t) if c.dep_ == "pobj" and c.pos_ == "NOUN"), None)
            return None
        t = t.head
    return None


def opposing(noun: Token) -> bool:
    """Whether a noun says its holder is against what it is about ("warnings", "objections",
    "protests") rather than for it ("requests", "pleas")."""
    low = noun.lemma_.lower()
    return low in LESSEN or low in COMPLAIN or low in THREAT


def _neither_holder(holder: Token) -> bool:
    """Whether the holder opens a "neither ... nor" subject ("Neither Washington nor Brussels
    wants to lift sanctions"): the negation is its verb's, though it hangs on the
    subject, and turns what the verb says, not what is said of the subject itself
    ("neither Russia, still demanding Donbas land, nor Ukraine ..."; entry 314)."""
    return holder.dep_ in _SUBJ and any(c.dep_ in ("det", "preconj") and c.lower_ == "neither"
                                        for c in children(holder))


def _sided_verbs(sign: dict) -> dict[str, int]:
    """The words of lessening the issue's signed keywords of two words or more begin with,
    each with its keyword's sign where all such keywords agree ("freeze the conflict",
    "freeze fighting": freeze, up); not a concession, whose side is whose it is."""
    out: dict[str, int] = {}
    for ph, s in sign.items():
        if len(ph) > 1 and s and ph[0] in LESSEN and ph[0] not in CONCEDE and ph[0] not in RETAIN:
            out[ph[0]] = s if out.get(ph[0], s) == s else 0
    return {w: s for w, s in out.items() if s}


def phrase_span(last: Token, ph: tuple[str, ...]) -> list[int]:
    """The places of keyword ``ph``'s words ending at ``last``: contiguous, or with the
    gaps :func:`.stance.match_keywords` allows ("pulled out of the grain agreement" for
    "pulled out of the agreement"), found back from ``last`` word by word; ``last`` alone
    where they are not there (a keyword named again by its head noun, entry 321)."""
    doc = last.doc
    at = [last.i]
    lo = tree.sent(last).start
    for w in reversed(ph[:-1]):
        k = at[-1] - 1
        while k >= lo and not same_word(doc[k].lower_, w) and at[-1] - k <= MAX_GAP + 1:
            k -= 1
        if k < lo or not same_word(doc[k].lower_, w):
            return [last.i]  # a keyword named by its head alone ("the deal" for "the grain deal": entry 321)
        at.append(k)
    return at[::-1]


def _phrase_top(last: Token, span: list[int]) -> Token:
    """The word of a keyword (its tokens at ``span``, ending at ``last``) that the rest hang
    from: a signed keyword's path starts there, so its own words ("restrictions on the use",
    "excluding Ukraine from NATO") are read once, in its sign, and not again on the way up."""
    inside = set(span)
    t = last
    for _ in range(len(span)):
        if t.head.i not in inside or t.head.i == t.i:
            return t
        t = t.head
    return t


def _under(t: Token, top: Token) -> bool:
    """Whether ``t`` is ``top`` or hangs from it (:func:`.tree.under`: no walk up the heads)."""
    return tree.under(t, top)

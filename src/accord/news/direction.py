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
  drops its NATO bid") is what the holder asks for: kept.

The signs are summed, a keyword's counting twice a pole word's. A question, a word that
names a topic and no side (``topic.txt``: a ceasefire, talks) alone, or the holder's
verb in an if-clause ("if Ukraine cedes land, ...") give no stance. Only the words
below the holder's predicate count: another clause's words are another stance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from spacy.tokens import Span, Token

from . import lexicon, tree
from .attribution import SPEECH
from .tree import children, subtree

LESSEN = lexicon.words("lessen") | lexicon.words("refuse")
NEGATORS = lexicon.words("negators")
TOPIC = lexicon.words("topic")
CONCEDE = lexicon.words("concede")
RETAIN = lexicon.words("retain")
THREAT = lexicon.words("threat")
HARM = lexicon.words("harm")
BAD = lexicon.words("bad")
#: intransitive verbs of ending whose subject is what ends ("aid ends", "sanctions expire")
ENDING = frozenset({"end", "stop", "expire", "lapse", "halt", "cease", "dwindle", "shrink", "decline",
                    "fall", "drop", "dry", "wane", "collapse", "fade"})
#: prepositions that take what is given up or kept ("withdraw from", "control of", "hold on to")
_OF_HELD = frozenset({"from", "of", "over", "on", "to"})
#: how a lessened thing hangs on the word lessening it: its object, complement or compound
#: ("cut aid", "refuse to send", "aid cuts"), or a preposition of what is lessened ("the
#: end of aid", "limits on strikes", "opposition to"); not "a freeze along the front line"
_GOVERNED = frozenset({"dobj", "xcomp", "ccomp", "pcomp", "compound", "nsubjpass", "attr", "oprd", "amod", "dep", "acl"})
_LESSENED_BY = frozenset({"of", "on", "to", "for", "against", "over", "with"})
_SUBJ = ("nsubj", "nsubjpass", "csubj", "csubjpass", "expl")


@tree.per_token
def lemma(t: Token) -> str:
    """The token's lemma, with its particle where it has one ("give up", "rule out")."""
    low = t.lemma_.lower()
    for c in children(t):
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in _PARTICLES and c.i == t.i + 1):
            return f"{low} {c.lower_}"
    return low


#: adverbs the parser may attach as advmod that make a phrasal verb ("trade away")
_PARTICLES = frozenset({"away", "back", "over", "up", "out", "off", "down"})


@tree.per_token
def _negated(t: Token) -> bool:
    return any((c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "preconj") and c.lower_ in NEGATORS))
               for c in children(t))


@tree.per_token
def _asks_whether(t: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "whether" for c in children(t))


@dataclass
class PoleAgents:
    """Whose concession each end of an issue is, read from its pole descriptions."""

    up: frozenset[str] = frozenset()  # actors whose concession moves the issue up
    down: frozenset[str] = frozenset()

    def of(self, actor: str | None) -> int:
        if actor is None:
            return 0
        return (actor in self.up) - (actor in self.down)


@dataclass
class Reading:
    score: int  # > 0 up, < 0 down, 0 unsettled
    stance: bool  # whether the sentence gives the holder a stance at all
    reasons: list[str] = field(default_factory=list)


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


def path_sign(tok: Token, stop: Token, agent_of: Callable[[Token], str | None] | None = None,
              poles: PoleAgents | None = None, sign: int = 1) -> tuple[int, bool]:
    """``sign`` as the words from ``tok`` up to ``stop`` (inclusive) leave it, and whether
    a concession on the path decided it (then ``sign`` is ignored)."""
    s = sign
    if _negated(tok):
        s = -s
    for c in children(tok):  # "reduced aid", "sanctions relief": a lessening modifier
        if c.dep_ in ("amod", "compound") and lemma(c) in LESSEN:
            s = -s
    if _judged_bad(tok):
        s = -s
    prev, t = tok, tok
    decided = False
    for _ in range(14):
        if t.i == stop.i or t.head.i == t.i:
            break
        prev, t = t, t.head
        lem = lemma(t)
        if poles is not None and agent_of is not None and (lem in CONCEDE or lem in RETAIN) and (
                prev.dep_ in ("dobj", "nsubjpass", "attr") or prev.dep_ == "prep" and prev.lower_ in _OF_HELD):
            side = poles.of(agent_of(t))
            if side:
                s = side if lem in CONCEDE else -side
                decided = True
                if _negated(t):
                    s = -s
                continue
        if lem in LESSEN or lem in CONCEDE or t.lower_ in LESSEN:  # a concession no pole names: a lessening
            if prev.dep_ in ("nsubj", "csubj"):
                if lem in ENDING and not any(c.dep_ == "dobj" for c in children(t)):
                    s = -s  # "aid ends"
            elif prev.dep_ in _GOVERNED or prev.dep_ == "prep" and prev.lower_ in _LESSENED_BY or (
                    prev.dep_ == "nsubjpass" and lem in ENDING):
                s = -s
        elif prev.dep_ == "nsubjpass" and lem in ENDING:
            s = -s
        if prev.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "if" for c in children(prev)) and (
                lem in THREAT or lemma(stop) in THREAT):
            s = -s  # the condition of a threat is what its maker opposes
        if _asks_whether(t) and t.i != stop.i:
            return 0, True  # "to test whether air defences can stop it": a question, no side
        if prev.dep_ in ("nsubj", "nsubjpass") and _judged_bad(prev, t):
            s = -s  # "sanctions were hurting Europe", "the sanctions are illegal"
        if t.pos_ == "ADP" and t.lower_ in ("without", "against"):
            s = -s
        elif _negated(t) and prev.dep_ != "conj":  # "did not say X, but demanded Y": Y is not negated
            if lem in SPEECH and prev.dep_ in ("ccomp", "parataxis"):
                return 0, True  # "did not say he would cut aid": no claim either way
            s = -s
    return s, decided


def _judged_bad(tok: Token, pred: Token | None = None) -> bool:
    """Whether ``tok`` is judged bad: the object of "call/label/describe ... X illegal"
    (the judgement its predicate complement), or (with ``pred``, the predicate it is the
    subject of) the subject of a verb of harm or of a copula with a word of :data:`BAD`."""
    if pred is None:
        if tok.dep_ != "dobj" or lemma(tok.head) in LESSEN:  # "dismissed X as provocations": one turn, not two
            return False
        v = tok.head
        return any(c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") and c.lemma_.lower() in BAD for c in children(v)) or any(
            c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_.lower() in BAD or any(
                a.lemma_.lower() in BAD for a in children(g)) for g in children(c)) for c in children(v))
    if lemma(pred) in HARM:
        return True
    return pred.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") and (c.lemma_.lower() in BAD or any(
        a.dep_ == "amod" and a.lemma_.lower() in BAD for a in children(c))) for c in children(pred))


def is_question(sent: Span) -> bool:
    text = sent.text.rstrip().rstrip("\"'”’»)")
    return text.endswith("?")


def conditional_holder(holder: Token | None) -> bool:
    """Whether the holder is the subject of an if/unless clause: a supposition, not a stance."""
    if holder is None:
        return False
    v = holder.head
    return holder.dep_ in _SUBJ and v.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether") for c in children(v))


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
    stop = lca(holder, key) if holder is not None else sent.root
    if holder is not None and stop.i == holder.i:
        stop = holder.head
    score = 0
    reasons = []
    sided = void = False
    kw_tokens: set[int] = set()
    for ph, tok in hits:
        kw_tokens.update(range(tok.i - len(ph) + 1, tok.i + 1))
        if holder is not None and not _under(tok, stop):
            continue
        s0 = 0 if " ".join(ph) in TOPIC else sign.get(ph, 0)  # a topic's word takes no side, whatever the case says
        s, decided = path_sign(tok, stop, agent_of, poles, s0 or 1)
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
            s, _ = path_sign(t, stop, None, None, w)
            if s == 0:
                continue
            score += s
            sided = True
            reasons.append(f"{t.lower_}: {'+' if s > 0 else '-'}")
    topic_only = all(" ".join(ph) in TOPIC for ph, _ in hits)
    if topic_only and not sided:
        return Reading(0, False, ["a topic, no side"])
    if void and not score:
        return Reading(0, False, ["no claim made (a negated saying, a whether-clause)"])
    return Reading(score, True, reasons)


def _under(t: Token, top: Token) -> bool:
    """Whether ``t`` is ``top`` or hangs from it (:func:`.tree.under`: no walk up the heads)."""
    return tree.under(t, top)

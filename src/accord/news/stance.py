"""What a sentence says about an issue: keywords, anchors, act, hedging.

* Issue: the case's issue keywords, matched on lower-cased tokens (:func:`match_keywords`).
* Signs: each keyword gets a sign from the issue's own words (:func:`build_lexicons`):
  declared (``keywords_up``/``_down``), else "more of it" is up where the word stands in
  the ``high`` text or the upper anchors without a word of lessening, and down in the
  lower ones. The words found only in one pole's descriptions are kept as that pole's
  words. How a sentence turns these signs into a direction is :mod:`.direction`.
* Anchors: a sentence that covers enough of an anchor's words is given that anchor's value
  as ``position`` (:func:`anchor_position`).
* Act: the governing verb mapped to PLOVER's verbal event types (Schrodt 2021:
  say/claim/deny/demand/propose/agree/reject/threaten/promise/support/oppose/accuse/report).
* Hedged: the author's guess, not a report -- a modal (might, could, would, may, will),
  "likely", "if", "is expected to", or speculation words ("analysts", "concerns that").

Word lists are data: ``lexicons/*.txt`` and ``acts.json`` (:mod:`.lexicon`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from spacy.tokens import Span, Token

from . import lexicon
from .attribution import SPEECH
from .tree import children, phrasal_lemma

#: words of lessening / ending / opposing: they turn the sign of what they govern over
LESSEN = lexicon.words("lessen")
#: words of giving up a thing: a keyword that names such an act ("withdraw from Ukraine",
#: "troops withdraw") is the concession of whoever does it, so its side is its doer's
#: (direction.PoleAgents), never one a pole's description gives its words
CONCEDE = lexicon.words("concede")
#: modals and words of the author's speculation
HEDGE_WORDS = lexicon.words("hedge")
#: governing lemmas -> PLOVER-aligned act
ACTS = lexicon.mapping("acts")
#: nouns whose possessor holds a stance ("Putin's demand", "Trump's opposition to ...")
STANCE_NOUNS = lexicon.words("stance_nouns")

#: verbs by which an actor wants, says or does something about an issue
WILLING = lexicon.words("willing")
#: verbs of judging what another wants or did ("condemned Russia's decision to ..."): stance
#: verbs, whose subject holds a stance on what they judge (:meth:`.extract.Extractor._judge_of`)
JUDGE = lexicon.words("judge")
STANCE_VERBS = frozenset(ACTS) | frozenset(SPEECH) | LESSEN | lexicon.words("stance_verbs") | JUDGE
#: verbs that take a side with "behind" (lexicons/behind.txt): a stance word only with it
BEHIND = lexicon.words("behind")


def stance_word(t: Token, deeds: bool = True) -> bool:
    """Whether ``t`` is a word of wanting, saying or doing (verb) or a stance noun.

    ``deeds=False`` leaves out the bare deeds of lessening ("freeze", "cut"), which may
    stand inside a proposal's content.
    """
    low = t.lemma_.lower()
    if t.pos_ == "ADJ" and low in WILLING:  # "is willing to", "is ready for"
        return True
    if t.pos_ in ("VERB", "AUX"):
        if not deeds and low in LESSEN and low not in ACTS and low not in SPEECH:
            return False
        if low in BEHIND and any(c.dep_ == "prep" and c.lower_ == "behind" for c in children(t)):
            return True  # "threw its weight behind the plan", "stood behind Kyiv's bid"
        return low in STANCE_VERBS or phrasal_lemma(t) in STANCE_VERBS  # "pulled out of the deal"
    return low in STANCE_NOUNS or t.lower_ in STANCE_NOUNS


_WORD = re.compile(r"[a-z][a-z0-9\-’']+")


_KEY_TOKEN = re.compile(r"[a-z0-9](?:[a-z0-9\-]|\.(?=[a-z0-9]))*\.?|['’]s\b")


def keyword_tokens(keyword: str) -> tuple[str, ...]:
    """A keyword as the lower-cased tokens spaCy gives the same words in a sentence:
    "U.S. weapons" -> ("u.s.", "weapons"), "NATO's open door" -> ("nato", "'s", "open",
    "door"), "1991 borders" -> ("1991", "borders")."""
    return tuple(_KEY_TOKEN.findall(keyword.lower())) or (keyword.lower(),)


def _lemmas(text: str) -> set[str]:
    """Crude lemmas of a description (lower case, plural s dropped)."""
    out = set()
    for w in _WORD.findall(text.lower()):
        out.add(w)
        if w.endswith("s") and len(w) > 4:
            out.add(w[:-1])
    return out


_STOP = {"the", "and", "of", "to", "in", "on", "with", "its", "it", "a", "an", "or", "for", "all", "any", "is",
         "are", "be", "by", "that", "this", "as", "at", "from", "ukraine", "russia", "ukraine's", "russia's",
         "us", "western", "part", "only", "rest", "plus", "e.g", "for", "example", "about", "near", "today's"}


@dataclass
class IssueLexicon:
    id: str
    phrases: list[tuple[str, ...]]  # keyword token sequences, lower case
    sign: dict[tuple[str, ...], int]  # +1: more of it is up; -1: down; 0 unknown
    high_words: set[str]
    low_words: set[str]
    #: each anchor's value and its words, each word as the forms it may take in a sentence
    anchors: list[tuple[float, list[frozenset[str]]]] = field(default_factory=list)
    mid: float = 50.0
    #: first word -> (rank, keyword), rank 0 the longest keyword (ties in the lexicon's
    #: order): the order keywords are taken in
    by_first: dict[str, list[tuple[int, tuple[str, ...]]]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_first = {}
        for rank, ph in enumerate(sorted(self.phrases, key=len, reverse=True)):
            self.by_first.setdefault(ph[0], []).append((rank, ph))


def _forms(w: str) -> set[str]:
    """A word of a description as written and without a plural s ("caps": "cap")."""
    return {w, w[:-1]} if w.endswith("s") and len(w) > 3 else {w}


#: what parts a description: a lessening in one part is not of another's words ("a cap
#: (about 85,000 troops) and bans on heavy weapons", "no limits on X, Western arms keep flowing")
_PARTS = re.compile(r"[,;:()]| and ")


def _polarity(word: str, text: str) -> int:
    """-1 where a description speaks of ``word`` lessened, else 1: in the part of it where
    the word first stands, the words of lessening before it turn it over each ("strict caps on Ukraine's army": once; "no limits on
    Ukraine's forces": twice, so forces is the thing itself), as does the word itself where
    it is one ("Russia withdraws ..." for "withdraw"); with none before it, one
    after it turns it over once ("US aid ends")."""
    want = {word, word[:-1]} if word.endswith("s") else {word}
    for part in _PARTS.split(text.lower()):
        words = _WORD.findall(part)
        at = next((i for i, w in enumerate(words) if _forms(w) & want), None)
        if at is not None:
            break
    else:
        return 1
    lessening = [bool(_forms(w) & LESSEN) for w in words]
    before = sum(lessening[:at + 1])  # a word of lessening itself counts ("troops withdraw")
    if before:
        return -1 if before % 2 else 1
    return -1 if any(lessening[at + 1:]) else 1


def _head_word(toks: tuple[str, ...]) -> str:
    """The word of a keyword whose sign the poles' descriptions give: its last word, passing
    over a number or sign that ends it ("Nord Stream 2": stream; "Article 5" has none)."""
    return next((t for t in reversed(toks) if _WORD.fullmatch(t)), toks[-1])


def _names_concession(toks: tuple[str, ...]) -> bool:
    """Whether an undeclared keyword names an act of giving up ("withdraw from Ukraine",
    "troops withdraw"): its side is its doer's, read on the path (entry 331); the last word
    ("Ukraine") is no head to take a pole's side from."""
    return any(_forms(w) & CONCEDE for w in toks)


def _side_sign(word: str, texts: list[tuple[str, int]]) -> int:
    """The end of the scale ``word`` names: each description it stands in counts its end,
    turned over where it speaks of the word lessened (:func:`_polarity`)."""
    s = 0
    for text, end in texts:
        lem = _lemmas(text)
        if word in lem or (word.endswith("s") and word[:-1] in lem):
            s += end * _polarity(word, text)
    return (s > 0) - (s < 0)


#: an anchor is read from a sentence only where it shares this many of the anchor's words
#: ("keeping Crimea" shares two with "Russia keeps Crimea only" and says nothing of the 25)
MIN_ANCHOR_WORDS = 3


def _anchor_words(text: str, lemmatize: Callable[[str], list[set[str]]] | None) -> list[frozenset[str]]:
    """An anchor's content words, each with its forms (as written, lemma, singular), once."""
    if lemmatize is not None:
        forms = [f - _STOP for f in lemmatize(text)]
    else:
        forms = [{w, w[:-1]} if w.endswith("s") and len(w) > 4 else {w} for w in _WORD.findall(text.lower())]
    out: list[frozenset[str]] = []
    for f in forms:
        word = frozenset(x for x in f if x not in _STOP)
        if word and not any(word & g for g in out):
            out.append(word)
    return out


def build_lexicons(vocab: Any, tokenize: Callable[[str], tuple[str, ...]] | None = None,
                   lemmatize: Callable[[str], list[set[str]]] | None = None) -> list[IssueLexicon]:
    """One :class:`IssueLexicon` per issue of ``vocab`` (a :class:`.vocab.Vocabulary`).

    ``tokenize`` splits a keyword into lower-cased tokens the way the sentences are split
    (the extractor passes its spaCy tokenizer: "long-range" is three tokens there);
    :func:`keyword_tokens` stands in without one. ``lemmatize`` gives each word of an
    anchor's text its forms (the extractor's pipeline: "frozen" is also "freeze")."""
    tokenize = tokenize or keyword_tokens
    out = []
    for issue in vocab.issues:
        issue_anchors = dict(issue.anchors)
        lo, hi = issue.scale
        mid = (lo + hi) / 2
        texts = [(issue.low, -1), (issue.high, 1)]
        for v, t in issue_anchors.items():
            if v != mid:
                texts.append((t, 1 if v > mid else -1))
        low_w = set().union(*[_lemmas(t) for t, e in texts if e < 0]) - _STOP
        high_w = set().union(*[_lemmas(t) for t, e in texts if e > 0]) - _STOP
        phrases, sign = [], {}
        declared = {k: 1 for k in issue.keywords_up} | {k: -1 for k in issue.keywords_down}
        for k in issue.all_keywords:
            toks = tokenize(k)
            if toks in sign:
                continue
            phrases.append(toks)
            sign[toks] = declared.get(k, 0) or (0 if _names_concession(toks) else _side_sign(_head_word(toks), texts))
        anchors = [(float(v), _anchor_words(t.split(":")[0].split("(")[0], lemmatize)) for v, t in issue_anchors.items()]
        topic = {w for ph in phrases for w in ph}  # "military", "financial" name the topic, not a side
        high_w, low_w = high_w - topic, low_w - topic
        out.append(IssueLexicon(issue.id, phrases, sign, high_w - low_w - LESSEN, low_w - high_w - LESSEN,
                                [a for a in anchors if len(a[1]) >= MIN_ANCHOR_WORDS], mid))
    return out


def word_positions(words: list[str]) -> dict[str, list[int]]:
    """Each lower-cased word of a sentence -> the positions it stands at, ascending."""
    pos: dict[str, list[int]] = {}
    for i, w in enumerate(words):
        pos.setdefault(w, []).append(i)
    return pos


def match_keywords(sent: Span, lex: IssueLexicon, words: list[str] | None = None,
                   positions: dict[str, list[int]] | None = None) -> list[tuple[tuple[str, ...], Token]]:
    """(keyword, its last token) for each keyword found in the sentence, longest first.

    Keywords are taken greedily, longest first (ties in the lexicon's order), each at
    every place it stands that no longer keyword already took. ``words`` (the sentence's
    lower-cased tokens) and ``positions`` (:func:`word_positions` of them) may be passed
    when several lexicons are matched against one sentence; only the places where a
    keyword's first word stands are tried.
    """
    if words is None:
        words = [t.lower_ for t in sent]
    if positions is None:
        positions = word_positions(words)
    found = []
    taken: set[int] = set()
    n_words = len(words)
    by_first = lex.by_first
    candidates = sorted(c for w in positions if w in by_first for c in by_first[w])
    for _, ph in candidates:
        starts = positions[ph[0]]
        n = len(ph)
        for i in starts:
            if i + n > n_words:
                break
            if (n == 1 or tuple(words[i:i + n]) == ph) and not any(j in taken for j in range(i, i + n)):
                if n > 1 and _owner_cut(words, i + n - 1, ph):
                    continue
                taken.update(range(i, i + n))
                found.append((ph, sent[i + n - 1]))
            elif n > 1 and i not in taken:
                at = _gapped(words, i, ph, taken)
                if at is not None and not _owner_cut(words, at[-1], ph):
                    taken.update(at)
                    found.append((ph, sent[at[-1]]))
    return found


_POSSESSIVE = frozenset({"'s", "’s"})


def _owner_cut(words: list[str], last: int, ph: tuple[str, ...]) -> bool:
    """Whether a keyword of several words ends on a possessor in the sentence: "support for
    Ukraine" in "support for Ukraine's sovereignty" names another thing, Ukraine's (entry 367)."""
    return last + 1 < len(words) and words[last + 1] in _POSSESSIVE and ph[-1] not in _POSSESSIVE


#: the most words a keyword may have between two of its own ("missiles hundreds of miles
#: into Russia" is "missiles into Russia"), and the tokens no gap may cross
MAX_GAP = 3
_GAP_STOPS = {",", ";", ":", ".", "—", "–", "(", ")", "and", "or", "but", "while", "whereas"}


#: articles: a keyword's "the" stands for any of them in the text ("suspended a deal" is
#: the case's "suspended the deal")
ARTICLES = frozenset({"a", "an", "the"})


def same_word(text_word: str, keyword_word: str) -> bool:
    """Whether a word of the text stands for a keyword's word: the same, or both articles."""
    return text_word == keyword_word or (text_word in ARTICLES and keyword_word in ARTICLES)


def _gapped(words: list[str], i: int, ph: tuple[str, ...], taken: set[int]) -> list[int] | None:
    """The places of ``ph``'s words from ``i`` on, each within MAX_GAP words of the one
    before and in the same clause (an article for an article: :func:`same_word`), or None."""
    at = [i]
    for w in ph[1:]:
        k, last = at[-1] + 1, min(len(words), at[-1] + 2 + MAX_GAP)
        while k < last and not same_word(words[k], w):
            if words[k] in _GAP_STOPS or k in taken:
                return None
            k += 1
        if k >= last or k in taken:
            return None
        at.append(k)
    return at


def sentence_forms(sent: Span) -> set[str]:
    """Every word of a sentence as written (lower case) and as lemma."""
    return {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}


def anchor_position(sent: Span, lex: IssueLexicon, threshold: float = 0.5,
                    lem: set[str] | None = None) -> float | None:
    """The anchor value whose words the sentence covers best, if it covers ``threshold`` of
    them and at least :data:`MIN_ANCHOR_WORDS` (a word counts in any of its forms)."""
    lem = sentence_forms(sent) if lem is None else lem
    best, best_v, best_words = 0.0, None, None
    for v, words in lex.anchors:
        shared = sum(1 for forms in words if forms & lem)
        cover = shared / len(words)
        if cover > best and shared >= MIN_ANCHOR_WORDS:
            best, best_v, best_words = cover, v, words
    if best < threshold or best_words is None or _anchor_denied(sent, best_words):
        return None
    return best_v


def _anchor_denied(sent: Span, words: list[frozenset[str]]) -> bool:
    """Whether a verb or adjective of the sentence that is one of an anchor's words is
    negated ("would not be certified", "never certified"), refused ("refused to certify") or
    what "against" or "without" takes ("warned against certifying"): the sentence denies
    that point of the scale rather than pinning it (entries 341, 348)."""
    for t in sent:
        if t.pos_ not in ("VERB", "ADJ") or not any({t.lower_, t.lemma_.lower()} & forms for forms in words):
            continue
        if any(c.dep_ == "neg" or c.lower_ == "never" for c in children(t)):
            return True
        if t.dep_ == "xcomp" and (t.head.lemma_.lower() in LESSEN or any(c.dep_ == "neg" for c in children(t.head))):
            return True
        if t.dep_ == "pcomp" and t.head.lower_ in ("against", "without"):
            return True  # "warned against certifying Nord Stream 2" (entry 348)
    return False


#: adverbs and adjectives of the author's guess
HEDGE_ADVERBS = lexicon.words("hedge_adverbs")


def _hedge_at(t: Token) -> bool:
    """Whether ``t`` itself is hedged: a modal, guessing adverb or "if"/"whether" on it."""
    if t.lemma_ == "expect" and t.tag_ == "VBN":
        return True
    if t.lower_ in HEDGE_ADVERBS:
        return True
    for c in children(t):
        if c.tag_ == "MD" and c.lower_ in HEDGE_WORDS:
            return True
        if c.dep_ in ("advmod", "acomp") and c.lower_ in HEDGE_ADVERBS:
            return True
        if c.dep_ == "mark" and c.lower_ in ("if", "whether"):
            return True
    return False


def _reported(verb: Token) -> bool:
    """Whether ``verb``'s clause is what a named speaker said ("Zelensky said Ukraine would
    not trade land", "NATO will keep arming Ukraine, Rutte said"): a modal in it is the
    speaker's own word, reported, not the author's guess (ANNOTATION.md; entry 331). A
    speaker who is a guesser ("analysts said ...") does not count."""
    head = verb.head
    if verb.dep_ not in ("ccomp", "parataxis") or head.i == verb.i or head.lemma_.lower() not in SPEECH:
        return False
    subj = next((c for c in children(head) if c.dep_ == "nsubj"), None)
    return subj is not None and not _guesser(subj)


def _guesser(subj: Token) -> bool:
    """Whether a speaker is one who guesses about others ("analysts", "experts", "observers")."""
    return subj.lower_ in HEDGE_WORDS or subj.lemma_.lower() in HEDGE_WORDS


def is_hedged(sent: Span, holder: Token | None, key: Token | None) -> bool:
    """Whether the stance is the author's guess (modal, conditional, speculation).

    Only the words that govern the stance count: from the first word of wanting, saying or
    doing above the keyword (:func:`stance_word`) up to the verb whose subject is the holder (one more step where that verb is an open complement, "is
    expected to", "is likely to"). A modal elsewhere in the sentence is another clause's guess,
    and a source ("insiders", "analysts") is a reporter, not a guess.
    """
    if key is None:
        return any(_hedge_at(t) for t in sent)
    stop = holder.head if holder is not None else None
    if stop is not None and holder is not None and holder.dep_ == "nsubj" and stop.lemma_.lower() in SPEECH and not _guesser(holder):
        # "Zelensky warned that cutting aid would hand Putin a victory": the holder's own words
        return _hedge_at(stop) or (stop.dep_ == "xcomp" and _hedge_at(stop.head))
    t = key
    wants = False
    for _ in range(12):
        # below the word of wanting, a modal is the content's ("proposals that would freeze ...")
        wants = wants or stance_word(t, deeds=False) or (stop is not None and t.i == stop.i)
        if (wants or t.i == key.i) and _reported(t):
            return _hedge_at(t.head)  # "Putin said Russia will keep Crimea": the modal is his (entry 331)
        if wants and _hedge_at(t):
            return True
        if t.head.i == t.i:
            break
        t = t.head
    return False


def act_of(key: Token | None, cue_lemma: str | None = None) -> str:
    """The PLOVER-aligned act of the words that govern ``key`` (or of the cue)."""
    t = key
    for _ in range(4):
        if t is None:
            break
        a = ACTS.get(t.lemma_.lower())
        if a:
            return a
        if t.head.i == t.i:
            break
        t = t.head
    if cue_lemma and cue_lemma in ACTS:
        return ACTS[cue_lemma]
    return "claim"

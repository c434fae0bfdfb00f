"""Who said it: attribution cues and their sources over a parsed spaCy ``Doc``.

PolNeAR (Newell, Margolin & Ruths 2018) counts as an attribution any statement *or
internal state* (belief, intention, judgement) the article ascribes to a person or group;
PARC (Pareti 2016) gives the cue-source-content frame. The cues found here:

* reporting verbs (:data:`SPEECH`: said, told, denied, ...); those that only sometimes
  report (think, show, call) only with a clause, a colon, a quotation or "as"/"for";
* verbs of attitude, intention and judgement (:data:`ATTITUDE`: wants, plans, backs,
  criticized, ...), only with a person or group as subject (:func:`animate`: names,
  pronouns, "some" and "others", nouns for people, and source nouns learned from train;
  a "which" by what it stands for) and only
  where the state is reported as held: not embedded under another verb, not under a
  modal, not as a purpose ("to ensure that");
* stance adjectives after "be" ("are afraid that"), "it is unclear whether" (no source),
  light verbs with a speech noun ("made the case for"), "polls show";
* speech nouns with an owner and a content clause ("Trump's claim that ...");
* "according to X", "in X's view", "in a new poll";
* a few verbs that state a stance only with the right object: "is backing Clinton" (a
  person or group), "released a statement" (a document), "cast him as", "cast doubt on";
* a cue verb in a title-case headline, which the small model tags as a name ("Carly
  Fiorina Endorses Ted Cruz");
* verbs of seeming (:data:`RAISING`: "appears to have", "seemed unaware"), with no source
  unless what is seemed is itself a report ("appeared to imply");
* lemmas learned from PolNeAR's train split (:mod:`accord.news.cue_lexicon`, made by
  bench/derive_cue_lexicon.py): cue verbs and nouns, attitude verbs given a person or
  group as subject, and clause-needing verbs that attribute without one;
* a speech verb the tagger read as a plural noun in an article's first line ("Super PAC
  blasts Trump");
* a colon after a speaker's name opening a line ("Pence: ...", "WALLACE: ..."; not "Q:",
  "Correction:" or a colon before a figure), a dash
  after a quotation followed by its speaker.

The source is the verb's subject (through conjunctions, open complements, participles
and prepositional gerunds; the agent of a passive; the relative pronoun of a relative
clause; the object of "urged X to"), the owner of a speech noun, or the name next to a
verb that follows a quotation. As PolNeAR labels each token with at most one
attribution, a cue inside another cue's reported clause is dropped ("He said he hopes
..." is one attribution), except a coordinated, ", saying" or "while ..." speech verb,
which starts a report of its own; an attitude in a clause stated by a verb that is no cue
("it became clear that ...") is kept. "According to X" holds its whole sentence ("X said
..., according to Y" is one attribution, Y's), and a gerund after "by"/"for"/"as"... on a
cue verb is part of that cue ("responded by saying"). Rules over the one parse spaCy already made; no
second pass.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import cast

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

from accord.news import lexicon
from accord.news.tree import children, line_start
from accord.news.tree import sent as sent_of
from accord.news.cue_lexicon import (
    TRAIN_ATTITUDE_VERBS,
    TRAIN_CUE_NOUNS,
    TRAIN_CUE_VERBS,
    TRAIN_NO_CLAUSE_VERBS,
    TRAIN_SOURCE_NOUNS,
)

#: verbs that report speech or writing whenever they have a subject
SPEECH = set(lexicon.words("attr_speech"))

#: verbs that report a saying only with a clause, a colon or a quotation, and never
#: through an open complement ("continued: ...", but not "continued to stay away")
SAY_ON = set(lexicon.words("attr_say_on"))

#: subjects that are records or counts, whose "show", "find", "suggest" report what they hold
DATA = set(lexicon.words("attr_data"))

#: of SPEECH, those that report only when they take a clause or a quotation
NEEDS_CLAUSE = set(lexicon.words("attr_needs_clause"))

#: verbs of attitude, intention, judgement and public action toward something: an
#: attribution in PolNeAR's sense ("the internal state ... of some person or group")
#: only when their subject is a person or group (:func:`animate`); kept apart from
#: :data:`SPEECH`, which the stance rules read
ATTITUDE = set(lexicon.words("attr_attitude"))

#: of ATTITUDE, those that attribute only with a clause ("knows that ...", "sees it as"),
#: being plain perception or action otherwise ("saw the film", "found the keys")
ATTITUDE_CLAUSE = set(lexicon.words("attr_attitude_clause"))

#: of ATTITUDE_CLAUSE, those whose judgement is only "about" or "of" something ("spoke
#: highly of"), not "on" a show or "for" a group ("speaking on radio", "talks for hours");
#: PolNeAR train: 17 of 23 adverbial "speaking on ..." frames are not cues
TOPIC_ONLY = set(lexicon.words("attr_topic_only"))

#: nouns that carry an attribution of their own when a possessor or "by" names whose they
#: are ("Trump's claim that ...", "her decision to meet ...", "a Times report that ...")
NOMINAL = set(lexicon.words("attr_nominal"))

#: adjectives of a stance held by their subject ("are afraid that", "has been critical of")
STANCE_ADJ = set(lexicon.words("attr_stance_adj"))

#: adjectives that, with an empty "it" subject and a clause, state something no one is
#: named for ("it is unclear whether ...")
IMPERSONAL_ADJ = set(lexicon.words("attr_impersonal_adj"))

#: verbs of judging something as something, whose passive with "as" ("is seen as", "was
#: widely viewed as") reports a judgement whether or not its holder is named (PolNeAR
#: train: 23 of 33 such passives not otherwise found are cues)
SEEN_AS = set(lexicon.words("attr_seen_as"))

#: verbs of seeming, whose complement is an impression the article reports ("appears to
#: have abandoned", "seemed unaware"); PolNeAR marks them as cues, mostly with no source
RAISING = set(lexicon.words("attr_raising"))

#: light verbs that with a speech or stance noun make a cue ("made the case for", "has
#: questions about", "offered no proof that", "made a strong condemnation of")
LIGHT = set(lexicon.words("attr_light"))
LIGHT_NOUNS = (NOMINAL - {"speech", "decision"}) | {"plan", 
    "case", "reference", "condemnation", "determination", "question", "questions", "illusion", "illusions",
    "proof", "evidence", "doubt", "doubts", "objection", "objections", "praise", "support", "opposition",
    "insight", "insights", "pitch", "appeal", "point", "argument", "accusation", "assurance", "assurances",
    "guarantee", "commitment", "prediction", "plea", "vow", "concern", "concerns", "reservation",
    "reservations", "issue", "exception", "aim", "stand", "note", "mention", "announcement", "confession",
    "swipe", "swipes", "shot", "shots", "jab", "jabs", "dig", "digs",
}

#: prepositions naming what a light verb's noun is about: "made the case for", "raised
#: the question of": a new stance, where a bare "the comments" points back to one reported
_ABOUT = {"for", "about", "against", "on", "of", "over"}

#: prepositions whose gerund reports a stance taken, done by the clause's subject ("by
#: backing X", "after attacking Y", "with O'Malley calling Trump a fascist"); after
#: "for", "of", "about" the gerund names a topic ("criticized for supporting"). PolNeAR
#: train: a cue in 0.55-0.76 of the uses after each of these, 0.12-0.36 after those
_DOING_PREPS = {"by", "with", "after", "before", "since", "without", "upon", "while", "in"}

#: verbs of taking a side whose participle on a person or group reports the side taken
#: ("the super PAC backing Bush", "voters supporting Trump")
#: (PolNeAR train: 19 of 32 such participles are cues; "seeking", "favoring", "promising"
#: there name a kind more often than a stance, and are left out)
STANCE_VERBS = set(lexicon.words("attr_stance_verbs"))

#: what a released thing must be for "released" to state a stance (a statement, an ad, a
#: report), not a prisoner or a film
RELEASED = set(lexicon.words("attr_released"))

#: prepositions after an adjective of "be" that name what a stance is toward ("is upbeat
#: about", "are tired of", "were divided on"); the subject must still be a person or group
_STANCE_PREPS = {"about", "of", "on", "toward", "towards", "over"}

#: nouns for one who takes a side, which after "be" state the subject's stance
PARTISANS = set(lexicon.words("attr_partisans"))

#: what "have" takes to state a stance ("has doubts about", "had no intention of")
HAVE_NOUNS = set(lexicon.words("attr_have_nouns"))

#: nouns after "in" that make "in" the cue: "in a new poll", "in his eyes"
IN_NOUNS = set(lexicon.words("attr_in_nouns"))
#: nouns after "in" that make it a cue only with an owner: "in her view", "in his words",
#: not "in view of", "in other words" (PolNeAR train: "in ... polls" 67 of 81 not cues;
#: "in ... view/words/mind/judgment" 35 of 40 not cues, owned or not)
IN_OWNED = set(lexicon.words("attr_in_owned"))

#: nouns that name people or bodies able to say, want or judge something
HUMAN = set(lexicon.words("attr_human")) | DATA

WEEKDAYS = set(lexicon.words("attr_weekdays"))

#: pronouns that stand for a person or group
PERSONAL = set(lexicon.words("attr_personal"))

#: quantifiers that, standing alone as a subject, count people ("some say", "both want",
#: "those backing him", "many fear")
PEOPLE_QUANTIFIERS = set(lexicon.words("attr_people_quantifiers"))

SUBJ = {"nsubj", "nsubjpass", "csubj"}
CLAUSE = {"ccomp", "xcomp", "parataxis", "dobj", "conj"}
QUOTES = set("\"“”«»")
DASHES = {"―", "—", "--", "–"}
REPORT_NOUNS = set(lexicon.words("attr_report_nouns"))


@dataclass
class Cue:
    """One attribution: cue span, source span (tokens), content span, cue lemma."""

    cue: Span
    source: Span | None
    content: Span | None
    lemma: str
    verb: Token | None
    #: the clause this cue reports (token offsets), inside which no other cue is kept
    scope: tuple[int, int] | None = None

    @property
    def cue_chars(self) -> tuple[int, int]:
        return (self.cue.start_char, self.cue.end_char)

    @property
    def source_chars(self) -> tuple[int, int] | None:
        return (self.source.start_char, self.source.end_char) if self.source is not None else None


def _according_content(according: Token) -> Span | None:
    """What an "according to X" phrase attributes: the clause it hangs on, less the phrase
    and the punctuation setting it off ("According to Reuters, [the Kremlin wants ...]",
    "[The Kremlin wants ...], according to Reuters"). None where the phrase hangs on no
    verb of a clause (a headline fragment)."""
    head = according.head
    if according.dep_ != "prep" or head.i == according.i or head.pos_ not in ("VERB", "AUX"):
        return None
    doc = according.doc
    lo, hi = according.left_edge.i, according.right_edge.i + 1
    a, b = head.left_edge.i, head.right_edge.i + 1
    if hi <= head.i:  # the phrase before the clause
        a = hi
    elif lo > head.i:  # the phrase after it
        b = lo
    else:
        return None
    while a < b and doc[a].is_punct:
        a += 1
    while b > a and doc[b - 1].is_punct:
        b -= 1
    return doc[a:b] if a < b else None


def _has_clause(tok: Token) -> bool:
    """Whether ``tok`` takes a clause (``ccomp``, a verbal ``xcomp``, ``parataxis``), a
    colon ("added:") or stands next to a quotation."""
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":":
        return True
    for c in children(tok):
        if c.dep_ in ("ccomp", "parataxis"):
            return True
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            return True
    sent = sent_of(tok)
    left = tok.doc[max(sent.start, tok.i - 3):tok.i]
    right = tok.doc[tok.i + 1:min(sent.end, tok.i + 4)]
    return any(t.text in QUOTES or t.text in ("''", "``") for t in list(left) + list(right)) and any(
        t.text in QUOTES for t in sent
    )


def _judgement(tok: Token) -> bool:
    """Whether ``tok`` takes a predicative complement or "as" ("called it a ...",
    "sees it as ...", "described X as ..."), a judgement about its object."""
    for c in children(tok):
        if c.dep_ in ("oprd", "acomp"):
            return True
        if c.dep_ == "prep" and c.lower_ in ("as", "for", "about", "of", "on", "against") and not any(
                g.dep_ == "pobj" and (g.ent_type_ in ("DATE", "TIME") or g.lower_ in WEEKDAYS) for g in children(c)):
            return True  # not a date: "released two prisoners on Monday" judges nothing
        if c.dep_ == "prt":
            return True
    return False


def _noun_span(head: Token) -> Span:
    """The noun phrase of ``head``: its left modifiers and compounds, no relative clause."""
    doc = head.doc
    start = head.i
    for t in head.lefts:
        if t.dep_ in ("det", "compound", "amod", "poss", "nummod", "nmod", "quantmod", "case", "punct") or t.ent_iob_ != "O":
            start = min(start, t.left_edge.i)
            break
    end = head.i + 1
    for t in head.rights:
        if t.dep_ in ("compound", "flat", "case") or (t.dep_ == "prep" and t.lower_ == "of"):
            end = max(end, t.right_edge.i + 1)
        else:
            break
    while start < end and doc[start].is_punct:
        start += 1
    return doc[start:end]


def animate(tok: Token) -> bool:
    """Whether ``tok`` names a person or a group (a name, a personal pronoun, a word for
    people or bodies), the only kind of source an attitude can have."""
    if tok.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "ACTOR"):
        return True
    low = tok.lower_
    if low in PERSONAL:
        return True
    if tok.pos_ == "PROPN":
        return True
    if low in PEOPLE_QUANTIFIERS and tok.pos_ in ("PRON", "DET", "NUM", "ADJ", "NOUN"):
        return True
    if tok.tag_ == "WDT" and tok.dep_ in ("nsubj", "nsubjpass"):
        return _antecedent_animate(tok)  # "the group, which wants ...": judged by the group
    if tok.pos_ == "NOUN":
        lem = tok.lemma_.lower()
        if lem in HUMAN or low in HUMAN or lem in TRAIN_SOURCE_NOUNS or lem.endswith(
                ("ist", "ian", "or", "er")) and len(lem) > 4:
            return True
    if tok.pos_ in ("NOUN", "NUM", "PRON", "ADJ"):  # "two-thirds of voters", "half of them"
        return any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and animate(g) for g in children(c)) for c in children(tok))
    return False


def _antecedent_animate(rel: Token) -> bool:
    """Whether the noun a relative pronoun ("which", "that") stands for names a person or
    group: the head of the relative clause the pronoun's verb belongs to."""
    v = rel.head
    for _ in range(4):
        if v.dep_ == "relcl":
            return v.head is not rel and animate(v.head)
        if v.dep_ in ("conj", "xcomp") and v.head is not v:
            v = v.head
            continue
        break
    return False


def _clause_subject(verb: Token) -> Token | None:
    """The subject of ``verb`` itself or of the verbs it is coordinated with or complements."""
    v: Token | None = verb
    for _ in range(5):
        if v is None:
            return None
        for c in children(v):
            if c.dep_ in ("nsubj", "csubj"):
                return c
            if c.dep_ == "agent":
                for g in children(c):
                    if g.dep_ == "pobj":
                        return g
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v = v.head
            continue
        return None
    return None


def _subject(verb: Token) -> Token | None:
    """The source of ``verb``: its subject or agent, looking up through conjunctions, open
    complements and adverbial participles ("Trump revised his plan, promising ..." ->
    Trump); for a relative clause, the noun it hangs on; for a participle on a noun ("a
    report by X alleging ..."), the "by" agent or the noun."""
    seen = 0
    v: Token | None = verb
    while v is not None and seen < 4:
        for c in children(v):
            if c.dep_ in ("nsubj", "csubj"):
                return c  # a relative pronoun ("who said") is the source PolNeAR marks
            if c.dep_ == "agent":
                for g in children(c):
                    if g.dep_ == "pobj":
                        return g
        if v.dep_ == "xcomp" and v.head is not v:
            # object control: "urged X to", "led X to fear", "forced Stumpf to admit"
            obj = next((c for c in children(v.head) if c.dep_ == "dobj" and c.i < v.i), None)
            if obj is not None and animate(obj):
                return obj
        if v.dep_ in ("conj", "xcomp", "advcl") and v.head is not v:
            v = v.head
            seen += 1
            continue
        if v.dep_ == "pcomp" and v.head.dep_ == "prep":
            # "began by saying ...", "his role ... and for saying that ...": the doer of
            # the clause the preposition belongs to, or the owner of its noun
            h = v.head.head
            for _ in range(4):
                if h.pos_ in ("VERB", "AUX"):
                    break
                own = next((c for c in children(h) if c.dep_ == "poss"), None)
                if own is not None:
                    return own
                if h.head is h:
                    break
                h = h.head
            v = h
            seen += 1
            continue
        if v.dep_ in ("acl", "relcl") and v.head is not v:
            head = v.head
            if v.dep_ == "relcl":
                return head
            for c in children(head):  # a report by X alleging ...
                if c.dep_ == "prep" and c.lower_ == "by":
                    for g in children(c):
                        if g.dep_ == "pobj":
                            return g
            # "Trump attacked Clinton, saying ...": a participle set off by a comma speaks
            # for the clause's subject, not the noun the parser hung it on
            if v.tag_ == "VBG" and v.i > 0 and v.doc[v.i - 1].text == "," and head.dep_ in ("dobj", "pobj"):
                gov = head.head if head.dep_ == "dobj" else head.head.head
                if gov.pos_ in ("VERB", "AUX"):
                    s = _clause_subject(gov)
                    if s is not None:
                        return s
            return head
        return None
    return None



def token_attrs(doc: Doc, attr: int) -> list[int]:
    """The value of ``attr`` (a string hash for ORTH, LOWER...) of every token of ``doc``,
    as plain ints, without building a Token each. spaCy's stub types ``Doc.to_array`` as
    float64; the array is uint64, so its ``tolist`` is a list of ints."""
    return cast("list[int]", doc.to_array(attr).tolist())

def quoted(doc: Doc) -> list[bool]:
    """For each token, whether it stands inside a direct quotation.

    Curly quotes open and close; straight double quotes toggle, and so do two single
    quotes (some papers, the New York Times among them, write ''...'' for “...”); a
    paragraph break closes an unterminated quotation (news paragraphs may leave a
    quotation open).
    """
    inside = False
    out = []
    strings = doc.vocab.strings
    for h in token_attrs(doc, ORTH):  # the token texts without building a Token each
        text = strings[h]
        if "\n" in text:
            inside = False
        if text in _OPEN_QUOTES:
            out.append(False)
            # an opening mark inside a quotation closes it: papers write “...,“ for “...,”
            inside = not inside if text == "“" else True
        elif text in _CLOSE_QUOTES or _glued_dash(text):
            out.append(False)
            inside = False
        elif text in _TOGGLE_QUOTES:
            out.append(False)
            inside = not inside
        else:
            out.append(inside)
    return out


_OPEN_QUOTES = {"“", "«", "``"}
_CLOSE_QUOTES = {"”", "»"}
_TOGGLE_QUOTES = {'"', "''"}


def _glued_dash(text: str) -> bool:
    """Whether a token is a closing quotation mark glued to a dash ("”―" in “...”― Name, as
    the tokenizer leaves it when no space separates them): it closes the quotation, and
    its dash may name the speaker (:func:`_punct_cue_of`)."""
    return len(text) >= 2 and text[0] in ("”", "»") and text[1:] in DASHES


#: first- and second-person subjects: inside speech, not a source the article attributes to
_SELF = {"i", "you", "we", "me", "us"}
#: marks of a contrasting clause, which the parser may hang inside another's report
_CONTRAST = {"while", "whereas", "although", "though"}
#: openings of a content clause that a speech noun may take
_MARKS = {"that", "to", "whether", "if"}


def _span_of(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _scope(tok: Token) -> tuple[int, int] | None:
    """The reported clause of verb ``tok`` (not its object: "endorses Trump, who says ...")."""
    for c in children(tok):
        if c.dep_ == "ccomp" or c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX") or (
                c.dep_ == "parataxis" and c.lemma_ not in SPEECH):  # not an inserted "he said"
            start, end = c.left_edge.i, c.right_edge.i + 1
            if start <= tok.i < end:  # "what Trump says his plan would do": the verb is no part of it
                start, end = (tok.i + 1, end) if c.i > tok.i else (start, tok.i)
            return start, end
    return None


def _content(tok: Token) -> Span | None:
    """What ``tok`` reports: its clause, else its open complement, else its object."""
    for deps in (("ccomp",), ("parataxis",), ("xcomp",), ("dobj",)):
        for c in children(tok):
            if c.dep_ in deps:
                return tok.doc[c.left_edge.i:c.right_edge.i + 1]
    return None


def _verb_cue(tok: Token) -> str | None:
    """Whether verb ``tok`` is a cue, and which kind: "speech" or "attitude"."""
    lemma = tok.lemma_
    if lemma in SEEN_AS and any(c.dep_ == "auxpass" for c in children(tok)) and any(
            c.dep_ in ("prep", "oprd") and c.lower_ == "as" for c in children(tok)):
        return "perceived"  # "is seen as", "was widely viewed as": a judgement held by the agent or by no one named
    if lemma in SPEECH:
        if lemma in ("say", "tell") and tok.dep_ == "amod":
            return None
        if lemma == "call" and any(c.dep_ in ("oprd", "prt") or (c.dep_ == "prep" and c.lower_ == "for") for c in children(tok)):
            return "speech"
        if lemma in ("cite", "quote") and tok.dep_ != "amod":
            return "speech"
        if lemma not in NEEDS_CLAUSE or _has_clause(tok) or _judgement(tok):
            return "speech"
        if lemma == "point" and any(c.dep_ == "prep" and c.lower_ == "to" for c in children(tok)):
            return "speech"
    if lemma in TRAIN_CUE_VERBS:
        return "speech"
    if lemma in TRAIN_ATTITUDE_VERBS or lemma in TRAIN_NO_CLAUSE_VERBS:
        return "attitude"  # learned given a person or group as subject, which find_cues requires
    if lemma in RAISING and _seeming(tok):
        return "seem"
    if lemma in SAY_ON and any(c.dep_ in ("ccomp", "parataxis") for c in children(tok)) or lemma in SAY_ON and (
            tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].text == ":"):
        return "attitude"
    if lemma in ("show", "find", "suggest", "indicate", "reveal", "find", "put", "give", "have") and any(
            c.dep_ in ("nsubj", "nsubjpass") and c.lemma_.lower() in DATA for c in children(tok)):
        return "speech"  # "Polls show a close contest"
    if lemma == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in children(tok)):
        return "speech"  # "as X put it"
    if lemma == "go" and any(c.dep_ == "prep" and c.lower_ == "after" for c in children(tok)):
        return "attitude"  # "has gone after Trump"
    if lemma == "make" and any(c.lower_ == "clear" and c.dep_ in ("acomp", "oprd", "ccomp", "dobj", "advmod", "amod")
                               for c in children(tok)):
        return "attitude"  # "made clear that", "made it clear": a cue in half its PolNeAR train uses
    if lemma in LIGHT:
        nouns = HAVE_NOUNS if lemma == "have" else LIGHT_NOUNS
        for c in children(tok):
            if c.dep_ == "dobj" and c.lemma_.lower() in nouns and (not any(
                    g.dep_ == "det" and g.lower_ in ("the", "this", "that", "these", "those") for g in children(c))
                    or any(g.dep_ == "prep" and g.lower_ in _ABOUT for g in children(c))):
                return "attitude"  # not "made the comments": those point back to words already reported
    if lemma == "be":
        for c in children(tok):
            if c.dep_ == "acomp" and c.lemma_.lower() in STANCE_ADJ:
                return "attitude"
            if c.dep_ == "acomp" and c.pos_ == "ADJ" and any(
                    g.dep_ == "prep" and g.lower_ in _STANCE_PREPS and g.i == c.i + 1 for g in children(c)):
                return "attitude"  # "is upbeat about", "was cagey about", "is appreciative of": a stance toward
            if c.dep_ == "attr" and c.lemma_.lower() in PARTISANS and any(
                    g.dep_ == "prep" and g.lower_ in ("of", "for") for g in children(c)):
                return "attitude"  # "is a supporter of", "has been a dogged defender of"
            if c.dep_ == "acomp" and c.lemma_.lower() in IMPERSONAL_ADJ and any(
                g.dep_ == "nsubj" and g.lower_ == "it" for g in children(tok)
            ) and any(g.dep_ == "ccomp" for g in list(children(tok)) + list(children(c))):
                return "impersonal"
    if lemma == "back" and any(c.dep_ == "dobj" and animate(c) for c in children(tok)):
        return "attitude"  # "is backing Hillary Clinton": a side taken (not "backed the car out")
    if lemma == "cast" and any(c.dep_ == "prep" and c.lower_ == "as" or c.dep_ == "dobj" and c.lower_ in (
            "doubt", "aspersions") for c in children(tok)):
        return "attitude"  # "cast himself as an outsider", "cast doubt on"
    if lemma == "release" and any(c.dep_ == "dobj" and c.lemma_.lower() in RELEASED for c in children(tok)):
        return "attitude"  # "released a statement", "released an ad targeting Clinton"
    if lemma in ATTITUDE:
        if lemma in TOPIC_ONLY and not _has_clause(tok) and not any(
                c.dep_ == "prep" and c.lower_ in ("about", "of") for c in children(tok)):
            return None
        if lemma in ATTITUDE_CLAUSE and not (_has_clause(tok) or _judgement(tok)):
            return None
        return "attitude"
    # any verb whose subject states a finite "that" clause ("made clear that ...")
    for c in children(tok):
        if c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in children(c)):
            return "attitude"
    return None


def _plain_ccomp(tok: Token) -> bool:
    """Whether the clause ``tok`` heads is stated by a verb that is no cue ("it became
    clear that Cruz would not endorse ..."): the attitude in it is then the article's
    report, not a wish embedded in someone else's words. PolNeAR train: keeping these
    raises F1 (recall 0.7097 to 0.7119, precision 0.8281 to 0.8270)."""
    head = tok.head
    return head.pos_ in ("VERB", "AUX") and head.lemma_ != "be" and _verb_cue(head) is None


def _seeming(tok: Token) -> bool:
    """Whether a verb of :data:`RAISING` takes what it seems: an infinitive, an adjective or
    noun complement, a clause, "like"/"as if" ("seems to", "appeared unaware", "looks like")."""
    for c in children(tok):
        if c.dep_ in ("xcomp", "acomp", "ccomp", "oprd", "attr"):
            return tok.lemma_ != "look" or c.dep_ in ("acomp", "ccomp", "oprd")
        if c.dep_ == "prep" and c.lower_ == "like":
            return True
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "though") for g in children(c)):
            return True
    return False


def _seemer(tok: Token, subj: Token | None) -> Token | None:
    """The source of a seeming: its subject when what it seems to do is itself a report or
    an attitude ("appeared to imply", "seems to feel"), else no one."""
    x = next((c for c in children(tok) if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")), None)
    if subj is not None and x is not None and (x.lemma_ in SPEECH or x.lemma_ in ATTITUDE) and animate(subj):
        return subj
    return None


def _inverted(verb: Token, inside: list[bool]) -> Token | None:
    """The speaker of a speech verb after a quotation: the last noun or name between
    the quotation's end and the verb (“...,” Tulsa police Chief Chuck Jordan said), else
    the first after the verb (“...,” said X), outside the quotation and not a date."""
    doc = verb.doc
    for t in reversed(doc[sent_of(verb).start:verb.i]):
        if inside[t.i] or t.text in QUOTES or t.text == "''":
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.ent_type_ not in ("DATE", "TIME"):
            return t
    for t in doc[verb.i + 1:sent_of(verb).end]:
        if inside[t.i] or t.text in QUOTES or t.text == "''":
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.ent_type_ not in ("DATE", "TIME") and t.dep_ in (
                "nsubj", "nsubjpass", "dobj", "attr", "appos", "compound", "dative", "conj", "ROOT"):
            return t.head if t.dep_ == "compound" and t.head.pos_ in ("PROPN", "NOUN") else t
    return None


def _cue_span(tok: Token) -> tuple[int, int]:
    """The cue keeps its auxiliaries, negation and particles: "has learned", "pointed out"."""
    start, end = tok.i, tok.i + 1
    for c in children(tok):
        if c.dep_ in ("aux", "auxpass", "neg") and c.i == start - 1:
            start = c.i
        if c.dep_ == "prt" and c.i == end:
            end = c.i + 1
    for c in children(tok):
        if c.dep_ in ("aux", "auxpass") and c.i < start and all(
            tok.doc[k].dep_ in ("aux", "auxpass", "neg", "advmod") for k in range(c.i, start)
        ):
            start = c.i
    return start, end


def _nominal(tok: Token) -> tuple[Token, Span | None] | None:
    """A speech or attitude noun with its owner: "Trump's claim that", "her decision to",
    "a Times report that" (owner, content)."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in NOMINAL and tok.lemma_.lower() not in TRAIN_CUE_NOUNS:
        return None
    owner = None
    content = None
    for c in children(tok):
        if c.dep_ == "poss" and animate(c):
            owner = c
        elif c.dep_ == "compound" and c.pos_ == "PROPN" and c.i < tok.i and owner is None:
            owner = c
        elif c.dep_ == "prep" and c.lower_ == "by" and owner is None:
            owner = next((g for g in children(c) if g.dep_ == "pobj" and animate(g)), None)
        elif c.dep_ in ("acl", "ccomp", "relcl") and any(
            g.dep_ in ("mark", "aux") and g.lower_ in _MARKS for g in children(c)
        ) and c.dep_ != "relcl":
            content = tok.doc[c.left_edge.i:c.right_edge.i + 1]
    if owner is None or content is None:
        return None
    return owner, content


def _owner_span(owner: Token) -> Span:
    """A possessor with its own modifiers ("Donald Trump's"), or the compound name."""
    doc = owner.doc
    start, end = owner.left_edge.i, owner.i + 1
    if owner.dep_ == "compound":
        head = owner.head
        start = min(t.i for t in head.lefts if t.dep_ == "compound")
        end = max(t.i for t in head.lefts if t.dep_ == "compound") + 1
        if start > 0 and doc[start - 1].dep_ == "det" and doc[start - 1].head is head:
            start -= 1
    else:
        for c in children(owner):
            if c.dep_ == "case":
                end = max(end, c.i + 1)
    return doc[start:end]


def _line_start(doc: Doc, i: int) -> int:
    """The first token of the line (paragraph) holding token ``i`` (read once per document:
    a walk back per question would be O(n) in a run-on line)."""
    return line_start(doc, i)


def _punct_cue(tok: Token, inside: list[bool]) -> Cue | None:
    """:func:`_punct_cue_of`, less a colon that introduces no one's words (:func:`_no_speaker`)."""
    cue = _punct_cue_of(tok, inside)
    if cue is not None and cue.lemma == "colon" and _no_speaker(cue):
        return None
    return cue


#: words before a colon that name no speaker: an interview's "Q:"/"A:", a correction or
#: an editor's note, "Follow X on Twitter:" (lexicons/attr_colon_not_speakers.txt)
COLON_NOT_SPEAKERS = set(lexicon.words("attr_colon_not_speakers"))


def _no_speaker(cue: Cue) -> bool:
    """Whether a colon cue introduces no one's words: its "speaker" opens with a word of
    :data:`COLON_NOT_SPEAKERS`, or what follows is a figure, a handle or an amount
    ("Clinton: 547.", "on Twitter: @name"). PolNeAR train: 33 of 40 such colons the rules
    took for cues were none."""
    src = cue.source
    if src is not None and len(src) and (src.text.lower() in COLON_NOT_SPEAKERS or len(src) > 1 and src[0].pos_ != "DET"
                                         and src[0].lower_ in COLON_NOT_SPEAKERS):
        return True  # "Q:", "Correction:", but not "A spokesman:"
    doc = cue.cue.doc
    k = cue.cue.end
    while k < len(doc) and doc[k].is_space:
        k += 1
    return k < len(doc) and (doc[k].like_num or doc[k].text[:1] in ("@", "$"))


def _punct_cue_of(tok: Token, inside: list[bool]) -> Cue | None:
    """A colon after a speaker's name opening a line ("Pence: ...", "WALLACE: ...",
    "Poll: ..."), or a dash after a closing quotation naming its speaker (“...” ― Name)."""
    doc = tok.doc
    if tok.text == ":" and tok.i + 1 < len(doc):
        k = _line_start(doc, tok.i)
        while k < tok.i and (doc[k].is_punct or doc[k].is_space):
            k += 1
        n = tok.i - k
        if not 1 <= n <= 6 or not doc[k].text[:1].isupper():
            return _colon_quote(tok, inside)
        head = doc[tok.i - 1]
        named = head.ent_type_ in ("PERSON", "ORG", "NORP", "ACTOR") or head.lemma_.lower() in ("poll", "survey")
        transcript = n == 1 and head.text.isupper() and len(head.text) > 1
        name = n <= 2 and all(doc[j].pos_ == "PROPN" for j in range(k, tok.i))
        if inside[tok.i] and not transcript:
            return None
        if not (named or transcript or name):
            return _colon_quote(tok, inside)
        if any(doc[j].pos_ in ("VERB", "AUX") and doc[j].tag_ != "NNP"
               for j in range(k, tok.i)) and not all(doc[j].text[:1].isupper() for j in range(k, tok.i)):
            return None
        if doc[tok.i + 1].is_space and "\n" in doc[tok.i + 1].text:
            return None
        return Cue(doc[tok.i:tok.i + 1], doc[k:tok.i], None, "colon", None)
    if (tok.text in DASHES and tok.i > 0 or _glued_dash(tok.text)) and tok.i + 1 < len(doc):
        prev = doc[tok.i - 1]
        if prev.is_space and tok.i > 1:
            prev = doc[tok.i - 2]
        if prev.text not in ("”", "\"", "''", "»") and not _glued_dash(tok.text):
            return None
        k = tok.i + 1
        while k < len(doc) and (doc[k].is_space or doc[k].text in ("\xa0",)):
            k += 1
        end = k
        while end < len(doc) and doc[end].pos_ == "PROPN" and end - k < 5:
            end += 1
        if end == k:
            return None
        return Cue(doc[tok.i:tok.i + 1], doc[k:end], None, "dash", None)
    return None


def _colon_quote(tok: Token, inside: list[bool]) -> Cue | None:
    """A colon between a name and the quotation it introduces, with no verb before it in
    the sentence ("- Jeffrey M. Jones: “Gallup's analysis ...”", "More from Blumenthal and
    Cohen: “...”"): the colon is the cue, the noun phrase before it the source. PolNeAR
    train: 13 of 20 such colons are cues; after a verb ("gloated: “...”", the verb is
    the cue) 29 of 204 are."""
    doc = tok.doc
    if inside[tok.i] or tok.i == 0:
        return None
    k = tok.i + 1
    while k < len(doc) and doc[k].is_space and "\n" not in doc[k].text:
        k += 1
    if k >= len(doc) or doc[k].text not in _OPENERS:
        return None
    if any(t.pos_ in ("VERB", "AUX") for t in doc[sent_of(tok).start:tok.i]):
        return None
    if doc[tok.i - 1].pos_ not in ("PROPN", "NOUN"):
        return None
    k = tok.i - 1  # the words of the name or noun phrase, back to a dash or other mark
    while k - 1 >= sent_of(tok).start and tok.i - k < 6 and doc[k - 1].pos_ in ("PROPN", "NOUN", "ADJ", "DET", "PART") \
            and not doc[k - 1].is_punct:
        k -= 1
    return Cue(doc[tok.i:tok.i + 1], doc[k:tok.i], None, "colon", None)


#: marks that open a quotation after a colon
_OPENERS = {"“", "\"", "‘", "'", "``", "«"}


def find_cues(doc: Doc | Span, inside: list[bool] | None = None, learned: bool | None = None) -> list[Cue]:
    """Every attribution cue in ``doc`` (a Doc or a sentence), in text order.

    After the rules, the learned cue model (:mod:`accord.news.cue_model`) drops the rules'
    cues it scores as rarely gold and adds the words it scores as cues among those the
    rules left alone; ``learned=False`` (or
    :data:`LEARNED` set to False) gives the rules' cues alone.

    Cues inside a direct quotation are left out: they are the quoted speaker's words, not
    the article's attribution (``inside`` may pass :func:`quoted` of the whole doc). So
    are cues inside another cue's content ("He said he hopes ..." has one attribution,
    "said"), as PolNeAR labels each token with at most one attribution.
    """
    out: list[Cue] = []
    toks = doc if isinstance(doc, Span) else doc[:]
    if inside is None:
        inside = quoted(toks.doc)
    d = toks.doc
    for tok in toks:
        pos = tok.pos_
        if inside[tok.i]:
            pc = _punct_cue(tok, inside) if tok.text == ":" else None  # "WALLACE: ..." in a quoted transcript
            if pc is not None:
                out.append(pc)
            continue
        if pos == "PUNCT" or tok.is_punct or _glued_dash(tok.text):
            pc = _punct_cue(tok, inside) if tok.text == ":" or tok.text in DASHES or _glued_dash(tok.text) else None
            if pc is not None:
                out.append(pc)
            continue
        if pos == "NOUN" and tok.tag_ == "NNS" and tok.i > 0:
            hc = _headline_noun_cue(tok)  # "Super PAC blasts Trump": the parser reads a plural noun
            if hc is not None:
                out.append(hc)
                continue
        if pos == "NOUN":
            if tok.lemma_.lower() not in NOMINAL and tok.lemma_.lower() not in TRAIN_CUE_NOUNS:
                continue
            nom = _nominal(tok)
            if nom is not None:
                owner, content = nom
                out.append(Cue(d[tok.i:tok.i + 1], _owner_span(owner), content, tok.lemma_.lower(), None,
                               (content.start, content.end) if content is not None else None))
            continue
        # "according to X"
        if tok.lower_ == "according" and tok.i + 1 < len(d) and d[tok.i + 1].lower_ == "to":
            to = d[tok.i + 1]
            src = next((c for c in children(to) if c.dep_ == "pobj"), None)
            out.append(Cue(d[tok.i:tok.i + 2], _noun_span(src) if src is not None else None, _according_content(tok),
                           "according_to", None))
            continue
        # "in a new poll", "in his eyes"
        if tok.lower_ == "in" and tok.dep_ == "prep":
            pobj = next((c for c in children(tok) if c.dep_ == "pobj"), None)
            if pobj is not None and (pobj.lower_ in IN_NOUNS or pobj.lower_ in IN_OWNED and any(
                    g.dep_ == "poss" for g in children(pobj))):
                src = next((c for c in children(pobj) if c.dep_ == "poss"), None)
                srcspan = _noun_span(src) if src is not None and pobj.lower_ not in ("poll", "polls", "survey", "surveys") \
                    else d[pobj.left_edge.i:pobj.right_edge.i + 1]
                # the cue runs to its noun: PolNeAR marks "In Ash's view" or "'s view", which "in" alone
                # does not overlap
                end = pobj.i + 1
                out.append(Cue(d[tok.i:end], srcspan, None, "in", None))
                continue
        if pos == "PROPN" and tok.is_title and tok.i > 0:
            hc = _headline_cue(tok)  # "Carly Fiorina Endorses Ted Cruz": the parser reads a name
            if hc is not None:
                out.append(hc)
                continue
        if pos not in ("VERB", "AUX"):
            continue
        kind = _verb_cue(tok)
        if kind is None:
            continue
        lemma = tok.lemma_
        if tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl") and lemma not in ("report", "quote", "cite"):
            continue
        if tok.tag_ == "VBG" and (tok.dep_ in ("dobj", "nsubj", "compound") or tok.i + 1 < len(d) and d[tok.i + 1].lower_ == "by"
                                  and not any(c.dep_ in ("nsubj", "aux") for c in children(tok))):
            continue  # "contributed reporting", "(Reporting by ...)": a noun, a credit line
        subj = _subject(tok)
        if subj is not None and (inside[subj.i] or subj.text in QUOTES or subj.text == "''") or subj is None and (
                kind == "speech" and any(inside[k] for k in range(sent_of(tok).start, tok.i))):
            subj = _inverted(tok, inside)  # “...,” X said: the parser took a quoted word for the subject, or none
        if subj is not None and subj.lower_ in _SELF and (lemma in NEEDS_CLAUSE | {"say", "tell"} or kind == "attitude") \
                and not _has_clause(tok) and not (kind == "attitude" and subj.lower_ in ("i", "we")):
            continue  # "you know", but an author's own "I believe in ..." is a stance they report
        if kind == "seem" and tok.dep_ in ("xcomp", "ccomp", "pcomp", "acl", "amod", "relcl"):
            continue  # a seeming inside another clause: the outer verb carries the attribution
        if kind == "attitude" and (subj is None or not animate(subj)):
            continue
        stance_acl = kind == "attitude" and tok.dep_ == "acl" and tok.tag_ == "VBG" and lemma in STANCE_VERBS
        if kind in ("attitude", "perceived") and (tok.dep_ == "xcomp" or tok.dep_ == "ccomp" and not _plain_ccomp(tok) or tok.dep_ == "acl" and not stance_acl or tok.dep_ == "pcomp" and not (
                tok.tag_ == "VBG" and kind == "attitude" and tok.head.lower_ in _DOING_PREPS) or any(
                c.dep_ == "aux" and c.tag_ == "MD" for c in children(tok))):
            continue  # embedded or hypothetical: a wish or stance no one is reported to hold
        if tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children(tok)):
            continue  # a purpose ("... to tell the truth", "to ensure that"): not done, only aimed at
        if tok.dep_ == "acl" and tok.tag_ == "VBG" and d[tok.i - 1].text != "," and not stance_acl:
            continue  # a restrictive participle names a kind ("taxpayers reporting gains"), not an act
        if kind == "impersonal":
            subj = None
        if kind == "seem":
            subj = _seemer(tok, subj)
        if subj is None and kind not in ("seem", "perceived") and tok.dep_ not in ("parataxis", "ROOT", "ccomp", "conj", "advcl", "acl"):
            continue
        start, end = _cue_span(tok)
        adj = next((c for c in children(tok) if c.dep_ == "acomp"), None) if lemma == "be" else None
        if adj is not None:  # "are afraid", "has been critical of", "it is unclear"
            end = max(end, adj.i + 1)
            prep = next((c for c in children(adj) if c.dep_ == "prep" and c.i == adj.i + 1), None)
            if prep is not None:
                end = prep.i + 1
            if kind == "impersonal" and tok.i > 0 and d[tok.i - 1].lower_ == "it":
                start = min(start, tok.i - 1)
        source = _noun_span(subj) if subj is not None else None
        out.append(Cue(d[start:end], source, _content(tok), lemma, tok, _scope(tok)))
    if CONTEXTS or _COLLECT is not None:
        out = sorted(out + _context_cues(toks, out, inside), key=lambda c: c.cue.start)
    out = _outermost(_merge_gerunds(out))
    if DROPPED:
        out = [c for c in out if found_key(c) not in DROPPED]
    if LEARNED if learned is None else learned:
        from accord.news import cue_model

        out = cue_model.apply(toks, out, inside, cue_model.load())
    return [c for c in out if not _in_idiom(c) and not _byline(c)]


#: set phrases in which a verb of saying attributes nothing (lexicons/attr_idioms.txt), as
#: word tuples
IDIOMS = tuple(tuple(p.split()) for p in lexicon.words("attr_idioms"))


def _in_idiom(cue: Cue) -> bool:
    """Whether the cue stands inside a set phrase of :data:`IDIOMS` ("It goes without
    saying", "Let's say", "Having said that"): no one's words are reported (entry 349)."""
    d, a, b = cue.cue.doc, cue.cue.start, cue.cue.end
    for ph in IDIOMS:
        n = len(ph)
        for lo in range(max(0, b - n), min(a, len(d) - n) + 1):  # every start whose phrase covers the cue
            if all(d[lo + k].lower_ == w for k, w in enumerate(ph)):
                return True
    return False


def _byline(cue: Cue) -> bool:
    """Whether the cue is a byline's "X reported from Washington": where its reporter
    worked, with nothing reported (no object, clause or content; entry 349)."""
    v = cue.verb
    if v is None or cue.lemma != "report" or cue.content is not None:
        return False
    kids = children(v)
    return any(c.dep_ == "prep" and c.lower_ == "from" for c in kids) and not any(
        c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") for c in kids)


#: whether :func:`find_cues` adds the learned cue model's cues by default
LEARNED = True


#: cue contexts learned from PolNeAR train (lexicons/attr_contexts.txt, made by
#: bench/derive_cue_contexts.py): a word in one of these contexts is a cue though no rule
#: above fires for it
CONTEXTS = frozenset(tuple(line.split()) for line in lexicon.words("attr_contexts"))
#: contexts in which the rules' cues were mostly not PolNeAR cues on train
#: (lexicons/attr_contexts_drop.txt, by bench/derive_cue_contexts.py): (cue lemma, part of
#: speech, role, holder) as :func:`found_key` reads them ("support VERB relcl anim":
#: "voters who support Trump" names voters, it does not report a stance)
DROPPED = frozenset(tuple(line.split()) for line in lexicon.words("attr_contexts_drop"))
#: when a list, :func:`_context_cues` appends every candidate (key, cue) to it instead of
#: keeping only learned keys (for bench/derive_cue_contexts.py)
_COLLECT: list | None = None

_OBJECT_PREPS = {"of", "for", "on", "about", "against", "to", "with", "toward", "towards", "over"}


def context_key(tok: Token, inside: list[bool]) -> tuple[str, str, str, str] | None:
    """The context of a word that might be a cue: (lemma, part of speech, role, holder).

    The role is the dependency label, with ``+to`` for an infinitive, ``+md`` under a
    modal and ``+neg`` when negated (verbs), or ``+prep`` for a noun followed by what it
    is about ("criticism of", "support for"). The holder is ``anim`` when the verb's
    subject (:func:`_subject`) or the noun's possessor names a person or group
    (:func:`animate`), ``thing`` for another subject, ``none`` without one.
    """
    if inside[tok.i]:
        return None
    return _context(tok)


def found_key(cue: Cue) -> tuple[str, str, str, str]:
    """The context of a cue the rules found: (its lemma, then part of speech, role without
    its marks, holder as :func:`context_key` reads them off its verb or head word; a
    word of another kind has its dependency label as role and ``x`` as holder)."""
    tok = cue.verb if cue.verb is not None else cue.cue.root
    key = _context(tok)
    if key is None:
        return (cue.lemma, tok.pos_, tok.dep_, "x")
    return (cue.lemma, key[1], key[2].split("+")[0], key[3])


def _context(tok: Token) -> tuple[str, str, str, str] | None:
    pos = tok.pos_
    if pos == "VERB":
        role = tok.dep_
        kids = list(children(tok))
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in kids):
            role += "+to"
        if any(c.dep_ == "aux" and c.tag_ == "MD" for c in kids):
            role += "+md"
        if any(c.dep_ == "neg" for c in kids):
            role += "+neg"
        subj = _subject(tok)
        holder = "none" if subj is None else "anim" if animate(subj) else "thing"
    elif pos in ("NOUN", "ADJ"):
        role = tok.dep_
        if any(c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS and c.i == tok.i + 1 for c in children(tok)):
            role += "+prep"
        own = next((c for c in children(tok) if c.dep_ == "poss"), None)
        if pos == "ADJ" and tok.dep_ == "acomp":
            own = next((c for c in children(tok.head) if c.dep_ in ("nsubj", "nsubjpass")), None)
        holder = "none" if own is None else "anim" if animate(own) else "thing"
    else:
        return None
    return (tok.lemma_.lower(), pos, role, holder)


def _context_cues(toks: Doc | Span, found: list[Cue], inside: list[bool]) -> list[Cue]:
    """Cues of the learned contexts (:data:`CONTEXTS`) on words no found cue covers."""
    d = toks.doc
    taken: set[int] = set()
    for c in found:
        taken.update(range(c.cue.start, c.cue.end))
    scopes = [c.scope for c in found if c.scope is not None]
    out = []
    for tok in toks:
        if tok.i in taken or tok.pos_ not in ("VERB", "NOUN", "ADJ"):
            continue
        key = context_key(tok, inside)
        if key is None or (_COLLECT is None and key not in CONTEXTS):
            continue
        if tok.pos_ == "VERB":
            start, end = _cue_span(tok)
            subj = _subject(tok)
        else:
            start, end = tok.i, tok.i + 1
            subj = next((c for c in children(tok) if c.dep_ == "poss"), None)
            if tok.pos_ == "ADJ" and tok.dep_ == "acomp":
                subj = next((c for c in children(tok.head) if c.dep_ in ("nsubj", "nsubjpass")), None)
        if any(k in taken for k in range(start, end)):
            start, end = tok.i, tok.i + 1
        if any(s <= start and end <= e for s, e in scopes):
            continue  # inside a found cue's report: one attribution per token (_outermost)
        cue = Cue(d[start:end], _noun_span(subj) if subj is not None else None, None, key[0], None)
        if _COLLECT is not None:
            _COLLECT.append((key, cue))
            continue
        out.append(cue)
    return out


def _inflected_lemma(word: str) -> str | None:
    """The cue lemma of a title-cased verb form the tagger took for a name ("Endorses",
    "Slams", "Said"), or None."""
    w = word.lower()
    irregular = {"said": "say", "says": "say", "told": "tell", "tells": "tell"}
    cands = [irregular.get(w)]
    if w.endswith("ies") or w.endswith("ied"):
        cands.append(w[:-3] + "y")
    if w.endswith("es") or w.endswith("ed"):
        cands += [w[:-2], w[:-1]]
    elif w.endswith("s"):
        cands.append(w[:-1])
    for c in cands:
        if c and (c in SPEECH or c in ATTITUDE or c in TRAIN_CUE_VERBS or c in TRAIN_NO_CLAUSE_VERBS
                  or c in TRAIN_ATTITUDE_VERBS):
            return c
    return None


def _headline_cue(tok: Token) -> Cue | None:
    """A cue verb in a title-case headline, after the name that says it: "Carly Fiorina
    Endorses Ted Cruz", "Trump Slams Bush". The small model tags such verbs as proper
    nouns; only an inflected form (-s, -ed, said, told) after a name counts, in a line
    whose longer words are at least 80% capitalised."""
    doc = tok.doc
    if doc[tok.i - 1].pos_ != "PROPN":
        return None
    lemma = _inflected_lemma(tok.text)
    if lemma is None or lemma in ("be", "have", "do"):
        return None
    sent = sent_of(tok)
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if len(words) < 3 or sum(t.is_title or t.is_upper for t in words) < 0.8 * len(words):
        return None
    k = tok.i - 1
    while k - 1 >= sent.start and doc[k - 1].pos_ == "PROPN" and tok.i - k < 4:
        k -= 1
    return Cue(doc[tok.i:tok.i + 1], doc[k:tok.i], None, lemma, None)


def _headline_noun_cue(tok: Token) -> Cue | None:
    """A speech verb in an article's first line (its headline) that the tagger took for a
    plural noun, after the name or noun that says it: "Super PAC blasts Trump for skipping
    debate", "Putin chides Turkey and praises Trump". Only a -s form of a :data:`SPEECH`
    lemma, followed by a word (not "... for 4 Super Tuesday states."). PolNeAR train: 13
    of 19 such words in first lines are cues."""
    doc = tok.doc
    if _line_start(doc, tok.i) != 0 or not tok.lower_.endswith("s"):
        return None
    lemma = _inflected_lemma(tok.text)
    if lemma is None or lemma not in SPEECH:
        return None
    prev = doc[tok.i - 1]
    if not (prev.pos_ in ("PROPN", "NOUN") or prev.lower_ == "and" and tok.i > 1):
        return None
    if tok.i + 1 >= len(doc) or doc[tok.i + 1].is_punct or doc[tok.i + 1].is_space:
        return None
    k = tok.i - 1
    while k - 1 >= 0 and doc[k - 1].pos_ in ("PROPN", "NOUN") and tok.i - k < 4:
        k -= 1
    return Cue(doc[tok.i:tok.i + 1], doc[k:tok.i] if prev.lower_ != "and" else None, None, lemma, None)


def _outermost(cues: list[Cue]) -> list[Cue]:
    """Drop the cues that stand inside another cue's reported clause (module docstring).

    A speech verb joined to that clause as a participle or a coordinate ("..., saying
    that", "... and warned against") or in a contrasting clause ("..., while Cruz said")
    starts a new report, not a part of the first: the parser hangs it inside, annotators
    do not.
    """
    # a cue is inside some scope (s, e) iff among the scopes with s <= its start the
    # furthest end reaches its end: scopes by start, with the running furthest end
    # (one binary search per cue, not a pass over every scope: a run-on sentence has
    # thousands of both)
    scopes = sorted(c.scope for c in cues if c.scope is not None)
    starts = [s for s, _ in scopes]
    reach: list[int] = []
    for _, e in scopes:
        reach.append(max(e, reach[-1]) if reach else e)
    wide = [r for c in cues if c.lemma in SENTENCE_HOSTS for r in _sentence_scope(c)]
    keep = []
    for c in cues:
        if any(s <= c.cue.start and c.cue.end <= e for s, e in wide):
            continue  # "X said ..., according to Y": Y's report holds the whole sentence
        if c.lemma in SENTENCE_HOSTS:
            keep.append(c)  # however the parser hangs it inside another cue's clause
            continue
        v = c.verb
        free = v is not None and c.lemma in SPEECH and (
            v.dep_ == "advcl" and v.tag_ == "VBG" and v.doc[v.i - 1].text == "," or v.dep_ == "conj"
            or v.dep_ == "advcl" and any(k.dep_ == "mark" and k.lower_ in _CONTRAST for k in children(v)))
        k = bisect_right(starts, c.cue.start)
        if not free and k and reach[k - 1] >= c.cue.end:
            continue
        keep.append(c)
    return keep


#: prepositions whose gerund is part of the cue of the verb it hangs on ("responded by
#: saying", "criticized him for saying", "was quoted as saying"): one attribution, not two
#: (lexicons/attr_gerund_preps.txt; PolNeAR train: of 66 such pairs the rules found, the
#: gerund was a cue of its own in 5)
GERUND_PREPS = set(lexicon.words("attr_gerund_preps"))


def _merge_gerunds(cues: list[Cue]) -> list[Cue]:
    """Drop a cue gerund that is the object of a preposition of :data:`GERUND_PREPS` on
    another cue's verb: it belongs to that cue ("responded by saying")."""
    verbs = {c.verb.i for c in cues if c.verb is not None}
    out = []
    for c in cues:
        v = c.verb
        if v is not None and v.tag_ == "VBG" and v.dep_ == "pcomp" and v.head.dep_ == "prep" \
                and v.head.lower_ in GERUND_PREPS and v.head.head.i in verbs:
            continue
        out.append(c)
    return out


#: cues whose report is their whole sentence ("according to", lexicons/attr_sentence_hosts.txt):
#: PolNeAR train, in a sentence with "according to X", 129 of the 155 other cues the rules
#: found are no gold cue, the "said" of "X said ..., according to Y" being part of what Y
#: reports (one attribution per token)
SENTENCE_HOSTS = set(lexicon.words("attr_sentence_hosts"))


def _sentence_scope(cue: Cue) -> list[tuple[int, int]]:
    """The sentence of ``cue`` less the cue and its source phrase, as token ranges."""
    sent = sent_of(cue.cue[0])
    end = cue.cue.end
    if cue.source is not None and cue.source.start >= cue.cue.end:
        end = max(end, cue.source.end)
        src = cue.source.root
        end = max(end, src.right_edge.i + 1)
    return [(sent.start, cue.cue.start), (end, sent.end)]

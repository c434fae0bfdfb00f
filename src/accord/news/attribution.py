"""Who said it: attribution cues and their sources over a parsed spaCy ``Doc``.

A cue is a reporting verb (said, told, denied, reported, ...) or "according to"; its
source is the verb's subject (the agent of a passive, the noun a participle modifies,
the object of "according to"). A verb that only sometimes reports (think, show, call)
counts only where it takes a clause (``ccomp``) or a quotation. This follows the
lexical-syntactic view of attribution in PARC/PolNeAR (Pareti 2016; Newell et al. 2018):
cue, source and content are spans, the content being the reported clause.
Rules over the one parse spaCy already made; no second pass.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

#: verbs that report speech or writing whenever they have a subject
SPEECH = {
    "say", "tell", "report", "claim", "state", "add", "note", "argue", "write", "explain", "announce",
    "insist", "deny", "warn", "acknowledge", "admit", "assert", "confirm", "declare", "predict", "reveal",
    "tweet", "allege", "respond", "reply", "comment", "contend", "emphasize", "emphasise", "stress",
    "remark", "complain", "concede", "testify", "vow", "pledge", "urge", "accuse", "charge", "quip",
    "joke", "boast", "counter", "recount", "recall", "lament", "caution", "retort", "proclaim",
    "mention", "reiterate", "repeat", "speculate", "opine", "observe", "maintain", "inform", "advise",
    "threaten", "promise", "demand", "propose", "recommend", "criticize", "criticise", "praise",
    "dismiss", "reject", "describe", "label", "call", "ask", "question", "suggest", "indicate",
    "signal", "hint", "imply", "agree", "disagree", "concur", "acknowledge", "brag", "blast", "slam",
    "tout", "assure", "reassure", "dispute", "refute", "ridicule", "mock", "decry", "denounce",
    "condemn", "applaud", "welcome", "estimate", "forecast", "project", "conclude", "find", "show",
    "believe", "think", "feel", "know", "learn", "hope", "fear", "worry", "expect", "doubt", "wonder",
    "figure", "guess", "reckon", "suspect", "acknowledge", "point", "clarify", "elaborate", "stipulate",
    "order", "request", "plead", "beg", "shout", "yell", "chant", "scream", "whisper", "convey",
    "disclose", "divulge", "leak", "publish", "post", "share", "cite", "quote", "read", "pen",
}

#: of SPEECH, those that report only when they take a clause or a quotation
NEEDS_CLAUSE = {
    "believe", "think", "feel", "know", "learn", "hope", "fear", "worry", "expect", "doubt", "wonder",
    "figure", "guess", "reckon", "suspect", "find", "show", "indicate", "signal", "estimate", "forecast",
    "project", "conclude", "point", "read", "share", "post", "publish", "cite", "quote", "call",
    "describe", "label", "order", "request", "observe", "maintain", "add", "agree", "disagree",
    "dismiss", "reject", "question", "criticize", "criticise", "praise", "welcome", "applaud",
    "condemn", "denounce", "decry", "promise", "threaten", "demand", "propose", "recommend", "pen",
    "confirm", "ask", "urge", "advise", "inform", "suggest", "imply",
    "hint", "caution", "predict", "accuse", "charge", "blast", "slam", "tout", "mock", "ridicule",
    "convey", "disclose", "divulge", "leak", "share", "repeat", "reiterate",
}

#: nouns that name a report, for "a report alleging ..." and "in a statement"
REPORT_NOUNS = {"report", "statement", "interview", "article", "story", "memo", "letter", "tweet", "post",
                "poll", "survey", "study", "analysis", "release", "briefing", "remarks", "testimony"}

SUBJ = {"nsubj", "nsubjpass", "csubj"}
CLAUSE = {"ccomp", "xcomp", "parataxis", "dobj", "conj"}
QUOTES = set("\"“”«»")


@dataclass
class Cue:
    """One attribution: cue span, source span (tokens), content span, cue lemma."""

    cue: Span
    source: Span | None
    content: Span | None
    lemma: str
    verb: Token | None

    @property
    def cue_chars(self) -> tuple[int, int]:
        return (self.cue.start_char, self.cue.end_char)

    @property
    def source_chars(self) -> tuple[int, int] | None:
        return (self.source.start_char, self.source.end_char) if self.source is not None else None


def _has_clause(tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ in ("ccomp", "parataxis"):
            return True
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            return True
        if c.dep_ in ("dobj", "attr") and c.lemma_ in ("that", "this", "it") and False:
            return True
    # a quotation right before or after the verb
    sent = tok.sent
    left = tok.doc[max(sent.start, tok.i - 3):tok.i]
    right = tok.doc[tok.i + 1:min(sent.end, tok.i + 4)]
    return any(t.text in QUOTES or t.text in ("''", "``") for t in list(left) + list(right)) and any(
        t.text in QUOTES for t in sent
    )


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


def _subject(verb: Token) -> Token | None:
    """The subject of ``verb``, looking up through conjunctions and open complements."""
    seen = 0
    v: Token | None = verb
    while v is not None and seen < 4:
        for c in v.children:
            if c.dep_ in ("nsubj", "csubj"):
                return c
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if v.dep_ in ("conj", "xcomp") and v.head is not v:
            v = v.head
            seen += 1
            continue
        if v.dep_ in ("acl", "relcl") and v.head is not v:
            head = v.head
            if v.dep_ == "relcl":
                return head
            for c in head.children:  # a report by X alleging ...
                if c.dep_ == "prep" and c.lower_ == "by":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
            return head
        if v.dep_ == "advcl" and v.tag_ == "VBG":
            # "a report by X alleging": the nearest noun before the participle
            for t in reversed(list(v.doc[v.sent.start:v.i])):
                if t.pos_ in ("NOUN", "PROPN", "PRON"):
                    return t
            return None
        return None
    return None


def quoted(doc: Doc) -> list[bool]:
    """For each token, whether it stands inside a direct quotation.

    Curly quotes open and close; straight double quotes toggle; a paragraph break closes
    an unterminated quotation (news paragraphs may leave a quotation open).
    """
    inside = False
    out = []
    for t in doc:
        if "\n" in t.text:
            inside = False
        if t.text in ("“", "«", "``"):
            out.append(False)
            inside = True
            continue
        if t.text in ("”", "»", "''"):
            out.append(False)
            inside = False
            continue
        if t.text == '"':
            out.append(False)
            inside = not inside
            continue
        out.append(inside)
    return out


#: first- and second-person subjects: inside speech, not a source the article attributes to
_PERSONAL = {"i", "you", "we", "me", "us"}


def find_cues(doc: Doc | Span, inside: list[bool] | None = None) -> list[Cue]:
    """Every attribution cue in ``doc`` (a Doc or a sentence), in text order.

    Cues inside a direct quotation are left out: they are the quoted speaker's words, not
    the article's attribution (``inside`` may pass :func:`quoted` of the whole doc).
    """
    out: list[Cue] = []
    toks = doc if isinstance(doc, Span) else doc[:]
    if inside is None:
        inside = quoted(toks.doc)
    for tok in toks:
        if inside[tok.i]:
            continue
        # "according to X"
        if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
            to = tok.doc[tok.i + 1]
            src = next((c for c in to.children if c.dep_ == "pobj"), None)
            out.append(Cue(tok.doc[tok.i:tok.i + 2], _noun_span(src) if src is not None else None, None, "according_to", None))
            continue
        if tok.pos_ not in ("VERB", "AUX") or tok.lemma_ not in SPEECH:
            continue
        lemma = tok.lemma_
        if lemma in ("say", "tell") and tok.dep_ == "amod":
            continue
        if lemma == "call" and any(c.dep_ in ("oprd", "prt") or (c.dep_ == "prep" and c.lower_ == "for") for c in tok.children):
            pass
        elif lemma in ("cite", "quote") and tok.dep_ != "amod":
            pass
        elif lemma in NEEDS_CLAUSE and not _has_clause(tok):
            continue
        if tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl") and lemma not in ("report", "quote", "cite"):
            continue
        subj = _subject(tok)
        if subj is not None and subj.lower_ in _PERSONAL and lemma in NEEDS_CLAUSE | {"say", "tell"}:
            continue
        if subj is None and tok.dep_ not in ("parataxis", "ROOT", "ccomp", "conj", "advcl", "acl"):
            continue
        # the cue keeps its auxiliaries and particles: "has learned", "pointed out"
        start, end = tok.i, tok.i + 1
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass", "neg") and c.i == start - 1:
                start = c.i
            if c.dep_ == "prt" and c.i == end:
                end = c.i + 1
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass") and c.i < start and all(
                tok.doc[k].dep_ in ("aux", "auxpass", "neg", "advmod") for k in range(c.i, start)
            ):
                start = c.i
        content = None
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp", "parataxis", "dobj"):
                content = tok.doc[c.left_edge.i:c.right_edge.i + 1]
                break
        source = _noun_span(subj) if subj is not None else None
        out.append(Cue(tok.doc[start:end], source, content, lemma, tok))
    return out

"""A learned cue model beside the cue rules of :mod:`accord.news.attribution`.

The rules find about 73% of PolNeAR's train cues (Newell, Margolin & Ruths 2018) at 84%
precision; what they miss is a long tail of verbs and phrases no family of rules covers
with enough precision (docs/decisions.md, "Where the cue rules still miss"). This model
scores every word the rules left alone (a verb, noun, adjective or a name-tagged word
outside a quotation and outside every found cue) as a cue by a logistic regression over
sparse indicator features of its parse (:func:`features`):

    p(cue | token) = 1 / (1 + exp(-(b + sum_f w_f)))

over the features ``f`` the token has (Hosmer & Lemeshow's binary logistic model, fitted
with an L2 penalty, as in scripts/train_cues.py). A word whose score reaches the cut is a
cue; neighbouring such words in one sentence (at most :data:`GAP` tokens apart) form one
cue ("threw her support behind"). Its source is read as the rules read one: a verb's
subject (:func:`attribution._subject`), a noun's possessor.

A second model of the same form scores each cue the rules found (:func:`found_features`:
the rule's lemma and the features of its verb or head word) as p(gold cue); a found cue
below its cut is dropped. Both cuts were chosen together by cross-validation over train
articles: the most recall whose precision stays at the rules' own.

The weights are data (``lexicons/cue_model.json``), written by scripts/train_cues.py from
PolNeAR's train split only.
:func:`load` reads and checks them; ``attribution.find_cues(..., learned=False)`` (or
``attribution.LEARNED = False``) leaves the rules' output as it was.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span, Token

from accord.news.tree import children
from accord.news.tree import sent as sent_of

if TYPE_CHECKING:
    from accord.news.attribution import Cue

#: parts of speech a learned cue may have (a name-tagged word: a headline's verb)
POS = frozenset({"VERB", "NOUN", "ADJ", "PROPN"})
#: predicted words at most this many tokens apart in one sentence make one cue
GAP = 2
#: children whose label and word are features of their head
_KID_WORDS = {"prep", "prt", "xcomp", "ccomp", "dobj", "acomp", "advmod", "mark", "agent", "dative", "oprd", "attr"}
_QUOTES = set("\"“”«»") | {"''", "``"}


def _p(weights: dict[str, float], bias: float, feats: list[str]) -> float:
    z = bias + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-z)) if z > -30 else 0.0


@dataclass(frozen=True)
class CueModel:
    """Weights of the cue model: the adding model (a weight per feature name, the bias,
    the cut on p), and the dropping model of the rules' own cues (the same, for
    p(a found cue is a gold cue); a found cue below ``drop_cut`` is dropped)."""

    weights: dict[str, float]
    bias: float
    cut: float
    drop_weights: dict[str, float]
    drop_bias: float
    drop_cut: float
    #: where the weights came from (the PolNeAR commit, the training settings)
    meta: dict[str, object]

    def score(self, feats: list[str]) -> float:
        """p(cue) of a word the rules left alone, with the given features (module docstring)."""
        return _p(self.weights, self.bias, feats)

    def keep_score(self, feats: list[str]) -> float:
        """p(gold cue) of a cue the rules found, with the features of :func:`found_features`."""
        return _p(self.drop_weights, self.drop_bias, feats)


def digest(model: CueModel) -> str:
    """sha256 of the model's weights, biases and cuts (stable across Python runs)."""
    body = json.dumps({"w": model.weights, "b": model.bias, "c": model.cut, "dw": model.drop_weights,
                       "db": model.drop_bias, "dc": model.drop_cut}, sort_keys=True)
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def from_json(text: str, source: str = "cue_model.json") -> CueModel:
    """A :class:`CueModel` from its JSON, checked: weights a map of names to finite numbers,
    a cut in (0, 1), and the recorded digest matching."""
    data = json.loads(text)
    w = data.get("weights")
    if not isinstance(w, dict) or not w or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in w.values()):
        raise ValueError(f"{source}: field 'weights' must map feature names to finite numbers")
    dw = data.get("drop_weights")
    if not isinstance(dw, dict) or not all(isinstance(v, (int, float)) and math.isfinite(v) for v in dw.values()):
        raise ValueError(f"{source}: field 'drop_weights' must map feature names to finite numbers")
    for name in ("cut", "drop_cut"):
        v = data.get(name)
        if not isinstance(v, (int, float)) or not 0.0 <= v < 1.0:
            raise ValueError(f"{source}: field '{name}' must be a number in [0, 1)")
    for name in ("bias", "drop_bias"):
        v = data.get(name)
        if not isinstance(v, (int, float)) or not math.isfinite(v):
            raise ValueError(f"{source}: field '{name}' must be a finite number")
    model = CueModel({str(k): float(v) for k, v in w.items()}, float(data["bias"]), float(data["cut"]),
                     {str(k): float(v) for k, v in dw.items()}, float(data["drop_bias"]), float(data["drop_cut"]),
                     dict(data.get("meta", {})))
    if data.get("sha256") != digest(model):
        raise ValueError(f"{source}: field 'sha256' does not match the weights (file damaged or edited by hand)")
    return model


@lru_cache(maxsize=1)
def load() -> CueModel:
    """The shipped model (``lexicons/cue_model.json``)."""
    text = resources.files("accord.news").joinpath("lexicons", "cue_model.json").read_text(encoding="utf-8")
    return from_json(text)


def to_json(model: CueModel) -> str:
    """The model as written by scripts/train_cues.py (sorted keys: same model, same bytes)."""
    return json.dumps({"meta": model.meta, "bias": model.bias, "cut": model.cut, "sha256": digest(model),
                       "weights": model.weights, "drop_weights": model.drop_weights, "drop_bias": model.drop_bias,
                       "drop_cut": model.drop_cut}, sort_keys=True, indent=0) + "\n"


def _bucket(n: int) -> str:
    return "0" if n <= 0 else "1" if n == 1 else "2" if n == 2 else "3-5" if n <= 5 else "6-10" if n <= 10 else "11+"


class Context:
    """What :func:`features` reads about a word's surroundings, computed once per call:
    the found cues by sentence (their starts and ends sorted), sentences with a quotation
    mark, the tokens found cues cover. Each question is then O(log n), so a run-on
    sentence costs no quadratic pass."""

    def __init__(self, toks: Doc | Span, found: list[Cue], inside: list[bool]):
        self.inside = inside
        self.doc = toks.doc
        self.taken = {i for c in found for i in range(c.cue.start, c.cue.end)}
        self.by_sent: dict[int, list[Cue]] = {}
        doc = toks.doc
        for c in found:  # (a rule's cue may be an empty span: its start token names the sentence)
            self.by_sent.setdefault(sent_of(doc[min(c.cue.start, len(doc) - 1)]).start, []).append(c)
        self.edges = {k: sorted([c.cue.start for c in v] + [c.cue.end - 1 for c in v]) for k, v in self.by_sent.items()}
        #: the words of ``toks`` in lower case and the places of its quotation marks (read
        #: once: building a Token per question is what costs)
        self.base = toks.start if isinstance(toks, Span) else 0
        self.lower = [t.lower_ for t in toks]
        self.quotes = [t.i for t in toks if t.text in _QUOTES]
        self.quoted_sents = {sent_of(doc[i]).start for i in self.quotes}

    def low(self, i: int) -> str:
        """The lower-case text of token ``i`` of the doc."""
        k = i - self.base
        return self.lower[k] if 0 <= k < len(self.lower) else self.doc_lower(i)

    def doc_lower(self, i: int) -> str:
        return self.doc[i].lower_

    def quote_in(self, a: int, b: int) -> bool:
        """Whether a quotation mark stands at a token in [a, b)."""
        j = bisect_left(self.quotes, a)
        return j < len(self.quotes) and self.quotes[j] < b


def features(tok: Token, ctx: Context) -> list[str]:
    """The indicator features of word ``tok`` (module docstring): its lemma, tags and role;
    its head's lemma and role; its children's roles and the words of its prepositions,
    particles and complements; marks of tense, modal, negation and passive; whether its
    subject (or a noun's possessor) is a person or group as :func:`attribution.animate`
    reads it; quotation marks inside or next to it; its place in the sentence and line;
    and the found cues of its sentence (``ctx``)."""
    from accord.news import attribution as A

    inside, taken = ctx.inside, ctx.taken
    doc = tok.doc
    lem = tok.lemma_.lower()
    pos, dep = tok.pos_, tok.dep_
    head = tok.head
    hl = head.lemma_.lower() if head is not tok else "<root>"
    f = [f"l={lem}", f"p={pos}", f"t={tok.tag_}", f"d={dep}", f"l|p={lem}|{pos}", f"l|d={lem}|{dep}",
         f"p|d={pos}|{dep}", f"hl={hl}", f"hd={head.dep_}", f"hp={head.pos_}", f"p|hl={pos}|{hl}",
         f"l|hl={lem}|{hl}"]
    kids = list(children(tok))
    for c in kids:
        cd = c.dep_
        f.append(f"c={cd}")
        f.append(f"p|c={pos}|{cd}")
        if cd in _KID_WORDS:
            cl = c.lemma_.lower()
            f.append(f"c={cd}:{cl}")
            f.append(f"l|c={lem}|{cd}:{cl}")
        if cd == "aux" and c.lower_ == "to":
            f.append("to")
        elif cd == "aux" and c.tag_ == "MD":
            f.append("md")
        elif cd == "neg":
            f.append("neg")
        elif cd == "auxpass":
            f.append("pass")
            f.append(f"l|pass={lem}")
    if pos in ("VERB", "AUX"):
        subj = A._subject(tok)
    else:
        subj = next((c for c in kids if c.dep_ == "poss"), None)
        if subj is None and dep == "acomp":
            subj = next((c for c in children(head) if c.dep_ in ("nsubj", "nsubjpass")), None)
    holder = "none" if subj is None else "anim" if A.animate(subj) else "thing"
    f += [f"h={holder}", f"l|h={lem}|{holder}", f"p|d|h={pos}|{dep}|{holder}"]
    if subj is not None and subj.lower_ in A._SELF:
        f.append("h=self")
    if inside[tok.i]:
        f.append("inq")
    s = sent_of(tok)
    if ctx.quote_in(max(s.start, tok.i - 3), min(s.end, tok.i + 4)):
        f.append("qnear")
    if s.start in ctx.quoted_sents:
        f.append("qsent")
    if tok.i + 1 < len(doc) and ctx.low(tok.i + 1) == ":":
        f.append("colon")
    k = tok.i - s.start
    f.append(f"at={_bucket(k)}")
    f.append(f"left={_bucket(s.end - tok.i - 1)}")
    if A._line_start(doc, tok.i) == 0:
        f.append("line0")
        f.append(f"line0|p={pos}")
    if tok.is_title and k > 0:
        f.append("title")
    prev = ctx.low(tok.i - 1) if tok.i > 0 else "<s>"
    nxt = ctx.low(tok.i + 1) if tok.i + 1 < len(doc) else "</s>"
    f += [f"w-1={prev}", f"w+1={nxt}"]
    ins = ctx.by_sent.get(s.start)
    if not ins:
        f.append("nocue")
    else:
        edges = ctx.edges[s.start]
        j = bisect_left(edges, tok.i)
        dist = min(abs(tok.i - edges[k]) for k in (j - 1, j) if 0 <= k < len(edges))
        f.append(f"cuedist={_bucket(dist)}")
        if any(c.scope is not None and c.scope[0] <= tok.i < c.scope[1] for c in ins[:50]):
            f.append("inscope")
            f.append(f"inscope|p={pos}")
            f.append(f"l|inscope={lem}")
    if (tok.i - 1) in taken or (tok.i + 1) in taken:
        f.append("nextcue")
    return f


#: verbs a hand rule admits only with the right object ("backed Clinton", not "backed the
#: car out"; "released a statement"; "cast doubt on"): the rule decides them, not the
#: model (as no learned context may overrule it, bench/derive_cue_contexts.py)
GATED = frozenset({"back", "cast", "release"})


def _ruled(t: Token) -> bool:
    """Whether a hand rule has already decided word ``t``: a verb of :data:`GATED`, or the
    noun after "in" that the "in X's view" / "in a new poll" rule reads ("in view of" is
    no cue)."""
    from accord.news import attribution as A

    if t.lemma_ in GATED:
        return True
    return t.dep_ == "pobj" and t.head.lower_ == "in" and (t.lower_ in A.IN_NOUNS or t.lower_ in A.IN_OWNED)


def candidates(toks: Doc | Span, found: list[Cue], inside: list[bool]) -> list[Token]:
    """The words the model scores: of :data:`POS`, outside quotations, not in a found cue,
    no punctuation or space, none a hand rule decides (:func:`_ruled`)."""
    taken = {i for c in found for i in range(c.cue.start, c.cue.end)}
    return [t for t in toks if t.pos_ in POS and not inside[t.i] and t.i not in taken and not t.is_punct
            and not t.is_space and not _ruled(t)]


def _source(main: Token) -> Token | None:
    """The source of a learned cue headed by ``main``: a verb's subject
    (:func:`attribution._subject`); an adjective's subject ("were skeptical"); a noun's
    possessor or "by" agent, else the subject of the verb it hangs on ("voiced
    disagreement", "came under criticism") where that is a person or group."""
    from accord.news import attribution as A

    if main.pos_ == "VERB":
        s = A._subject(main)
        if s is None:  # no subject in the parse: the nearest person or group before it in the clause
            doc = main.doc
            for t in reversed(doc[max(sent_of(main).start, main.i - 8):main.i]):
                if t.is_punct:
                    break
                if t.pos_ in ("PROPN", "NOUN", "PRON") and A.animate(t):
                    return t
        return s
    kids = list(children(main))
    own = next((c for c in kids if c.dep_ == "poss"), None)
    if own is not None:
        return own
    for c in kids:
        if c.dep_ == "prep" and c.lower_ == "by":
            g = next((x for x in children(c) if x.dep_ == "pobj"), None)
            if g is not None:
                return g
    v = main.head
    if main.dep_ == "pobj" and v.dep_ == "prep":
        v = v.head
    if v is not main and v.pos_ in ("VERB", "AUX"):
        s = A._subject(v)
        if s is not None and A.animate(s):
            return s
    return None


def found_features(cue: Cue, ctx: Context) -> list[str]:
    """The features of a cue the rules found: its lemma (the rule's name for it: "colon",
    "according_to", a verb's lemma) and :func:`features` of its verb or head word."""
    doc = cue.cue.doc
    tok = cue.verb if cue.verb is not None else cue.cue.root if len(cue.cue) else doc[min(cue.cue.start, len(doc) - 1)]
    return [f"k={cue.lemma}", f"n={min(len(cue.cue), 4)}", f"src={cue.source is not None}"] + features(tok, ctx)


def apply(toks: Doc | Span, found: list[Cue], inside: list[bool], model: CueModel) -> list[Cue]:
    """The rules' cues ``found`` less those the dropping model scores below its cut, plus
    the cues the adding model finds among the words the rules left alone, in text order."""
    ctx = Context(toks, found, inside)
    kept = found if model.drop_cut <= 0.0 else [
        c for c in found if model.keep_score(found_features(c, ctx)) >= model.drop_cut]
    cands = candidates(toks, found, inside)
    added = cues_of(toks.doc, [t for t in cands if model.score(features(t, ctx)) >= model.cut], ctx.taken)
    return sorted(kept + added, key=lambda c: c.cue.start) if added else kept


def cues_of(doc: Doc, hits: list[Token], taken: set[int]) -> list[Cue]:
    """The cues the words ``hits`` make (in text order): neighbours in one sentence, no
    found cue between them, make one cue (:data:`GAP`); its source as the rules read one."""
    from accord.news import attribution as A

    groups: list[list[Token]] = []
    for t in hits:
        g = groups[-1] if groups else None
        if g is not None and t.i - g[-1].i <= GAP + 1 and sent_of(t).start == sent_of(g[-1]).start and not any(
                k in taken for k in range(g[-1].i + 1, t.i)):
            g.append(t)
        else:
            groups.append([t])
    out = []
    for g in groups:
        # the group's source: the first verb's subject, else a noun's possessor
        main = next((t for t in g if t.pos_ == "VERB"), g[0])
        subj = _source(main)
        src = A._noun_span(subj) if subj is not None and not (g[0].i <= subj.i <= g[-1].i) else None
        out.append(A.Cue(doc[g[0].i:g[-1].i + 1], src, None, main.lemma_.lower(), None))
    return out

"""A parse's tree read once: children, subtrees, ancestry and sentences at a cost that
does not grow with the sentence.

spaCy answers ``Token.children`` by scanning every token between the token's left and
right edge, ``Token.subtree`` by recursing through those scans, ``Token.sent`` by first
checking the whole document's sentence annotation, and a walk up the heads takes the
token's depth. In ordinary prose a sentence is short and the tree shallow, so none of
this matters; in a run-on "sentence" (a scraped page with no full stop) the
parser chains the clauses, the depth grows with the length, and each of these questions
costs O(n): a pass that asks one per token is O(n^2) (a 160 KB sentence took seconds).

:class:`Tree` reads the heads once (O(n)) and keeps each token's children (in spaCy's
order: by position), and the order in which spaCy's ``subtree`` yields the tokens
(left children's subtrees, the token, right children's subtrees), where every subtree is
one contiguous run: a subtree is a slice, and "is ``t`` under ``top``" two comparisons.
The answers are spaCy's own, only cheaper. The last few documents' trees are kept
(:func:`of`); :func:`forget` drops one.
"""

from __future__ import annotations

from bisect import bisect_right
from functools import wraps
from typing import Any, Callable, TypeVar

from spacy.attrs import HEAD
from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

#: how many documents' trees are kept (one article at a time is read; a few for training)
KEEP = 4


class Tree:
    """The dependency tree of one :class:`~spacy.tokens.Doc` (all its sentences)."""

    __slots__ = ("doc", "heads", "kids", "order", "at", "end", "pos", "_tok_kids", "_sents", "_sent_starts", "_lines",
                 "memo")

    def __init__(self, doc: Doc):
        self.doc = doc
        n = len(doc)
        # HEAD is the head's offset from the token, as uint64 (negative offsets wrap)
        rel = doc.to_array(HEAD).astype("int64").tolist() if n else []
        kids: list[list[int]] = [[] for _ in range(n)]
        roots = []
        for i, r in enumerate(rel):
            if r == 0:
                roots.append(i)
            else:
                kids[i + r].append(i)  # in position order, as Token.children
        self.kids = kids
        self.heads = [i + r for i, r in enumerate(rel)]  # each token's head (a root its own)
        # spaCy's subtree order, each token's subtree the run order[at[i]:end[i]]
        order: list[int] = []
        at = [0] * n
        end = [0] * n
        pos = [0] * n  # where the token itself stands in ``order``
        for root in roots:
            stack: list[tuple[int, int]] = [(0, root)]  # (0: open, 1: the token itself, 2: close)
            while stack:
                what, i = stack.pop()
                if what == 0:
                    at[i] = len(order)
                    stack.append((2, i))
                    ks = kids[i]
                    stack.extend((0, k) for k in reversed(ks) if k > i)
                    stack.append((1, i))
                    stack.extend((0, k) for k in reversed(ks) if k < i)
                elif what == 1:
                    pos[i] = len(order)
                    order.append(i)
                else:
                    end[i] = len(order)
        self.order, self.at, self.end, self.pos = order, at, end, pos
        self._tok_kids: dict[int, list[Token]] = {}
        self._sents: list[Span] = []
        self._sent_starts: list[int] = []
        self._lines: list[int] = []
        self.memo: dict[tuple[str, int], Any] = {}  # (question, token) -> answer, for :func:`per_token`

    def children(self, tok: Token) -> list[Token]:
        """``list(tok.children)``."""
        got = self._tok_kids.get(tok.i)
        if got is None:
            doc = self.doc
            got = self._tok_kids[tok.i] = [doc[k] for k in self.kids[tok.i]]
        return got

    def subtree(self, tok: Token) -> list[Token]:
        """``list(tok.subtree)``."""
        doc = self.doc
        return [doc[k] for k in self.order[self.at[tok.i]:self.end[tok.i]]]

    def sent(self, tok: Token) -> Span:
        """``tok.sent`` (which spaCy finds by checking the whole document's sentence
        annotation, then walking the sentence flags, on every call)."""
        if not self._sent_starts:
            self._sents = list(self.doc.sents)
            self._sent_starts = [s.start for s in self._sents]
        return self._sents[bisect_right(self._sent_starts, tok.i) - 1]

    def line_start(self, i: int) -> int:
        """The first token of the line (paragraph) holding token ``i``: the token after the
        last one before it whose text or trailing whitespace holds a line break."""
        if not self._lines and len(self.doc):
            doc, k = self.doc, 0
            for j in range(len(doc)):
                if j and ("\n" in doc[j - 1].text or "\n" in doc[j - 1].whitespace_):
                    k = j
                self._lines.append(k)
        return self._lines[i]

    def under(self, i: int, top: int) -> bool:
        """Whether token ``i`` is ``top`` or hangs from it."""
        return self.at[top] <= self.pos[i] < self.end[top]


_kept: dict[int, tuple[Doc, Tree]] = {}


def of(doc: Doc) -> Tree:
    """The tree of ``doc``, built on the first question and kept for the next ones."""
    got = _kept.get(id(doc))
    if got is not None and got[0] is doc:
        return got[1]
    tree = Tree(doc)
    if len(_kept) >= KEEP:
        del _kept[next(iter(_kept))]  # the oldest
    _kept[id(doc)] = (doc, tree)  # the doc is held, so its id is not reused while kept
    return tree


def forget(doc: Any) -> None:
    """Drop ``doc``'s tree (the extractor holds no parse after its article)."""
    got = _kept.get(id(doc))
    if got is not None and got[0] is doc:
        del _kept[id(doc)]


def children(tok: Token) -> list[Token]:
    """``tok.children`` as a list, from the document's :class:`Tree`."""
    return of(tok.doc).children(tok)


def subtree(tok: Token) -> list[Token]:
    """``tok.subtree`` as a list, from the document's :class:`Tree`."""
    return of(tok.doc).subtree(tok)


_MISSING = object()


def per_token(fn: Callable[[Token], T]) -> Callable[[Token], T]:
    """``fn`` (a question about one token and its children) answered once per token of a
    document: below a token with many children (the root of a run-on sentence joins its
    clauses as hundreds of ``conj``), every keyword's walk up the tree would scan them again."""
    name = f"{fn.__module__}.{fn.__qualname__}"

    @wraps(fn)
    def once(tok: Token) -> T:
        memo = of(tok.doc).memo
        key = (name, tok.i)
        got = memo.get(key, _MISSING)
        if got is _MISSING:
            got = memo[key] = fn(tok)
        return got

    return once


def sent(tok: Token) -> Span:
    """``tok.sent``, from the document's :class:`Tree`."""
    return of(tok.doc).sent(tok)


def line_start(doc: Doc, i: int) -> int:
    """The first token of the line holding token ``i`` of ``doc`` (:meth:`Tree.line_start`)."""
    return of(doc).line_start(i)


def under(t: Token, top: Token) -> bool:
    """Whether ``t`` is ``top`` or one of its descendants."""
    return of(t.doc).under(t.i, top.i)


#: adverbs the parser may attach as advmod that make a phrasal verb ("trade away")
PARTICLES = frozenset({"away", "back", "over", "up", "out", "off", "down"})


def particle(t: Token) -> Token | None:
    """The particle that makes ``t`` a phrasal verb, if it has one: a ``prt`` child ("give
    up", "rule out"), an adverb of :data:`PARTICLES` right after it ("trade away"), or an
    "out" right after it that the parser made a preposition over "of" ("pulled out of the
    deal", "backed out of the talks")."""
    for c in children(t):
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLES and c.i == t.i + 1):
            return c
        if c.dep_ == "prep" and c.lower_ == "out" and c.i == t.i + 1 and any(
                k.dep_ == "prep" and k.lower_ == "of" for k in children(c)):
            return c
    return None


@per_token
def phrasal_lemma(t: Token) -> str:
    """The token's lemma, with its particle where it has one (:func:`particle`)."""
    low = t.lemma_.lower()
    p = particle(t)
    return low if p is None else f"{low} {p.lower_}"

"""What decides a stance's direction: the interface between proposing and deciding.

Rules propose :class:`Candidate` s (a holder and an issue in one sentence, found for
recall); a *decider* says for each whether the sentence gives that holder a stance on the
issue, which way (``"up"``, ``"down"``) and whether it is the author's guess (hedged).

A decider sees an issue only as words (:class:`IssueText`: its name, what its two ends
mean, its numbered anchors and keywords), never as an id and never with any actor's
position, so one trained on one case can serve another, and no case's own positions can
leak into what is read from the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, Sequence


@dataclass(frozen=True)
class IssueText:
    """What a decider may know of an issue: words only."""

    name: str
    low: str  # what the low end of the scale (0) means
    high: str  # what the high end (100) means
    anchors: tuple[tuple[float, str], ...] = ()  # numbered points, (value on 0..100, words)
    keywords: tuple[str, ...] = ()


@dataclass
class Candidate:
    """One (holder, issue) pair proposed in one sentence.

    ``sent`` is a spaCy ``Span``; ``holder`` the token that names (or stands for) the
    holder; ``key`` the predicate that carries the stance where the rules found one; the
    keyword tokens are the sentence's words that named the issue. ``rule_score`` and
    ``rule_hedged`` are the rules' own reading, which a learned decider may use as features.
    """

    sent: Any
    actor: str
    issue: str
    issue_text: IssueText
    holder: Any = None
    key: Any = None
    keyword_tokens: tuple[int, ...] = ()
    rule_score: int = 0
    rule_hedged: bool = False
    position: float | None = None  # 0..100 where the sentence pins one of the issue's anchors
    #: whether the rules read a stance at all (False: the sentence names the topic, no side)
    rule_stance: bool = True
    #: who proposed it: ``rules`` (the holder rules of :mod:`.holders`) or ``broad`` (every
    #: actor named near the issue's words, :mod:`.learned.propose`, for a decider that asks)
    source: str = "rules"
    #: the actor's name in the case's vocabulary (what a decider that reads words sees)
    actor_name: str = ""
    #: whether the holder judges what another holds ("Guterres deplored Russia's decision to
    #: quit the deal"): the anchor the sentence pins is then the judged content's, not the holder's
    judges: bool = False


@dataclass(frozen=True)
class Decision:
    direction: str | None  # "up", "down", or None: no stance the text settles
    hedged: bool
    confidence: float = 1.0
    #: False: the sentence gives the holder no stance on the issue at all (a topic named,
    #: no side), and no statement is made; True with ``direction`` None: a stance the text
    #: does not settle the way of, stored as ``direction: null``
    stance: bool = True


class Decider(Protocol):
    """``name``; ``decide`` gets one article's candidates at once. A decider with
    ``proposals = "broad"`` is also given the broad proposer's candidates
    (``Candidate.source == "broad"``) beside the rules' own."""

    name: str

    def decide(self, candidates: Sequence[Candidate]) -> list[Decision]:
        ...


# -- the registry: ``--extractor NAME`` picks a decider ---------------------------------

_DECIDERS: dict[str, Any] = {}


def register_decider(name: str, factory: Any) -> None:
    """Make ``factory()`` (returning a :class:`Decider`) available as ``--extractor name``."""
    _DECIDERS[name] = factory


def decider_names() -> list[str]:
    _load_builtin()
    return sorted(_DECIDERS)


def default_decider() -> str:
    """The extractor's default decider: ``learned`` where its weights ship (it scored best
    on the stance corpus' dev split through the whole extractor, docs/decisions.md), else
    the rule-only ``rules``."""
    _load_builtin()
    return "learned" if "learned" in _DECIDERS else "rules"


def make_decider(name: str | None = None) -> Decider:
    """The decider registered as ``name`` (default: :func:`default_decider`); ``rules`` is
    the rule-only baseline, ``learned`` is registered by :mod:`accord.news.learned` when
    that package is present."""
    _load_builtin()
    name = name or default_decider()
    if name not in _DECIDERS:
        from ..errors import InputError

        raise InputError(f"no extractor {name!r}; known: {', '.join(sorted(_DECIDERS))}", field="--extractor")
    return _DECIDERS[name]()


def _load_builtin() -> None:
    from . import rules_decider  # noqa: F401  (registers "rules")

    try:
        from . import learned  # noqa: F401  (registers "learned" where it ships)
    except ImportError:
        pass

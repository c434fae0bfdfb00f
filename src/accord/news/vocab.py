"""A case's vocabulary: what names things, apart from what anyone wants.

The extractor reads a case only through a :class:`Vocabulary`: actors (ids, names,
aliases with their dates) and issues (their poles, numbered anchors and keywords). No
position, salience, capability or side enters it, so what is read from an article cannot
echo the case's own guesses back (the case's positions enter later, in aggregation, as a
prior the user can switch off: :mod:`accord.aggregate`).

:meth:`Vocabulary.from_scenario` builds one from a scenario; :meth:`Vocabulary.check`
refuses a vocabulary nothing can be read with (no keyword on any issue) or one that names
two actors by the same alias on the same day.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from .decide import IssueText


@dataclass(frozen=True)
class AliasName:
    """A name of an actor, valid between two ISO dates where given (``to`` exclusive)."""

    text: str
    valid_from: str | None = None
    valid_to: str | None = None


@dataclass(frozen=True)
class ActorVocab:
    id: str
    name: str
    aliases: tuple[AliasName, ...] = ()


@dataclass(frozen=True)
class IssueVocab:
    """An issue as words: its two poles, numbered anchors and keywords.

    ``keywords_up`` / ``keywords_down`` name things of which more points to the high / low
    pole ("troop cap", "weapons deliveries"): a naming of the poles, not anyone's side.
    """

    id: str
    name: str
    scale: tuple[float, float] = (0.0, 100.0)
    low: str = ""
    high: str = ""
    anchors: tuple[tuple[float, str], ...] = ()
    keywords: tuple[str, ...] = ()
    keywords_up: tuple[str, ...] = ()
    keywords_down: tuple[str, ...] = ()

    @property
    def all_keywords(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.keywords + self.keywords_up + self.keywords_down))

    @property
    def mid(self) -> float:
        return (self.scale[0] + self.scale[1]) / 2

    def text(self) -> IssueText:
        """The issue as a decider sees it (words only, anchors on 0..100)."""
        lo, hi = self.scale
        span = (hi - lo) or 1.0
        return IssueText(name=self.name, low=self.low, high=self.high,
                         anchors=tuple((100.0 * (v - lo) / span, t) for v, t in self.anchors),
                         keywords=self.all_keywords)


@dataclass(frozen=True)
class Vocabulary:
    id: str
    actors: tuple[ActorVocab, ...]
    issues: tuple[IssueVocab, ...]
    source: str = ""  # the file it came from, for error messages

    @classmethod
    def from_scenario(cls, scenario: Any, source: str = "") -> "Vocabulary":
        """The names of ``scenario``'s actors and issues; nothing else of it is read."""
        if isinstance(scenario, Vocabulary):
            return scenario
        actors = tuple(
            ActorVocab(a.id, a.name, tuple(AliasName(x.text, x.valid_from, x.valid_to) for x in a.aliases))
            for a in scenario.actors)
        issues = tuple(
            IssueVocab(i.id, i.name, (float(i.scale[0]), float(i.scale[1])), i.low, i.high,
                       tuple(sorted((float(v), t) for v, t in i.anchors.items())),
                       tuple(i.keywords), tuple(i.keywords_up), tuple(i.keywords_down))
            for i in scenario.issues)
        return cls(scenario.id, actors, issues, source or scenario.id)

    def issue(self, issue_id: str) -> IssueVocab:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def warnings(self) -> list[str]:
        """What would let a user's case read little or nothing from the news (not errors):
        an issue with no keyword, an actor with no alias. Each as ``field: what``."""
        out = []
        for k, i in enumerate(self.issues):
            if not i.all_keywords:
                out.append(f"issues[{k}].keywords: issue {i.id!r} has no keywords; no stance on it can be read "
                           "from the news (see docs/cases.md)")
        for k, a in enumerate(self.actors):
            if not a.aliases:
                out.append(f"actors[{k}].aliases: actor {a.id!r} has no alias; the news is matched to its name "
                           f"{a.name!r} alone (see docs/cases.md)")
        return out

    def check(self) -> None:
        """Raise :class:`InputError` where no stance could be read with this vocabulary:
        no keyword on any issue, or one alias naming two actors on the same day."""
        src = self.source or self.id
        if self.issues and not any(i.all_keywords for i in self.issues):
            raise InputError("no issue has any keyword (keywords, keywords_up or keywords_down); "
                             "no stance can be read without them (see docs/cases.md)",
                             source=src, field="issues[*].keywords")
        seen: dict[str, list[tuple[int, str, AliasName]]] = {}
        for k, a in enumerate(self.actors):
            for j, al in enumerate((AliasName(a.name),) + a.aliases):
                key = al.text.strip().lower()
                if key.startswith("the "):
                    key = key[4:]
                if not key:
                    continue
                for k2, other, al2 in seen.get(key, []):
                    if other != a.id and _overlap(al, al2):
                        where = f"actors[{k}].aliases[{j - 1}]" if j else f"actors[{k}].name"
                        raise InputError(f"alias {al.text!r} also names actor {other!r} on overlapping "
                                         "dates; give each a from/to range that does not overlap",
                                         source=src, field=where)
                seen.setdefault(key, []).append((k, a.id, al))


def _overlap(a: AliasName, b: AliasName) -> bool:
    lo = max(a.valid_from or "", b.valid_from or "")
    his = [h for h in (a.valid_to, b.valid_to) if h]
    return not his or lo < min(his)

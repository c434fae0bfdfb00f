"""The model of a negotiation: actors, issues, positions, levers.

A :class:`Scenario` is the single source of truth downstream: every number a model sees
comes from it, and every number in it is an :class:`Estimate` -- a value with a range,
the distribution the range is drawn from, and the basis it rests on (a verbatim quote
from a source, statement ids, or the word that it is an assumption).

Plain dataclasses, validated by :func:`accord.scenario.validate.scenario_from_dict`
(which names the field path of anything wrong); nothing here reads files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

DISTRIBUTIONS = ("uniform", "triangular", "pert")


@dataclass(frozen=True)
class Estimate:
    """A number with its uncertainty: ``value`` in ``[low, high]``.

    ``dist`` says how a Monte Carlo draw treats the range: ``uniform`` over it,
    ``triangular`` or ``pert`` with ``value`` as the mode. ``basis`` says why.
    """

    value: float
    low: float
    high: float
    dist: str = "triangular"
    basis: str = ""

    @classmethod
    def exact(cls, value: float, basis: str = "") -> "Estimate":
        return cls(float(value), float(value), float(value), "uniform", basis)

    @property
    def is_point(self) -> bool:
        return self.low == self.high

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"value": _num(self.value)}
        if not self.is_point:
            d["range"] = [_num(self.low), _num(self.high)]
            d["dist"] = self.dist
        if self.basis:
            d["basis"] = self.basis
        return d


@dataclass(frozen=True)
class Evidence:
    """Why a number is what it is: a verbatim ``quote`` from ``source``, or statement ids."""

    source: str = ""
    quote: str = ""
    statements: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {}
        if self.source:
            d["source"] = self.source
        if self.quote:
            d["quote"] = self.quote
        if self.statements:
            d["statements"] = list(self.statements)
        return d


@dataclass(frozen=True)
class Alias:
    """A name a reader meets for an actor, valid between two dates where given."""

    text: str
    valid_from: str | None = None  # ISO date, inclusive
    valid_to: str | None = None  # ISO date, exclusive

    def to_dict(self) -> Any:
        if self.valid_from is None and self.valid_to is None:
            return self.text
        d: dict[str, Any] = {"text": self.text}
        if self.valid_from:
            d["from"] = self.valid_from
        if self.valid_to:
            d["to"] = self.valid_to
        return d


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    capability: Estimate
    aliases: tuple[Alias, ...] = ()
    capability_by_issue: dict[str, Estimate] = field(default_factory=dict)
    description: str = ""
    #: the actor takes part from ``valid_from`` (inclusive) to ``valid_to`` (exclusive),
    #: ISO dates as for aliases; None: no limit
    valid_from: str | None = None
    valid_to: str | None = None

    def valid_on(self, date: str) -> bool:
        """Whether the actor takes part on ``date`` (ISO, compared as text)."""
        return (self.valid_from is None or self.valid_from <= date) and (self.valid_to is None or date < self.valid_to)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.description:
            d["description"] = self.description
        if self.aliases:
            d["aliases"] = [a.to_dict() for a in self.aliases]
        d["capability"] = self.capability.to_dict()
        if self.capability_by_issue:
            d["capability_by_issue"] = {k: v.to_dict() for k, v in self.capability_by_issue.items()}
        if self.valid_from:
            d["valid_from"] = self.valid_from
        if self.valid_to:
            d["valid_to"] = self.valid_to
        return d


@dataclass(frozen=True)
class Issue:
    """One negotiated dimension, a line from ``scale[0]`` to ``scale[1]``.

    ``low``/``high`` say what the ends mean; ``anchors`` pin numbered points
    (``{75: "the current line of contact frozen"}``) so that a sentence maps to a number.
    """

    id: str
    name: str
    status_quo: Estimate
    scale: tuple[float, float] = (0.0, 100.0)
    low: str = ""
    high: str = ""
    anchors: dict[float, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    description: str = ""
    #: keywords of which more points toward the high end ("troop cap", "sanctions relief")
    #: or the low end ("weapons deliveries", "sanctions"), for reading a sentence's direction
    keywords_up: tuple[str, ...] = ()
    keywords_down: tuple[str, ...] = ()
    #: issues with the same group are negotiated together (smp); "" alone
    group: str = ""
    #: actors whose consent the outcome needs (they do no worse than the status quo)
    veto: tuple[str, ...] = ()

    @property
    def all_keywords(self) -> tuple[str, ...]:
        """Every keyword, signed or not, each once, in the order written."""
        return tuple(dict.fromkeys(self.keywords + self.keywords_up + self.keywords_down))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.description:
            d["description"] = self.description
        d["scale"] = [_num(self.scale[0]), _num(self.scale[1])]
        if self.low:
            d["low"] = self.low
        if self.high:
            d["high"] = self.high
        if self.anchors:
            d["anchors"] = {_num(k): v for k, v in sorted(self.anchors.items())}
        d["status_quo"] = self.status_quo.to_dict()
        if self.keywords:
            d["keywords"] = list(self.keywords)
        if self.keywords_up:
            d["keywords_up"] = list(self.keywords_up)
        if self.keywords_down:
            d["keywords_down"] = list(self.keywords_down)
        if self.group:
            d["group"] = self.group
        if self.veto:
            d["veto"] = list(self.veto)
        return d


@dataclass(frozen=True)
class Position:
    """Where ``actor`` stands on ``issue`` and how much it cares (salience 0..1)."""

    actor: str
    issue: str
    position: Estimate
    salience: Estimate
    evidence: tuple[Evidence, ...] = ()
    assumption: bool = False
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "actor": self.actor,
            "issue": self.issue,
            "position": self.position.to_dict(),
            "salience": self.salience.to_dict(),
        }
        if self.evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        if self.assumption:
            d["assumption"] = True
        if self.note:
            d["note"] = self.note
        return d


LEVER_TARGETS = ("position", "salience", "capability")
LEVER_OPS = ("set", "shift", "scale")


@dataclass(frozen=True)
class Effect:
    """One transformation: ``op`` (set, shift, scale) of ``target`` by ``amount``.

    ``actor`` and ``issue`` select what it touches; ``None`` means every one.
    """

    target: str
    op: str
    amount: Estimate
    actor: str | None = None
    issue: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"target": self.target, "op": self.op}
        if self.actor is not None:
            d["actor"] = self.actor
        if self.issue is not None:
            d["issue"] = self.issue
        d["amount"] = self.amount.to_dict()
        return d


@dataclass(frozen=True)
class Lever:
    id: str
    description: str
    effects: tuple[Effect, ...]
    evidence: tuple[Evidence, ...] = ()
    assumption: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "description": self.description}
        if self.evidence:
            d["evidence"] = [e.to_dict() for e in self.evidence]
        if self.assumption:
            d["assumption"] = True
        d["effects"] = [e.to_dict() for e in self.effects]
        return d


@dataclass(frozen=True, repr=False)
class Inputs:
    """The arrays every model takes (DESIGN: "models share one signature").

    ``position``, ``salience`` and ``capability`` are ``(..., n, k)``: n actors by k issues,
    with any leading axes for Monte Carlo draws. An actor with no position on an issue has
    ``position`` NaN and ``salience`` 0 there. ``status_quo``, ``scale_low`` and
    ``scale_high`` are ``(..., k)``.
    """

    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    status_quo: np.ndarray
    scale_low: np.ndarray
    scale_high: np.ndarray
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    #: per issue, the group (proposal) it is negotiated in with others; None: no groups
    group: tuple[str, ...] | None = None
    #: (n, k) bool: actor i may veto issue j (it takes part there); None: no vetoes
    veto: np.ndarray | None = None

    def __repr__(self) -> str:
        lead = self.position.shape[:-2]
        return (f"<Inputs: {len(self.actors)} actors x {len(self.issues)} issues"
                + (f", {int(np.prod(lead))} draws {lead}" if lead else "")
                + (", grouped" if self.group else "") + (", with vetoes" if self.veto is not None else "") + ">")

    @property
    def weight(self) -> np.ndarray:
        """capability x salience, 0 where the actor has no position."""
        w = self.capability * self.salience
        return np.where(np.isnan(self.position), 0.0, w)


@dataclass(frozen=True, repr=False)
class Scenario:
    """A negotiation: actors, issues, each actor's position on each issue, and levers.

    Its ``repr`` is a short summary (counts and the first ids); :meth:`to_dict` and
    :func:`accord.scenario.dump` give the whole of it.
    """

    id: str
    name: str
    actors: tuple[Actor, ...]
    issues: tuple[Issue, ...]
    positions: tuple[Position, ...]
    levers: tuple[Lever, ...] = ()
    description: str = ""
    date: str | None = None
    assumptions: tuple[str, ...] = ()
    sources: tuple[dict[str, Any], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)  # sections other stages own

    def __repr__(self) -> str:
        assumed = sum(p.assumption for p in self.positions)
        return (f"<Scenario {_cut(self.id)!r}: {_cut(self.name)!r}\n"
                f"  {len(self.actors)} actors: {_first(self.actor_ids)}\n"
                f"  {len(self.issues)} issues: {_first(self.issue_ids)}\n"
                f"  {len(self.positions)} positions ({assumed} assumptions), "
                f"{len(self.levers)} levers: {_first(tuple(lv.id for lv in self.levers))}>")

    # -- lookups ---------------------------------------------------------------------
    @property
    def actor_ids(self) -> tuple[str, ...]:
        return tuple(a.id for a in self.actors)

    @property
    def issue_ids(self) -> tuple[str, ...]:
        return tuple(i.id for i in self.issues)

    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def position(self, actor_id: str, issue_id: str) -> Position | None:
        for p in self.positions:
            if p.actor == actor_id and p.issue == issue_id:
                return p
        return None

    def lever(self, lever_id: str) -> Lever:
        for lv in self.levers:
            if lv.id == lever_id:
                return lv
        raise KeyError(lever_id)

    # -- arrays ----------------------------------------------------------------------
    def inputs(self) -> Inputs:
        """The point values as model arrays (see :class:`Inputs`)."""
        n, k = len(self.actors), len(self.issues)
        a_index = {a: i for i, a in enumerate(self.actor_ids)}
        i_index = {s: j for j, s in enumerate(self.issue_ids)}
        pos = np.full((n, k), np.nan)
        sal = np.zeros((n, k))
        cap = np.empty((n, k))
        for i, a in enumerate(self.actors):
            for j, s in enumerate(self.issue_ids):
                cap[i, j] = a.capability_by_issue.get(s, a.capability).value
        for p in self.positions:
            i, j = a_index[p.actor], i_index[p.issue]
            pos[i, j] = p.position.value
            sal[i, j] = p.salience.value
        veto = np.zeros((n, k), dtype=bool)
        for j, issue in enumerate(self.issues):
            for vetoer in issue.veto:
                veto[a_index[vetoer], j] = True
        veto &= ~np.isnan(pos)  # an absent actor has no veto
        return Inputs(
            position=pos,
            salience=sal,
            capability=cap,
            status_quo=np.array([s.status_quo.value for s in self.issues], dtype=float),
            scale_low=np.array([s.scale[0] for s in self.issues], dtype=float),
            scale_high=np.array([s.scale[1] for s in self.issues], dtype=float),
            actors=self.actor_ids,
            issues=self.issue_ids,
            group=tuple(s.group for s in self.issues) if any(s.group for s in self.issues) else None,
            veto=veto if veto.any() else None,
        )

    def as_of(self, date: str) -> "Scenario":
        """The scenario on ``date``: the positions of actors outside their
        ``valid_from``/``valid_to`` are dropped (they take no part, and hold no veto)."""
        gone = {a.id for a in self.actors if not a.valid_on(date)}
        if not gone:
            return self
        from dataclasses import replace

        return replace(self, positions=tuple(p for p in self.positions if p.actor not in gone))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.description:
            d["description"] = self.description
        if self.date:
            d["date"] = self.date
        if self.assumptions:
            d["assumptions"] = list(self.assumptions)
        if self.sources:
            d["sources"] = [dict(s) for s in self.sources]
        d["actors"] = [a.to_dict() for a in self.actors]
        d["issues"] = [i.to_dict() for i in self.issues]
        d["positions"] = [p.to_dict() for p in self.positions]
        if self.levers:
            d["levers"] = [lv.to_dict() for lv in self.levers]
        for key, value in self.extra.items():
            d[key] = value
        return d


def _cut(text: str, limit: int = 60) -> str:
    """``text`` cut to ``limit`` characters (an id or a name may be any length)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _first(ids: tuple[str, ...], limit: int = 60) -> str:
    """The first ids, escaped, as many as fit in about ``limit`` characters, and how many more."""
    shown: list[str] = []
    for i in ids:
        text = repr(_cut(i, 30))
        if shown and sum(len(s) + 2 for s in shown) + len(text) > limit:
            break
        shown.append(text)
    more = len(ids) - len(shown)
    return ", ".join(shown) + (f" (+{more} more)" if more else "") if ids else "none"


def _num(x: float) -> float | int:
    """A float that is a whole number written as an int, for tidy YAML."""
    x = float(x)
    return int(x) if x.is_integer() and abs(x) < 2**53 else x

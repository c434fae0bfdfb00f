"""The rules' own decider: the baseline every learned one is measured beside.

It takes what the rules read from the sentence (:mod:`.direction`): a numbered anchor the
sentence pins decides the direction; else the sign of the sentence's direction score; a
score of 0 leaves the direction unsettled (``None``), never borrowed from anywhere else.
Where the rules read no stance at all (``rule_stance`` False: the sentence names the
topic, a ceasefire or talks, and takes no side) and no anchor, there is no statement.
"""

from __future__ import annotations

from typing import Sequence

from .decide import Candidate, Decision, register_decider


def rule_direction(c: Candidate) -> str | None:
    """The rules' direction for a candidate: the anchor the sentence pins (off the
    midpoint), else the sign of the direction score, else unsettled (None). A judge of
    what another holds (``Candidate.judges``) takes the direction score first: the anchor
    is the judged content's ("deplored Russia's decision to quit the deal": the exit)."""
    if c.judges and c.rule_score:
        return "up" if c.rule_score > 0 else "down"
    if c.position is not None and c.position != 50.0:
        return "up" if c.position > 50.0 else "down"
    if c.rule_score:
        return "up" if c.rule_score > 0 else "down"
    return None


class RulesDecider:
    name = "rules"

    def decide(self, candidates: Sequence[Candidate]) -> list[Decision]:
        out = []
        for c in candidates:
            d = rule_direction(c)
            out.append(Decision(d, c.rule_hedged, 1.0, stance=d is not None or c.rule_stance))
        return out


register_decider("rules", RulesDecider)

"""The learned decider: for each proposed (holder, issue) candidate, none / up / down and hedged.

It reads only the candidate's sentence parse and the issue's words (:mod:`.features`);
the weights are the package's own (``weights/``), trained by ``scripts/train_stance.py``
on the annotated real-document corpus (see ``DATA_CARD.md``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..decide import Candidate, Decision
from .features import featurize
from .model import WEIGHTS, LinearModel

def actor_tokens(doc) -> frozenset[int]:
    """Doc indices of tokens inside an ACTOR entity (masked from word features)."""
    return frozenset(i for e in doc.ents if e.label_ == "ACTOR" for i in range(e.start, e.end))


def decision(direction: str | None, hedged: bool, confidence: float) -> Decision:
    return Decision(direction, hedged, confidence, stance=direction is not None)


class LearnedDecider:
    """``LearnedDecider()`` loads the shipped weights; ``LearnedDecider(path)`` another folder
    holding ``model.json`` and ``model.npy``; ``LearnedDecider(model=...)`` a model in memory."""

    name = "learned"

    def __init__(self, weights: str | Path | None = None, model: LinearModel | None = None,
                 threshold: float | None = None):
        self.model = model if model is not None else LinearModel.load(Path(weights) if weights else WEIGHTS)
        if threshold is not None:  # another proposer's candidates may want another cut than dev picked
            self.model.threshold = float(threshold)

    def featurize(self, candidates: Sequence[Candidate]) -> list[list[str]]:
        return featurize(candidates)

    def decide(self, candidates: Sequence[Candidate]) -> list[Decision]:
        if not candidates:
            return []
        p, ph = self.model.predict(self.featurize(candidates))
        return self.decide_from(p, ph, candidates)

    def decide_from(self, p, ph, candidates: Sequence[Candidate] | None = None) -> list[Decision]:
        """Decisions from the heads' probabilities. Where the model ships with
        ``hedge_source: rules`` (its own hedge head did no better on dev), a stance is hedged
        as the rules read it (``Candidate.rule_hedged``)."""
        t, th = self.model.threshold, self.model.hedge_threshold
        # the candidates whose rule-read hedge stands for the model's own, if any
        rules = candidates if self.model.meta.get("hedge_source") == "rules" else None
        out = []
        for k in range(len(p)):
            none, up, down = (float(x) for x in p[k])
            if 1.0 - none >= t:
                hedged = bool(rules[k].rule_hedged) if rules is not None else bool(ph[k] >= th)
                out.append(decision("up" if up >= down else "down", hedged, max(up, down)))
            else:
                out.append(decision(None, False, none))
        return out


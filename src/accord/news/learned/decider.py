"""The learned decider: for each proposed (holder, issue) candidate, none / up / down and hedged.

It reads only the candidate's sentence parse and the issue's words (:mod:`.features`);
the weights are the package's own (``weights/``), trained by ``scripts/train_stance.py``
on the annotated real-document corpus (see ``DATA_CARD.md``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

import numpy as np

from ..decide import Candidate, Decision
from .features import featurize
from .hedge import HedgeModel, shipped as shipped_hedger
from .model import WEIGHTS, LinearModel

def actor_tokens(doc) -> frozenset[int]:
    """Doc indices of tokens inside an ACTOR entity (masked from word features)."""
    return frozenset(i for e in doc.ents if e.label_ == "ACTOR" for i in range(e.start, e.end))


def _hedger(arg: "HedgeModel | bool | None") -> "HedgeModel | None":
    """None or True: the package's hedge reader (None where none ships); False: none (the
    rules' reading); a model: that one."""
    if arg is None or arg is True:
        return shipped_hedger()
    return arg or None


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


def pair_cands(candidates: Sequence[Candidate], p, p_rules=None) -> list:
    """The pair stage's view of one article's candidates; ``p`` holds the first stage's
    probabilities of its broad ones, in order, and ``p_rules`` those of the rules' ones."""
    from .pairs import PairCand

    out, k, r = [], 0, 0
    for c in candidates:
        pk: tuple | None = None
        if c.source == "broad":
            pk = tuple(float(x) for x in p[k])
            k += 1
        elif p_rules is not None:
            pk = tuple(float(x) for x in p_rules[r])
            r += 1
        out.append(PairCand(0, c.actor, c.issue, c.source, c.sent.start_char, c.holder is not None,
                            int(c.rule_score), pk))
    return out


def linear_pairs(lin: "ArticleDecider", candidates: Sequence[Candidate]) -> dict[tuple[str, str], np.ndarray]:
    """(actor, issue) -> the linear pair stage's (none, up, down) for each pair of the
    candidates, from the linear sentence head's readings."""
    from .pairs import matrix, pair_features

    p, p_rules = lin.read(candidates)
    feats = pair_features(pair_cands(candidates, p, p_rules))
    keys = list(feats)
    if not keys:
        return {}
    return {(a, i): row for (_, a, i), row in zip(keys, lin.pairs.proba(matrix([feats[k] for k in keys])))}


class ArticleDecider(LearnedDecider):
    """The learned decider with its article-level stage (:mod:`.pairs`): the sentence head
    reads the broad proposer's candidates, the pair stage decides each (actor, issue) of
    the article once from those readings and the rules' own candidates, and the article's
    statements for a pair with a stance are the sentences that say it (:meth:`evidence`),
    each with the pair's direction; hedged as the hedge reader (:mod:`.hedge`) reads the
    sentence, or the rules where it does not ship."""

    name = "learned"
    proposals = "broad"

    def __init__(self, weights: str | Path | None = None, model: LinearModel | None = None, pairs=None,
                 hedger: HedgeModel | bool | None = None):
        from .pairs import PairModel

        super().__init__(weights, model)
        loaded = pairs if pairs is not None else PairModel.load(Path(weights) if weights else WEIGHTS)
        if loaded is None:
            raise FileNotFoundError(f"{Path(weights) if weights else WEIGHTS}: no pairs.json (the article-level stage)")
        self.pairs: PairModel = loaded
        self.hedger = _hedger(hedger)
        if self.hedger is not None and "rule" in self.hedger.meta:
            self.hedge_rule = str(self.hedger.meta["rule"])

    def evidence(self, candidates: Sequence[Candidate], readings: list, decided: dict) -> set[int]:
        """Which candidates of the decided pairs become statements: those the sentence head
        itself reads as a stance (1 - P(none) at or above its threshold) the pair's way, one
        per sentence (the rules' candidate first, then the likeliest); a pair with none
        such is carried by its single likeliest candidate. The article's triples are the
        same either way; the evidence is the sentences that say it. ``readings`` are the
        candidates' :class:`.pairs.PairCand` s, in order, each with its head reading."""
        t = self.head_threshold
        best: dict[tuple, tuple[int, tuple]] = {}  # (sentence, actor, issue) -> (index, rank)
        top: dict[tuple, tuple[int, tuple]] = {}  # (actor, issue) -> the likeliest candidate
        for n, (c, reading) in enumerate(zip(candidates, readings)):
            none, up, down = reading.p
            pair = (0, c.actor, c.issue)
            if pair not in decided:
                continue
            rank = (1.0 - none, c.source != "broad", -n)
            if pair not in top or rank > top[pair][1]:
                top[pair] = (n, rank)
            way = "up" if up >= down else "down"
            if 1.0 - none >= t and way == decided[pair][0]:
                key = (c.sent.start, c.actor, c.issue)
                rank_s = (c.source != "broad", 1.0 - none, -n)
                if key not in best or rank_s > best[key][1]:
                    best[key] = (n, rank_s)
        chosen = {n for n, _ in best.values()}
        carried = {(candidates[n].actor, candidates[n].issue) for n in chosen}
        chosen |= {n for (_, a, i), (n, _) in top.items() if (a, i) not in carried}
        return chosen

    @property
    def head_threshold(self) -> float:
        """The sentence head's cut for "this sentence says it" (:meth:`evidence`)."""
        return self.model.threshold

    def read(self, candidates: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        """The sentence head's (none, up, down) of the broad candidates and of the rules'
        ones, each in order."""
        broad = [c for c in candidates if c.source == "broad"]
        p = self.model.predict(self.featurize(broad))[0] if broad else np.zeros((0, 3))
        rules = [c for c in candidates if c.source != "broad"]
        p_rules = self.model.predict(self.featurize(rules))[0] if rules else np.zeros((0, 3))
        return p, p_rules

    def decide(self, candidates: Sequence[Candidate]) -> list[Decision]:
        from .pairs import pair_features

        if not candidates:
            return []
        p, p_rules = self.read(candidates)
        readings = pair_cands(candidates, p, p_rules)
        decided = self.pairs.decide(pair_features(readings))
        chosen = self.evidence(candidates, readings, decided)
        own = self.statement_hedges(candidates, chosen)
        hedged = self.pair_hedges(candidates, own)
        out = []
        for n, c in enumerate(candidates):
            if n in chosen:
                direction, conf = decided[(0, c.actor, c.issue)]
                out.append(decision(direction, hedged.get((c.actor, c.issue), own[n]), conf))
            else:
                out.append(decision(None, False, 1.0))
        return out

    #: how a pair's statements are hedged, from the readings of their sentences: ``each``
    #: (each statement as its own sentence reads) or ``any`` (all of the pair's statements,
    #: where any of them reads hedged)
    hedge_rule = "each"

    #: the hedge reader (:mod:`.hedge`, the package's where it ships; None: the rules' own
    #: reading, ``Candidate.rule_hedged``)
    hedger: "HedgeModel | None" = None

    def statement_hedges(self, candidates: Sequence[Candidate], chosen: set[int]) -> dict[int, bool]:
        """Each chosen candidate's hedge as its sentence reads: the hedge reader's where
        one is set, else the rules'."""
        idx = sorted(chosen)
        if self.hedger is None:
            return {n: bool(candidates[n].rule_hedged) for n in idx}
        return dict(zip(idx, self.hedger.hedged([candidates[n] for n in idx])))

    def pair_hedges(self, candidates: Sequence[Candidate], own: dict[int, bool]) -> dict[tuple, bool]:
        """(actor, issue) -> hedged for every statement of the pair (``hedge_rule`` ``any``);
        empty for ``each``."""
        if self.hedge_rule != "any":
            return {}
        out: dict[tuple, bool] = {}
        for n, h in sorted(own.items()):
            c = candidates[n]
            out[(c.actor, c.issue)] = out.get((c.actor, c.issue), False) or h
        return out


class CrossDecider(ArticleDecider):
    """The article-level decider with the cross-encoder sentence head (:mod:`.cross`) in
    place of the linear one: the encoder reads the candidates (the broad proposer's and the
    rules'), the pair stage (its own weights, fitted on the encoder's out-of-fold readings)
    decides each (actor, issue) of the article once. ``folder`` holds ``model.onnx``,
    ``head.json`` and ``pairs.json`` (default: the package's ``weights/cross``).

    The encoder costs about a hundred times the linear head per candidate, so the linear
    decider screens first (a cascade, Viola & Jones 2001): only the candidates of pairs to
    which the linear pair stage gives P(stance) >= ``screen`` (``head.json``, picked on dev;
    0 reads all) are read; the rest are no stance."""

    name = "learned"
    proposals = "broad"

    #: how the issues the encoder was not trained on are read (decisions.md, entries 245-246):
    #: ``linear`` (the linear decider decides them), ``encoder`` (the encoder, as on its own
    #: issues), ``encoder+linear`` and ``encoder+rules`` (the encoder says which pairs hold
    #: a stance; the linear pair stage, or the rules' reading of the pair's sentences, which
    #: way, the linear stage's where the rules read none and the pair is sure, entry 288: the
    #: encoder's way follows the issues it saw, not the poles' words, entry 225).
    #: All but ``linear`` read every candidate (no linear screen) and keep a pair where its
    #: P(stance) is at least ``unseen_cut``.
    UNSEEN = ("linear", "encoder", "encoder+linear", "encoder+rules")

    def __init__(self, folder: str | Path | None = None, head=None, pairs=None, screen: float | None = None,  # noqa: D107
                 hedger: HedgeModel | bool | None = None, unseen: str = "encoder+rules", unseen_cut: float = 0.1):
        if unseen not in self.UNSEEN:
            raise ValueError(f"unseen: {unseen!r} is not one of {', '.join(self.UNSEEN)}")
        if not 0.0 <= unseen_cut <= 1.0:
            raise ValueError(f"unseen_cut: {unseen_cut!r} is not a probability in [0, 1]")
        self.unseen, self.unseen_cut = unseen, float(unseen_cut)
        self._unseen_reader: CrossDecider | None = None
        from .cross import FOLDER, CrossHead
        from .pairs import PairModel

        where = Path(folder) if folder else FOLDER
        self.head = head if head is not None else CrossHead(where)
        loaded = pairs if pairs is not None else PairModel.load(where)
        if loaded is None:
            raise FileNotFoundError(f"{where}: no pairs.json (the article-level stage)")
        self.pairs = loaded
        self.screen = float(self.head.meta.get("screen", 0.0) if screen is None else screen)
        self.hedger = _hedger(hedger)
        # the reader's own rule where it ships, else the one picked with the rules' reading
        self.hedge_rule = str(self.hedger.meta["rule"] if self.hedger is not None and "rule" in self.hedger.meta
                              else self.head.meta.get("hedge_rule", "each"))
        known = self.head.meta.get("issues")
        #: the issues (name, low pole, high pole) the encoder was trained on; None: all
        self.known: set[tuple[str, str, str]] | None = {tuple(x) for x in known} if known is not None else None
        self._fallback: ArticleDecider | None = None
        self.linear = ArticleDecider() if self.screen > 0 else None

    @property
    def head_threshold(self) -> float:
        return self.head.threshold

    def read(self, candidates: Sequence[Candidate]) -> tuple[np.ndarray, np.ndarray]:
        p = self.head.predict(candidates)
        broad = np.array([c.source == "broad" for c in candidates], dtype=bool)
        return p[broad], p[~broad]

    def screened(self, candidates: Sequence[Candidate]) -> list[int]:
        """Indices of the candidates the encoder reads: those of the pairs the linear
        decider's pair stage does not rule out."""
        if self.linear is None:
            return list(range(len(candidates)))
        kept = {k for k, (none, _, _) in linear_pairs(self.linear, candidates).items() if 1.0 - none >= self.screen}
        return [n for n, c in enumerate(candidates) if (c.actor, c.issue) in kept]

    def trained_on(self, c: Candidate) -> bool:
        it = c.issue_text
        return self.known is None or (it.name, it.low, it.high) in self.known

    def decide(self, candidates: Sequence[Candidate]) -> list[Decision]:
        """The encoder's decisions for the candidates on issues it was trained on; for the
        others as ``unseen`` says (decisions.md, entries 231, 245 and 246)."""
        if not candidates:
            return []
        ours = [n for n, c in enumerate(candidates) if self.trained_on(c)]
        if len(ours) == len(candidates):
            return self._decide_known(candidates)
        out = [decision(None, False, 1.0)] * len(candidates)
        mine = set(ours)
        other = [n for n in range(len(candidates)) if n not in mine]
        if self.unseen == "linear":
            unseen = self.fallback.decide
        elif self.unseen == "encoder":
            unseen = self.unseen_reader.decide
        else:
            unseen = self._decide_hybrid
        for part, dec in ((ours, self._decide_known), (other, unseen)):
            if part:
                for n, d in zip(part, dec([candidates[n] for n in part])):
                    out[n] = d
        return out

    @property
    def fallback(self) -> ArticleDecider:
        """The linear decider (the screen's where one is set)."""
        if self._fallback is None:
            self._fallback = self.linear or ArticleDecider()
        return self._fallback

    @property
    def unseen_reader(self) -> "CrossDecider":
        """This decider as it reads issues it was not trained on: the same encoder, pair
        stage and hedge reader, no screen, the pair stage's cut ``unseen_cut``."""
        if self._unseen_reader is None:
            r = CrossDecider(head=self.head, pairs=replace(self.pairs, threshold=self.unseen_cut), screen=0.0,
                             hedger=self.hedger if self.hedger is not None else False)
            r.hedge_rule, r.known = self.hedge_rule, None
            self._unseen_reader = r
        return self._unseen_reader

    def _decide_hybrid(self, candidates: Sequence[Candidate]) -> list[Decision]:
        """The unseen reader's decisions, each pair's direction replaced: by the linear pair
        stage's (P(up) against P(down), whether or not that stage itself reads a stance),
        or by the rules' (the way most of the pair's candidates read by the rules point,
        :func:`..rules_decider.rule_direction`). Where the rules settle no way, a pair whose
        P(stance) reaches the pair stage's own cut takes the linear pair stage's way, which
        reads the poles' words (entry 288); below that cut it is no stance (there only a
        way the rules read from the text keeps it).

        The broad proposer's candidates for an actor the sentence does not name (carried
        over from the sentences before it, no holder token) are left out here: with no
        holder in the text the encoder reads them from nothing it was trained to weigh on
        an issue it never saw (entry 292); they are no stance."""
        named = [n for n, c in enumerate(candidates) if not (c.source == "broad" and c.holder is None)]
        if len(named) < len(candidates):
            out = [decision(None, False, 1.0)] * len(candidates)
            if named:
                for n, d in zip(named, self._decide_hybrid([candidates[n] for n in named])):
                    out[n] = d
            return out
        out = self.unseen_reader.decide(candidates)
        if not any(d.direction for d in out):
            return out
        way = self._linear_ways(candidates) if self.unseen == "encoder+linear" else self._rule_ways(candidates)
        sure = {(c.actor, c.issue) for c, d in zip(candidates, out)
                if d.direction and d.confidence >= self.pairs.threshold and (c.actor, c.issue) not in way}
        if sure:  # the confident pairs the rules settle no way for: the linear stage's way
            lin = self._linear_ways(candidates)
            way = {**way, **{k: lin[k] for k in sure if k in lin}}
        res = []
        for c, d in zip(candidates, out):
            w = way.get((c.actor, c.issue)) if d.direction else None
            res.append(d if not d.direction else replace(d, direction=w) if w
                       else replace(d, direction=None, stance=d.confidence >= self.pairs.threshold))
        return res

    def _linear_ways(self, candidates: Sequence[Candidate]) -> dict[tuple[str, str], str]:
        return {k: "up" if up >= down else "down" for k, (_, up, down) in linear_pairs(self.fallback, candidates).items()}

    @staticmethod
    def _rule_ways(candidates: Sequence[Candidate]) -> dict[tuple[str, str], str]:
        """(actor, issue) -> the way most of the pair's candidates point as the rules read
        them. The holder rules' candidates vote first: each is read from its own holder. The
        broad proposer's are read from the sentence's root, the same way for every actor the
        sentence names ("Russia demands that Ukraine cede ..." reads both up), so they settle
        a pair only where the holder rules' candidates settle none (decisions.md, entry 283)."""
        from ..rules_decider import rule_direction

        votes: dict[tuple[str, str], list[int]] = {}  # [holder rules' sum, broad sum]
        for c in candidates:
            d = rule_direction(c)
            if d:
                sums = votes.setdefault((c.actor, c.issue), [0, 0])
                sums[c.source == "broad"] += 1 if d == "up" else -1
        out = {}
        for k, (own, broad) in votes.items():
            v = own or broad
            if v:
                out[k] = "up" if v > 0 else "down"
        return out

    def _decide_known(self, candidates: Sequence[Candidate]) -> list[Decision]:
        keep = self.screened(candidates)
        out = [decision(None, False, 1.0)] * len(candidates)
        if keep:
            for n, d in zip(keep, super().decide([candidates[n] for n in keep])):
                out[n] = d
        return out

"""The annotated corpus as training and scoring data: checked gold, parsed documents,
candidates labelled from gold, and predictions reduced to ANNOTATION.md's triples.

Labels: a candidate whose sentence overlaps a gold cue of the same actor and issue takes
that line's direction and hedged flag; one that overlaps only optional lines is left out
of training (a careful reader could go either way); every other candidate is ``none``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from ...errors import InputError
from .. import corpus
from .propose import Proposal, Proposer

_SHARED = corpus.ROOT.parent / "shared"


@dataclass
class Loaded:
    docs: dict[str, corpus.Doc]
    gold: list[corpus.Gold]
    texts: dict[str, str]
    missing: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


def case_ids(case: str) -> tuple[set[str], set[str]] | None:
    """(actor ids, issue ids) of a built-in case, or None where there is no such case."""
    sc = load_case(case)
    if sc is None:
        return None
    return {a.id for a in sc.actors}, {i.id for i in sc.issues}


_CASES: dict[str, Any] = {}
#: case name -> a scenario file to read it from (where it is not built in here)
CASE_FILES: dict[str, str] = {}


def load_case(case: str):
    """The scenario of a case by name (built in, or from :data:`CASE_FILES`), or None."""
    if case not in _CASES:
        from ...scenario import load
        try:
            _CASES[case] = load(CASE_FILES.get(case, case))
        except Exception:
            _CASES[case] = None
    return _CASES[case]


_PROPOSERS: dict[str, Proposer | None] = {}


def proposer_for(case: str) -> Proposer | None:
    """One :class:`Proposer` per case and process (each loads spaCy); None where the
    case is not at hand."""
    if case not in _PROPOSERS:
        sc = load_case(case)
        _PROPOSERS[case] = Proposer(sc) if sc is not None else None
    return _PROPOSERS[case]

class _Recorder:
    """A decider that keeps what it is given and decides nothing: the extractor's
    candidates of each article, the rules' and the broad proposer's."""

    name = "record"
    proposals = "broad"

    def __init__(self) -> None:
        self.cands: list = []

    def decide(self, candidates):
        from ..decide import Decision

        self.cands.extend(candidates)
        return [Decision(None, False, 1.0, stance=False) for _ in candidates]


def extract_candidates(loaded: Loaded, ids: Iterable[str],
                       log: Callable[[str], None] = lambda s: None) -> dict[str, list[Proposal]]:
    """Each document's candidates as the extractor proposes them to an article-level
    decider (one parse: the rules' and the broad proposer's), in the order given."""
    from ..extract import Extractor
    from ..types import Article

    by_case: dict[str, list[str]] = {}
    for d in ids:
        by_case.setdefault(loaded.docs[d].case, []).append(d)
    out: dict[str, list[Proposal]] = {}
    for case, ds in by_case.items():
        sc = load_case(case)
        if sc is None:
            log(f"case {case}: no such case here; its {len(ds)} documents are skipped")
            continue
        rec = _Recorder()
        ex = Extractor(sc, decider=rec)
        arts = [Article(id=d, file=d, text=loaded.texts[d], published=loaded.docs[d].date or None) for d in ds]
        for art, _ in zip(arts, ex.pipe(arts, batch_size=16)):
            out[art.id] = [Proposal(c, c.sent.start_char, c.sent.end_char) for c in rec.cands]
            rec.cands = []
    return out


def read_exclude(path: Path) -> set[str]:
    """URLs, sha256 hashes (or their prefixes of 12+) or document ids, one a line; # comments."""
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if not line.strip().startswith("http") else line.strip()
        if line:
            out.add(line)
    return out


def _excluded(d: corpus.Doc, ex: set[str]) -> bool:
    if d.url in ex or d.doc in ex or d.sha256 in ex:
        return True
    return any(len(x) >= 12 and d.sha256.startswith(x) for x in ex)


def load_checked(folder: Path, exclude: set[str] | None = None, annotations: str = "annotations") -> Loaded:
    """The corpus under ``folder`` with every annotation checked against the manifest, the
    case's actor and issue ids and the length of its document's text (InputError naming
    file, line and field otherwise); documents whose text is not at hand are listed in
    ``missing`` and dropped with their gold."""
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file():
        raise InputError(f"{manifest}: missing (no annotated corpus here)")
    docs = corpus.read_manifest(manifest)
    exclude = exclude or set()
    excluded = [d for d, m in docs.items() if _excluded(m, exclude)]
    missing: list[str] = []
    texts = {d.doc: t for d, t in corpus.Corpus(docs).texts(missing)}
    vocab = {}
    for case in sorted({d.case for d in docs.values()}):
        ids = case_ids(case)
        if ids is not None:
            vocab[case] = ids
    lengths = {d: len(t) for d, t in texts.items()}
    gold: list[corpus.Gold] = []
    for p in sorted((folder / annotations).glob("*.jsonl")):
        gold.extend(corpus.read_annotations(p, docs, vocab, lengths))
    keep = {d for d in texts if d not in excluded}
    return Loaded({d: m for d, m in docs.items() if d in keep}, [g for g in gold if g.doc in keep],
                  {d: t for d, t in texts.items() if d in keep}, missing, excluded)


@dataclass
class Item:
    """One candidate with its document and its gold label (``none``/``up``/``down``, or
    ``skip`` where only optional lines overlap it)."""

    doc: str
    prop: Proposal
    label: str
    hedged: bool


def label(doc: str, props: list[Proposal], gold: list[corpus.Gold], same_pair_skip: bool = True) -> list[Item]:
    """Each candidate with its gold label. With ``same_pair_skip``, a candidate whose (actor,
    issue) has a gold line elsewhere in the document is left out of training (``skip``): an
    article's stance is often said again in sentences the annotator did not mark, and
    calling those ``none`` would teach the model to miss it."""
    pairs = {(g.actor, g.issue) for g in gold}
    out = []
    for p in props:
        c = p.cand
        over = [g for g in gold if g.actor == c.actor and g.issue == c.issue and g.start < p.end and p.start < g.end]
        scored = [g for g in over if not g.optional]
        if scored:
            g = scored[0]
            out.append(Item(doc, p, g.direction, g.hedged))
        elif over or (same_pair_skip and (c.actor, c.issue) in pairs):
            out.append(Item(doc, p, "skip", False))
        else:
            out.append(Item(doc, p, "none", False))
    return out


def parse_docs(loaded: Loaded, ids: Iterable[str], proposers: Callable[[str], Proposer | None],
               log: Callable[[str], None] = lambda s: None) -> dict[str, tuple[Any, list[Proposal]]]:
    """Each document (by id, in the order given) parsed by its case's proposer."""
    by_case: dict[str, list[str]] = {}
    for d in ids:
        by_case.setdefault(loaded.docs[d].case, []).append(d)
    out: dict[str, tuple[Any, list[Proposal]]] = {}
    for case, ds in by_case.items():
        prop = proposers(case)
        if prop is None:
            log(f"case {case}: no such case here; its {len(ds)} documents are skipped")
            continue
        for d, res in zip(ds, prop.pipe((loaded.texts[d], loaded.docs[d].date or None) for d in ds)):
            out[d] = res
    return out


def triples_of(decided: Iterable[tuple[str, str, str, str | None, bool]]) -> tuple[dict, dict]:
    """(doc, actor, issue, direction, hedged) rows -> per doc the set of triples, and each
    triple's hedged flag (hedged only where every candidate that gave it was hedged)."""
    pred: dict[str, set] = {}
    hedged: dict[tuple, bool] = {}
    for doc, actor, issue, direction, h in decided:
        if direction is None:
            continue
        t = (actor, issue, direction)
        pred.setdefault(doc, set()).add(t)
        hedged[(doc,) + t] = hedged.get((doc,) + t, True) and h
    return pred, hedged


def gold_hedged(gold: list[corpus.Gold]) -> dict[tuple, bool]:
    """Each scored gold triple's hedged flag (plain where any of its lines is plain)."""
    out: dict[tuple, bool] = {}
    for g in gold:
        if g.optional:
            continue
        k = (g.doc, g.actor, g.issue, g.direction)
        out[k] = out.get(k, True) and g.hedged
    return out


def hedge_scores(pred: dict, pred_h: dict, gold_h: dict) -> dict[str, float]:
    """Over the hits: F1 of the hedged class, and the same for the always-plain baseline."""
    tp = fp = fn = n = agree = base_agree = 0
    for doc, ts in pred.items():
        for t in ts:
            k = (doc,) + t
            if k not in gold_h:
                continue
            n += 1
            g, p = gold_h[k], pred_h.get(k, False)
            tp += g and p
            fp += p and not g
            fn += g and not p
            agree += g == p
            base_agree += not g
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"hits": n, "hedged_gold": tp + fn, "hedged_f1": f1, "agreement": agree / n if n else 0.0,
            "baseline_hedged_f1": 0.0, "baseline_agreement": base_agree / n if n else 0.0}


def rule_decisions(items: list[Item]) -> list[tuple[str | None, bool]]:
    """The rule-only baseline on the same candidates: the anchor the sentence pins, else the
    sign of the rules' direction score, else no stance; hedged as the rules read it."""
    from ..rules_decider import rule_direction

    return [(rule_direction(it.prop.cand), it.prop.cand.rule_hedged) for it in items]


def evaluate(items: list[Item], decided: list[tuple[str | None, bool]], gold: list[corpus.Gold],
             docs: list[str]) -> dict[str, Any]:
    """ANNOTATION.md's stance P/R/F1 over ``docs`` and the hedging scores of the hits."""
    rows = [(it.doc, it.prop.cand.actor, it.prop.cand.issue, d, h) for it, (d, h) in zip(items, decided)]
    pred, pred_h = triples_of(rows)
    ds = set(docs)
    g = [x for x in gold if x.doc in ds]
    out: dict[str, Any] = corpus.score(pred, corpus.triples(g), docs)
    out["hedge"] = hedge_scores(pred, pred_h, gold_hedged(g))
    out["docs"] = len(docs)
    return out


def seeds_corpus() -> tuple[Loaded, list[str]] | None:
    """The five seeds as a corpus: each gold line's cue found in its article's text."""
    folder = _SHARED / "corpus" / "seeds"
    gold_path = _SHARED / "eval" / "seeds-gold.jsonl"
    if not gold_path.is_file() or not (folder / "manifest.json").is_file():
        return None
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    docs, texts = {}, {}
    for m in manifest["articles"]:
        text = (folder / m["file"]).read_text(encoding="utf-8")
        date = m.get("published") or (m.get("published_between") or [None, None])[1] or ""
        docs[m["file"]] = corpus.Doc(m["file"], "news", "seed", m.get("url", ""), corpus.sha256_text(text), date,
                                     "", "ukraine_2024")
        texts[m["file"]] = text
    gold = []
    for n, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        o = json.loads(line)
        text = texts.get(o["article"], "")
        at = text.find(o.get("cue") or "\0") if o.get("cue") else -1
        start, end = (at, at + len(o["cue"])) if at >= 0 else (0, 0)  # a cue not found labels nothing
        gold.append(corpus.Gold(o["article"], o["actor"], o["issue"], o["direction"], bool(o.get("hedged")),
                                bool(o.get("optional")), start, end))
    return Loaded(docs, gold, texts), list(docs)


def train_dev_items(folder: Path, exclude_file: str | None,
                    log: Callable[[str], None] = lambda s: None) -> tuple[Loaded, dict[str, list[str]], dict[str, list[Item]]]:
    """What a training script starts from: the corpus (less ``--exclude``'s documents),
    the train and dev document ids, and each split's labelled candidates as the extractor
    proposes them (one parse: the rules' and the broad proposer's). The test split and the
    held-out documents are never read."""
    loaded = load_checked(folder, read_exclude(Path(exclude_file)) if exclude_file else set())
    for m in loaded.missing:
        log(f"skipped {m}")
    if loaded.excluded:
        log(f"excluded {len(loaded.excluded)} documents (--exclude)")
    ids = {s: [d for d, m in loaded.docs.items() if m.split == s] for s in ("train", "dev")}
    if not ids["train"]:
        raise InputError("no training document with its text at hand", source=str(folder / "manifest.jsonl"))
    parsed = extract_candidates(loaded, ids["train"] + ids["dev"], log)
    every = {s: [it for d in ids[s] if d in parsed for it in label(d, parsed[d], [g for g in loaded.gold if g.doc == d])]
             for s in ids}
    return loaded, ids, every


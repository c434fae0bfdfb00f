"""Scoring the extractor: stances against a gold file, attribution against PolNeAR.

Stances (``shared/eval/ANNOTATION.md``): per article, the predicted statements are reduced
to the set of distinct (actor, issue, direction); against the article's non-optional
gold triples a hit is a predicted triple in gold, a false alarm one neither in gold nor
optional; P = hits / (hits + false alarms), R = hits / gold, F1 = 2PR / (P + R),
micro-averaged over the articles the gold file covers. Hedge agreement is, of the hits,
the share whose hedged flag (true only if every statement behind the triple is hedged)
equals gold's.

Attribution (PolNeAR, Newell, Margolin & Ruths 2018): cue spans are matched one to one
against the annotation's Cue spans, exactly (same offsets) or by overlap (any shared
character); of the cues matched by overlap, the source counts as right where the
predicted source span shares a character with the gold Source of that attribution, or
where both have none.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import InputError

# -- stances --------------------------------------------------------------------------


def article_key(a: Any) -> str:
    """An article named by file name or id; directories and a trailing .txt are ignored."""
    a = str(a).rsplit("/", 1)[-1]
    return a[:-4] if a.endswith(".txt") else a


def read_jsonl(path: str | Path) -> list[dict]:
    """Rows of a JSONL file, or InputError naming the line that is not JSON."""
    from ..scenario.io import read_text

    p = Path(path)
    lines = read_text(p, "JSONL file").splitlines()  # missing, empty, binary, non-UTF-8: one line
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"not JSON: {exc.msg}", source=str(p), field=f"line {n}") from None
        if not isinstance(row, dict):
            raise InputError("expected a JSON object", source=str(p), field=f"line {n}")
        rows.append(row)
    return rows


def check_gold(rows: list[dict], source: str = "gold") -> None:
    for n, g in enumerate(rows, 1):
        for k in ("article", "actor", "issue", "direction"):
            if k not in g:
                raise InputError(f"missing {k!r}", source=source, field=f"line {n}")
        if g["direction"] not in ("up", "down"):
            raise InputError(f"direction {g['direction']!r} is not up or down", source=source, field=f"line {n}.direction")


def score_stances(gold_rows: Iterable[dict], pred_rows: Iterable[dict]) -> dict[str, Any]:
    """P, R, F1 and hedge agreement of predicted stances against gold (module docstring)."""
    gold: dict[str, set] = defaultdict(set)
    optional: dict[str, set] = defaultdict(set)
    gold_hedged: dict[tuple, bool] = {}
    for g in gold_rows:
        a, t = article_key(g["article"]), (g["actor"], g["issue"], g["direction"])
        if g.get("optional"):
            optional[a].add(t)
        else:
            gold[a].add(t)
            gold_hedged[(a,) + t] = bool(g.get("hedged"))
    covered = set(gold) | set(optional)
    pred: dict[str, set] = defaultdict(set)
    hedges: dict[tuple, list[bool]] = defaultdict(list)
    for p in pred_rows:
        a = article_key(p.get("article", ""))
        if a not in covered or not p.get("issue") or p.get("direction") not in ("up", "down"):
            continue
        t = (p.get("actor"), p["issue"], p["direction"])
        pred[a].add(t)
        hedges[(a,) + t].append(bool(p.get("hedged")))
    hits = alarms = hedge_ok = h_tp = h_fp = h_fn = 0
    for a in covered:
        for t in pred[a]:
            if t in gold[a]:
                hits += 1
                p_h, g_h = all(hedges[(a,) + t]), gold_hedged[(a,) + t]
                hedge_ok += p_h == g_h
                h_tp += p_h and g_h
                h_fp += p_h and not g_h
                h_fn += g_h and not p_h
            elif t not in optional[a]:
                alarms += 1
    n_gold = sum(len(v) for v in gold.values())
    prec = hits / (hits + alarms) if hits + alarms else 0.0
    r = hits / n_gold if n_gold else 0.0
    f1 = 2 * prec * r / (prec + r) if prec + r else 0.0
    return {
        "articles": len(covered), "gold": n_gold, "hits": hits, "false_alarms": alarms,
        "precision": round(prec, 3), "recall": round(r, 3), "f1": round(f1, 3),
        "hedge_agreement": round(hedge_ok / hits, 3) if hits else None,
        # the hedged class over the hits (issue 9's hedging target); always-unhedged scores 0
        "hedged_gold_hits": h_tp + h_fn,
        "hedged_f1": round(2 * h_tp / (2 * h_tp + h_fp + h_fn), 3) if h_tp else 0.0,
    }


# -- the case the seeds are scored with ------------------------------------------------


def case_scenario(name: str = "ukraine_2024"):
    """A built-in case by name (or a scenario file's path)."""
    from ..scenario import load

    return load(name)


# -- attribution (PolNeAR) -------------------------------------------------------------


@dataclass
class GoldAttribution:
    cue: tuple[int, int]
    source: tuple[int, int] | None


def read_brat(path: str | Path) -> list[GoldAttribution]:
    """The attributions of a brat .ann file: each event's cue span and source span."""
    spans: dict[str, tuple[str, int, int]] = {}
    events: list[dict[str, str]] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, meta, *_ = line.split("\t") + [""]
            parts = meta.replace(";", " ").split()
            if len(parts) >= 3:
                spans[tid] = (parts[0], int(parts[1]), int(parts[-1]))
        elif line.startswith("E"):
            _, body = line.split("\t", 1)
            roles: dict[str, str] = {}
            for item in body.split():
                role, _, tid = item.partition(":")
                roles[role.rstrip("0123456789")] = tid
            events.append(roles)
    out = []
    for ev in events:
        cue = spans.get(ev.get("Cue", ""))
        if cue is None:
            continue
        src = spans.get(ev.get("Source", ""))
        out.append(GoldAttribution((cue[1], cue[2]), (src[1], src[2]) if src else None))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _prf(hits: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = hits / n_pred if n_pred else 0.0
    r = hits / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def match_cues(pred: list[tuple[int, int]], gold: list[tuple[int, int]], exact: bool) -> list[tuple[int, int]]:
    """One-to-one pairs (pred index, gold index), greedily in text order."""
    used: set[int] = set()
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold):
            if j in used:
                continue
            if (p == g) if exact else _overlaps(p, g):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def score_attribution(
    docs: Iterable[tuple[list[tuple[tuple[int, int], tuple[int, int] | None]], list[GoldAttribution]]],
) -> dict[str, Any]:
    """Cue P/R/F1 (exact and overlap) and source accuracy on matched cues, micro-averaged.

    Each item is (predicted [(cue span, source span or None)], gold attributions).
    """
    n_pred = n_gold = ex_hits = ov_hits = src_ok = 0
    for pred, gold in docs:
        pc = [c for c, _ in pred]
        gc = [g.cue for g in gold]
        n_pred += len(pc)
        n_gold += len(gc)
        ex_hits += len(match_cues(pc, gc, exact=True))
        pairs = match_cues(pc, gc, exact=False)
        ov_hits += len(pairs)
        for i, j in pairs:
            ps, gs = pred[i][1], gold[j].source
            if (ps is None and gs is None) or (ps is not None and gs is not None and _overlaps(ps, gs)):
                src_ok += 1
    return {
        "cue": {"exact": _prf(ex_hits, n_pred, n_gold), "overlap": _prf(ov_hits, n_pred, n_gold)},
        "source": {"accuracy_on_matched_cues": round(src_ok / ov_hits, 4) if ov_hits else 0.0},
        "counts": {"predicted_cues": n_pred, "gold_cues": n_gold, "matched_overlap": ov_hits},
    }


def polnear_articles(root: str | Path) -> list[tuple[str, Path, Path]]:
    """(name, text file, first annotation file by name) for each annotated article of a split."""
    root = Path(root)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError("expected text/ and attributions/ folders (a PolNeAR split)", source=str(root))
    first: dict[str, Path] = {}
    for ann in sorted(ann_dir.glob("*.ann")):
        stem = ann.stem.rsplit("_", 1)[0]
        first.setdefault(stem, ann)
    out = []
    for stem, ann in sorted(first.items()):
        txt = text_dir / f"{stem}.txt"
        if txt.exists():
            out.append((stem, txt, ann))
    return out


def attribution_scores(root: str | Path, case: str = "ukraine_2024", batch_size: int = 32) -> dict[str, Any]:
    """Run the extractor's attribution over a PolNeAR split and score it (module docstring)."""
    from .extract import Extractor
    from .attribution import find_cues
    from .nlp import parser_text

    arts = polnear_articles(root)
    ex = Extractor(case_scenario(case))
    texts = [t.read_text(encoding="utf-8") for _, t, _ in arts]
    items = []
    for doc, (_, _, ann) in zip(ex.nlp.pipe([parser_text(t) for t in texts], batch_size=batch_size), arts):
        cues = find_cues(doc)
        items.append(([(c.cue_chars, c.source_chars) for c in cues], read_brat(ann)))
    return score_attribution(items)

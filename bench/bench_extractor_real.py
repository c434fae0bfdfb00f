"""Stance P/R/F1 of the whole extractor, as `accord ingest --extractor NAME` runs it, on the
real-document corpus (bench/data/stance-real): the extractor's candidates decided by the rules
and by the learned decider, from the same run.

    .venv/bin/python bench/bench_extractor_real.py [--split dev] [--threshold 0.25 --threshold 0.55]
    .venv/bin/python bench/bench_extractor_real.py --split test --candidate NAME --decider learned [--log]
    .venv/bin/python bench/bench_extractor_real.py --split unseen-dev [--unseen-cut 0.2 ...] [--cross DIR ...]

``--split unseen-dev`` reads the documents of the cases kept for issues no model was
trained on (``corpus.UNSEEN_DEV_CASES``), each with its own case's vocabulary; beside the
shipped decider it prints the other ways the cross-encoder decider can read issues it was
not trained on (``CrossDecider.UNSEEN``), so the choice between them is made on these and
never on the test split. ``--mirror-poles`` reads every case with each issue's poles
swapped (low and high, the anchors mirrored, keywords_up and keywords_down exchanged) and
scores against the gold with each direction turned: a reader that takes its directions
from the poles scores the same either way; one that learned which way each actor or issue
leans does not.

Scoring is ANNOTATION.md's (per document the set of (actor, issue, direction); optional
lines count for nothing; micro P/R/F1), news prose and press releases apart; with
``--split test`` the second case's held-out documents are scored too, read with their own
case's vocabulary. A statement with ``direction: null`` is no triple. ``--split test`` is
for named candidates only, each scoring appended to docs/test-log.md with ``--log``.
"""

from __future__ import annotations

import argparse
import dataclasses
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import accord  # noqa: E402
from accord.news import corpus  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402


TURN = {"up": "down", "down": "up"}


def mirrored(sc):
    """``sc`` with each issue's poles swapped: low and high, the anchors mirrored on the
    scale, keywords_up and keywords_down exchanged (positions stay: no reader sees them)."""
    def turn(i):
        lo, hi = i.scale
        return dataclasses.replace(i, low=i.high, high=i.low, anchors={lo + hi - k: v for k, v in i.anchors.items()},
                                   keywords_up=i.keywords_down, keywords_down=i.keywords_up)

    return dataclasses.replace(sc, issues=tuple(turn(i) for i in sc.issues))


def turned(gold: dict[str, tuple[set, set]]) -> dict[str, tuple[set, set]]:
    return {d: tuple({(a, i, TURN[x]) for a, i, x in part} for part in parts) for d, parts in gold.items()}


def deciders(thresholds: list[float], unseen: bool = False, unseen_cuts: tuple[float, ...] = ()):
    out = [("rules", "rules")]
    try:
        from accord.news.learned.decider import LearnedDecider
    except ImportError:
        return out
    from accord.news.decide import make_decider

    out.append(("learned (as shipped)", make_decider("learned")))
    if unseen:
        from accord.news.learned.decider import CrossDecider

        if isinstance(out[1][1], CrossDecider):
            for way in CrossDecider.UNSEEN:
                if way != out[1][1].unseen:
                    out.append((f"learned, unseen issues: {way}", CrossDecider(unseen=way)))
            for cut in unseen_cuts:
                out.append((f"learned, unseen cut {cut:g}", CrossDecider(unseen_cut=cut)))
        return out
    from accord.news.decide import decider_names

    for name in ("linear", "cross"):
        if name in decider_names():
            out.append((name, make_decider(name)))
    learned = out[1][1]
    if getattr(learned, "hedger", None) is not None:  # the hedge reader against the rules' reading
        out.append(("learned, the rules' hedge", type(learned)(hedger=False)))
    for t in thresholds:
        out.append((f"learned sentence head alone, threshold {t:g}", LearnedDecider(threshold=t)))
    return out


def read(split: str, corp: corpus.Corpus) -> dict[str, list[tuple[corpus.Doc, str]]]:
    missing: list[str] = []
    by_case: dict[str, list[tuple[corpus.Doc, str]]] = {}
    want = {split} | ({"heldout"} if split == "test" else set())
    for d, text in corp.texts(missing):
        if d.split in want:
            by_case.setdefault(d.case, []).append((d, text))
    if missing:
        print(f"note: {len(missing)} documents' text not at hand, skipped (e.g. {missing[0]})")
    return by_case


def run(extractor: Extractor, docs: list[tuple[corpus.Doc, str]], hedged: dict | None = None) -> dict[str, set]:
    """Each document's (actor, issue, direction) set; ``hedged`` gets each triple's flag
    (hedged only where every statement that gave it is)."""
    arts = [Article(id=d.doc, file=d.doc, text=text, published=d.date) for d, text in docs]
    pred: dict[str, set] = {}
    for art, ex in zip(arts, extractor.pipe(arts)):
        pred[art.id] = set()
        for s in ex.statements:
            if s.actor and s.issue and s.direction in ("up", "down"):
                t = (s.actor, s.issue, s.direction)
                pred[art.id].add(t)
                if hedged is not None:
                    hedged[(art.id,) + t] = hedged.get((art.id,) + t, True) and s.hedged
    return pred


HEADING = "### The whole extractor"


def insert_row(text: str, row: str) -> str:
    """``text`` (docs/test-log.md) with ``row`` after the last row of this bench's table
    (made at the end where there is none yet), whatever sections follow it."""
    lines = text.rstrip("\n").split("\n")
    at = next((k for k, line in enumerate(lines) if line.startswith(HEADING)), None)
    if at is None:
        lines += ["", f"{HEADING} (`bench/bench_extractor_real.py --split test`)", "",
                  "| date (UTC) | candidate | commit | n docs | news P/R/F1 | press P/R/F1 | case2 P/R/F1 | hedged F1 "
                  "| rules news F1 |", "|---|---|---|---|---|---|---|---|---|"]
        return "\n".join(lines + [row.rstrip("\n")]) + "\n"
    k = at + 1
    while k < len(lines) and not lines[k].startswith("|"):
        k += 1
    while k < len(lines) and lines[k].startswith("|"):
        k += 1
    return "\n".join(lines[:k] + [row.rstrip("\n")] + lines[k:]) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("dev", "test", "unseen-dev"), default="dev")
    ap.add_argument("--threshold", type=float, action="append", default=[])
    ap.add_argument("--decider", help="with --split test: the one decider scored ('rules', 'learned' or 'learned@T')")
    ap.add_argument("--candidate", help="the named candidate (required with --split test)")
    ap.add_argument("--log", action="store_true")
    ap.add_argument("--unseen-cut", type=float, action="append", default=[],
                    help="with --split unseen-dev: also the shipped reader with this cut on P(stance) for unseen issues")
    ap.add_argument("--mirror-poles", action="store_true", help="read each case with its issues' poles swapped")
    ap.add_argument("--cross", action="append", default=[], metavar="DIR",
                    help="not with --split test: also the default decider with the encoder folder DIR (model.onnx, "
                         "head.json, pairs.json, as scripts/train_cross.py or scripts/distil_cross.py writes it)")
    a = ap.parse_args()
    if a.mirror_poles and a.split == "test":
        ap.error("--mirror-poles is a development measurement: not with --split test")
    if a.cross and a.split == "test":
        ap.error("--cross is a development measurement: a test candidate is what ships")
    if a.split == "test" and not (a.candidate and a.decider):
        ap.error("--split test scores one named candidate: give --candidate NAME and --decider")
    corp = corpus.load()
    gold = corpus.triples(corp.gold)
    if a.mirror_poles:
        gold = turned(gold)
    by_case = read(a.split, corp)
    if a.split == "test":
        from accord.news.learned.decider import LearnedDecider

        name, _, t = a.decider.partition("@")
        from accord.news.decide import make_decider

        chosen = [(a.candidate, "rules" if name == "rules" else LearnedDecider(threshold=float(t)) if t
                   else make_decider(name))]
    else:
        chosen = deciders(a.threshold, unseen=a.split == "unseen-dev", unseen_cuts=tuple(a.unseen_cut))
        if a.cross:
            from accord.news.learned.decider import CrossDecider

            chosen[2:2] = [(f"learned, encoder of {folder}", CrossDecider(folder=folder)) for folder in a.cross]
        for _, dec in chosen[:2] if a.split == "dev" else ():
            if getattr(getattr(dec, "head", None), "saw_dev", False):
                print(f"note: {type(dec).__name__}'s encoder was refitted on train and dev (train_cross.py --final): "
                      "its dev figures are on documents it saw, not a measurement")
    from accord.news.learned import data as ldata

    gold_h = ldata.gold_hedged(corp.gold)
    if a.mirror_poles:
        gold_h = {(d, x, i, TURN[w]): h for (d, x, i, w), h in gold_h.items()}
    rows = []
    prefix = "unseen" if a.split == "unseen-dev" else "case2"
    for label, decider in chosen:
        scores = {}
        all_pred: dict[str, set] = {}
        pred_h: dict[tuple, bool] = {}
        for case, docs in sorted(by_case.items()):
            sc = accord.load(case)
            ex = Extractor(mirrored(sc) if a.mirror_poles else sc, decider=decider)
            pred = run(ex, docs, pred_h)
            all_pred.update(pred)
            for kind in ("news", "press"):
                ids = [d.doc for d, _ in docs if d.kind == kind]
                if ids:
                    key = kind if case == "ukraine_2024" else f"{prefix} {case}"
                    if key in scores:
                        key += f" {kind}"
                    scores[key] = (corpus.score(pred, gold, ids), len(ids))
            if case != "ukraine_2024":
                ids = [d.doc for d, _ in docs]
                scores[f"{prefix} {case}"] = (corpus.score(pred, gold, ids), len(ids))
        if a.split == "unseen-dev" and len(by_case) > 1:  # every unseen case's documents together
            ids = [d.doc for docs in by_case.values() for d, _ in docs]
            scores["unseen, all cases"] = (corpus.score(all_pred, gold, ids), len(ids))
        hs = ldata.hedge_scores(all_pred, pred_h, gold_h)
        line = f"{label:32}" + "".join(
            f"  {k} F1 {s['f1']:.3f} (P {s['precision']:.3f} R {s['recall']:.3f}, {n} docs)" for k, (s, n) in scores.items())
        print(line + f"  hedged-class F1 {hs['hedged_f1']:.3f} on {hs['hits']} hits ({hs['hedged_gold']} hedged in gold;"
                     f" always-unhedged 0.000)")
        rows.append((label, scores, hs))
    if a.split == "test" and a.log:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        import datetime as dt

        label, scores, hs = rows[0]
        fmt = lambda k: (f"{scores[k][0]['precision']:.3f} / {scores[k][0]['recall']:.3f} / {scores[k][0]['f1']:.3f}"  # noqa: E731
                         if k in scores else "-")
        case2 = next((k for k in scores if k.startswith("case2") and k.count(" ") == 1), None)
        n = sum(v[1] for k, v in scores.items() if k in ("news", "press")) + (scores[case2][1] if case2 else 0)
        row = (f"| {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} | {label} (extractor, {a.decider}) | {commit} | {n} | "
               f"{fmt('news')} | {fmt('press')} | {fmt(case2) if case2 else '-'} | {hs['hedged_f1']:.3f} ({hs['hedged_gold']} hedged) | - |\n")
        log = ROOT / "docs" / "test-log.md"
        log.write_text(insert_row(log.read_text(encoding="utf-8"), row), encoding="utf-8")
        print(f"logged in {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

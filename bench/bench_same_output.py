"""Dump the default extractor's output, or check it against an earlier dump, byte for byte.

    python bench/bench_same_output.py --save FILE    # write the dump (keep FILE outside the repo)
    python bench/bench_same_output.py --check FILE   # exit 1 where anything differs

A speed change to the extractor must not change what it extracts. The dump holds every
:class:`~accord.news.types.Extraction` (sentences, statements, quantities, counts) of the
default extractor on case ukraine_2024 over the five seeds and over the first ``--press N``
(default 40) rows of the Kremlin press releases (text = headline, blank line, body), as
canonical JSON (sorted keys, floats as ``repr``). ``--check`` compares the two sets'
JSON texts for equality and, apart from that, prints the largest change in the
cross-encoder's probabilities (the head's readings are recorded as they are made), so a
change that moves floats in their last bits shows that it leaves the statements alone.
The dump is of news text: it never goes into a commit.
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402

from bench_stances import SHARED, seed_articles  # noqa: E402
from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402


def press_articles(n: int) -> list[Article]:
    src = SHARED / "corpus" / "press-releases-2021-22" / "kremlin.csv"
    csv.field_size_limit(1 << 28)
    out = []
    with open(src, newline="", encoding="utf-8") as f:
        for k, row in enumerate(csv.DictReader(f)):
            if k >= n:
                break
            out.append(Article(id=f"kremlin#{k}", file=str(src), text=f"{row['headline']}\n\n{row['body']}",
                               published=row["date"][:10], date_basis="published"))
    return out


def dump(n_press: int) -> tuple[dict, list]:
    ex = Extractor(case_scenario("ukraine_2024"))
    probs: list = []
    head = getattr(ex.decider, "head", None)
    if head is not None:  # record the encoder's readings, in the order they are made
        orig = head.predict_pairs

        def recording(pairs):
            p = orig(pairs)
            probs.extend(p.tolist())
            return p

        head.predict_pairs = recording
    out = {"decider": f"{ex.decider.name} ({type(ex.decider).__name__})"}
    for name, arts in (("seeds", seed_articles()), ("press", press_articles(n_press))):
        out[name] = [{"article": a.id, "sentences": e.sentences, "statements": [s.to_dict() for s in e.statements],
                      "quantities": [vars(q) for q in e.quantities], "counts": e.counts}
                     for a, e in zip(arts, ex.pipe(arts))]
    return out, probs


def text_of(obj) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, indent=0)


def main() -> int:
    args = sys.argv[1:]
    n_press = int(args[args.index("--press") + 1]) if "--press" in args else 40
    if "--save" in args:
        out, probs = dump(n_press)
        Path(args[args.index("--save") + 1]).write_text(text_of(dict(out, probs=probs)) + "\n", encoding="utf-8")
        print(f"saved: {sum(len(d['statements']) for d in out['seeds'])} seed statements, "
              f"{sum(len(d['statements']) for d in out['press'])} press statements, {len(probs)} encoder readings")
        return 0
    if "--check" not in args:
        print(__doc__)
        return 2
    old = json.loads(Path(args[args.index("--check") + 1]).read_text(encoding="utf-8"))
    out, probs = dump(n_press)
    bad = 0
    for name in ("decider", "seeds", "press"):
        same = text_of(old[name]) == text_of(out[name])
        bad += not same
        n = sum(len(d["statements"]) for d in out[name]) if name != "decider" else 0
        print(f"{name}: {'identical' if same else 'DIFFERENT'}" + (f" ({n} statements)" if name != "decider" else ""))
        if not same and name != "decider":
            for a, b in zip(old[name], out[name]):
                if text_of(a) != text_of(b):
                    print(f"  first difference in {a['article']}")
                    break
    p0, p1 = np.array(old["probs"]), np.array(probs)
    if p0.shape == p1.shape:
        d = float(np.abs(p0 - p1).max()) if p0.size else 0.0
        print(f"encoder readings: {len(probs)}, largest |dp| {d:.3g}" + (" (bit for bit)" if d == 0 else ""))
    else:
        print(f"encoder readings: {len(probs)} now, {len(old['probs'])} before (not compared)")
    print("same output" if not bad else "OUTPUT CHANGED")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

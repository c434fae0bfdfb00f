"""Where the default reader and the rules read one pair opposite ways, which is right?

    .venv/bin/python bench/bench_disagreements.py [--list]

Data: ``bench/data/disagreements/judgements.jsonl``: 67 (press release, actor, issue) pairs of
case ``ukraine_2024`` on which the default (learned) extractor and the rule-only one gave
opposite directions (decisions.md, entry 371). The press releases are ones no reader was
trained or tuned on: none is in the stance corpus' manifest, none hashes to the test split,
none lies in the held-out window of the second case. Each pair was judged twice, blind to
both readers, by two of four annotators following ``../shared/eval/ANNOTATION.md``: up,
down or none (the document gives the actor no stance on the issue), with a cue as
character offsets into the text (never the text itself; the texts are read from
``../shared/corpus/press-releases-2021-22/`` and checked by sha256).

Prints the annotators' agreement (same label; stance F1 of one against the other), then,
for the pairs the two annotators agree on and the two readers still read opposite ways
today, how often the default reader is right, the rules are right, or neither (the pair is
no stance at all). A pair the readers no longer read opposite ways is counted apart.

``sample.jsonl``: from the same 785 press releases, 50 of the pairs each reader read one way
(outside the 67 above), drawn at random (``drawn_from`` says from whose), judged the same
way. For each reader: the share of its drawn pairs that it still reads that way and the
judges give that way, that is its precision on press releases no reader saw (a pair the
judges differ on, or it no longer reads, is counted apart). ``--list`` prints each
disagreement.
"""
from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from accord.news import corpus  # noqa: E402
from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402

DATA = ROOT / "bench" / "data" / "disagreements" / "judgements.jsonl"
SAMPLE = DATA.with_name("sample.jsonl")


def load(path: Path = DATA) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def agreement(rows: list[dict]) -> tuple[int, int, float]:
    """(pairs with two marks, pairs whose two labels are the same, stance F1 of the first
    annotator's up/down marks against the second's)."""
    n = same = tp = fp = fn = 0
    for r in rows:
        if len(r["marks"]) < 2:
            continue
        a, b = r["marks"][0]["direction"], r["marks"][1]["direction"]
        n += 1
        same += a == b
        if a != "none" and a == b:
            tp += 1
        else:
            fp += a != "none"
            fn += b != "none"
    return n, same, 2 * tp / max(1, 2 * tp + fp + fn)


def ways(ex: Extractor, docs: dict[str, tuple[str, str]]) -> dict[tuple[str, str, str], set[str]]:
    """(doc, actor, issue) -> the directions the extractor gives the pair in that document."""
    arts = [Article(id=d, file=d, text=t, published=date) for d, (t, date) in sorted(docs.items())]
    out: dict[tuple[str, str, str], set[str]] = {}
    for art, res in zip(arts, ex.pipe(arts)):
        for s in res.statements:
            if s.issue and s.direction:
                out.setdefault((art.id, s.actor, s.issue), set()).add(s.direction)
    return out


def main() -> None:
    rows, sample = load(), load(SAMPLE)
    for name, part in (("disagreements", rows), ("sample", sample)):
        n, same, f1 = agreement(part)
        print(f"{name}: {len(part)} judged pairs; {n} judged twice, {same} with the same label "
              f"({same / max(1, n):.2f}); stance F1 between annotators {f1:.3f}")
    if not corpus.PRESS_DIR.is_dir():
        print(f"skipped the readers: {corpus.PRESS_DIR} is not here (the press releases are read from ../shared)")
        return
    texts: dict[str, tuple[str, str]] = {}
    for source in corpus.PRESS_FILES:
        for row in corpus.press_rows(source):
            texts[row["doc"]] = (row["text"], row["date"])
    docs = {}
    for r in rows + sample:
        t = texts.get(r["doc"])
        if t is None or corpus.sha256_text(t[0]) != r["sha256"]:
            print(f"{r['doc']}: text missing or changed (sha256), skipped")
            continue
        docs[r["doc"]] = t
    case = case_scenario("ukraine_2024")
    learned = ways(Extractor(case), docs)
    rules = ways(Extractor(case, decider="rules"), docs)
    tally: collections.Counter = collections.Counter()
    for r in rows:
        if r["doc"] not in docs:
            continue
        labels = {m["direction"] for m in r["marks"]}
        k = (r["doc"], r["actor"], r["issue"])
        lw, rw = learned.get(k, set()), rules.get(k, set())
        if len(labels) != 1:
            verdict = "annotators differ"
        elif len(lw) != 1 or len(rw) != 1 or lw == rw:
            verdict = "no longer read opposite ways"
        else:
            g = labels.pop()
            verdict = "default reader right" if {g} == lw else "rules right" if {g} == rw else "neither (no stance)"
        tally[verdict] += 1
        if "--list" in sys.argv:
            print(f"  {r['doc']} {r['actor']} {r['issue']}: default {sorted(lw)}, rules {sorted(rw)}, "
                  f"judged {sorted(m['direction'] for m in r['marks'])} -> {verdict}")
    print("where the two read a pair opposite ways:")
    for verdict in ("default reader right", "rules right", "neither (no stance)", "annotators differ",
                    "no longer read opposite ways"):
        print(f"  {verdict}: {tally[verdict]}")
    for name, read in (("learned", learned), ("rules", rules)):
        c: collections.Counter = collections.Counter()
        for r in sample:
            if name not in r["drawn_from"] or r["doc"] not in docs:
                continue
            labels = {m["direction"] for m in r["marks"]}
            way = read.get((r["doc"], r["actor"], r["issue"]), set())
            c["judges differ" if len(labels) != 1 else "no longer read one way" if len(way) != 1
              else "right" if labels == way else "no stance" if labels == {"none"} else "the other way"] += 1
        judged = c["right"] + c["no stance"] + c["the other way"]
        print(f"{name} reader, its {sum(c.values())} drawn pairs: precision {c['right'] / max(1, judged):.3f} "
              f"({c['right']} of {judged}; no stance {c['no stance']}, the other way {c['the other way']}; "
              f"judges differ {c['judges differ']}, no longer read one way {c['no longer read one way']})")


if __name__ == "__main__":
    main()

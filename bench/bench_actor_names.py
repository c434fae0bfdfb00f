"""How far the learned decider's directions hang on the actor's name rather than on the text.

    .venv/bin/python bench/bench_actor_names.py [--split dev|unseen-dev] [--examples N]

The cross-encoder (``accord.news.learned.cross``) reads each candidate as the sentence,
with its holder in brackets, and a question that names the actor and the issue's poles
(``actor: A; issue: I; up means: H; down means: L``). A reader of the text alone gives the
same way whatever the actor is called; one that learned which way each actor usually
leans turns with the name. For every candidate the shipped encoder reads as a stance (up
or down over none), this bench reads it again:

* with the case's name of each other actor in place of its own (the sentence unchanged):
  the share of readings that turn (up <-> down) under at least one other name, and the
  mean share of other names that turn it;
* with the issue's poles told the other way round (``pair_text(..., swap=True)``): the
  share whose way turns with them, as a reader of the poles' words should.

The rules' reading (``rules_decider.rule_direction``) never sees a name, so its share of
turned readings is 0 by construction; it is printed beside the encoder's as the
baseline. Documents: the five seeds and the split's press releases (always at hand),
and its news pages where the page cache holds them. A diagnostic, not a target: it says
how much of the learned decider's direction is a prior on the actor (decisions.md,
entry 352). ``--examples N`` prints the N most name-bound readings' sentences to the
terminal (the texts are not ours to commit).
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from accord.news import corpus  # noqa: E402
from accord.news.evaluate import case_scenario  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402
from accord.news.types import Article  # noqa: E402


def _way(p) -> int:
    """+1 up, -1 down, 0 none (argmax of (none, up, down))."""
    k = int(p.argmax())
    return 0 if k == 0 else 1 if k == 1 else -1


def documents(split: str) -> list[tuple[str, Article]]:
    """(case id, article) of the seeds (with ``--split dev``) and of the split's documents at hand."""
    out: list[tuple[str, Article]] = []
    if split == "dev":
        from bench_stances import seed_articles

        out += [("ukraine_2024", a) for a in seed_articles()]
    missing: list[str] = []
    for d, text in corpus.load().texts(missing):
        if d.split == split:
            out.append((d.case, Article(id=d.doc, file=d.doc, text=text, published=d.date)))
    if missing:
        print(f"note: {len(missing)} documents' text not at hand, skipped", file=sys.stderr)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "unseen-dev"), default="dev")
    ap.add_argument("--examples", type=int, default=0)
    args = ap.parse_args()

    from accord.news.learned.cross import pair_text
    from accord.news.learned.decider import CrossDecider
    from accord.news.rules_decider import rule_direction

    dec = CrossDecider()
    head = dec.head
    seen: list = []
    predict = head.predict

    def recording(cands):
        seen.extend(cands)
        return predict(cands)

    head.predict = recording
    by_case: dict[str, Extractor] = {}
    rows = []  # (share of other names turning it, turned by any, follows poles, rules way, candidate)
    docs = documents(args.split)
    for case, art in docs:
        ex = by_case.get(case) or by_case.setdefault(case, Extractor(case_scenario(case), decider=dec))
        names = {a.id: a.name for a in ex.vocab.actors}
        seen.clear()
        ex.extract(art)
        cands = list({(c.sent.start, c.actor, c.issue, c.holder.i if c.holder is not None else -1): c
                      for c in seen}.values())
        if not cands:
            continue
        base = head.predict_pairs([pair_text(c) for c in cands])
        for c, p in zip(cands, base):
            w = _way(p)
            if w == 0:
                continue
            others = [n for a, n in sorted(names.items()) if a != c.actor]
            alt = head.predict_pairs([pair_text(replace(c, actor_name=n)) for n in others])
            turned = sum(1 for q in alt if _way(q) == -w)
            swapped = _way(head.predict_pairs([pair_text(c, swap=True)])[0])
            rows.append((turned / len(others) if others else 0.0, turned > 0, swapped == -w, rule_direction(c), c))
    n = len(rows)
    if not n:
        print("no stance readings: nothing to measure")
        return
    any_turn = sum(r[1] for r in rows)
    mean_share = sum(r[0] for r in rows) / n
    poles = sum(r[2] for r in rows)
    print(f"split {args.split}: {len(docs)} documents, {n} readings of a stance by the shipped encoder")
    print(f"encoder: turned by another actor's name: {any_turn}/{n} = {any_turn / n:.3f} "
          f"(mean share of other names that turn it {mean_share:.3f}); "
          f"turned with the poles swapped: {poles}/{n} = {poles / n:.3f}")
    print("rules (baseline): turned by another actor's name: 0.000 by construction (the rules read no name)")
    for share, _, _, rw, c in sorted(rows, key=lambda r: -r[0])[:args.examples]:
        print(f"  {share:.2f} {c.actor}/{c.issue} rules:{rw or '-'} | {c.sent.text[:160]!r}")


if __name__ == "__main__":
    main()

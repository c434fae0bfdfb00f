"""Error analysis of the attribution cues on PolNeAR dev: missed gold cues and false cues, by kind.

    python bench/cue_errors.py [--examples N] [--kind KIND] [--cache DIR] [--split DIR | --train]

Parses the split (default ../shared/data/polnear-dev, never test) with the extractor's
spaCy pipeline, runs ``find_cues`` (rules and learned model) and matches its cues to the
first annotator's gold cues by overlap, as bench/bench_polnear.py scores them. Then:

* each missed gold cue gets a kind (what the cue is: "according to", a colon, a dash,
  else the part of speech and lemma of its head word) and a reason: ``quoted`` (it
  stands inside a quotation, where the rules look at no cue), ``taken`` (a found cue
  overlaps it but was matched to another gold cue), ``scope`` (a found cue is dropped
  for standing inside another cue's reported clause: found with that step off),
  ``dropped`` (the rules found it, the learned model dropped it), ``none`` (no rule
  fires);
* each false cue gets a kind (the rule's lemma, or ``learned:LEMMA`` for a learned cue)
  and a reason: ``dup`` (it overlaps a gold cue another found cue matched), ``swapped``
  (its source span is an unmatched gold cue: cue and source swapped in the annotation,
  as in dev's '"...," said [Hester]'; 8 of train's 793 inverted speech cues),
  ``gold-sentence`` (it stands in no gold cue but in the sentence of one), ``free``.

Prints a table of counts by reason and by kind (largest first), then up to N examples
of each of the largest kinds with their sentence (to the terminal only: the texts are
not ours to commit). ``--cache DIR`` keeps the parses (DocBin) between runs. ``--train``
reads PolNeAR's train split from the git mirror instead (as scripts/train_cues.py does;
set POLNEAR_GIT), to check on train a class of errors first seen on dev.
"""
from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from accord.news import attribution as A  # noqa: E402
from accord.news.evaluate import case_scenario, match_cues, polnear_articles, read_brat  # noqa: E402
from accord.news.extract import Extractor  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "polnear-dev"


def _arg(name: str, default: str | None) -> str | None:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def parse(split: Path, cache: str | None):
    """(name, doc, gold attributions) per article, parses read from ``cache`` when there."""
    from spacy.tokens import DocBin

    arts = polnear_articles(split)
    ex = Extractor(case_scenario("ukraine_2024"))
    path = Path(cache) / f"{split.name}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(ex.nlp.vocab))
    else:
        docs = list(ex.nlp.pipe([t.read_text(encoding="utf-8") for _, t, _ in arts], batch_size=32))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=True).to_disk(path)
    return [(name, doc, read_brat(ann)) for (name, _, ann), doc in zip(arts, docs)]


def _ov(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def gold_kind(doc, span) -> str:
    """What a gold cue is: a phrase kind, else POS:lemma of the head of its tokens."""
    text = doc.text[span[0]:span[1]].lower()
    if text.startswith("according"):
        return "according to"
    if ":" in text and len(text.strip()) <= 2:
        return "colon"
    if text.strip() in A.DASHES or text.strip() in ("-", "―"):
        return "dash"
    toks = [t for t in doc if _ov((t.idx, t.idx + len(t)), span)]
    if not toks:
        return "?"
    ids = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in ids or t.head is t] or toks
    rank = {"VERB": 0, "NOUN": 1, "ADJ": 2, "PROPN": 3, "AUX": 4}
    h = min(heads, key=lambda t: (rank.get(t.pos_, 5), t.i))  # "has been investigating": the verb, not "has"
    multi = "+" if len(toks) > 1 else ""
    return f"{h.pos_}:{h.lemma_.lower()}{multi}"


def analyse(items):
    missed, false = [], []
    for name, doc, gold in items:
        inside = A.quoted(doc)
        cues = A.find_cues(doc, inside)
        rules = A.find_cues(doc, inside, learned=False)
        keep = A._outermost
        A._outermost = lambda cs: cs  # noqa: E731 - the cues the scope step drops
        try:
            wide = A.find_cues(doc, inside, learned=False)
        finally:
            A._outermost = keep
        pc = [c.cue_chars for c in cues]
        gc = [g.cue for g in gold]
        pairs = match_cues(pc, gc, exact=False)
        mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
        for j, g in enumerate(gc):
            if j in mg:
                continue
            tok = next((t for t in doc if _ov((t.idx, t.idx + len(t)), g)), None)
            if any(_ov(p, g) for p in pc):
                why = "taken"
            elif tok is not None and inside[tok.i]:
                why = "quoted"
            elif any(_ov(c.cue_chars, g) for c in rules):
                why = "dropped"
            elif any(_ov(c.cue_chars, g) for c in wide):
                why = "scope"
            else:
                why = "none"
            missed.append((why, gold_kind(doc, g), name, doc, g))
        rule_spans = {c.cue_chars for c in rules}
        for i, c in enumerate(cues):
            if i in mp:
                continue
            kind = c.lemma if c.cue_chars in rule_spans else f"learned:{c.lemma}"
            s = A.sent_of(c.cue[0]) if len(c.cue) else None
            if any(_ov(c.cue_chars, g) for g in gc):
                why = "dup"
            elif c.source_chars is not None and any(
                    _ov(c.source_chars, g) for j, g in enumerate(gc) if j not in mg):
                why = "swapped"  # the annotator marked our source as the cue ("”, said [Hester]")
            elif s is not None and any(_ov((s.start_char, s.end_char), g) for g in gc):
                why = "gold-sentence"
            else:
                why = "free"
            false.append((why, kind, name, doc, c.cue_chars))
    return missed, false


def show(title, rows, n, only):
    print(f"\n== {title}: {len(rows)}")
    print("by reason:", dict(Counter(r[0] for r in rows).most_common()))
    kinds = Counter(r[1] for r in rows)
    coarse = Counter(k.split(":")[0] if not k.startswith("learned") else "learned" for k in kinds.elements())
    print("by coarse kind:", dict(coarse.most_common()))
    print("by kind (top 40):", ", ".join(f"{k} {v}" for k, v in kinds.most_common(40)))
    by = defaultdict(list)
    for r in rows:
        by[r[1]].append(r)
    for k, _ in kinds.most_common(15 if only is None else None):
        if only is not None and only not in k:
            continue
        print(f"-- {k}")
        for why, _, name, doc, span in by[k][:n]:
            tok = next((t for t in doc if t.idx >= span[0]), doc[-1])
            s = A.sent_of(tok)
            text = s.text.replace("\n", " ")
            a, b = span[0] - s.start_char, span[1] - s.start_char
            print(f"   [{why}] {name}: {text[max(0, a - 120):a]}[[{text[a:b]}]]{text[b:b + 80]}")


def main() -> None:
    split = Path(_arg("--split", str(DEV)))
    n = int(_arg("--examples", "4"))
    only = _arg("--kind", None)
    if "--train" in sys.argv:
        from derive_cue_contexts import load

        cache = _arg("--cache", None)
        _, docs, golds = load(Path(cache) if cache else None)
        items = [(f"train-{k}", d, g) for k, (d, g) in enumerate(zip(docs, golds))]
    else:
        items = parse(split, _arg("--cache", None))
    missed, false = analyse(items)
    show("missed gold cues", missed, n, only)
    show("false cues", false, n, only)


if __name__ == "__main__":
    main()

"""Derive cue contexts from PolNeAR's TRAIN split (never dev, never test).

    python bench/derive_cue_contexts.py [--cache DIR] [--check] [--write]

A cue context is (lemma, part of speech, role, holder) as ``attribution.context_key``
reads it off the parse: "offer VERB ROOT anim" (a person or group offered), "criticism
NOUN pobj+prep anim" ("his criticism of"). For every train article (one annotator each,
the first in name order, as bench/derive_cue_lexicon.py reads them) the hand rules and
learned lemmas find their cues first; each word they leave uncovered and outside their
reports is a candidate, and a candidate is a hit when it overlaps a gold Cue that no
found cue overlaps (each gold cue taken once, in text order). A context is kept when

    hits >= SUPPORT  and  hits / candidates >= PRECISION,

its lemma is none of GATED (verbs a hand rule admits only with the right object), and it
is no attitude verb without a person or group as holder (an attitude is someone's).

The other way round, a found cue's context (``attribution.found_key``: its lemma, part of
speech, role, holder) is dropped when the rules' cues in it match a gold cue in fewer than
DROP_PRECISION of at least DROP_SUPPORT uses ("support VERB relcl anim": "voters who
support Trump" names voters; PolNeAR marks no cue there in most uses).

``--check`` chooses the contexts on the even-numbered train articles and scores the
odd-numbered ones with and without them (the figure to trust: chosen on one half,
measured on the other, both ways); ``--write`` chooses on all of train and rewrites
``src/accord/news/lexicons/attr_contexts.txt`` and ``attr_contexts_drop.txt``. ``--cache DIR`` keeps the parses (the
same file bench/train_attribution_check.py keeps). Same mirror commit -> same output.
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from derive_cue_lexicon import GIT, _git, train_pairs  # noqa: E402

PRECISION = 0.5  # chosen on two halves of train (docs/decisions.md, entry 198)
SUPPORT = 4
DROP_PRECISION = 0.4
DROP_SUPPORT = 8
#: verbs a hand rule of attribution._verb_cue admits only with the right object ("backed
#: Clinton" but not "backed the car out", "released a statement", "cast doubt"): no context
#: may overrule that choice
GATED = {"back", "cast", "release"}
OUT = ROOT / "src" / "accord" / "news" / "lexicons" / "attr_contexts.txt"
OUT_DROP = ROOT / "src" / "accord" / "news" / "lexicons" / "attr_contexts_drop.txt"


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def load(cache: Path | None):
    """(docs, gold attributions) of the train articles, parsed as the extractor parses."""
    from spacy.tokens import DocBin

    from accord.news.evaluate import case_scenario, read_brat
    from accord.news.extract import Extractor

    pairs = train_pairs()
    commit = _git("rev-parse", "HEAD").strip()
    nlp = Extractor(case_scenario("ukraine_2024")).nlp
    binpath = cache / f"polnear-train-{commit[:12]}.spacy" if cache is not None else None
    if binpath is not None and binpath.exists():
        docs = list(DocBin().from_disk(binpath).get_docs(nlp.vocab))
    else:
        docs = list(nlp.pipe((_git("show", f"HEAD:{t}") for t, _ in pairs), batch_size=32))
        if binpath is not None:
            binpath.parent.mkdir(parents=True, exist_ok=True)
            DocBin(store_user_data=True, docs=docs).to_disk(binpath)
    golds = []
    with tempfile.TemporaryDirectory() as tmp:
        for _, ann in pairs:
            p = Path(tmp) / "a.ann"
            p.write_text(_git("show", f"HEAD:{ann}"), encoding="utf-8")
            golds.append(read_brat(p))
    return commit, docs, golds


def count(docs, golds) -> tuple[Counter, Counter, Counter, Counter]:
    """Candidates and hits per context, found cues and hits per found context, over the
    given articles (module docstring)."""
    from accord.news import attribution as A
    from accord.news.evaluate import match_cues

    occ: Counter = Counter()
    hit: Counter = Counter()
    focc: Counter = Counter()
    fhit: Counter = Counter()
    saved = A.CONTEXTS, A.DROPPED
    A.CONTEXTS = A.DROPPED = frozenset()
    try:
        for doc, gold in zip(docs, golds):
            A._COLLECT = []
            found = A.find_cues(doc, learned=False)  # the rules alone: the learned cue model is fitted on top of them
            cands, A._COLLECT = A._COLLECT, None
            gc = [g.cue for g in gold]
            pairs = match_cues([c.cue_chars for c in found], gc, exact=False)
            matched = {i for i, _ in pairs}
            for i, c in enumerate(found):
                fk = A.found_key(c)
                focc[fk] += 1
                fhit[fk] += i in matched
            free = set(range(len(gc))) - {j for _, j in pairs}
            for key, cue in cands:
                occ[key] += 1
                j = next((j for j in sorted(free) if _overlaps(cue.cue_chars, gc[j])), None)
                if j is not None:
                    hit[key] += 1
                    free.discard(j)
    finally:
        A._COLLECT = None
        A.CONTEXTS, A.DROPPED = saved
    return occ, hit, focc, fhit


def choose(occ: Counter, hit: Counter, focc: Counter, fhit: Counter) -> tuple[list, list]:
    """(contexts kept, found contexts dropped) by the thresholds above."""
    from accord.news import attribution as A

    # an attitude is a person's or group's (decisions.md, "PolNeAR's notion of attribution")
    attitudes = A.ATTITUDE | A.TRAIN_ATTITUDE_VERBS | A.TRAIN_NO_CLAUSE_VERBS | A.STANCE_VERBS
    keep = sorted(k for k, n in occ.items() if hit[k] >= SUPPORT and hit[k] / n >= PRECISION and k[0] not in GATED
                  and not (k[1] == "VERB" and k[0] in attitudes and k[3] != "anim"))
    drop = sorted(k for k, n in focc.items() if n >= DROP_SUPPORT and fhit[k] / n < DROP_PRECISION)
    return keep, drop


def score(docs, golds, contexts, dropped) -> dict:
    from accord.news import attribution as A
    from accord.news.evaluate import score_attribution

    saved = A.CONTEXTS, A.DROPPED
    A.CONTEXTS, A.DROPPED = frozenset(contexts), frozenset(dropped)
    try:
        return score_attribution([([(c.cue_chars, c.source_chars) for c in A.find_cues(d, learned=False)], g)
                                  for d, g in zip(docs, golds)])
    finally:
        A.CONTEXTS, A.DROPPED = saved


def main() -> None:
    if not (GIT / "HEAD").exists():
        print(f"PolNeAR mirror not found at {GIT}: run fetch github:networkdynamics/PolNeAR "
              "(or set POLNEAR_GIT); nothing derived")
        return
    cache = Path(sys.argv[sys.argv.index("--cache") + 1]) if "--cache" in sys.argv else None
    commit, docs, golds = load(cache)
    if "--check" in sys.argv:
        for a, b, name in ((0, 1, "odd"), (1, 0, "even")):
            keep, drop = choose(*count(docs[a::2], golds[a::2]))
            for label, k, d in (("neither", [], []), ("contexts", keep, []), ("both", keep, drop)):
                s = score(docs[b::2], golds[b::2], k, d)
                ov = s["cue"]["overlap"]
                print(f"{name} half, {label} ({len(k)} kept, {len(d)} dropped, chosen on the other half): "
                      f"cue overlap P={ov['precision']} R={ov['recall']} F1={ov['f1']}; source acc="
                      f"{s['source']['accuracy_on_matched_cues']}")
        return
    occ, hit, focc, fhit = count(docs, golds)
    chosen, drop = choose(occ, hit, focc, fhit)
    print(f"PolNeAR {commit[:12]} train: {len(docs)} articles; {len(chosen)} contexts kept, {len(drop)} dropped")
    for k in sorted(chosen, key=lambda k: -hit[k]):
        print(f"keep {' '.join(k):45} {occ[k]:4} {hit[k]:4} {hit[k] / occ[k]:.2f}")
    for k in sorted(drop, key=lambda k: -focc[k]):
        print(f"drop {' '.join(k):45} {focc[k]:4} {fhit[k]:4} {fhit[k] / focc[k]:.2f}")
    if "--write" in sys.argv:
        head = [
            "# Cue contexts learned from PolNeAR train (Newell, Margolin & Ruths 2018): lemma, part of",
            "# speech, role, holder as attribution.context_key reads them. Generated by",
            f"# bench/derive_cue_contexts.py from networkdynamics/PolNeAR commit {commit},",
            f"# data/train only ({len(docs)} articles; dev and test not read): a context is kept where",
            f"# the words no other rule covers overlap an unfound gold cue in >= {PRECISION:.0%} of its",
            f"# uses and >= {SUPPORT} times. Do not edit by hand.",
        ]
        OUT.write_text("\n".join(head + [" ".join(k) for k in chosen]) + "\n", encoding="utf-8")
        head_drop = [
            "# Contexts (cue lemma, part of speech, role, holder as attribution.found_key reads them) in",
            "# which the rules' cues matched a PolNeAR train gold cue in < "
            f"{DROP_PRECISION:.0%} of >= {DROP_SUPPORT} uses.",
            f"# Generated by bench/derive_cue_contexts.py from networkdynamics/PolNeAR commit {commit},",
            "# data/train only. Do not edit by hand.",
        ]
        OUT_DROP.write_text("\n".join(head_drop + [" ".join(k) for k in drop]) + "\n", encoding="utf-8")
        print(f"wrote {OUT} and {OUT_DROP}")


if __name__ == "__main__":
    main()

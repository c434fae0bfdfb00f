"""Derive attribution cue lemmas from PolNeAR's TRAIN split (never dev, never test).

    python bench/derive_cue_lexicon.py [--write]

Reads the git mirror of networkdynamics/PolNeAR (``fetch github:networkdynamics/PolNeAR``
puts it under /work/.mirror; override with POLNEAR_GIT=<git dir>). Only paths under
``data/train/`` are listed and read: the dev split is used elsewhere for measuring and the
test split is kept for a final check, so neither is touched here.

For every train article (one annotator's .ann per article: the first in name order) the
text is parsed with the project's spaCy model; every VERB or NOUN token counts one
occurrence of its (lemma, pos), and a hit when it lies inside a gold Cue span. A lemma
is kept when hits / occurrences >= PRECISION and hits >= SUPPORT, and it is not already
in the hand lexicons of ``accord.news.attribution``. It also learns source nouns: a NOUN lemma heading at least SOURCE_SUPPORT gold Source
spans, those being at least SOURCE_SHARE of its uses as a subject, and not already a
person or group to ``attribution.animate`` (the verb counts then use them).
``--write`` rewrites
``src/accord/news/cue_lexicon.py`` with the kept lemmas; without it the table is only
printed. Same mirror commit -> same output.
"""
from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

GIT = Path(os.environ.get("POLNEAR_GIT", "/work/.mirror/networkdynamics+PolNeAR/repo"))
PRECISION = 0.5
SUPPORT = 5
#: a noun is a source noun when it heads at least SOURCE_SUPPORT gold Source spans and
#: those are at least SOURCE_SHARE of its uses as a subject
SOURCE_SUPPORT = 3
SOURCE_SHARE = 0.2
OUT = ROOT / "src" / "accord" / "news" / "cue_lexicon.py"


def _git(*args: str) -> str:
    return subprocess.run(["git", f"--git-dir={GIT}", *args], check=True, capture_output=True,
                          text=True).stdout


def train_pairs() -> list[tuple[str, str]]:
    """(text path, ann path) of each train article, one annotator each."""
    names = _git("ls-tree", "-r", "--name-only", "HEAD", "data/train/").splitlines()
    texts = {Path(n).stem: n for n in names if n.startswith("data/train/text/") and n.endswith(".txt")}
    anns: dict[str, str] = {}
    for n in sorted(x for x in names if x.startswith("data/train/attributions/") and x.endswith(".ann")):
        stem = Path(n).stem.rsplit("_", 1)[0]
        if stem in texts and stem not in anns:
            anns[stem] = n
    return [(texts[s], anns[s]) for s in sorted(anns)]


def cue_spans(ann: str) -> list[tuple[int, int]]:
    """Character ranges of the Cue text-bound annotations (fragments kept apart)."""
    out = []
    for line in ann.splitlines():
        if not line.startswith("T"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or not parts[1].startswith("Cue "):
            continue
        for frag in parts[1][4:].split(";"):
            a, b = frag.split()
            out.append((int(a), int(b)))
    return out


def source_spans(ann: str) -> list[tuple[int, int]]:
    """Character ranges of the Source text-bound annotations (first to last fragment)."""
    out = []
    for line in ann.splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2 and parts[1].startswith("Source "):
            nums = parts[1][7:].replace(";", " ").split()
            out.append((int(nums[0]), int(nums[-1])))
    return out


def source_nouns(docs: list, sources: list[list[tuple[int, int]]]) -> tuple[list[str], list[tuple[str, int, int]]]:
    """Nouns that name who speaks or holds a view, learned from where annotators put a
    Source: a noun lemma heading >= SOURCE_SUPPORT gold source spans, which are at least
    SOURCE_SHARE of its uses as a subject ("the superdelegate", "millennials", "the
    establishment"), and which attribution.animate does not already accept."""
    from accord.news import attribution as A

    heads: Counter[str] = Counter()
    subj: Counter[str] = Counter()
    for doc, spans in zip(docs, sources):
        for a, b in spans:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None and span.root.pos_ == "NOUN":
                heads[span.root.lemma_.lower()] += 1
        for t in doc:
            if t.pos_ == "NOUN" and t.dep_ in ("nsubj", "nsubjpass"):
                subj[t.lemma_.lower()] += 1
    rows = []
    for lemma, h in heads.items():
        known = lemma in A.HUMAN or lemma.endswith(("ist", "ian", "or", "er")) and len(lemma) > 4
        word = lemma.replace("’", "").replace("'", "").replace("-", "")
        if not known and word.isalpha() and len(word) >= 3 and h >= SOURCE_SUPPORT and h / max(subj[lemma], 1) >= SOURCE_SHARE:
            rows.append((lemma, h, subj[lemma]))
    return sorted(r[0] for r in rows), sorted(rows)


def main() -> None:
    if not (GIT / "HEAD").exists():
        print(f"PolNeAR mirror not found at {GIT}: run fetch github:networkdynamics/PolNeAR "
              "(or set POLNEAR_GIT); nothing derived")
        return
    from accord.news import attribution as A
    from accord.news.nlp import base_model

    pairs = train_pairs()
    commit = _git("rev-parse", "HEAD").strip()
    texts = [_git("show", f"HEAD:{t}") for t, _ in pairs]
    anns = [_git("show", f"HEAD:{a}") for _, a in pairs]
    cues = [cue_spans(a) for a in anns]
    nlp = base_model()
    docs = list(nlp.pipe(texts, batch_size=16))
    new_s, srows = source_nouns(docs, [source_spans(a) for a in anns])
    A.TRAIN_SOURCE_NOUNS = frozenset(new_s)  # the verb counts below judge subjects with them
    occ: Counter[tuple[str, str]] = Counter()
    hit: Counter[tuple[str, str]] = Counter()
    aocc: Counter[str] = Counter()  # verbs whose subject is a person or group (attribution.animate)
    ahit: Counter[str] = Counter()
    cocc: Counter[str] = Counter()  # of those, the clause-needing verbs seen with no clause
    chit: Counter[str] = Counter()
    clause_verbs = A.ATTITUDE_CLAUSE | A.NEEDS_CLAUSE
    for doc, spans in zip(docs, cues):
        incue = [False] * len(doc)
        for a, b in spans:
            span = doc.char_span(a, b, alignment_mode="expand")
            if span is not None:
                for k in range(span.start, span.end):
                    incue[k] = True
        for t in doc:
            if t.pos_ in ("VERB", "NOUN"):
                key = (t.lemma_.lower(), t.pos_)
                occ[key] += 1
                hit[key] += incue[t.i]
                if t.pos_ == "VERB":
                    subj = A._subject(t)
                    if subj is not None and A.animate(subj):
                        aocc[key[0]] += 1
                        ahit[key[0]] += incue[t.i]
                        if key[0] in clause_verbs and not (A._has_clause(t) or A._judgement(t)):
                            cocc[key[0]] += 1
                            chit[key[0]] += incue[t.i]
    known_v = A.SPEECH | A.ATTITUDE | A.SAY_ON | A.RAISING
    known_n = A.NOMINAL
    rows = []
    for key, n in occ.items():
        h = hit[key]
        if h >= SUPPORT and h / n >= PRECISION:
            lemma, pos = key
            known = lemma in (known_v if pos == "VERB" else known_n)
            rows.append((pos, -h, lemma, n, h, known))
    rows.sort()
    print(f"PolNeAR {commit[:12]} train: {len(pairs)} articles, {sum(map(len, cues))} cue spans")
    print("pos   lemma              occ  cue  prec  in hand lexicon")
    for pos, _, lemma, n, h, known in rows:
        print(f"{pos:5} {lemma:18} {n:4} {h:4} {h / n:.2f}  {'yes' if known else 'NEW'}")
    new_v = sorted(r[2] for r in rows if r[0] == "VERB" and not r[5])
    new_n = sorted(r[2] for r in rows if r[0] == "NOUN" and not r[5])
    skip = known_v | set(new_v) | A.RAISING
    new_a = sorted(lem for lem, n in aocc.items() if lem not in skip and ahit[lem] >= SUPPORT
                   and ahit[lem] / n >= PRECISION)
    new_c = sorted(lem for lem, n in cocc.items() if chit[lem] >= SUPPORT and chit[lem] / n >= PRECISION)
    print(f"new verbs {len(new_v)}: {new_v}\nnew nouns {len(new_n)}: {new_n}")
    print("with a person or group as subject:")
    for lem in new_a:
        print(f"VERB  {lem:18} {aocc[lem]:4} {ahit[lem]:4} {ahit[lem] / aocc[lem]:.2f}  NEW")
    print(f"source nouns {len(new_s)} (lemma, source heads, uses as subject):")
    for lem, h, n in srows:
        print(f"NOUN  {lem:18} {n:4} {h:4}")
    print("clause-needing verbs, with a person or group as subject and no clause:")
    for lem in new_c:
        print(f"VERB  {lem:18} {cocc[lem]:4} {chit[lem]:4} {chit[lem] / cocc[lem]:.2f}")
    if "--write" in sys.argv:
        body = (
            '"""Cue lemmas learned from PolNeAR train (Newell, Margolin & Ruths 2018).\n\n'
            "Generated by bench/derive_cue_lexicon.py from networkdynamics/PolNeAR commit\n"
            f"{commit}, data/train only ({len(pairs)} articles, one annotator each; dev and test\n"
            "not read): a VERB or NOUN lemma is listed when it lies inside a gold Cue span in at\n"
            f"least {PRECISION:.0%} of its train occurrences and in at least {SUPPORT} cue spans, and\n"
            "the hand lexicons of attribution.py do not already hold it. Do not edit by hand.\n"
            '"""\n\n'
            f"TRAIN_CUE_VERBS: frozenset[str] = frozenset({new_v!r})\n\n"
            f"TRAIN_CUE_NOUNS: frozenset[str] = frozenset({new_n!r})\n\n"
            "#: the same thresholds counted only where the verb's subject is a person or group\n"
            "#: (attribution.animate, attribution._subject): cues of attitude, which need one\n"
            f"TRAIN_ATTITUDE_VERBS: frozenset[str] = frozenset({new_a!r})\n\n"
            "#: of the verbs the hand rules accept only with a clause (NEEDS_CLAUSE, ATTITUDE_CLAUSE),\n"
            "#: those that pass the same thresholds with a person or group as subject and no clause\n"
            f"TRAIN_NO_CLAUSE_VERBS: frozenset[str] = frozenset({new_c!r})\n\n"
            f"#: nouns heading at least {SOURCE_SUPPORT} gold Source spans, those being at least\n"
            f"#: {SOURCE_SHARE:.0%} of the noun's uses as a subject: people and bodies the hand list\n"
            "#: (attribution.HUMAN) lacks, for attribution.animate\n"
            f"TRAIN_SOURCE_NOUNS: frozenset[str] = frozenset({new_s!r})\n"
        )
        OUT.write_text(body, encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

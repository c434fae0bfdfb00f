"""The annotated stance corpus: real published documents, their gold stances, the split.

Nothing here holds a document's text. A committed *manifest* names each document (its id,
kind, URL, the sha256 of its text, date, outlet, case); committed *annotations* give each
gold stance with its cue as (start, end) character offsets into that text. The text comes
from where it was published to us:

- ``press``: a row of the presidential press releases of 2021-22 (CC BY 4.0) in
  ``../shared/corpus/press-releases-2021-22/`` (Kremlin and president.gov.ua); the text is
  the headline, a blank line and the body, exactly as in the CSV;
- ``news``: a news page whose text is kept out of the repository in a git-ignored cache
  (``.cache/pages/<sha256>.txt``; ``ACCORD_PAGE_CACHE`` names another folder).

A document whose text is missing (no shared folder, no cached page) is skipped by whoever
reads the corpus, with one line saying so. A document whose text is present but hashes
differently is an error: its offsets would point at other words.

The split is by document and fixed before any training: :func:`split_of` hashes the
document id, so a document's split never depends on what else is annotated. Documents of
another case are never trained on: the second case's are ``heldout`` (scored with the test
split), those of :data:`UNSEEN_DEV_CASES` are ``unseen-dev`` (a development set for
reading a case whose issues no model was trained on; never a test).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..errors import InputError

ROOT = Path(__file__).resolve().parents[3]
CORPUS_DIR = ROOT / "bench" / "data" / "stance-real"
PRESS_DIR = ROOT.parent / "shared" / "corpus" / "press-releases-2021-22"
PRESS_FILES = {"kremlin": "kremlin.csv", "president-ua": "president-ua.csv"}
DIRECTIONS = ("up", "down")
KINDS = ("press", "news")
SPLITS = ("train", "dev", "test")
#: press releases of the spring-2022 talks stay out of training (the second case's window)
HELD_OUT_WINDOW = ("2022-02-24", "2022-04-30")
#: cases whose documents are a development set for issues no model was trained on
UNSEEN_DEV_CASES = ("security_2021", "grain_2023")


def page_cache() -> Path:
    return Path(os.environ.get("ACCORD_PAGE_CACHE") or ROOT / ".cache" / "pages")


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def page_text(raw: str) -> str:
    """A news page's text as the corpus keeps it (and hashes it): stripped, one newline at
    the end, whether it came from a file (``annotate.py add-page``) or from the search
    tool's stored excerpt (``restore``, ``scripts/distil_cross.py``)."""
    return raw.strip() + "\n"


def split_of(doc: str) -> str:
    """train (60%), dev (20%) or test (20%), from the document id alone."""
    h = int(hashlib.sha256(f"accord-stance-split:{doc}".encode()).hexdigest()[:8], 16) / 2**32
    return "train" if h < 0.6 else "dev" if h < 0.8 else "test"


@dataclass(frozen=True)
class Doc:
    doc: str
    kind: str  # press / news
    source: str  # kremlin, president-ua, or the page's outlet domain
    url: str
    sha256: str
    date: str
    outlet: str
    case: str
    annotator: str = ""

    @property
    def split(self) -> str:
        """The document's split; a document of another case than the training one, or a
        press release in the held-out window, is held out of train/dev/test: ``heldout``,
        or ``unseen-dev`` for a case of :data:`UNSEEN_DEV_CASES`."""
        if self.case in UNSEEN_DEV_CASES:
            return "unseen-dev"
        if self.case != "ukraine_2024" or (self.kind == "press" and HELD_OUT_WINDOW[0] <= self.date <= HELD_OUT_WINDOW[1]):
            return "heldout"
        return split_of(self.doc)


@dataclass(frozen=True)
class Gold:
    doc: str
    actor: str
    issue: str
    direction: str
    hedged: bool
    optional: bool
    start: int
    end: int
    annotator: str = ""


@dataclass
class Corpus:
    docs: dict[str, Doc]
    gold: list[Gold] = field(default_factory=list)

    def texts(self, missing: list[str] | None = None) -> Iterator[tuple[Doc, str]]:
        """Each document with its text, in manifest order; a document whose text is not at
        hand is appended to ``missing`` (``doc: why``) and skipped."""
        press = _press_texts() if any(d.kind == "press" for d in self.docs.values()) else {}
        for d in self.docs.values():
            text = press.get(d.doc) if d.kind == "press" else _page_text(d)
            if text is None:
                if missing is not None:
                    missing.append(f"{d.doc}: text not at hand ({'no ' + str(PRESS_DIR) if d.kind == 'press' and not press else 'not cached'})")
                continue
            if sha256_text(text) != d.sha256:
                raise InputError(f"{d.doc}: sha256: the text at hand hashes to {sha256_text(text)[:12]}..., "
                                 f"the manifest says {d.sha256[:12]}...")
            yield d, text


def press_doc_id(source: str, link: str) -> str:
    tail = link.rstrip("/").rsplit("/", 1)[-1].rsplit("-", 1)[-1]
    return f"{'kremlin' if source == 'kremlin' else 'ua'}-{tail}"


def press_rows(source: str) -> Iterator[dict[str, str]]:
    """Rows of one press-release file with ``doc``, ``date`` (ISO day) and ``text``."""
    path = PRESS_DIR / PRESS_FILES[source]
    csv.field_size_limit(1 << 28)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            yield {"doc": press_doc_id(source, row["link"]), "url": row["link"], "date": row["date"][:10],
                   "headline": row["headline"], "text": f"{row['headline']}\n\n{row['body']}"}


_PRESS: dict[str, str] | None = None


def _press_texts() -> dict[str, str]:
    global _PRESS
    if _PRESS is None:
        _PRESS = {}
        if PRESS_DIR.is_dir():
            for source in PRESS_FILES:
                for row in press_rows(source):
                    _PRESS[row["doc"]] = row["text"]
    return _PRESS


def _page_text(d: Doc) -> str | None:
    p = page_cache() / f"{d.sha256}.txt"
    return p.read_text(encoding="utf-8") if p.is_file() else None


def _lines(path: Path) -> Iterator[tuple[int, dict]]:
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as e:
                raise InputError(f"{path}:{n}: not a JSON object ({e})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{n}: not a JSON object")
            yield n, obj


def _field(path: Path, n: int, obj: dict, name: str, kind: type, choices: tuple = ()):
    v = obj.get(name)
    if not isinstance(v, kind) or (kind is int and isinstance(v, bool)):
        raise InputError(f"{path}:{n}: {name}: expected {kind.__name__}, got {v!r}")
    if choices and v not in choices:
        raise InputError(f"{path}:{n}: {name}: {v!r} is not one of {', '.join(map(str, choices))}")
    return v


def read_manifest(path: Path) -> dict[str, Doc]:
    docs: dict[str, Doc] = {}
    for n, o in _lines(path):
        d = Doc(doc=_field(path, n, o, "doc", str), kind=_field(path, n, o, "kind", str, KINDS),
                source=_field(path, n, o, "source", str), url=_field(path, n, o, "url", str),
                sha256=_field(path, n, o, "sha256", str), date=_field(path, n, o, "date", str),
                outlet=o.get("outlet", "") or "", case=_field(path, n, o, "case", str),
                annotator=o.get("annotator", "") or "")
        if d.doc in docs:
            raise InputError(f"{path}:{n}: doc: {d.doc!r} is listed twice")
        docs[d.doc] = d
    return docs


def read_annotations(path: Path, docs: dict[str, Doc], vocab: dict[str, tuple[set[str], set[str]]] | None = None,
                     lengths: dict[str, int] | None = None) -> list[Gold]:
    """Gold lines of one annotations file, checked against the manifest, the case's ids
    (``vocab``: case -> (actor ids, issue ids)) and the texts' lengths where known."""
    out = []
    for n, o in _lines(path):
        doc = _field(path, n, o, "doc", str)
        if doc not in docs:
            raise InputError(f"{path}:{n}: doc: {doc!r} is not in the manifest")
        g = Gold(doc=doc, actor=_field(path, n, o, "actor", str), issue=_field(path, n, o, "issue", str),
                 direction=_field(path, n, o, "direction", str, DIRECTIONS), hedged=_field(path, n, o, "hedged", bool),
                 optional=bool(o.get("optional", False)), start=_field(path, n, o, "start", int),
                 end=_field(path, n, o, "end", int), annotator=path.stem)
        if vocab and docs[doc].case in vocab:
            actors, issues = vocab[docs[doc].case]
            if g.actor not in actors:
                raise InputError(f"{path}:{n}: actor: {g.actor!r} is no actor of case {docs[doc].case}")
            if g.issue not in issues:
                raise InputError(f"{path}:{n}: issue: {g.issue!r} is no issue of case {docs[doc].case}")
        limit = lengths.get(doc) if lengths else None
        if not 0 <= g.start < g.end or (limit is not None and g.end > limit):
            raise InputError(f"{path}:{n}: start/end: ({g.start}, {g.end}) is outside the text"
                             + (f" of {limit} characters" if limit is not None else ""))
        out.append(g)
    return out


def load(folder: Path = CORPUS_DIR, annotations: str = "annotations") -> Corpus:
    """The manifest and every annotator's file under ``folder/annotations`` (or another
    subfolder, such as ``second`` for the blind second annotations)."""
    manifest = folder / "manifest.jsonl"
    if not manifest.is_file():
        raise InputError(f"{manifest}: missing (no annotated corpus here)")
    docs = read_manifest(manifest)
    gold: list[Gold] = []
    for p in sorted((folder / annotations).glob("*.jsonl")):
        gold.extend(read_annotations(p, docs))
    return Corpus(docs, gold)


def triples(gold: list[Gold]) -> dict[str, tuple[set[tuple[str, str, str]], set[tuple[str, str, str]]]]:
    """Per document: the scored (actor, issue, direction) set and the optional set, as
    ``../shared/eval/ANNOTATION.md`` scores them (a triple stated three times is one)."""
    out: dict[str, tuple[set, set]] = {}
    for g in gold:
        scored, optional = out.setdefault(g.doc, (set(), set()))
        (optional if g.optional else scored).add((g.actor, g.issue, g.direction))
    for scored, optional in out.values():
        optional -= scored
    return out


def score(pred: dict[str, set[tuple[str, str, str]]], gold: dict[str, tuple[set, set]],
          docs: list[str]) -> dict[str, float]:
    """Micro P/R/F1 over ``docs`` by ANNOTATION.md's rules: a hit is a predicted triple in
    the scored set; a false alarm is one neither scored nor optional."""
    hits = fa = n_gold = 0
    for d in docs:
        scored, optional = gold.get(d, (set(), set()))
        p = pred.get(d, set())
        hits += len(p & scored)
        fa += len(p - scored - optional)
        n_gold += len(scored)
    prec = hits / (hits + fa) if hits + fa else 0.0
    rec = hits / n_gold if n_gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": prec, "recall": rec, "f1": f1, "hits": hits, "false_alarms": fa, "gold": n_gold}

"""The annotators' tool for the real-document stance corpus (see accord.news.corpus).

Annotators write *drafts* in the git-ignored ``.cache/drafts/``: one file of documents
read (``A.manifest.jsonl``) and one of stances (``A.jsonl``, each with its cue as a
verbatim string of the text). ``build`` turns every draft into the committed manifest and
annotations, cues as (start, end) offsets: no text of a document enters the repository.
An annotator with no draft at hand keeps its committed documents and annotations.

  annotate.py press --source kremlin --from 2021-12-01 --to 2022-01-31 --grep NATO --max-chars 6000
  annotate.py show kremlin-67315
  annotate.py take kremlin-67315 --annotator A1 --case ukraine_2024
  annotate.py add-page page.txt --url URL --date 2024-11-12 --outlet reuters.com --annotator N1 --case ukraine_2024
  annotate.py missing --split dev           # news pages of the manifest whose text is not in the page cache
  annotate.py restore pages.json            # put pages back in the cache: [{"url", "excerpt"}], checked by sha256
  annotate.py check --annotator A1          # every draft line resolves; nothing written
  annotate.py build                         # drafts -> bench/data/stance-real/{manifest.jsonl,annotations/,second/}
  annotate.py agreement                     # F1 between first and blind second annotations
  annotate.py stats
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from accord.errors import InputError  # noqa: E402
from accord.news import corpus  # noqa: E402

DRAFTS = corpus.ROOT / ".cache" / "drafts"


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _append(path: Path, obj: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _press_index() -> dict[str, dict]:
    out = {}
    for source in corpus.PRESS_FILES:
        for row in corpus.press_rows(source):
            row["source"] = source
            out[row["doc"]] = row
    return out


def cmd_press(a) -> None:
    rx = re.compile(a.grep, re.I) if a.grep else None
    for row in corpus.press_rows(a.source):
        if (a.date_from and row["date"] < a.date_from) or (a.date_to and row["date"] > a.date_to):
            continue
        if len(row["text"]) > a.max_chars or (rx and not rx.search(row["text"])):
            continue
        print(f"{row['doc']}\t{row['date']}\t{len(row['text'])}\t{row['headline'][:100]}")


def _text_of(doc: str, pages: dict[str, dict]) -> str:
    if doc.startswith("page-"):
        m = pages.get(doc)
        if not m:
            raise InputError(f"{doc}: no page of that id in any manifest draft")
        return (corpus.page_cache() / f"{m['sha256']}.txt").read_text(encoding="utf-8")
    row = _press_index().get(doc)
    if not row:
        raise InputError(f"{doc}: no press release of that id")
    return row["text"]


def _drafted_pages() -> dict[str, dict]:
    out = {}
    for p in DRAFTS.glob("*.manifest.jsonl"):
        for m in _read(p):
            if m["doc"].startswith("page-"):
                out[m["doc"]] = m
    return out


def cmd_show(a) -> None:
    print(_text_of(a.doc, _drafted_pages()))


def cmd_take(a) -> None:
    row = _press_index().get(a.doc)
    if not row:
        raise InputError(f"{a.doc}: no press release of that id")
    _append(DRAFTS / f"{a.annotator}.manifest.jsonl",
            {"doc": a.doc, "kind": "press", "source": row["source"], "url": row["url"],
             "sha256": corpus.sha256_text(row["text"]), "date": row["date"], "outlet": row["source"],
             "case": a.case, "annotator": a.annotator})
    print(f"{a.doc} taken by {a.annotator} for {a.case}")


def cmd_add_page(a) -> None:
    text = corpus.page_text(Path(a.file).read_text(encoding="utf-8"))
    sha = corpus.sha256_text(text)
    cache = corpus.page_cache()
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{sha}.txt").write_text(text, encoding="utf-8")
    doc = f"page-{sha[:12]}"
    _append(DRAFTS / f"{a.annotator}.manifest.jsonl",
            {"doc": doc, "kind": "news", "source": a.outlet, "url": a.url, "sha256": sha, "date": a.date,
             "outlet": a.outlet, "case": a.case, "annotator": a.annotator})
    print(doc)


def _news_docs() -> list[corpus.Doc]:
    """The committed manifest's news pages."""
    return [d for d in corpus.read_manifest(corpus.CORPUS_DIR / "manifest.jsonl").values() if d.kind == "news"]


def cmd_missing(a) -> None:
    """Lists the news pages of the manifest whose text is not in the page cache (a new
    machine starts with none: the cache is git-ignored), with their URLs."""
    cache = corpus.page_cache()
    want = [d for d in _news_docs() if a.split is None or d.split == a.split]
    miss = [d for d in want if not (cache / f"{d.sha256}.txt").is_file()]
    for d in sorted(miss, key=lambda d: d.doc):
        print(f"{d.doc}\t{d.split}\t{d.url}")
    print(f"{len(want) - len(miss)} of {len(want)} news pages at hand in {cache}; {len(miss)} missing",
          file=sys.stderr)


def cmd_restore(a) -> None:
    """Puts news pages back in the page cache from a JSON file of ``{"url", "excerpt"}``
    objects (one, or a list): the text each was annotated on is the search tool's stored
    excerpt of the page (as ``add-page`` keeps it). A page is written only where its text
    hashes to the manifest's sha256 for that URL, so a copy that differs by one character
    is refused, never stored under the manifest's name."""
    path = Path(a.file)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{path}: not a readable JSON file ({e})") from None
    items = data if isinstance(data, list) else [data]
    by_url: dict[str, list] = {}
    for d in _news_docs():
        by_url.setdefault(d.url, []).append(d)
    for n, o in enumerate(items):
        if not isinstance(o, dict) or not isinstance(o.get("url"), str) or not isinstance(o.get("excerpt"), str):
            raise InputError(f"{path}: item {n}: url, excerpt: each item needs both, as strings")
    cache = corpus.page_cache()
    cache.mkdir(parents=True, exist_ok=True)
    counts = {"restored": 0, "mismatch": 0, "unknown": 0}
    for o in items:
        ds = by_url.get(o["url"])
        if not ds:
            counts["unknown"] += 1
            print(f"not in the manifest: {o['url']}")
            continue
        text = corpus.page_text(o["excerpt"])
        sha = corpus.sha256_text(text)
        hit = next((d for d in ds if d.sha256 == sha), None)
        if hit is None:
            counts["mismatch"] += 1
            print(f"MISMATCH {ds[0].doc}: the text hashes to {sha[:12]}, not the manifest's {ds[0].sha256[:12]}")
            continue
        tmp = cache / f".{sha}.tmp"
        tmp.write_bytes(text.encode("utf-8"))
        tmp.replace(cache / f"{sha}.txt")
        counts["restored"] += 1
        print(f"restored {hit.doc}")
    print(", ".join(f"{v} {k}" for k, v in counts.items()), file=sys.stderr)


def _resolve(annotator: str, lines: list[dict], texts: dict[str, str], where: str) -> list[dict]:
    out = []
    for n, o in enumerate(lines, 1):
        doc = o.get("doc")
        if "actor" not in o and doc in texts:
            continue  # {"doc": X} alone: X was read (a blind second reading that found nothing counts too)
        if doc not in texts:
            raise InputError(f"{where}:{n}: doc: {doc!r} is not in {annotator}'s manifest draft")
        text, cue = texts[doc], o.get("cue") or ""
        starts = [m.start() for m in re.finditer(re.escape(cue), text)] if cue else []
        nth = int(o.get("nth", 0))
        if not starts or nth >= len(starts):
            raise InputError(f"{where}:{n}: cue: {cue[:60]!r} is not (or not {nth + 1} times) in {doc}")
        s = starts[nth]
        out.append({"doc": doc, "actor": o["actor"], "issue": o["issue"], "direction": o["direction"],
                    "hedged": bool(o.get("hedged", False)), "optional": bool(o.get("optional", False)),
                    "start": s, "end": s + len(cue)})
    return out


def _collect(annotator: str) -> tuple[list[dict], dict[str, str], list[dict], list[dict]]:
    manifest = _read(DRAFTS / f"{annotator}.manifest.jsonl")
    pages = _drafted_pages()
    texts = {m["doc"]: _text_of(m["doc"], pages) for m in manifest}
    first = _resolve(annotator, _read(DRAFTS / f"{annotator}.jsonl"), texts, f"{annotator}.jsonl")
    # a blind second annotation is of documents another annotator took
    everyone = {m["doc"]: m for p in DRAFTS.glob("*.manifest.jsonl") for m in _read(p)}
    second_lines = _read(DRAFTS / f"{annotator}.second.jsonl")
    others = {o.get("doc") for o in second_lines if o.get("doc") in everyone}
    texts2 = {d: _text_of(d, pages) for d in others}
    second = _resolve(annotator, second_lines, texts2, f"{annotator}.second.jsonl")
    return manifest + [everyone[d] for d in sorted(others) if d not in texts], texts, first, second


def _check_ids(annotator: str, manifest: list[dict], lines: list[dict]) -> None:
    import accord
    cases = {}
    case_of = {m["doc"]: m["case"] for m in manifest}
    for n, o in enumerate(lines, 1):
        case = case_of[o["doc"]]
        if case not in cases:
            sc = accord.load(case)
            cases[case] = ({a.id for a in sc.actors}, {i.id for i in sc.issues})
        actors, issues = cases[case]
        if o["actor"] not in actors or o["issue"] not in issues or o["direction"] not in corpus.DIRECTIONS:
            raise InputError(f"{annotator}: line {n}: actor/issue/direction {o['actor']}/{o['issue']}/{o['direction']} "
                             f"not valid for case {case}")


def cmd_check(a) -> None:
    manifest, texts, first, second = _collect(a.annotator)
    _check_ids(a.annotator, manifest, first + second)
    print(f"{a.annotator}: {len(manifest)} documents, {len(first)} stance lines, {len(second)} second-annotation lines: ok")


def cmd_build(a) -> None:
    out = corpus.CORPUS_DIR
    manifest: dict[str, dict] = {}
    firsts: dict[str, list[dict]] = {}
    seconds: dict[str, list[dict]] = {}
    annotators = sorted({p.name.split(".")[0] for p in DRAFTS.glob("*.jsonl")})
    for ann in annotators:  # an annotator may have only a blind second reading (no documents of its own)
        m, _, first, second = _collect(ann)
        _check_ids(ann, m, first + second)
        for d in m:
            manifest.setdefault(d["doc"], d)  # the first annotator to take a document owns its manifest line
        firsts[ann], seconds[ann] = first, second
        read2 = sorted({o["doc"] for o in _read(DRAFTS / f"{ann}.second.jsonl")})
        if read2:
            (out / "second").mkdir(parents=True, exist_ok=True)
            (out / "second" / f"{ann}.docs.txt").write_text("".join(d + "\n" for d in read2), encoding="utf-8")
    # documents of annotators with no draft here (drafts are git-ignored and live where each
    # round was annotated) keep their committed manifest lines; their annotation files are
    # left as they are
    for row in _read(out / "manifest.jsonl"):
        if row.get("annotator") not in annotators:
            manifest.setdefault(row["doc"], row)
    (out / "annotations").mkdir(parents=True, exist_ok=True)
    (out / "second").mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(manifest[k], ensure_ascii=False, sort_keys=True) for k in sorted(manifest)]
    (out / "manifest.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for folder, table in (("annotations", firsts), ("second", seconds)):
        for ann, rows in table.items():
            path = out / folder / f"{ann}.jsonl"
            if rows:
                rows = sorted(rows, key=lambda r: (r["doc"], r["start"], r["actor"], r["issue"]))
                path.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows), encoding="utf-8")
            elif path.exists():
                path.unlink()
    print(f"built {len(manifest)} documents; from the drafts of {', '.join(annotators) or 'nobody'}: "
          f"{sum(map(len, firsts.values()))} stance lines, {sum(map(len, seconds.values()))} second-annotation "
          f"lines; into {out}")


def cmd_agreement(a) -> None:
    first = corpus.load(corpus.CORPUS_DIR, "annotations")
    second = corpus.load(corpus.CORPUS_DIR, "second")
    read = {x for p in (corpus.CORPUS_DIR / "second").glob("*.docs.txt") for x in p.read_text().split()}
    docs = sorted({g.doc for g in second.gold} | read)
    g1, g2 = corpus.triples(first.gold), corpus.triples(second.gold)
    pred = {d: g2.get(d, (set(), set()))[0] for d in docs}
    s = corpus.score(pred, g1, docs)
    print(f"agreement on {len(docs)} documents: F1 {s['f1']:.3f} (P {s['precision']:.3f}, R {s['recall']:.3f}; "
          f"first annotator as reference, {s['gold']} scored stances)")


def cmd_stats(a) -> None:
    c = corpus.load()
    tri = corpus.triples(c.gold)
    rows: dict[tuple[str, str], list[int]] = {}
    for d in c.docs.values():
        r = rows.setdefault((d.kind, d.split), [0, 0])
        r[0] += 1
        r[1] += len(tri.get(d.doc, (set(), set()))[0])
    for (kind, split), (n, s) in sorted(rows.items()):
        print(f"{kind:6} {split:8} {n:4} documents {s:5} scored stances")
    print(f"total  {len(c.docs)} documents, {sum(len(v[0]) for v in tri.values())} scored stances")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("press")
    p.add_argument("--source", choices=sorted(corpus.PRESS_FILES), required=True)
    p.add_argument("--from", dest="date_from")
    p.add_argument("--to", dest="date_to")
    p.add_argument("--grep")
    p.add_argument("--max-chars", type=int, default=10**9)
    p.set_defaults(fn=cmd_press)
    p = sub.add_parser("show")
    p.add_argument("doc")
    p.set_defaults(fn=cmd_show)
    for name, fn in (("take", cmd_take), ("add-page", cmd_add_page)):
        p = sub.add_parser(name)
        p.add_argument("doc" if name == "take" else "file")
        p.add_argument("--annotator", required=True)
        p.add_argument("--case", required=True)
        if name == "add-page":
            p.add_argument("--url", required=True)
            p.add_argument("--date", required=True)
            p.add_argument("--outlet", required=True)
        p.set_defaults(fn=fn)
    p = sub.add_parser("missing")
    p.add_argument("--split", choices=("train", "dev", "test", "heldout", "unseen-dev"))
    p.set_defaults(fn=cmd_missing)
    p = sub.add_parser("restore")
    p.add_argument("file")
    p.set_defaults(fn=cmd_restore)
    p = sub.add_parser("check")
    p.add_argument("--annotator", required=True)
    p.set_defaults(fn=cmd_check)
    sub.add_parser("build").set_defaults(fn=cmd_build)
    p = sub.add_parser("agreement")
    p.add_argument("--docs", nargs="*")
    p.set_defaults(fn=cmd_agreement)
    sub.add_parser("stats").set_defaults(fn=cmd_stats)
    a = ap.parse_args(argv)
    try:
        a.fn(a)
    except InputError as e:
        print(f"annotate: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

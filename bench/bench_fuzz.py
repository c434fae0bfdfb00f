#!/usr/bin/env python3
"""Fuzz the real CLI in subprocesses: malformed scenario files and hostile article folders.

Issue 10's targets: 1,000 fuzzed scenario files and 100 hostile article folders give
0 tracebacks, 0 hangs past 30 s and 0 data lost. Every case runs `accord` in a fresh
subprocess under a timeout and an address-space cap (`prlimit --as`), and ends in one of:

``exit 0``      accepted (scenario: `validate`, then `forecast --json` with every model);
``clean 2``     exit 2 with one line ``accord: error: ...`` on stderr, no traceback;
``traceback``   any other non-zero exit, or "Traceback" on stderr;
``segfault``    killed by SIGSEGV (139);
``memory``      killed (137) or a MemoryError under the cap;
``hang``        still running after the timeout.

Scenario files are the built-in-like mini scenario mutated: values replaced by hostile
ones (1e308, 400-digit ints, NaN, dates that do not exist, lists where ids go, control
characters), keys deleted or added, text spliced with alias bombs, self-aliases,
100,000-deep flow lists, ``!!set``/``!!binary``/``!!python`` tags, NUL and invalid
UTF-8; and plain/KTAB CSV with hostile cells and header counts. Article folders hold
three good articles next to hostile inputs (symlink loops, hidden files, deep or
huge-int JSON/JSONL/manifest, lone surrogates, binary and empty files, 20,000-symbol
runs, escape sequences in names); `accord ingest` runs on each (every tenth with
``--case``, which loads spaCy), then the store is checked: every good article is in it
and whole ("data lost" counts those that are not). The good articles are never the
target of a hostile input (a bad manifest entry names another file).

Baseline, in the same run: the unmutated scenario and a folder of only good articles,
through the same harness (both must exit 0), with their time per case.

Measured 2026-11-30 (2 cores, load ~10, seed 0): 1,000 files + 100 folders, 1,185
commands in 743 s: scenario files exit 0 85, clean 2 915; folders exit 0 100; traceback,
segfault, memory, hang and data lost all 0. The commit before issue 10's work (907d294),
first 200 files + 20 folders of the same seed: 40 tracebacks, 2 segfaults, 3 hangs.

    bench/bench_fuzz.py [--scenarios 1000] [--folders 100] [--jobs 3] [--seed 0] [--timeout 30] [--mem-gb 2]
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
ACCORD = [sys.executable, "-m", "accord.cli"]
KINDS = ("exit 0", "clean 2", "traceback", "segfault", "memory", "hang")

BASE = {
    "id": "mini", "name": "Mini", "date": "2024-11-24",
    "actors": [
        {"id": "a", "name": "A", "capability": {"value": 1, "range": [0.5, 2]}, "aliases": ["Alpha"]},
        {"id": "b", "name": "B", "capability": 2, "capability_by_issue": {"x": 3}},
        {"id": "c", "name": "C", "capability": 1.5},
    ],
    "issues": [
        {"id": "x", "name": "X", "scale": [0, 100], "status_quo": 50, "anchors": {0: "no", 100: "yes"}},
        {"id": "y", "name": "Y", "scale": [-10, 10], "status_quo": {"value": 0, "range": [-2, 2]}},
    ],
    "positions": [
        {"actor": a, "issue": i, "position": p, "salience": s}
        for (a, i, p, s) in [("a", "x", 10, 0.5), ("b", "x", 90, 0.7), ("c", "x", 60, 0.3),
                             ("a", "y", -5, 0.4), ("b", "y", 8, 0.9), ("c", "y", 0, 0.2)]
    ],
    "levers": [{"id": "l", "description": "d", "assumption": False,
                "effects": [{"target": "capability", "op": "scale", "actor": "a", "amount": 2}]}],
    "sources": [{"title": "t", "published": "2024-11-12"}],
}

HOSTILE = [
    None, True, False, "", "no", "yes", "2024-13-40", "2024-02-30", "nan", "inf", "-inf", "1e308", 1e308, -1e308,
    1e-320, 10 ** 400, -(10 ** 400), 0, -1, 2 ** 63, "a\nb", "\x1b[2J\x1b]0;x\x07", "\u202e", "a" * 10_000, [], {},
    [[[[[]]]]], {"value": 1e308}, {"value": 5, "range": [9, 1]}, ["a", "b"], [1, 2, 3], "x", "b", "*", "all",
    {"value": 1, "range": [0, 2], "dist": "cauchy"}, 1e9, 1e10, -0.0, 0.5, 150, "ukraine_2024\n",
]

SPLICES = [
    "zz: &a [x, x, x, x, x, x, x, x, x]\nzy: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "zx: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nzw: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
    "zv: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nzu: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
    "zt: [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n",
    "zz: &s [1, *s]\n", "sources: &s [{title: t, more: *s}]\n",
    "zz: " + "[" * 100_000 + "]" * 100_000 + "\n", "zz: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
    "zz: !!set {a, b}\n", "zz: !!binary aGVsbG8=\n", "zz: !!python/object/apply:os.system ['true']\n",
    "zz: !!timestamp 2024-01-01\n", "zz: !local x\n", "zz: " + "9" * 5000 + "\n", "zz: .nan\n",
    "sources:\n- {published: 2024-11-12, title: t}\n", "\x00\x00\x00\n", "zz: '\udcff'\n", "zz: *undefined\n",
    "<<: {id: other}\n", "id: [1, 2]\n", "actors: {a: 1}\n", "%YAML 1.1\n---\nid: x\n...\n---\nid: y\n",
    "zz: \"\\ud800\"\n", "zz: 1e999\n", "key: &k value\n? *k\n: 1\n",
]


def _paths(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from _paths(v, prefix + (i,))


PATHS = [p for p in _paths(BASE) if p]


def mutate_doc(rng: random.Random) -> dict:
    doc = copy.deepcopy(BASE)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(PATHS)
        parent = doc
        try:
            for key in path[:-1]:
                parent = parent[key]
            kind = rng.choice(["set", "set", "set", "delete", "extra"])
            if kind == "set":
                parent[path[-1]] = copy.deepcopy(rng.choice(HOSTILE))
            elif kind == "delete":
                del parent[path[-1]]
            elif isinstance(parent, dict):
                parent[rng.choice(["zz", 1, "note", "range", "value", "valid_from"])] = copy.deepcopy(rng.choice(HOSTILE))
        except (KeyError, IndexError, TypeError):
            pass
    return doc


def scenario_file(rng: random.Random, folder: Path, n: int) -> Path:
    """One malformed scenario file (YAML, JSON, plain CSV or KTAB CSV)."""
    style = rng.random()
    if style < 0.45:
        doc = mutate_doc(rng)
        if rng.random() < 0.5:
            path = folder / f"s{n:04d}.yaml"
            path.write_bytes(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8", "surrogatepass"))
        else:
            path = folder / f"s{n:04d}.json"
            try:
                text = json.dumps(doc)
            except ValueError:
                text = json.dumps(BASE)
            path.write_text(text)
        return path
    if style < 0.8:  # text splices into a valid YAML document
        text = yaml.safe_dump(BASE, allow_unicode=True)
        lines = text.splitlines(keepends=True)
        op = rng.random()
        if op < 0.6:
            text = text + rng.choice(SPLICES)
        elif op < 0.8:
            i = rng.randrange(len(lines))
            text = "".join(lines[:i] + lines[i + rng.randint(1, 5):])
        else:
            i = rng.randrange(len(lines))
            text = "".join(lines[:i] + [rng.choice(SPLICES)] + lines[i:])
        data = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.1:
            k = rng.randrange(len(data))
            data = data[:k] + bytes([rng.choice([0x00, 0xff, 0xc3, 0x1b, 0x80])]) + data[k:]
        path = folder / f"s{n:04d}.yaml"
        path.write_bytes(data)
        return path
    cell = lambda: rng.choice(["1", "0.5", "50", "", "nan", "inf", "-1", "1e308", "9" * 400, "x", "\x1b[2J", "2.5"])  # noqa: E731
    if style < 0.9:
        rows = ["actor,capability,position,salience" + rng.choice(["", ",issue"])]
        for i in range(rng.randint(0, 6)):
            rows.append(",".join([rng.choice([f"a{i}", "status_quo", "", "a0"]), cell(), cell(), cell()]
                                 + ([rng.choice(["x", "y", ""])] if "issue" in rows[0] else [])))
        path = folder / f"s{n:04d}.csv"
        path.write_text("\n".join(rows) + "\n")
        return path
    head = f"k, d, {rng.choice(['2', '3', 'inf', '-1', '0', '2.5', '1e400', 'x'])}, {rng.choice(['1', '2', '-1', 'inf', '0', '100000'])}"
    rows = [head, "Actor, Description, Power, A Position, A Salience, B Position, B Salience"]
    for i in range(rng.randint(1, 4)):
        rows.append(", ".join([f"a{i}", "d", cell(), cell(), cell(), cell(), cell()][: rng.randint(3, 7)]))
    path = folder / f"s{n:04d}.csv"
    path.write_text("\n".join(rows) + "\n")
    return path


GOOD = [
    "Kremlin spokesman Dmitry Peskov said on Monday that Russia rejects any ceasefire along the current line.",
    "President Volodymyr Zelensky told parliament in Kyiv that Ukraine will never give up Crimea.",
    "NATO Secretary General Mark Rutte said the alliance would keep supplying air defence to Ukraine.",
    "The European Commission proposed a new package of sanctions on Russian oil and gas.",
    "Senator Lindsey Graham said Congress should approve more military aid for Kyiv this winter.",
]


def article_folder(rng: random.Random, folder: Path, n: int) -> list[Path]:
    """A folder of hostile inputs around three good articles; returns the good ones."""
    folder.mkdir(parents=True)
    goods = []
    for k in range(3):
        p = folder / f"good{k}.txt"
        p.write_text(f"# Report {n}-{k}\n\n{rng.choice(GOOD)} It was day {n * 10 + k} of the talks, "
                     f"and item {rng.randrange(10**9)} was on the table.\n")
        goods.append(p)
    deep = "[" * 100_000 + "]" * 100_000
    makers = [
        lambda: os.symlink("self", folder / "self"),
        lambda: (folder / "sub").mkdir() or os.symlink("..", folder / "sub" / "up"),
        lambda: os.symlink("nowhere.txt", folder / "broken.txt"),
        lambda: (folder / ".hidden.txt").write_text("hidden"),
        lambda: (folder / ".git").mkdir() or (folder / ".git" / "HEAD.txt").write_text("ref"),
        lambda: (folder / "deep.json").write_text(deep),
        lambda: (folder / "deep.jsonl").write_text('{"text": ' + deep + "}\n"),
        lambda: (folder / "manifest.json").write_text('{"articles": ' + deep + "}"),
        lambda: (folder / "dated.txt").write_text("A dated note from Kyiv.") or (folder / "manifest.json").write_text(
            '{"articles": [{"file": "dated.txt", "published": "2024-13-40"}, {"file": "good1.txt", "title": [1]}]}'),
        lambda: (folder / "bigint.json").write_text('[{"text": "Some words.", "id": ' + "9" * 5000 + "}]"),
        lambda: (folder / "surr.jsonl").write_text('{"text": "bad \\ud800 text"}\n'),
        lambda: (folder / "nan.jsonl").write_text('{"text": "x y z.", "published": NaN}\n'),
        lambda: (folder / "bin.txt").write_bytes(bytes(range(256)) * 10),
        lambda: (folder / "empty.txt").write_bytes(b""),
        lambda: (folder / "hashes.txt").write_text("# " + "#" * 20_000 + "\n\nRussia said no.\n"),
        lambda: (folder / "punct.md").write_text("!?" * 10_000 + "\n"),
        lambda: (folder / "latin1.txt").write_bytes("Caf\xe9 talks in Gen\xe8ve went on.".encode("latin-1")),
        lambda: (folder / "bom.txt").write_bytes(b"\xff\xfe" + b"\x00\xd8" * 10),
        lambda: (folder / "esc\x1b[2J\nname.txt").write_text("Russia said \x1b]0;owned\x07 no."),
        lambda: (folder / "page.html").write_text("<html><script>alert(1)</script><p>" + "<div>" * 5000 + "Kyiv said yes."),
        lambda: (folder / "feed.csv").write_text("title,text\nt," + "x" * 200_000 + "\n"),
        lambda: (folder / "odd.jsonl").write_text('[1, 2]\n"text"\n{"text": 5}\n{"text": ""}\n{"text": "ok words here", "title": [1]}\n'),
        lambda: (folder / ("l" * 200 + ".txt")).write_text("A long name."),
        lambda: (folder / "dup.txt").write_text(goods[0].read_text()),
        lambda: (folder / "big.txt").write_text(("Peskov said talks would go on. " * 40 + "\n\n") * 500),
    ]
    for make in rng.sample(makers, rng.randint(3, 10)):
        try:
            make()
        except (FileExistsError, OSError):
            pass
    return goods


def run(cmd: list[str], timeout: float, mem: int, cwd: Path) -> tuple[str, str, float]:
    """(kind, first lines of stderr, seconds) of one CLI run."""
    limit = ["prlimit", f"--as={mem}"] if shutil.which("prlimit") else []
    t = time.perf_counter()
    try:
        r = subprocess.run(limit + cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd,
                           errors="replace", env={**os.environ, "PYTHONHASHSEED": "0"})
    except subprocess.TimeoutExpired:
        return "hang", "", time.perf_counter() - t
    dt = time.perf_counter() - t
    err = r.stderr
    if r.returncode in (-11, 139):
        return "segfault", err[-300:], dt
    if r.returncode in (-9, 137) or "MemoryError" in err:
        return "memory", err[-300:], dt
    if "Traceback" in err:
        return "traceback", err[-600:], dt
    if r.returncode == 0:
        return "exit 0", "", dt
    lines = err.strip().splitlines()
    if r.returncode == 2 and len(lines) == 1 and lines[0].startswith("accord: error: "):
        return "clean 2", lines[0][:200], dt
    return "traceback", f"exit {r.returncode}: {err[-600:]}", dt


def scenario_case(path: Path, timeout: float, mem: int) -> list[tuple[str, str, float, str]]:
    kind, err, dt = run(ACCORD + ["validate", str(path)], timeout, mem, path.parent)
    out = [(kind, err, dt, f"validate {path.name}")]
    if kind == "exit 0":
        kind, err, dt2 = run(ACCORD + ["forecast", str(path), "--json"], timeout, mem, path.parent)
        out.append((kind, err, dt2, f"forecast {path.name}"))
    return out


def folder_case(folder: Path, goods: list[Path], case: bool, timeout: float, mem: int):
    from accord.news.read import read_input
    from accord.store import Store

    db = folder.parent / f"{folder.name}.db"
    cmd = ACCORD + ["ingest", str(folder), "--db", str(db)] + (["--case", "ukraine_2024"] if case else [])
    kind, err, dt = run(cmd, timeout * (4 if case else 1), mem, folder.parent)
    lost = 0
    if kind in ("exit 0", "clean 2"):
        try:
            with Store(db, readonly=True) as s:
                bad = s.integrity_problems()
                for g in goods:
                    art = next(read_input(g)).article
                    if art is None or s.find_sha(art.sha256) is None:
                        lost += 1
                lost += len(bad)
        except Exception as exc:  # a store that cannot be opened after an exit 0 lost everything
            lost, err = len(goods), f"{err} store: {exc}"
    return [(kind, err, dt, f"ingest {folder.name}{' --case' if case else ''}")], lost


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenarios", type=int, default=1000)
    ap.add_argument("--folders", type=int, default=100)
    ap.add_argument("--jobs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--mem-gb", type=float, default=2.0)
    ap.add_argument("--keep", action="store_true", help="keep the generated files (their folder is printed)")
    a = ap.parse_args()
    mem = int(a.mem_gb * 2**30)
    rng = random.Random(a.seed)
    work = Path(tempfile.mkdtemp(prefix="accord-fuzz-"))
    print(f"fuzz: {a.scenarios} scenario files, {a.folders} article folders, seed {a.seed}, {a.jobs} jobs, "
          f"timeout {a.timeout:g} s, address space {a.mem_gb:g} GB; files in {work}", flush=True)

    # baseline: the unmutated scenario and a clean folder through the same harness
    base_dir = work / "baseline"
    base_dir.mkdir()
    (base_dir / "base.yaml").write_text(yaml.safe_dump(BASE))
    t0 = time.perf_counter()
    base = scenario_case(base_dir / "base.yaml", a.timeout, mem)
    clean = base_dir / "clean"
    clean.mkdir()
    goods = []
    for k, text in enumerate(GOOD):
        (clean / f"g{k}.txt").write_text(text)
        goods.append(clean / f"g{k}.txt")
    fb, fb_lost = folder_case(clean, goods, False, a.timeout, mem)
    print("baseline: " + "; ".join(f"{c[3]}: {c[0]} in {c[2]:.2f} s" for c in base + fb)
          + f"; data lost {fb_lost} ({time.perf_counter() - t0:.1f} s)", flush=True)

    scen_dir = work / "scenarios"
    scen_dir.mkdir()
    files = [scenario_file(rng, scen_dir, n) for n in range(a.scenarios)]
    folders = []
    for n in range(a.folders):
        f = work / "folders" / f"f{n:03d}"
        folders.append((f, article_folder(rng, f, n), n % 10 == 0))

    counts: dict[str, Counter] = {"scenario files": Counter(), "article folders": Counter()}
    examples: dict[str, list[str]] = {}
    lost_total = 0
    times: list[float] = []
    t0 = time.perf_counter()
    with ThreadPoolExecutor(a.jobs) as pool:
        for results in pool.map(lambda p: scenario_case(p, a.timeout, mem), files):
            counts["scenario files"]["tried"] += 1
            counts["scenario files"][results[-1][0]] += 1  # the file's outcome: its last command's
            for kind, err, dt, what in results:
                times.append(dt)
                if kind not in ("exit 0", "clean 2"):
                    examples.setdefault(kind, []).append(f"{what}: {err}")
        for results, lost in pool.map(lambda f: folder_case(f[0], f[1], f[2], a.timeout, mem), folders):
            counts["article folders"]["tried"] += 1
            kind, err, dt, what = results[0]
            counts["article folders"][kind] += 1
            times.append(dt)
            lost_total += lost
            if kind not in ("exit 0", "clean 2"):
                examples.setdefault(kind, []).append(f"{what}: {err}")
            if lost:
                examples.setdefault("data lost", []).append(f"{what}: {lost} good articles missing")
    wall = time.perf_counter() - t0
    for group, c in counts.items():
        print(f"{group}: tried {c['tried']}, " + ", ".join(f"{k} {c[k]}" for k in KINDS))
    print(f"data lost: {lost_total} good articles missing from {a.folders} folders")
    print(f"{len(times)} commands in {wall:.0f} s (median {sorted(times)[len(times) // 2]:.2f} s, "
          f"max {max(times):.1f} s)")
    for kind, ex in sorted(examples.items()):
        print(f"-- {kind}: {len(ex)}")
        for e in ex[:5]:
            print("   " + " ".join(e.split())[:400])
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    bad = sum(c[k] for c in counts.values() for k in ("traceback", "segfault", "memory", "hang")) + lost_total
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

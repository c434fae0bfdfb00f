"""One ingest run: walk the inputs, read, deduplicate, extract, store; account for each.

Work is split so that the store has one writer: the reading, cleaning, sentence
splitting and extraction of each file happen in :func:`_process` (in this process for
``jobs=1``, else in a pool of ``jobs`` worker processes that each load the scenario and
spaCy once, in :func:`_init_worker`); results come back in input order and this process
deduplicates and stores them one article per transaction. Input order is sorted, so
the same inputs give the same store.

Every input ends in one :class:`Outcome`:

``read``       stored now;
``updated``    its file changed since it was stored: the old version was replaced;
``extracted``  stored before without (or with another) scenario, now extracted and replaced;
``unchanged``  stored before with the same content (a resumed or repeated run);
``duplicate``  the same or nearly the same text as another article (named in the reason);
``skipped``    not an article file (its type is named), a hidden file, a symlink loop, or an
               article over the extraction budget (:data:`MAX_EXTRACT_CHARS`,
               :data:`ARTICLE_SECONDS`), with the reason;
``failed``     could not be read (the reason is given).
"""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ..errors import InputError
from . import dedup
from .clean import split_sentences
from .read import ARTICLE_SUFFIXES, FEED_SUFFIXES, MANIFEST_NAME, Read, load_manifest, read_input
from .types import Quantity, Statement

__all__ = ["Outcome", "RunResult", "STATUSES", "collect_inputs", "ingest", "walk_inputs"]

STATUSES = ("read", "updated", "extracted", "unchanged", "duplicate", "skipped", "failed")


@dataclass
class Outcome:
    input: str
    status: str
    reason: str = ""
    article: str | None = None


@dataclass(repr=False)
class RunResult:
    run: int
    outcomes: list[Outcome] = field(default_factory=list)  # every outcome other than read/unchanged
    counts: Counter = field(default_factory=Counter)
    statements: int = 0
    seconds: float = 0.0
    reading: Counter = field(default_factory=Counter)  # Extraction.counts summed: why no stance came out
    extractor: str | None = None  # the decider's name, None without a case

    def __repr__(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items()))
        return f"<RunResult run {self.run}: {counts or 'nothing'}; {self.statements} statements>"


@dataclass
class _Done:
    """What a worker made of one article of an input."""

    read: Read
    sentences: list[tuple[int, int]] = field(default_factory=list)
    statements: list[Statement] | None = None
    bands: list[int] = field(default_factory=list)
    shingles: Any = None
    extracted: bool = False
    quantities: list[Quantity] | None = None  # every sentence's quantities, from the extraction
    counts: dict[str, int] = field(default_factory=dict)


# -- inputs -----------------------------------------------------------------------------


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named or found (recursively, sorted, hidden ones left out) under ``paths``.

    Raises :class:`InputError` for a path that does not exist (a bad invocation).
    """
    return walk_inputs(paths)[0]


def walk_inputs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Outcome]]:
    """``(files, skipped)``: the files named or found under ``paths``, and one ``skipped``
    outcome for each hidden file or folder, symlink loop or folder that cannot be
    listed (a broken link is returned, to fail when read). Folders are walked without recursion; a folder reached twice
    (through a symlink) is read once, so a symlink loop ends the walk of that branch.

    Raises :class:`InputError` for a path that does not exist (a bad invocation).
    """
    import os
    import stat as st

    out: list[Path] = []
    notes: list[Outcome] = []
    seen_files: set[tuple[int, int]] = set()
    for p in paths:
        p = Path(p)
        if not p.exists() and not p.is_symlink():
            raise InputError("no such file or folder", source=str(p))
        found: list[Path] = []
        if p.is_dir():
            seen_dirs: set[tuple[int, int]] = set()
            stack = [p]
            while stack:
                folder = stack.pop()
                try:
                    info = folder.stat()
                except OSError as exc:
                    notes.append(Outcome(str(folder), "skipped", f"cannot be read ({exc.strerror or exc})"))
                    continue
                if (info.st_dev, info.st_ino) in seen_dirs:
                    notes.append(Outcome(str(folder), "skipped", "folder already read (a symlink loop or a second link)"))
                    continue
                seen_dirs.add((info.st_dev, info.st_ino))
                try:
                    entries = sorted(os.scandir(folder), key=lambda e: e.name)
                except OSError as exc:
                    notes.append(Outcome(str(folder), "skipped", f"folder cannot be listed ({exc.strerror or exc})"))
                    continue
                subfolders = []
                for e in entries:
                    path = Path(e.path)
                    if e.name.startswith("."):
                        notes.append(Outcome(str(path), "skipped", "hidden " + ("folder" if e.is_dir() else "file")
                                             + ", not read"))
                        continue
                    try:
                        mode = os.stat(e.path).st_mode  # follows links
                    except OSError as exc:
                        if getattr(exc, "errno", None) == 40:
                            notes.append(Outcome(str(path), "skipped", "symlink loop"))
                        else:  # a broken link: read, and so failed with its reason
                            out.append(path)
                        continue
                    if st.S_ISDIR(mode):
                        subfolders.append(path)
                    elif e.name != MANIFEST_NAME:
                        found.append(path)
                stack.extend(reversed(subfolders))
            found.sort()
        else:
            found = [p]
        for f in found:
            try:
                info = f.stat()
                key = (info.st_dev, info.st_ino)
            except OSError as exc:
                notes.append(Outcome(str(f), "skipped", "symlink loop" if exc.errno == 40 else
                                     f"cannot be read ({exc.strerror or exc})"))
                continue
            if key not in seen_files:
                seen_files.add(key)
                out.append(f)
    return out, notes


# -- worker side ------------------------------------------------------------------------

_W: dict[str, Any] = {}

#: the budget of one article's extraction (issue 10): a longer text, or an extraction that
#: runs longer, is recorded as skipped with the reason, and the run goes on. spaCy reads at
#: most 1,000,000 characters at once (its ``max_length``); the slowest seed article takes
#: well under a second, so a minute means something is wrong with the text.
MAX_EXTRACT_CHARS = 1_000_000
ARTICLE_SECONDS = 60.0
OVER_BUDGET = "over budget"


class _OverBudget(BaseException):
    """Raised by the timer in the middle of an extraction (a BaseException, so no
    ``except Exception`` inside the extractor swallows it)."""


class _Budget:
    """Whether the timer of :func:`_time_budget` went off."""

    fired = False


@contextmanager
def _time_budget(seconds: float | None) -> Iterator[_Budget]:
    """Raise :class:`_OverBudget` in this thread after ``seconds`` (POSIX, main thread:
    a pool worker's or the single process's; elsewhere no limit). The budget it yields
    says whether the timer went off: Python drops an exception raised where it cannot
    propagate (a ``__del__`` the garbage collector runs, a callback from C), and then the
    extraction runs on to its end, over budget all the same."""
    import signal
    import threading

    budget = _Budget()
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield budget
        return

    def on_alarm(signum: int, frame: Any) -> None:
        budget.fired = True
        raise _OverBudget()

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield budget
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _init_worker(scenario_ref: str | None, key: str | None, done: set, fields: dict[str, str],
                 seconds: float | None = ARTICLE_SECONDS, decider: str | None = None) -> None:
    """Set up a process; the extractor (spaCy) is loaded on first need, once per process."""
    _W.clear()
    _W.update(scenario=scenario_ref, key=key, done=done, fields=fields, extractor=None, seconds=seconds,
              decider=decider)


def _init_pool_worker(*args: Any) -> None:
    """A pool worker leaves Ctrl-C to the main process, which stops the pool (no worker
    tracebacks on the terminal; what is stored stays whole either way)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(*args)


def _extractor() -> Any:
    """The process's extractor, loaded when the first article needs it (a re-run over
    articles already extracted with the same scenario never loads spaCy)."""
    if _W.get("extractor") is None:
        from ..scenario import load
        from .extract import Extractor  # the extractor stage; imported only when a case is given

        _W["extractor"] = Extractor(load(_W["scenario"]), decider=_W.get("decider") or None)
    return _W["extractor"]


def _process(task: tuple[str, dict[str, dict[str, Any]]]) -> list[_Done]:
    path, manifest = task
    results = []
    for r in read_input(Path(path), manifest, _W.get("fields")):
        d = _Done(r)
        art = r.article
        if art is not None:
            d.shingles = dedup.shingles(art.text)
            d.bands = dedup.band_keys(dedup.minhash(d.shingles))
            if _W.get("scenario") is not None and art.sha256 not in _W["done"]:
                extractor = _extractor()  # outside the try: a scenario that cannot load ends the run
                if len(art.text) > MAX_EXTRACT_CHARS:
                    r.article, r.error = None, (f"{OVER_BUDGET}: {len(art.text):,} characters; extraction reads "
                                                f"at most {MAX_EXTRACT_CHARS:,} per article")
                    results.append(d)
                    continue
                seconds = _W.get("seconds")
                try:
                    with _time_budget(seconds) as budget:
                        ex = extractor.extract(art)
                    if budget.fired:  # the timer's exception was dropped where it landed
                        raise _OverBudget()
                except _OverBudget:
                    r.article, r.error = None, (f"{OVER_BUDGET}: extraction stopped after {seconds:g} s "
                                                "(--article-seconds)")
                    results.append(d)
                    continue
                except Exception as exc:  # one article's failure must not end the run
                    r.article, r.error = None, f"extraction failed: {type(exc).__name__}: {exc}"
                    results.append(d)
                    continue
                d.sentences, d.statements, d.extracted = list(ex.sentences), list(ex.statements), True
                d.quantities = list(ex.quantities)
                d.counts = dict(ex.counts)
            else:
                d.sentences = split_sentences(art.text)
        results.append(d)
    return results


# -- the run ----------------------------------------------------------------------------


def extraction_key(scenario_ref: str | None, decider: str | None = None) -> str | None:
    """What an article was extracted with: the case's id and a hash of its vocabulary (the
    only part of it extraction reads: a change of positions re-extracts nothing)."""
    if scenario_ref is None:
        return None
    from ..scenario import load
    from .vocab import Vocabulary

    from .decide import default_decider

    decider = decider or default_decider()
    sc = load(scenario_ref)
    vocab = Vocabulary.from_scenario(sc, source=scenario_ref)
    vocab.check()  # no keyword anywhere, or one alias for two actors at once: exit 2 before anything is written
    digest = hashlib.sha256(repr(vocab).encode()).hexdigest()[:12]
    return f"{sc.id}:{digest}" if decider == "rules" else f"{sc.id}:{digest}:{decider}"


def ingest(paths: Iterable[str | Path], db: str | Path = "accord.db", *, scenario: str | None = None,
           jobs: int = 1, fields: dict[str, str] | None = None, args: dict[str, Any] | None = None,
           progress: Callable[[int, int], None] | None = None,
           article_seconds: float | None = ARTICLE_SECONDS, extractor: str | None = None) -> RunResult:
    """Ingest ``paths`` into the store ``db`` (see module doc); returns the accounting.

    ``scenario`` is a built-in case name or a scenario file; with it every new article is
    run through :class:`accord.news.extract.Extractor`. Raises :class:`InputError` only for
    a bad invocation (missing path, bad scenario, bad ``jobs``).
    """
    from .. import __version__
    from ..store import Store

    if jobs < 1:
        raise InputError(f"{jobs} is not a positive number of jobs", field="--jobs")
    if scenario is not None and not extractor:
        from .decide import default_decider

        extractor = default_decider()
    inputs, walk_notes = walk_inputs(paths)
    key = extraction_key(scenario, extractor)  # loads (and so validates) the scenario before anything is written
    if scenario is not None:
        from .decide import make_decider

        make_decider(extractor)  # an unknown --extractor fails here, before anything is written
    t0 = time.perf_counter()
    with Store(db) as store:
        run = store.start_run(args or {"paths": [str(p) for p in paths], "scenario": scenario, "jobs": jobs},
                              __version__, dedup.SEED)
        result = RunResult(run, extractor=extractor if scenario is not None else None)
        for note in walk_notes:  # hidden files, symlink loops, broken links: one line each
            _account(result, note)
        manifests: dict[Path, dict[str, dict[str, Any]]] = {}
        tasks: list[tuple[str, dict]] = []
        for f in inputs:
            if f.parent not in manifests:
                manifests[f.parent], err = load_manifest(f.parent)
                if err:
                    _account(result, Outcome(str(f.parent / MANIFEST_NAME), "failed", err))
            suffix = f.suffix.lower()
            if suffix not in ARTICLE_SUFFIXES + FEED_SUFFIXES:
                _account(result, Outcome(str(f), "skipped", f"unsupported file type {suffix or '(none)'!r}"))
                continue
            entry = manifests[f.parent].get(f.name)
            tasks.append((str(f), {f.name: entry} if entry else {}))
        done = store.extracted_with(key) if key is not None else set()
        for i, results in enumerate(_run_tasks(tasks, scenario, key, done, fields or {}, jobs, article_seconds,
                                               extractor), 1):
            for d in results:
                _store_one(store, d, key, run, result)
            if progress:
                progress(i, len(tasks))
        result.seconds = time.perf_counter() - t0
        counts = {s: result.counts.get(s, 0) for s in STATUSES}
        store.finish_run(run, {**counts, "statements": result.statements})
    return result


def _run_tasks(tasks: list, scenario: str | None, key: str | None, done: set, fields: dict[str, str],
               jobs: int, seconds: float | None = ARTICLE_SECONDS, decider: str | None = None) -> Iterator[list[_Done]]:
    if jobs == 1 or len(tasks) < 2:
        _init_worker(scenario, key, done, fields, seconds, decider)
        for t in tasks:
            yield _process(t)
        return
    import multiprocessing as mp

    ctx = mp.get_context("spawn")  # workers start clean: no copied locks, threads or store handles
    with ctx.Pool(min(jobs, len(tasks)), initializer=_init_pool_worker,
                  initargs=(scenario, key, done, fields, seconds, decider)) as pool:
        yield from pool.imap(_process, tasks, chunksize=max(1, min(8, len(tasks) // (jobs * 16))))


def _account(result: RunResult, outcome: Outcome) -> None:
    result.counts[outcome.status] += 1
    if outcome.status not in ("read", "unchanged"):
        result.outcomes.append(outcome)


def _input_key(name: str) -> str:
    """An input as the store knows it: the absolute path (with "#row"), whatever the cwd."""
    path, sep, row = name.rpartition("#") if "#" in name and not Path(name).exists() else (name, "", "")
    return str(Path(path).resolve()) + sep + row


def _store_one(store: Any, d: _Done, key: str | None, run: int, result: RunResult) -> None:
    r, art = d.read, d.read.article
    if art is None:
        status = "skipped" if r.error.startswith(("unsupported", OVER_BUDGET)) else "failed"
        _account(result, Outcome(r.input, status, r.error))
        return
    input_key = _input_key(r.input)
    hit = store.find_sha(art.sha256)
    replace = False
    status = "read"
    if hit is not None:
        hit_id, hit_input, hit_key = hit
        if hit_input != input_key:
            _account(result, Outcome(r.input, "duplicate", f"same text as {hit_id}", hit_id))
            return
        if key is None or hit_key == key or not d.extracted:
            _account(result, Outcome(r.input, "unchanged", "", hit_id))
            return
        art.id, replace, status = hit_id, True, "extracted"
    else:
        stored = store.find_id(art.id)
        own_old = art.id if stored is not None and stored[0] == input_key else None
        for cand in store.band_candidates(d.bands, exclude=own_old):
            j = dedup.jaccard(d.shingles, dedup.shingles(store.article_text(cand)))
            if j >= dedup.NEAR_THRESHOLD:
                _account(result, Outcome(r.input, "duplicate", f"near-duplicate of {cand} (Jaccard {j:.2f})", cand))
                return
        if own_old is not None:
            replace, status = True, "updated"
        elif stored is not None:  # the same id for another input's different text: keep both
            art.id = f"{art.id}~{art.sha256[:8]}"
    from ..store import AlreadyStored

    try:
        store.put_article(art, d.sentences, d.statements, input=input_key, encoding=r.encoding, bands=d.bands,
                          quantities=d.quantities,
                          extracted_with=key if d.extracted else None, run=run, replace=replace)
    except AlreadyStored as exc:  # another ingest into the same store stored this text meanwhile
        if exc.input == input_key:
            _account(result, Outcome(r.input, "unchanged", "", exc.article_id))
        else:
            _account(result, Outcome(r.input, "duplicate", f"same text as {exc.article_id}", exc.article_id))
        return
    result.statements += len(d.statements or [])
    result.reading.update(d.counts)
    _account(result, Outcome(r.input, status, "", art.id))
    if r.encoding not in ("utf-8", "utf-8-sig", ""):
        result.outcomes.append(Outcome(r.input, status, f"decoded as {r.encoding}", art.id))

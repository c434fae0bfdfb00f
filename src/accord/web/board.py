"""What the dashboard serves, apart from HTTP: the scenario, cached forecasts, the store's
statements with their articles, the timeline, saved scenarios, and the watched folder.

Every method takes checked values and returns plain data or text; :mod:`.app` turns
requests into calls and results into responses. Forecasts are cached by what decides
them (the scenario's digest after edits, levers, models, draws, seed), so a lever switched
back and forth is solved once.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..forecast import scenario_sha256
from ..forecasting import ForecastRequest, run
from ..scenario import Scenario, dump, load
from .edits import Edit, apply_edits

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
SAVED_DIR = "accord-saved"
CACHE_SIZE = 1024  # forecasts ~17 KB each (ukraine_2024, 1,000 draws): ~17 MB at most
FORECAST_WORKERS = 2

_SCENARIOS: dict[str, Scenario] = {}


def _solve(source: str, saved: str | None, edits: tuple[Edit, ...], req: ForecastRequest) -> str:
    """A forecast's JSON, in a worker process (scenarios loaded once per worker)."""
    from ..simulate.montecarlo import keep_issue_outcomes

    keep_issue_outcomes()  # toggles re-solve only the issues their levers touch
    path = saved or source
    if path not in _SCENARIOS:
        _SCENARIOS[path] = load(path)
    result, _ = run(apply_edits(_SCENARIOS[path], edits), req)
    return result.to_json(trace=req.trace)


def _store_body(source: str, db: str, key: tuple, version: int) -> bytes:
    """A store answer's JSON bytes, in the store worker process: ``("statements", actor,
    issue, limit)`` (with the watcher's ``version``) or ``("timeline", every_days)``."""
    import json

    from .. import timeline

    if key[0] == "statements":
        data: dict[str, Any] = {**read_statements(db, *key[1:]), "version": version}
    elif key[0] == "timeline":
        if source not in _SCENARIOS:
            _SCENARIOS[source] = load(source)
        sc = _SCENARIOS[source]
        data = (timeline.from_store(db, sc, key[1]) if Path(db).exists()
                else timeline.Timeline(sc.id, key[1], timeline.DEFAULT_MODELS)).to_dict()
    else:  # pragma: no cover - the board asks for these two only
        raise ValueError(key[0])
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def read_statements(db: str, actor: str | None, issue: str | None, limit: int) -> dict[str, Any]:
    """The store's statements (newest articles first) with their article, the sentence and
    the cue's offsets inside it, and whether a denial disputes them."""
    from ..store import Store

    if not Path(db).exists():
        return {"total": 0, "statements": []}
    with Store(db, readonly=True) as store:
        meta = {r[0]: r[1:] for r in store.db.execute("SELECT id, title, url, source, published FROM articles")}
        disputed = {r[0] for r in store.disputes()} | {r[1] for r in store.disputes()}
        rows = []
        for s in store.statements():
            if (actor and s.actor != actor) or (issue and s.issue != issue):
                continue
            title, url, source, published = meta.get(s.article, ("", "", "", None))
            cs = ce = None
            if s.cue_start is not None and s.cue_end is not None and s.start <= s.cue_start < s.cue_end <= s.end:
                cs, ce = s.cue_start - s.start, s.cue_end - s.start
            rows.append({"id": s.id, "article": s.article, "title": title, "url": url, "source": source,
                         "published": published, "event_date": s.event_date, "sentence": s.text,
                         "cue_start": cs, "cue_end": ce, "cue": s.cue, "actor": s.actor, "speaker": s.speaker,
                         "act": s.act, "issue": s.issue, "direction": s.direction, "position": s.position,
                         "hedged": s.hedged, "reported_by": s.reported_by, "disputed": s.id in disputed})
    rows.sort(key=lambda r: (str(r["event_date"] or r["published"] or ""), r["id"]), reverse=True)
    return {"total": len(rows), "statements": rows[:limit]}


@dataclass(frozen=True)
class ServeConfig:
    source: str  # the scenario file or built-in case served (and extracted for, with --watch)
    db: Path | None = None
    watch: Path | None = None
    token: str | None = None
    workdir: Path = Path(".")
    poll_seconds: float = 1.0

    def __post_init__(self) -> None:
        if self.watch is not None and self.db is None:  # as `accord serve` refuses --watch without --db
            raise InputError("a watched folder needs a store (db) for the articles", field="watch")


class Board:
    def __init__(self, config: ServeConfig):
        self.config = config
        self.scenario: Scenario = load(config.source)
        self.workdir = config.workdir.resolve()
        self._cache: OrderedDict[tuple, str] = OrderedDict()
        self._lock = threading.Lock()
        self.version = 0  # rises each time the watched folder brings new articles
        self._bodies: OrderedDict[tuple, bytes] = OrderedDict()  # JSON answers from the store, by its state
        self._making: dict[tuple, Any] = {}  # their futures while the store worker makes them
        self._workers = None
        self._store_worker = None
        self._running: dict[tuple, Any] = {}
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.ingest_log: list[str] = []

    # -- the scenario -------------------------------------------------------------------
    def scenario_named(self, name: str | None) -> Scenario:
        """The served scenario, or one saved from the dashboard under ``name``."""
        if not name:
            return self.scenario
        if not NAME.match(name):
            raise InputError(f"{name!r} is not a saved scenario's name (letters, digits, - and _)", field="scenario")
        path = self.saved_dir / f"{name}.yaml"
        if not path.is_file():
            raise InputError(f"no saved scenario {name!r}", field="scenario")
        return load(path)

    def scenario_json(self) -> dict[str, Any]:
        sc = self.scenario
        disagree = self._disagreements()
        return {
            "id": sc.id, "name": sc.name, "sha256": scenario_sha256(sc),
            "actors": [{"id": a.id, "name": a.name, "capability": a.capability.value} for a in sc.actors],
            "issues": [{"id": i.id, "name": i.name, "low": i.low, "high": i.high, "scale": list(i.scale),
                        "status_quo": i.status_quo.value,
                        "anchors": [[k, v] for k, v in sorted(i.anchors.items())]} for i in sc.issues],
            "positions": [{"actor": p.actor, "issue": p.issue, "position": p.position.value,
                           "range": [p.position.low, p.position.high], "salience": p.salience.value,
                           "assumption": p.assumption, "statements": sum(len(e.statements) for e in p.evidence),
                           "quotes": sum(1 for e in p.evidence if e.quote),
                           "news_disagrees": disagree.get((p.actor, p.issue))} for p in sc.positions],
            "levers": [{"id": lv.id, "description": lv.description} for lv in sc.levers],
            "has_store": self.config.db is not None,
            "watching": self.config.watch is not None,
        }

    def _disagreements(self) -> dict[tuple[str, str], str]:
        """Where the news in the store drafts a position that disagrees with the scenario."""
        if self.config.db is None or not Path(self.config.db).exists():
            return {}
        from ..aggregate import disagreements, draft

        drafted = draft(self.scenario, self.statement_dicts())
        return {(d["actor"], d["issue"]): str(d.get("note", "")) for d in disagreements(drafted, self.scenario)}

    # -- forecasts ----------------------------------------------------------------------
    def forecast(self, req: ForecastRequest, edits: tuple[Edit, ...] = (), scenario: str | None = None) -> str:
        """The forecast JSON (what ``accord forecast ... --json`` prints for the same request).

        Answers are cached by what decides them (the served or saved scenario, whose files
        never change under it, the edits and the request). A new one is solved in a pool of
        worker processes, so a long solve holds up no other request of the server; the
        server itself awaits it with :meth:`forecast_async`."""
        hit = self.forecast_cached(req, edits, scenario)
        if hit is not None:
            return hit
        self.scenario_named(scenario)  # bad names are refused here, in one line
        key, future = self._submit(req, edits, scenario)
        try:
            text = future.result()
        finally:
            self._settled(key, future)
        self._remember(key, text)
        return text

    def forecast_cached(self, req: ForecastRequest, edits: tuple[Edit, ...] = (), scenario: str | None = None) -> str | None:
        """The cached answer for this request, or None (no work: the server's event loop
        answers a repeated request without a thread)."""
        key = (scenario, edits, req)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
            return hit

    async def forecast_async(self, req: ForecastRequest, edits: tuple[Edit, ...] = (),
                             scenario: str | None = None) -> str:
        """:meth:`forecast` for the event loop: a new solve is awaited without holding one
        of the server's threads, so requests waiting for forecasts never keep a read
        (statements, timeline) from a thread however many wait."""
        import asyncio

        hit = self.forecast_cached(req, edits, scenario)
        if hit is not None:
            return hit
        if scenario:
            from starlette.concurrency import run_in_threadpool

            await run_in_threadpool(self.scenario_named, scenario)  # bad names are refused here, in one line
        key, future = self._submit(req, edits, scenario)
        try:
            text = await asyncio.wrap_future(future)
        finally:
            self._settled(key, future)
        self._remember(key, text)
        return text

    def _submit(self, req: ForecastRequest, edits: tuple[Edit, ...], scenario: str | None):
        """The solve of this request in the workers: one per key, however many ask while it runs."""
        key = (scenario, edits, req)
        saved = str(self.saved_dir / f"{scenario}.yaml") if scenario else None
        with self._lock:
            future = self._running.get(key)
            if future is None:
                future = self._running[key] = self._pool().submit(_solve, self.config.source, saved, edits, req)
        return key, future

    def _settled(self, key: tuple, future) -> None:
        with self._lock:
            if self._running.get(key) is future:
                self._running.pop(key)

    def _remember(self, key: tuple, text: str) -> None:
        with self._lock:
            self._cache[key] = text
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def _pool(self):
        """Worker processes for new forecasts (spawned once, on the first one)."""
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing

        if self._workers is None:  # called with self._lock held
            self._workers = ProcessPoolExecutor(max_workers=FORECAST_WORKERS,
                                                mp_context=multiprocessing.get_context("spawn"))
        return self._workers

    def close(self) -> None:
        self.stop_watching()
        for pool in (self._workers, self._store_worker):
            if pool is not None:
                pool.shutdown(cancel_futures=True)

    # -- the store ----------------------------------------------------------------------
    def _store(self):
        from ..store import Store

        if self.config.db is None:
            raise InputError("the dashboard was started without --db", field="db")
        if not Path(self.config.db).exists():
            return None
        return Store(self.config.db, readonly=True)

    def statement_dicts(self) -> list[dict[str, Any]]:
        store = self._store()
        if store is None:
            return []
        with store:
            return [s.to_dict() for s in store.statements()]

    def store_state(self) -> tuple:
        """What the store's answers depend on: the watcher's version and the store files'
        sizes and times (another process's `accord ingest` into the same file counts too)."""
        sig: list = [self.version]
        if self.config.db is not None:
            for suffix in ("", "-wal"):
                try:
                    st = Path(str(self.config.db) + suffix).stat()
                    sig.append((st.st_size, st.st_mtime_ns))
                except OSError:
                    sig.append(None)
        return tuple(sig)

    @staticmethod
    def statements_key(actor: str | None, issue: str | None, limit: int) -> tuple:
        return ("statements", actor, issue, limit)

    @staticmethod
    def timeline_key(every_days: int) -> tuple:
        return ("timeline", every_days)

    def peek_body(self, key: tuple) -> bytes | None:
        """The JSON answer made for ``key`` (:meth:`statements_key`, :meth:`timeline_key`)
        in the store's present state, or None: a stat of the store's files and a dict
        look-up, cheap enough for the event loop."""
        full = (self.store_state(), *key)
        with self._lock:
            hit = self._bodies.get(full)
            if hit is not None:
                self._bodies.move_to_end(full)
            return hit

    def _body_future(self, key: tuple):
        """The future of ``key``'s answer in the store's present state: a new one is made
        in the store worker process (one per key however many ask), and kept on arrival."""
        if self.config.db is None:
            raise InputError("the dashboard was started without --db", field="db")
        state = self.store_state()
        full = (state, *key)
        with self._lock:
            future = self._making.get(full)
            new = future is None
            if new:
                future = self._making[full] = self._store_pool().submit(
                    _store_body, self.config.source, str(self.config.db), key, state[0])
        assert future is not None  # made above where none was pending
        if new:  # outside the lock: a future already done calls back at once, in this thread
            future.add_done_callback(lambda f: self._body_done(full, f))
        return future

    def _body_done(self, full: tuple, future) -> None:
        with self._lock:
            if self._making.get(full) is future:
                self._making.pop(full)
            if future.cancelled() or future.exception() is not None:
                return
            self._bodies[full] = future.result()
            while len(self._bodies) > CACHE_SIZE:
                self._bodies.popitem(last=False)

    def body(self, key: tuple) -> bytes:
        """``key``'s JSON answer as bytes (made once per store state)."""
        hit = self.peek_body(key)
        return hit if hit is not None else self._body_future(key).result()

    async def body_async(self, key: tuple) -> bytes:
        """:meth:`body` for the event loop: awaited without holding a thread."""
        import asyncio

        hit = self.peek_body(key)
        return hit if hit is not None else await asyncio.wrap_future(self._body_future(key))

    def warm(self) -> None:
        """Start making the page's default timeline (weekly) for the store as it is now:
        the timeline re-solves every week's forecast, seconds of work, done once after
        start-up and after each ingest from the watched folder instead of in the first
        request that asks."""
        if self.config.db is not None and self.peek_body(self.timeline_key(7)) is None:
            self._body_future(self.timeline_key(7))

    def statements_body(self, actor: str | None, issue: str | None, limit: int) -> bytes:
        return self.body(self.statements_key(actor, issue, limit))

    def timeline_body(self, every_days: int) -> bytes:
        return self.body(self.timeline_key(every_days))

    def statements(self, actor: str | None, issue: str | None, limit: int) -> dict[str, Any]:
        """Statements (newest articles first) with their article, the sentence and the
        cue's offsets inside it, and whether a denial disputes them."""
        if self.config.db is None:
            raise InputError("the dashboard was started without --db", field="db")
        return read_statements(str(self.config.db), actor, issue, limit)

    def timeline(self, every_days: int) -> dict[str, Any]:
        """The timeline JSON (as ``accord timeline``)."""
        import json

        return json.loads(self.timeline_body(every_days))

    def _store_pool(self):
        """One worker process for the store's answers (spawned on first use): reading the
        store and re-solving the timeline run there, beside the forecasts' workers and
        never behind them, and off the server's event loop and its GIL."""
        from concurrent.futures import ProcessPoolExecutor
        import multiprocessing

        if self._store_worker is None:  # called with self._lock held
            self._store_worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._store_worker

    # -- saved scenarios ----------------------------------------------------------------
    @property
    def saved_dir(self) -> Path:
        return self.workdir / SAVED_DIR

    def saved(self) -> list[str]:
        d = self.saved_dir
        return sorted(p.stem for p in d.glob("*.yaml") if NAME.match(p.stem)) if d.is_dir() else []

    def save(self, name: object, edits: tuple[Edit, ...], levers: tuple[str, ...]) -> str:
        """Write the served scenario with ``levers`` on and ``edits`` applied as
        ``accord-saved/NAME.yaml`` in the working folder; never over an existing file."""
        import os
        import tempfile

        from ..simulate.levers import apply_levers, check_levers

        if not isinstance(name, str) or not NAME.match(name):
            raise InputError(f"{name!r} is not a name of letters, digits, - and _ (at most 64)", field="name")
        sc = apply_edits(self.scenario, edits)  # as the board solves it: edits first, then the levers
        if levers:
            check_levers(sc, levers, field="levers")
            sc = apply_levers(sc, levers)
        from dataclasses import replace
        sc = replace(sc, id=name, name=f"{self.scenario.name} ({name})")
        self.saved_dir.mkdir(exist_ok=True)
        target = self.saved_dir / f"{name}.yaml"
        fd, tmp = tempfile.mkstemp(dir=self.saved_dir, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(dump(sc, "yaml"))
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, target)  # fails if the name is taken: never overwrite silently
            except FileExistsError:
                raise InputError(f"a saved scenario {name!r} exists; choose another name", field="name") from None
        finally:
            os.unlink(tmp)
        return f"{SAVED_DIR}/{name}.yaml"

    # -- the watched folder -------------------------------------------------------------
    def start_watching(self) -> None:
        if self.config.watch is None or self._watcher is not None:
            return
        self._watcher = threading.Thread(target=self._watch, name="accord-watch", daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=10)

    def _watch(self) -> None:
        """Every ``poll_seconds``, ingest files that appeared or changed in the folder
        (a file still being written is taken once its size holds for one poll)."""
        from ..news.ingest import ARTICLE_SUFFIXES, FEED_SUFFIXES, ingest

        seen: dict[Path, tuple[int, int]] = {}
        pending: dict[Path, tuple[int, int]] = {}
        watch, db = self.config.watch, self.config.db
        assert watch is not None and db is not None  # start_watching and ServeConfig check both
        folder = Path(watch)
        while not self._stop.is_set():
            fresh = []
            try:
                entries = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
            except OSError as exc:
                self.ingest_log.append(f"{folder}: cannot read the folder ({exc.strerror})")
                entries = []
            for p in entries:
                if p.suffix.lower() not in ARTICLE_SUFFIXES + FEED_SUFFIXES:
                    continue
                st = p.stat()
                sig = (st.st_size, st.st_mtime_ns)
                if seen.get(p) == sig:
                    continue
                if pending.get(p) == sig:
                    fresh.append(p)
                    seen[p] = sig
                    pending.pop(p)
                else:
                    pending[p] = sig
            if fresh:
                try:
                    result = ingest(fresh, db, scenario=self.config.source)
                    self.ingest_log.append(f"{len(fresh)} file(s): {result.statements} statements")
                except InputError as exc:
                    self.ingest_log.append(str(exc))
                with self._lock:
                    self.version += 1
                self.warm()
            self._stop.wait(self.config.poll_seconds)


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass (for callers and tests)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())

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
CACHE_SIZE = 256
FORECAST_WORKERS = 2

_SCENARIOS: dict[str, Scenario] = {}


def _solve(source: str, saved: str | None, edits: tuple[Edit, ...], req: ForecastRequest) -> str:
    """A forecast's JSON, in a worker process (scenarios loaded once per worker)."""
    path = saved or source
    if path not in _SCENARIOS:
        _SCENARIOS[path] = load(path)
    result, _ = run(apply_edits(_SCENARIOS[path], edits), req)
    return result.to_json(trace=req.trace)


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
        self._timeline: tuple[tuple, int, dict] | None = None
        self._bodies: OrderedDict[tuple, bytes] = OrderedDict()  # JSON answers from the store, by its state
        self._workers = None
        self._running: dict[tuple, Any] = {}
        self._timeline_lock = threading.Lock()  # one thread computes a timeline; the others wait for it
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
        worker processes, so a long solve holds up no other request of the server."""
        key = (scenario, edits, req)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        self.scenario_named(scenario)  # bad names are refused here, in one line
        saved = str(self.saved_dir / f"{scenario}.yaml") if scenario else None
        with self._lock:  # one solve per key: requests that ask while it runs wait for the same one
            future = self._running.get(key)
            if future is None:
                future = self._running[key] = self._pool().submit(_solve, self.config.source, saved, edits, req)
        try:
            text = future.result()
        finally:
            with self._lock:
                self._running.pop(key, None)
        with self._lock:
            self._cache[key] = text
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return text

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
        if self._workers is not None:
            self._workers.shutdown(cancel_futures=True)

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

    def cached_body(self, key: tuple, make) -> bytes:
        """``make()``'s JSON as bytes, made once per store state and key."""
        import json

        full = (self.store_state(), *key)
        with self._lock:
            hit = self._bodies.get(full)
            if hit is not None:
                self._bodies.move_to_end(full)
                return hit
        body = json.dumps(make(), ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
        with self._lock:
            self._bodies[full] = body
            while len(self._bodies) > CACHE_SIZE:
                self._bodies.popitem(last=False)
        return body

    def statements_body(self, actor: str | None, issue: str | None, limit: int) -> bytes:
        return self.cached_body(("statements", actor, issue, limit),
                                lambda: {**self.statements(actor, issue, limit), "version": self.version})

    def timeline_body(self, every_days: int) -> bytes:
        return self.cached_body(("timeline", every_days), lambda: self.timeline(every_days))

    def statements(self, actor: str | None, issue: str | None, limit: int) -> dict[str, Any]:
        """Statements (newest articles first) with their article, the sentence and the
        cue's offsets inside it, and whether a denial disputes them."""
        store = self._store()
        if store is None:
            return {"total": 0, "statements": []}
        with store:
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

    def timeline(self, every_days: int) -> dict[str, Any]:
        """The timeline JSON (as ``accord timeline``), cached until the store changes."""
        from .. import timeline

        if self.config.db is None or not Path(self.config.db).exists():
            return timeline.Timeline(self.scenario.id, every_days, timeline.DEFAULT_MODELS).to_dict()
        with self._timeline_lock:
            state = self.store_state()
            if self._timeline and self._timeline[:2] == (state, every_days):
                return self._timeline[2]
            data = timeline.from_store(str(self.config.db), self.scenario, every_days).to_dict()
            self._timeline = (state, every_days, data)
            return data

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
            self._stop.wait(self.config.poll_seconds)


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    """Poll ``predicate`` until it is true or ``timeout`` seconds pass (for callers and tests)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())

"""The store's answers are kept by the store's state and made off the event loop: another
process's ingest shows at once, and reads are answered while forecasts are being solved."""

from __future__ import annotations

import json
import subprocess
import threading

from servekit import ACCORD, Server, write_hostile


def ingest(folder, db):
    done = subprocess.run([str(ACCORD), "ingest", str(folder), "--case", "ukraine_2024", "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]


def test_another_process_s_ingest_shows_without_a_watcher(tmp_path):
    write_hostile(tmp_path / "first")
    db = tmp_path / "news.db"
    ingest(tmp_path / "first", db)
    srv = Server(["ukraine_2024", "--db", str(db)], cwd=tmp_path)
    try:
        _, before = srv.json("/api/statements")
        _, tl_before = srv.json("/api/timeline?every=1d")
        assert srv.json("/api/statements")[1] == before  # asked again: the kept answer
        late = tmp_path / "late"
        late.mkdir()
        (late / "late.txt").write_text(
            "Ukraine's President Volodymyr Zelenskyy said on Thursday that Kyiv demands the full restoration of "
            "its territorial integrity.\n", encoding="utf-8")
        (late / "manifest.json").write_text(json.dumps({"articles": [{
            "file": "late.txt", "title": "Late", "published": "2024-12-05", "source": "x"}]}), encoding="utf-8")
        ingest(late, db)
        _, after = srv.json("/api/statements")
        assert after["total"] > before["total"]
        assert any(s["title"] == "Late" for s in after["statements"])
        _, tl_after = srv.json("/api/timeline?every=1d")
        assert tl_after["steps"][-1]["statements"] > tl_before["steps"][-1]["statements"]
        assert tl_after["steps"][-1]["until"] >= "2024-12-05"
        # the CSV (made from the kept JSON) is what `accord timeline` prints
        status, csv = srv.get("/api/timeline?every=1d&format=csv")
        cli = subprocess.run([str(ACCORD), "timeline", "--db", str(db), "--case", "ukraine_2024", "--every", "1d",
                              "--format", "csv"], capture_output=True, timeout=300)
        assert status == 200 and cli.returncode == 0 and csv == cli.stdout
    finally:
        srv.stop()


def test_reads_are_answered_while_many_wait_for_a_forecast(tmp_path):
    """More requests wait for one slow forecast than the server has threads (40): a read
    asked after them is still answered before the forecast is done."""
    write_hostile(tmp_path / "a")
    db = tmp_path / "news.db"
    ingest(tmp_path / "a", db)
    srv = Server(["ukraine_2024", "--db", str(db)], cwd=tmp_path)
    try:
        srv.get("/api/statements")  # the store worker started
        done: list[str] = []
        lock = threading.Lock()
        slow = "/api/forecast?models=smp&draws=60&seed=11"  # one draw at a time: seconds

        def ask(path, tag):
            status, _ = srv.get(path)
            with lock:
                done.append(f"{tag}:{status}")

        waiting = [threading.Thread(target=ask, args=(slow, "forecast")) for _ in range(48)]
        for t in waiting:
            t.start()
        import time

        time.sleep(1.0)  # all 48 sent
        ask("/api/statements?actor=russia", "read")
        ask("/api/timeline?every=7d", "read")
        for t in waiting:
            t.join()
        assert done[:2] == ["read:200", "read:200"], done[:5]
        assert done.count("forecast:200") == 48
    finally:
        srv.stop()

"""Helpers for the dashboard tests: a real `accord serve` on a free loopback port, over a real SQLite store."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ACCORD = Path(sys.executable).with_name("accord")

#: an article written to attack the page: its text, title, URL and speaker carry payloads
HOSTILE_TEXT = (
    "Vladimir Putin said on Tuesday that Russia demands that Ukraine renounce NATO membership "
    "<script>window.__pwned=1</script> \" onerror=\"window.__pwned=2\" javascript:window.__pwned=3.\n"
)
HOSTILE_TITLE = "<img src=x onerror=\"window.__pwned=4\">Hostile"
HOSTILE_URL = "javascript:window.__pwned=5"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, token: str | None = None, data: bytes | None = None, ctype: str = "application/json"):
    """(status, body bytes) of a real HTTP request."""
    req = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET")
    if data is not None:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


class Server:
    def __init__(self, args: list[str], cwd: Path, token: str | None = None):
        self.port = free_port()
        self.token = token
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        self.proc = subprocess.Popen([str(ACCORD), "serve", *args, "--port", str(self.port)], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"accord serve exited: {self.proc.stderr.read().decode()[-2000:]}")
            try:
                status, _ = get(self.url + "/api", token)
                if status in (200, 401):
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError("accord serve did not answer within 60 s")

    def get(self, path: str, data: bytes | None = None, ctype: str = "application/json", token: str | None = "same"):
        return get(self.url + path, self.token if token == "same" else token, data, ctype)

    def json(self, path: str, body: dict | None = None):
        status, raw = self.get(path, None if body is None else json.dumps(body).encode())
        return status, json.loads(raw)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def write_hostile(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile.txt").write_text(HOSTILE_TEXT, encoding="utf-8")
    (folder / "manifest.json").write_text(json.dumps({"articles": [{
        "file": "hostile.txt", "title": HOSTILE_TITLE, "url": HOSTILE_URL, "published": "2024-11-20",
        "source": "<b>outlet</b>"}]}), encoding="utf-8")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A server on the built-in case over a store holding the hostile article."""
    work = tmp_path_factory.mktemp("serve")
    arts = work / "articles"
    write_hostile(arts)
    db = work / "news.db"
    done = subprocess.run([str(ACCORD), "ingest", str(arts), "--case", "ukraine_2024", "--db", str(db)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    watch = work / "inbox"
    watch.mkdir()
    srv = Server(["ukraine_2024", "--db", str(db), "--watch", str(watch)], cwd=work)
    srv.work, srv.watch, srv.db = work, watch, db
    yield srv
    srv.stop()

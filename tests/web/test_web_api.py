"""The dashboard's JSON API, over a real server and a real store."""

from __future__ import annotations

import json
import subprocess
import time

import pytest

from servekit import ACCORD, HOSTILE_TEXT, Server, served  # noqa: F401 (served: the fixture)


def test_forecast_body_is_what_the_command_prints(served):
    status, body = served.get("/api/forecast?levers=condition_aid,oil_at_50&draws=300&seed=7")
    assert status == 200
    cli = subprocess.run([str(ACCORD), "forecast", "ukraine_2024", "--lever", "condition_aid", "--lever", "oil_at_50",
                          "--draws", "300", "--seed", "7", "--json"], capture_output=True, timeout=300)
    assert cli.returncode == 0
    assert body == cli.stdout
    assert "smp" not in json.loads(body)["models"]  # vectorised models by default


def test_a_lever_moves_the_forecast_and_is_cached(served):
    _, plain = served.json("/api/forecast?draws=200&seed=1")
    _, levered = served.json("/api/forecast?levers=condition_aid&draws=200&seed=1")
    assert plain["scenario_sha256"] != levered["scenario_sha256"]
    aid = [i for i in plain["issues"] if i["id"] == "us_aid"][0]["forecast"]
    aid2 = [i for i in levered["issues"] if i["id"] == "us_aid"][0]["forecast"]
    assert aid["compromise"] != aid2["compromise"]
    t = time.perf_counter()
    _, again = served.get("/api/forecast?levers=condition_aid&draws=200&seed=1")
    assert json.loads(again) == levered and time.perf_counter() - t < 5


def test_an_edit_moves_the_forecast_and_is_checked(served):
    body = {"draws": None, "edits": [{"actor": "russia", "issue": "territory", "field": "position", "value": 0}]}
    status, edited = served.json("/api/forecast", body)
    assert status == 200
    _, plain = served.json("/api/forecast")
    assert edited["issues"][0]["forecast"]["compromise"] < plain["issues"][0]["forecast"]["compromise"]
    for bad, field in (({"actor": "nobody", "issue": "territory", "field": "position", "value": 1}, "edits[0].actor"),
                       ({"actor": "russia", "issue": "territory", "field": "weight", "value": 1}, "edits[0].field"),
                       ({"actor": "russia", "issue": "territory", "field": "salience", "value": 7}, "edits[0].value"),
                       ({"actor": "russia", "issue": "territory", "field": "position", "value": "x"}, "edits[0].value")):
        status, err = served.json("/api/forecast", {"edits": [bad]})
        assert status == 400 and field in err["error"] and "\n" not in err["error"]


@pytest.mark.parametrize("path, status, words", [
    ("/api/forecast?levers=nosuch", 400, "unknown lever"),
    ("/api/forecast?draws=abc", 400, "draws"),
    ("/api/forecast?draws=0", 400, "draws"),
    ("/api/forecast?models=nosuch", 400, "unknown model"),
    ("/api/forecast?scenario=../../etc/passwd", 400, "saved scenario"),
    ("/api/statements?actor=<script>", 400, "no actor"),
    ("/api/statements?limit=-1", 400, "limit"),
    ("/api/timeline?every=0d", 400, "--every"),
    ("/api/export?format=exe", 400, "format"),
    ("/static/../../../../etc/passwd", 404, ""),
    ("/nowhere", 404, "no such page"),
])
def test_bad_requests_get_a_4xx_and_one_line(served, path, status, words):
    got, raw = served.get(path)
    assert got == status
    if words:
        err = json.loads(raw)["error"]
        assert words in err and "\n" not in err


def test_post_needs_json(served):
    status, raw = served.get("/api/forecast", data=b"levers=x", ctype="application/x-www-form-urlencoded")
    assert status == 415
    status, raw = served.get("/api/forecast", data=b"{not json")
    assert status == 400 and "not valid JSON" in json.loads(raw)["error"]


def test_statements_carry_their_article_and_span(served):
    status, data = served.json("/api/statements?actor=russia")
    assert status == 200 and data["total"] >= 1
    s = data["statements"][0]
    assert s["title"].startswith("<img")  # stored as given; the page escapes it
    assert s["sentence"] in HOSTILE_TEXT
    if s["cue_start"] is not None:
        assert 0 <= s["cue_start"] < s["cue_end"] <= len(s["sentence"])


def test_saving_is_atomic_inside_the_working_folder_and_never_overwrites(served):
    body = {"name": "aid-cut", "levers": ["condition_aid"],
            "edits": [{"actor": "us", "issue": "us_aid", "field": "position", "value": 90}]}
    status, data = served.json("/api/scenarios", body)
    assert status == 201 and data["saved"] == "accord-saved/aid-cut.yaml"
    saved = served.work / data["saved"]
    check = subprocess.run([str(ACCORD), "validate", str(saved)], capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr
    assert served.json("/api/scenarios")[1]["saved"] == ["aid-cut"]
    before = saved.read_bytes()
    status, err = served.json("/api/scenarios", body)
    assert status == 409 and saved.read_bytes() == before
    for name in ("../escape", "a/b", "", "x" * 65, None):
        status, err = served.json("/api/scenarios", {**body, "name": name})
        assert status == 400
    assert not (served.work.parent / "escape.yaml").exists()
    # a saved scenario forecasts like the served one with the same lever and edit
    _, a = served.json("/api/forecast?scenario=aid-cut")
    _, b = served.json("/api/forecast", {"levers": ["condition_aid"], "edits": body["edits"]})
    assert [i["forecast"] for i in a["issues"]] == [i["forecast"] for i in b["issues"]]


def test_exports(served):
    status, raw = served.get("/api/export?format=csv&levers=oil_at_50&draws=100&seed=2")
    lines = raw.decode().splitlines()
    assert status == 200 and lines[0].startswith("issue,status_quo,compromise,compromise_p10")
    assert len(lines) == 1 + 7
    import urllib.parse

    edit = urllib.parse.quote(json.dumps([{"actor": "russia", "issue": "territory", "field": "position", "value": 0}]))
    _, edited = served.json(f"/api/export?format=json&edits={edit}")
    _, plain = served.json("/api/export?format=json")
    assert edited["issues"][0]["forecast"]["compromise"] < plain["issues"][0]["forecast"]["compromise"]
    assert served.get("/api/export?format=json&edits=%5B%7B%7D%5D")[0] == 400
    status, raw = served.get("/api/export?format=html")
    assert status == 200 and b"<!doctype html>" in raw.lower()[:200]
    status, raw = served.get("/api")
    doc = json.loads(raw)
    assert doc["openapi"].startswith("3.") and "/api/forecast" in doc["paths"]


def test_a_dropped_article_is_ingested_and_the_version_rises(served):
    _, before = served.json("/api/statements")
    (served.watch / "late.txt").write_text(
        "Ukraine's President Volodymyr Zelenskyy said on Thursday that Kyiv demands the full restoration of its "
        "territorial integrity.\n", encoding="utf-8")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        _, now = served.json("/api/statements")
        if now["version"] > before["version"] and now["total"] > before["total"]:
            break
        time.sleep(0.3)
    assert now["total"] > before["total"] and now["version"] > before["version"]
    _, tl = served.json("/api/timeline?every=7d")
    assert tl["steps"] and tl["steps"][-1]["statements"] >= 1


def test_timeline_command_json_and_csv_agree(served):
    out = subprocess.run([str(ACCORD), "timeline", "--db", str(served.db), "--case", "ukraine_2024", "--every", "1d"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    as_json = subprocess.run([str(ACCORD), "timeline", "--db", str(served.db), "--case", "ukraine_2024", "--every", "1d",
                              "--json"], capture_output=True, text=True, timeout=300)
    assert as_json.stdout == out.stdout, as_json.stderr  # --json: the shared name for the default
    csv = subprocess.run([str(ACCORD), "timeline", "--db", str(served.db), "--case", "ukraine_2024", "--every", "1d",
                          "--format", "csv"], capture_output=True, text=True, timeout=300).stdout.splitlines()
    assert len(csv) - 1 == sum(len(s["forecast"]) * len(doc["models"]) for s in doc["steps"])
    assert [s["until"] for s in doc["steps"]] == sorted(s["until"] for s in doc["steps"])
    bad = subprocess.run([str(ACCORD), "timeline", "--db", str(served.db), "--case", "ukraine_2024", "--every", "soon"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "--every" in bad.stderr


def test_another_address_needs_a_token(tmp_path):
    done = subprocess.run([str(ACCORD), "serve", "ukraine_2024", "--host", "0.0.0.0", "--port", "1"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--token" in done.stderr and done.stderr.count("\n") == 1


def test_with_a_token_every_request_carries_it(tmp_path):
    token = "s3cret-token-0123456789"
    srv = Server(["ukraine_2024", "--token", token], cwd=tmp_path, token=token)
    try:
        assert srv.get("/api/scenario")[0] == 200
        assert srv.get("/api/scenario", token=None)[0] == 401
        assert srv.get("/api/scenario", token="wrong-token-0123456789")[0] == 401
        assert srv.get(f"/api/scenario?token={token}", token=None)[0] == 200
        assert srv.get("/", token=None)[0] == 401
    finally:
        srv.stop()


def test_a_watched_folder_without_a_store_is_refused_when_configured(tmp_path):
    # the watcher thread passed db=None to ingest at the first new file (found by mypy);
    # from Python, as from the command line, --watch needs --db
    from accord.errors import InputError
    from accord.web.board import ServeConfig

    with pytest.raises(InputError, match="needs a store") as exc:
        ServeConfig("ukraine_2024", watch=tmp_path)
    assert exc.value.field == "watch"
    assert ServeConfig("ukraine_2024", db=tmp_path / "a.db", watch=tmp_path).watch == tmp_path

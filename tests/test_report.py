"""The HTML report: escaped, self-contained, complete, deterministic, and drawn by a real browser."""

from __future__ import annotations

import copy
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import accord
from accord.errors import InputError
from accord.forecast import solve
from accord.models import Solution
from accord.report import render_report
from accord.report.html import Html, esc, fmt, page, table
from accord.report.svg import PALETTE, Point, Series, line_chart, scatter_plot
from accord.scenario import scenario_from_dict

from conftest import shared_path

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HOSTILE = f"{SCRIPT} {IMG} Tom & Jerry"
CHROMIUM = Path("/usr/bin/chromium")


def _doc(text: str = "plain") -> dict:
    """A small two-issue scenario; ``text`` goes into every free-text field."""
    return {
        "id": "t1",
        "name": f"Test {text}",
        "description": f"About {text}",
        "assumptions": [f"assume {text}"],
        "sources": [{"id": "s1", "title": f"article {text}"}],
        "actors": [
            {"id": "a", "name": f"Alpha {text}", "capability": {"value": 60, "range": [50, 70]}},
            {"id": "b", "name": "Beta", "capability": 30},
            {"id": "c", "name": "Gamma", "capability": 10, "capability_by_issue": {"land": 25}},
        ],
        "issues": [
            {"id": "land", "name": f"Land {text}", "low": f"none {text}", "high": "all",
             "anchors": {0: "none", 50: f"half {text}"}, "status_quo": 40},
            {"id": "aid", "name": "Aid", "status_quo": {"value": 10, "range": [5, 20]}},
        ],
        "positions": [
            {"actor": "a", "issue": "land", "position": {"value": 20, "range": [10, 35]}, "salience": 0.9,
             "evidence": [{"source": "seed-1.txt", "quote": f"we want {text}"}], "note": f"note {text}"},
            {"actor": "b", "issue": "land", "position": 80, "salience": {"value": 0.5, "range": [0.3, 0.7]},
             "evidence": [{"statements": ["st-7", "st-9"]}]},
            {"actor": "c", "issue": "land", "position": 65, "salience": 0.4, "assumption": True},
            {"actor": "a", "issue": "aid", "position": 5, "salience": 0.6,
             "evidence": [{"source": "seed-2.txt", "quote": "keep the aid flowing"}]},
            {"actor": "b", "issue": "aid", "position": 90, "salience": 0.8, "assumption": True},
        ],
        "levers": [
            {"id": "squeeze", "description": f"squeeze {text}",
             "evidence": [{"source": "seed-3.txt", "quote": f"lever quote {text}"}],
             "effects": [{"target": "capability", "op": "scale", "actor": "b", "amount": 0.8}]},
        ],
    }


def _forecast(text: str = "plain", rounds: bool = True):
    fc = solve(scenario_from_dict(_doc(text)), ["compromise", "median", "nash"])
    if rounds:  # a stand-in for the expected utility model: a Solution with rounds
        path = np.array([[40.0, 30.0], [44.0, 35.5], [47.25, 38.0], [48.0, 38.5]])
        fc.solutions["eum"] = Solution(outcome=path[-1].copy(), rounds=path, info={"rounds": 4})
        fc.parameters["eum"] = {"rounds": 4}
    return fc


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


# -- escaping --------------------------------------------------------------------------------


def test_hostile_text_is_escaped_everywhere():
    fc = _forecast(HOSTILE)
    fc.extra["statements"] = [{"actor": "a", "issue": "land", "article": HOSTILE, "sentence": HOSTILE,
                               "act": HOSTILE, "hedged": True}]
    fc.extra["disagreements"] = [{"actor": "a", "issue": "land", "field": "position", "builtin": 20,
                                  "drafted": 30, "note": HOSTILE}]
    out = render_report(fc)
    low = out.lower()
    assert "<script" not in low
    assert "<img" not in low
    assert "Tom & Jerry" not in out
    assert esc(SCRIPT) == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in out
    assert "Tom &amp; Jerry" in out
    # the parser sees the hostile text only as text: no injected element or event attribute
    parsed = _parse(out)
    assert not any(t in ("script", "img", "iframe", "object") for t, _ in parsed.tags)
    assert not any(k.startswith("on") for _, a in parsed.tags for k in a)
    text = "".join(parsed.text)
    for field in ("Alpha", "Land", "we want", "note", "squeeze", "lever quote", "assume", "none", "half"):
        assert f"{field} {SCRIPT}" in text, field  # shown to the reader verbatim, as text


def test_escaping_helpers_do_not_escape_twice():
    cell = Html("<b>ok</b>")
    out = table(["a<b", cell], [["x & y", cell]])
    assert "a&lt;b" in out and "x &amp; y" in out and out.count("<b>ok</b>") == 2
    assert esc(esc("&")) == "&amp;"
    assert Html("<i>") + "<" == "<i>&lt;"
    with pytest.raises(ValueError):
        page("t", "", css="x{} </style><script>")


# -- self-contained ----------------------------------------------------------------------------


def test_page_is_self_contained_and_has_no_script():
    fc = _forecast()
    fc.extra["intervals"] = {"land": {"median": {"p025": 1, "p10": 2, "p50": 3, "p90": 4, "p975": 5}}}
    out = render_report(fc)
    low = out.lower()
    for bad in ("http://", "https://", "<script", "<link", "src=", "@import", "url(", "<iframe", "javascript:"):
        assert bad not in low, bad
    parsed = _parse(out)
    for tag, attrs in parsed.tags:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href  # only links within the page
    ids = {a["id"] for _, a in parsed.tags if "id" in a}
    assert {h["href"][1:] for _, h in parsed.tags if h.get("href")} <= ids  # every in-page link lands
    assert sum(t == "style" for t, _ in parsed.tags) == 1 and sum(t == "svg" for t, _ in parsed.tags) >= 3


# -- content -----------------------------------------------------------------------------------


def test_every_issue_actor_forecast_and_quote_appears():
    fc = _forecast()
    out = render_report(fc)
    sc = fc.scenario
    for issue in sc.issues:
        assert issue.id in out and f'id="issue-{issue.id}"' in out
    for actor in sc.actors:
        assert actor.name in out
    for m in fc.models:
        assert m in out
        for j in range(len(sc.issues)):
            assert fmt(fc.solutions[m].outcome[j]) in out, (m, j)
    for p in sc.positions:
        for ev in p.evidence:
            if ev.quote:
                assert f"<q>{esc(ev.quote)}</q>" in out
            for st in ev.statements:
                assert st in out
    assert "capability x salience weighted median (Black 1948)" in out  # the model's one-line summary
    assert accord.__version__ in out
    from accord.forecast import scenario_sha256

    assert scenario_sha256(sc) in out
    assert out.count('class="badge warn">assumption<') == 2  # the two assumed positions
    assert "lever quote plain" in out and "squeeze plain" in out and "assume plain" in out


def test_summary_spread_and_rounds_chart():
    fc = _forecast()
    out = render_report(fc)
    land = [float(s.outcome[0]) for s in fc.solutions.values()]
    assert fmt(max(land) - min(land)) in out
    # one rounds chart per issue for the model with rounds, its last value in the legend
    assert out.count("<svg class=\"chart\"") == 2
    assert "eum 48.0" in out and "eum 38.5" in out
    assert out.count("<polyline") == 2
    no_rounds = render_report(_forecast(rounds=False))
    assert "weighted median by round" not in no_rounds and "<polyline" not in no_rounds


def test_optional_sections_appear_only_when_present():
    plain = render_report(_forecast())
    assert "Monte Carlo" not in plain and "Statements read" not in plain and 'id="disagreements"' not in plain
    fc = _forecast()
    fc.extra["intervals"] = {"draws": 500, "issues": {
        "land": {"median": {"p025": 11.25, "p10": 22.5, "p50": 33.75, "p90": 44.5, "p975": 55.75}}}}
    fc.extra["statements"] = {"a": {"land": [{"article": "seed-9.txt", "sentence": "No land for them",
                                               "act": "demand", "hedged": False}]}}
    fc.extra["disagreements"] = {"summary": "one difference", "items": [
        {"actor": "b", "issue": "aid", "field": "position", "builtin": 90, "drafted": 72.5, "note": "softer"}]}
    out = render_report(fc)
    assert "22.5–44.5" in out  # p10-p90 under the median's forecast in the summary
    assert "11.2" in out or "11.3" in out
    assert "<q>No land for them</q>" in out and "seed-9.txt" in out
    assert 'id="disagreements"' in out and "-17.5" in out and "softer" in out
    assert "Statements read from the news: 1 by 1 actor" in out


def test_rendering_is_deterministic():
    assert render_report(_forecast()) == render_report(_forecast())
    fc = _forecast(HOSTILE)
    assert render_report(fc) == render_report(copy.deepcopy(fc))


def test_svg_blocks_escape_and_are_stable():
    s = line_chart([Series(SCRIPT, [1.0, float("nan"), 3.0], PALETTE[0])], title=IMG, references=[("sq", 2.0)])
    p = scatter_plot([Point(0.2, 0.3, SCRIPT, 0.5), Point(float("nan"), 1.0)], title="rel", x_label=IMG,
                     y_label="observed")
    for svg in (s, p):
        assert "<script" not in svg and "<img" not in svg and svg.startswith("<svg")
    assert s == line_chart([Series(SCRIPT, [1.0, float("nan"), 3.0], PALETTE[0])], title=IMG,
                           references=[("sq", 2.0)])
    assert p.count("<circle") == 1  # the point that is not finite is left out


# -- browser -----------------------------------------------------------------------------------


def _read_png(path: Path) -> np.ndarray:
    """Decode an 8-bit, non-interlaced PNG into (height, width, channels) uint8 (zlib + the five filters)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert ihdr is not None
    w, h, depth, ctype, _, _, interlace = ihdr
    assert depth == 8 and interlace == 0 and ctype in (0, 2, 4, 6), ihdr
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    out = np.zeros((h, stride), dtype=np.uint8)
    prev = np.zeros(stride, dtype=np.int64)
    for r in range(h):
        f = raw[r * (stride + 1)]
        line = np.frombuffer(raw, np.uint8, stride, r * (stride + 1) + 1).astype(np.int64)
        if f == 0:
            cur = line
        elif f == 1:  # Sub: a running sum per channel
            cur = np.cumsum(line.reshape(w, bpp), axis=0).reshape(-1) & 255
        elif f == 2:  # Up
            cur = (line + prev) & 255
        else:  # Average, Paeth: each byte needs its reconstructed left neighbour
            c_ = bytearray(line.astype(np.uint8).tobytes())
            pv = prev.tolist()
            for i in range(stride):
                a = c_[i - bpp] if i >= bpp else 0
                b = pv[i]
                if f == 3:
                    c_[i] = (c_[i] + ((a + b) >> 1)) & 255
                else:
                    c = pv[i - bpp] if i >= bpp else 0
                    p = a + b - c
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    c_[i] = (c_[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
            cur = np.frombuffer(bytes(c_), np.uint8).astype(np.int64)
        out[r] = cur
        prev = cur
    return out.reshape(h, w, bpp)


def _browser_forecast():
    try:
        scenario = accord.load("ukraine_2024")
    except InputError:
        scenario = accord.load(shared_path("data", "ktab", "dummyData_3Dim.csv"))
    return solve(scenario)


@pytest.mark.browser
def test_headless_chromium_draws_the_report(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: run scripts/install-browser.sh (as root) to install Debian's chromium")
    fc = _browser_forecast()
    page_path = tmp_path / "report.html"
    page_path.write_text(render_report(fc), encoding="utf-8")
    png = tmp_path / "shot.png"
    cmd = [
        str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2000", f"--screenshot={png}",
        page_path.as_uri(),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert png.exists(), f"no screenshot; chromium said: {done.stderr[-2000:]}"
    img = _read_png(png)[..., :3]
    assert img.shape[:2] == (2000, 1280)
    rgb = img.reshape(-1, 3)
    non_white = np.any(rgb < 250, axis=1).mean()
    colours = np.unique(rgb[:, 0].astype(np.uint32) << 16 | rgb[:, 1].astype(np.uint32) << 8 | rgb[:, 2])
    assert non_white > 0.05, f"only {non_white:.1%} of the page is not white"
    assert len(colours) > 50, f"only {len(colours)} distinct colours"
    # the first model's colour (its swatch in the models table) is painted as given
    first = PALETTE[0]
    want = (int(first[1:3], 16) << 16) | (int(first[3:5], 16) << 8) | int(first[5:7], 16)
    assert want in set(colours.tolist()), f"model colour {first} not painted"

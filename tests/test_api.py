"""The Python API (accord.api): a case built from scratch, results equal to the commands,
labelled frames, short reprs, escaped HTML, SVG plots, and the report in Chromium."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

import accord
from accord.cli import app
from accord.errors import InputError

CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'
QUOTE_IRAN = "we will never accept the dismantling of our enrichment programme"


def iran_doc(name: str = "Iran nuclear talks, spring 2015") -> dict:
    """A small case a new user would write: four actors, two issues, one lever, quotes."""
    return {
        "id": "iran_2015",
        "name": name,
        "description": "The P5+1 and Iran negotiate limits on enrichment against sanctions relief.",
        "sources": [{"id": "a1", "title": "Talks resume in Lausanne"}],
        "actors": [
            {"id": "iran", "name": "Iran", "capability": {"value": 40, "range": [30, 50]}},
            {"id": "us", "name": "United States", "capability": 100},
            {"id": "eu3", "name": "EU3", "capability": {"value": 50, "range": [40, 60]}},
            {"id": "russia", "name": "Russia", "capability": 45},
        ],
        "issues": [
            {"id": "enrichment", "name": "Enrichment allowed", "low": "none", "high": "unlimited",
             "status_quo": 60},
            {"id": "relief", "name": "Sanctions relief", "low": "none", "high": "all lifted at once",
             "status_quo": {"value": 0, "range": [0, 10]}},
        ],
        "positions": [
            {"actor": "iran", "issue": "enrichment", "position": {"value": 90, "range": [75, 100]},
             "salience": 0.9, "evidence": [{"source": "a1", "quote": QUOTE_IRAN}]},
            {"actor": "iran", "issue": "relief", "position": 95, "salience": 0.8},
            {"actor": "us", "issue": "enrichment", "position": {"value": 20, "range": [10, 35]}, "salience": 0.8},
            {"actor": "us", "issue": "relief", "position": {"value": 40, "range": [25, 55]}, "salience": 0.6},
            {"actor": "eu3", "issue": "enrichment", "position": 30, "salience": 0.6},
            {"actor": "eu3", "issue": "relief", "position": 55, "salience": 0.5},
            {"actor": "russia", "issue": "enrichment", "position": 60, "salience": 0.4},
            {"actor": "russia", "issue": "relief", "position": 80, "salience": 0.5},
        ],
        "levers": [
            {"id": "congress_review", "description": "Congress demands a vote on any deal.",
             "effects": [{"target": "position", "op": "shift", "actor": "us", "issue": "relief",
                          "amount": {"value": -15, "range": [-25, -5]}}]},
        ],
    }


@pytest.fixture(scope="module")
def iran():
    return accord.new_scenario(iran_doc())


@pytest.fixture(scope="module")
def iran_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("case") / "iran.yaml"
    path.write_text(yaml.safe_dump(iran_doc(), sort_keys=False), encoding="utf-8")
    return path


def _cli_json(*args: str):
    res = CliRunner().invoke(app, [*args, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


# -- the API gives what the commands give ---------------------------------------------------------


def test_run_forecast_is_what_forecast_prints(iran, iran_file):
    fc = accord.run_forecast(iran, ["compromise", "nash"], draws=200, seed=3, levers=["congress_review"])
    assert json.loads(fc.to_json()) == _cli_json("forecast", str(iran_file), "-m", "compromise", "-m", "nash",
                                                 "--draws", "200", "--seed", "3", "--lever", "congress_review")


def test_what_if_sensitivity_clock_trades_equal_their_commands(iran, iran_file):
    f = str(iran_file)
    assert accord.what_if(iran, ["congress_review"], ["compromise", "eum"]).to_dict() == _cli_json(
        "whatif", f, "-l", "congress_review", "-m", "compromise", "-m", "eum")
    assert accord.sensitivity_analysis(iran, samples=32, seed=1).to_dict() == _cli_json(
        "sensitivity", f, "--samples", "32", "--seed", "1")
    assert accord.bargaining_clock("ukraine_2024", 6).to_dict() == _cli_json("clock", "ukraine_2024", "--months", "6")
    with pytest.raises(InputError) as e:  # no war in this case: the clock says why it cannot run
        accord.bargaining_clock(iran, 6)
    assert e.value.field == "clock.military"
    assert accord.issue_trades(iran, 5).to_dict() == _cli_json("trades", f, "--rounds", "5")
    assert accord.issue_trades(iran, 5, "decide").to_dict() == _cli_json("trades", f, "--rounds", "5", "--reading", "decide")
    bad = CliRunner().invoke(app, ["trades", f, "--reading", "kyiv-first"])
    assert bad.exit_code == 2 and "--reading" in bad.output


def test_report_command_writes_what_build_report_renders(iran, iran_file, tmp_path):
    res = CliRunner().invoke(app, ["report", str(iran_file), "--out", str(tmp_path / "o"), "--draws", "150"])
    assert res.exit_code == 0, res.output
    rep = accord.build_report(iran, draws=150)
    assert (tmp_path / "o" / "report.html").read_text(encoding="utf-8") == rep.html
    assert json.loads((tmp_path / "o" / "forecast.json").read_text(encoding="utf-8")) == json.loads(
        rep.forecast.to_json())
    again = accord.build_report(accord.new_scenario(iran_doc()), draws=150)
    assert again.html == rep.html  # same input and seed, same bytes


def test_report_of_a_users_own_case_has_every_section(iran):
    page = accord.build_report(iran, draws=200).html
    assert 'id="issue-enrichment"' in page and 'id="issue-relief"' in page
    assert "Monte Carlo intervals" in page  # intervals
    assert "Levers: congress_review moves this issue most" in page  # lever effects
    assert "If an input were wrong" in page  # the tornado
    assert f"<q>{QUOTE_IRAN}</q>" in page  # a quoted position shown as evidence...
    i = page.index(QUOTE_IRAN)
    assert "assumption" not in page[page.rindex("<tr>", 0, i):i]  # ...not marked as an assumption
    no_draws = accord.build_report(iran, draws=0).html
    assert "Monte Carlo intervals" not in no_draws and "If an input were wrong" in no_draws


def test_bad_input_raises_naming_the_field(iran, tmp_path):
    with pytest.raises(InputError) as e:
        accord.build_report(iran, draws=-1)
    assert e.value.field == "--draws"
    with pytest.raises(InputError) as e:
        accord.what_if(iran, ["no_such_lever"])
    assert "no_such_lever" in str(e.value)
    with pytest.raises(InputError) as e:
        accord.run_forecast(iran, ["nope"])
    assert e.value.field == "--model"
    res = CliRunner().invoke(app, ["report", str(tmp_path / "missing.yaml"), "--out", str(tmp_path / "o")])
    assert res.exit_code == 2 and len(res.output.strip().splitlines()) == 1
    assert not (tmp_path / "o" / "report.html").exists()


# -- typed results -------------------------------------------------------------------------------


def test_frames_are_labelled_and_hold_the_results_numbers(iran):
    mc = accord.monte_carlo(iran, ["compromise", "nash"], draws=300, seed=0, above=[50])
    frame = mc.to_frame()
    assert list(frame.index.names) == ["issue", "model"] and frame.columns.name == "quantile"
    assert list(frame.columns[:5]) == ["p025", "p10", "p50", "p90", "p975"]
    assert frame.loc[("relief", "nash"), "p50"] == pytest.approx(mc.result.quantiles["nash"]["p50"][1])
    assert (frame["p025"] <= frame["p975"]).all()
    assert frame.loc[("enrichment", "compromise"), "P(>50)"] == pytest.approx(
        float(mc.result.p_above("compromise", 50)[0]))

    w = accord.what_if(iran, "congress_review", ["compromise"]).to_frame()
    assert np.allclose(w["shift"], w["with"] - w["without"])
    assert w.loc[("relief", "compromise"), "shift"] < 0 and w.loc[("enrichment", "compromise"), "shift"] == 0

    s = accord.sensitivity_analysis(iran, samples=0).to_frame()
    assert list(s.index.names) == ["issue", "input"]
    swings = s.loc["enrichment", "swing"].to_numpy()
    assert (np.diff(swings) <= 1e-12).all()  # largest first

    c = accord.bargaining_clock("ukraine_2024", 6).to_frame()
    assert c.index.name == "month" and list(c.index) == list(range(1, 7))
    assert (np.diff(c["p_deal"]) >= -1e-12).all()  # P(deal by month m) cannot fall

    fc = accord.run_forecast(iran, ["median"])
    assert fc.to_frame().loc["enrichment", "median"] == pytest.approx(fc.outcome("median", "enrichment"))


def test_reprs_are_short_and_html_is_escaped():
    sc = accord.new_scenario(iran_doc(name=f"Iran {HOSTILE}"))
    results = [
        accord.run_forecast(sc), accord.monte_carlo(sc, draws=100), accord.what_if(sc, ["congress_review"]),
        accord.sensitivity_analysis(sc, samples=0), accord.issue_trades(sc),
        accord.build_report(sc, draws=0),
    ]
    for r in results:
        assert len(repr(r)) < 200, repr(r)
        html = r._repr_html_()
        assert "<script>" not in html and "<img" not in html, type(r)
        assert "&lt;script&gt;" in html, type(r)


def test_plots_are_svg_with_one_chart_per_issue(iran):
    fc = accord.run_forecast(iran, draws=100)
    for fig, n in ((fc.plot(), 2), (accord.monte_carlo(iran, draws=100).plot(), 2),
                   (accord.what_if(iran, ["congress_review"]).plot(["relief"]), 1),
                   (accord.bargaining_clock("ukraine_2024", 6).plot(), 2),
                   (accord.sensitivity_analysis(iran, samples=0).plot("relief"), 1)):
        root = ET.fromstring(fig._repr_svg_())
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root.findall("{http://www.w3.org/2000/svg}svg")) == n


# -- the package's shape -------------------------------------------------------------------------


def test_no_exported_name_shadows_a_module():
    modules = {m.name.rsplit(".", 1)[-1] for m in pkgutil.walk_packages(accord.__path__, "accord.")}
    assert not set(accord.__all__) & modules
    for name in accord.__all__:
        assert getattr(accord, name) is not None
    import importlib

    importlib.import_module("accord.report")
    assert isinstance(accord.report, type(sys))  # the package, not a function


def test_import_accord_runs_nothing_up():
    code = ("import sys, accord; heavy = [m for m in ('numpy', 'pandas', 'numba', 'spacy', 'accord.forecast') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# -- Done when: a case built from scratch through the API, its report drawn by Chromium ------------


@pytest.mark.browser
def test_a_case_from_scratch_through_the_api_renders_in_chromium(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: run scripts/install-browser.sh (as root) to install Debian's chromium")
    sc = accord.new_scenario(iran_doc())
    rep = accord.build_report(sc, draws=300, seed=1)
    _, page = rep.write(tmp_path / "out")
    cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=2000", "--dump-dom", page.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    dom = done.stdout
    assert "Iran nuclear talks" in dom, f"no DOM; chromium said: {done.stderr[-2000:]}"
    # the browser parsed every section and chart the page holds: one strip per issue, intervals, quotes
    assert dom.count("<svg") == page.read_text(encoding="utf-8").count("<svg")
    assert QUOTE_IRAN in dom and "Monte Carlo intervals" in dom and "congress_review" in dom
    assert "<script" not in dom


def test_ingest_articles_accounts_for_every_input(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("# Talks resume\n\nNegotiators met again in Lausanne on Monday.\n", encoding="utf-8")
    (news / "b.txt").write_text("# Talks resume\n\nNegotiators met again in Lausanne on Monday.\n", encoding="utf-8")
    res = accord.ingest_articles(news, tmp_path / "s.db")
    assert res.counts.get("read") == 1 and res.counts.get("duplicate") == 1
    frame = res.to_frame()
    assert list(frame.columns) == ["input", "status", "reason", "article"]
    assert frame["status"].tolist() == ["duplicate"]
    assert "1 duplicate" in repr(res) and "1 read" in repr(res)


def test_reprs_of_the_built_in_case_are_a_few_lines():
    """Printing a scenario or any result (and the stage result inside it) gives a summary,
    not the tens of KB its fields hold (the scenario's dataclass repr was 83 KB)."""
    sc = accord.load("ukraine_2024")
    text = repr(sc)
    assert text.count("\n") <= 4 and len(text) < 500, text
    assert sc.name in text and f"{len(sc.actors)} actors" in text and f"{len(sc.levers)} levers" in text
    assert f"{len(sc.issues)} issues" in text and "(+" in text  # the ids that do not fit are counted
    fc = accord.run_forecast(sc, ["compromise", "eum"])
    mc = accord.monte_carlo(sc, ["compromise"], 50)
    sens = accord.sensitivity_analysis(sc, samples=0)
    clock = accord.bargaining_clock(sc, 6)
    trades = accord.issue_trades(sc, 2)
    rep = accord.build_report(sc, ["compromise"], draws=0)
    objects = [sc.inputs(), fc, *fc.solutions.values(), mc, mc.result, accord.what_if(sc, ["oil_at_50"], ["compromise"]),
               sens, sens.result, clock, clock.result, trades, trades.result, rep, rep.input]
    for obj in objects:
        text = repr(obj)
        assert len(text) < 300 and text.count("\n") <= 4, (type(obj), len(text), text[:300])

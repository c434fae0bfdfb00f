"""The DEU III backtest: reproduction of the published compromise figure, bad input, metrics."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest

from accord.backtest import calibration, metrics
from accord.backtest.candidates import MULTIPLIERS, institution_weights
from accord.backtest.deu import load_deu, parse_intro
from accord.backtest.report import render
from accord.backtest.run import log_test, read_test_log, run_backtest
from accord.backtest.split import load_split, make_split
from accord.backtest.weights import NICE, council_weight, period_of
from accord.errors import InputError

from conftest import shared_path

FAST = ["compromise", "median", "nash", "nash_sq"]


@pytest.fixture(scope="module")
def deu3():
    return shared_path("data", "deu3", "deu3.tsv")


@pytest.fixture(scope="module")
def equal_doc(deu3):
    doc, _ = run_backtest(deu3, "equal", FAST, draws=20, widths=(10.0, 50.0))
    return doc


def test_compromise_reproduces_published_equal_capability_mae(equal_doc):
    c = equal_doc["models"]["compromise"]
    assert c["n"] == 353
    assert abs(c["mae"] - 23.68) < 0.005


def test_council_capability_lands_near_published_anchor(deu3):
    d = load_deu(deu3, "council")
    from accord.models import get_model

    f = get_model("compromise").solve(d.inputs).outcome
    assert d.k == 353
    assert abs(np.mean(np.abs(f - d.outcome)) - 23.0) < 0.5


def test_gdp_row_and_blank_outcomes_are_skipped_with_reasons(equal_doc):
    reasons = [s["reason"] for s in equal_doc["skipped"]]
    assert equal_doc["skipped"][0]["row"] == 2 and "GDP" in reasons[0]
    assert sum("no outcome" in r for r in reasons) == 11


def test_json_document_shape_and_determinism(deu3, equal_doc):
    again, _ = run_backtest(deu3, "equal", FAST, draws=20, widths=(10.0, 50.0))
    assert json.dumps(again) == json.dumps(equal_doc)
    for name, s in equal_doc["models"].items():
        assert {"n", "mae", "mae_test", "rmse", "median_ae", "diff_vs_compromise"} <= set(s)
        lo, hi = s["diff_vs_compromise"]["ci95"]
        assert lo <= s["diff_vs_compromise"]["mean"] <= hi
    assert equal_doc["models"]["compromise"]["diff_vs_compromise"]["ci95"] == [0.0, 0.0]
    # ensemble_eum needs eum, which FAST leaves out
    assert set(equal_doc["candidates"]) == {"rp_gravity", "procedure_aware", "institution_weights", "ensemble", "council_blend", "eum_all_pairs"}


def test_candidates_never_lose_to_their_members_on_train_dev(equal_doc):
    # every simplex grid holds its vertices, so a tuned blend fits train+dev at least as well as compromise
    comp_fit = equal_doc["candidates"]["rp_gravity"]["fit_mae_train_dev"]  # lam grid holds 0: compromise itself
    for name in ("ensemble", "council_blend"):
        c = equal_doc["candidates"][name]
        assert abs(sum(c["params"].values()) - 1.0) < 1e-9
        assert c["fit_mae_train_dev"] <= comp_fit + 1e-9


def test_institution_weights_without_issues_to_fit_is_still_a_candidate(deu3):
    # with no issue to fit, every pair scores NaN; the search kept (inf, None, None) and
    # returned a Candidate with no parameters and no forecast (found by mypy)
    d = load_deu(deu3)
    with pytest.warns(RuntimeWarning, match="Mean of empty slice"):
        c = institution_weights(d, np.zeros(d.k, dtype=bool))
    assert c.params == {"commission_multiplier": MULTIPLIERS[0], "parliament_multiplier": MULTIPLIERS[0]}
    assert c.forecast.shape == (d.k,) and np.isnan(c.fit_mae)
    fitted = institution_weights(d, np.ones(d.k, dtype=bool))
    assert np.isfinite(fitted.fit_mae) and set(fitted.params) == set(c.params)


def test_split_is_reproducible_and_covers_every_proposal(deu3):
    split = load_split()
    d = load_deu(deu3)
    assert set(d.proposal) <= set(split)
    assert make_split(list(split)) == split  # the committed file is what the seed gives
    assert {"train", "dev", "test"} == set(split.values())


def test_html_report_escapes_and_contains_sections(equal_doc):
    html = render(equal_doc, [])
    assert html.startswith("<!doctype html>") and "<script" not in html
    for part in ("Candidate attempts", "Worst issues", "Reliability", "ensemble", "Test-split log", "not logged"):
        assert part in html
    assert html == render(json.loads(json.dumps(equal_doc)), [])  # same document, same bytes


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "ul", "li", "section", "table", "caption",
                "thead", "tbody", "tr", "th", "td", "b", "strong", "span", "br", "dl", "dt", "dd", "svg", "text", "line",
                "circle", "polyline", "rect", "g", "path"}
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>"\' & <a href="https://evil.example/">x</a>'


def test_html_report_is_self_contained_and_escapes_hostile_labels(equal_doc, tmp_path):
    doc = json.loads(json.dumps(equal_doc))
    for w in doc["worst_issues"]:
        w["issue"] = w["proposal"] = HOSTILE
    doc["scatter"]["issue"] = [HOSTILE] * len(doc["scatter"]["issue"])
    doc["skipped"][0]["reason"] = HOSTILE
    doc["candidates"]["ensemble"]["description"] = HOSTILE
    log = tmp_path / "log.md"
    log_test(doc, log, tmp_path)
    rows = read_test_log(log)
    assert len(rows) == len(doc["models"]) + len(doc["candidates"])
    rows[0]["candidate"] = HOSTILE
    html = render(doc, rows)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;a href=&quot;https://evil.example/&quot;&gt;" in html
    # every real tag (escaped text has no '<') is one we expect, and none fetches or links anything
    tags = re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)([^>]*)>", html)
    names = {t.lower() for t, _ in tags}
    assert names <= ALLOWED_TAGS, names - ALLOWED_TAGS
    for _, attr in tags:
        assert not re.search(r"\b(src|href|xlink:href|on[a-z]+)\s*=", attr, re.I), attr
    assert "@import" not in html and "url(" not in html and "<script" not in html.lower()
    assert "<svg" in html and html.count("<svg") == 2  # forecast vs outcome, reliability


def test_calibration_draws_are_simulates_streams_and_respect_ranges(deu3):
    from accord.simulate.draws import draw

    d = load_deu(deu3)
    inp = d.inputs
    w, v = 15.0, 0.1
    few = calibration.perturbed(inp, 5, w, v)
    many = calibration.perturbed(inp, 30, w, v)
    np.testing.assert_array_equal(few.position, many.position[:5])  # block-seeded: draw t never depends on D
    sp, ai, ij = calibration.specs(inp, w, v)
    direct = draw(calibration.CALIBRATION_SEED, 0, 5, sp, stream=0)
    np.testing.assert_array_equal(few.position[:, ai, ij], direct[:, 0::2])
    np.testing.assert_array_equal(few.salience[:, ai, ij], direct[:, 1::2])
    absent = np.isnan(inp.position)
    assert np.isnan(many.position[:, absent]).all() and (many.salience[:, absent] == inp.salience[absent]).all()
    dev = many.position[:, ~absent] - inp.position[~absent]
    assert np.abs(dev).max() <= w + 1e-9 and np.abs(dev).max() > w / 2
    assert many.position[:, ~absent].min() >= 0 and many.position[:, ~absent].max() <= 100
    assert (many.salience >= 0).all() and (many.salience <= 1).all()


def test_width_tuning_never_reads_test_outcomes(deu3):
    from accord.models import get_model

    d = load_deu(deu3)
    split = load_split()
    fit = np.array([split[p] != "test" for p in d.proposal])
    solve = lambda i: np.asarray(get_model("compromise").solve(i).outcome)  # noqa: E731
    a = calibration.tune_width(solve, d.inputs, d.outcome, fit, 10, widths=(5.0, 60.0))
    scrambled = d.outcome.copy()
    scrambled[~fit] = 100.0 - scrambled[~fit]
    b = calibration.tune_width(solve, d.inputs, scrambled, fit, 10, widths=(5.0, 60.0))
    assert a == b
    # wider input ranges give wider forecast intervals
    assert a["sweep"]["60"]["mean_width_80_fit"] > a["sweep"]["5"]["mean_width_80_fit"]


@pytest.mark.browser
def test_headless_chromium_draws_the_backtest_page(equal_doc, tmp_path):
    from pathlib import Path

    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"{chromium} not found: run scripts/install-browser.sh (as root) to install Debian's chromium")
    from test_report import _read_png

    page_path = tmp_path / "backtest.html"
    page_path.write_text(render(equal_doc, []), encoding="utf-8")
    png = tmp_path / "shot.png"
    cmd = [str(chromium), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,1600", f"--screenshot={png}", page_path.as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert png.exists(), f"no screenshot; chromium said: {done.stderr[-2000:]}"
    rgb = _read_png(png)[..., :3].reshape(-1, 3)
    assert np.any(rgb < 250, axis=1).mean() > 0.03, "page is blank"
    assert len(np.unique(rgb, axis=0)) > 30


def test_test_log_appends_one_line_per_scoring(tmp_path, equal_doc):
    log = tmp_path / "test-log.md"
    n1 = log_test(equal_doc, log, tmp_path)
    n2 = log_test(equal_doc, log, tmp_path)
    lines = [ln for ln in log.read_text().splitlines() if ln.startswith("| 2")]
    assert n1 == n2 == len(equal_doc["models"]) + len(equal_doc["candidates"])
    assert len(lines) == n1 + n2


def test_test_log_rows_stay_in_the_deu_table_above_a_later_section(tmp_path, equal_doc):
    log = tmp_path / "test-log.md"
    log_test(equal_doc, log, tmp_path)
    log.write_text(log.read_text() + "\n## Stance corpus (issue 9)\n\n| date (UTC) | candidate | commit |\n|---|---|---|\n")
    n = log_test(equal_doc, log, tmp_path)
    text = log.read_text()
    deu, stance = text.split("## Stance corpus (issue 9)")
    assert len([ln for ln in deu.splitlines() if ln.startswith("| 2")]) == 2 * n
    assert not [ln for ln in stance.splitlines() if ln.startswith("| 2")]


# ---- bad input ------------------------------------------------------------------------

HEADER = ["prnr", "isnr", "intro", "proc", "counvte", "pcom", "pep", "pde", "scom", "sep", "sde", "rp", "out"]


def _write(tmp_path, rows, header=HEADER):
    p = tmp_path / "deu.tsv"
    p.write_text("\n".join("\t".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return p


GOOD = ["p1", "p1i1", "26-01-00", "COD", "QMV", "100", "0", "50", "50", "50", "100", "0", "60"]


@pytest.mark.parametrize("missing", ["out", "prnr"])
def test_missing_required_column_names_file_and_column(tmp_path, missing):
    i = HEADER.index(missing)
    path = _write(tmp_path, [GOOD[:i] + GOOD[i + 1 :]], HEADER[:i] + HEADER[i + 1 :])
    with pytest.raises(InputError) as e:
        load_deu(path)
    assert e.value.source == str(path) and e.value.field == missing


def test_missing_required_column_exits_2_from_the_cli(tmp_path):
    path = _write(tmp_path, [GOOD[:-1]], HEADER[:-1])
    r = subprocess.run([sys.executable, "-m", "accord.cli", "backtest", "deu", str(path), "--draws", "0"], capture_output=True, text=True)
    assert r.returncode == 2
    assert str(path) in r.stderr and "out" in r.stderr and "Traceback" not in r.stderr


def test_missing_optional_column_is_noted_not_fatal(tmp_path):
    i = HEADER.index("rp")
    path = _write(tmp_path, [GOOD[:i] + GOOD[i + 1 :]], HEADER[:i] + HEADER[i + 1 :])
    d = load_deu(path)
    assert d.k == 1 and any("'rp'" in n for n in d.notes)
    # status quo falls back to the weighted median: com 100 (w 50), ep 0 (w 50), de 50 (w 100)
    assert d.inputs.status_quo[0] == 50.0


def test_bad_rows_are_skipped_and_counted(tmp_path):
    non_numeric = GOOD[:5] + ["abc"] + GOOD[6:]
    no_actors = GOOD[:5] + ["", "", ""] + GOOD[8:]
    zero_salience = GOOD[:8] + ["0", "0", "0"] + GOOD[11:]
    blank_out = GOOD[:-1] + [""]
    rows = [GOOD, non_numeric, no_actors, zero_salience, blank_out]
    rows = [[r[0], f"p1i{j}", *r[2:]] for j, r in enumerate(rows)]
    d = load_deu(_write(tmp_path, rows))
    assert d.k == 1
    reasons = {s.row: s.reason for s in d.skipped}
    assert "non-numeric" in reasons[3] and "pcom" in reasons[3]
    assert "no actor has a position" in reasons[4]
    assert "positive salience" in reasons[5]
    assert "no outcome" in reasons[6]


def test_blank_salience_counts_as_zero(tmp_path):
    row = GOOD[:8] + ["", "50", "100"] + GOOD[11:]
    d = load_deu(_write(tmp_path, [row]))
    assert d.inputs.salience[0, 0] == 0.0 and d.inputs.weight[0, 0] == 0.0


# ---- dates, weights, metrics ----------------------------------------------------------


def test_intro_dates_in_all_three_shapes():
    assert parse_intro("26-01-00").isoformat() == "2000-01-26"
    assert parse_intro("14-12-1999").isoformat() == "1999-12-14"
    assert parse_intro("2029-09-04").isoformat() == "2004-09-29"
    assert parse_intro("1930-05-05").isoformat() == "2005-05-30"
    assert parse_intro("garbled") is None


def test_treaty_periods_and_weights():
    import datetime as dt

    assert period_of(dt.date(2004, 10, 31)) == "accession-2004"
    assert period_of(dt.date(2004, 11, 1)) == "nice"
    assert period_of(dt.date(2014, 11, 1)) == "lisbon"
    assert sum(NICE.values()) == 352
    assert council_weight("de", "nice")[0] == 29 and council_weight("com", "nice")[0] == 29
    assert council_weight("de", "lisbon")[0] > council_weight("fr", "lisbon")[0]


def test_cluster_bootstrap_resamples_whole_proposals():
    # two proposals: one where A is 10 better on every issue, one where it is 10 worse
    a = np.array([0.0] * 5 + [10.0] * 5)
    b = np.array([10.0] * 5 + [0.0] * 5)
    cl = np.array(["x"] * 5 + ["y"] * 5)
    r = metrics.cluster_bootstrap_diff(a, b, cl)
    assert r["mean"] == 0.0 and r["proposals"] == 2
    # replicates are averages of whole proposals: only -10, 0, +10 are possible
    assert r["ci95"] == [-10.0, 10.0]


def test_mae_interval_resamples_whole_proposals_and_respects_the_mask():
    # proposal x: errors 0 (5 issues); y: 10 (5 issues); z: 30, test-masked out
    err = np.array([0.0] * 5 + [10.0] * 5 + [30.0])
    cl = np.array(["x"] * 5 + ["y"] * 5 + ["z"])
    r = metrics.cluster_bootstrap_mae(err, cl, mask=np.array([True] * 10 + [False]))
    assert r["mean"] == 5.0 and r["proposals"] == 2
    assert r["ci95"] == [0.0, 10.0]  # only 0, 5 and 10 are possible replicates


def test_each_model_has_its_test_mae_interval_and_eum_its_verdict(equal_doc):
    for s in [*equal_doc["models"].values(), *equal_doc["candidates"].values()]:
        lo, hi = s["mae_test_ci95"]
        assert lo <= s["mae_test"] <= hi and hi > lo
    verdict = equal_doc["eum_test_mae_vs_reconstructions"]
    assert verdict  # eum_all_pairs at least (FAST leaves the eum model out)
    for v in verdict.values():
        lo, hi = v["ci95"]
        assert v["overlaps"] == (lo <= 28.3 and hi >= 26.8)


def test_coverage_of_known_interval():
    rng = np.random.default_rng(0)
    samples = rng.uniform(0, 100, size=(4000, 1)).repeat(200, axis=1)
    outcome = np.linspace(0.25, 99.75, 200)
    cov = calibration.coverage(samples, outcome, levels=(0.5, 0.8))
    assert abs(cov["0.50"] - 0.5) < 0.03 and abs(cov["0.80"] - 0.8) < 0.03


def test_a_table_with_nothing_to_score_exits_2_naming_why(tmp_path):
    import subprocess
    import sys

    src = shared_path("data", "deu3", "deu3.tsv")
    head = src.read_text(encoding="utf-8").splitlines()[:2]  # header and the GDP weight row
    path = tmp_path / "h.tsv"
    path.write_text("\n".join(head) + "\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "accord.cli", "backtest", "deu", str(path), "--draws", "0"],
                          capture_output=True, text=True)
    assert proc.returncode == 2, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "no issue left to score" in proc.stderr


def test_binary_gold_file_exits_2(tmp_path):
    import subprocess
    import sys

    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(b"\x00\x01\x02binary")
    proc = subprocess.run([sys.executable, "-m", "accord.cli", "eval-stances", str(gold), "--pred", str(gold)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "binary" in proc.stderr, proc.stderr


def test_committed_predictive_halfwidths_are_recomputed_from_train_dev():
    """conformal_halfwidths.json is what train + dev give now (rerun
    `python -m accord.backtest.conformal DEU_TSV` after changing a model)."""
    from accord.backtest import conformal

    path = shared_path("data", "deu3", "deu3.tsv")
    assert conformal.halfwidths(path)["models"] == conformal.load()["models"]


def test_conformal_coverage_has_a_cluster_interval():
    from accord.backtest.calibration import conformal_coverage

    rng = np.random.default_rng(0)
    y = rng.uniform(0, 100, 400)
    f = y + rng.normal(0, 10, 400)
    cl = np.repeat(np.arange(100), 4)
    fit, test = cl < 60, cl >= 60
    c = conformal_coverage(f, y, fit, test, levels=(0.8,), cluster=cl)
    lo, hi = c["coverage_test_ci95"]["0.80"]
    assert lo <= c["coverage_test"]["0.80"] <= hi and lo < 0.8 < hi

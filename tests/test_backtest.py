"""The DEU III backtest: reproduction of the published compromise figure, bad input, metrics."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from accord.backtest import calibration, metrics
from accord.backtest.deu import load_deu, parse_intro
from accord.backtest.report import render
from accord.backtest.run import log_test, run_backtest
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
    doc, _ = run_backtest(deu3, "equal", FAST, draws=20)
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
    again, _ = run_backtest(deu3, "equal", FAST, draws=20)
    assert json.dumps(again) == json.dumps(equal_doc)
    for name, s in equal_doc["models"].items():
        assert {"n", "mae", "mae_test", "rmse", "median_ae", "diff_vs_compromise"} <= set(s)
        lo, hi = s["diff_vs_compromise"]["ci95"]
        assert lo <= s["diff_vs_compromise"]["mean"] <= hi
    assert equal_doc["models"]["compromise"]["diff_vs_compromise"]["ci95"] == [0.0, 0.0]
    assert set(equal_doc["candidates"]) == {"rp_gravity", "procedure_aware", "institution_weights", "ensemble"}


def test_split_is_reproducible_and_covers_every_proposal(deu3):
    split = load_split()
    d = load_deu(deu3)
    assert set(d.proposal) <= set(split)
    assert make_split(list(split)) == split  # the committed file is what the seed gives
    assert {"train", "dev", "test"} == set(split.values())


def test_html_report_escapes_and_contains_sections(equal_doc):
    html = render(equal_doc)
    assert html.startswith("<!doctype html>") and "<script" not in html
    for part in ("Candidate attempts", "Worst issues", "reliability plot", "ensemble"):
        assert part in html


def test_test_log_appends_one_line_per_scoring(tmp_path, equal_doc):
    log = tmp_path / "test-log.md"
    n1 = log_test(equal_doc, log, tmp_path)
    n2 = log_test(equal_doc, log, tmp_path)
    lines = [ln for ln in log.read_text().splitlines() if ln.startswith("| 2")]
    assert n1 == n2 == len(equal_doc["models"]) + len(equal_doc["candidates"])
    assert len(lines) == n1 + n2


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


def test_coverage_of_known_interval():
    rng = np.random.default_rng(0)
    samples = rng.uniform(0, 100, size=(4000, 1)).repeat(200, axis=1)
    outcome = np.linspace(0.25, 99.75, 200)
    cov = calibration.coverage(samples, outcome, levels=(0.5, 0.8))
    assert abs(cov["0.50"] - 0.5) < 0.03 and abs(cov["0.80"] - 0.8) < 0.03

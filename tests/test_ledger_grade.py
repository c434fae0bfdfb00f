"""Grading a synthetic ledger gives the scores computed by hand; the report shows them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from accord.cli import app
from accord.ledger import QKEYS, Ledger, crps_from_quantiles, records
from accord.ledger.report import MIN_CALIBRATION, calibration, render

TODAY = "2026-11-30"


def cli(*args: str):
    return CliRunner().invoke(app, list(args), env={"ACCORD_TODAY": TODAY}, catch_exceptions=False)


def body(question: str = "q", point: float = 40.0, quantiles=None, p_above: float = 0.3, threshold: float | None = 50,
         status: str = "sealed") -> dict:
    """A sealed record as seal writes it, with numbers chosen for hand computation."""
    qs = {k: float(i) for i, k in enumerate(QKEYS, start=1)} if quantiles is None else quantiles
    rubric = {"observable": "o", "sources": ["s"], "mapping": [{"anchor": 0, "when": "a"}, {"anchor": 100, "when": "b"}],
              "void_if": ["v"]}
    if threshold is not None:
        rubric["threshold"] = {"above": threshold}
    return {
        "status": status, "question": question, "issue": "territory", "issue_name": "Territory", "scale": [0, 100],
        "resolves_by": "2027-01-01", "sealed_on": TODAY, "as_of": TODAY, "rubric": rubric,
        "forecast": {"m": {"point": point, "quantiles": qs, "p_above": p_above}},
        "baselines": {"status_quo": {"point": 75, "p_above": 1.0},
                      "compromise": {"point": 60, "quantiles": {k: 60.0 for k in QKEYS}, "p_above": 1.0}},
    }


def test_scores_of_a_synthetic_record_are_those_computed_by_hand(tmp_path):
    ledger = tmp_path / "ledger.db"
    Ledger(ledger).append([("seal", body("first")), ("seal", body("second"))])
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("id,observed,void,source\n1,50,,Reuters\n2,62,,AP\n")
    r = cli("grade", "--outcomes", str(outcomes), "--ledger", str(ledger))
    assert r.exit_code == 0, r.output
    recs = records(Ledger(ledger).entries())
    s1, s2 = recs[1].outcome.body["scores"], recs[2].outcome.body["scores"]
    # quantiles q_k = k (k = 1..99), y = 50: sum of pinball losses
    #   sum_{k<50} k(50-k)/100 + sum_{k>50} (100-k)(k-50)/100 = 208.25 + 208.25 = 416.5
    #   CRPS = 2 * 416.5 / 99 = 833 / 99
    assert s1["models"]["m"] == {"abs_error": 10, "crps": pytest.approx(833 / 99, abs=1e-6), "brier": pytest.approx(0.09)}
    # y = 62: sum_{k<62} k(62-k)/100 = (62*1891 - 77531)/100 = 397.11;
    #         sum_{k>62} (100-k)(k-62)/100 = (38*703 - 17575)/100 = 91.39;  CRPS = 2*488.5/99
    # threshold 50, y = 62 is above: Brier (0.3 - 1)^2 = 0.49
    assert s2["models"]["m"] == {"abs_error": 22, "crps": pytest.approx(977 / 99, abs=1e-6), "brier": pytest.approx(0.49)}
    # baselines: status quo 75 (a point: CRPS = abs error; P(>50) = 1), compromise a point mass at 60
    assert s1["baselines"]["status_quo"] == {"abs_error": 25, "crps": 25, "brier": 1}
    assert s1["baselines"]["compromise"] == {"abs_error": 10, "crps": 10, "brier": 1}
    assert s2["baselines"]["status_quo"] == {"abs_error": 13, "crps": 13, "brier": 0}
    assert recs[1].outcome.body["source"] == "Reuters" and recs[2].outcome.body["observed"] == 62


def test_a_duplicate_in_the_outcomes_file_refuses_the_whole_file(tmp_path):
    ledger = tmp_path / "ledger.db"
    Ledger(ledger).append([("seal", body("a")), ("seal", body("b"))])
    before = ledger.read_bytes(), ledger.with_suffix(".jsonl").read_bytes()
    outcomes = tmp_path / "outcomes.csv"
    outcomes.write_text("id,observed,void,source\n1,50,,Reuters\n2,,no deal by then,AP\n1,55,,AP\n")
    r = cli("grade", "--outcomes", str(outcomes), "--ledger", str(ledger))
    assert r.exit_code == 2
    assert r.output.strip() == f"accord: error: {outcomes}: line 4: record 1 was already graded above; a record is graded once"
    assert (ledger.read_bytes(), ledger.with_suffix(".jsonl").read_bytes()) == before


@given(st.floats(0, 100), st.floats(0, 100))
def test_crps_of_a_point_forecast_is_its_absolute_error(x, y):
    assert crps_from_quantiles([x] * 99, y) == pytest.approx(abs(x - y), abs=1e-9)


@given(st.lists(st.floats(0, 100), min_size=99, max_size=99), st.floats(0, 100))
def test_crps_is_never_negative_and_never_above_the_mean_distance(qs, y):
    qs = sorted(qs)
    c = crps_from_quantiles(qs, y)
    assert -1e-9 <= c <= sum(abs(q - y) for q in qs) / 99 + 1e-9


def test_void_records_are_kept_and_counted_and_hindcasts_kept_apart(tmp_path):
    ledger = tmp_path / "ledger.db"
    Ledger(ledger).append([("seal", body("<script>alert(1)</script> sealed")), ("seal", body("voided")),
                           ("hindcast", body("old week", status="hindcast")), ("seal", body("open"))])
    assert cli("grade", "1", "--observed", "95", "--source", "<b>Reuters</b>", "--ledger", str(ledger)).exit_code == 0
    assert cli("grade", "2", "--void", "no agreement", "--source", "AP", "--ledger", str(ledger)).exit_code == 0
    assert cli("grade", "3", "--observed", "50", "--source", "AP", "--ledger", str(ledger)).exit_code == 0
    out = tmp_path / "report.html"
    r = cli("ledger", "report", "--ledger", str(ledger), "--out", str(out))
    assert r.exit_code == 0, r.output
    assert "calibration not shown: 1 sealed question(s) graded, at least 10 needed" in r.output
    page = out.read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; sealed" in page
    assert "<b>Reuters</b>" not in page and "&lt;b&gt;Reuters&lt;/b&gt;" in page
    assert "3 sealed records: 1 graded, 1 void (kept, not scored), 1 open." in page
    assert "1 hindcasts: 1 graded, 0 void (kept, not scored), 0 open." in page
    assert "Not shown: 1 sealed question graded, at least 10 are needed." in page
    assert 'class="badge miss"' in page  # 95 lies outside the 80% interval 10-90: the miss is shown
    assert "http" not in page.replace("http-equiv", "")  # self-contained: nothing fetched
    # the sealed scores are those of the one graded sealed record, not pooled with the hindcast
    sealed_part = page.split('id="calibration"')[0]
    assert "<td>m</td><td class=\"num\">1</td><td class=\"num\">55.00</td>" in sealed_part


def test_calibration_is_shown_from_ten_graded_sealed_questions(tmp_path):
    ledger = tmp_path / "ledger.db"
    n = MIN_CALIBRATION
    Ledger(ledger).append([("seal", body(f"q{i}")) for i in range(n)] + [("hindcast", body("h", status="hindcast"))])
    led = Ledger(ledger)
    for i in range(1, n):
        assert cli("grade", str(i), "--observed", str(5 + 10 * (i % 10)), "--source", "s", "--ledger", str(ledger)).exit_code == 0
    assert cli("grade", str(n + 1), "--observed", "50", "--source", "s", "--ledger", str(ledger)).exit_code == 0
    recs = list(records(led.entries()).values())
    assert calibration([r for r in recs if r.kind == "seal"]) is None  # 9 sealed + 1 hindcast graded: not yet
    assert "Not shown: 9 sealed questions graded" in render(led.entries(), led.head(), "x")
    assert cli("grade", str(n), "--observed", "5", "--source", "s", "--ledger", str(ledger)).exit_code == 0
    recs = list(records(led.entries()).values())
    cal = calibration([r for r in recs if r.kind == "seal"])
    # observed 15, 25, ..., 95, 5 against quantiles q_k = k: inside p25-p75 are 25..75 (6 of 10),
    # inside p10-p90 15..85 (8), inside p05-p95 all ten (5 and 95 lie on its edges)
    assert cal["m"]["n"] == 10
    assert cal["m"]["inside"] == {"50%": 6, "80%": 8, "90%": 10}
    page = render(led.entries(), led.head(), "x")
    assert "0.60 (nominal 0.50)" in page and "0.80 (nominal 0.80)" in page

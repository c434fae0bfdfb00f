"""The report's typed input: forecast.extra's several shapes read once into one, and the
page rendered from the packaged jinja2 templates."""

from __future__ import annotations

from importlib import resources

import accord
from accord.forecast import solve
from accord.report import render_report
from accord.report.model import ReportInput
from accord.scenario import scenario_from_dict

DOC = {
    "id": "t", "name": "T",
    "actors": [{"id": "a", "name": "Alpha", "capability": 50}, {"id": "b", "name": "Beta", "capability": 30}],
    "issues": [{"id": "x", "name": "X", "status_quo": 40}, {"id": "y", "name": "Y", "status_quo": 10}],
    "positions": [
        {"actor": "a", "issue": "x", "position": 20, "salience": 0.9},
        {"actor": "b", "issue": "x", "position": 80, "salience": 0.5},
        {"actor": "a", "issue": "y", "position": 30, "salience": 0.4},
        {"actor": "b", "issue": "y", "position": 60, "salience": 0.6},
    ],
}
STATEMENT = {"article": "art-1", "sentence": "Alpha <b>insists</b>", "act": "demand", "hedged": False}


def _forecast(**extra):
    fc = solve(scenario_from_dict(DOC), ["compromise", "median"])
    fc.extra.update(extra)
    return fc


def test_statement_shapes_give_the_same_input_and_page():
    nested = _forecast(statements={"a": {"x": [STATEMENT]}})
    flat = _forecast(statements=[{"actor": "a", "issue": "x", **STATEMENT}])
    assert ReportInput.from_forecast(nested).statements == ReportInput.from_forecast(flat).statements
    page = render_report(nested)
    assert page == render_report(flat)
    assert "Alpha &lt;b&gt;insists&lt;/b&gt;" in page and "<b>insists" not in page


def test_disagreement_and_interval_shapes_are_read_once():
    row = {"actor": "a", "issue": "x", "field": "position", "builtin": 20, "drafted": 35, "note": "n"}
    listed = ReportInput.from_forecast(_forecast(disagreements=[row]))
    mapped = ReportInput.from_forecast(_forecast(disagreements={"items": [row], "summary": "one differs"}))
    assert listed.disagreements == mapped.disagreements == (row,)
    assert mapped.disagreement_summary == "one differs"
    q = {"p025": 1.0, "p10": 2.0, "p50": 3.0, "p90": 4.0, "p975": 5.0}
    plain = ReportInput.from_forecast(_forecast(intervals={"x": {"compromise": q}}))
    fragment = ReportInput.from_forecast(_forecast(intervals={"draws": 9, "seed": 0,
                                                              "issues": {"x": {"intervals": {"compromise": q}}}}))
    assert plain.intervals == fragment.intervals == {"x": {"compromise": q}}
    assert fragment.draws == 9 and plain.draws is None


def test_the_page_comes_from_the_packaged_templates():
    root = resources.files("accord.report") / "templates"
    names = {p.name for p in root.iterdir()}
    assert {"report.html.j2", "header.html.j2", "contents.html.j2", "summary.html.j2", "assumptions.html.j2", "sources.html.j2"} <= names
    page = accord.build_report(scenario_from_dict(DOC), draws=0).html
    assert page.startswith("<!doctype html>\n") and page.endswith("</html>\n")
    assert '<nav class="toc"><ol><li><a href="#summary">Summary</a></li>' in page


def test_render_accepts_the_typed_input_and_stamps_generated():
    fc = _forecast()
    inp = ReportInput.from_forecast(fc)
    assert render_report(inp) == render_report(fc)
    stamped = render_report(inp, generated="2026-01-01")
    assert "generated 2026-01-01" in stamped and "generated" not in render_report(fc)

"""The backtest page: one self-contained HTML file built with the shared report helpers.

Built from the ``run_backtest`` document and, where given, the rows of the test-split
log (:func:`accord.backtest.run.read_test_log`); nothing else. The page shell, tables
and escaping are :mod:`accord.report.html`'s (every label from the data file is
escaped); the plots are :mod:`accord.report.svg`'s scatter plots (the reliability
diagram, and forecast against outcome). Same document, same bytes.
"""

from __future__ import annotations

from typing import Any, Sequence

from ..report.html import Html, esc, fmt, join, page, section, table, tag
from ..report.svg import Point, colour, scatter_plot

LOG_KEYS = ("date", "candidate", "capability", "commit", "n_test", "mae_test", "diff")


def _ci(d: dict | None) -> str:
    d = d or {}
    ci = d.get("ci95") or [None, None]
    return f"{fmt(d.get('mean'), 2)} [{fmt(ci[0], 2)}, {fmt(ci[1], 2)}]"


def _swatch(c: str) -> Html:
    return Html(f'<span class="swatch" style="background:{esc(c)}"></span>')


def _name(name: str, winners: set[str]) -> Html:
    return join([tag("b", name) if name in winners else esc(name)] + ([Html(" "), tag("span", "beats compromise", class_="badge")] if name in winners else []))


def error_table(entries: dict[str, Any], winners: set[str]) -> Html:
    head = ["model", "n", "MAE", "RMSE", "median AE", "MAE test [95% CI]", "MAE − compromise [95% CI]", "on test [95% CI]"]
    rows = [[_name(name, winners), s["n"], fmt(s["mae"], 2), fmt(s["rmse"], 2), fmt(s["median_ae"], 2),
             _ci({"mean": s["mae_test"], "ci95": s.get("mae_test_ci95")}),
             _ci(s.get("diff_vs_compromise")), _ci(s.get("diff_vs_compromise_test"))] for name, s in entries.items()]
    return table(head, rows, numeric=(1, 2, 3, 4, 5, 6, 7))


def _params(params: dict) -> str:
    return ", ".join(f"{k}={v:g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in params.items())


def candidate_table(entries: dict[str, Any], winners: set[str], logged: dict[str, list[dict]] | None) -> Html:
    """Candidates: train+dev fit, test score and its logged scorings (all-issue figures
    mix in the issues they were tuned on, so they are left to the JSON)."""
    head = ["candidate", "parameters (tuned on train+dev)", "MAE train+dev", "MAE test", "test − compromise [95% CI]", "logged test scorings"]
    rows = []
    for name, s in entries.items():
        if logged is None:
            log_cell: Any = "log not read"
        elif logged.get(name):
            mine = logged[name]
            log_cell = f"{len(mine)}, last {mine[-1]['date']} ({mine[-1]['commit']}): {mine[-1]['mae_test']}"
        else:
            log_cell = tag("b", "not logged: does not count")
        rows.append([_name(name, winners), _params(s.get("params", {})), fmt(s.get("fit_mae_train_dev"), 2), fmt(s["mae_test"], 2),
                     _ci(s.get("diff_vs_compromise_test")), log_cell])
    described = tag("dl", join(join((tag("dt", n), tag("dd", s.get("description", "")))) for n, s in entries.items()))
    return join([table(head, rows, numeric=(2, 3, 4)), described])


def reliability_plot(levels: Sequence[float], coverage: dict[str, dict[str, float]], colours: dict[str, str]) -> Html:
    pts = [Point(lv, cov[f"{lv:.2f}"], f"{name} at {lv:.2f}", 0.12, colours[name])
           for name, cov in coverage.items() for lv in levels if cov.get(f"{lv:.2f}") is not None]
    return scatter_plot(pts, title="Reliability (all issues)", x_label="nominal coverage",
                        y_label="share of outcomes inside", diagonal=True)


def outcome_plot(forecast: Sequence[float], outcome: Sequence[float], labels: Sequence[str], name: str) -> Html:
    pts = [Point(f, y, lab, 0.03, colour(0)) for f, y, lab in zip(forecast, outcome, labels)]
    return scatter_plot(pts, title=f"{name}: forecast vs outcome", x_label=f"{name} forecast", y_label="outcome",
                        x_range=(0.0, 100.0), y_range=(0.0, 100.0))


def calibration_section(cal: dict[str, Any], colours: dict[str, str]) -> Html:
    noise = cal["noise"]
    parts: list[Any] = []
    if not cal["models"]:
        parts.append(tag("p", "No calibration draws were run (--draws 0).", class_="note"))
        return section("calibration", "Calibration", *parts)
    parts.append(tag("p", (
        f"Uncertainty model (an assumption; DEU gives points): every position ± {fmt(noise['position_halfwidth'], 0)} and every salience "
        f"± {noise['salience_halfwidth']:g} (0..1 scale), {noise['dist']}, clipped to the scale; {noise['draws']} draws, seed {noise['seed']}, "
        f"drawn by {noise['drawn_by']}. Capability and the reference point are held fixed. "
        "A model that solves draw by draw (smp) uses the first draws of the same stream only (column draws).")))
    tuning = cal.get("tuning")
    if tuning:
        parts.append(tag("p", "Position half-width chosen on train + dev only: the reference model's 80% coverage on train + dev for each width tried.", class_="note"))
        parts.append(table(["position half-width", "compromise 80% coverage (train+dev)", "mean 80% width (train+dev)"],
                           [[w, fmt(s["coverage_fit"], 2), fmt(s["mean_width_80_fit"], 1)] for w, s in tuning["sweep"].items()], numeric=(0, 1, 2)))
    parts.append(reliability_plot(cal["levels"], {n: m["coverage"] for n, m in cal["models"].items()}, colours))
    head = ["model", "draws"] + [f"{lv:.2f}" for lv in cal["levels"]] + ["test at 0.80", "mean 80% width"]
    rows = [[_swatch(colours[n]) + n, m.get("draws", noise["draws"])] + [fmt(m["coverage"][f"{lv:.2f}"], 2) for lv in cal["levels"]]
            + [fmt(m["coverage_test"]["0.80"], 2), fmt(m["mean_width_80"], 1)] for n, m in cal["models"].items()]
    parts.append(table(head, rows, numeric=tuple(range(1, len(head))), caption="Coverage of the central interval, all issues"))
    conf = cal.get("conformal", {})
    if conf:
        head = ["model"] + [f"{lv:.2f}" for lv in cal["levels"]] + ["80% half-width"]
        rows = [[n] + [fmt(c["coverage_test"][f"{lv:.2f}"], 2) for lv in cal["levels"]] + [fmt(c["halfwidth"]["0.80"], 1)] for n, c in conf.items()]
        parts.append(table(head, rows, numeric=tuple(range(1, len(head))),
                           caption="Split-conformal intervals (half-width from train + dev residuals), coverage on test"))
    return section("calibration", "Calibration", *parts)


def worst_section(worst: list[dict]) -> Html:
    names = list(worst[0]["forecast"]) if worst else []
    head = ["issue", "proposal", "row", "split", "outcome", "rp"] + names
    rows = [[w["issue"], w["proposal"], w["row"], w["split"], fmt(w["outcome"], 0), fmt(w["rp"], 0)] + [fmt(w["forecast"][n], 1) for n in names] for w in worst]
    return section("worst", "Worst issues for compromise", table(head, rows, numeric=tuple([2] + list(range(4, len(head))))))


def log_section(rows: list[dict] | None, capability: str) -> Html:
    if rows is None:
        return section("test-log", "Test-split log", tag("p", "The test log was not read.", class_="note"))
    mine = [r for r in rows if r["capability"] == capability]
    return section("test-log", "Test-split log",
                   tag("p", f"Every logged scoring of the test split with {capability} capability (docs/test-log.md), oldest first. "
                       "Only these test figures count.", class_="note"),
                   table(["date (UTC)", "candidate", "commit", "n test", "MAE test", "diff vs compromise [95% CI]"],
                         [[r["date"], r["candidate"], r["commit"], r["n_test"], r["mae_test"], r["diff"]] for r in mine], numeric=(3, 4, 5)))


def sections(doc: dict[str, Any], log_rows: list[dict] | None = None) -> Html:
    winners = set(doc.get("beats_compromise_on_test", []))
    split = doc["split"]["issues"]
    names = list(doc["models"]) + [n for n in doc["calibration"]["models"] if n not in doc["models"]]
    colours = {n: colour(i) for i, n in enumerate(names)}
    logged: dict[str, list[dict]] | None = None
    if log_rows is not None:
        logged = {}
        for r in log_rows:
            if r["capability"] == doc["capability"]:
                logged.setdefault(r["candidate"], []).append(r)
    summary = tag("p", (
        f"{doc['source']}: {doc['n_issues']} issues solved; capability {doc['capability']} ({doc['institutions']}); split by proposal "
        f"(seed {doc['split']['seed']}): {split['train']} train, {split['dev']} dev, {split['test']} test issues. "
        "Differences from compromise: negative is better; 95% intervals resample whole proposals."))
    anchors = tag("ul", join(tag("li", f"{a['what']}: MAE {a.get('value', a.get('range'))}") for a in doc["anchors"].values()))
    verdict = ", ".join(sorted(winners)) if winners else "none"
    parts = [
        tag("h1", f"DEU III backtest ({doc['capability']} capability)"),
        summary,
        section("anchors", "Published anchors", anchors),
        section("models", "Models", error_table(doc["models"], winners)),
        section("candidates", "Candidate attempts to beat compromise",
                tag("p", "Each named and coded before it met the test split, tuned on train + dev only; a test figure counts only if logged.", class_="note"),
                candidate_table(doc["candidates"], winners, logged),
                tag("p", tag("strong", "Beats compromise on test (95% CI below zero): "), verdict)),
    ]
    if doc.get("scatter"):
        sc = doc["scatter"]
        parts.append(section("fit", "Forecast vs outcome", outcome_plot(sc["forecast"], sc["outcome"], sc["issue"], sc["model"])))
    parts += [calibration_section(doc["calibration"], colours), worst_section(doc["worst_issues"]), log_section(log_rows, doc["capability"])]
    aside = [tag("li", f"row {s['row']} {s.get('issue', '')}: {s['reason']}") for s in doc["skipped"]]
    aside += [tag("li", f"model {s['model']}: {s['reason']}") for s in doc["skipped_models"]]
    aside += [tag("li", n) for n in doc["notes"]]
    parts.append(section("aside", "Set aside", tag("ul", join(aside))))
    return join(parts, "\n")


def render(doc: dict[str, Any], log_rows: list[dict] | None = None) -> str:
    return page(f"DEU III backtest ({doc['capability']} capability)", sections(doc, log_rows))

"""``accord ledger report``: one self-contained HTML page of every record, misses included.

Sealed forecasts and hindcasts are summarised apart and never pooled. Scores per model
are the means over graded records (void ones are counted, not scored). Calibration is
shown once at least :data:`MIN_CALIBRATION` sealed records are graded, and refused
before that with the count: per model, the share of outcomes inside the central 50%,
80% and 90% predictive intervals (p25-p75, p10-p90, p05-p95) against those nominal
rates, and the PIT histogram in fifths (the PIT of an outcome is the share of the 99
stored quantiles below it; Gneiting, Balabdaoui & Raftery 2007).
"""

from __future__ import annotations

from typing import Any, Sequence

from ..report.html import Html, badge, definition_list, esc, fmt, join, page, section, table, tag
from .grade import Record, records
from .seal import QKEYS
from .store import Entry

MIN_CALIBRATION = 10
INTERVALS = (("50%", "p25", "p75", 0.5), ("80%", "p10", "p90", 0.8), ("90%", "p05", "p95", 0.9))
SCORES = ("abs_error", "crps", "brier")

CSS = """
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
table{border-collapse:collapse;margin:.5rem 0 1rem}th,td{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:left}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}code{word-break:break-all}
.badge{border-radius:.3rem;padding:0 .4rem;font-size:.85em;background:#eee}.badge.miss{background:#f6d5d5}
.badge.hit{background:#d8efd8}.badge.void{background:#f3ecc9}.record{border-top:2px solid #ccc;margin-top:1.5rem}
dl{display:grid;grid-template-columns:max-content auto;gap:.2rem 1rem}dt{font-weight:600}dd{margin:0}
.note{color:#555}
"""


def _groups(recs: dict[int, Record]) -> dict[str, list[Record]]:
    return {"seal": [r for r in recs.values() if r.kind == "seal"],
            "hindcast": [r for r in recs.values() if r.kind == "hindcast"]}


def summary(recs: Sequence[Record]) -> dict[str, Any]:
    """Counts and, per model and baseline, the mean of each score over graded records."""
    graded = [r for r in recs if r.state == "graded"]
    out: dict[str, Any] = {"records": len(recs), "graded": len(graded),
                           "void": sum(r.state == "void" for r in recs), "open": sum(r.state == "open" for r in recs),
                           "scores": {}}
    for r in graded:
        sc = r.result.get("scores", {})
        for group in ("models", "baselines"):
            for name, s in sc.get(group, {}).items():
                key = name if group == "models" else f"baseline: {name}"
                acc = out["scores"].setdefault(key, {k: [] for k in SCORES})
                for k in SCORES:
                    if s.get(k) is not None:
                        acc[k].append(float(s[k]))
    out["scores"] = {m: {k: ((sum(v) / len(v)) if v else None, len(v)) for k, v in acc.items()}
                     for m, acc in out["scores"].items()}
    return out


def calibration(recs: Sequence[Record]) -> dict[str, Any] | None:
    """Interval coverage and PIT fifths per model, or ``None`` under MIN_CALIBRATION graded."""
    graded = [r for r in recs if r.state == "graded"]
    if len(graded) < MIN_CALIBRATION:
        return None
    out: dict[str, Any] = {}
    for r in graded:
        y = float(r.result["observed"])
        for m, f in r.body.get("forecast", {}).items():
            qs = f.get("quantiles") or {}
            if any(qs.get(k) is None for k in QKEYS):
                continue
            c = out.setdefault(m, {"n": 0, "inside": {n: 0 for n, *_ in INTERVALS}, "pit": [0] * 5})
            c["n"] += 1
            for name, lo, hi, _ in INTERVALS:
                c["inside"][name] += qs[lo] <= y <= qs[hi]
            pit = sum(qs[k] < y for k in QKEYS) / (len(QKEYS) + 1)
            c["pit"][min(4, int(pit * 5))] += 1
    return out


def _scores_table(s: dict[str, Any]) -> Html:
    rows = []
    for m, sc in s["scores"].items():
        rows.append([m, str(sc["abs_error"][1]), fmt(sc["abs_error"][0], 2), fmt(sc["crps"][0], 2),
                     fmt(sc["brier"][0], 3) + (f" (n={sc['brier'][1]})" if sc["brier"][1] else "")])
    if not rows:
        return tag("p", "No record graded yet.", class_="note")
    return table(["model", "graded", "mean abs error", "mean CRPS", "mean Brier"], rows, numeric=(1, 2, 3, 4))


def _record(r: Record) -> Html:
    b = r.body
    rubric = b.get("rubric", {})
    threshold = (rubric.get("threshold") or {}).get("above")
    y = float(r.result["observed"]) if r.state == "graded" else None
    state: Html
    if r.state == "graded":
        state = join([badge("graded", "hit"), f" observed {fmt(y)} on {r.result.get('graded_on')}, source: ",
                      r.result.get("source", "")])
    elif r.state == "void":
        state = join([badge("void", "void"), " ", r.result.get("void", ""), " (source: ",
                      r.result.get("source", ""), ")"])
    else:
        state = badge("open")
    items = [("issue", f"{b.get('issue')} ({b.get('issue_name')})"), ("sealed on", b.get("sealed_on")),
             ("news as of", b.get("as_of")), ("resolves by", b.get("resolves_by")), ("state", state),
             ("observable", rubric.get("observable")), ("adjudicating sources", "; ".join(rubric.get("sources", []))),
             ("mapping", join(join([tag("b", fmt(m.get("anchor"), 0)), ": ", m.get("when"), Html("<br>")])
                              for m in rubric.get("mapping", []))),
             ("void if", "; ".join(rubric.get("void_if", []))),
             ("scenario", join([b.get("scenario_id", ""), " ", tag("code", b.get("scenario_sha256", ""))])),
             ("accord", f"{b.get('accord_version')}, {b.get('draws')} draws, seed {b.get('seed')}")]
    if threshold is not None:
        items.append(("threshold", f"P(outcome > {fmt(threshold)})"))
    scores = r.result.get("scores", {}) if r.state == "graded" else {}
    rows = []
    forecast = b.get("forecast", {})
    in_order = {m: forecast[m] for m in b.get("models", []) if m in forecast} or forecast  # as sealed, not sorted
    for group, forecasts in (("models", in_order), ("baselines", b.get("baselines", {}))):
        for name, f in forecasts.items():
            qs = f.get("quantiles") or {}
            interval = f"{fmt(qs.get('p10'))}–{fmt(qs.get('p90'))}" if qs else "(a point)"
            mark: Any = ""
            if y is not None and qs and qs.get("p10") is not None:
                mark = badge("hit", "hit") if qs["p10"] <= y <= qs["p90"] else badge("miss", "miss")
            s = scores.get(group, {}).get(name, {})
            rows.append([name if group == "models" else f"baseline: {name}", fmt(f.get("point")), interval,
                         fmt(f.get("p_above"), 3) if threshold is not None else "", mark,
                         fmt(s.get("abs_error"), 2), fmt(s.get("crps"), 2),
                         fmt(s.get("brier"), 3) if threshold is not None else ""])
    head = ["model", "point", "80% interval", "P(> X)", "inside 80%?", "abs error", "CRPS", "Brier"]
    return tag("div", tag("h3", f"#{r.seq} ", b.get("question", "")), definition_list(items),
               table(head, rows, numeric=(1, 2, 3, 5, 6, 7)), class_="record", id=f"record-{r.seq}")


def _calibration_html(recs: Sequence[Record]) -> Html:
    graded = sum(r.state == "graded" for r in recs)
    cal = calibration(recs)
    if cal is None:
        return tag("p", f"Not shown: {graded} sealed question{'s' if graded != 1 else ''} graded, "
                        f"at least {MIN_CALIBRATION} are needed.", class_="note")
    rows = []
    for m, c in cal.items():
        cov = [f"{c['inside'][name] / c['n']:.2f} (nominal {nom:.2f})" for name, _, _, nom in INTERVALS]
        rows.append([m, str(c["n"]), *cov, " / ".join(str(x) for x in c["pit"])])
    return table(["model", "graded", "inside 50%", "inside 80%", "inside 90%", "PIT in fifths (flat is calibrated)"],
                 rows, numeric=(1,))


def render(entries: Sequence[Entry], head: str, ledger_name: str) -> str:
    """The report page of ``entries`` (already verified or not: the caller says)."""
    recs = records(entries)
    groups = _groups(recs)
    s_seal, s_hind = summary(groups["seal"]), summary(groups["hindcast"])

    def counts(s: dict[str, Any], what: str) -> Html:
        return tag("p", f"{s['records']} {what}: {s['graded']} graded, {s['void']} void (kept, not scored), "
                        f"{s['open']} open.")

    body = join([
        tag("h1", "Forecast ledger"),
        definition_list([("ledger", ledger_name), ("entries", str(len(entries))), ("head", tag("code", head))]),
        tag("p", "Only a head hash published outside this ledger (a post, a commit, an email) can show that "
                 "its history was not rewritten later: check it with accord ledger verify --head HASH.",
            class_="note"),
        section("sealed-scores", "Sealed forecasts: scores per model", counts(s_seal, "sealed records"),
                _scores_table(s_seal)),
        section("calibration", "Calibration of sealed forecasts", _calibration_html(groups["seal"])),
        section("sealed", "Every sealed record", *([_record(r) for r in groups["seal"]] or
                                                   [tag("p", "None yet.", class_="note")])),
        section("hindcasts", "Hindcasts (forecasts for weeks already past; never scored with sealed ones)",
                counts(s_hind, "hindcasts"), _scores_table(s_hind),
                *[_record(r) for r in groups["hindcast"]]),
    ])
    return page("accord forecast ledger", body, css=CSS)


__all__ = ["MIN_CALIBRATION", "calibration", "esc", "render", "summary"]

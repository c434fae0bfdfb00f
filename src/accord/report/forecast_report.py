"""The forecast report: one self-contained HTML page for one :class:`~accord.forecast.Forecast`.

What the case brief asks an analyst to read, per issue: where each actor stands and why
(the quotes behind it), where each model expects the bargain to land (with an interval
where a Monte Carlo run supplied one), and how far apart the models are.

Sections, in order: header (scenario, digest, version, models), summary table, one
section per issue (scale, strip chart, rounds chart, intervals, actors with evidence,
statements), disagreements, assumptions, levers, sources. Optional sections read
``forecast.extra`` and are drawn only when present:

``intervals``
    ``{issue_id: {model: {"p025", "p10", "p50", "p90", "p975"}}}``, or the same mapping
    under ``"issues"`` beside metadata such as ``"draws"`` and ``"seed"``, or a Monte Carlo
    fragment (:meth:`accord.simulate.montecarlo.MonteCarloResult.to_json_fragment`) whose
    issues hold ``{"intervals": {model: {...}}, "p_above": ...}``.
``statements``
    a list of ``{"actor", "issue", "article", "sentence", "act", "hedged", ...}``
    (``text`` is read for ``sentence`` and ``source`` for ``article`` where those are
    missing), or ``{actor: {issue: [statement, ...]}}``.
``lever_effects``, ``sensitivity``
    each lever's shift per issue and the one-at-a-time tornado (:mod:`.whatmoves`).
``disagreements``
    a list of ``{"actor", "issue", "field", "builtin", "drafted", "note"}``, or
    ``{"items": [...], "summary": "..."}``: where the scenario drafted from the news
    differs from the built-in one.
``disputes``
    ``{"denials": [{"denial": statement, "denies": statement or None}], "quantity_conflicts":
    [{"measure", "unit", "sides": [{"article", "text", "value", "sentence"}, ...]}]}``
    (:func:`accord.news.disputes.collect`): where the sources disagree with each other.

The page and its header, contents, summary, assumptions, sources and footer are jinja2 templates
(``templates/*.j2``, autoescaped); the issue sections and SVG charts are built here.
``forecast.extra`` is read once into :class:`~accord.report.model.ReportInput`.

Same forecast, same bytes: nothing here reads the clock; pass ``generated`` to stamp one.
"""

from __future__ import annotations

import math

import numpy as np
from typing import Any, Iterable, Mapping, Sequence

from .. import __version__
from ..scenario.schema import Estimate, Evidence, Issue, Lever, Position, Scenario
from .html import (
    Html,
    anchor_id,
    badge,
    definition_list,
    esc,
    fmt,
    fmt_range,
    join,
    stylesheet,
    section,
    table,
    tag,
)
from .whatmoves import levers_block, sensitivity_block
from .svg import Series, StripActor, StripMarker, StripSpec, colour, line_chart, scale_strip

QUANTILES = ("p025", "p10", "p50", "p90", "p975")


def render_report(forecast: Any, *, generated: str | None = None) -> str:
    """The whole report as one HTML document (a string).

    ``forecast`` is a :class:`~accord.forecast.Forecast` (its ``extra`` read once into a
    :class:`~accord.report.model.ReportInput`) or a ``ReportInput``. The page is the
    template ``templates/report.html.j2`` (jinja2, autoescaped: only :class:`Html` built
    here passes unescaped); the charts are the SVG of :mod:`.svg`.
    """
    from .model import ReportInput

    inp = forecast if isinstance(forecast, ReportInput) else ReportInput.from_forecast(forecast, generated=generated)
    if generated is not None and inp.generated != generated:
        from dataclasses import replace

        inp = replace(inp, generated=generated)
    fc = inp.forecast
    sc: Scenario = fc.scenario
    colours = model_colours(fc.models)
    css = stylesheet()
    if "</" in css:  # a stylesheet cannot close its own <style> element
        raise ValueError("stylesheet contains '</'")
    assumed: dict[str, list[str]] = {}
    for p in sc.positions:
        if p.assumption:
            assumed.setdefault(p.actor, []).append(p.issue)
    keys: list[str] = []
    for s in sc.sources:
        for k in s:
            if str(k) not in keys:
                keys.append(str(k))
    return _templates().get_template("report.html.j2").render(
        lang="en",
        css=Html(css),
        scenario=sc,
        report=inp,
        version=__version__,
        sha256=scenario_sha256(sc),
        generated=inp.generated,
        anchor=anchor_id,
        has_disputes=_has_disputes(inp.disputes),
        header=header(fc, colours, inp.generated),
        summary=summary_section(inp),
        issues=[issue_section(inp, j, issue, colours) for j, issue in enumerate(sc.issues)],
        disagreements=disagreements_section(
            {"items": list(inp.disagreements), "summary": inp.disagreement_summary}, sc),
        disputes=disputes_section(inp.disputes, sc),
        assumed=[(sc.actor(a).name, issues) for a, issues in assumed.items()],
        assumed_count=sum(len(v) for v in assumed.values()),
        levers=levers_section(sc),
        source_keys=keys,
        source_rows=[[_value_text(s.get(k, "")) for k in keys] for s in sc.sources],
    ) + "\n"


_ENV = None


def _templates():
    """The jinja2 environment of ``accord/report/templates`` (autoescaped, strict)."""
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(loader=jinja2.PackageLoader("accord.report", "templates"),
                                  autoescape=True, undefined=jinja2.StrictUndefined,
                                  finalize=esc)  # html.escape, as every builder here escapes
    return _ENV


# -- pieces ------------------------------------------------------------------------------------


def model_colours(models: Sequence[str]) -> dict[str, str]:
    """One palette colour per model, in run order (the same model keeps its colour across issues)."""
    return {m: colour(i) for i, m in enumerate(models)}


def model_summary(name: str) -> str:
    from ..models import MODELS

    cls = MODELS.get(name)
    return getattr(cls, "summary", "") if cls is not None else ""


def scenario_sha256(sc: Scenario) -> str:
    from ..forecast import scenario_sha256 as digest

    return digest(sc)


def header(forecast: Any, colours: Mapping[str, str], generated: str | None = None) -> Html:
    sc: Scenario = forecast.scenario
    n_assumed = sum(p.assumption for p in sc.positions)
    facts = [
        f"scenario {sc.id}",
        *([f"as of {sc.date}"] if sc.date else []),
        f"{len(sc.actors)} actors",
        f"{len(sc.issues)} issues",
        f"{len(sc.positions)} positions ({n_assumed} assumptions)",
        f"{len(sc.levers)} levers",
    ]
    meta = [
        ("scenario sha256", tag("code", scenario_sha256(sc))),
        ("accord version", __version__),
    ]
    if forecast.seed is not None:
        meta.append(("seed", str(forecast.seed)))
    if generated:
        meta.append(("generated", generated))
    models = []
    for m in forecast.models:
        params = forecast.parameters.get(m, {}) or {}
        info = forecast.solutions[m].info or {}
        models.append({
            "name": m,
            "colour": colours[m],
            "summary": model_summary(m),
            "parameters": ", ".join(f"{k}={_short(v)}" for k, v in sorted(params.items())),
            "run": ", ".join(f"{k}={_short(v)}" for k, v in sorted(info.items()) if _scalar(v)),
        })
    # the markup is templates/header.html.j2
    return Html(_templates().get_template("header.html.j2").render(
        scenario=sc, facts=" · ".join(facts), meta=meta, models=models))


def summary_section(inp: Any) -> Html:
    """Issue x (status quo, each model) with the spread between models per issue."""
    forecast = inp.forecast
    sc: Scenario = forecast.scenario
    models = forecast.models
    intervals = inp.intervals
    rows = []
    for j, issue in enumerate(sc.issues):
        values = [_outcome(forecast, m, j) for m in models]
        cells = []
        for m, v in zip(models, values):
            iv = intervals.get(issue.id, {}).get(m)
            ok = iv and _finite(iv.get("p10")) and _finite(iv.get("p90"))
            cells.append({"value": fmt(v), "interval": f"{fmt(iv['p10'])}–{fmt(iv['p90'])}" if ok else ""})
        rows.append({"anchor": anchor_id("issue", issue.id), "name": issue.name, "id": issue.id,
                     "status_quo": fmt(issue.status_quo.value), "cells": cells, "spread": fmt(spread(values))})
    lo_hi = {f"{i.scale[0]:g}–{i.scale[1]:g}" for i in sc.issues}
    note = (
        f"Values on each issue's scale ({', '.join(sorted(lo_hi))}). Spread: the largest minus the smallest "
        "model forecast on the issue."
        + (" Small figures under a forecast: its p10–p90 interval over Monte Carlo draws." if intervals else "")
    )
    # the markup is templates/summary.html.j2
    return Html(_templates().get_template("summary.html.j2").render(
        numeric_headers=["status quo", *models, "spread (max − min)"], rows=rows, note=note))


def spread(values: Iterable[float]) -> float:
    """max - min over the finite values; NaN when there are none."""
    v = [x for x in values if _finite(x)]
    return max(v) - min(v) if v else float("nan")


def issue_section(inp: Any, j: int, issue: Issue, colours: Mapping[str, str]) -> Html:
    forecast = inp.forecast
    sc: Scenario = forecast.scenario
    intervals = inp.intervals.get(issue.id, {})
    parts: list[Any] = []
    if issue.description:
        parts.append(tag("p", issue.description))
    parts.append(scale_ends(issue))
    parts.append(tag("figure", issue_strip(forecast, j, issue, colours, intervals), strip_legend(bool(intervals)),
                     class_="strip"))
    parts.append(rounds_chart(forecast, j, issue, colours))
    parts.append(intervals_table(intervals, forecast.models))
    parts.append(predictive_block(forecast, j, issue))
    parts.append(levers_block(inp.lever_effects, sc, issue.id, forecast.models))
    parts.append(sensitivity_block(inp.sensitivity, issue.id))
    parts.append(tag("h3", "Actors"))
    parts.append(actor_table(sc, issue))
    parts.append(statements_block(statements_for(list(inp.statements), issue.id), sc))
    title = join((issue.name, " ", tag("code", issue.id, class_="id")))
    return section(anchor_id("issue", issue.id), title, *parts, class_="issue")


def scale_ends(issue: Issue) -> Html:
    """What the two ends of the scale mean, and the numbered anchors in between."""
    lo, hi = issue.scale
    ends = tag(
        "div",
        tag("div", tag("b", fmt(lo, 0) if float(lo).is_integer() else fmt(lo)), " ",
            issue.low or tag("span", "(not described)", class_="muted"), class_="end low"),
        tag("div", issue.high or tag("span", "(not described)", class_="muted"), " ",
            tag("b", fmt(hi, 0) if float(hi).is_integer() else fmt(hi)), class_="end high"),
        class_="ends",
    )
    if not issue.anchors:
        return ends
    items = [(_num_label(k), v) for k, v in sorted(issue.anchors.items())]
    return ends + tag("details", tag("summary", f"Anchors on the scale ({len(items)})"),
                      definition_list(items, class_="anchors"), open=True)


def issue_strip(
    forecast: Any, j: int, issue: Issue, colours: Mapping[str, str], intervals: Mapping[str, Mapping[str, float]]
) -> Html:
    sc: Scenario = forecast.scenario
    actors = []
    for p in _positions_on(sc, issue.id):
        a = sc.actor(p.actor)
        cap = a.capability_by_issue.get(issue.id, a.capability)
        actors.append(StripActor(a.name, p.position.value, p.position.low, p.position.high,
                                 cap.value * p.salience.value, p.assumption))
    markers = [
        StripMarker(m, _outcome(forecast, m, j), colours[m], intervals.get(m))
        for m in forecast.models
    ]
    sq = issue.status_quo
    spec = StripSpec(
        title=f"{issue.name}: actor positions, status quo and model forecasts",
        scale=issue.scale,
        actors=actors,
        markers=markers,
        status_quo=(sq.value, sq.low, sq.high),
        anchors=tuple(issue.anchors),
    )
    return scale_strip(spec)


def strip_legend(with_intervals: bool) -> Html:
    text = (
        "Rows: each model's forecast (coloured tick, carried down as a thin line), the status quo (◆, dashed), "
        "then each actor sorted by position. Circle area ∝ capability × salience; faint bar: the range of the "
        "position; dashed pale circle: the position is an assumption. Open circles on the axis: anchors."
    )
    if with_intervals:
        text += " Whiskers: Monte Carlo p10–p90 (thick) and p2.5–p97.5 (thin), open dot the median."
    return tag("figcaption", text)


def rounds_chart(forecast: Any, j: int, issue: Issue, colours: Mapping[str, str]) -> Html:
    """The weighted median after each round, for models that have rounds (``Solution.rounds``)."""
    from ..forecast import rounds_run, stop_info
    from ..models.base import weighted_median

    series = []
    stops = []
    start = None
    for m in forecast.models:
        sol = forecast.solutions[m]
        if sol.rounds is None:
            continue
        if start is None:  # round 0: the weighted median of the positions as given
            inputs = forecast.scenario.inputs()
            start = float(weighted_median(inputs.position, inputs.weight)[j])
        first = (sol.info or {}).get("summary_start")  # a model whose summary is another (smp)
        first = start if first is None or np.ndim(first) != 1 else float(first[j])
        # only the rounds run (a cell that stopped early is padded in ``rounds``)
        col = [first] + [float(v) for v in list(sol.rounds[: rounds_run(sol, j), j])]
        series.append(Series(m, col, colours[m]))
        st = stop_info(sol, j)
        if st:
            why = {"moved_lt_tol": "no actor moved any more", "median_stable_k": "the median stayed put",
                   "cycle": "the positions came back to an earlier round's: a cycle, forecast its mean",
                   "max_rounds": "the round limit was reached without settling",
                   "fixed_rounds": "the number of rounds asked for"}.get(st["reason"], st["reason"])
            rng = (f" (range {fmt(st['cycle_range'][0])}–{fmt(st['cycle_range'][1])})"
                   if "cycle_range" in st else "")
            stops.append(f"{m}: stopped after {st['rounds_run']} rounds, {why}{rng}.")
    if not series:
        return Html("")
    chart = line_chart(
        series,
        title=f"{issue.name}: each model's forecast by round",
        x_label="round (0 = the scenario as given)",
        references=[("status quo", issue.status_quo.value)],
    )
    from ..forecast import SUMMARIES

    what = "; ".join(f"{m}: {SUMMARIES[forecast.solutions[m].info['summary']]}" for m in forecast.models
                     if forecast.solutions[m].rounds is not None and (forecast.solutions[m].info or {}).get("summary") in SUMMARIES)
    return tag("figure", chart, tag("figcaption", "Each model's forecast after each round of the models that run rounds "
                                    "(the capability × salience weighted median of the actors' positions unless said"
                                    + (f": {what}" if what else "") + "). " + " ".join(stops)),
               class_="rounds")


def predictive_block(forecast: Any, j: int, issue: Issue) -> Html:
    """Each model's split-conformal 80% predictive interval (its error on DEU III),
    labelled apart from the Monte Carlo intervals, which cover only the inputs."""
    from ..forecast import predictive

    pred = predictive(forecast.solutions, j, issue.scale)
    if not pred:
        return Html("")
    items = "; ".join(f"{m} {fmt(v['0.80'][0])}–{fmt(v['0.80'][1])}" for m, v in pred.items() if "0.80" in v)
    return tag("p", "Predictive 80% interval (the model's own error on the DEU III train+dev issues, split-conformal; "
                    "not the inputs' ranges): ", items, ".", class_="note predictive")


def intervals_of(raw: Any) -> dict[str, dict[str, dict[str, float]]]:
    """``forecast.extra["intervals"]`` normalised to ``{issue: {model: {quantile: value}}}``."""
    if not isinstance(raw, Mapping):
        return {}
    issues = raw.get("issues")
    src = issues if isinstance(issues, Mapping) else raw
    out: dict[str, dict[str, dict[str, float]]] = {}
    for issue, per_model in src.items():
        if not isinstance(per_model, Mapping):
            continue
        if isinstance(per_model.get("intervals"), Mapping):  # a Monte Carlo fragment's issue entry
            per_model = per_model["intervals"]
        for model, q in per_model.items():
            if isinstance(q, Mapping):
                vals = {k: float(q[k]) for k in QUANTILES if _finite(q.get(k))}
                if vals:
                    out.setdefault(str(issue), {})[str(model)] = vals
    return out


def intervals_table(intervals: Mapping[str, Mapping[str, float]], models: Sequence[str]) -> Html:
    if not intervals:
        return Html("")
    order = [m for m in models if m in intervals] + sorted(m for m in intervals if m not in models)
    rows = [[m, *(fmt(intervals[m].get(q)) for q in QUANTILES)] for m in order]
    return tag(
        "details",
        tag("summary", "Monte Carlo intervals"),
        table(("model", "p2.5", "p10", "p50", "p90", "p97.5"), rows, numeric=range(1, 6), class_="compact"),
        class_="intervals",
    )


def actor_table(sc: Scenario, issue: Issue) -> Html:
    """Position, salience, capability and the evidence behind each actor's position on ``issue``."""
    rows = []
    for p in _positions_on(sc, issue.id):
        a = sc.actor(p.actor)
        cap = a.capability_by_issue.get(issue.id, a.capability)
        who = tag("b", a.name) + Html("<br>") + tag("code", a.id, class_="id")
        if p.assumption:
            who = who + Html("<br>") + badge("assumption", "warn")
        rows.append((
            who,
            estimate_cell(p.position),
            estimate_cell(p.salience, digits=2),
            estimate_cell(cap, digits=2) + (Html("<br>") + tag("span", "on this issue", class_="muted")
                                           if issue.id in a.capability_by_issue else Html("")),
            evidence_block(p),
        ))
    if not rows:
        return tag("p", "No actor has a position on this issue.", class_="muted")
    return table(("actor", "position", "salience", "capability", "evidence and note"), rows,
                 numeric=(1, 2, 3), class_="actors")


def estimate_cell(e: Estimate, digits: int = 1) -> Html:
    out = tag("span", fmt(e.value, digits), class_="v")
    rng = fmt_range(e.low, e.high, digits)
    if rng:
        out = out + Html("<br>") + tag("span", rng, class_="rng", title=f"range ({e.dist})")
    return out


def evidence_list(evidence: Sequence[Evidence]) -> Html:
    parts = []
    for ev in evidence:
        if ev.quote:
            cite = tag("cite", ev.source) if ev.source else Html("")
            parts.append(tag("blockquote", tag("q", ev.quote), cite, class_="quote"))
        elif ev.source:
            parts.append(tag("p", "source: ", tag("cite", ev.source), class_="src"))
        if ev.statements:
            parts.append(tag("p", "statements: ", ", ".join(ev.statements), class_="stmts muted"))
    return join(parts)


def evidence_block(p: Position) -> Html:
    parts: list[Any] = [evidence_list(p.evidence)]
    if not p.evidence:
        parts.append(tag("p", "no evidence cited", class_="muted"))
    for label, e in (("position", p.position), ("salience", p.salience)):
        if e.basis:
            parts.append(tag("p", tag("span", f"{label} basis: ", class_="muted"), e.basis, class_="basis"))
    if p.note:
        parts.append(tag("p", tag("span", "note: ", class_="muted"), p.note, class_="note"))
    return join(parts)


# -- statements (extra) ------------------------------------------------------------------------


def statements_for(raw: Any, issue_id: str) -> list[Mapping[str, Any]]:
    """The statements in ``forecast.extra["statements"]`` about ``issue_id``, in the order given."""
    items: list[Mapping[str, Any]] = []
    if isinstance(raw, Mapping):
        for actor, per_issue in raw.items():
            if isinstance(per_issue, Mapping):
                for s in per_issue.get(issue_id, []) or []:
                    if isinstance(s, Mapping):
                        items.append({"actor": actor, "issue": issue_id, **s})
    elif isinstance(raw, (list, tuple)):
        items = [s for s in raw if isinstance(s, Mapping) and s.get("issue") == issue_id]
    return items


def statements_block(items: Sequence[Mapping[str, Any]], sc: Scenario) -> Html:
    if not items:
        return Html("")
    names = {a.id: a.name for a in sc.actors}
    rows = []
    for s in items:
        actor = str(s.get("actor", ""))
        hedged = s.get("hedged")
        sentence = s.get("sentence", s.get("text", ""))
        article = s.get("article", s.get("source", ""))
        extra = [str(s[k]) for k in ("date",) if s.get(k)]
        rows.append((
            tag("b", names.get(actor, actor)),
            str(s.get("act", "")),
            badge("hedged", "warn") if hedged else ("no" if hedged is not None else "–"),
            tag("q", sentence) if sentence else "–",
            join((tag("cite", article), *(Html("<br>") + tag("span", e, class_="muted") for e in extra))),
        ))
    n_actors = len({str(s.get("actor", "")) for s in items})
    return tag(
        "details",
        tag("summary", f"Statements read from the news: {len(items)} by {n_actors} actor{'s' if n_actors != 1 else ''}"),
        table(("actor", "act", "hedged", "sentence", "article"), rows, class_="statements"),
        class_="statements",
        open=len(items) <= 20,
    )


# -- disagreements (extra) ---------------------------------------------------------------------


def disagreements_section(raw: Any, sc: Scenario | None = None) -> Html:
    """Where the scenario drafted from the news differs from the built-in one."""
    summary = ""
    items: Any = raw
    if isinstance(raw, Mapping):
        summary = str(raw.get("summary", "") or "")
        items = raw.get("items", [])
    if not isinstance(items, (list, tuple)) or not (items or summary):
        return Html("")
    names = {a.id: a.name for a in sc.actors} if sc is not None else {}
    rows = []
    for d in items:
        if not isinstance(d, Mapping):
            continue
        built, drafted = d.get("builtin"), d.get("drafted")
        b, dr = _finite_float(built), _finite_float(drafted)
        diff = dr - b if b is not None and dr is not None else None
        rows.append((
            names.get(str(d.get("actor", "")), str(d.get("actor", ""))),
            tag("code", str(d.get("issue", ""))),
            str(d.get("field", "")),
            _value_text(built),
            _value_text(drafted),
            (("+" if diff > 0 else "") + fmt(diff)) if diff is not None else "–",
            str(d.get("note", "") or ""),
        ))
    parts: list[Any] = []
    if summary:
        parts.append(tag("p", summary))
    parts.append(tag("p", "Where the scenario drafted from the news differs from the built-in scenario.",
                     class_="note"))
    if rows:
        parts.append(table(("actor", "issue", "field", "built-in", "drafted from news", "difference", "note"), rows,
                           numeric=(3, 4, 5), class_="disagreements"))
    return section("disagreements", "News vs built-in scenario", *parts)


# -- disputes (extra) --------------------------------------------------------------------------


def _has_disputes(raw: Any) -> bool:
    return isinstance(raw, Mapping) and any(
        isinstance(raw.get(k), (list, tuple)) and raw.get(k) for k in ("denials", "quantity_conflicts"))


def _who(s: Mapping[str, Any], names: Mapping[str, str]) -> Html:
    actor = str(s.get("actor") or "")
    who = join((tag("b", names.get(actor, actor) or str(s.get("speaker", "") or "–")),))
    if actor and s.get("speaker"):
        who = join((who, tag("span", f" ({s.get('speaker')})", class_="muted")))
    if s.get("reported_by"):
        who = join((who, Html("<br>"), tag("span", f"reported by {s.get('reported_by')}", class_="muted")))
    return who


def disputes_section(raw: Any, sc: Scenario | None = None) -> Html:
    """Where the sources disagree with each other: denials beside what they deny, and
    quantities of one measure that differ across articles. Every text is escaped."""
    if not _has_disputes(raw):
        return Html("")
    names = {a.id: a.name for a in sc.actors} if sc is not None else {}
    parts: list[Any] = [tag("p", "Both sides are kept: a denial points at the report it denies; quantities that "
                                 "differ are shown with their articles.", class_="note")]
    rows: list[tuple[str, ...]] = []  # each cell plain text or Html
    for d in raw.get("denials") or ():
        den, tgt = (d.get("denial"), d.get("denies")) if isinstance(d, Mapping) else (None, None)
        if not isinstance(den, Mapping):
            continue
        tgt = tgt if isinstance(tgt, Mapping) else {}
        rows.append((
            _who(den, names),
            tag("q", str(den.get("text", "") or "")),
            tag("cite", str(den.get("article", "") or "")),
            _who(tgt, names) if tgt else "–",
            tag("q", str(tgt.get("text", "") or "")) if tgt else "not in the store",
            tag("cite", str(tgt.get("article", "") or "")) if tgt else "–",
        ))
    if rows:
        parts.append(tag("h3", "Denials"))
        parts.append(table(("who denies", "denial", "article", "whose report", "what it denies", "article"), rows,
                           class_="disputes"))
    rows = []
    for c in raw.get("quantity_conflicts") or ():
        if not isinstance(c, Mapping):
            continue
        for k, side in enumerate(c.get("sides") or ()):
            if not isinstance(side, Mapping):
                continue
            rows.append((
                str(c.get("measure", "")) if k == 0 else "",
                str(c.get("unit", "")) if k == 0 else "",
                tag("b", str(side.get("text", "") or "")),
                _value_text(side.get("value")),
                tag("q", str(side.get("sentence", "") or "")),
                tag("cite", str(side.get("article", "") or "")),
            ))
    if rows:
        parts.append(tag("h3", "Quantities that differ across articles"))
        parts.append(table(("measure", "unit", "as written", "value", "sentence", "article"), rows,
                           numeric=(3,), class_="disputes"))
    return section("disputes", "Where the sources disagree", *parts)


# -- scenario-wide sections --------------------------------------------------------------------


def levers_section(sc: Scenario) -> Html:
    if not sc.levers:
        return Html("")
    return section("levers", "Levers", tag("p", "What-ifs the scenario defines; each changes the inputs as listed.",
                                          class_="note"), join(lever_block(lv, sc) for lv in sc.levers))


def lever_block(lv: Lever, sc: Scenario) -> Html:
    names = {a.id: a.name for a in sc.actors}
    effects = []
    for e in lv.effects:
        who = names.get(e.actor, e.actor) if e.actor else "every actor"
        where = e.issue if e.issue else "every issue"
        amount = fmt(e.amount.value, 2)
        rng = fmt_range(e.amount.low, e.amount.high, 2)
        verb = {"set": "set to", "shift": "shift by", "scale": "scale by"}.get(e.op, e.op)
        effects.append(tag("li", f"{e.target} of {who} on {where}: {verb} {amount}" + (f" (range {rng})" if rng else "")))
    head = tag("h3", tag("code", lv.id), " ", badge("assumption", "warn") if lv.assumption else "")
    return tag("div", head, tag("p", lv.description), tag("ul", join(effects), class_="effects"),
               evidence_list(lv.evidence), class_="lever")


def _positions_on(sc: Scenario, issue_id: str) -> list[Position]:
    ps = [p for p in sc.positions if p.issue == issue_id]
    order = {a: i for i, a in enumerate(sc.actor_ids)}
    return sorted(ps, key=lambda p: (p.position.value, order[p.actor]))


def _outcome(forecast: Any, model: str, j: int) -> float:
    out = forecast.solutions[model].outcome
    try:
        return float(out[..., j]) if getattr(out, "ndim", 1) == 1 else float("nan")
    except (IndexError, TypeError, ValueError):
        return float("nan")


def _finite_float(v: Any) -> float | None:
    """``v`` as a float where :func:`_finite` holds, else None."""
    return float(v) if _finite(v) else None


def _finite(v: Any) -> bool:
    try:
        return v is not None and not isinstance(v, bool) and math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _scalar(v: Any) -> bool:
    return isinstance(v, (int, float, str, bool)) or v is None


def _short(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    s = str(v)
    return s if len(s) <= 40 else s[:39] + "…"


def _value_text(v: Any) -> str:
    if _finite(v):
        return fmt(v)
    if isinstance(v, (list, tuple)):
        return ", ".join(str(x) for x in v)
    return "" if v is None else str(v)


def _num_label(x: float) -> str:
    return fmt(x, 0) if float(x).is_integer() else f"{x:g}"

"""Typed results of the Python API (:mod:`accord.api`): one per command.

Each wraps the stage's own result (kept as ``.result``) and adds what a notebook user
needs: ``.to_frame()`` (a labelled pandas DataFrame), ``.to_dict()`` (the command's
``--json`` document, byte for byte the same data), a short ``__repr__``, ``_repr_html_``
(escaped: scenario names and ids are hostile text) and, where a picture helps,
``.plot()`` returning a :class:`Figure` (SVG built by :mod:`accord.report.svg`).

pandas is imported only inside ``to_frame``/``_repr_html_``: importing this module runs
nothing up.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # pragma: no cover
    from .models.exchange import ExchangeResult
    from .scenario import Scenario
    from .simulate.clock import ClockResult
    from .simulate.montecarlo import MonteCarloResult
    from .simulate.sensitivity import SensitivityResult
    from .simulate.whatif import WhatIfResult

QUANTILE_NAMES = ("p025", "p10", "p50", "p90", "p975")
_VIEWBOX = re.compile(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"')


@dataclass(frozen=True)
class Figure:
    """One or more SVG charts stacked into one SVG document.

    Jupyter shows it through ``_repr_svg_``; :meth:`save` writes it to a file.
    """

    parts: tuple[str, ...]
    title: str = ""

    @property
    def svg(self) -> str:
        """The charts as one standalone SVG document (each chart a nested ``<svg>``)."""
        width, y, body = 0.0, 0.0, []
        for part in self.parts:
            m = _VIEWBOX.search(part)
            w, h = (float(m.group(1)), float(m.group(2))) if m else (520.0, 220.0)
            body.append(part.replace("<svg ", f'<svg x="0" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" ', 1))
            width, y = max(width, w), y + h + 8
        height = max(y - 8, 0.0)
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.1f}" height="{height:.1f}" '
                f'viewBox="0 0 {width:.1f} {height:.1f}" font-family="sans-serif" font-size="12">'
                f"<title>{_html.escape(self.title)}</title>{''.join(body)}</svg>")

    def _repr_svg_(self) -> str:
        return self.svg

    def save(self, path: Any) -> None:
        from pathlib import Path

        Path(path).write_text(self.svg, encoding="utf-8")

    def __repr__(self) -> str:
        return f"<Figure {self.title!r}: {len(self.parts)} chart(s)>"


def _frame_html(title: str, frame: Any, note: str = "") -> str:
    """A heading (escaped) above a DataFrame's HTML (pandas escapes cells)."""
    head = f"<p><b>{_html.escape(title)}</b>" + (f"<br><small>{_html.escape(note)}</small>" if note else "") + "</p>"
    return head + frame.to_html(float_format=lambda v: f"{v:.2f}", na_rep="–", escape=True)


def strip_figure(scenario: "Scenario", markers_by_issue: dict[str, list], title: str,
                 issues: Sequence[str] | None = None) -> Figure:
    """One scale strip per issue: actors, status quo and the given model markers."""
    from .report.svg import StripActor, StripSpec, scale_strip

    parts = []
    for issue in scenario.issues:
        if issues is not None and issue.id not in issues:
            continue
        actors = []
        order = {a: i for i, a in enumerate(scenario.actor_ids)}
        on = sorted((p for p in scenario.positions if p.issue == issue.id),
                    key=lambda p: (p.position.value, order[p.actor]))
        for p in on:
            a = scenario.actor(p.actor)
            cap = a.capability_by_issue.get(issue.id, a.capability)
            actors.append(StripActor(a.name, p.position.value, p.position.low, p.position.high,
                                     cap.value * p.salience.value, p.assumption))
        sq = issue.status_quo
        parts.append(str(scale_strip(StripSpec(
            title=f"{issue.name}: {title}", scale=issue.scale, actors=actors,
            markers=markers_by_issue.get(issue.id, []), status_quo=(sq.value, sq.low, sq.high),
            anchors=tuple(issue.anchors)))))
    return Figure(tuple(parts), f"{scenario.name}: {title}")


# -- forecast ------------------------------------------------------------------------------------


def forecast_repr(fc: Any) -> str:
    sc = fc.scenario
    extra = f", {fc.extra['intervals'].get('draws')} draws" if isinstance(fc.extra.get("intervals"), dict) else ""
    return (f"<Forecast {sc.id!r}: {len(sc.issues)} issues x {len(fc.models)} models "
            f"({', '.join(fc.models)}){extra}>")


def forecast_html(fc: Any) -> str:
    return _frame_html(f"{fc.scenario.name}: forecast per issue", fc.to_frame(),
                       "status quo and each model's forecast, on each issue's scale")


def forecast_plot(fc: Any, issues: Sequence[str] | None = None) -> Figure:
    from .report.forecast_report import intervals_of, model_colours
    from .report.svg import StripMarker

    colours = model_colours(fc.models)
    ivs = intervals_of(fc.extra.get("intervals"))
    markers = {
        issue.id: [StripMarker(m, float(fc.solutions[m].outcome[j]), colours[m], ivs.get(issue.id, {}).get(m))
                   for m in fc.models]
        for j, issue in enumerate(fc.scenario.issues)
    }
    return strip_figure(fc.scenario, markers, "positions and model forecasts", issues)


# -- Monte Carlo ---------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Intervals:
    """Monte Carlo over every uncertain input (``accord forecast --draws``)."""

    result: "MonteCarloResult"

    @property
    def draws(self) -> int:
        return self.result.draws

    @property
    def seed(self) -> int:
        return self.result.seed

    @property
    def models(self) -> list[str]:
        return self.result.models

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_json_fragment()

    def to_frame(self):
        """Rows (issue, model); columns the quantiles p025..p975 and P(> x) per threshold."""
        import pandas as pd

        r = self.result
        rows, index = [], []
        for j, iid in enumerate(r.scenario.issue_ids):
            for m in r.models:
                q = r.quantiles[m]
                row = {name: float(q[name][j]) for name in QUANTILE_NAMES}
                for x in r.above:
                    row[f"P(>{x:g})"] = float(r.p_above(m, x)[j])
                rows.append(row)
                index.append((iid, m))
        frame = pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["issue", "model"]))
        frame.columns.name = "quantile"
        return frame

    def __repr__(self) -> str:
        r = self.result
        return (f"<Intervals {r.scenario.id!r}: {r.draws} draws, seed {r.seed}, "
                f"{len(r.scenario.issues)} issues x {len(r.models)} models>")

    def _repr_html_(self) -> str:
        return _frame_html(f"{self.result.scenario.name}: Monte Carlo intervals", self.to_frame(),
                           f"{self.draws} draws, seed {self.seed}")

    def plot(self, issues: Sequence[str] | None = None) -> Figure:
        """Each issue's strip with every model's median and its p10-p90 / p2.5-p97.5 whiskers."""
        from .report.forecast_report import model_colours
        from .report.svg import StripMarker

        r = self.result
        colours = model_colours(r.models)
        markers = {
            iid: [StripMarker(m, float(r.quantiles[m]["p50"][j]), colours[m],
                              {k: float(r.quantiles[m][k][j]) for k in QUANTILE_NAMES}) for m in r.models]
            for j, iid in enumerate(r.scenario.issue_ids)
        }
        return strip_figure(r.scenario, markers, f"Monte Carlo medians and intervals ({r.draws} draws)", issues)


# -- what-if -------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class WhatIf:
    """Each issue's forecast per model without and with a set of levers (``accord whatif``)."""

    result: "WhatIfResult"

    @property
    def scenario(self) -> "Scenario":
        return self.result.scenario

    @property
    def levers(self) -> tuple[str, ...]:
        return self.result.levers

    @property
    def models(self) -> tuple[str, ...]:
        return self.result.models

    @property
    def without(self) -> dict[str, tuple[float, ...]]:
        """model -> the forecast per issue without the levers"""
        return self.result.without

    @property
    def with_levers(self) -> dict[str, tuple[float, ...]]:
        """model -> the forecast per issue with the levers on"""
        return self.result.with_levers

    def shift(self, model: str, issue: str) -> float:
        return self.result.shift(model, issue)

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict()

    def to_frame(self):
        """Rows (issue, model); columns without, with, shift."""
        import pandas as pd

        rows, index = [], []
        for j, iid in enumerate(self.scenario.issue_ids):
            for m in self.models:
                b, w = self.without[m][j], self.with_levers[m][j]
                rows.append({"without": b, "with": w, "shift": w - b})
                index.append((iid, m))
        return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["issue", "model"]))

    def __repr__(self) -> str:
        return (f"<WhatIf {self.scenario.id!r}: levers {', '.join(self.levers)}; "
                f"{len(self.scenario.issues)} issues x {len(self.models)} models>")

    def _repr_html_(self) -> str:
        return _frame_html(f"{self.scenario.name}: what if {' + '.join(self.levers)}", self.to_frame())

    def plot(self, issues: Sequence[str] | None = None) -> Figure:
        """Each issue's strip with each model's forecast without (pale) and with the levers."""
        from .report.forecast_report import model_colours
        from .report.svg import StripMarker

        colours = model_colours(list(self.models))
        markers = {
            iid: [m for name in self.models for m in (
                StripMarker(f"{name} without", self.without[name][j], "#9ca3af"),
                StripMarker(f"{name} with", self.with_levers[name][j], colours[name]))]
            for j, iid in enumerate(self.scenario.issue_ids)
        }
        return strip_figure(self.scenario, markers, f"without and with {' + '.join(self.levers)}", issues)


# -- sensitivity ---------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Sensitivity:
    """A tornado per issue and, where sampled, Sobol' indices (``accord sensitivity``)."""

    result: "SensitivityResult"
    top: int = 10

    @property
    def model(self) -> str:
        return self.result.model

    def to_dict(self, top: int | None = None) -> dict[str, Any]:
        return self.result.to_dict(top=top or self.top)

    def to_frame(self):
        """Rows (issue, input), largest swing first; columns low, high, at_low, at_high,
        swing, assumption and, where computed, first_order and total Sobol' indices."""
        import pandas as pd

        r = self.result
        rows, index = [], []
        for j, iid in enumerate(r.scenario.issue_ids):
            where = {s.label: i for i, s in enumerate(r.specs)}
            for b in r.tornado[iid]:
                row: dict[str, Any] = {"low": b.spec.estimate.low, "high": b.spec.estimate.high,
                                       "at_low": b.at_low, "at_high": b.at_high, "swing": b.swing,
                                       "assumption": b.spec.assumption}
                if iid in r.first_order and b.spec.label in where:
                    row["first_order"] = float(r.first_order[iid][where[b.spec.label]])
                    row["total"] = float(r.total[iid][where[b.spec.label]])
                rows.append(row)
                index.append((iid, b.spec.label))
        return pd.DataFrame(rows, index=pd.MultiIndex.from_tuples(index, names=["issue", "input"]))

    def __repr__(self) -> str:
        r = self.result
        return (f"<Sensitivity {r.scenario.id!r}: model {r.model}, {len(r.specs)} uncertain inputs, "
                f"{r.samples} Sobol' samples, seed {r.seed}>")

    def _repr_html_(self) -> str:
        return _frame_html(f"{self.result.scenario.name}: what moves the {self.model} forecast",
                           self.to_frame().groupby(level="issue", sort=False).head(5),
                           "the five inputs with the largest swing per issue")

    def plot(self, issue: str | None = None, top: int = 8) -> Figure:
        """A tornado for one issue (default: the first): the forecast at each input's low
        and high end, drawn as a line per input over (low, high)."""
        from .report.svg import Series, colour, line_chart

        r = self.result
        iid = issue or r.scenario.issue_ids[0]
        j = r.scenario.issue_ids.index(iid)
        bars = r.tornado[iid][:top]
        series = [Series(b.spec.label, [b.at_low, b.at_high], colour(i)) for i, b in enumerate(bars)]
        chart = line_chart(series, title=f"{iid}: {r.model} forecast with each input at its low (0) and high (1) end",
                           x_label="input at its low end (0), its high end (1)",
                           references=[("forecast", float(r.base[j]))], width=640.0)
        return Figure((str(chart),), f"{r.scenario.name}: tornado on {iid}")


# -- clock ---------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Clock:
    """Bargaining while fighting, month by month (``accord clock``)."""

    result: "ClockResult"

    def to_dict(self) -> dict[str, Any]:
        return self.result.to_dict()

    def to_frame(self):
        """Rows: month (1..M); columns p_deal (by then), expected_terms and the median
        line among the draws still fighting."""
        import pandas as pd

        r = self.result
        data = {"p_deal": [float(v) for v in r.p_deal_by], "expected_terms": [float(v) for v in r.terms_by]}
        line = getattr(r, "line_by", None)
        if line is not None:
            data["median_line_fighting"] = [float(v) for v in line]
        return pd.DataFrame(data, index=pd.RangeIndex(1, r.months + 1, name="month"))

    def __repr__(self) -> str:
        r = self.result
        return (f"<Clock {r.scenario.id!r}: issue {r.config.issue}, {r.months} months, {r.draws} draw(s), "
                f"P(deal by month {r.months}) {float(r.p_deal_by[-1]):.3f}>")

    def _repr_html_(self) -> str:
        r = self.result
        return _frame_html(f"{r.scenario.name}: bargaining clock on {r.config.issue}", self.to_frame(),
                           f"{r.draws} draw(s)" + (f", seed {r.seed}" if r.seed is not None else ""))

    def plot(self) -> Figure:
        from .report.svg import Series, colour, line_chart

        r = self.result
        p = line_chart([Series("P(deal by then)", [float(v) for v in r.p_deal_by], colour(0))],
                       title="probability of a deal by each month", x_label="month", y_range=(0.0, 1.0),
                       x_start=1)
        t = line_chart([Series("expected terms", [float(v) for v in r.terms_by], colour(1))],
                       title="expected terms of a deal struck by then", x_label="month", x_start=1,
                       references=[("status quo", r.scenario.issue(r.config.issue).status_quo.value)])
        return Figure((str(p), str(t)), f"{r.scenario.name}: bargaining clock")


# -- trades --------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Trades:
    """Issue trades of the exchange model (``accord trades``)."""

    scenario: "Scenario"
    result: "ExchangeResult"

    def to_dict(self) -> dict[str, Any]:
        return {"scenario": self.scenario.id, **self.result.to_dict()}

    def to_frame(self):
        """One row per realised trade: round, who gives on which issue, how far, the gain."""
        import pandas as pd

        cols = ["round", "actor_a", "gives_on", "move_a", "actor_b", "gives_back_on", "move_b", "gain"]
        return pd.DataFrame([{k: e.to_dict()[k] for k in cols} for e in self.result.exchanges], columns=cols)

    def outcomes(self):
        """Rows: issue; columns outcome_before and outcome_after the trades."""
        import pandas as pd

        r = self.result
        return pd.DataFrame({"outcome_before": [float(v) for v in r.outcome_before],
                             "outcome_after": [float(v) for v in r.outcome_after]},
                            index=pd.Index(list(r.issues), name="issue"))

    def __repr__(self) -> str:
        return f"<Trades {self.scenario.id!r}: {len(self.result.exchanges)} trades in {self.result.rounds} round(s)>"

    def _repr_html_(self) -> str:
        return _frame_html(f"{self.scenario.name}: outcomes before and after "
                           f"{len(self.result.exchanges)} trades", self.outcomes())


# -- ingest --------------------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Ingested:
    """What ``accord ingest`` did: counts per status, the inputs not read and why."""

    db: str
    result: Any  # accord.news.ingest.RunResult

    @property
    def counts(self) -> dict[str, int]:
        return dict(self.result.counts)

    def to_frame(self):
        """One row per input that was not simply read: input, status, reason, article."""
        import pandas as pd

        return pd.DataFrame([{"input": o.input, "status": o.status, "reason": o.reason, "article": o.article}
                             for o in self.result.outcomes], columns=["input", "status", "reason", "article"])

    def __repr__(self) -> str:
        counts = ", ".join(f"{v} {k}" for k, v in sorted(self.counts.items()))
        return f"<Ingested into {self.db!r}: {counts or 'nothing'}; {self.result.statements} statements>"

    def _repr_html_(self) -> str:
        import pandas as pd

        frame = pd.DataFrame({"inputs": self.counts}).rename_axis("status")
        return _frame_html(f"ingested into {self.db}", frame)


@dataclass(repr=False)
class Pipeline:
    """The whole news-to-forecast run (``accord run``): what was ingested, the drafted
    scenario, its statements and disagreements with the reference, and the forecast
    (whose ``extra`` carries them for the report)."""

    ingested: Ingested
    scenario: "Scenario"
    forecast: Any
    statements: list[dict] = field(default_factory=list)
    disagreements: list[dict] = field(default_factory=list)

    def to_frame(self):
        return self.forecast.to_frame()

    def __repr__(self) -> str:
        n = sum(not p.assumption for p in self.scenario.positions)
        return (f"<Pipeline {self.scenario.id!r}: {len(self.statements)} statements, {n} of "
                f"{len(self.scenario.positions)} positions drafted, {len(self.disagreements)} disagreements>")

    def _repr_html_(self) -> str:
        return forecast_html(self.forecast)

    def plot(self, issues: Sequence[str] | None = None) -> Figure:
        return forecast_plot(self.forecast, issues)

"""The report's typed input, and the report itself as a result of the Python API.

``forecast.extra`` accepts several shapes per key (see :mod:`.forecast_report`); they are
read once here into :class:`ReportInput`, whose fields each have one shape, and the
templates read only those fields.
"""

from __future__ import annotations

import html as _html
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

#: one statement read from the news, as the report shows it
Statement = Mapping[str, Any]


@dataclass(frozen=True, repr=False)
class ReportInput:
    """Everything one report shows, each part in one shape.

    ``intervals``: ``{issue id: {model: {quantile: value}}}`` (quantiles p025, p10, p50,
    p90, p975); ``draws``/``seed``: the Monte Carlo run behind them (None: none);
    ``lever_effects``: ``{lever id: {issue id: {model: shift or None}}}``;
    ``sensitivity``: the tornado document (:meth:`SensitivityResult.to_dict`) or None;
    ``statements``: flat, each with ``actor`` and ``issue``; ``disagreements``: rows
    ``{actor, issue, field, builtin, drafted, note}`` and their ``disagreement_summary``;
    ``disputes``: ``{"denials": [...], "quantity_conflicts": [...]}`` or None.
    """

    forecast: Any  # accord.forecast.Forecast
    intervals: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    draws: int | None = None
    seed: int | None = None
    lever_effects: dict[str, Any] = field(default_factory=dict)
    sensitivity: Mapping[str, Any] | None = None
    statements: tuple[Statement, ...] = ()
    disagreements: tuple[Mapping[str, Any], ...] = ()
    disagreement_summary: str = ""
    disputes: Mapping[str, Any] | None = None
    generated: str | None = None

    def __repr__(self) -> str:
        return (f"<ReportInput {self.forecast.scenario.id!r}: {len(self.forecast.models)} models, "
                f"{len(self.intervals)} issues with intervals, {len(self.lever_effects)} levers, "
                f"{len(self.statements)} statements, {len(self.disagreements)} disagreements>")

    @classmethod
    def from_forecast(cls, forecast: Any, *, generated: str | None = None) -> "ReportInput":
        """Read ``forecast.extra`` (every shape :mod:`.forecast_report` documents) once."""
        from .forecast_report import intervals_of

        extra = forecast.extra or {}
        raw_iv = extra.get("intervals")
        draws = raw_iv.get("draws") if isinstance(raw_iv, Mapping) and isinstance(raw_iv.get("draws"), int) else None
        statements: list[Statement] = []
        raw_st = extra.get("statements")
        if isinstance(raw_st, Mapping):
            for actor, per_issue in raw_st.items():
                if isinstance(per_issue, Mapping):
                    for issue, items in per_issue.items():
                        statements += [{"actor": actor, "issue": issue, **s} for s in items or ()
                                       if isinstance(s, Mapping)]
        elif isinstance(raw_st, (list, tuple)):
            statements = [s for s in raw_st if isinstance(s, Mapping)]
        raw_d = extra.get("disagreements")
        summary, items = "", raw_d
        if isinstance(raw_d, Mapping):
            summary, items = str(raw_d.get("summary", "") or ""), raw_d.get("items", [])
        rows = tuple(d for d in items if isinstance(d, Mapping)) if isinstance(items, (list, tuple)) else ()
        sens = extra.get("sensitivity")
        effects = extra.get("lever_effects")
        disputes = extra.get("disputes")
        return cls(
            forecast=forecast,
            intervals=intervals_of(raw_iv),
            draws=draws,
            seed=forecast.seed,
            lever_effects=dict(effects) if isinstance(effects, Mapping) else {},
            sensitivity=sens if isinstance(sens, Mapping) else None,
            statements=tuple(statements),
            disagreements=rows,
            disagreement_summary=summary,
            disputes=disputes if isinstance(disputes, Mapping) else None,
            generated=generated,
        )


@dataclass(repr=False)
class Report:
    """A rendered report: ``.html`` is the page ``accord report`` writes, ``.forecast``
    the forecast behind it; :meth:`write` puts both files in a folder."""

    input: ReportInput
    _html: str | None = None

    @property
    def forecast(self) -> Any:
        return self.input.forecast

    @property
    def html(self) -> str:
        """The whole self-contained page (rendered once, then kept)."""
        if self._html is None:
            from .forecast_report import render_report

            self._html = render_report(self.input)
        return self._html

    def to_frame(self):
        return self.forecast.to_frame()

    def write(self, out: str | Path) -> tuple[Path, Path]:
        """``out/forecast.json`` and ``out/report.html``, replaced together or not at all."""
        from ..scenario.io import check_writable, write_files

        out = Path(out)
        check_writable(out, "--out", folder=True)
        doc, page = self.forecast.to_json(), self.html
        write_files({out / "forecast.json": doc, out / "report.html": page}, field="--out")
        return out / "forecast.json", out / "report.html"

    def __repr__(self) -> str:
        sc = self.forecast.scenario
        parts = [f"{len(sc.issues)} issues", f"{len(self.forecast.models)} models"]
        if self.input.draws:
            parts.append(f"{self.input.draws} draws")
        if self.input.lever_effects:
            parts.append(f"{len(self.input.lever_effects)} levers")
        return f"<Report {sc.id!r}: {', '.join(parts)}>"

    def _repr_html_(self) -> str:
        """The report's summary table in a notebook (the whole page is ``.html``)."""
        from .forecast_report import summary_section

        return (f"<p><b>{_html.escape(self.forecast.scenario.name)}</b>: report of "
                f"{len(self.html):,} characters; <code>.write(folder)</code> saves it.</p>"
                + str(summary_section(self.input)))

"""HTML reports: one self-contained page per forecast (no scripts, nothing fetched).

:func:`render_report` is what ``accord demo`` writes to ``out/report.html``. The building
blocks other reports reuse live in :mod:`accord.report.html` (escaping, page shell,
tables) and :mod:`accord.report.svg` (scale strip, line chart, scatter plot).
"""

from __future__ import annotations

from .forecast_report import render_report

__all__ = ["render_report"]

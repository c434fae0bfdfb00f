"""accord: read news about a negotiation, model who wants what, forecast the bargain.

>>> import accord
>>> scenario = accord.load("ukraine_2024")
>>> accord.solve(scenario, models=["compromise", "eum"]).to_frame()

One function per command (:mod:`accord.api`), each returning a typed result with
``.to_frame()``, a short repr, ``_repr_html_`` and, where a picture helps, ``.plot()``:
:func:`run_forecast`, :func:`monte_carlo`, :func:`what_if`, :func:`sensitivity_analysis`,
:func:`bargaining_clock`, :func:`issue_trades`, :func:`ingest_articles`,
:func:`news_to_forecast` and :func:`build_report`; :func:`new_scenario` makes a scenario
from a mapping. Names are imported when first used: ``import accord`` runs nothing up.
"""

__version__ = "0.1.0"

#: exported name -> (module, attribute), imported on first use (PEP 562)
_LAZY = {
    "InputError": ("accord.errors", "InputError"),
    "Forecast": ("accord.forecast", "Forecast"),
    "solve": ("accord.forecast", "solve"),
    "Scenario": ("accord.scenario", "Scenario"),
    "load": ("accord.api", "load"),
    "new_scenario": ("accord.api", "new_scenario"),
    "run_forecast": ("accord.api", "run_forecast"),
    "monte_carlo": ("accord.api", "monte_carlo"),
    "what_if": ("accord.api", "what_if"),
    "sensitivity_analysis": ("accord.api", "sensitivity_analysis"),
    "bargaining_clock": ("accord.api", "bargaining_clock"),
    "issue_trades": ("accord.api", "issue_trades"),
    "ingest_articles": ("accord.api", "ingest_articles"),
    "news_to_forecast": ("accord.api", "news_to_forecast"),
    "build_report": ("accord.api", "build_report"),
    "Report": ("accord.report.model", "Report"),
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'accord' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_LAZY))


__all__ = ["__version__", *_LAZY]

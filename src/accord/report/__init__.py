"""HTML report (placeholder until the report module lands)."""
import html


def render_report(forecast) -> str:
    return "<!doctype html><title>%s</title><pre>%s</pre>" % (
        html.escape(forecast.scenario.name), html.escape(forecast.to_frame().to_string()))

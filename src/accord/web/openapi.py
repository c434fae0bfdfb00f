"""The dashboard API's OpenAPI document, served at ``/api``."""

from __future__ import annotations

from .. import __version__


def _q(name: str, desc: str, kind: str = "string") -> dict:
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": {"type": kind}}


_FORECAST_PARAMS = [
    _q("levers", "Comma-separated lever ids, switched on in order."),
    _q("models", "Comma-separated model names; default: the models that solve draws at once (smp only when named)."),
    _q("draws", "Monte Carlo draws (1..100000); none: point forecasts only.", "integer"),
    _q("seed", "Seed of the draws; same seed, same bytes.", "integer"),
    _q("scenario", "A scenario saved from the dashboard (default: the one served)."),
    _q("edits", "JSON list of edits [{actor, issue, field, value}] laid on the scenario before the levers."),
]
_ERR = {"description": "Bad request: {\"error\": one line saying what is wrong}"}

OPENAPI = {
    "openapi": "3.1.0",
    "info": {"title": "accord dashboard API", "version": __version__,
             "description": "The JSON API behind `accord serve`. Bad input gets a 4xx and {\"error\": \"...\"}."},
    "paths": {
        "/api/scenario": {"get": {"summary": "The served scenario: actors, issues, positions, levers, where the news disagrees.",
                                  "responses": {"200": {"description": "The scenario as the board draws it."}}}},
        "/api/forecast": {
            "get": {"summary": "Every model's forecast; the body is byte for byte what "
                               "`accord forecast CASE --lever ID ... --draws N --seed S --json` prints.",
                    "parameters": _FORECAST_PARAMS,
                    "responses": {"200": {"description": "The forecast JSON (schema_version 1)."}, "400": _ERR}},
            "post": {"summary": "The forecast of the scenario with edits: {levers, models, draws, seed, scenario, "
                                "edits: [{actor, issue, field: position|salience|capability, value}]}.",
                     "responses": {"200": {"description": "The forecast JSON."}, "400": _ERR, "415": _ERR}},
        },
        "/api/statements": {"get": {"summary": "Statements in the store with their article, sentence and cue offsets.",
                                    "parameters": [_q("actor", "An actor id."), _q("issue", "An issue id."),
                                                   _q("limit", "At most this many (1..5000, default 200).", "integer")],
                                    "responses": {"200": {"description": "{total, version, statements: [...]}"}, "400": _ERR}}},
        "/api/timeline": {"get": {"summary": "Stances by date and the forecast re-solved from the news up to each step "
                                             "(as `accord timeline`).",
                                  "parameters": [_q("every", "The step: 7d, 2w..."), _q("format", "json or csv")],
                                  "responses": {"200": {"description": "The timeline."}, "400": _ERR}}},
        "/api/scenarios": {
            "get": {"summary": "Scenarios saved from the dashboard.", "responses": {"200": {"description": "{saved: [names]}"}}},
            "post": {"summary": "Save the served scenario with levers and edits as accord-saved/NAME.yaml; never overwrites.",
                     "responses": {"201": {"description": "{saved: path}"}, "400": _ERR, "409": _ERR}},
        },
        "/api/export": {"get": {"summary": "What is on screen as forecast.json, forecast.csv or the HTML report.",
                                "parameters": _FORECAST_PARAMS + [_q("format", "json, csv or html")],
                                "responses": {"200": {"description": "A file."}, "400": _ERR}}},
        "/api/events": {"get": {"summary": "Server-sent events: `version` each time the watched folder brings news.",
                                "responses": {"200": {"description": "text/event-stream"}}}},
    },
}

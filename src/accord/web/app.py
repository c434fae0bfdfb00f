"""`accord serve`: the dashboard's HTTP face (Starlette), documented at ``/api`` (OpenAPI).

Every endpoint checks its input and answers a bad request with a 4xx and a one-line
``{"error": "..."}``; nothing outside the working folder can be read or written through
it. Bound to 127.0.0.1 unless a token is given; with a token every request carries it
(``Authorization: Bearer TOKEN`` or ``?token=TOKEN`` for the page and its event stream).
"""

from __future__ import annotations

import asyncio
import hmac
import json
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import InputError
from ..forecasting import ForecastRequest
from .board import Board, ServeConfig
from .edits import parse_edits
from .openapi import OPENAPI

STATIC = Path(__file__).with_name("static")
MAX_BODY = 1 << 20
MAX_STATEMENTS = 5000
DEFAULT_DRAWS = None


class BadRequest(Exception):
    def __init__(self, message: str, status: int = 400):
        self.message, self.status = message, status


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": " ".join(str(message).split())[:500]}, status_code=status)


def _ids(text: str | None, field: str) -> tuple[str, ...]:
    if not text:
        return ()
    parts = tuple(p.strip() for p in text.split(","))
    if len(parts) > 50 or any(not p or len(p) > 100 for p in parts):
        raise BadRequest(f"{field}: expected a comma-separated list of ids")
    return parts


def _int(q, name: str, default: int | None, lo: int, hi: int) -> int | None:
    raw = q.get(name)
    if raw is None or raw == "":
        return default
    try:
        v = int(raw)
    except ValueError:
        raise BadRequest(f"{name}: {raw[:40]!r} is not a whole number") from None
    if not lo <= v <= hi:
        raise BadRequest(f"{name}: {v} is outside {lo}..{hi}")
    return v


def _request(q, body: dict | None = None) -> ForecastRequest:
    """A forecast request from the query (GET) or a JSON body (POST). Without models,
    the models that solve draws at once (smp only when named)."""
    from ..forecast import default_models
    from ..models import MODELS

    src = body if body is not None else {}
    if body is not None:
        def getter(name):
            v = src.get(name)
            return ",".join(v) if isinstance(v, list) and all(isinstance(x, str) for x in v) else (None if v is None else str(v))
    else:
        getter = q.get
    models = _ids(getter("models"), "models") or tuple(m for m in default_models() if MODELS[m].vectorised)
    levers = _ids(getter("levers"), "levers")
    qd = {"draws": getter("draws"), "seed": getter("seed")}
    draws = _int(qd, "draws", DEFAULT_DRAWS, 1, 100_000)
    seed = _int(qd, "seed", 0, 0, 2**32 - 1)
    return ForecastRequest(models=models, levers=levers, draws=draws, seed=seed or 0)


def create_app(config: ServeConfig) -> Starlette | TokenGuard:
    board = Board(config)

    async def guarded(fn, *args):
        try:
            return await run_in_threadpool(fn, *args)
        except InputError as exc:
            raise BadRequest(str(exc)) from None

    async def forecast_text(req: ForecastRequest, edits, name: str | None) -> str:
        """A cached forecast at once, a new one awaited from the worker processes (no
        thread of the server's pool is held while it is solved)."""
        try:
            return await board.forecast_async(req, edits, name)
        except InputError as exc:
            raise BadRequest(str(exc)) from None

    async def index(request: Request) -> Response:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-store"})

    async def api_doc(request: Request) -> Response:
        return JSONResponse(OPENAPI)

    async def scenario(request: Request) -> Response:
        return JSONResponse(await guarded(board.scenario_json))

    def query_edits(q, name):
        """Edits given in the query as JSON (``edits=[...]``), for links such as exports."""
        raw = q.get("edits")
        if not raw:
            return ()
        if len(raw) > MAX_BODY:
            raise BadRequest("edits: too long")
        try:
            return parse_edits(json.loads(raw), board.scenario_named(name))
        except (ValueError, RecursionError):
            raise BadRequest("edits: not valid JSON") from None
        except InputError as exc:
            raise BadRequest(str(exc)) from None

    async def forecast_get(request: Request) -> Response:
        req = _request(request.query_params)
        name = request.query_params.get("scenario") or None
        edits = await run_in_threadpool(query_edits, request.query_params, name) if "edits" in request.query_params else ()
        text = await forecast_text(req, edits, name)
        return Response(text, media_type="application/json")

    async def forecast_post(request: Request) -> Response:
        body = await _json_body(request)
        req = _request(None, body)
        sc = await guarded(board.scenario_named, body.get("scenario") or None)
        try:
            edits = parse_edits(body.get("edits"), sc)
        except InputError as exc:
            raise BadRequest(str(exc)) from None
        text = await forecast_text(req, edits, body.get("scenario") or None)
        return Response(text, media_type="application/json")

    async def statements(request: Request) -> Response:
        q = request.query_params
        actor, issue = q.get("actor") or None, q.get("issue") or None
        if actor and actor not in board.scenario.actor_ids:
            raise BadRequest(f"actor: {actor[:40]!r} is no actor of {board.scenario.id}")
        if issue and issue not in board.scenario.issue_ids:
            raise BadRequest(f"issue: {issue[:40]!r} is no issue of {board.scenario.id}")
        limit = _int(q, "limit", 200, 1, MAX_STATEMENTS) or 200  # never None: it has a default
        try:  # made once per store state, in the store worker; then from memory on the loop
            body = await board.body_async(board.statements_key(actor, issue, limit))
        except InputError as exc:
            raise BadRequest(str(exc)) from None
        return Response(body, media_type="application/json")

    async def timeline(request: Request) -> Response:
        from ..timeline import parse_every

        try:
            every = parse_every(request.query_params.get("every", "7d"))
        except InputError as exc:
            raise BadRequest(str(exc)) from None
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "csv"):
            raise BadRequest("format: expected json or csv")
        if fmt == "json":
            try:
                body = await board.body_async(board.timeline_key(every))
            except InputError as exc:
                raise BadRequest(str(exc)) from None
            return Response(body, media_type="application/json")
        data = await guarded(board.timeline, every)
        from ..timeline import Timeline, Step  # fmt is csv

        tl = Timeline(data["case"], data["every_days"], tuple(data["models"]),
                      [Step(**s) for s in data["steps"]])
        return Response(tl.to_csv(), media_type="text/csv")

    async def scenarios_get(request: Request) -> Response:
        return JSONResponse({"saved": board.saved()})

    async def scenarios_post(request: Request) -> Response:
        body = await _json_body(request)
        try:
            edits = parse_edits(body.get("edits"), board.scenario)
        except InputError as exc:
            raise BadRequest(str(exc)) from None
        levers = body.get("levers") or []
        if not isinstance(levers, list) or not all(isinstance(x, str) for x in levers):
            raise BadRequest("levers: expected a list of lever ids")
        try:
            path = await run_in_threadpool(board.save, body.get("name"), edits, tuple(levers))
        except InputError as exc:
            status = 409 if "exists" in str(exc) else 400
            raise BadRequest(str(exc), status) from None
        return JSONResponse({"saved": path}, status_code=201)

    async def export(request: Request) -> Response:
        q = request.query_params
        fmt = q.get("format", "json")
        if fmt not in ("json", "csv", "html"):
            raise BadRequest("format: expected json, csv or html")
        req = _request(q)
        name = q.get("scenario") or None
        edits = await run_in_threadpool(query_edits, q, name)
        text = await forecast_text(req, edits, name)
        if fmt == "json":
            return Response(text, media_type="application/json",
                            headers={"Content-Disposition": 'attachment; filename="forecast.json"'})
        if fmt == "csv":
            return Response(_csv(json.loads(text)), media_type="text/csv",
                            headers={"Content-Disposition": 'attachment; filename="forecast.csv"'})
        html = await guarded(_report, board, req, name, edits)
        return Response(html, media_type="text/html",
                        headers={"Content-Disposition": 'attachment; filename="report.html"'})

    async def events(request: Request) -> Response:
        async def stream():
            last, beat = -1, 0.0
            while True:
                if await request.is_disconnected():
                    break
                if board.version != last:
                    last = board.version
                    yield f"event: version\ndata: {json.dumps({'version': last})}\n\n"
                beat += 0.25
                if beat >= 15:
                    beat = 0.0
                    yield ": keep-alive\n\n"
                await asyncio.sleep(0.25)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    @asynccontextmanager
    async def lifespan(app):
        board.start_watching()
        board.warm()
        try:
            yield
        finally:
            board.close()

    routes = [
        Route("/", index),
        Route("/api", api_doc),
        Route("/api/scenario", scenario),
        Route("/api/forecast", forecast_get, methods=["GET"]),
        Route("/api/forecast", forecast_post, methods=["POST"]),
        Route("/api/statements", statements),
        Route("/api/timeline", timeline),
        Route("/api/scenarios", scenarios_get, methods=["GET"]),
        Route("/api/scenarios", scenarios_post, methods=["POST"]),
        Route("/api/export", export),
        Route("/api/events", events),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]

    async def bad_request(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, BadRequest)  # the handler registered for BadRequest only
        return _error(exc.message, exc.status)

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return _error("no such page" if status == 404 else "method not allowed" if status == 405 else "bad request",
                      status)

    app = Starlette(routes=routes, lifespan=lifespan,
                    exception_handlers={BadRequest: bad_request, 404: not_found, 405: not_found})
    app.state.board = board
    return TokenGuard(app, config.token) if config.token else app


async def _json_body(request: Request) -> dict[str, Any]:
    if "application/json" not in request.headers.get("content-type", ""):
        raise BadRequest("expected a JSON body (Content-Type: application/json)", 415)
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise BadRequest(f"the body is over {MAX_BODY} bytes", 413)
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def _csv(doc: dict[str, Any]) -> str:
    """The forecast as CSV: issue, status quo, then per model its forecast (and p10/p90)."""
    import csv
    import io

    from ..jsonnum import json_number

    models = doc["models"]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    header = ["issue", "status_quo"]
    for m in models:
        header += [m, f"{m}_p10", f"{m}_p90"]
    w.writerow(header)
    for issue in doc["issues"]:
        row = [issue["id"], issue["status_quo"]]
        for m in models:
            iv = issue.get("intervals", {}).get(m, {})
            row += [issue["forecast"].get(m), iv.get("p10", ""), iv.get("p90", "")]
        w.writerow(["" if v is None else json_number(v) if isinstance(v, float) else v for v in row])
    return buf.getvalue()


def _report(board: Board, req: ForecastRequest, scenario: str | None, edits=()) -> str:
    from ..forecasting import run
    from ..report.forecast_report import render_report
    from .edits import apply_edits

    result, _ = run(apply_edits(board.scenario_named(scenario), edits), req)
    return render_report(result)


class TokenGuard:
    """ASGI middleware: every HTTP request must carry the token (header or query)."""

    def __init__(self, app, token: str):
        self.app, self.token = app, token.encode()
        self.state = getattr(app, "state", None)

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            from urllib.parse import parse_qs

            headers = dict(scope.get("headers") or [])
            auth = headers.get(b"authorization", b"")
            given = auth[7:] if auth.startswith(b"Bearer ") else b""
            if not given:
                q = parse_qs(scope.get("query_string", b"").decode("latin-1"))
                given = (q.get("token") or [""])[0].encode()
            if not hmac.compare_digest(given, self.token):
                await JSONResponse({"error": "a token is required (Authorization: Bearer TOKEN or ?token=)"},
                                   status_code=401)(scope, receive, send)
                return
        await self.app(scope, receive, send)

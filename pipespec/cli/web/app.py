"""The ASGI application of ``pipespec serve``: the submission-desk page and the HTTP API (Starlette).

Every check runs in the bounded process pool (pipespec.cli.web.pool), never on the event loop, so ``/healthz`` and
the static page keep answering while every worker is busy.  The server reads only its own packaged resources, once,
at start-up (the page, the OpenAPI document, the shipped examples and starters); a request never makes it read or
write a file.  Every error is JSON ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from pipespec.cli.web import jobs
from pipespec.cli.web.pool import CheckTimeout, Job, PoolClosed, QueueFull, WorkerCrashed, WorkerPool
from pipespec.errors import safe_text
from pipespec.limits import DEFAULT_LIMITS

HERE = Path(__file__).resolve().parent
ENVELOPE = 64 * 1024  # room for the JSON around the text (field names, escapes of a normal file)
MAX_BODY = DEFAULT_LIMITS.max_bytes + ENVELOPE
FORMATS = ("dsl", "yaml", "json")
MAX_DOCUMENT = 20 << 20  # a document sent to /api/v1/draft (the drafting's own limit)
DRAFT_TIMEOUT = 60.0
# the documents /api/v1/draft reads as a raw body, by media type, and the module of the documents extra each needs
DOCUMENT_TYPES = {"application/pdf": ("pdf", "pdfminer"),
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("docx", "docx"),
                  "application/jats+xml": ("jats", "defusedxml")}
DRAFT_SECTIONS = ("auto", "all")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Response:
    return Response(jobs.dumps({"error": {"code": code, "message": message}}), status, headers,
                    media_type=jobs.JSON)


class SecurityHeaders:
    """Adds the Content-Security-Policy and friends to every response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        await self.app(scope, receive, send_with_headers)


# ------------------------------------------------------------------ packaged resources, read once at start-up
def _examples_dir() -> Path | None:
    from pipespec.resources import _HERE

    PACKAGE = Path(_HERE)
    for candidate in (PACKAGE / "data" / "examples", PACKAGE.parent / "examples"):
        if candidate.is_dir():
            return candidate
    return None


_TITLE = re.compile(r'^\s*pipeline\s*"((?:[^"\\]|\\.)*)"|^pipeline:\s*(.+?)\s*$', re.M)


def load_examples() -> list[dict[str, str]]:
    """The shipped examples (examples/ in a checkout, pipespec/data/examples when installed)."""
    folder = _examples_dir()
    if folder is None:
        return []
    out = []
    for path in sorted(folder.rglob("*")):
        fmt = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(path.suffix)
        if fmt is None or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        m = _TITLE.search(text)
        title = (m.group(1) or m.group(2)).strip("'\"") if m else path.stem
        out.append({"id": path.relative_to(folder).as_posix(), "title": title, "format": fmt, "text": text})
    return out


def load_starters() -> list[dict[str, str]]:
    from pipespec.starter import STARTERS, starter

    titles = {"e2e": "end-to-end deep learning", "radiomics": "hand-crafted radiomics",
              "hybrid": "radiomics beside an end-to-end CNN"}
    return [{"kind": k, "title": titles.get(k, k), "format": "dsl", "text": starter(k)} for k in STARTERS]


class Static:
    def __init__(self) -> None:
        from pipespec.render.svg import SVG_CSS

        static = HERE / "static"
        self.index = (static / "index.html").read_text(encoding="utf-8")
        self.js = (static / "app.js").read_text(encoding="utf-8")
        self.css = (static / "app.css").read_text(encoding="utf-8") + SVG_CSS
        self.openapi = (HERE / "openapi.json").read_text(encoding="utf-8")


# ------------------------------------------------------------------ requests
def media_type(request: Request) -> str:
    """The request's Content-Type without its parameters, lower case (``''`` when there is none)."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


def require_media(request: Request, *allowed: str) -> str:
    """The request's media type, one of ``allowed``; else 415.  Requiring ``application/json`` keeps a cross-site
    "simple" POST (text/plain, a form) from reaching the API: a browser sends those without asking first."""
    media = media_type(request)
    if media not in allowed:
        shown = f"'{safe_text(media[:60])}'" if media else "none"
        raise ApiError(415, "unsupported-media-type", f"the Content-Type must be {' or '.join(allowed)}, "
                                                      f"not {shown}")
    return media


async def read_body(request: Request, max_body: int, too_large: str | None = None) -> bytes:
    """The request's body; 413 past ``max_body`` bytes (read no further), with ``too_large`` as the message when
    given.  A leading UTF-8 byte-order mark is dropped (the command line reads such files too)."""
    too_large = too_large or (f"the request body is over {max_body} bytes "
                              f"(a pipeline file may have {max_body - ENVELOPE} bytes)")
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ApiError(400, "bad-request", "invalid Content-Length") from None
        if size > max_body:
            raise ApiError(413, "too-large", too_large)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            chunks.append(chunk)
            size += len(chunk)
            if size > max_body:
                raise ApiError(413, "too-large", too_large)
    except ClientDisconnect:  # closed mid-body (by the client, or by the read timeout): nobody reads an answer
        raise ApiError(400, "disconnected", "the client closed the connection before the body was complete") \
            from None
    body = b"".join(chunks)
    return body[3:] if body.startswith(b"\xef\xbb\xbf") else body


async def read_json(request: Request, max_body: int) -> dict[str, Any]:
    """The request's JSON object (Content-Type application/json, else 415); 413 past ``max_body`` bytes (read no
    further), 400 when malformed."""
    require_media(request, jobs.JSON)
    return parse_json(await read_body(request, max_body))


def parse_json(body: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ApiError(400, "bad-request", f"the body is not JSON: {str(exc)[:200]}") from None
    if not isinstance(doc, dict):
        raise ApiError(400, "bad-request", "the body must be a JSON object")
    return doc


# a JSON field's type in JSON's words (a client does not write Python)
_JSON_TYPES = {str: "a string", dict: "an object", list: "an array", bool: "true or false", int: "an integer",
               float: "a number", type(None): "null"}


def _json_type(kind: type) -> str:
    return _JSON_TYPES.get(kind, kind.__name__)


def fields(doc: dict[str, Any], required: dict[str, type], optional: dict[str, tuple[type, ...]],
           choices: dict[str, tuple[str, ...]] | None = None) -> dict[str, Any]:
    unknown = sorted(set(doc) - set(required) - set(optional))
    if unknown:
        raise ApiError(400, "bad-request", f"unknown field {unknown[0]!r}; the fields are "
                                           f"{', '.join(sorted([*required, *optional]))}")
    for name, kind in required.items():
        if name not in doc:
            raise ApiError(400, "bad-request", f"the field {name!r} is required")
        if not isinstance(doc[name], kind) or isinstance(doc[name], bool) and kind is not bool:  # true is no number
            raise ApiError(400, "bad-request", f"the field {name!r} must be {_json_type(kind)}")
    for name, kinds in optional.items():
        if name in doc and (not isinstance(doc[name], kinds) or isinstance(doc[name], bool) and bool not in kinds):
            raise ApiError(400, "bad-request", f"the field {name!r} must be "
                                               + " or ".join(_json_type(k) for k in kinds))
    for name, allowed in (choices or {}).items():
        if doc.get(name) is not None and doc[name] not in allowed:
            if allowed is FORMATS and doc[name] == "yml":  # yml is yaml wherever yaml is taken
                doc = {**doc, name: "yaml"}
                continue
            raise ApiError(400, "bad-request", f"the field {name!r} must be one of {', '.join(allowed)}")
    return doc


def csv_score_fields(request: Request, body: bytes) -> dict[str, Any]:
    """The fields of a raw ``text/csv`` score request: the body is the sheet, the options are query parameters
    (``group_by``, ``rater``, ``ids`` repeated, ``pairwise=false``)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad-request", f"the sheet is not UTF-8 (byte {exc.start}): send CSV UTF-8") from None
    query = request.query_params
    unknown = sorted(set(query) - {"group_by", "rater", "ids", "pairwise"})
    if unknown:
        raise ApiError(400, "bad-request", f"unknown query parameter {safe_text(unknown[0][:40])!r}; with a text/csv "
                                           "body they are group_by, ids, pairwise, rater")
    doc: dict[str, Any] = {"text": text}
    for name in ("group_by", "rater"):
        if name in query:
            doc[name] = query[name]
    if "ids" in query:
        doc["ids"] = query.getlist("ids")
    if "pairwise" in query:
        value = query["pairwise"].lower()
        if value not in ("true", "false"):
            raise ApiError(400, "bad-request", "the query parameter 'pairwise' must be true or false")
        doc["pairwise"] = value == "true"
    return doc


def _query_options(request: Request, choices: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """The query parameters of a raw body's options, each given at most once and one of its ``choices``."""
    query = request.query_params
    for name in query:
        shown = safe_text(name[:40])
        if name not in choices:
            raise ApiError(400, "bad-request", f"unknown query parameter {shown!r}; with a document body they are "
                                               f"{', '.join(sorted(choices))}")
        if len(query.getlist(name)) > 1:
            raise ApiError(400, "bad-request", f"the query parameter {shown!r} is given twice")
        if query[name] not in choices[name]:
            raise ApiError(400, "bad-request", f"the query parameter {shown!r} must be one of "
                                               f"{', '.join(choices[name])}")
    return {name: query[name] for name in query}


def _has_documents_extra() -> bool:
    """Whether the documents extra (python-docx, defusedxml, pdfminer.six) is installed; nothing is imported."""
    from importlib.util import find_spec

    return all(find_spec(module) is not None for _, module in DOCUMENT_TYPES.values())


def access_line(client: Any, method: str, path: str, version: str, status: int, seconds: float | None) -> str:
    """One access-log line: ``127.0.0.1:50312 - "POST /api/v1/check HTTP/1.1" 200 12.3 ms`` (never a body)."""
    who = f"{client[0]}:{client[1]}" if client else "-"
    took = "-" if seconds is None else f"{seconds * 1000:.1f} ms"
    return f'{who} - "{safe_text(method[:16])} {safe_text(path[:200])} HTTP/{version}" {status} {took}'


class AccessLog:
    """Logs each request (method, path, status, duration; never the body) on ``pipespec.serve.access`` at INFO."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self.log = logging.getLogger("pipespec.serve.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.log.isEnabledFor(logging.INFO):
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = [0]

        async def logged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, logged)
        finally:
            self.log.info("%s", access_line(scope.get("client"), scope.get("method", "-"), scope.get("path", "-"),
                                             scope.get("http_version", "1.1"), status[0] or 500,
                                             time.perf_counter() - start))


def create_app(workers: int | None = None, queue: int = 256, timeout: float = 10.0, target: Job = jobs.run,
               warm: Callable[[], None] | None = jobs.warm, max_body: int = MAX_BODY,
               limits: Any = None, max_document: int = MAX_DOCUMENT, draft_timeout: float = DRAFT_TIMEOUT,
               documents: bool | None = None) -> Starlette:
    """The application; the pool starts with the app's lifespan (``with TestClient(app)`` or uvicorn).
    ``max_document``, ``draft_timeout``: the size of a document /api/v1/draft reads and the time a draft may take;
    ``documents``: whether it reads DOCX, JATS and PDF (default: whether the documents extra is installed)."""
    from pipespec import __version__
    from pipespec.analysis.rules import RULES, RULESET_VERSION, get
    from pipespec.metrics import CONDITIONS, ITEMS, SECTIONS, section_of

    static = Static()
    examples = load_examples()
    starters = load_starters()
    pool = WorkerPool(target, workers or os.cpu_count() or 1, queue, timeout, warm)
    retry_after = str(max(1, round(timeout)))
    if documents is None:
        documents = _has_documents_extra()

    async def run(kind: str, payload: dict[str, Any], time_limit: float | None = None) -> Response:
        try:
            future = pool.submit(kind, payload, time_limit, kind) if time_limit is not None else \
                pool.submit(kind, payload)
        except QueueFull as exc:
            raise ApiError(503, "busy", f"the server is busy ({exc}); retry later",
                           {"Retry-After": retry_after}) from None
        except PoolClosed as exc:
            raise ApiError(503, "shutting-down", str(exc), {"Retry-After": retry_after}) from None
        try:
            status, media, body = await asyncio.wrap_future(future)
        except CheckTimeout as exc:
            raise ApiError(504, "timeout", str(exc)) from None
        except WorkerCrashed as exc:
            raise ApiError(500, "worker-failed", str(exc)) from None
        except PoolClosed as exc:
            raise ApiError(503, "shutting-down", str(exc), {"Retry-After": retry_after}) from None
        headers = {"Content-Disposition": 'attachment; filename="report.html"'} if kind == "report" else \
            {"Content-Disposition": 'attachment; filename="metrics.csv"'} if kind == "metrics-csv" else None
        return Response(body, status, headers, media_type=media)

    def text_response(body: str, media: str, cache: bool = True) -> Response:
        return Response(body, 200, {"Cache-Control": "no-cache"} if cache else None, media_type=media)

    async def index(request: Request) -> Response:
        return text_response(static.index, "text/html; charset=utf-8")

    async def app_js(request: Request) -> Response:
        return text_response(static.js, "text/javascript; charset=utf-8")

    async def app_css(request: Request) -> Response:
        return text_response(static.css, "text/css; charset=utf-8")

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)

    async def openapi(request: Request) -> Response:
        return text_response(static.openapi, jobs.JSON)

    async def healthz(request: Request) -> Response:
        stats = {"status": "ok", "pipespec_version": __version__, "ruleset_version": RULESET_VERSION,
                 **pool.stats()}
        if limits is not None:  # the connection guard's counters (pipespec.cli.web.protocol)
            stats["connections"] = {"buffered_bytes": limits.buffered, "refused": limits.refused,
                                    "timed_out": limits.timed_out}
        return Response(jobs.dumps(stats), media_type=jobs.JSON)

    async def rules(request: Request) -> Response:
        return Response(jobs.dumps({"ruleset_version": RULESET_VERSION,
                                    "rules": [r._asdict() for r in RULES.values()]}), media_type=jobs.JSON)

    async def rule(request: Request) -> Response:
        code = request.path_params["code"]
        r = get(code)
        if r is None:
            from pipespec.vocab import did_you_mean

            raise ApiError(404, "not-found", f"unknown rule code {code[:40]!r}{did_you_mean(code[:40], list(RULES))}")
        return Response(jobs.dumps({**r._asdict(), "doc": r.doc()}), media_type=jobs.JSON)

    async def example_list(request: Request) -> Response:
        return Response(jobs.dumps({"examples": examples, "starters": starters}), media_type=jobs.JSON)

    item_table = jobs.dumps({
        "sections": [{"title": title, "items": list(numbers)} for title, numbers in SECTIONS],
        "items": [{"item": it.number, "title": it.name, "weight": float(it.weight), "section": section_of(it.number),
                   "conditions": list(it.conditions)} for it in ITEMS],
        "conditions": [{"condition": c.number, "name": c.name, "question": c.question, "items": list(c.items)}
                       for c in CONDITIONS]})

    async def items(request: Request) -> Response:
        return Response(item_table, media_type=jobs.JSON)

    def _spec(doc: dict[str, Any]) -> dict[str, Any]:
        return {"text": doc["text"], "format": doc.get("format")}

    async def check(request: Request) -> Response:
        include = [w for w in request.query_params.get("include", "").split(",") if w]
        bad = [w for w in include if w != "svg"]
        if bad:
            raise ApiError(400, "bad-request", f"unknown include {bad[0][:40]!r}; the only one is 'svg'")
        doc = fields(await read_json(request, max_body), {"text": str}, {"format": (str, type(None))},
                     {"format": FORMATS})
        return await run("check", {**_spec(doc), "svg": "svg" in include})

    async def report(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str}, {"format": (str, type(None))},
                     {"format": FORMATS})
        return await run("report", _spec(doc))

    async def convert(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str, "to": str}, {"format": (str, type(None))},
                     {"format": FORMATS, "to": FORMATS})
        return await run("convert", {**_spec(doc), "to": doc["to"]})

    async def score(request: Request) -> Response:
        if require_media(request, jobs.JSON, "text/csv") == "text/csv":
            doc = csv_score_fields(request, await read_body(request, max_body))
        else:
            doc = await read_json(request, max_body)
        doc = fields(doc, {"text": str},
                     {"group_by": (str, type(None)), "rater": (str, type(None)), "ids": (list, type(None)),
                      "pairwise": (bool,)})
        ids = doc.get("ids")
        if ids is not None and not all(isinstance(i, str) for i in ids):
            raise ApiError(400, "bad-request", "the field 'ids' must be an array of strings")
        return await run("score", {"text": doc["text"], "group_by": doc.get("group_by"), "rater": doc.get("rater"),
                                   "ids": ids, "pairwise": doc.get("pairwise", True)})

    async def assess(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str, "item": int, "answer": str},
                     {"format": (str, type(None)), "note": (str, type(None))},
                     {"format": FORMATS, "answer": ("yes", "no", "none")})
        if isinstance(doc["item"], bool) or not 1 <= doc["item"] <= 30:
            raise ApiError(400, "bad-request", "the field 'item' must be an item number from 1 to 30")
        return await run("assess", {**_spec(doc), "item": doc["item"], "answer": doc["answer"],
                                    "note": doc.get("note")})

    async def declare(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str, "condition": int, "answer": str},
                     {"format": (str, type(None))}, {"format": FORMATS, "answer": ("yes", "no", "none")})
        if isinstance(doc["condition"], bool) or not 1 <= doc["condition"] <= 5:
            raise ApiError(400, "bad-request", "the field 'condition' must be a condition number from 1 to 5")
        return await run("declare", {**_spec(doc), "condition": doc["condition"], "answer": doc["answer"]})

    async def metrics_csv(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str}, {"format": (str, type(None))},
                     {"format": FORMATS})
        return await run("metrics-csv", _spec(doc))

    async def import_csv(request: Request) -> Response:
        doc = fields(await read_json(request, max_body), {"text": str, "csv": str},
                     {"format": (str, type(None)), "row": (int, type(None))}, {"format": FORMATS})
        if len(doc["text"]) + len(doc["csv"]) > max_body:
            raise ApiError(413, "too-large", f"the text and the sheet together are over {max_body} characters")
        return await run("import", {**_spec(doc), "csv": doc["csv"], "row": doc.get("row")})

    async def draft(request: Request) -> Response:
        media = require_media(request, jobs.JSON, *DOCUMENT_TYPES)
        if media == jobs.JSON:
            given = sorted(set(request.query_params) & {"to", "section"})
            if given:  # the options of a document body; a JSON body's are its fields (they were ignored)
                raise ApiError(400, "bad-request", f"with a JSON body, give {given[0]!r} as a field of the JSON "
                                                   "object, not as a query parameter")
            doc = fields(await read_json(request, max_body), {"text": str},
                         {"to": (str, type(None)), "section": (str, type(None))},
                         {"to": FORMATS, "section": DRAFT_SECTIONS})
            payload: dict[str, Any] = {"text": doc["text"]}
        else:
            fmt = DOCUMENT_TYPES[media][0]
            if not documents:
                from pipespec.draft.documents import EXTRA_HINT

                raise ApiError(415, "unsupported-media-type", f"this server drafts only from text (application/json)"
                                                              f": reading {media} needs the documents extra "
                                                              f"({EXTRA_HINT})")
            doc = _query_options(request, {"to": FORMATS, "section": DRAFT_SECTIONS})
            body = await read_body(request, max_document, f"the document is over {max_document} bytes, this "
                                                          "server's limit (--max-document-bytes)")
            payload = {"document": body, "input_format": fmt}
        payload.update(to=doc.get("to") or "dsl", section=doc.get("section") or "auto")
        return await run("draft", payload, draft_timeout)

    async def api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        code = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        message = {404: f"no such endpoint: {request.url.path[:100]}",
                   405: f"{request.method} is not allowed here"}.get(exc.status_code, str(exc.detail))
        return error_response(exc.status_code, code, message, dict(exc.headers or {}))

    async def internal_error(request: Request, exc: Exception) -> Response:
        return error_response(500, "internal", f"internal error ({type(exc).__name__}); this is a bug, please "
                                               "report it with the request")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            await asyncio.to_thread(pool.close)

    handlers: dict[Any, Callable[[Request, Exception], Awaitable[Response]]] = {
        ApiError: api_error, HTTPException: http_error, Exception: internal_error}
    app = Starlette(routes=[
        Route("/", index), Route("/static/app.js", app_js), Route("/static/app.css", app_css),
        Route("/favicon.ico", favicon), Route("/openapi.json", openapi), Route("/healthz", healthz),
        Route("/api/v1/rules", rules), Route("/api/v1/rules/{code}", rule),
        Route("/api/v1/examples", example_list), Route("/api/v1/items", items),
        Route("/api/v1/check", check, methods=["POST"]), Route("/api/v1/convert", convert, methods=["POST"]),
        Route("/api/v1/report", report, methods=["POST"]), Route("/api/v1/score", score, methods=["POST"]),
        Route("/api/v1/assess", assess, methods=["POST"]), Route("/api/v1/metrics-csv", metrics_csv, methods=["POST"]),
        Route("/api/v1/import", import_csv, methods=["POST"]), Route("/api/v1/declare", declare, methods=["POST"]),
        Route("/api/v1/draft", draft, methods=["POST"]),
    ], exception_handlers=handlers, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(AccessLog)
    app.state.pool = pool
    return app

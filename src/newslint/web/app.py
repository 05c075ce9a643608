"""The web app of ``newslint serve`` (Starlette): the desk page, the served folders' list and
reports, and the JSON API. The work itself is in :mod:`newslint.web.service`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from newslint.formatters.html import page_assets
from newslint.web.service import BadRequest, Library, Setups, check_bytes, html_page, safe_name

STATIC = resources.files("newslint.web") / "static"


@dataclass(frozen=True)
class ServeSettings:
    """What the review desk serves: the setups, the library of stories, the largest upload."""

    setups: Setups
    library: Library | None
    max_bytes: int


def security_headers() -> dict[str, str]:
    """Sent with every response. Scripts: the server's own files and the report's one inline
    script, named by its hash; no inline event handlers, no other origin, no frames."""
    assets = page_assets()
    policy = ("default-src 'self'; "
              f"script-src 'self' '{assets.js_hash}'; style-src 'self' '{assets.css_hash}'; "
              "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
    return {"Content-Security-Policy": policy, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY", "Cache-Control": "no-store"}


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _size(n: int) -> str:
    """5 MB, 1.5 MB, 500 kB, 20 bytes."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


class TooLarge(ValueError):
    """A body over the size limit: 413."""


async def _body(request: Request, limit: int) -> bytes:
    """The request body, refused (413) past ``limit`` bytes without reading the rest."""
    declared = request.headers.get("content-length")
    too_big = TooLarge(f"the article is over the size limit of {_size(limit)} (newslint serve --max-size)")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_big
        chunks.append(chunk)
    return b"".join(chunks)


def build_app(conf: ServeSettings) -> Starlette:
    headers = security_headers()

    async def desk(request: Request) -> Response:
        return HTMLResponse((STATIC / "desk.html").read_text(encoding="utf-8"))

    async def api_check(request: Request) -> Response:
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", "html"):
            return _error(400, f"format must be json or html, got {fmt!r}")
        try:
            data = await _body(request, conf.max_bytes)
        except TooLarge as exc:
            return _error(413, str(exc))
        try:
            name = request.query_params.get("filename")
            if request.headers.get("content-type", "").split(";")[0].strip() == "application/json":
                try:
                    doc = json.loads(data)
                except (ValueError, UnicodeDecodeError) as exc:
                    raise BadRequest(f"the body is not valid JSON: {exc}") from None
                if not isinstance(doc, dict) or not isinstance(doc.get("text"), str):
                    raise BadRequest('a JSON body must be an object with "text" (a string) and optional "filename"')
                if doc.get("filename") is not None and not isinstance(doc["filename"], str):
                    raise BadRequest('"filename" must be a string')
                name = doc.get("filename") or name
                data = doc["text"].encode("utf-8", "surrogatepass")
            name = safe_name(name)
        except BadRequest as exc:
            return _error(400, str(exc))
        checked = await run_in_threadpool(check_bytes, conf.setups, name, data)
        if fmt == "html":
            return HTMLResponse(await run_in_threadpool(html_page, checked))
        return Response(checked.json(), media_type="application/json")

    async def api_files(request: Request) -> Response:
        if conf.library is None:
            return JSONResponse({"paths": [], "scanning": False, "done": 0, "total": 0, "error": None, "files": []})
        conf.library.refresh()
        return JSONResponse(conf.library.listing())

    async def report(request: Request) -> Response:
        path = request.query_params.get("path", "")
        page = await run_in_threadpool(conf.library.page, path) if conf.library is not None else None
        if page is None:
            return _error(404, f"not one of the served articles: {path!r}")
        return HTMLResponse(page)

    async def http_error(request: Request, exc: Exception) -> Response:  # 404, 405: JSON like every error
        return _error(getattr(exc, "status_code", 500), getattr(exc, "detail", "error"))

    async def failed(request: Request, exc: Exception) -> Response:  # a bug of ours: a message, not a bare 500 page
        return _error(500, f"newslint could not check this article ({type(exc).__name__}); please report it")

    routes = [
        Route("/", desk),
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/files", api_files),
        Route("/report", report),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: http_error, 405: http_error, Exception: failed})
    return WithHeaders(app, headers)


class WithHeaders:
    """ASGI middleware: every response (static files and errors too) gets the security headers."""

    def __init__(self, app, headers: dict[str, str]) -> None:
        self.app = app
        self.raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []), *(h for h in self.raw if h[0] not in present)]}
            await send(message)

        await self.app(scope, receive, send_with_headers)

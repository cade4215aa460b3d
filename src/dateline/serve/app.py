"""The web application: the API, the web UI's files, one error shape, and headers that keep
the UI's pages from loading anything but this server's own files."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .. import __version__
from ..errors import (
    DatelineError,
    FilterError,
    NotFoundError,
    RequestError,
    StoreBusyError,
    TokenError,
    WritesDisabledError,
)
from ..store import Store
from .api import router
from .state import ServerState

log = logging.getLogger(__name__)

STATIC = resources.files("dateline") / "serve" / "static"
WORLD = resources.files("dateline") / "data" / "world.geojson"
UI_FILES = {"app.js": "text/javascript", "docs.js": "text/javascript", "style.css": "text/css"}
# The UI is this server's own files and API: no CDN, no inline script, no framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


class SecurityHeaders:
    """Adds `SECURITY_HEADERS` to every response (a plain ASGI middleware: no cost per
    request beyond the headers)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


def status_of(error: DatelineError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, TokenError):
        return 401
    if isinstance(error, WritesDisabledError):
        return 403
    if isinstance(error, (FilterError, RequestError)):
        return 400
    if isinstance(error, StoreBusyError):
        return 503
    return 500


def error_response(status: int, code: str, message: str, hint: str = "") -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(
        {"error": {"code": code, "message": message, "hint": hint}},
        status_code=status,
        headers=headers,
    )


def validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in ("query", "body"))
        parts.append(f"{where or 'request'}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "the request is not valid"


def documented(app: FastAPI) -> dict:
    """The OpenAPI schema as the API answers: invalid requests are 400s in the one error
    shape (documented per endpoint), never FastAPI's default 422."""
    if app.openapi_schema is None:
        schema = FastAPI.openapi(app)
        for methods in schema["paths"].values():
            for operation in methods.values():
                operation.get("responses", {}).pop("422", None)
        for name in ("HTTPValidationError", "ValidationError"):
            schema.get("components", {}).get("schemas", {}).pop(name, None)
        app.openapi_schema = schema
    return app.openapi_schema


def create_app(db: str | Path, *, token: str = "") -> FastAPI:
    """The API and web UI over the dateline database at `db`, opened read-only; writes
    (`POST /api/v1/articles`) are accepted only with `token` set and presented."""
    path = Path(db)
    Store(path, readonly=True).close()  # refuse a missing or foreign file before serving
    server = ServerState(path, token=token or "")

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        server.stores.close()

    app = FastAPI(
        lifespan=lifespan,
        title="dateline",
        version=__version__,
        description="Who did what to whom, when, where, and who said so: merged events "
        "with the sentences behind them. Read-only unless the server has a token.",
        docs_url=None,  # FastAPI's own page loads Swagger UI from a CDN: /docs is ours
        openapi_url="/openapi.json",
        redoc_url=None,
    )
    app.state.dateline = server
    app.include_router(router)
    app.openapi = lambda: documented(app)  # type: ignore[method-assign]
    app.add_middleware(SecurityHeaders)

    @app.exception_handler(DatelineError)
    async def dateline_error(request: Request, exc: DatelineError) -> JSONResponse:
        status = status_of(exc)
        if status == 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        return error_response(status, exc.code, exc.message, exc.hint)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(
            400, RequestError.code, validation_message(exc), "see /docs for what it takes"
        )

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = NotFoundError.code if exc.status_code == 404 else RequestError.code
        message = "nothing here" if exc.status_code == 404 else str(exc.detail)
        return error_response(
            exc.status_code,
            code,
            f"{message}: {request.url.path}",
            "the API is under /api/v1; /docs lists it",
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("%s %s failed", request.method, request.url.path)
        return error_response(
            500,
            DatelineError.code,
            f"internal error ({type(exc).__name__})",
            "the server's log has the details",
        )

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        return Response((STATIC / "index.html").read_bytes(), media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> Response:
        return Response((STATIC / "docs.html").read_bytes(), media_type="text/html")

    @app.get("/ui/{name}", include_in_schema=False)
    def ui_file(name: str) -> Response:
        if name not in UI_FILES:
            raise NotFoundError(f"no UI file '{name}'")
        return Response((STATIC / name).read_bytes(), media_type=UI_FILES[name])

    @app.get("/ui/data/world.geojson", include_in_schema=False)
    def world() -> Response:
        return Response(WORLD.read_bytes(), media_type="application/geo+json")

    return app


def serve(db: str | Path, *, host: str = "127.0.0.1", port: int = 8765, token: str = "") -> None:
    """Run the API and web UI with uvicorn until interrupted (loopback only unless `host`
    says otherwise)."""
    import uvicorn

    app = create_app(db, token=token)
    uvicorn.run(app, host=host, port=port, log_level="warning")

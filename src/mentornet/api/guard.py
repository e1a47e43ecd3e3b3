"""The request guard: limits enforced while a request body arrives.

A pure ASGI middleware (no ``BaseHTTPMiddleware``: that one would read the
body for us) that, in this order,

1. answers 413 when a declared ``Content-Length`` is above the upload
   limit, without reading anything;
2. answers an unauthenticated write (``POST``/``PUT``/``PATCH``/``DELETE``)
   before reading its body: 401 on the JSON API (the token headers), the
   sign-in redirect (303) on the web pages (the token cookie) — the same
   checks as the routes' own (:func:`mentornet.api.deps.token_error`,
   :func:`mentornet.api.routers.web.web_write`);
3. counts the body's bytes as they arrive, chunked or not, and answers 413
   as soon as they pass the limit: nothing more is read or spooled;
4. refuses a JSON body nested deeper than
   :data:`mentornet.io.limits.MAX_JSON_DEPTH` with a 422 naming the line
   and column, before the standard library's recursive parser sees it.
"""

from __future__ import annotations

from typing import Any

import anyio
from fastapi.security.utils import get_authorization_scheme_param
from starlette.requests import Request

from mentornet.api.deps import TOKEN_COOKIE, token_error
from mentornet.api.problems import problem_response
from mentornet.api.settings import Settings
from mentornet.io.limits import MAX_JSON_DEPTH, json_too_deep

__all__ = ["SLACK_BYTES", "RequestGuard"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Room for the multipart framing and form fields around an uploaded file.
SLACK_BYTES = 65536
#: Web form posts that work without the token (signing in and out).
_OPEN_WEB_WRITES = frozenset({"/login", "/logout"})
#: JSON bodies above this size are checked for depth in a worker thread.
_THREAD_BYTES = 256 * 1024


class _BodyTooLarge(Exception):
    """Raised inside ``receive`` when the body passes the limit."""


def _too_large(limit: int, size: int | None = None) -> Any:
    said = f"the request is {size} bytes" if size is not None else "the request body goes on past the limit"
    return problem_response(
        413, "File too large",
        f"{said}; this server accepts at most {limit - SLACK_BYTES} bytes per upload (MENTORNET_MAX_UPLOAD_BYTES)",
        kind="too-large", headers={"Connection": "close"},
    )


def _is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class RequestGuard:
    """See the module docstring.

    Parameters
    ----------
    app : ASGI application
    settings : Settings
        The token and ``max_upload_bytes`` (the body limit is that plus
        :data:`SLACK_BYTES` for the multipart framing).
    """

    def __init__(self, app: Any, settings: Settings):
        self.app = app
        self.settings = settings
        self.max_bytes = settings.max_upload_bytes + SLACK_BYTES

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope.get("headers", ())}
        length = headers.get("content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                size = 0
            if size > self.max_bytes:
                await _too_large(self.max_bytes, size)(scope, receive, send)
                return
        method = scope.get("method", "GET").upper()
        if method in WRITE_METHODS and self.settings.token is not None:
            refusal = self._refuse_unauthenticated(scope, headers)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        # A write without a Content-Type is parsed as JSON too (FastAPI's lenient default).
        ctype = headers.get("content-type", "")
        await self._guarded(scope, receive, send, json_body=method in WRITE_METHODS and (not ctype.strip() or _is_json(ctype)))

    def _refuse_unauthenticated(self, scope: dict, headers: dict[str, str]) -> Any:
        path: str = scope.get("path", "")
        if path == "/api" or path.startswith("/api/"):
            scheme, credentials = get_authorization_scheme_param(headers.get("authorization"))
            given = credentials if scheme.lower() == "bearer" and credentials else headers.get("x-api-token")
            error = token_error(self.settings, given, "changing data")
            if error is None:
                return None
            # Connection: close, so that the rest of an unread body is not even received.
            return problem_response(error.status, error.title, error.detail, kind=error.kind,
                                    headers={**(error.headers or {}), "Connection": "close"})
        if path in _OPEN_WEB_WRITES or path.startswith("/static/"):
            return None
        request = Request(scope)
        if token_error(self.settings, request.cookies.get(TOKEN_COOKIE), "changing data") is None:
            return None
        response = _web_refusal(request)
        if response is not None:
            response.headers["Connection"] = "close"
        return response

    async def _guarded(self, scope: dict, receive: Any, send: Any, *, json_body: bool) -> None:
        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> dict:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    exceeded = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: dict) -> None:
            nonlocal started
            if exceeded and not started:
                return  # the app's answer to the cut-off body is replaced by the 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        app_receive = counting_receive
        if json_body:
            try:
                body = await _read_all(counting_receive)
            except _BodyTooLarge:
                await _too_large(self.max_bytes)(scope, receive, send)
                return
            deep = await _depth(body)
            if deep is not None:
                line, col = deep
                await problem_response(
                    422, "JSON nested too deep",
                    f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels (line {line}, character {col}); no request needs more than a few",
                    kind="invalid-request",
                    errors=[{"location": {"in": "body", "row": line, "column": col}, "where": f"body, line {line}, character {col}",
                             "message": f"nested deeper than {MAX_JSON_DEPTH} levels"}],
                )(scope, receive, send)
                return
            app_receive = _replay(body, receive)
        try:
            await self.app(scope, app_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await _too_large(self.max_bytes)(scope, receive, send)


async def _read_all(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _depth(body: bytes) -> tuple[int, int] | None:
    if len(body) > _THREAD_BYTES:
        return await anyio.to_thread.run_sync(json_too_deep, body)
    return json_too_deep(body)


def _replay(body: bytes, receive: Any) -> Any:
    sent = False

    async def replay() -> dict:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _web_refusal(request: Request) -> Any:
    """The web pages' own answer to a write without the sign-in cookie (usually the 303 to /login)."""
    from mentornet.api.problems import ApiError

    try:
        from mentornet.api.routers import web
    except ImportError:  # pragma: no cover - the pages are not installed
        return problem_response(401, "API token required", "sign in first", kind="token-required")
    try:
        web.web_write(request)
    except ApiError as exc:
        return web.error_page(request, exc.status, exc.title, exc.detail, exc.errors)
    except Exception as exc:  # the pages' redirect to the sign-in form
        url = getattr(exc, "url", None)
        if url is None:
            raise
        return web.redirect(url, getattr(exc, "flash", None))
    return None

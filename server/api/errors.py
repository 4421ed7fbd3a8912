"""Every error leaves as JSON `{"error": <stable code>, "message": ..., "detail": ...}`.

`message` is the code as a sentence in the request's language (English by
default); a stack trace never leaves the server.
"""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.i18n import error_message, request_language, with_messages
from server.errors import RateLimited, ServiceError
from server.text import printable

log = logging.getLogger(__name__)

_HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden",
               404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
               415: "unsupported_media_type"}


def install(app: FastAPI) -> None:
    """Register the handlers on `app` (add `CatchUnexpected` after every other middleware)."""
    app.add_exception_handler(ServiceError, _service_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def error_body(code: str, lang: str | None, detail: Any = None) -> dict[str, Any]:
    """The JSON of an error answer: the code, its message in `lang` (or English), the detail."""
    return {"error": code, "message": error_message(code, lang), "detail": detail}


def error_response(status: int, code: str, detail: Any = None,
                   headers: dict[str, str] | None = None, *,
                   lang: str | None = None) -> JSONResponse:
    return JSONResponse(error_body(code, lang, detail), status_code=status, headers=headers)


async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    lang = request_language(request)
    detail = exc.detail
    if isinstance(detail, list):
        detail = with_messages(detail, lang)
    return error_response(exc.status, exc.code, detail, headers, lang=lang)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    # Only where and what kind: the offending input itself is never echoed back.
    detail = [{"field": printable(".".join(str(part) for part in error.get("loc", ()))),
               "code": str(error.get("type", "invalid")), "params": _params(error)}
              for error in exc.errors()]
    lang = request_language(request)
    return error_response(422, "invalid_request", with_messages(detail, lang), lang=lang)


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, None, dict(exc.headers or {}) or None,
                          lang=request_language(request))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Where it happened, not the message: a database error's message can quote the row.
    trace = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s on %s %s\n%s", type(exc).__name__, request.method,
              request.url.path, trace)
    # The server closes the connection after this answer: say so, so that the client
    # does not send its next request on a connection that is going away.
    return error_response(500, "internal_error", headers={"Connection": "close"},
                          lang=request_language(request))


class ResponseWatch:
    """Passes an ASGI app's messages on and notes whether its answer has begun.

    A middleware that wants to answer instead of the app can only do so before then.
    """

    def __init__(self, send: Send) -> None:
        self._send = send
        self.started = False

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


class CatchUnexpected:
    """The outermost middleware: an unhandled exception never reaches the ASGI server.

    Starlette's own last-resort handler answers with `_unexpected` too, but then
    raises the exception again, and the server logs it with its message, which can
    quote personal data. Here it is answered (or, when the answer had already
    begun, cut short) and logged without its message.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        watch = ResponseWatch(send)
        try:
            await self.app(scope, receive, watch.send)
        except Exception as exc:  # the last resort: answered and logged
            response = await _unexpected(Request(scope), exc)
            if not watch.started:
                await response(scope, receive, send)


def _params(error: Any) -> dict[str, Any]:
    context = error.get("ctx") or {}
    return {k: v for k, v in context.items() if isinstance(v, int | str) and k != "error"}

"""Every error leaves as JSON `{"error": <stable code>, "detail": ...}`, never a stack trace."""

from __future__ import annotations

import logging
import traceback
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from server.api.i18n import request_language, with_messages
from server.errors import RateLimited, ServiceError

log = logging.getLogger(__name__)

_HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden",
               404: "not_found", 405: "method_not_allowed", 413: "body_too_large",
               415: "unsupported_media_type"}


def install(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(ServiceError, _service_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, _unexpected)


def error_response(status: int, code: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


async def _service_error(request: Request, exc: ServiceError) -> JSONResponse:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimited) else None
    detail = exc.detail
    if isinstance(detail, list):
        detail = with_messages(detail, request_language(request))
    return error_response(exc.status, exc.code, detail, headers)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    # Only where and what kind: the offending input itself is never echoed back.
    detail = [{"field": ".".join(str(part) for part in error.get("loc", ())),
               "code": str(error.get("type", "invalid")), "params": _params(error)}
              for error in exc.errors()]
    return error_response(422, "invalid_request", with_messages(detail,
                                                                request_language(request)))


async def _http_error(_request: Request, exc: HTTPException) -> JSONResponse:
    code = _HTTP_CODES.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, None, dict(exc.headers or {}) or None)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # Where it happened, not the message: a database error's message can quote the row.
    trace = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s on %s %s\n%s", type(exc).__name__, request.method,
              request.url.path, trace)
    return error_response(500, "internal_error")


def _params(error: Any) -> dict[str, Any]:
    context = error.get("ctx") or {}
    return {k: v for k, v in context.items() if isinstance(v, int | str) and k != "error"}

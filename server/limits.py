"""An ASGI middleware that refuses request bodies over a size limit while they stream in.

`Content-Length` is checked first, but not trusted: the bytes are counted as
they arrive, so a chunked or lying request is cut off too.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.api.errors import ResponseWatch, error_body
from server.api.i18n import request_language


class BodyTooLarge(HTTPException):
    """The request body is larger than the server accepts."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="body_too_large")


class BodyLimit:
    """Wraps an ASGI app; answers 413 `{"error": "body_too_large", ...}` past `max_bytes`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(scope, send)
            return
        seen = 0
        watch = ResponseWatch(send)

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge()
            return message

        try:
            await self.app(scope, counting_receive, watch.send)
        except BodyTooLarge:
            if not watch.started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        body = json.dumps(error_body("body_too_large", request_language(Request(scope)),
                                     {"max": self.max_bytes})).encode()
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"),
        ]})
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

"""Security headers on every answer the server gives, API and web pages alike.

- `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
  `X-Frame-Options: DENY` (and `frame-ancestors 'none'`): no answer is read as
  another type, leaks its URL onwards, or is shown inside another site's frame.
- `Content-Security-Policy`: a web page may load code, styles, fonts and images
  only from this server and talk only to it. The Flet web client needs little
  more: WebAssembly (CanvasKit), its inline styles, `blob:` workers and images,
  and its page's own inline scripts — allowed by their SHA-256 hashes, computed
  from the page as it is served, so no other inline script can run. Anything
  else (JSON, CSV) may load nothing at all.
- `Strict-Transport-Security` when the request came over TLS (uvicorn's
  certificate options, or `X-Forwarded-Proto: https` from a proxy listed in
  `--forwarded-allow-ips`).
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_HSTS = (b"strict-transport-security", b"max-age=31536000")
_NOTHING = b"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
_PAGE = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {hashes}; "
         "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
         "font-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; "
         "manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
         "frame-ancestors 'none'")
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def page_policy(html: bytes) -> bytes:
    """The Content-Security-Policy of an HTML page: its own inline scripts by hash."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(script).digest()).decode() + "'"
        for script in _INLINE_SCRIPT.findall(html))
    return _PAGE.format(hashes=hashes).encode()


class SecurityHeaders:
    """Wraps an ASGI app; adds the headers above to every HTTP answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [*_COMMON, *((_HSTS,) if scope.get("scheme") == "https" else ())]
        held: Message | None = None
        body: list[bytes] = []

        async def send_with_headers(message: Message) -> None:
            nonlocal held
            if message["type"] == "http.response.start":
                headers = [*message.get("headers", []), *extra]
                if not _is_html(headers):
                    await send({**message, "headers": [*headers,
                                                       (b"content-security-policy", _NOTHING)]})
                    return
                held = {**message, "headers": headers}  # the policy needs the page first
                return
            if held is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = b"".join(body)
            await send({**held, "headers": [*held["headers"],
                                            (b"content-security-policy", page_policy(page))]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, send_with_headers)


def _is_html(headers: list[tuple[bytes, bytes]]) -> bool:
    return any(name.lower() == b"content-type" and value.startswith(b"text/html")
               for name, value in headers)

"""The HTTP side of sync: one `requests` session that speaks protocol v1, and nothing else.

Every call has a timeout, certificates are always verified (against the
system's CAs, or only against the organisation's own CA bundle when one is
configured: `sync.trust`), and every failure becomes one of the typed errors of
`sync.errors`. Nothing of a request or answer body reaches a log or an
exception message.
"""

from __future__ import annotations

import email.utils
import ipaddress
import time
from collections.abc import Sequence
from datetime import UTC
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

import requests

from model.protocol import PushResult
from sync import protocol
from sync.errors import (
    AuthRequired,
    BadServerUrl,
    DeviceRevoked,
    InsecureUrl,
    Offline,
    RateLimited,
    ServerError,
    UnknownDevice,
    UntrustedServer,
)
from sync.protocol import EnrollAnswer, PullAnswer
from sync.trust import OwnCaAdapter, trust_context

# (connect, read) in seconds: a push of a full batch over a slow mobile link
# takes a few seconds; a dead link must not hold the sync for minutes.
DEFAULT_TIMEOUT = (10.0, 60.0)
USER_AGENT = "StreetContact-field/1"
API = "/api/v1"


class BatchRejected(ServerError):
    """The server refused a push as a whole (too large, or a record it cannot even read)."""

    code = "batch_rejected"


def check_server_url(url: str) -> str:
    """The server's base address without a trailing slash, if it may be used.

    https is required; plain http only to this machine (127.0.0.0/8, ::1,
    localhost), for trying the app out. Nothing is sent before this check.

    Raises:
        BadServerUrl: not a web address, or one with a user name, query or fragment.
        InsecureUrl: http to another machine, or another scheme.
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  # parses the port: raises ValueError when it is not a number
    except ValueError:
        raise BadServerUrl() from None
    if not parts.hostname or parts.username is not None or parts.query or parts.fragment:
        raise BadServerUrl()
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"
    raise InsecureUrl(parts.scheme or None)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ApiClient:
    """Talks to one StreetContact server over HTTP(S).

    Args:
        server_url: the server's base address (see `check_server_url`).
        token: the device token from enrollment; device calls need it.
        ca_pem: the organisation's own CA bundle (PEM text); when given, only
            that CA is trusted (a self-hosted server with its own certificates).
        timeout: (connect, read) seconds for every call.
    """

    def __init__(
        self,
        server_url: str,
        *,
        token: str | None = None,
        ca_pem: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.server_url = check_server_url(server_url)
        own_ca = trust_context(ca_pem) if ca_pem is not None else None
        self._timeout = timeout
        self._session = requests.Session()
        # Proxies, CA bundles and .netrc credentials from the environment would
        # change where data goes and whom we trust: settings come from the app.
        self._session.trust_env = False
        self._session.verify = True
        if own_ca is not None:
            self._session.mount("https://", OwnCaAdapter(own_ca))
        self._session.headers["User-Agent"] = USER_AGENT
        self._token = token
        if token is not None:
            self._session.headers["Authorization"] = f"Bearer {token}"

    def health(self) -> dict[str, Any]:
        """The server's health answer; raises if it is not reachable and well."""
        body = self._call("GET", "/health")
        if not isinstance(body, dict) or body.get("status") != "ok":
            raise protocol.bad_answer()
        return body

    def enroll(self, *, username: str, password: str, device_name: str) -> EnrollAnswer:
        """Register this device for a worker; the answer holds the device token.

        Raises:
            AuthRequired: wrong username or password.
            RateLimited: too many attempts; `retry_after` says how long to wait.
        """
        payload = {"username": username, "password": password, "device_name": device_name}
        return protocol.parse_enroll(self._call("POST", "/devices/enroll", json=payload))

    def push(self, records: Sequence[dict[str, Any]]) -> list[PushResult]:
        """Send wire records; the server answers per record."""
        try:
            body = self._call("POST", "/sync/push", json={"records": list(records)})
        except ServerError as error:
            if error.status in {400, 413, 422}:
                raise BatchRejected(status=error.status) from None
            raise
        return protocol.parse_push(body)

    def pull(self, since: str | None) -> PullAnswer:
        """Supervisor feedback for this device since the cursor (None: from the start)."""
        params = {"since": since} if since is not None else None
        return protocol.parse_pull(self._call("GET", "/sync/pull", params=params))

    def close(self) -> None:
        """Close the connections the session keeps open."""
        self._session.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _call(self, method: str, path: str, **kwargs: Any) -> object:
        try:
            response = self._session.request(
                method, f"{self.server_url}{API}{path}", timeout=self._timeout,
                allow_redirects=False, **kwargs,
            )
        except requests.exceptions.SSLError as exc:
            raise UntrustedServer() from exc
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            raise Offline(type(exc).__name__) from exc
        except requests.RequestException as exc:
            raise ServerError(type(exc).__name__) from exc
        with response:
            if response.status_code >= 500:
                # A server that failed may close the connection without saying
                # so; the next request must not go out on it.
                self._session.close()
            _raise_for_status(response, device_call=self._token is not None)
            try:
                return response.json()
            except (ValueError, requests.RequestException):
                raise protocol.bad_answer() from None


def _raise_for_status(response: requests.Response, *, device_call: bool) -> None:
    status = response.status_code
    if 200 <= status < 300:
        return
    retry_after = _retry_after(response.headers.get("Retry-After"))
    if status == 401 and device_call:
        code = _error_code(response)
        if code == DeviceRevoked.code:
            raise DeviceRevoked()
        if code == UnknownDevice.code:
            raise UnknownDevice()
    if status in (401, 403):
        raise AuthRequired(status=status)
    if status == 429:
        raise RateLimited(retry_after)
    raise ServerError(status=status, retry_after=retry_after)


def _error_code(response: requests.Response) -> str | None:
    try:
        body = response.json()
    except (ValueError, requests.RequestException):
        return None
    code = body.get("error") if isinstance(body, dict) else None
    return code if isinstance(code, str) else None


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - time.time())

"""Errors of the sync layer: one small class per thing that can go wrong.

Each carries a stable `code` that the screens translate; the exception text is
that code plus, at most, an HTTP status — never a server's answer body, a
username or anything from a contact.
"""

from __future__ import annotations


class SyncError(Exception):
    """Base of the sync layer's errors."""

    code = "sync_error"
    retryable = True

    def __init__(
        self, detail: str | None = None, *, status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        extra = [str(status)] if status is not None else []
        super().__init__(" ".join([self.code, *extra, *([detail] if detail else [])]))
        self.status = status
        self.retry_after = retry_after


class Offline(SyncError):
    """The server cannot be reached: no network, refused, timed out or cut off."""

    code = "offline"


class UntrustedServer(SyncError):
    """The server's certificate is not trusted (unknown CA, wrong name, or a captive portal)."""

    code = "untrusted_server"


class ServerError(SyncError):
    """The server answered with an error or with something that is not the protocol."""

    code = "server_error"


class RateLimited(SyncError):
    """The server asks us to slow down; `retry_after` says for how many seconds."""

    code = "rate_limited"

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__(None, retry_after=retry_after)


class AuthRequired(SyncError):
    """The server refused the credentials (wrong username or password, or not allowed)."""

    code = "auth_required"
    retryable = False


class DeviceRevoked(SyncError):
    """The server no longer accepts this device: its local data must be wiped."""

    code = "device_revoked"
    retryable = False


class UnknownDevice(SyncError):
    """The server does not know this device (restored from an older backup): connect it again.

    Nothing is wiped: the phone keeps its contacts and stops syncing until it is enrolled again.
    """

    code = "unknown_device"
    retryable = False


class NotEnrolled(SyncError):
    """This device has no server token yet: it must be enrolled first."""

    code = "not_enrolled"
    retryable = False


class BadServerUrl(SyncError):
    """The server address is not a plain web address (no user name, query or fragment)."""

    code = "bad_server_url"
    retryable = False


class InsecureUrl(SyncError):
    """The server address is not https (plain http is allowed to this machine only)."""

    code = "insecure_url"
    retryable = False


class BadCaBundle(SyncError):
    """The organisation's CA bundle cannot be used; `reason` says why (too large, not PEM)."""

    code = "bad_ca_bundle"
    retryable = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason

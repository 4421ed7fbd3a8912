"""Errors the services raise; the API turns each into a status and a stable code."""

from __future__ import annotations

from typing import Any


class ServiceError(Exception):
    """Base of the errors a caller of the services can get."""

    status = 400
    code = "bad_request"

    def __init__(self, detail: Any = None) -> None:
        super().__init__(self.code)
        self.detail = detail


class NotFound(ServiceError):
    """No such object in the caller's organisation (another organisation's looks the same)."""

    status = 404
    code = "not_found"


class Forbidden(ServiceError):
    """The caller's role may not do this."""

    status = 403
    code = "forbidden"


class NotAuthenticated(ServiceError):
    """No valid session."""

    status = 401
    code = "not_authenticated"


class BadCredentials(ServiceError):
    """Unknown user or wrong password."""

    status = 401
    code = "bad_credentials"


class DeviceRevoked(ServiceError):
    """The device is one the server knows and has revoked: the app wipes its local data."""

    status = 401
    code = "device_revoked"


class UnknownDevice(ServiceError):
    """The server does not know the device token (e.g. restored from an older backup)."""

    status = 401
    code = "unknown_device"


class RateLimited(ServiceError):
    """Too many attempts; `retry_after` says how many seconds to wait."""

    status = 429
    code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__({"retry_after": retry_after})
        self.retry_after = retry_after


class InvalidInput(ServiceError):
    """The request is well-formed JSON but breaks a rule; `detail` lists field errors."""

    status = 422
    code = "invalid_request"


class Conflict(ServiceError):
    """The object exists already (e.g. a username)."""

    status = 409
    code = "conflict"


def field_errors(*errors: tuple[str, str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Field errors in the shape of `model.FieldError.as_dict()`."""
    return [{"field": f, "code": c, "params": p} for f, c, p in errors]

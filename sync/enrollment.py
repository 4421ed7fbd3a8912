"""Enrolling this phone with a server, and what enrollment leaves in the vault.

The device token is a credential: it lives only in the encrypted vault's
settings, never in a plain file or the platform's shared preferences. The
organisation's own CA bundle, when it has one, is kept there too (its PEM
text), and every client made here trusts only it.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from model import Enrollment
from storage import municipalities
from sync.client import DEFAULT_TIMEOUT, ApiClient, check_server_url
from sync.errors import NotEnrolled, SyncError
from sync.trust import certificates_in

log = logging.getLogger(__name__)

SERVER_URL = "sync.server_url"
TOKEN = "sync.token"  # noqa: S105  # the key under which the token is kept
ENROLLMENT = "sync.enrollment"
CURSOR = "sync.cursor"
LAST_REPORT = "sync.last_report"
# Set when the server no longer knew this phone: the worker must connect it again.
RECONNECT = "sync.reconnect"
CA_BUNDLE = "sync.ca_bundle"


class AlreadyEnrolled(SyncError):
    """This phone is enrolled already; its data belongs to that enrollment."""

    code = "already_enrolled"
    retryable = False


class Settings(Protocol):
    """The vault's encrypted key/value settings."""

    def get(self, key: str, default: Any = None) -> Any: ...

    def set(self, key: str, value: Any) -> None: ...

    def delete(self, key: str) -> None: ...


class HasSettings(Protocol):
    """A vault, as far as enrollment needs one."""

    @property
    def settings(self) -> Settings: ...


def enroll(
    vault: HasSettings,
    *,
    server_url: str,
    username: str,
    password: str,
    device_name: str,
    timeout: tuple[float, float] = DEFAULT_TIMEOUT,
) -> Enrollment:
    """Register this phone for a worker and keep the token in the vault.

    Raises:
        AlreadyEnrolled: the vault holds an enrollment already.
        InsecureUrl, BadServerUrl: the address may not be used (checked before sending).
        AuthRequired: wrong username or password.
        RateLimited, Offline, UntrustedServer, ServerError: try again later.
    """
    if vault.settings.get(TOKEN) is not None:
        raise AlreadyEnrolled()
    base = check_server_url(server_url)
    with ApiClient(base, ca_pem=ca_bundle(vault), timeout=timeout) as client:
        answer = client.enroll(username=username, password=password, device_name=device_name)
    enrollment = Enrollment(
        worker_id=answer.worker_id, device_id=answer.device_id, org_id=answer.org_id
    )
    vault.settings.set(SERVER_URL, base)
    vault.settings.set(ENROLLMENT, {
        "worker_id": enrollment.worker_id, "device_id": enrollment.device_id,
        "org_id": enrollment.org_id, "worker_name": answer.worker_name,
        "org_name": answer.org_name,
    })
    if answer.municipalities is not None:
        municipalities.keep(vault.settings, answer.municipalities)
    # The token last: its presence is what makes the phone count as enrolled.
    vault.settings.set(TOKEN, answer.token)
    vault.settings.delete(RECONNECT)
    log.info("device enrolled")
    return enrollment


def forget_token(vault: HasSettings) -> None:
    """The server does not know this phone's token: drop it, and ask to connect again.

    The enrollment's names stay (the privacy notice still names the
    organisation); the pull cursor goes, as the server that gave it may not
    know it either. The token goes last: a phone that stops half-way still
    holds it, and meets the same answer at its next sync.
    """
    vault.settings.delete(CURSOR)
    vault.settings.set(RECONNECT, True)
    vault.settings.delete(TOKEN)
    log.warning("the server does not know this device: it must be connected again")


def must_reconnect(vault: HasSettings) -> bool:
    """Whether the server forgot this phone and the worker must connect it again."""
    return vault.settings.get(TOKEN) is None and vault.settings.get(RECONNECT) is True


def current_enrollment(vault: HasSettings) -> Enrollment | None:
    """Who records on this phone, or None before enrollment."""
    stored = vault.settings.get(ENROLLMENT)
    if vault.settings.get(TOKEN) is None or not isinstance(stored, dict):
        return None
    return Enrollment(
        worker_id=stored["worker_id"], device_id=stored["device_id"], org_id=stored["org_id"]
    )


def organisation_name(vault: HasSettings) -> str | None:
    """The name of the organisation this phone is enrolled with, as the server gave it."""
    stored = vault.settings.get(ENROLLMENT)
    name = stored.get("org_name") if isinstance(stored, dict) else None
    return name if isinstance(name, str) else None


def worker_name(vault: HasSettings) -> str | None:
    """The enrolled worker's name as the server knows it."""
    stored = vault.settings.get(ENROLLMENT)
    return stored.get("worker_name") if isinstance(stored, dict) else None


def connect(vault: HasSettings, *, timeout: tuple[float, float] = DEFAULT_TIMEOUT) -> ApiClient:
    """A client for the server this phone is enrolled with, carrying its token.

    Raises:
        NotEnrolled: no token in the vault.
    """
    token = vault.settings.get(TOKEN)
    server_url = vault.settings.get(SERVER_URL)
    if not isinstance(token, str) or not isinstance(server_url, str):
        raise NotEnrolled()
    return ApiClient(server_url, token=token, ca_pem=ca_bundle(vault), timeout=timeout)


def ca_bundle(vault: HasSettings) -> str | None:
    """The organisation's own CA bundle (PEM text) kept in the vault, or None: the system's CAs."""
    pem = vault.settings.get(CA_BUNDLE)
    return pem if isinstance(pem, str) else None


def keep_ca_bundle(vault: HasSettings, pem: str | None) -> int:
    """Trust only the CAs in `pem` from now on (None: the system's again); how many it holds.

    Raises:
        BadCaBundle: too large, or no certificate in it; nothing is changed.
    """
    if pem is None:
        vault.settings.delete(CA_BUNDLE)
        return 0
    count = certificates_in(pem)
    vault.settings.set(CA_BUNDLE, pem)
    return count

"""The organisation's own CA bundle: read once from a file, kept (encrypted) in the vault.

Sync trusts only that CA once it is kept (`sync.enrollment.keep_ca_bundle`).
Phones of an earlier version kept a path to the file in the plain settings
file and read it at every sync; at unlock that file is read into the vault
once and the path is dropped — unless the file cannot be read right then (a
card not mounted yet), when it is tried again at the next unlock.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fieldapp.settings import Settings
from fieldapp.vault import VaultKeeper
from sync import enrollment
from sync.errors import BadCaBundle
from sync.trust import MAX_CA_BUNDLE_BYTES, certificates_in

log = logging.getLogger(__name__)

# Why a file cannot be the CA bundle (codes the screens translate).
MISSING = "missing"
TOO_LARGE = "too_large"
NOT_CERTIFICATES = "not_certificates"


class ServerTrust:
    """Which CA sync trusts: the system's, or only the organisation's own."""

    def __init__(self, vault: VaultKeeper, settings: Settings) -> None:
        self._vault = vault
        self._settings = settings

    def certificates(self) -> int:
        """How many certificates the kept CA bundle holds; 0: none kept, the system's CAs."""
        pem = enrollment.ca_bundle(self._vault.open_vault())
        if pem is None:
            return 0
        try:
            return certificates_in(pem)
        except BadCaBundle:  # cannot happen for one checked before it was kept
            return 0

    def keep_file(self, path: str) -> str | None:
        """Trust only the CA bundle in the file at `path` from now on.

        Returns why it cannot be used (`MISSING`, `TOO_LARGE`, `NOT_CERTIFICATES`),
        or None once its content is kept in the vault; nothing changes on a problem.
        """
        try:
            pem = _read(Path(path))
        except OSError:
            return MISSING
        except BadCaBundle as bad:
            return bad.reason
        try:
            enrollment.keep_ca_bundle(self._vault.open_vault(), pem)
        except BadCaBundle as bad:
            return bad.reason
        return None

    def forget(self) -> None:
        """Trust the system's CAs again."""
        enrollment.keep_ca_bundle(self._vault.open_vault(), None)

    def adopt_earlier_path(self) -> None:
        """At unlock: move a CA bundle named by path (an earlier version's way) into the vault."""
        path = self._settings.current.ca_bundle
        if path is None:
            return
        problem = self.keep_file(path)
        if problem == MISSING:
            log.warning("the CA bundle's file cannot be read now: trying at the next unlock")
            return
        if problem is not None:
            log.warning("the CA bundle's file cannot be used (%s): the path is dropped", problem)
        self._settings.forget_ca_bundle_path()


def _read(path: Path) -> str:
    """The text of a CA bundle file, read no further than a CA bundle can be long.

    Raises:
        OSError: no such file (or not a file), or it cannot be read.
        BadCaBundle: too large, or not text.
    """
    with path.open("rb") as file:
        data = file.read(MAX_CA_BUNDLE_BYTES + 1)
    if len(data) > MAX_CA_BUNDLE_BYTES:
        raise BadCaBundle(TOO_LARGE)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise BadCaBundle(NOT_CERTIFICATES) from None

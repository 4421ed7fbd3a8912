"""Whom the phone trusts over TLS when the organisation runs its own CA: that CA only.

The CA bundle's PEM text is kept in the vault's encrypted settings (read once
from a file, never re-read from a path). `requests` only takes a CA bundle as
a file path, so the client mounts an adapter whose TLS context is made from
the text itself: no file to write, to find a writable folder for on a phone,
or to leave behind, and nothing but that CA in the context — the system's and
certifi's CAs are never loaded next to it.
"""

from __future__ import annotations

import ssl
from typing import Any

from requests.adapters import HTTPAdapter

from sync.errors import BadCaBundle

# A CA bundle is a few certificates; Mozilla's whole public set is about 220 KB.
MAX_CA_BUNDLE_BYTES = 256 * 1024


def trust_context(pem: str) -> ssl.SSLContext:
    """A TLS context that verifies servers against the CAs in `pem` and nothing else.

    Raises:
        BadCaBundle: "too_large", or "not_certificates" when `pem` holds no
            certificate the TLS library can read.
    """
    if len(pem.encode("utf-8", "surrogatepass")) > MAX_CA_BUNDLE_BYTES:
        raise BadCaBundle("too_large")
    if not pem.strip():  # the ssl module would load the system's CAs for an empty one
        raise BadCaBundle("not_certificates")
    try:
        context = ssl.create_default_context(cadata=pem)
    except (ssl.SSLError, ValueError, UnicodeError):
        raise BadCaBundle("not_certificates") from None
    if not context.cert_store_stats()["x509"]:
        raise BadCaBundle("not_certificates")
    return context


def certificates_in(pem: str) -> int:
    """How many certificates a usable CA bundle holds. Raises BadCaBundle."""
    return int(trust_context(pem).cert_store_stats()["x509"])


class OwnCaAdapter(HTTPAdapter):
    """An HTTPS adapter that verifies servers against one TLS context (see `trust_context`)."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__()  # makes the pool manager, with the context

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        super().init_poolmanager(connections, maxsize, block=block,
                                 ssl_context=self._context, **pool_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # Verification always on, with this context alone: requests would name
        # certifi's bundle here, and loaded into the context it would trust
        # every public CA as well.
        conn.cert_reqs = "CERT_REQUIRED"
        conn.ca_certs = None
        conn.ca_cert_dir = None

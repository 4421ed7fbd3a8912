"""Passwords (scrypt, per-user salt) and random bearer tokens stored only as hashes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# scrypt cost: n=2**15, r=8 → 32 MiB and ~50-100 ms per check on a small server.
_N, _R, _P = 2**15, 8, 1
_MAXMEM = 64 * 1024 * 1024
_SCHEME = "scrypt"


def hash_password(password: str) -> str:
    """A self-describing scrypt hash with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, _N, _R, _P)
    return "$".join((_SCHEME, str(_N), str(_R), str(_P), _b64(salt), _b64(digest)))


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored`, compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCHEME or int(n) > 2**17 or int(r) > 16 or int(p) > 4:
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def dummy_password_check(password: str) -> None:
    """Spend the time of a real check, so unknown usernames do not answer faster."""
    _scrypt(password, b"0" * 16, _N, _R, _P)


def new_token() -> str:
    """A random bearer token (256 bits), shown once and never stored as such."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """The SHA-256 hash under which a token is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def keyed_hash(secret: str, value: str) -> str:
    """An HMAC of `value`, for keys (account names, addresses) that must not be stored plainly."""
    return hmac.new(secret.encode(), value.encode("utf-8", "surrogatepass"),
                    hashlib.sha256).hexdigest()[:40]


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8", "surrogatepass"), salt=salt, n=n, r=r, p=p,
                          maxmem=_MAXMEM, dklen=32)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")

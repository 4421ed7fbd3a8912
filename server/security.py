"""Passwords (Argon2id, per-user salt) and random bearer tokens stored only as hashes.

Passwords are hashed with Argon2id at OWASP's parameters (19 MiB, 2 passes, 1 lane).
Hashes made before that are scrypt (`scrypt$n$r$p$salt$digest`): they still verify,
and `needs_rehash` says to replace one with an Argon2id hash at the next sign-in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_ARGON2 = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32,
                         salt_len=16)
_ARGON2_PREFIX = "$argon2id$"
# The scrypt hashes of earlier versions: verified (within these bounds), never made.
_SCRYPT = "scrypt"
_SCRYPT_MAXMEM = 64 * 1024 * 1024


def hash_password(password: str) -> str:
    """A self-describing Argon2id hash with a fresh random salt."""
    return _ARGON2.hash(password.encode("utf-8", "surrogatepass"))


def verify_password(password: str, stored: str) -> bool:
    """Whether `password` matches `stored` (Argon2id, or an earlier scrypt hash)."""
    if stored.startswith(_ARGON2_PREFIX):
        try:
            return _ARGON2.verify(stored, password.encode("utf-8", "surrogatepass"))
        except (VerificationError, InvalidHashError):
            return False
    return _verify_scrypt(password, stored)


def needs_rehash(stored: str) -> bool:
    """Whether `stored` is not an Argon2id hash with today's parameters."""
    if not stored.startswith(_ARGON2_PREFIX):
        return True
    try:
        return _ARGON2.check_needs_rehash(stored)
    except InvalidHashError:
        return True


def dummy_password_check(password: str) -> None:
    """Spend the time of a real check, so unknown usernames do not answer faster."""
    verify_password(password, _dummy_hash())


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


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def _verify_scrypt(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != _SCRYPT or int(n) > 2**17 or int(r) > 16 or int(p) > 4:
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8", "surrogatepass"),
                                salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                                maxmem=_SCRYPT_MAXMEM, dklen=32)
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)

"""The key that unlocks the data key: scrypt over the PIN, mixed with the device secret.

scrypt is memory-hard and available in every `cryptography` since long
before 43 (Argon2id is not, and the phone build ships 43.0.1). The default
costs one derivation of about a third of a second and 128 MiB here, which
makes every guess at a 6-digit PIN that expensive. Parameters come from the
key file, so they are checked against bounds before any memory is spent.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from storage.errors import VaultCorrupted

KEY_SIZE = 32
# Bounds for parameters read from a file: no derivation may take more than
# 512 MiB or about 2**25 block operations, whatever a damaged file says.
MIN_LOG2_N = 10
MAX_LOG2_N = 20
MAX_R = 32
MAX_P = 16
MAX_MEMORY = 512 * 1024 * 1024
MAX_WORK = 1 << 25
_INFO = b"streetcontact key-encryption key v1"


@dataclass(frozen=True)
class ScryptParams:
    """scrypt's cost: n = 2**log2_n, block size r, parallelism p."""

    log2_n: int = 17
    r: int = 8
    p: int = 1

    @property
    def n(self) -> int:
        return 1 << self.log2_n

    @property
    def memory(self) -> int:
        """Bytes one derivation needs."""
        return 128 * self.r * self.n

    def check(self) -> ScryptParams:
        """These parameters, if within bounds.

        Raises:
            VaultCorrupted: out of bounds (a damaged or forged key file).
        """
        if not (MIN_LOG2_N <= self.log2_n <= MAX_LOG2_N and 1 <= self.r <= MAX_R
                and 1 <= self.p <= MAX_P and self.memory <= MAX_MEMORY
                and self.n * self.r * self.p <= MAX_WORK):
            raise VaultCorrupted("key derivation parameters out of bounds")
        return self


DEFAULT_SCRYPT = ScryptParams()


def derive_kek(pin: str, *, salt: bytes, params: ScryptParams, context: bytes,
               device_secret: bytes | None) -> bytes:
    """The key-encryption key for `pin`.

    The scrypt output is passed through HKDF keyed with the device secret (when
    there is one) and bound to `context` (the vault's id), so a copied key file
    is useless without the secret kept in the phone's secure storage.
    """
    params.check()
    stretched = Scrypt(salt=salt, length=KEY_SIZE, n=params.n, r=params.r,
                       p=params.p).derive(pin.encode("utf-8"))
    return HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=device_secret,
                info=_INFO + context).derive(stretched)

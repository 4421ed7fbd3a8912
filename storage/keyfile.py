"""The vault's key file: the data key, wrapped by a key derived from the PIN; the wrong-PIN count.

    magic(8) version(u16) state(u8) kdf(u8) flags(u8) log2_n(u8) r(u16) p(u16)
    salt(16) vault_id(16) nonce(12) AES-256-GCM(data key)(32) tag(16) failures(u8) sha256(32)

The associated data of the wrapped key is everything before the nonce as the
first version wrote it (version 1), so changed parameters make unwrapping
fail, and a key wrapped by the first version still unwraps now that the file
also holds the count. Version 1 files lack the `failures` byte: their count
was kept in a file beside this one (`storage.attempts`). The closing SHA-256
of all that comes before it tells a damaged file from a wrong PIN, so damage
never costs PIN attempts, and a damaged count is damage: nothing is tried,
nothing erased. A destroyed vault keeps a tombstone (state 2, no key
material) so the app can say what happened.
"""

from __future__ import annotations

import hashlib
import os
import struct
from dataclasses import dataclass, replace

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from storage.errors import UnsupportedVersion, VaultCorrupted, VaultDestroyed
from storage.kdf import ScryptParams
from storage.pin import MAX_ATTEMPTS

MAGIC = b"\x89SCKY\r\n\x1a"
VERSION = 2
FIRST_VERSION = 1
KDF_SCRYPT = 1
LIVE = 1
DESTROYED = 2
FLAG_DEVICE_SECRET = 1
SALT_SIZE = 16
ID_SIZE = 16
NONCE_SIZE = 12
WRAPPED_SIZE = 32 + 16
COUNT_SIZE = 1
DIGEST_SIZE = 32

_HEAD = struct.Struct(">8sHBBBBHH16s16s")
FIRST_SIZE = _HEAD.size + NONCE_SIZE + WRAPPED_SIZE + DIGEST_SIZE
SIZE = FIRST_SIZE + COUNT_SIZE
COUNT_OFFSET = SIZE - DIGEST_SIZE - COUNT_SIZE


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file of a live vault.

    `failures` is the count of wrong PINs in a row; None for a version 1 file,
    which kept it beside the key file.
    """

    params: ScryptParams
    salt: bytes
    vault_id: bytes
    device_secret: bool
    nonce: bytes = bytes(NONCE_SIZE)
    wrapped: bytes = bytes(WRAPPED_SIZE)
    failures: int | None = 0

    @classmethod
    def new(cls, params: ScryptParams, *, device_secret: bool) -> KeyFile:
        """A key file with fresh salt and vault id, not yet holding a key."""
        return cls(params=params, salt=os.urandom(SALT_SIZE), vault_id=os.urandom(ID_SIZE),
                   device_secret=device_secret)

    def _head(self, *, version: int = FIRST_VERSION, state: int = LIVE) -> bytes:
        flags = FLAG_DEVICE_SECRET if self.device_secret else 0
        return _HEAD.pack(MAGIC, version, state, KDF_SCRYPT, flags, self.params.log2_n,
                          self.params.r, self.params.p, self.salt, self.vault_id)

    def pack(self) -> bytes:
        """The file's bytes, always in this version's layout."""
        if self.failures is None or not 0 <= self.failures <= MAX_ATTEMPTS:
            raise ValueError("the count of wrong PINs is missing or out of bounds")
        return _sealed(self._head(version=VERSION) + self.nonce + self.wrapped
                       + bytes([self.failures]))

    def counting(self, failures: int) -> KeyFile:
        """This key file, holding `failures` as the count of wrong PINs in a row."""
        return replace(self, failures=failures)

    def wrap(self, data_key: bytes, kek: bytes) -> KeyFile:
        """This key file holding `data_key`, encrypted with `kek` under a fresh nonce."""
        nonce = os.urandom(NONCE_SIZE)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, self._head())
        return replace(self, nonce=nonce, wrapped=wrapped)

    def unwrap(self, kek: bytes) -> bytes | None:
        """The data key, or None when `kek` (the PIN, the device secret) is not the right one."""
        try:
            return AESGCM(kek).decrypt(self.nonce, self.wrapped, self._head())
        except InvalidTag:
            return None


def tombstone() -> bytes:
    """What stays of a destroyed vault's key file: no key material at all (version 1 layout)."""
    blank = KeyFile(params=ScryptParams(), salt=bytes(SALT_SIZE), vault_id=bytes(ID_SIZE),
                    device_secret=False)
    return _sealed(blank._head(state=DESTROYED) + bytes(NONCE_SIZE + WRAPPED_SIZE))


def parse(blob: bytes) -> KeyFile:
    """The key file in `blob`, every field checked before use.

    Raises:
        VaultDestroyed: the vault was destroyed after too many wrong PINs.
        VaultCorrupted: not a key file, or a field (the count too) out of bounds.
    """
    if len(blob) not in (FIRST_SIZE, SIZE) or _sealed(blob[:-DIGEST_SIZE]) != blob:
        raise VaultCorrupted("key file damaged")
    magic, version, state, kdf, flags, log2_n, r, p, salt, vault_id = _HEAD.unpack_from(blob)
    if magic != MAGIC:
        raise VaultCorrupted("not a key file")
    if version not in (FIRST_VERSION, VERSION):
        raise UnsupportedVersion(f"key file version {version}")
    if len(blob) != (SIZE if version == VERSION else FIRST_SIZE):
        raise VaultCorrupted("key file damaged")
    if state == DESTROYED:
        raise VaultDestroyed("the key was destroyed")
    if state != LIVE or kdf != KDF_SCRYPT or flags & ~FLAG_DEVICE_SECRET:
        raise VaultCorrupted("key file parameters out of bounds")
    params = ScryptParams(log2_n=log2_n, r=r, p=p).check()
    nonce = blob[_HEAD.size : _HEAD.size + NONCE_SIZE]
    wrapped = blob[_HEAD.size + NONCE_SIZE : _HEAD.size + NONCE_SIZE + WRAPPED_SIZE]
    return KeyFile(params=params, salt=salt, vault_id=vault_id,
                   device_secret=bool(flags & FLAG_DEVICE_SECRET), nonce=nonce, wrapped=wrapped,
                   failures=_failures(blob) if version == VERSION else None)


def _failures(blob: bytes) -> int:
    failures = blob[COUNT_OFFSET]
    if failures > MAX_ATTEMPTS:
        raise VaultCorrupted("wrong-PIN count out of bounds")
    return failures


def _sealed(body: bytes) -> bytes:
    return body + hashlib.sha256(body).digest()

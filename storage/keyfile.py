"""The vault's key file: the data key, wrapped by the key derived from the PIN.

    magic(8) version(u16) state(u8) kdf(u8) flags(u8) log2_n(u8) r(u16) p(u16)
    salt(16) vault_id(16) nonce(12) AES-256-GCM(data key)(32) tag(16) sha256(32)

Everything before the nonce is the associated data of the wrapped key, so
changed parameters make unwrapping fail. The closing SHA-256 of all that
comes before it tells a damaged file from a wrong PIN, so damage never costs
PIN attempts. A destroyed vault keeps a tombstone (state 2, no key material)
so the app can say what happened.
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

MAGIC = b"\x89SCKY\r\n\x1a"
VERSION = 1
KDF_SCRYPT = 1
LIVE = 1
DESTROYED = 2
FLAG_DEVICE_SECRET = 1
SALT_SIZE = 16
ID_SIZE = 16
NONCE_SIZE = 12
WRAPPED_SIZE = 32 + 16
DIGEST_SIZE = 32

_HEAD = struct.Struct(">8sHBBBBHH16s16s")
SIZE = _HEAD.size + NONCE_SIZE + WRAPPED_SIZE + DIGEST_SIZE


@dataclass(frozen=True)
class KeyFile:
    """The parsed key file of a live vault."""

    params: ScryptParams
    salt: bytes
    vault_id: bytes
    device_secret: bool
    nonce: bytes = bytes(NONCE_SIZE)
    wrapped: bytes = bytes(WRAPPED_SIZE)

    @classmethod
    def new(cls, params: ScryptParams, *, device_secret: bool) -> KeyFile:
        """A key file with fresh salt and vault id, not yet holding a key."""
        return cls(params=params, salt=os.urandom(SALT_SIZE), vault_id=os.urandom(ID_SIZE),
                   device_secret=device_secret)

    def _head(self, state: int = LIVE) -> bytes:
        flags = FLAG_DEVICE_SECRET if self.device_secret else 0
        return _HEAD.pack(MAGIC, VERSION, state, KDF_SCRYPT, flags, self.params.log2_n,
                          self.params.r, self.params.p, self.salt, self.vault_id)

    def pack(self) -> bytes:
        return _sealed(self._head() + self.nonce + self.wrapped)

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
    """What stays of a destroyed vault's key file: no key material at all."""
    blank = KeyFile(params=ScryptParams(), salt=bytes(SALT_SIZE), vault_id=bytes(ID_SIZE),
                    device_secret=False)
    return _sealed(blank._head(DESTROYED) + bytes(NONCE_SIZE + WRAPPED_SIZE))


def parse(blob: bytes) -> KeyFile:
    """The key file in `blob`, every field checked before use.

    Raises:
        VaultDestroyed: the vault was destroyed after too many wrong PINs.
        VaultCorrupted: not a key file, or a parameter out of bounds.
    """
    if len(blob) != SIZE or _sealed(blob[:-DIGEST_SIZE]) != blob:
        raise VaultCorrupted("key file damaged")
    magic, version, state, kdf, flags, log2_n, r, p, salt, vault_id = _HEAD.unpack_from(blob)
    if magic != MAGIC:
        raise VaultCorrupted("not a key file")
    if version != VERSION:
        raise UnsupportedVersion(f"key file version {version}")
    if state == DESTROYED:
        raise VaultDestroyed("the key was destroyed")
    if state != LIVE or kdf != KDF_SCRYPT or flags & ~FLAG_DEVICE_SECRET:
        raise VaultCorrupted("key file parameters out of bounds")
    params = ScryptParams(log2_n=log2_n, r=r, p=p).check()
    rest = blob[_HEAD.size : -DIGEST_SIZE]
    return KeyFile(params=params, salt=salt, vault_id=vault_id,
                   device_secret=bool(flags & FLAG_DEVICE_SECRET),
                   nonce=rest[:NONCE_SIZE], wrapped=rest[NONCE_SIZE:])


def _sealed(body: bytes) -> bytes:
    return body + hashlib.sha256(body).digest()

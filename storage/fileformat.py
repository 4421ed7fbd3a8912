"""The byte layout of the encrypted data file, and its encryption.

    header   magic(8) version(u16) cipher(u8) kdf(u8) nonce_size(u8) tag_size(u8)
             salt(16) key_check(16)
    slot 0   nonce(12) | AES-256-GCM(seq u64 | length u64 | count u64 | base u64) | tag(16)
    slot 1   the same
    records  body_length(u32) | nonce(12) | AES-256-GCM(payload) | tag(16), repeated

The file's own key is derived from the data key with HKDF-SHA256 and the
file's random salt, so every rewrite of the file encrypts under a fresh key
and records cannot be moved from one file to another. The header (without
the key check) is the associated data of every slot and record, together
with the slot's number or the record's position: a changed header, or a
record moved, dropped or swapped, fails authentication. Every nonce is
random and fresh. The key check tells a wrong key apart from damage.

Nothing read from the file is trusted before it is checked against bounds:
no length read from it can make the reader allocate more than the file's
own size.
"""

from __future__ import annotations

import hmac
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from storage.errors import UnsupportedVersion, VaultCorrupted

MAGIC = b"\x89SCDB\r\n\x1a"
VERSION = 1
CIPHER_AES_256_GCM = 1
KDF_HKDF_SHA256 = 1
NONCE_SIZE = 12
TAG_SIZE = 16
SALT_SIZE = 16
CHECK_SIZE = 16
KEY_SIZE = 32

_HEADER = struct.Struct(">8sHBBBB16s16s")
_SLOT = struct.Struct(">QQQQ")
_LENGTH = struct.Struct(">I")
_INDEX = struct.Struct(">Q")

HEADER_SIZE = _HEADER.size
SLOT_SIZE = NONCE_SIZE + _SLOT.size + TAG_SIZE
RECORDS_OFFSET = HEADER_SIZE + 2 * SLOT_SIZE
RECORD_OVERHEAD = _LENGTH.size + NONCE_SIZE + TAG_SIZE
# One record is one write of the database; a snapshot is cut into records of
# a few megabytes, so this only guards against nonsense lengths.
MAX_RECORD = 1 << 30
_INFO = b"streetcontact data file v1"


@dataclass(frozen=True)
class Header:
    """The file's fixed header: format, parameters and the salt of its key."""

    salt: bytes
    check: bytes

    def pack(self) -> bytes:
        return _HEADER.pack(MAGIC, VERSION, CIPHER_AES_256_GCM, KDF_HKDF_SHA256,
                            NONCE_SIZE, TAG_SIZE, self.salt, self.check)

    @property
    def associated(self) -> bytes:
        """What every slot and record is bound to: the header without the key check."""
        return self.pack()[: HEADER_SIZE - CHECK_SIZE]


@dataclass(frozen=True)
class Slot:
    """A commit: the file is valid up to `length` bytes, holding `count` records.

    `base` is the length the file had when it was last written whole: what
    lies beyond it was appended since.
    """

    seq: int
    length: int
    count: int
    base: int


def parse_header(blob: bytes) -> Header:
    """The header at the start of `blob`, with every parameter checked."""
    if len(blob) < RECORDS_OFFSET:
        raise VaultCorrupted("file shorter than its header")
    magic, version, cipher, kdf, nonce_size, tag_size, salt, check = _HEADER.unpack_from(blob)
    if magic != MAGIC:
        raise VaultCorrupted("not a data file")
    if version != VERSION:
        raise UnsupportedVersion(f"format version {version}")
    if (cipher, kdf, nonce_size, tag_size) != (CIPHER_AES_256_GCM, KDF_HKDF_SHA256,
                                               NONCE_SIZE, TAG_SIZE):
        raise VaultCorrupted("cipher parameters out of bounds")
    return Header(salt=salt, check=check)


class FileCipher:
    """Seals and opens the slots and records of one data file."""

    def __init__(self, data_key: bytes, header: Header) -> None:
        if len(data_key) != KEY_SIZE:
            raise ValueError("the data key must be 32 bytes")
        derived = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE + CHECK_SIZE,
                       salt=header.salt, info=_INFO).derive(data_key)
        self._aead = AESGCM(derived[:KEY_SIZE])
        self.check = derived[KEY_SIZE:]
        self.header = header
        self._associated = header.associated

    @classmethod
    def create(cls, data_key: bytes) -> FileCipher:
        """A cipher for a new file, with a fresh salt."""
        draft = cls(data_key, Header(salt=os.urandom(SALT_SIZE), check=bytes(CHECK_SIZE)))
        return cls(data_key, Header(salt=draft.header.salt, check=draft.check))

    def key_matches(self) -> bool:
        return hmac.compare_digest(self.check, self.header.check)

    def seal_slot(self, number: int, slot: Slot) -> bytes:
        nonce = os.urandom(NONCE_SIZE)
        plain = _SLOT.pack(slot.seq, slot.length, slot.count, slot.base)
        return nonce + self._aead.encrypt(nonce, plain, self._slot_aad(number))

    def open_slot(self, number: int, raw: bytes) -> Slot | None:
        """The slot's commit, or None when it does not authenticate."""
        try:
            plain = self._aead.decrypt(raw[:NONCE_SIZE], raw[NONCE_SIZE:], self._slot_aad(number))
        except InvalidTag:
            return None
        return Slot(*_SLOT.unpack(plain))

    def seal_record(self, index: int, payload: bytes) -> bytes:
        nonce = os.urandom(NONCE_SIZE)
        body = nonce + self._aead.encrypt(nonce, payload, self._record_aad(index))
        return _LENGTH.pack(len(body)) + body

    def open_records(self, data: bytes, *, end: int, count: int) -> Iterator[bytes]:
        """The payloads of the `count` records between the header and `end`.

        Raises:
            VaultCorrupted: a record is cut, out of bounds, or fails authentication,
                or the records do not end exactly at `end`.
        """
        position = RECORDS_OFFSET
        view = memoryview(data)
        for index in range(count):
            if end - position < RECORD_OVERHEAD:
                raise VaultCorrupted("record cut short")
            (length,) = _LENGTH.unpack_from(data, position)
            position += _LENGTH.size
            if not NONCE_SIZE + TAG_SIZE <= length <= min(end - position, MAX_RECORD):
                raise VaultCorrupted("record length out of bounds")
            body = view[position : position + length]
            position += length
            try:
                yield self._aead.decrypt(body[:NONCE_SIZE], body[NONCE_SIZE:],
                                         self._record_aad(index))
            except InvalidTag:
                raise VaultCorrupted("record fails authentication") from None
        if position != end:
            raise VaultCorrupted("records do not match the commit")

    def _slot_aad(self, number: int) -> bytes:
        return self._associated + b"S" + bytes([number])

    def _record_aad(self, index: int) -> bytes:
        return self._associated + b"R" + _INDEX.pack(index)

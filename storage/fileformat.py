"""The byte layouts of the encrypted data file and its commit file, and their encryption.

Data file:

    header   magic(8) version(u16) cipher(u8) kdf(u8) nonce_size(u8) tag_size(u8)
             salt(16) key_check(16)
    records  body_length(u32) | nonce(12) | AES-256-GCM(payload) | tag(16), repeated

Commit file (replaced whole, atomically, at every save):

    magic(8) version(u16) nonce(12) AES-256-GCM(seq u64 | salt(16) | length u64 |
             count u64 | base u64) tag(16)

The data file's own key is derived from the data key with HKDF-SHA256 and
the file's random salt, so every rewrite of the file encrypts under a fresh
key and records cannot be moved from one file to another. The header (without
the key check) is the associated data of every record, together with the
record's position: a changed header, or a record moved, dropped or swapped,
fails authentication. The commit names the data file by its salt and says
how many bytes and records of it are committed. Every nonce is random and
fresh. The key check tells a wrong key apart from damage.

Nothing read from a file is trusted before it is checked against bounds: no
length read from it can make the reader allocate more than the file's size.
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
COMMIT_MAGIC = b"\x89SCCM\r\n\x1a"
VERSION = 1
CIPHER_AES_256_GCM = 1
KDF_HKDF_SHA256 = 1
NONCE_SIZE = 12
TAG_SIZE = 16
SALT_SIZE = 16
CHECK_SIZE = 16
KEY_SIZE = 32

_HEADER = struct.Struct(">8sHBBBB16s16s")
_COMMIT_HEAD = struct.Struct(">8sH")
_COMMIT = struct.Struct(">Q16sQQQ")
_LENGTH = struct.Struct(">I")
_INDEX = struct.Struct(">Q")

HEADER_SIZE = _HEADER.size
RECORDS_OFFSET = HEADER_SIZE
COMMIT_SIZE = _COMMIT_HEAD.size + NONCE_SIZE + _COMMIT.size + TAG_SIZE
RECORD_OVERHEAD = _LENGTH.size + NONCE_SIZE + TAG_SIZE
# One record is one write of the database; a snapshot is cut into records of
# a few megabytes, so this only guards against nonsense lengths.
MAX_RECORD = 1 << 30
_INFO = b"streetcontact data file v1"
_COMMIT_INFO = b"streetcontact commit v1"


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
        """What every record is bound to: the header without the key check."""
        return self.pack()[: HEADER_SIZE - CHECK_SIZE]


@dataclass(frozen=True)
class Commit:
    """What is saved: the data file with this salt, up to `length` bytes, holding `count` records.

    `base` is the length the file had when it was last written whole: what
    lies beyond it was appended since. `seq` grows by one with every commit.
    """

    seq: int
    salt: bytes
    length: int
    count: int
    base: int


def parse_header(blob: bytes) -> Header:
    """The header at the start of `blob`, with every parameter checked."""
    if len(blob) < HEADER_SIZE:
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
    """Seals and opens the records of one data file."""

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

    def _record_aad(self, index: int) -> bytes:
        return self._associated + b"R" + _INDEX.pack(index)


class CommitCipher:
    """Seals and opens commit files, under a key of their own derived from the data key."""

    def __init__(self, data_key: bytes) -> None:
        if len(data_key) != KEY_SIZE:
            raise ValueError("the data key must be 32 bytes")
        key = HKDF(algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None,
                   info=_COMMIT_INFO).derive(data_key)
        self._aead = AESGCM(key)
        self._head = _COMMIT_HEAD.pack(COMMIT_MAGIC, VERSION)

    def seal(self, commit: Commit) -> bytes:
        nonce = os.urandom(NONCE_SIZE)
        plain = _COMMIT.pack(commit.seq, commit.salt, commit.length, commit.count, commit.base)
        return self._head + nonce + self._aead.encrypt(nonce, plain, self._head)

    def open(self, blob: bytes) -> Commit | None:
        """The commit in `blob`; None when it does not authenticate (damage, or another key).

        Raises:
            VaultCorrupted: not a commit file.
            UnsupportedVersion: a commit file of a format this app does not know.
        """
        if len(blob) != COMMIT_SIZE:
            raise VaultCorrupted("commit file has the wrong size")
        magic, version = _COMMIT_HEAD.unpack_from(blob)
        if magic != COMMIT_MAGIC:
            raise VaultCorrupted("not a commit file")
        if version != VERSION:
            raise UnsupportedVersion(f"commit version {version}")
        start = _COMMIT_HEAD.size
        try:
            plain = self._aead.decrypt(blob[start : start + NONCE_SIZE],
                                       blob[start + NONCE_SIZE :], self._head)
        except InvalidTag:
            return None
        return Commit(*_COMMIT.unpack(plain))

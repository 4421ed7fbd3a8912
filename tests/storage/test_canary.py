"""No personal data in any file the vault writes, not even for a moment.

Every text field of the contacts (and a review comment and a setting) holds
a unique canary string. Neither the canary nor its UTF-8, UTF-16, JSON-escaped
or base64 forms, nor the search keys made from it, may appear in any file in
the vault's folder: checked after every fsync (so temporary files, the
journal and half-done rewrites are seen) and at the end.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from model import search_keys
from model.protocol import read_changes
from model.values import Municipality
from storage import encrypted_storage, fsio
from storage.repository import ContactRepository
from storage.vault import Vault
from tests.factories import make_contact

from .conftest import FAST_KDF, PIN


def forms(text: str) -> set[bytes]:
    """The byte patterns that would betray `text` in a file."""
    raw = text.encode("utf-8")
    found = {raw, text.encode("utf-16-le"), text.encode("utf-16-be"),
             json.dumps(text)[1:-1].encode("ascii")}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + raw)
        found.add(encoded[4:-4])  # the part that does not depend on what surrounds it
    for key in (search_keys.fold(text), search_keys.loose(text)):
        if len(key) >= 8:
            found.add(key.encode("ascii"))
    return found


def canary(field: str, number: int) -> str:
    return f"Ștefan-canary-{field}-{number}-7c1d9e"


class Scanner:
    def __init__(self, folders: list[Path], patterns: set[bytes]) -> None:
        self.folders, self.patterns, self.files_seen = folders, patterns, set()

    def scan(self) -> None:
        for folder in self.folders:
            for path in folder.rglob("*"):
                if path.is_file():
                    self.files_seen.add(path.name)
                    content = path.read_bytes()
                    leaked = [p for p in self.patterns if p in content]
                    assert not leaked, f"personal data in {path.name}"


def test_no_canary_in_any_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.device_secret import FileSecretStore

    monkeypatch.setattr(encrypted_storage, "MIN_APPENDED", 4096)  # rewrites happen too
    folder, secret = tmp_path / "vault", tmp_path / "secret"
    texts = [canary(f, n) for n in range(12) for f in ("alias", "notes", "area", "other")]
    texts += [canary("comment", 0), canary("token", 0)]
    scanner = Scanner([folder, secret], {p for t in texts for p in forms(t)})
    real_fsync = fsio.fsync

    def fsync_and_scan(fd: int) -> None:
        real_fsync(fd)
        scanner.scan()

    monkeypatch.setattr(fsio, "fsync", fsync_and_scan)
    vault = Vault.create(folder, PIN, kdf=FAST_KDF, secret_store=FileSecretStore(secret / "s"))
    repo = ContactRepository(vault)
    stored = [repo.add(make_contact(**fields(n))) for n in range(12)]
    for n, item in enumerate(stored):
        repo.update(item.id, {"notes": canary("notes", n) + " (edited)"})
    repo.apply_feedback(read_changes([{"kind": "review", "contact_id": stored[0].id,
                                       "state": "has_issues", "comment": canary("comment", 0),
                                       "reviewed_at": None}]).changes)
    vault.settings.set("device_token", canary("token", 0))
    vault.db.storage.compact()  # type: ignore[attr-defined]
    assert repo.search("stefan canary alias 3")[0].contact.alias == canary("alias", 3)
    vault.lock()
    scanner.scan()
    assert {"contacts.db", "contacts.db.commit", "vault.key"} <= scanner.files_seen
    assert any(name.endswith(".tmp") for name in scanner.files_seen), "temp files were checked"


def fields(n: int) -> dict[str, Any]:
    return {
        "consent": "given", "alias": canary("alias", n), "notes": canary("notes", n),
        "area": canary("area", n), "municipality": Municipality.OTHER,
        "municipality_other": canary("other", n), "health_mental": "yes", "addiction": "yes",
    }

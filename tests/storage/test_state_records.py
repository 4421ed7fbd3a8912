"""Sync states in records of their own: cheap to change, atomic with the contact, old vaults read.

A state change writes a small record per contact and leaves the contact's
document alone; a contact and its record are written in one journal record;
a vault written before these records existed opens with every state it had.
"""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tinydb.table
from tinydb import TinyDB
from tinydb.storages import MemoryStorage

from model import FieldError
from model.protocol import PushResult, field_error_from_wire
from storage import records
from storage.database import VaultDatabase
from storage.encrypted_storage import EncryptedStorage
from storage.errors import ContactNotFound, VaultCorrupted
from storage.journal import Journal
from storage.repository import STATES, TABLE, ContactRepository
from storage.sync_states import SyncState
from storage.vault import DATA_FILE, Vault
from tests.factories import NOW, make_contact

from .conftest import PIN

OLD_VAULT = Path(__file__).parent / "vaults" / "before_state_records"
MISSING = "6f1c7d2e-0000-4000-8000-000000000000"


def open_db(path: Path, key: bytes) -> VaultDatabase:
    return VaultDatabase(path, storage=EncryptedStorage, key=key)


def stored_tables(path: Path, key: bytes) -> dict[str, Any]:
    storage = EncryptedStorage(path, key=key)
    try:
        return storage.read() or {}
    finally:
        storage.close()


def standing(repo: ContactRepository) -> dict[str, tuple[str, str | None, int | None, int]]:
    """Each contact's (state, last error, last acknowledged rev, rev), by its area."""
    return {s.contact.area or "": (s.sync_state.value, s.last_error, s.synced_rev, s.contact.rev)
            for s in repo.list()}


# Cheap state changes


def test_a_state_change_writes_a_few_bytes_per_contact_and_leaves_documents_alone(
        repo: ContactRepository, vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    added = [repo.add(make_contact(consent="given", alias="Marek", notes="n" * 1500)).id
             for _ in range(40)]
    documents = dict(vault.db.table(TABLE).documents())
    written: list[int] = []
    real_append = Journal.append

    def append(journal: Journal, payload: bytes) -> None:
        written.append(len(payload))
        real_append(journal, payload)

    def rewrite(journal: Journal, payloads: Any) -> None:
        written.append(sum(len(p) for p in payloads))

    monkeypatch.setattr(Journal, "append", append)
    monkeypatch.setattr(Journal, "rewrite", rewrite)
    repo.mark_sending(added)
    repo.mark_sent([PushResult(i, 1, "stored") for i in added])
    repo.mark_failed(added, "not sent")  # synced stays synced: nothing to write
    assert len(written) == 2, "one write per batch, none that rewrites the file"
    assert max(written) < 100 * len(added), f"{written} bytes for {len(added)} state changes"
    assert dict(vault.db.table(TABLE).documents()) == documents
    assert all(d is documents[k] for k, d in vault.db.table(TABLE).documents().items())
    assert repo.counts()["synced"] == len(added)


def test_outbox_and_counts_decode_only_what_they_return(
        repo: ContactRepository, monkeypatch: pytest.MonkeyPatch) -> None:
    added = [repo.add(make_contact(now=NOW.replace(minute=m))).id for m in range(12)]
    repo.mark_sent([PushResult(i, 1, "stored") for i in added[:4]])
    parsed: list[object] = []
    real_parse = records.parse_wire
    monkeypatch.setattr(records, "parse_wire", lambda wire: parsed.append(wire) or real_parse(wire))
    copied: list[object] = []
    real_document = tinydb.table.Document.__init__

    def counting_document(self: Any, value: Any, doc_id: int) -> None:
        copied.append(doc_id)
        real_document(self, value, doc_id)

    monkeypatch.setattr(tinydb.table.Document, "__init__", counting_document)
    assert repo.counts() == {"pending": 8, "sending": 0, "synced": 4, "failed": 0,
                             "quarantined": 0}
    assert [s.id for s in repo.outbox(3)] == added[4:7]
    assert len(parsed) == 3, "only the contacts returned are decoded"
    assert copied == [], "no document is copied"


# Atomic with the contact, durable, checked


def test_a_contact_and_its_state_record_are_one_write_cut_anywhere(
        memory_dir: Path, key: bytes) -> None:
    """A crash while a contact is saved leaves both its document and its record, or neither."""
    path, commit = memory_dir / "contacts.db", memory_dir / "contacts.db.commit"
    repo = ContactRepository(open_db(path, key))
    first = repo.add(make_contact())
    data_before, commit_before = path.read_bytes(), commit.read_bytes()
    second = repo.add(make_contact())
    data_after, commit_after = path.read_bytes(), commit.read_bytes()
    repo._db().close()
    assert data_after.startswith(data_before)
    one = {str(records.doc_id(first.id))}
    both = one | {str(records.doc_id(second.id))}
    for length in range(len(data_before), len(data_after) + 1):
        path.write_bytes(data_after[:length])
        commit.write_bytes(commit_before)
        tables = stored_tables(path, key)
        assert set(tables[TABLE]) == set(tables[STATES]) == one
    path.write_bytes(data_after)
    commit.write_bytes(commit_after)
    tables = stored_tables(path, key)
    assert set(tables[TABLE]) == set(tables[STATES]) == both


def test_states_survive_reopen(repo: ContactRepository, vault: Vault, vault_dir: Path) -> None:
    names = ("pending", "sending", "synced", "failed", "invalid", "conflict", "set aside")
    ids = {name: repo.add(make_contact(area=name)).id for name in names}
    repo.mark_sending(ids.values())
    repo.mark_sent([PushResult(ids["synced"], 1, "duplicate"),
                    PushResult(ids["invalid"], 1, "invalid", (FieldError("alias", "required"),)),
                    PushResult(ids["conflict"], 1, "conflict")])
    repo.mark_failed([ids["failed"]], "timeout")
    repo.quarantine({ids["set aside"]: 1}, reason="conflict", errors=[FieldError("rev", "stale")])
    repo.update(ids["pending"], {"area": "pending"})
    expected, counts = repo.list(), repo.counts()
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    reopened = ContactRepository(again)
    assert reopened.list() == expected
    assert reopened.counts() == counts == {"pending": 1, "sending": 1, "synced": 1,
                                           "failed": 1, "quarantined": 3}
    assert standing(reopened)["pending"] == ("pending", None, None, 2)
    assert reopened.get(ids["invalid"]).errors == (FieldError("alias", "required"),)
    again.db.storage.compact()  # type: ignore[attr-defined]  # written whole: the same
    again.lock()
    third = Vault.open(vault_dir, PIN)
    assert ContactRepository(third).list() == expected
    third.lock()


def test_a_damaged_state_record_is_refused_like_any_other(memory_dir: Path, key: bytes) -> None:
    path = memory_dir / "contacts.db"
    repo = ContactRepository(open_db(path, key))
    contact = repo.add(make_contact())
    start = path.stat().st_size
    repo.mark_sending([contact.id])
    original = path.read_bytes()
    repo._db().close()
    assert len(original) - start < 300, "the state change is one small record"
    for position in range(start, len(original)):
        damaged = bytearray(original)
        damaged[position] ^= 1 << (position % 8)
        path.write_bytes(damaged)
        with pytest.raises(VaultCorrupted):
            open_db(path, key)
    path.write_bytes(original)
    db = open_db(path, key)
    assert ContactRepository(db).get(contact.id).sync_state == SyncState.SENDING
    db.close()


@pytest.mark.parametrize("record", [
    {"s": "synced", "v": 2},  # about another revision
    {"s": "sent", "v": 1},
    {"v": 1},
    {"s": "synced", "v": 1, "x": "broken"},
    {"s": "synced", "v": 1, "x": [{"field": 3}]},
    {"s": "synced", "v": 1, "k": "1"},
    {"s": "synced", "v": 1, "z": 0},
])
def test_a_state_record_that_does_not_fit_yields_to_the_document(
        repo: ContactRepository, vault: Vault, record: object) -> None:
    """Assume failure first: a contact whose record cannot be trusted goes again."""
    contact = repo.add(make_contact())
    key = records.doc_id(contact.id)
    vault.db.table(STATES).transact(lambda table: table.update({key: record}))
    assert repo.get(contact.id).sync_state == SyncState.PENDING
    assert repo.counts()["pending"] == 1
    assert [s.id for s in repo.outbox(5)] == [contact.id]
    repo.mark_sent([PushResult(contact.id, 1, "stored")])
    assert repo.get(contact.id).sync_state == SyncState.SYNCED


def test_a_record_that_is_not_a_document_is_refused_before_anything_is_written(
        repo: ContactRepository, vault: Vault, vault_dir: Path) -> None:
    contact = repo.add(make_contact())
    before = (vault_dir / DATA_FILE).read_bytes()
    key = records.doc_id(contact.id)
    with pytest.raises(ValueError):
        vault.db.table(STATES).transact(lambda table: table.update({key: ["synced", 1]}))
    assert (vault_dir / DATA_FILE).read_bytes() == before
    assert repo.get(contact.id).sync_state == SyncState.PENDING
    vault.lock()
    again = Vault.open(vault_dir, PIN)
    assert ContactRepository(again).counts()["pending"] == 1
    again.lock()


def test_a_document_rewritten_without_its_record_is_sent_again(
        repo: ContactRepository, vault: Vault) -> None:
    """A contact edited by a version that knows nothing of state records: the edit goes."""
    contact = repo.add(make_contact())
    repo.mark_sent([PushResult(contact.id, 1, "stored")])
    key = records.doc_id(contact.id)
    edited = records.to_doc(records.StoredContact(dataclasses.replace(contact.contact, rev=2),
                                                  SyncState.PENDING, synced_rev=1))
    vault.db.table(TABLE).transact(lambda table: table.update({key: edited}))
    got = repo.get(contact.id)
    assert (got.sync_state, got.contact.rev, got.synced_rev) == (SyncState.PENDING, 2, 1)
    assert [s.id for s in repo.outbox(5)] == [contact.id]


# The quarantine call


def test_quarantine_sets_aside_with_a_reason_only_the_revision_judged(
        repo: ContactRepository, commits: list[str]) -> None:
    judged, edited = repo.add(make_contact()), repo.add(make_contact())
    repo.mark_sending([judged.id, edited.id])
    repo.update(edited.id, {"area": "Park"})
    commits.clear()
    repo.quarantine({judged.id: 1, edited.id: 1, MISSING: 1}, reason="invalid",
                    errors=[FieldError("record", "batch_rejected"),
                            field_error_from_wire(
                                {"field": "x" * 100, "code": "big", "params": {"max": 3}})])
    assert commits.count(DATA_FILE + ".commit") == 1
    got = repo.get(judged.id)
    assert (got.sync_state, got.last_error) == (SyncState.QUARANTINED, "invalid")
    assert got.errors == (FieldError("record", "batch_rejected"),
                          FieldError("x" * 64, "big", {"max": 3}))
    assert repo.get(edited.id).sync_state == SyncState.PENDING
    assert repo.retry(judged.id).sync_state == SyncState.PENDING
    with pytest.raises(ContactNotFound):
        repo.quarantine({"not-an-id": 1}, reason="invalid")


# Vaults written before the state records


@pytest.fixture
def old_vault(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "old"
    shutil.copytree(OLD_VAULT, folder)
    yield folder


OLD_STANDING = {
    "pending": ("pending", None, None, 1),
    "sending": ("sending", None, None, 1),
    "synced": ("synced", None, 1, 1),
    "failed": ("failed", "network", None, 1),
    "quarantined": ("quarantined", "invalid", None, 1),
    "edited": ("pending", None, 1, 2),
    "stale": ("failed", "stale", None, 1),
}


def test_a_vault_written_before_state_records_opens_with_its_states(old_vault: Path) -> None:
    vault = Vault.open(old_vault, PIN)
    assert STATES not in vault.db.tables()
    repo = ContactRepository(vault)
    assert standing(repo) == OLD_STANDING
    assert repo.counts() == {"pending": 2, "sending": 1, "synced": 1, "failed": 2,
                             "quarantined": 1}
    by_area = {s.contact.area: s for s in repo.list()}
    assert by_area["quarantined"].errors == (FieldError("age_band", "required"),)
    assert [s.contact.area for s in repo.outbox(10)] == ["pending", "sending", "failed",
                                                         "stale", "edited"]
    vault.lock()


def test_an_old_vault_moves_states_into_records_as_they_change(old_vault: Path) -> None:
    vault = Vault.open(old_vault, PIN)
    repo = ContactRepository(vault)
    ids = {s.contact.area: s.id for s in repo.list()}
    documents = dict(vault.db.table(TABLE).documents())
    repo.mark_sending([ids["pending"], ids["edited"], ids["synced"]])
    repo.mark_sent([PushResult(ids["edited"], 2, "stored")])
    repo.retry(ids["quarantined"])
    assert dict(vault.db.table(TABLE).documents()) == documents, "documents untouched"
    expected = {**OLD_STANDING, "pending": ("sending", None, None, 1),
                "edited": ("synced", None, 2, 2), "quarantined": ("pending", None, None, 1)}
    assert standing(repo) == expected
    repo.update(ids["synced"], {"notes": "later"})
    expected["synced"] = ("pending", None, 1, 2)
    vault.lock()
    again = Vault.open(old_vault, PIN)
    assert standing(ContactRepository(again)) == expected
    again.lock()


# Several tables in one write


@pytest.mark.parametrize("storage", ["encrypted", "memory"])
def test_a_write_to_several_tables_is_one_write_or_none(
        tmp_path: Path, key: bytes, storage: str) -> None:
    db: TinyDB
    if storage == "encrypted":
        db = open_db(tmp_path / "db.bin", key)
    else:
        db = VaultDatabase(storage=MemoryStorage)
    assert isinstance(db, VaultDatabase)
    db.table("a").insert({"n": 1})

    def both(tables: dict[str, dict[int, Any]]) -> None:
        tables["a"][1]["n"] = 2  # in place, as TinyDB's operations do
        tables["b"][7] = {"n": 7}

    def fails(tables: dict[str, dict[int, Any]]) -> None:
        both(tables)
        del tables["a"][1]
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError):
        db.transact(("a", "b"), fails)
    assert db.table("a").all() == [{"n": 1}]
    assert db.table("b").all() == []
    db.transact(("a", "b"), both)
    assert db.table("a").all() == [{"n": 2}]
    assert [(d.doc_id, dict(d)) for d in db.table("b").all()] == [(7, {"n": 7})]
    if storage == "encrypted":
        db.close()
        again = open_db(tmp_path / "db.bin", key)
        assert (again.table("a").all(), again.table("b").all()) == ([{"n": 2}], [{"n": 7}])
        again.close()

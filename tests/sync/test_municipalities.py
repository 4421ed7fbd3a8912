"""The organisation's municipalities reach the phone (enrollment, pull); contacts kept in the
vault by the version before (wire schema 1 names) keep working and sync as duplicates."""

from __future__ import annotations

import secrets
from pathlib import Path

import requests

from model import to_wire
from storage import municipalities
from storage.records import TABLE, doc_id
from sync.enrollment import TOKEN
from sync.retry import RetryPolicy
from tests.sync.live_server import LiveServer
from tests.sync.phone import Phone

PASSWORD = "a long password for the tests"


def _organisation(server: LiveServer) -> tuple[str, tuple[str, str]]:
    """A new organisation of its own, with a worker: (its name, the worker's credentials)."""
    org, worker = f"Muni-{secrets.token_hex(3)}", f"muniworker{secrets.token_hex(3)}"
    server.cli("create-org", org)
    server.cli("create-user", "--org", org, "--role", "worker", worker, password=PASSWORD)
    return org, (worker, PASSWORD)


def _codes(phone: Phone) -> list[str]:
    kept = municipalities.kept(phone.vault.settings)
    assert kept is not None
    return sorted(m.code for m in kept)


def test_the_list_arrives_at_enrollment_and_each_change_on_the_next_pull(
        tmp_path: Path, server: LiveServer) -> None:
    org, worker = _organisation(server)
    phone = Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                  policy=RetryPolicy(quick_retries=0))
    assert _codes(phone) == ["GM0344", "GM0363", "GM0518", "GM0599", "GM0772", "GM0983"]
    server.cli("municipalities", org, "--add", "GM0153", "Enschede")
    server.cli("municipalities", org, "--remove", "GM0983")
    report = phone.sync()
    assert report.error is None
    assert _codes(phone) == ["GM0153", "GM0344", "GM0363", "GM0518", "GM0599", "GM0772"]
    kept = municipalities.kept(phone.vault.settings)
    assert kept is not None and ("GM0153", "Enschede") in {(m.code, m.name) for m in kept}
    # A contact recorded there travels by its code.
    met = phone.record(municipality="GM0153")
    assert phone.sync().error is None
    assert server.content(met.id, 1)["municipality"] == "GM0153"
    # Pulled once: the next pull brings nothing new.
    assert phone.sync().pulled == 0


def test_a_contact_kept_by_the_version_before_is_read_by_code_and_sent_again_as_a_duplicate(
        tmp_path: Path, server: LiveServer) -> None:
    _, worker = _organisation(server)
    phone = Phone(tmp_path / "phone", server_url=server.url, credentials=worker,
                  policy=RetryPolicy(quick_retries=0))
    met = phone.record(municipality="GM0363")
    # As the version before kept it: wire schema 1, the municipality by name.
    old = {k: v for k, v in to_wire(met, schema=1).items() if k != "entitlement_indication"}
    assert old["municipality"] == "amsterdam"

    def as_before(table: dict[int, object]) -> None:
        key = doc_id(met.id)
        table[key] = {**table[key], "contact": old}  # type: ignore[dict-item]

    phone.vault.db.table(TABLE).transact(as_before)  # type: ignore[arg-type]
    phone.crash()
    phone.reopen()
    assert phone.contacts()[met.id].contact.municipality == "GM0363"
    # The version before had sent it already (its answer lost): the server holds schema 1.
    sent = requests.post(f"{server.url}/api/v1/sync/push", json={"records": [old]}, timeout=30,
                         headers={"Authorization": f"Bearer {phone.vault.settings.get(TOKEN)}"})
    assert [r["status"] for r in sent.json()["results"]] == ["stored"]
    report = phone.sync()  # now in schema 2, by code: the same revision
    assert (report.error, report.acknowledged, report.quarantined) == (None, 1, 0)
    assert server.content(met.id, 1)["municipality"] == "amsterdam"  # kept as received

"""The sync protocol: every (id, rev) stored once however often a phone retries."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import requests
from sqlalchemy import delete, func, select

from model import Enrollment, revise
from server.api.i18n import error_message
from server.models import ContactRevision, CurrentContact, Device
from tests.server.conftest import LiveServer, World, enrolled
from tests.server.helpers import contact, wire


def _enrollment(world: World) -> Enrollment:
    return Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)


def _stored_revisions(live: LiveServer, ids: list[str]) -> dict[tuple[str, int], int]:
    with live.database.sessions() as db:
        rows = db.execute(select(ContactRevision.contact_id, ContactRevision.rev, func.count())
                          .where(ContactRevision.contact_id.in_(ids))
                          .group_by(ContactRevision.contact_id, ContactRevision.rev)).all()
    return {(cid, rev): n for cid, rev, n in rows}


def test_same_batch_pushed_three_times_is_stored_once(live: LiveServer, world: World) -> None:
    batch = [wire(contact(_enrollment(world))) for _ in range(20)]
    statuses = [[r["status"] for r in world.alpha.worker.push(batch)] for _ in range(3)]
    assert statuses[0] == ["stored"] * 20
    assert statuses[1] == statuses[2] == ["duplicate"] * 20
    counts = _stored_revisions(live, [r["id"] for r in batch])
    assert counts == {(r["id"], 1): 1 for r in batch}


def test_lost_response_then_retry_with_more_records(live: LiveServer, world: World) -> None:
    first = [wire(contact(_enrollment(world))) for _ in range(5)]
    world.alpha.worker.push(first)  # the phone never saw this answer
    later = [wire(contact(_enrollment(world))) for _ in range(3)]
    results = world.alpha.worker.push(first + later)
    assert [r["status"] for r in results] == ["duplicate"] * 5 + ["stored"] * 3
    assert [(r["id"], r["rev"]) for r in results] == [(r["id"], 1) for r in first + later]
    counts = _stored_revisions(live, [r["id"] for r in first + later])
    assert set(counts.values()) == {1} and len(counts) == 8


def test_retry_racing_a_request_whose_answer_was_lost(live: LiveServer, world: World) -> None:
    """The phone gives up waiting (the answer is lost) and retries while the server is
    still storing the first request: both requests finish, nothing is stored twice."""
    batch = [wire(contact(_enrollment(world))) for _ in range(200)]
    worker = world.alpha.worker
    with pytest.raises(requests.exceptions.ReadTimeout):
        worker.post("/api/v1/sync/push", json={"records": batch}, timeout=(5, 0.001))
    retried = worker.push(batch)
    assert {r["status"] for r in retried} <= {"stored", "duplicate"}
    assert [r["status"] for r in worker.push(batch)] == ["duplicate"] * 200
    counts = _stored_revisions(live, [r["id"] for r in batch])
    assert counts == {(r["id"], 1): 1 for r in batch}


def test_key_order_and_timestamp_spelling_do_not_make_a_conflict(world: World) -> None:
    record = wire(contact(_enrollment(world)))
    assert world.alpha.worker.push([record])[0]["status"] == "stored"
    respelled = dict(reversed(list(record.items())))
    respelled["created_at"] = record["created_at"].replace("Z", "+00:00")
    respelled["review"] = {"state": "approved"}  # server-owned: ignored
    assert world.alpha.worker.push([respelled])[0]["status"] == "duplicate"


def test_same_rev_other_content_is_a_conflict_and_keeps_the_first(live: LiveServer,
                                                                  world: World) -> None:
    original = contact(_enrollment(world))
    world.alpha.worker.push([wire(original)])
    changed = dataclasses.replace(original, age_band="65+")
    assert world.alpha.worker.push([wire(changed)])[0]["status"] == "conflict"
    with live.database.sessions() as db:
        assert db.get(CurrentContact, original.id).age_band == original.age_band


def test_older_rev_than_stored_is_stale_unless_it_was_stored(live: LiveServer,
                                                            world: World) -> None:
    rev1 = contact(_enrollment(world))
    rev2 = revise(rev1, {"wish": "return_home"})
    rev3 = revise(rev2, {"wish": "care"})
    worker = world.alpha.worker
    assert [r["status"] for r in worker.push([wire(rev1), wire(rev3)])] == ["stored", "stored"]
    assert worker.push([wire(rev2)])[0]["status"] == "stale"
    assert worker.push([wire(rev1)])[0]["status"] == "duplicate"
    with live.database.sessions() as db:
        assert db.get(CurrentContact, rev1.id).rev == 3
    assert _stored_revisions(live, [rev1.id]) == {(rev1.id, 1): 1, (rev1.id, 3): 1}


def test_revisions_in_one_batch_end_at_the_newest(live: LiveServer, world: World) -> None:
    rev1 = contact(_enrollment(world))
    rev2 = revise(rev1, {"outcome": "found_work"})
    results = world.alpha.worker.push([wire(rev2), wire(rev1), wire(rev2)])
    assert [r["status"] for r in results] == ["stored", "stale", "duplicate"]
    with live.database.sessions() as db:
        assert db.get(CurrentContact, rev1.id).outcome == "found_work"


def test_one_bad_record_never_blocks_the_others(world: World) -> None:
    good = [wire(contact(_enrollment(world))) for _ in range(2)]
    bad_value = {**wire(contact(_enrollment(world))), "municipality": "atlantis"}
    no_consent = {**wire(contact(_enrollment(world))), "notes": "secret"}
    results = world.alpha.worker.push([good[0], bad_value, "not a record", no_consent, good[1]])
    assert [r["status"] for r in results] == ["stored", "invalid", "invalid", "invalid", "stored"]
    assert results[1]["errors"] == [{"field": "municipality", "code": "invalid_format",
                                     "params": {}}]
    assert results[3]["errors"][0]["code"] == "not_allowed_without_consent"
    assert "secret" not in str(results)


def test_identity_comes_from_the_token_not_the_body(live: LiveServer, world: World) -> None:
    forged = Enrollment(world.beta.worker_id, "forged-device", world.beta.id)
    record = wire(contact(forged))
    assert world.alpha.worker.push([record])[0]["status"] == "stored"
    with live.database.sessions() as db:
        row = db.get(CurrentContact, record["id"])
        assert (row.org_id, row.worker_id) == (world.alpha.id, world.alpha.worker_id)


def test_another_workers_contact_cannot_be_overwritten(live: LiveServer, world: World) -> None:
    mine = contact(_enrollment(world))
    world.alpha.worker.push([wire(mine)])
    theirs = revise(mine, {"age_band": "18-24"})
    assert world.alpha.other_worker.push([wire(theirs)])[0]["status"] == "conflict"
    assert world.beta.worker.push([wire(theirs)])[0]["status"] == "conflict"
    with live.database.sessions() as db:
        assert db.get(CurrentContact, mine.id).rev == 1


def test_new_rev_of_a_reviewed_contact_is_edited_and_the_phone_hears(world: World) -> None:
    first = contact(_enrollment(world))
    worker, supervisor = world.alpha.worker, world.alpha.supervisor
    worker.push([wire(first)])
    _, cursor = worker.pull_all()
    assert supervisor.post(f"/api/v1/contacts/{first.id}/review",
                           json={"state": "has_issues", "comment": "age?"}).status_code == 200
    changes, cursor = worker.pull_all(cursor)
    assert changes[-1] == {"kind": "review", "contact_id": first.id, "state": "has_issues",
                           "comment": "age?", "reviewed_at": changes[-1]["reviewed_at"]}
    worker.push([wire(revise(first, {"age_band": "45-54"}))])
    changes, _ = worker.pull_all(cursor)
    assert [(c["contact_id"], c["state"]) for c in changes] == [(first.id, "edited")]
    detail = supervisor.get(f"/api/v1/contacts/{first.id}").json()
    assert detail["review"]["state"] == "edited"
    assert [r["rev"] for r in detail["revisions"]] == [1, 2]


def test_pull_shows_only_the_own_workers_changes(world: World) -> None:
    other = Enrollment(world.alpha.other_worker_id, "x", world.alpha.id)
    theirs = contact(other)
    world.alpha.other_worker.push([wire(theirs)])
    world.alpha.supervisor.post(f"/api/v1/contacts/{theirs.id}/review",
                                json={"state": "approved"})
    mine, _ = world.alpha.worker.pull_all()
    assert theirs.id not in str(mine)
    their_changes, _ = world.alpha.other_worker.pull_all()
    assert any(c.get("contact_id") == theirs.id for c in their_changes)


def test_erasure_reaches_the_phone_and_removes_everything(live: LiveServer,
                                                          world: World) -> None:
    first = contact(_enrollment(world), consent="given", alias="Jan")
    second = contact(_enrollment(world), person_id=first.person_id, consent="given", alias="Jan")
    world.alpha.worker.push([wire(first), wire(second)])
    _, cursor = world.alpha.worker.pull_all()
    _, colleague = world.alpha.other_worker.pull_all()
    answer = world.alpha.supervisor.delete(f"/api/v1/persons/{first.person_id}")
    assert answer.json() == {"person_id": first.person_id, "erased": 2}
    changes, _ = world.alpha.worker.pull_all(cursor)
    # The worker's phone erases the contacts; every phone of the team drops the card.
    gone = {"kind": "person_gone", "person_id": first.person_id}
    assert changes == [{"kind": "erase", "person_id": first.person_id}, gone]
    assert world.alpha.other_worker.pull_all(colleague)[0] == [gone]
    assert world.alpha.supervisor.get(f"/api/v1/persons/{first.person_id}").status_code == 404
    assert _stored_revisions(live, [first.id, second.id]) == {}


def test_an_erased_person_cannot_come_back_from_a_phone(live: LiveServer,
                                                        world: World) -> None:
    """A phone that has not pulled the erasure yet still sends the person's contacts."""
    first = contact(_enrollment(world), consent="given", alias="Jan")
    world.alpha.worker.push([wire(first)])
    world.alpha.supervisor.delete(f"/api/v1/persons/{first.person_id}")
    edited = revise(first, {"notes": "met again"})
    follow_up = contact(_enrollment(world), person_id=first.person_id)
    results = world.alpha.worker.push([wire(edited), wire(follow_up), wire(first)])
    assert [r["status"] for r in results] == ["stale", "stale", "stale"]
    assert _stored_revisions(live, [first.id, follow_up.id]) == {}
    assert world.alpha.supervisor.get(f"/api/v1/persons/{first.person_id}").status_code == 404


def test_a_revision_cannot_move_a_contact_to_another_person(world: World) -> None:
    first = contact(_enrollment(world))
    world.alpha.worker.push([wire(first)])
    moved = dataclasses.replace(revise(first, {"wish": "care"}), person_id=contact().person_id)
    assert world.alpha.worker.push([wire(moved)])[0]["status"] == "conflict"


def test_a_bad_cursor_is_refused_with_a_code(world: World) -> None:
    response = world.alpha.worker.get("/api/v1/sync/pull", params={"since": "bm9wZQ=="})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"field": "since", "code": "invalid_format",
                                          "params": {}}]


def test_more_than_500_records_is_refused_whole(world: World) -> None:
    record: dict[str, Any] = {"schema": 1}
    response = world.alpha.worker.post("/api/v1/sync/push", json={"records": [record] * 501})
    assert response.status_code == 413
    assert response.json()["error"] == "batch_too_large"


def test_revoked_device_is_told_so_and_stores_nothing(live: LiveServer, world: World) -> None:
    phone, device_id = enrolled(live, "alpha-worker")
    assert phone.push([])  == []
    revoked = world.alpha.admin.post(f"/api/v1/devices/{device_id}/revoke")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    record = wire(contact(_enrollment(world)))
    for response in (phone.post("/api/v1/sync/push", json={"records": [record]}),
                     phone.get("/api/v1/sync/pull")):
        assert response.status_code == 401
        assert response.json()["error"] == "device_revoked"
    with live.database.sessions() as db:
        assert db.get(CurrentContact, record["id"]) is None


def test_a_token_the_server_does_not_know_is_unknown_not_revoked(live: LiveServer,
                                                                 world: World) -> None:
    phone, device_id = enrolled(live, "alpha-worker")
    assert phone.push([]) == []
    # The server's database comes back from a backup made before this phone enrolled.
    with live.database.sessions() as db:
        db.execute(delete(Device).where(Device.id == device_id))
        db.commit()
    record = wire(contact(_enrollment(world)))
    polish = {"Accept-Language": "pl"}
    for response in (phone.post("/api/v1/sync/push", json={"records": [record]}, headers=polish),
                     phone.get("/api/v1/sync/pull", headers=polish)):
        assert response.status_code == 401
        assert response.json()["error"] == "unknown_device"  # never "wipe yourself"
        assert response.json()["message"] == error_message("unknown_device", "pl")
    with live.database.sessions() as db:
        assert db.get(CurrentContact, record["id"]) is None


def test_new_revisions_of_several_stored_contacts_in_one_batch(live: LiveServer,
                                                               world: World) -> None:
    originals = [contact(_enrollment(world)) for _ in range(3)]
    world.alpha.worker.push([wire(c) for c in originals])
    reviewed = originals[0].id
    assert world.alpha.supervisor.post(f"/api/v1/contacts/{reviewed}/review",
                                       json={"state": "approved"}).status_code == 200
    edits = [wire(revise(c, {"area": "Centraal Station"})) for c in originals]
    results = world.alpha.worker.push(edits)
    assert [(r["rev"], r["status"]) for r in results] == [(2, "stored")] * 3
    assert _stored_revisions(live, [c.id for c in originals]) == {
        (c.id, rev): 1 for c in originals for rev in (1, 2)}
    detail = world.alpha.supervisor.get(f"/api/v1/contacts/{reviewed}").json()
    assert detail["review"]["state"] == "edited"

"""The person register through the live server: the team share in the pull, likely
duplicates, merge and undo, and what is refused (another organisation's persons, a person
merged into itself, unknown ids, phones and workers)."""

from __future__ import annotations

import secrets
from typing import Any

from model import Enrollment, revise
from tests.server.conftest import World
from tests.server.helpers import Api, contact, wire


def _enrollment(world: World) -> Enrollment:
    return Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)


def _kinds(changes: list[dict[str, Any]], *person_ids: str) -> list[str]:
    return [c["kind"] for c in changes
            if {c.get("person_id"), c.get("from"), c.get("into")} & set(person_ids)]


def test_no_card_of_another_organisation_reaches_a_phone(world: World) -> None:
    beta, _ = world.beta.other_worker.pull_all()
    cards = {c["person_id"] for c in beta if c["kind"] == "person"}
    assert set(world.beta.person_ids) <= cards  # Beta's consented persons reach Beta's phones
    alpha, _ = world.alpha.other_worker.pull_all()
    for canary in world.canaries:
        assert canary not in str(alpha)
    duplicates = world.alpha.supervisor.get("/api/v1/persons/duplicates")
    assert duplicates.status_code == 200
    for canary in world.canaries:
        assert canary not in duplicates.text


def test_consent_refused_sends_no_card(world: World) -> None:
    refused = contact(_enrollment(world), consent="refused")
    _, cursor = world.alpha.other_worker.pull_all()
    world.alpha.worker.push([wire(refused)])
    changes, _ = world.alpha.other_worker.pull_all(cursor)
    assert _kinds(changes, refused.person_id) == []


def _pair(world: World) -> tuple[Any, Any]:
    # First among the shared organisation's many likely pairs (the list stops at 200).
    alias = f"Aurel {secrets.token_hex(3)}"
    a = contact(_enrollment(world), days_ago=5, consent="given", alias=alias, nationality="RO")
    b = contact(_enrollment(world), days_ago=2, consent="given", alias=alias.upper(),
                nationality="RO")
    assert {r["status"] for r in world.alpha.worker.push([wire(a), wire(b)])} == {"stored"}
    return a, b


def test_a_supervisor_merges_two_persons_and_undoes_it(world: World) -> None:
    a, b = _pair(world)
    supervisor: Api = world.alpha.supervisor
    # The shared test world holds many look-alikes: ask for the pairs `a` is in.
    pairs = supervisor.get("/api/v1/persons/duplicates",
                           params={"person_id": a.person_id}).json()["items"]
    assert pairs and all(a.person_id in {p["a"]["person_id"], p["b"]["person_id"]}
                         for p in pairs)
    assert any({p["a"]["person_id"], p["b"]["person_id"]} == {a.person_id, b.person_id}
               for p in pairs)
    _, cursor = world.alpha.other_worker.pull_all()
    merged = supervisor.post("/api/v1/persons/merge", json={"from": a.person_id,
                                                            "into": b.person_id})
    assert merged.status_code == 201, merged.text
    changes, cursor = world.alpha.other_worker.pull_all(cursor)
    assert _kinds(changes, a.person_id, b.person_id) == ["merge", "person", "person_gone"] \
        or _kinds(changes, a.person_id, b.person_id) == ["merge", "person_gone", "person"]
    # A phone that has not heard of the merge sends the old id: kept under the new one.
    later = revise(a, {"notes": "asked about the night shelter"})
    assert world.alpha.worker.push([wire(later)])[0]["status"] == "stored"
    person = supervisor.get(f"/api/v1/persons/{b.person_id}").json()
    assert {c["id"] for c in person["contacts"]} == {a.id, b.id}
    assert {c["person_id"] for c in person["contacts"]} == {b.person_id}
    [listed] = [m for m in supervisor.get("/api/v1/persons/merges").json()["items"]
                if m["id"] == merged.json()["id"]]
    assert listed["undoable"] and listed["contacts"] == 1
    undone = supervisor.post(f"/api/v1/persons/merges/{listed['id']}/undo")
    assert undone.status_code == 200, undone.text
    changes, _ = world.alpha.other_worker.pull_all(cursor)
    assert {"kind": "split", "person_id": a.person_id, "from": b.person_id,
            "contact_ids": [a.id]} in changes
    again = supervisor.post(f"/api/v1/persons/merges/{listed['id']}/undo")
    assert (again.status_code, again.json()["error"]) == (409, "merge_final")
    assert again.json()["message"] == "This merge can no longer be undone."


def test_bad_merges_get_a_clear_answer(world: World) -> None:
    a, b = _pair(world)
    supervisor = world.alpha.supervisor
    theirs = world.beta.person_ids[0]
    cases = [
        ({"from": a.person_id, "into": a.person_id}, 422, "same_person"),
        ({"from": a.person_id, "into": "no-such-person"}, 404, None),
        ({"from": theirs, "into": b.person_id}, 404, None),
        ({"from": a.person_id, "into": theirs}, 404, None),
        ({"from": a.person_id}, 422, None),
        ({"from": a.person_id, "into": b.person_id, "extra": 1}, 422, None),
    ]
    for body, status, code in cases:
        answer = supervisor.post("/api/v1/persons/merge", json=body)
        assert answer.status_code == status, (body, answer.text)
        if code:
            assert answer.json()["error"] == code
    assert supervisor.post("/api/v1/persons/merges/no-such-merge/undo").status_code == 404
    assert world.alpha.worker.post("/api/v1/persons/merge", json={
        "from": a.person_id, "into": b.person_id}).status_code == 401
    assert world.beta.person_ids[0] in world.beta.supervisor.get(
        f"/api/v1/persons/{theirs}").text  # untouched


def test_team_share_pulls_are_audited_as_counts(world: World) -> None:
    world.alpha.other_worker.pull_all()
    entries = world.alpha.supervisor.get("/api/v1/audit",
                                         params={"action": "team_share"}).json()["items"]
    assert entries and all(e["count"] >= 1 and e["object_id"] is None for e in entries)

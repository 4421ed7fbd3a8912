"""Each organisation's municipalities: kept by its admins, sent to its phones, named in figures;
wire schema 1 records keep their meaning (on SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import json
import secrets
from typing import Any

import pytest
from sqlalchemy import select

from model import Enrollment, to_wire
from model.protocol import MunicipalitiesChange, read_changes
from server.models import ContactRevision, CurrentContact
from server.services import accounts
from server.services.principals import Role
from tests.server.conftest import PASSWORD, LiveServer, enrolled, signed_in
from tests.server.helpers import Api, contact, wire

PILOT = ["GM0363", "GM0599", "GM0344", "GM0518", "GM0772", "GM0983"]


@dataclasses.dataclass
class Team:
    org_id: str
    admin: Api
    supervisor: Api
    phone: Api
    other_phone: Api
    enrollment: Enrollment
    enrolled_with: list[dict[str, str]]


@pytest.fixture
def team(live: LiveServer) -> Team:
    """A new organisation of its own: an admin, a supervisor, two workers' phones."""
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Muni-{tag}")
        users = {role: accounts.set_user(db, org_id=org.id, username=f"muni-{role}-{tag}",
                                         password=PASSWORD, role=Role(role.rstrip("2")))
                 for role in ("admin", "supervisor", "worker", "worker2")}
    answer = live.api().post("/api/v1/devices/enroll", json={
        "username": f"muni-worker-{tag}", "password": PASSWORD, "device_name": "phone"}).json()
    other, _ = enrolled(live, f"muni-worker2-{tag}")
    return Team(org.id, signed_in(live, f"muni-admin-{tag}"),
                signed_in(live, f"muni-supervisor-{tag}"),
                live.api().with_token(answer["token"]), other,
                Enrollment(users["worker"].id, answer["device_id"], org.id),
                answer["municipalities"])


def codes(items: list[dict[str, str]]) -> list[str]:
    return [item["code"] for item in items]


def test_a_new_organisation_works_in_the_pilot_six_and_its_phones_learn_them(team: Team) -> None:
    assert sorted(codes(team.enrolled_with)) == sorted(PILOT)
    assert {"code": "GM0518", "name": "'s-Gravenhage"} in team.enrolled_with
    listed = team.supervisor.get("/api/v1/municipalities").json()["items"]
    assert listed == team.enrolled_with


def test_admins_add_and_remove_and_every_phone_of_the_organisation_pulls_the_list(
        team: Team, live: LiveServer) -> None:
    _, since = team.phone.pull_all()
    added = team.admin.post("/api/v1/municipalities", json={"code": "GM0153", "name": "Enschede"})
    assert added.status_code == 201, added.text
    assert team.admin.delete("/api/v1/municipalities/GM0983").status_code == 204
    for phone in (team.phone, team.other_phone):
        pulled, _ = phone.pull_all(since if phone is team.phone else None)
        lists = [c for c in pulled if c["kind"] == "municipalities"]
        # One entry for the whole list, the newest: the change before it is replaced.
        assert len(lists) == 1
        read = read_changes(lists).changes
        assert isinstance(read[0], MunicipalitiesChange)
        assert sorted(m.code for m in read[0].items) == sorted([*PILOT[:5], "GM0153"])
        assert {"code": "GM0153", "name": "Enschede"} in lists[0]["items"]
    # Another organisation's phones learn nothing of it.
    outsider, _ = _other_org_phone(live)
    assert [c for c in outsider.pull_all()[0] if c["kind"] == "municipalities"] == []


def _other_org_phone(live: LiveServer) -> tuple[Api, str]:
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Outside-{tag}")
        accounts.set_user(db, org_id=org.id, username=f"outside-{tag}", password=PASSWORD,
                          role=Role.WORKER)
    return enrolled(live, f"outside-{tag}")


@pytest.mark.parametrize(("body", "error"), [
    ({"code": "GM153", "name": "Enschede"}, ("municipality_code", "invalid_format")),
    ({"code": "gm0153", "name": "Enschede"}, ("municipality_code", "invalid_format")),
    ({"code": "GM0363", "name": "Amsterdam"}, ("municipality_code", "duplicate_value")),
    ({"code": "GM0153", "name": "   "}, ("municipality_name", "required")),
])
def test_a_malformed_or_repeated_code_is_refused_with_a_translated_error(
        team: Team, body: dict[str, str], error: tuple[str, str]) -> None:
    refused = team.admin.post("/api/v1/municipalities", json=body,
                              headers={"Accept-Language": "pl"})
    assert refused.status_code == 422, refused.text
    found = refused.json()["detail"]
    assert [(e["field"], e["code"]) for e in found] == [error]
    assert all(e.get("message") for e in found)  # in the caller's language
    listed = codes(team.admin.get("/api/v1/municipalities").json()["items"])
    assert sorted(listed) == sorted(PILOT)


def test_only_admins_change_the_list(team: Team) -> None:
    refused = team.supervisor.post("/api/v1/municipalities",
                                   json={"code": "GM0153", "name": "Enschede"})
    assert refused.status_code == 403
    assert team.supervisor.delete("/api/v1/municipalities/GM0363").status_code == 403
    assert team.admin.delete("/api/v1/municipalities/GM0153").status_code == 404


def _schema_1(c: Any) -> dict[str, Any]:
    """A record as a phone of wire schema 1 sends it (the six by name)."""
    return to_wire(c, schema=1)


def test_an_old_phone_sending_amsterdam_is_counted_under_gm0363(team: Team,
                                                                live: LiveServer) -> None:
    old = contact(team.enrollment, municipality="GM0363")
    record = _schema_1(old)
    assert record["municipality"] == "amsterdam" and record["schema"] == 1
    assert [r["status"] for r in team.phone.push([record])] == ["stored"]
    # The same revision again, as the old phone sends it and as the updated phone does.
    assert [r["status"] for r in team.phone.push([record])] == ["duplicate"]
    assert [r["status"] for r in team.phone.push([wire(old)])] == ["duplicate"]
    figures = team.supervisor.get("/api/v1/stats").json()
    assert figures["by_municipality"] == [{"code": "GM0363", "name": "Amsterdam", "contacts": 1}]
    one = team.supervisor.get("/api/v1/stats", params={"municipality": "GM0363"}).json()
    assert (one["contacts"], one["municipality_name"]) == (1, "Amsterdam")
    with live.database.sessions() as db:
        assert db.get(CurrentContact, old.id).municipality == "GM0363"
        kept = db.scalar(select(ContactRevision.content)
                         .where(ContactRevision.contact_id == old.id))
    # The revision is kept as received: schema 1, its municipality by name.
    assert (json.loads(kept)["schema"], json.loads(kept)["municipality"]) == (1, "amsterdam")
    # ... and shown in the current schema, by code.
    shown = team.supervisor.get(f"/api/v1/contacts/{old.id}").json()
    assert shown["contact"]["municipality"] == "GM0363"
    assert shown["revisions"][0]["content"]["municipality"] == "GM0363"


def test_a_new_municipality_is_counted_under_its_code_with_the_organisations_name(
        team: Team) -> None:
    team.admin.post("/api/v1/municipalities", json={"code": "GM0153", "name": "Enschede"})
    met = [contact(team.enrollment, municipality="GM0153", days_ago=d) for d in (1, 2)]
    met.append(contact(team.enrollment, municipality="GM0983"))
    assert {r["status"] for r in team.phone.push([wire(c) for c in met])} == {"stored"}
    figures = team.supervisor.get("/api/v1/stats").json()
    assert figures["by_municipality"] == [
        {"code": "GM0153", "name": "Enschede", "contacts": 2},
        {"code": "GM0983", "name": "Venlo", "contacts": 1}]
    # Off the list later: still counted under its code (no name from the list any more).
    team.admin.delete("/api/v1/municipalities/GM0153")
    again = team.supervisor.get("/api/v1/stats", params={"municipality": "GM0153"}).json()
    assert (again["contacts"], again["municipality_name"]) == (2, "GM0153")


def test_a_malformed_code_is_refused_per_record_and_as_a_filter(team: Team) -> None:
    bad = {**wire(contact(team.enrollment)), "municipality": "GM15"}
    old_bad = {**_schema_1(contact(team.enrollment)), "municipality": "enschede"}
    results = team.phone.push([bad, old_bad])
    assert [(r["status"], r["errors"]) for r in results] == [
        ("invalid", [{"field": "municipality", "code": "invalid_format", "params": {}}]),
        ("invalid", [{"field": "municipality", "code": "invalid_value", "params": {}}])]
    refused = team.supervisor.get("/api/v1/stats", params={"municipality": "GM15"})
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["detail"]] == [
        ("query.municipality", "invalid_format")]

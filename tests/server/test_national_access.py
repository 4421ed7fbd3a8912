"""Who reaches what: a monitor only the national figures (never a contact, person, export of
contacts, device, user or audit entry of an organisation), a supervisor the country and their
own organisation only; every national read audited."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from server.models import AuditEntry
from server.services import accounts
from server.services.principals import MONITORS_ORG_ID, Role
from tests.server.conftest import PASSWORD, LiveServer, World, signed_in
from tests.server.helpers import Api
from tests.server.test_authorisation import ENDPOINTS, _call, _no_canary

MONITOR = "national-monitor"
NATIONAL = "/api/v1/national/stats?period=year&from=2020-01-01&to=2030-12-31"


@pytest.fixture(scope="module")
def monitor(live: LiveServer, world: World) -> Api:
    with live.database.sessions() as db:
        accounts.set_user(db, org_id=MONITORS_ORG_ID, username=MONITOR, password=PASSWORD,
                          role=Role.MONITOR)
    return signed_in(live, MONITOR)


@pytest.mark.parametrize("name", sorted(n for n, e in ENDPOINTS.items()
                                        if e[3] != "device" and n != "sign out"))
@pytest.mark.parametrize("target", ["alpha", "beta"])
def test_a_monitor_reaches_no_organisation_data(world: World, monitor: Api, name: str,
                                                target: str) -> None:
    response = _call(monitor, name, getattr(world, target))
    assert response.status_code == 403, (name, response.text)
    assert response.json()["error"] == "forbidden"
    _no_canary(world, response)
    for secret in (*getattr(world, target).contact_ids, *getattr(world, target).person_ids):
        assert secret not in response.text


def test_a_monitor_cannot_enroll_a_phone(live: LiveServer, monitor: Api) -> None:
    response = live.api().post("/api/v1/devices/enroll", json={
        "username": MONITOR, "password": PASSWORD, "device_name": "monitor phone"})
    assert response.status_code == 403


def _names(found: dict[str, Any]) -> set[str]:
    return {o["name"] for p in found["periods"] for o in p["organisations"]}


def test_the_monitor_sees_every_organisation_in_aggregate_only(world: World,
                                                               monitor: Api) -> None:
    response = monitor.get(NATIONAL)
    assert response.status_code == 200, response.text
    found = response.json()
    assert {world.alpha.name, world.beta.name} <= {n.split("-")[0] for n in _names(found)}
    assert found["scope"] == "national"
    _no_canary(world, response)
    for org in (world.alpha, world.beta):
        for secret in (org.id, *org.contact_ids, *org.person_ids, org.device_id,
                       org.worker_id):
            assert secret not in response.text
    assert "(national monitoring)" not in response.text


def test_a_supervisor_sees_the_country_and_never_another_organisation(world: World) -> None:
    response = world.alpha.supervisor.get(NATIONAL)
    assert response.status_code == 200, response.text
    found = response.json()
    names = _names(found)
    assert len(names) == 1 and names.pop().startswith("Alpha")
    assert found["scope"] == "own_organisation"
    assert "Beta" not in response.text and world.beta.id not in response.text
    _no_canary(world, response)
    csv = world.alpha.supervisor.get(NATIONAL.replace("stats?", "stats.csv?"))
    assert csv.status_code == 200
    assert "Beta" not in csv.text and "Alpha" in csv.text


def test_a_phone_gets_nothing(world: World) -> None:
    assert world.alpha.worker.get(NATIONAL).status_code == 401


@pytest.mark.parametrize("query", ["period=week", "municipality=GM12", "colour=red",
                                   "from=2026-03-01&to=2026-01-01",
                                   "from=0001-01-01&to=9999-12-31"])
def test_bad_questions_are_refused_clearly(monitor: Api, query: str) -> None:
    response = monitor.get(f"/api/v1/national/stats?{query}")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_request"


def test_national_reads_and_exports_are_audited(live: LiveServer, monitor: Api) -> None:
    assert monitor.get(NATIONAL).status_code == 200
    assert monitor.get(NATIONAL.replace("stats?", "stats.csv?") + "&lang=pl").status_code == 200
    with live.database.sessions() as db:
        user = accounts.find_user(db, username=MONITOR)
        assert user is not None
        actions = set(db.scalars(select(AuditEntry.action).where(
            AuditEntry.actor_id == user.id)))
    assert {"login", "national_stats", "national_export"} <= actions

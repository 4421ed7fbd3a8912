"""Every endpoint × every kind of caller that must be refused; nothing of another
organisation ever appears in an answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.server.conftest import LiveServer, World, enrolled
from tests.server.helpers import Api

# (method, path built from the *target* organisation's objects, body, who may call it)
Endpoint = tuple[str, Callable[[Any], str], dict[str, Any] | None, str]

ENDPOINTS: dict[str, Endpoint] = {
    "list contacts": ("GET", lambda o: "/api/v1/contacts", None, "supervisor"),
    "one contact": ("GET", lambda o: f"/api/v1/contacts/{o.contact_ids[0]}", None, "supervisor"),
    "review": ("POST", lambda o: f"/api/v1/contacts/{o.contact_ids[0]}/review",
               {"state": "rejected", "comment": "x"}, "supervisor"),
    "person": ("GET", lambda o: f"/api/v1/persons/{o.person_ids[0]}", None, "supervisor"),
    "erase person": ("DELETE", lambda o: f"/api/v1/persons/{o.person_ids[1]}", None,
                     "supervisor"),
    "likely duplicates": ("GET", lambda o: "/api/v1/persons/duplicates", None, "supervisor"),
    "merges": ("GET", lambda o: "/api/v1/persons/merges", None, "supervisor"),
    "stats": ("GET", lambda o: "/api/v1/stats", None, "supervisor"),
    "export": ("GET", lambda o: "/api/v1/export/contacts.csv", None, "supervisor"),
    "audit": ("GET", lambda o: "/api/v1/audit", None, "supervisor"),
    "devices": ("GET", lambda o: "/api/v1/devices", None, "supervisor"),
    "revoke": ("POST", lambda o: f"/api/v1/devices/{o.device_id}/revoke", None, "admin"),
    "users": ("GET", lambda o: "/api/v1/users", None, "admin"),
    "create user": ("POST", lambda o: "/api/v1/users",
                    {"username": "intruder", "password": "long enough pw", "role": "admin"},
                    "admin"),
    "sign out": ("DELETE", lambda o: "/api/v1/session", None, "supervisor"),
    "push": ("POST", lambda o: "/api/v1/sync/push", {"records": []}, "device"),
    "pull": ("GET", lambda o: "/api/v1/sync/pull", None, "device"),
}
OBJECT_ENDPOINTS = {"one contact", "review", "person", "erase person", "revoke"}


def _call(api: Api, name: str, target: Any) -> Any:
    method, path, body, _ = ENDPOINTS[name]
    return api.request(method, path(target), json=body)


def _no_canary(world: World, response: Any) -> None:
    for canary in world.canaries:
        assert canary not in response.text


@pytest.fixture(scope="session")
def revoked_phone(live: LiveServer, world: World) -> Api:
    phone, device_id = enrolled(live, "alpha-worker2")
    assert world.alpha.admin.post(f"/api/v1/devices/{device_id}/revoke").status_code == 200
    return phone


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_anonymous_is_refused(live: LiveServer, world: World, name: str) -> None:
    response = _call(live.api(), name, world.beta)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    _no_canary(world, response)


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
def test_revoked_phone_is_refused(world: World, revoked_phone: Api, name: str) -> None:
    response = _call(revoked_phone, name, world.beta)
    assert response.status_code == 401
    expected = "device_revoked" if ENDPOINTS[name][3] == "device" else "not_authenticated"
    assert response.json()["error"] == expected
    _no_canary(world, response)


@pytest.mark.parametrize("name", sorted(n for n, e in ENDPOINTS.items() if e[3] != "device"))
def test_worker_phone_token_opens_no_review_endpoint(world: World, name: str) -> None:
    response = _call(world.alpha.worker, name, world.alpha)
    assert response.status_code == 401
    _no_canary(world, response)


@pytest.mark.parametrize("name", ["push", "pull"])
def test_a_session_token_is_no_device_token(world: World, name: str) -> None:
    response = _call(world.alpha.supervisor, name, world.alpha)
    assert response.status_code == 401
    assert response.json()["error"] == "unknown_device"  # no device has it: nothing revoked


@pytest.mark.parametrize("name", sorted(OBJECT_ENDPOINTS))
@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_another_organisations_objects_do_not_exist(world: World, name: str, role: str) -> None:
    response = _call(getattr(world.alpha, role), name, world.beta)
    expected = 403 if ENDPOINTS[name][3] == "admin" and role == "supervisor" else 404
    assert response.status_code == expected
    _no_canary(world, response)


@pytest.mark.parametrize("name", sorted(n for n, e in ENDPOINTS.items()
                                        if n not in OBJECT_ENDPOINTS and e[3] != "device"
                                        and n != "sign out"))
def test_lists_show_nothing_of_another_organisation(world: World, name: str) -> None:
    caller = world.alpha.admin
    response = _call(caller, name, world.alpha)
    assert response.status_code in (200, 201), response.text
    _no_canary(world, response)


@pytest.mark.parametrize("name", ["revoke", "users", "create user"])
def test_supervisors_cannot_administer(world: World, name: str) -> None:
    response = _call(world.alpha.supervisor, name, world.alpha)
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_workers_cannot_sign_in_to_the_review_api(live: LiveServer) -> None:
    from tests.server.conftest import PASSWORD

    response = live.api().post("/api/v1/session", json={"username": "alpha-worker",
                                                        "password": PASSWORD})
    assert response.status_code == 403


def test_other_workers_phone_pulls_nothing_of_mine(world: World) -> None:
    changes, _ = world.alpha.other_worker.pull_all()
    for contact_id in world.alpha.contact_ids:
        assert contact_id not in str(changes)


def test_beta_is_untouched_after_every_attempt(world: World) -> None:
    detail = world.beta.supervisor.get(f"/api/v1/persons/{world.beta.person_ids[1]}")
    assert detail.status_code == 200
    contact = world.beta.supervisor.get(f"/api/v1/contacts/{world.beta.contact_ids[0]}").json()
    assert contact["review"]["state"] == "received"
    devices = world.beta.supervisor.get("/api/v1/devices").json()["items"]
    assert all(d["revoked_at"] is None for d in devices)

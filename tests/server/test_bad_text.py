"""Text no database stores or no encoder writes — NUL characters, lone surrogates — and
overlong text are refused as bad input, on every kind of field and on both databases: never
a server error. In a push only the record holding it is `invalid`; the rest is stored."""

from __future__ import annotations

from typing import Any

import pytest

from model import Enrollment
from server.api.i18n import error_message
from tests.server.conftest import LiveServer, World
from tests.server.helpers import Api, contact, wire

# What reaches the server as text; a URL cannot carry a lone surrogate as such, so there it
# is the UTF-8 bytes a surrogate would have (which are no UTF-8 at all).
BAD_TEXT = {"nul": "a\x00b", "lone surrogate": "a\ud800b", "overlong": "x" * 5000}
BAD_URL_TEXT = {"nul": "a%00b", "lone surrogate": "a%ED%A0%80b", "overlong": "x" * 5000}

# Unauthenticated bodies: the username or password is where the text goes.
SIGN_IN_BODIES = {
    "session": ("/api/v1/session", {"username": "alpha-supervisor", "password": "pw"}),
    "enroll": ("/api/v1/devices/enroll", {"username": "alpha-worker", "password": "pw",
                                          "device_name": "phone"}),
}
# The endpoints taking an id in the path (method, path with {}), or a query value.
PATH_IDS = {
    "one contact": ("GET", "/api/v1/contacts/{}"),
    "review": ("POST", "/api/v1/contacts/{}/review"),
    "person": ("GET", "/api/v1/persons/{}"),
    "erase person": ("DELETE", "/api/v1/persons/{}"),
    "revoke": ("POST", "/api/v1/devices/{}/revoke"),
}
QUERY_VALUES = {
    "list by worker": ("/api/v1/contacts", "worker_id"),
    "export by person": ("/api/v1/export/contacts.csv", "person_id"),
    "export by worker": ("/api/v1/export/contacts.csv", "worker_id"),
    "audit cursor": ("/api/v1/audit", "cursor"),
    "contacts cursor": ("/api/v1/contacts", "cursor"),
}


def _refused(response: Any) -> None:
    assert response.status_code == 422, response.text
    assert response.json()["error"] == "invalid_request"


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
@pytest.mark.parametrize("field", ["username", "password"])
@pytest.mark.parametrize("endpoint", sorted(SIGN_IN_BODIES))
def test_bad_text_in_a_sign_in_is_bad_input(live: LiveServer, endpoint: str, field: str,
                                            kind: str) -> None:
    path, body = SIGN_IN_BODIES[endpoint]
    _refused(live.api().post(path, json={**body, field: BAD_TEXT[kind]}))


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_bad_text_in_a_device_name_or_a_new_user_is_bad_input(live: LiveServer, world: World,
                                                              kind: str) -> None:
    path, body = SIGN_IN_BODIES["enroll"]
    _refused(live.api().post(path, json={**body, "device_name": BAD_TEXT[kind]}))
    for field in ("username", "password"):
        new_user = {"username": "new-user", "password": "long enough pw", "role": "worker",
                    field: BAD_TEXT[kind]}
        _refused(world.alpha.admin.post("/api/v1/users", json=new_user))


@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_bad_text_in_a_review_comment_or_as_a_field_name_is_bad_input(world: World,
                                                                      kind: str) -> None:
    path = f"/api/v1/contacts/{world.alpha.contact_ids[0]}/review"
    _refused(world.alpha.supervisor.post(path, json={"state": "has_issues",
                                                     "comment": BAD_TEXT[kind]}))
    _refused(world.alpha.supervisor.post(path, json={"state": "approved", BAD_TEXT[kind]: 1}))


@pytest.mark.parametrize("kind", sorted(BAD_URL_TEXT))
@pytest.mark.parametrize("endpoint", sorted(PATH_IDS))
def test_bad_text_as_a_path_id_is_bad_input(world: World, endpoint: str, kind: str) -> None:
    method, path = PATH_IDS[endpoint]
    body = {"state": "approved"} if endpoint == "review" else None
    _refused(world.alpha.admin.request(method, path.format(BAD_URL_TEXT[kind]), json=body))


@pytest.mark.parametrize("kind", sorted(BAD_URL_TEXT))
@pytest.mark.parametrize("endpoint", sorted(QUERY_VALUES))
def test_bad_text_as_a_query_value_is_bad_input(world: World, endpoint: str, kind: str) -> None:
    path, name = QUERY_VALUES[endpoint]
    _refused(world.alpha.supervisor.get(f"{path}?{name}={BAD_URL_TEXT[kind]}"))


@pytest.mark.parametrize("kind", sorted(BAD_URL_TEXT))
def test_bad_text_as_the_pull_cursor_is_bad_input(world: World, kind: str) -> None:
    _refused(world.alpha.worker.get(f"/api/v1/sync/pull?since={BAD_URL_TEXT[kind]}"))


@pytest.mark.parametrize("kind", ["nul", "lone surrogate"])
@pytest.mark.parametrize("where", ["alias", "notes", "area", "id", "field name",
                                   "entitlement answer name"])
def test_bad_text_in_a_pushed_record_makes_only_that_record_invalid(
        live: LiveServer, world: World, where: str, kind: str) -> None:
    enrollment = Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)
    good = [wire(contact(enrollment, consent="given", alias="Marek")) for _ in range(2)]
    bad = wire(contact(enrollment, consent="given", alias="Marek"))
    text = BAD_TEXT[kind]
    if where == "field name":
        bad[text] = "x"
    elif where == "entitlement answer name":
        bad["entitlement"] = {text: "yes"}
    else:
        bad[where] = text
    results = world.alpha.worker.push([good[0], bad, good[1]])
    assert [r["status"] for r in results] == ["stored", "invalid", "stored"]
    assert results[1]["errors"], results[1]
    assert world.alpha.worker.push([good[0], good[1]]) == [
        {"id": g["id"], "rev": 1, "status": "duplicate", "errors": []} for g in good]


@pytest.mark.parametrize("where", ["alias", "notes"])
def test_overlong_text_in_a_pushed_record_makes_only_that_record_invalid(
        world: World, where: str) -> None:
    enrollment = Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)
    good = wire(contact(enrollment))
    bad = wire(contact(enrollment, consent="given", alias="Marek"))
    bad[where] = "x" * 5000
    results = world.alpha.worker.push([bad, good])
    assert [r["status"] for r in results] == ["invalid", "stored"]
    assert results[0]["errors"] == [{"field": where, "code": "too_long",
                                     "params": {"max": 80 if where == "alias" else 2000}}]


def test_bad_text_answers_in_the_language_asked(live: LiveServer) -> None:
    api = Api(live.base_url)
    response = api.post("/api/v1/session", json={"username": "a\x00b", "password": "pw"},
                        headers={"Accept-Language": "nl"})
    _refused(response)
    assert response.json()["message"] == error_message("invalid_request", "nl")
    assert "a\x00b" not in response.text and "\\u0000" not in response.text

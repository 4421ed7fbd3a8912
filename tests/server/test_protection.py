"""Rate limits, the body size limit, session expiry and error answers."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from sqlalchemy import update

from server.models import LoginSession
from server.security import token_hash
from server.services import accounts
from server.services.principals import Role
from tests.server.conftest import PASSWORD, SERVER_ENV, LiveServer, World, signed_in
from tests.server.helpers import Api, new_address

ACCOUNT_LIMIT = int(SERVER_ENV["STREETCONTACT_LOGIN_LIMIT_ACCOUNT"])
ADDRESS_LIMIT = int(SERVER_ENV["STREETCONTACT_LOGIN_LIMIT_ADDRESS"])
BACKSTOP = int(SERVER_ENV["STREETCONTACT_LOGIN_LIMIT_ACCOUNT_BACKSTOP"])


def _new_user(live: LiveServer, world: World, role: Role = Role.SUPERVISOR) -> str:
    name = f"rl-{secrets.token_hex(4)}"
    with live.database.sessions() as db:
        accounts.set_user(db, org_id=world.alpha.id, username=name, password=PASSWORD, role=role)
    return name


def _login(live: LiveServer, username: str, password: str, *, address: str | None = None) -> int:
    api = Api(live.base_url, address=address or new_address())
    return api.post("/api/v1/session", json={"username": username,
                                             "password": password}).status_code


def test_a_flood_of_wrong_passwords_stops_the_flooding_address_not_the_real_user(
        live: LiveServer, world: World) -> None:
    name = _new_user(live, world)
    flooder = Api(live.base_url)
    codes = [flooder.post("/api/v1/session", json={"username": name, "password": "guess"})
             for _ in range(ACCOUNT_LIMIT + 20)]
    assert [c.status_code for c in codes] == [401] * ACCOUNT_LIMIT + [429] * 20
    assert codes[-1].json()["error"] == "too_many_attempts"
    assert 0 < int(codes[-1].headers["Retry-After"]) <= 600
    # Not even the right password gets through from the flooding address...
    assert _login(live, name, PASSWORD, address=flooder.address) == 429
    # ...while the real user, from their own address, signs in during the flood.
    assert _login(live, name, PASSWORD) == 200
    assert flooder.post("/api/v1/session", json={"username": name,
                                                 "password": "guess"}).status_code == 429


def test_fifty_wrong_from_one_address_do_not_lock_out_others(live: LiveServer,
                                                             world: World) -> None:
    name, other = _new_user(live, world), _new_user(live, world)
    address = new_address()
    codes = [_login(live, (name, other)[i % 2], "wrong", address=address) for i in range(50)]
    assert set(codes) == {401, 429} and codes[-10:] == [429] * 10
    assert _login(live, name, PASSWORD) == 200
    assert _login(live, other, PASSWORD) == 200


def test_guessing_from_many_addresses_gets_one_try_per_address_past_the_backstop(
        live: LiveServer, world: World) -> None:
    name = _new_user(live, world)
    assert [_login(live, name, "guess") for _ in range(BACKSTOP)] == [401] * BACKSTOP
    # The account is being guessed from many addresses: one try each from now on.
    guesser = new_address()
    assert [_login(live, name, "guess", address=guesser) for _ in range(2)] == [401, 429]
    # A right password from a new address still gets in: the real user is never locked out.
    assert _login(live, name, PASSWORD) == 200


def test_login_is_limited_per_address_across_accounts(live: LiveServer, world: World) -> None:
    address = new_address()
    codes = [_login(live, f"nobody-{i}", "x", address=address) for i in range(ADDRESS_LIMIT + 1)]
    assert codes == [401] * ADDRESS_LIMIT + [429]
    name = _new_user(live, world)
    assert _login(live, name, PASSWORD, address=address) == 429
    assert _login(live, name, PASSWORD) == 200


def test_only_failed_logins_count(live: LiveServer, world: World) -> None:
    name = _new_user(live, world)
    address = new_address()
    # More successes than the account's limit allows failures, all from one address.
    assert [_login(live, name, PASSWORD, address=address) for _ in range(ACCOUNT_LIMIT + 1)] \
        == [200] * (ACCOUNT_LIMIT + 1)
    # Guessing is still stopped after the same number of failures.
    guesser = new_address()
    assert [_login(live, name, "wrong password", address=guesser)
            for _ in range(ACCOUNT_LIMIT)] == [401] * ACCOUNT_LIMIT
    assert _login(live, name, PASSWORD, address=guesser) == 429


def test_successful_enrollments_do_not_count(live: LiveServer, world: World) -> None:
    name = _new_user(live, world, Role.WORKER)
    api = Api(live.base_url)
    codes = [api.post("/api/v1/devices/enroll", json={
        "username": name, "password": PASSWORD, "device_name": "p"}).status_code
        for _ in range(ACCOUNT_LIMIT + 1)]
    assert codes == [201] * (ACCOUNT_LIMIT + 1)


def test_enroll_is_limited_too(live: LiveServer, world: World) -> None:
    name = _new_user(live, world, Role.WORKER)
    api = Api(live.base_url)
    codes = [api.post("/api/v1/devices/enroll", json={
        "username": name, "password": "wrong", "device_name": "p"}).status_code
        for _ in range(ACCOUNT_LIMIT + 1)]
    assert codes == [401] * ACCOUNT_LIMIT + [429]


def test_a_body_over_the_limit_is_refused(world: World) -> None:
    limit = int(SERVER_ENV["STREETCONTACT_MAX_BODY_BYTES"])
    big = b'{"records": ["' + b"x" * limit + b'"]}'
    response = world.alpha.worker.post("/api/v1/sync/push", data=big,
                                       headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"


def test_a_streamed_body_without_length_is_counted(world: World) -> None:
    limit = int(SERVER_ENV["STREETCONTACT_MAX_BODY_BYTES"])

    def chunks() -> Iterator[bytes]:
        yield b'{"records": ["'
        for _ in range(limit // 65536 + 2):
            yield b"x" * 65536
        yield b'"]}'

    response = world.alpha.worker.post("/api/v1/sync/push", data=chunks(),
                                       headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_an_idle_session_expires(live: LiveServer, world: World) -> None:
    name = _new_user(live, world)
    api = signed_in(live, name)
    assert api.get("/api/v1/devices").status_code == 200
    with live.database.sessions() as db:
        db.execute(update(LoginSession).where(LoginSession.token_hash == token_hash(api.token))
                   .values(last_seen_at=datetime.now(UTC) - timedelta(hours=2)))
        db.commit()
    response = api.get("/api/v1/devices")
    assert response.status_code == 401 and response.json()["error"] == "not_authenticated"


def test_a_session_in_use_ends_twelve_hours_after_signing_in(live: LiveServer,
                                                            world: World) -> None:
    api = signed_in(live, _new_user(live, world))
    now = datetime.now(UTC)

    def opened(hours_ago: float) -> None:
        with live.database.sessions() as db:
            db.execute(update(LoginSession).where(LoginSession.token_hash == token_hash(api.token))
                       .values(created_at=now - timedelta(hours=hours_ago), last_seen_at=now))
            db.commit()

    opened(11.9)
    assert api.get("/api/v1/devices").status_code == 200
    opened(12.1)  # used a moment ago, so not idle: over the absolute lifetime all the same
    response = api.get("/api/v1/devices")
    assert response.status_code == 401 and response.json()["error"] == "not_authenticated"
    with live.database.sessions() as db:
        assert db.get(LoginSession, token_hash(api.token)) is None


def test_signing_in_clears_the_users_timed_out_sessions(live: LiveServer, world: World) -> None:
    name = _new_user(live, world)
    old = signed_in(live, name)
    with live.database.sessions() as db:
        db.execute(update(LoginSession).where(LoginSession.token_hash == token_hash(old.token))
                   .values(last_seen_at=datetime.now(UTC) - timedelta(hours=2)))
        db.commit()
    signed_in(live, name)
    with live.database.sessions() as db:
        assert db.get(LoginSession, token_hash(old.token)) is None


def test_signing_out_ends_the_session(live: LiveServer, world: World) -> None:
    api = signed_in(live, _new_user(live, world))
    assert api.delete("/api/v1/session").status_code == 200
    assert api.get("/api/v1/devices").status_code == 401


def test_errors_are_json_with_stable_codes(live: LiveServer, world: World) -> None:
    api = world.alpha.supervisor
    assert api.get("/api/v1/nothing-here").json() == {
        "error": "not_found", "message": "Not found.", "detail": None}
    broken = api.post("/api/v1/contacts/x/review", data=b"{not json",
                      headers={"Content-Type": "application/json"})
    assert broken.status_code == 422 and broken.json()["error"] == "invalid_request"
    extra = live.api().post("/api/v1/session", json={"username": "a", "password": "b", "x": 1})
    assert extra.status_code == 422


def test_push_errors_carry_messages_in_the_requested_language(world: World) -> None:
    response = world.alpha.worker.post("/api/v1/sync/push", json={"records": [{"schema": 1}]},
                                       headers={"Accept-Language": "bg"})
    errors = response.json()["results"][0]["errors"]
    assert errors and all(e["message"] and e["code"] for e in errors)
    plain = world.alpha.worker.post("/api/v1/sync/push", json={"records": [{"schema": 1}]})
    assert "message" not in plain.json()["results"][0]["errors"][0]

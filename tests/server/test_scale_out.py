"""Several server processes on one database answer like one: sessions, rate limits and
sync cursors live in the database, not in a process."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator

import pytest
import requests

from model import Enrollment
from server.services import accounts
from server.services.principals import Role
from tests.server.conftest import PASSWORD, ROOT, SERVER_ENV, LiveServer, World
from tests.server.helpers import contact, new_address, wait_until, wire
from tests.support import free_port

ACCOUNT_LIMIT = int(SERVER_ENV["STREETCONTACT_LOGIN_LIMIT_ACCOUNT"])


@pytest.fixture(scope="module")
def two_workers(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`serve --workers 2` on the same database as the live server."""
    port = free_port()
    log = tmp_path_factory.mktemp("workers") / "server.log"
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": live.database.url}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port), "--workers", "2",
             "--forwarded-allow-ips", "127.0.0.1", "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        assert process.poll() is None, log.read_text()
        try:
            return requests.get(base + "/api/v1/health", timeout=1).ok
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, timeout=60, what="two workers to answer")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _fresh(url: str, method: str, token: str | None = None, address: str | None = None,
           **kwargs: object) -> requests.Response:
    """A request on a new connection, so the processes take turns."""
    headers = {"Connection": "close", "X-Forwarded-For": address or new_address()}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return requests.request(method, url, headers=headers, timeout=30, **kwargs)  # type: ignore[arg-type]


@pytest.mark.slow
def test_a_session_from_one_server_works_on_every_process(live: LiveServer, world: World,
                                                          two_workers: str) -> None:
    signed = _fresh(live.base_url + "/api/v1/session", "POST",
                    json={"username": "alpha-admin", "password": PASSWORD})
    assert signed.status_code == 200, signed.text
    token = signed.json()["token"]
    codes = {_fresh(two_workers + "/api/v1/devices", "GET", token).status_code
             for _ in range(20)}
    assert codes == {200}
    assert _fresh(two_workers + "/api/v1/session", "DELETE", token).status_code == 200
    assert _fresh(live.base_url + "/api/v1/devices", "GET", token).status_code == 401


@pytest.mark.slow
def test_rate_limits_count_across_processes(live: LiveServer, world: World,
                                            two_workers: str) -> None:
    name = f"scale-{secrets.token_hex(4)}"
    with live.database.sessions() as db:
        accounts.set_user(db, org_id=world.alpha.id, username=name, password=PASSWORD,
                          role=Role.SUPERVISOR)
    bases = [live.base_url, two_workers, two_workers, live.base_url, two_workers]
    address = new_address()
    codes = [_fresh(bases[i % len(bases)] + "/api/v1/session", "POST", address=address,
                    json={"username": name, "password": "wrong"}).status_code
             for i in range(ACCOUNT_LIMIT + 1)]
    assert codes == [401] * ACCOUNT_LIMIT + [429]


@pytest.mark.slow
def test_push_and_pull_alternate_between_servers(world: World, two_workers: str) -> None:
    token = world.alpha.worker.token
    enrollment = Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id)
    records = [wire(contact(enrollment)) for _ in range(10)]
    push = two_workers + "/api/v1/sync/push"
    first = _fresh(push, "POST", token, json={"records": records}).json()["results"]
    again = _fresh(push, "POST", token, json={"records": records}).json()["results"]
    assert {r["status"] for r in first} == {"stored"}
    assert {r["status"] for r in again} == {"duplicate"}
    cursor = _fresh(two_workers + "/api/v1/sync/pull", "GET", token).json()["cursor"]
    world.alpha.supervisor.post(f"/api/v1/contacts/{records[0]['id']}/review",
                                json={"state": "approved"})
    changes = _fresh(two_workers + "/api/v1/sync/pull", "GET", token,
                     params={"since": cursor}).json()["changes"]
    assert [(c["contact_id"], c["state"]) for c in changes] == [(records[0]["id"], "approved")]

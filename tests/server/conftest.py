"""Fixtures of the server tests: each test runs on SQLite and on PostgreSQL.

One database and one real server (uvicorn in a subprocess on 127.0.0.1) per
backend for the whole session; two organisations with users, devices and
contacts shared by the tests that only read them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from model import Enrollment
from server.db import SessionFactory, make_engine, make_sessions, migrate
from server.services import accounts
from server.services.principals import Role
from tests.server.helpers import Api, contact, wait_until, wire
from tests.support import POSTGRES_URL, free_port, missing, postgres_reachable

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
# Small limits so the rate-limit tests are quick; every test client has its own address.
SERVER_ENV = {
    "STREETCONTACT_LOGIN_LIMIT_ACCOUNT": "4",
    "STREETCONTACT_LOGIN_LIMIT_ADDRESS": "8",
    "STREETCONTACT_LOGIN_LIMIT_ACCOUNT_BACKSTOP": "6",
    "STREETCONTACT_LOGIN_WINDOW_SECONDS": "600",
    "STREETCONTACT_MAX_BODY_BYTES": str(2 * 1024 * 1024),
    "STREETCONTACT_SECRET": "test-secret-" + "x" * 32,
    # The tests that purge do so themselves, and count what their purge removed: the shared
    # server must not purge in between. (test_scheduled_purge runs a server that does.)
    "STREETCONTACT_PURGE_EVERY_SECONDS": "0",
}


@dataclasses.dataclass
class Database:
    url: str
    backend: str
    sessions: SessionFactory


@contextlib.contextmanager
def scratch_database(backend: str, folder: Path) -> Iterator[str]:
    """The URL of a new, empty database of `backend` (SQLite: a file in `folder`), dropped
    afterwards; skips the test when PostgreSQL is not reachable."""
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'server.sqlite3'}"
        return
    if not postgres_reachable():
        missing("PostgreSQL at 127.0.0.1:5432")
    name = f"sc_test_{secrets.token_hex(6)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextlib.contextmanager
def migrated_database(backend: str, folder: Path) -> Iterator[Database]:
    """A new database of `backend` with the schema made, dropped afterwards."""
    with scratch_database(backend, folder) as url:
        engine = make_engine(url)
        try:
            migrate(engine)
            yield Database(url, backend, make_sessions(engine))
        finally:
            engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    with migrated_database(request.param, tmp_path_factory.mktemp("sqlite")) as made:
        yield made


@dataclasses.dataclass
class LiveServer:
    base_url: str
    database: Database
    log: Path

    def api(self, token: str | None = None) -> Api:
        return Api(self.base_url, token=token)


@pytest.fixture(scope="session")
def live(database: Database, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": database.url}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "server", "serve", "--port", str(port),
             "--forwarded-allow-ips", "127.0.0.1", "--log-level", "info"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {log.read_text()}")
        try:
            return requests.get(base + "/api/v1/health", timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    try:
        wait_until(up, timeout=60, what="the server to answer /api/v1/health")
        yield LiveServer(base, database, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclasses.dataclass
class Org:
    name: str
    id: str
    supervisor: Api
    admin: Api
    worker: Api            # device of worker 1
    other_worker: Api      # device of worker 2, same organisation
    worker_id: str
    other_worker_id: str
    device_id: str
    contact_ids: list[str]
    person_ids: list[str]


@dataclasses.dataclass
class World:
    alpha: Org
    beta: Org
    canaries: list[str]    # values only Beta's contacts hold


@pytest.fixture(scope="session")
def world(live: LiveServer) -> World:
    alpha = _make_org(live, "Alpha", canary=None)
    canary = "CANARY" + secrets.token_hex(8)
    beta = _make_org(live, "Beta", canary=canary)
    return World(alpha, beta, [canary, *beta.contact_ids, *beta.person_ids])


def _make_org(live: LiveServer, name: str, *, canary: str | None) -> Org:
    prefix = name.lower()
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"{name}-{secrets.token_hex(3)}")
        users = {role: accounts.set_user(db, org_id=org.id, username=f"{prefix}-{role}",
                                         password=PASSWORD, role=Role(role.rstrip("2")))
                 for role in ("supervisor", "admin", "worker", "worker2")}
    supervisor = signed_in(live, f"{prefix}-supervisor")
    admin = signed_in(live, f"{prefix}-admin")
    worker, device_id = enrolled(live, f"{prefix}-worker")
    other, _ = enrolled(live, f"{prefix}-worker2")
    enrollment = Enrollment(users["worker"].id, device_id, org.id)
    extra = {"consent": "given", "alias": canary, "notes": canary, "area": canary} if canary else {}
    contacts = [contact(enrollment, days_ago=i + 1, **extra) for i in range(3)]
    assert {r["status"] for r in worker.push([wire(c) for c in contacts])} == {"stored"}
    return Org(name, org.id, supervisor, admin, worker, other, users["worker"].id,
               users["worker2"].id, device_id, [c.id for c in contacts],
               [c.person_id for c in contacts])


def signed_in(live: LiveServer, username: str) -> Api:
    api = live.api()
    response = api.post("/api/v1/session", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return api.with_token(response.json()["token"])


def enrolled(live: LiveServer, username: str) -> tuple[Api, str]:
    api = live.api()
    response = api.post("/api/v1/devices/enroll", json={
        "username": username, "password": PASSWORD, "device_name": "test phone"})
    assert response.status_code == 201, response.text
    body = response.json()
    return api.with_token(body["token"]), body["device_id"]

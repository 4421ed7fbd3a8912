"""A database with two organisations, for the web pages' queries and tickets, on SQLite and
(when reachable) PostgreSQL — built through the server's own services."""

from __future__ import annotations

import dataclasses
import itertools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from model import Contact, Enrollment, to_wire
from server.config import Settings
from server.db import SessionFactory, make_engine, make_sessions, migrate
from server.services import accounts, sync
from server.services.principals import DevicePrincipal, Principal, Role
from tests.factories import make_contact
from tests.support import POSTGRES_URL, missing, postgres_reachable

PASSWORD = "a long enough password"
_names = itertools.count(1)


@contextmanager
def scratch_database(backend: str, folder: str) -> Iterator[str]:
    """A fresh, migrated database URL; PostgreSQL's is dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{folder}/web.sqlite3"
        return
    if not postgres_reachable():
        missing("PostgreSQL at 127.0.0.1:5432")
    name = f"sc_web_{secrets.token_hex(5)}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclasses.dataclass
class World:
    """Two organisations (A, B) in one database, with their staff made once (passwords are
    deliberately slow to hash); phones are made per test, so tests keep to their own rows."""

    sessions: SessionFactory
    settings: Settings
    org_a: str
    org_b: str
    staff: dict[str, Principal] = dataclasses.field(default_factory=dict)

    def user(self, org: str, role: Role) -> Principal:
        name = f"user{next(_names)}"
        with self.sessions() as db:
            made = accounts.set_user(db, org_id=org, username=name, password=PASSWORD, role=role)
        return Principal(user_id=made.id, org_id=org, role=role, name=name)

    def phone(self, org: str) -> tuple[DevicePrincipal, Enrollment]:
        """A phone of a worker of its own; what the sync service needs of an enrolled one."""
        n = next(_names)
        device = DevicePrincipal(f"device-{n}", f"worker-{n}", org)
        return device, Enrollment(device.worker_id, device.device_id, org)

    def push(self, device: DevicePrincipal, contacts: list[Contact]) -> None:
        with self.sessions() as db:
            results = sync.push(db, device=device, records=[to_wire(c) for c in contacts])
        assert {r["status"] for r in results} == {"stored"}, results


def contact_on(enrollment: Enrollment, day: date, **fields: object) -> Contact:
    now = datetime.combine(day, time(9), tzinfo=UTC)
    return make_contact(enrollment=enrollment, now=now, contact_date=day, **fields)


def make_world(url: str) -> tuple[World, Engine]:
    engine = make_engine(url)
    migrate(engine)
    sessions = make_sessions(engine)
    settings = Settings(database_url=url, secret="test-secret-" + "x" * 32)
    with sessions() as db:
        org_a = accounts.create_org(db, name="A").id
        org_b = accounts.create_org(db, name="B").id
    world = World(sessions, settings, org_a, org_b)
    for key, org, role in (("supervisor_a", org_a, Role.SUPERVISOR),
                           ("supervisor_a2", org_a, Role.SUPERVISOR),
                           ("admin_a", org_a, Role.ADMIN), ("worker_a", org_a, Role.WORKER),
                           ("supervisor_b", org_b, Role.SUPERVISOR),
                           ("admin_b", org_b, Role.ADMIN)):
        world.staff[key] = world.user(org, role)
    return world, engine

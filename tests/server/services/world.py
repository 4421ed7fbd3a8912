"""Two organisations in the test session's database (SQLite and PostgreSQL), for the tests
that call the services directly — built through the server's own services."""

from __future__ import annotations

import dataclasses
import itertools
import secrets
from datetime import UTC, date, datetime, time

from model import Contact, Enrollment, to_wire
from server.config import Settings
from server.db import SessionFactory
from server.services import accounts, sync
from server.services.principals import DevicePrincipal, Principal, Role
from tests.factories import make_contact

PASSWORD = "a long enough password"
_names = itertools.count(1)


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


def make_world(sessions: SessionFactory, *, database_url: str) -> World:
    """Organisations A and B (names made unique: the database is shared) with their staff."""
    settings = Settings(database_url=database_url, secret="test-secret-" + "x" * 32)
    tag = secrets.token_hex(3)
    with sessions() as db:
        org_a = accounts.create_org(db, name=f"A-{tag}").id
        org_b = accounts.create_org(db, name=f"B-{tag}").id
    world = World(sessions, settings, org_a, org_b)
    for key, org, role in (("supervisor_a", org_a, Role.SUPERVISOR),
                           ("supervisor_a2", org_a, Role.SUPERVISOR),
                           ("admin_a", org_a, Role.ADMIN), ("worker_a", org_a, Role.WORKER),
                           ("supervisor_b", org_b, Role.SUPERVISOR),
                           ("admin_b", org_b, Role.ADMIN)):
        world.staff[key] = world.user(org, role)
    return world

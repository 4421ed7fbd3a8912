"""The national grid kept in the database equals a count from scratch after every kind of
write: pushes, edits that move a contact to another person, month or municipality, an
erasure, a retention purge and a change of pilot membership — on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import random
import secrets
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from model import Enrollment, revise, to_wire
from server.models import CurrentContact
from server.services import accounts, contacts, merges, national_cells, retention, sync
from server.services.principals import DevicePrincipal, Principal, Role
from tests.factories import make_contact
from tests.server.conftest import Database

TODAY = date(2026, 12, 7)
PLACES = ["GM0363", "GM0344", "GM0983", "GM0518"]


def _stored_equals_scratch(database: Database) -> None:
    with database.sessions() as db:
        stored = national_cells.cells(db)
        scratch = +national_cells.from_scratch(db)
    assert stored == scratch


def test_the_stored_grid_always_equals_a_count_from_scratch(database: Database) -> None:
    rng = random.Random(3)
    with database.sessions() as db:
        org = accounts.create_org(db, name=f"Cells-{secrets.token_hex(4)}",
                                  retention_months=12).id
    device = DevicePrincipal("device", "worker", org)
    enrollment = Enrollment("worker", "device", org)
    persons = [f"00000000-0000-4000-8000-{i:012d}" for i in range(12)]
    made = []
    for i in range(40):
        day = TODAY - timedelta(days=rng.randrange(1, 500))
        made.append(make_contact(
            enrollment=enrollment, now=datetime(day.year, day.month, day.day, 8, i, tzinfo=UTC),
            contact_date=day, person_id=rng.choice(persons), municipality=rng.choice(PLACES),
            nationality=rng.choice(["PL", "RO"]),
            outcome=rng.choice([None, "found_work", "forced_return"])))
    with database.sessions() as db:
        assert {r["status"] for r in sync.push(db, device=device,
                                               records=[to_wire(c) for c in made])} == {"stored"}
    _stored_equals_scratch(database)

    # Edits: another person, another month, another municipality, an outcome.
    moved = dataclasses.replace(revise(made[0], {"area": "Centrum"}, now=datetime.now(UTC)),
                                person_id=persons[5])  # if the server takes it at all
    edits = [moved,
             revise(made[1], {"contact_date": made[2].contact_date}, now=datetime.now(UTC)),
             revise(made[3], {"municipality": "GM0983", "outcome": "voluntary_return"},
                    now=datetime.now(UTC))]
    with database.sessions() as db:
        statuses = [r["status"] for r in sync.push(db, device=device,
                                                   records=[to_wire(c) for c in edits])]
    assert statuses[1:] == ["stored", "stored"]
    _stored_equals_scratch(database)

    supervisor = Principal("s", org, Role.SUPERVISOR, "s")
    with database.sessions() as db:
        contacts.erase_person(db, principal=supervisor, person_id=made[4].person_id)
    _stored_equals_scratch(database)

    with database.sessions() as db:
        accounts.set_pilot(db, org_id=org, in_pilot=True)
    _stored_equals_scratch(database)

    # Two persons merged by a supervisor are one; the merge undone, two again.
    with database.sessions() as db:
        held = sorted({p for (p,) in db.execute(select(CurrentContact.person_id).where(
            CurrentContact.org_id == org))})
        done = merges.merge(db, principal=supervisor, from_person=held[0], into_person=held[1])
    _stored_equals_scratch(database)
    with database.sessions() as db:
        merges.undo(db, principal=supervisor, merge_id=done["id"])
    _stored_equals_scratch(database)

    with database.sessions() as db:
        report = retention.purge(db, today=TODAY)
    assert sum(report.deleted.values()) > 0, "the data must reach past the retention period"
    _stored_equals_scratch(database)

    with database.sessions() as db:
        accounts.set_pilot(db, org_id=org, in_pilot=False)
    _stored_equals_scratch(database)

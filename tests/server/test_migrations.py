"""The schema is made only by the migrations, and they match the models."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from model import Enrollment, revise, to_wire
from model.municipalities import PILOT_NAMES
from server.db import make_engine, make_sessions, migrate
from server.models import Base, ContactRevision, CurrentContact, Organisation, OrgMunicipality
from server.services.ingest import current_row, prepare, revision_row
from server.services.principals import MONITORS_ORG_ID, DevicePrincipal
from tests.factories import make_contact
from tests.server.conftest import Database, scratch_database


def test_migrations_build_exactly_the_models(database: Database) -> None:
    engine = make_engine(database.url)
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    assert differences == []


def test_the_list_has_an_index_for_every_filter(database: Database) -> None:
    engine = make_engine(database.url)
    indexes = {tuple(i["column_names"]) for i in inspect(engine).get_indexes("contacts")}
    engine.dispose()
    for column in ("review_state", "municipality", "worker_id", "nationality", "indication"):
        assert ("org_id", column, "contact_date", "created_at", "id") in indexes
    assert ("org_id", "contact_date", "created_at", "id") in indexes


@pytest.fixture(params=["sqlite", "postgresql"])
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    with scratch_database(request.param, tmp_path) as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def test_contacts_stored_before_the_time_column_get_it_from_their_newest_revision(
        empty: Engine) -> None:
    migrate(empty, "0003_review_details")
    org = _old_org(empty, "Before")
    device = DevicePrincipal("device-1", "worker-1", org)
    enrollment = Enrollment("worker-1", "device-1", org)
    morning = make_contact(enrollment=enrollment, now=datetime(2026, 5, 4, 7, 15, 0, 250000,
                                                               tzinfo=UTC))
    evening = make_contact(enrollment=enrollment, now=datetime(2026, 5, 4, 19, 40, tzinfo=UTC))
    edited = revise(evening, {"area": "Centraal"}, now=datetime(2026, 5, 5, 8, 0, tzinfo=UTC))
    items = [prepare(to_wire(c), device=device, today=date(2026, 5, 6))
             for c in (morning, evening, edited)]
    now = datetime.now(UTC)
    with empty.begin() as connection:
        connection.execute(insert(ContactRevision.__table__),
                           [revision_row(i, device=device, now=now) for i in items])
        connection.execute(insert(CurrentContact.__table__), [
            {k: v for k, v in current_row(i).items() if k != "created_at"}
            | {"review_state": "received"} for i in (items[0], items[2])])

    migrate(empty)

    with make_sessions(empty)() as db:
        found = dict(db.execute(select(CurrentContact.id, CurrentContact.created_at)).all())
    assert found == {morning.id: morning.created_at, evening.id: evening.created_at}
    with empty.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []


def _old_org(engine: Engine, name: str) -> str:
    """An organisation as the schema of an older revision holds it (the model's columns of
    today are not there yet)."""
    org = str(uuid.uuid4())
    with engine.begin() as connection:  # the organisations table as it was then
        connection.execute(sa_table("organisations", *(sa_column(n) for n in (
            "id", "name", "retention_months", "change_seq", "created_at"))).insert().values(
            id=org, name=name, retention_months=24, change_seq=0,
            created_at=datetime.now(UTC).replace(tzinfo=None)))
    return org


def test_organisations_keep_the_pilot_six_and_stored_names_become_codes(empty: Engine) -> None:
    migrate(empty, "0004_contact_created_at")
    org = _old_org(empty, "Before")
    device = DevicePrincipal("device-1", "worker-1", org)
    met = make_contact(enrollment=Enrollment("worker-1", "device-1", org),
                       municipality="GM0518")
    item = prepare(to_wire(met, schema=1), device=device, today=date(2026, 12, 7))
    with empty.begin() as connection:
        connection.execute(insert(ContactRevision.__table__),
                           [revision_row(item, device=device, now=datetime.now(UTC))])
        # As the contacts table held it before: the schema 1 name.
        connection.execute(insert(CurrentContact.__table__), [
            current_row(item) | {"review_state": "received", "municipality": "den_haag"}])

    migrate(empty)

    with make_sessions(empty)() as db:
        assert db.get(CurrentContact, met.id).municipality == "GM0518"
        assert db.scalar(select(ContactRevision.content)) == item.content  # as received
        assert '"municipality":"den_haag"' in item.content
        listed = db.execute(select(OrgMunicipality.code, OrgMunicipality.name)
                            .where(OrgMunicipality.org_id == org)).all()
    assert sorted(listed) == sorted(PILOT_NAMES.items())


def test_organisations_stored_before_the_pilot_flag_are_not_in_the_pilot(empty: Engine) -> None:
    migrate(empty, "0004_contact_created_at")
    with empty.begin() as connection:
        connection.execute(text("INSERT INTO organisations (id, name, retention_months, "
                                "change_seq, created_at) VALUES ('o-1', 'Before', 24, 3, :now)"),
                           {"now": datetime.now(UTC)})
    migrate(empty)
    with make_sessions(empty)() as db:
        found = {o.id: (o.in_pilot, o.figures_seq) for o in db.scalars(select(Organisation))}
    assert found == {"o-1": (False, 1), MONITORS_ORG_ID: (False, 0)}  # counted once

"""Retention: contacts past the organisation's period go; their monthly counts stay."""

from __future__ import annotations

import secrets
from datetime import date

import pytest
from sqlalchemy import select

from model import Enrollment
from server.models import ContactRevision
from server.services import accounts, retention
from server.services.principals import Role
from tests.server.conftest import PASSWORD, LiveServer, enrolled, signed_in
from tests.server.helpers import contact, wire


@pytest.mark.parametrize(("today", "months", "first_kept"), [
    (date(2026, 11, 23), 24, date(2024, 11, 23)),
    (date(2026, 3, 31), 1, date(2026, 2, 28)),
    (date(2024, 2, 29), 12, date(2023, 2, 28)),
    (date(2026, 1, 15), 1, date(2025, 12, 15)),
])
def test_cutoff_counts_whole_months(today: date, months: int, first_kept: date) -> None:
    assert retention.cutoff(today, months) == first_kept


def test_purge_deletes_old_contacts_and_keeps_their_counts(live: LiveServer) -> None:
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Zeta-{tag}", retention_months=1)
        worker = accounts.set_user(db, org_id=org.id, username=f"zeta-w-{tag}",
                                   password=PASSWORD, role=Role.WORKER)
        accounts.set_user(db, org_id=org.id, username=f"zeta-s-{tag}", password=PASSWORD,
                          role=Role.SUPERVISOR)
    phone, device_id = enrolled(live, f"zeta-w-{tag}")
    enrollment = Enrollment(worker.id, device_id, org.id)
    old = [contact(enrollment, days_ago=70 + i, municipality="venlo") for i in range(3)]
    recent = [contact(enrollment, days_ago=2)]
    phone.push([wire(c) for c in old + recent])
    with live.database.sessions() as db:
        report = retention.purge(db)
        assert report.deleted[org.id] == 3
        left = db.scalars(select(ContactRevision.contact_id)
                          .where(ContactRevision.org_id == org.id)).all()
    assert left == [recent[0].id]
    supervisor = signed_in(live, f"zeta-s-{tag}")
    assert supervisor.get(f"/api/v1/contacts/{old[0].id}").status_code == 404
    figures = supervisor.get("/api/v1/stats").json()
    assert figures["contacts"] == 1
    assert figures["purged"]["contacts"] == 3
    months = {c.contact_date.isoformat()[:7] for c in old}
    assert set(figures["purged"]["by_month"]) == months
    venlo = supervisor.get("/api/v1/stats", params={"municipality": "amsterdam"}).json()
    assert venlo["purged"]["contacts"] == 0
    with live.database.sessions() as db:
        assert retention.purge(db).deleted.get(org.id) is None

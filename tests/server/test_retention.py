"""Retention: contacts past the organisation's period go; their monthly counts stay."""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from model import Enrollment, revise
from server.config import Settings
from server.models import ContactRevision, ErasedPerson, LoginSession, RateCounter, User
from server.security import token_hash
from server.services import accounts, retention, tickets
from server.services.principals import Principal, Role
from tests.server.conftest import PASSWORD, SERVER_ENV, LiveServer, enrolled, signed_in
from tests.server.helpers import contact, wire

# The live server's own session timeout (the default) and attempt window.
SETTINGS = Settings(secret=SERVER_ENV["STREETCONTACT_SECRET"],
                    login_window_seconds=int(SERVER_ENV["STREETCONTACT_LOGIN_WINDOW_SECONDS"]))


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
    old = [contact(enrollment, days_ago=70 + i, municipality="GM0983") for i in range(3)]
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
    venlo = supervisor.get("/api/v1/stats", params={"municipality": "GM0983"}).json()
    assert venlo["purged"]["contacts"] == 3
    # A filter of wire schema 1's time names the same municipality.
    assert supervisor.get("/api/v1/stats", params={"municipality": "venlo"}).json() == venlo
    amsterdam = supervisor.get("/api/v1/stats", params={"municipality": "amsterdam"}).json()
    assert amsterdam["purged"]["contacts"] == 0
    with live.database.sessions() as db:
        assert retention.purge(db).deleted.get(org.id) is None


def test_purge_clears_sessions_counters_and_changes_no_one_needs(live: LiveServer) -> None:
    tag = secrets.token_hex(3)
    with live.database.sessions() as db:
        org = accounts.create_org(db, name=f"Eta-{tag}", retention_months=1)
        worker = accounts.set_user(db, org_id=org.id, username=f"eta-w-{tag}",
                                   password=PASSWORD, role=Role.WORKER)
        staff = accounts.set_user(db, org_id=org.id, username=f"eta-s-{tag}", password=PASSWORD,
                                  role=Role.SUPERVISOR)
    phone, device_id = enrolled(live, f"eta-w-{tag}")
    supervisor, idle = signed_in(live, f"eta-s-{tag}"), signed_in(live, f"eta-s-{tag}")
    long_open = signed_in(live, f"eta-s-{tag}")
    enrollment = Enrollment(worker.id, device_id, org.id)
    reviewed, gone, kept = (contact(enrollment, days_ago=2 + i) for i in range(3))
    phone.push([wire(reviewed), wire(gone), wire(kept)])

    def verdict(state: str) -> None:
        assert supervisor.post(f"/api/v1/contacts/{reviewed.id}/review",
                               json={"state": state, "comment": "x"}).status_code == 200

    verdict("has_issues")
    rev2 = revise(reviewed, {"wish": "return_home"})
    phone.push([wire(rev2)])                 # edited, then followed by a verdict: goes
    verdict("approved")
    phone.push([wire(revise(rev2, {"wish": "care"}))])  # the last change of the contact: stays
    for person in (gone.person_id, kept.person_id):
        assert supervisor.delete(f"/api/v1/persons/{person}").status_code == 200
    now = datetime.now(UTC)
    old_ticket = tickets.issue(SETTINGS, principal=_principal(staff), kind=tickets.CONTACTS,
                                 params={}, now=now.timestamp() - 1000)
    new_ticket = tickets.issue(SETTINGS, principal=_principal(staff), kind=tickets.CONTACTS,
                                 params={})
    with live.database.sessions() as db:
        db.execute(update(ErasedPerson).where(ErasedPerson.person_id == gone.person_id)
                   .values(erased_at=now - timedelta(days=40)))
        db.execute(update(LoginSession).where(LoginSession.token_hash == token_hash(idle.token))
                   .values(last_seen_at=now - timedelta(hours=2)))
        db.execute(update(LoginSession)
                   .where(LoginSession.token_hash == token_hash(long_open.token))
                   .values(created_at=now - timedelta(hours=13)))  # in use, but too old
        start = int(now.timestamp())
        db.add_all([RateCounter(key=f"acct:old-{tag}", count=3,
                                window_start=start - 3 * SETTINGS.login_window_seconds),
                    RateCounter(key=f"acct:new-{tag}", window_start=start, count=3)])
        db.commit()
        tickets.redeem(db, settings=SETTINGS, ticket=old_ticket, now=now.timestamp() - 999)
        tickets.redeem(db, settings=SETTINGS, ticket=new_ticket)

        report = retention.purge(db, settings=SETTINGS)

        assert report.sessions >= 2 and report.counters >= 2 and report.changes >= 2
        sessions = set(db.scalars(select(LoginSession.token_hash)
                                  .where(LoginSession.user_id == staff.id)))
        counters = set(db.scalars(select(RateCounter.key)))
        with pytest.raises(tickets.BadTicket):
            tickets.redeem(db, settings=SETTINGS, ticket=new_ticket)  # its use is still counted
    assert sessions == {token_hash(supervisor.token)}
    assert f"acct:new-{tag}" in counters and f"acct:old-{tag}" not in counters
    assert _use_key(new_ticket) in counters and _use_key(old_ticket) not in counters
    assert supervisor.get("/api/v1/devices").status_code == 200
    changes, _cursor = phone.pull_all()
    assert [(c["kind"], c.get("state"), c.get("person_id")) for c in changes] == [
        ("review", "has_issues", None), ("review", "approved", None), ("review", "edited", None),
        ("erase", None, kept.person_id)]


def _principal(user: User) -> Principal:
    return Principal(user_id=user.id, org_id=user.org_id, role=Role(user.role),
                     name=user.username)


def _use_key(ticket: str) -> str:
    return f"download:{tickets._opened(SETTINGS, ticket)['n']}"

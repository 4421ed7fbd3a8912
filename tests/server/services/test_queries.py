"""The inbox's reads and the admin's password reset (the accounts service), against a real
database."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from model import revise
from server.errors import BadCredentials, Forbidden, InvalidInput, NotAuthenticated, NotFound
from server.models import AuditEntry
from server.services import auth, review
from server.services.accounts import reset_password
from server.services.contacts import ContactFilters, ContactQuery, contact_page
from server.services.inbox import TO_REVIEW, count_by_state, review_history, user_names
from server.services.principals import Role
from tests.server.services.world import PASSWORD, World, contact_on


def test_inbox_shows_received_and_edited_contacts_but_not_reviewed_ones(world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    waiting, flagged, approved = (contact_on(enrollment, date(2026, 5, d)) for d in (1, 2, 3))
    world.push(device, [waiting, flagged, approved])
    with world.sessions() as db:
        review.review_contact(db, principal=supervisor, contact_id=flagged.id,
                              state="has_issues", comment="Add the area")
        review.review_contact(db, principal=supervisor, contact_id=approved.id,
                              state="approved", comment=None)

    world.push(device, [revise(flagged, {"area": "Park"})])
    mine = ContactFilters(worker_id=enrollment.worker_id)
    with world.sessions() as db:
        page = contact_page(db, principal=supervisor, query=ContactQuery(mine, TO_REVIEW))
        counts = count_by_state(db, principal=supervisor, filters=mine)
    assert [c["id"] for c in page.items] == [flagged.id, waiting.id]
    assert [c["review"]["state"] for c in page.items] == ["edited", "received"]
    assert counts == {"received": 1, "approved": 1, "has_issues": 0, "rejected": 0,
                      "edited": 1}


@pytest.mark.parametrize("oldest_first", [False, True])
def test_paging_visits_every_contact_once_in_date_order(world: World, oldest_first: bool) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    days = [date(2026, 4, d) for d in (1, 1, 1, 2, 5, 5, 9)]
    contacts = [contact_on(enrollment, day) for day in days]
    world.push(device, contacts)
    query = ContactQuery(ContactFilters(worker_id=enrollment.worker_id), (), oldest_first)
    seen: list[dict[str, object]] = []
    cursor = None
    with world.sessions() as db:
        while True:
            page = contact_page(db, principal=supervisor, query=query, limit=3, cursor=cursor)
            seen += page.items
            cursor = page.next_cursor
            if cursor is None:
                break
    expected = sorted(contacts, key=lambda c: (c.contact_date, c.id), reverse=not oldest_first)
    assert [c["id"] for c in seen] == [c.id for c in expected]


def test_counts_follow_the_filters_and_never_another_organisation(world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    other_device, other = world.phone(world.org_b)
    world.push(device, [contact_on(enrollment, date(2026, 3, 1), municipality="GM0983"),
                        contact_on(enrollment, date(2026, 3, 2), municipality="GM0344")])
    world.push(other_device, [contact_on(other, date(2026, 3, 1), municipality="GM0983")])
    with world.sessions() as db:
        venlo = count_by_state(db, principal=supervisor,
                               filters=ContactFilters(municipality="GM0983",
                                                      date_from=date(2026, 3, 1),
                                                      date_to=date(2026, 3, 31)))
        theirs = contact_page(db, principal=supervisor, query=ContactQuery(
            ContactFilters(worker_id=other.worker_id)))
    assert venlo["received"] == 1
    assert theirs.items == []


def test_a_bad_cursor_or_state_is_invalid_input(world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    with world.sessions() as db, pytest.raises(InvalidInput):
        contact_page(db, principal=supervisor, query=ContactQuery(ContactFilters()), cursor="xyz")
    with world.sessions() as db, pytest.raises(InvalidInput):
        contact_page(db, principal=supervisor, query=ContactQuery(ContactFilters(), ("lost",)))


def test_review_history_names_each_verdict_and_who_gave_it(world: World) -> None:
    first_reviewer = world.staff["supervisor_a"]
    second_reviewer = world.staff["supervisor_a2"]
    device, enrollment = world.phone(world.org_a)
    met = contact_on(enrollment, date(2026, 6, 1))
    world.push(device, [met])

    with world.sessions() as db:
        review.review_contact(db, principal=first_reviewer, contact_id=met.id,
                              state="has_issues", comment="Which park?")
    world.push(device, [revise(met, {"area": "Vondelpark"})])
    with world.sessions() as db:
        review.review_contact(db, principal=second_reviewer, contact_id=met.id,
                              state="approved", comment=None)
        history = review_history(db, principal=second_reviewer, contact_id=met.id)
    assert [(v.state, v.comment, v.reviewer) for v in history] == [
        ("has_issues", "Which park?", first_reviewer.name),
        ("approved", None, second_reviewer.name),
    ]


def test_review_history_of_another_organisations_contact_is_not_found(world: World) -> None:
    outsider = world.staff["supervisor_b"]
    device, enrollment = world.phone(world.org_a)
    met = contact_on(enrollment, date(2026, 6, 2))
    world.push(device, [met])
    with world.sessions() as db, pytest.raises(NotFound):
        review_history(db, principal=outsider, contact_id=met.id)


def test_a_new_password_ends_the_users_sessions_and_is_in_the_audit_log(world: World) -> None:
    admin = world.staff["admin_a"]
    supervisor = world.user(world.org_a, Role.SUPERVISOR)  # its password is changed here
    with world.sessions() as db:
        old = auth.login(db, settings=world.settings, username=supervisor.name,
                         password=PASSWORD, client="10.1.1.1")
        reset_password(db, principal=admin, user_id=supervisor.user_id,
                       password="the new one, long enough")
        with pytest.raises(NotAuthenticated):
            auth.authenticate_session(db, settings=world.settings, token=old.token)
        with pytest.raises(BadCredentials):
            auth.login(db, settings=world.settings, username=supervisor.name,
                       password=PASSWORD, client="10.1.1.1")
        auth.login(db, settings=world.settings, username=supervisor.name,
                   password="the new one, long enough", client="10.1.1.1")
        logged = db.scalars(select(AuditEntry.action).where(
            AuditEntry.object_id == supervisor.user_id,
            AuditEntry.actor_id == admin.user_id)).all()
    assert logged == ["reset_password"]


def test_only_an_admin_of_the_same_organisation_sets_a_password(world: World) -> None:
    admin_b, supervisor_a = world.staff["admin_b"], world.staff["supervisor_a"]
    target, admin_a = world.staff["worker_a"], world.staff["admin_a"]
    with world.sessions() as db:
        with pytest.raises(NotFound):
            reset_password(db, principal=admin_b, user_id=target.user_id,
                           password="long enough password")
        with pytest.raises(Forbidden):
            reset_password(db, principal=supervisor_a, user_id=target.user_id,
                           password="long enough password")
        with pytest.raises(InvalidInput):
            reset_password(db, principal=admin_a, user_id=target.user_id, password="short")


def test_user_names_are_those_of_the_own_organisation(world: World) -> None:
    mine, theirs = world.staff["supervisor_a"], world.staff["supervisor_b"]
    with world.sessions() as db:
        names = user_names(db, principal=mine)
    assert names[mine.user_id] == mine.name
    assert theirs.user_id not in names

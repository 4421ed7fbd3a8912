"""The one contact listing behind the API's list and the inbox: the same pages for the same
filters, and keyset paging that neither skips nor repeats contacts of the same day."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest

from model import Contact
from server.services import review
from server.services.contacts import (
    ContactFilters,
    ContactPage,
    ContactQuery,
    contact_page,
    list_contacts,
)
from server.services.principals import Principal
from tests.factories import make_contact
from tests.server.services.world import World, contact_on


def _every_page(read: Callable[[str | None], ContactPage]) -> list[ContactPage]:
    pages: list[ContactPage] = []
    cursor: str | None = None
    while True:
        page = read(cursor)
        pages.append(page)
        cursor = page.next_cursor
        if cursor is None:
            return pages


def _reviewed(world: World, supervisor: Principal, contacts: list[Contact],
              verdicts: dict[int, str]) -> None:
    with world.sessions() as db:
        for index, state in verdicts.items():
            review.review_contact(db, principal=supervisor, contact_id=contacts[index].id,
                                  state=state, comment=None if state == "approved" else "x")


def test_the_api_list_and_the_inbox_give_the_same_pages_for_the_same_filters(
        world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    contacts = [contact_on(enrollment, date(2026, 7, day), municipality=place)
                for day, place in ((1, "GM0983"), (1, "GM0983"), (2, "GM0344"), (3, "GM0983"),
                                   (3, "GM0983"), (3, "GM0983"), (8, "GM0983"))]
    world.push(device, contacts)
    _reviewed(world, supervisor, contacts, {1: "approved", 4: "rejected"})
    filters = ContactFilters(municipality="GM0983", worker_id=enrollment.worker_id,
                             date_from=date(2026, 7, 1), date_to=date(2026, 7, 5))

    with world.sessions() as db:
        api = _every_page(lambda cursor: list_contacts(
            db, principal=supervisor, filters=filters, limit=2, cursor=cursor))
        inbox = _every_page(lambda cursor: contact_page(
            db, principal=supervisor, query=ContactQuery(filters), limit=2, cursor=cursor))
        api_received = _every_page(lambda cursor: list_contacts(
            db, principal=supervisor, filters=ContactFilters(
                review_state="received", worker_id=enrollment.worker_id), limit=2,
            cursor=cursor))
        inbox_received = _every_page(lambda cursor: contact_page(
            db, principal=supervisor, query=ContactQuery(
                ContactFilters(worker_id=enrollment.worker_id), ("received",)), limit=2,
            cursor=cursor))

    assert api == inbox
    assert [c["id"] for page in api for c in page.items] == [
        c.id for c in sorted((contacts[i] for i in (0, 1, 3, 4, 5)),
                             key=lambda c: (c.contact_date, c.id), reverse=True)]
    assert [[c["id"] for c in p.items] for p in api_received] == [
        [c["id"] for c in p.items] for p in inbox_received]
    assert {c["id"] for p in inbox_received for c in p.items} == {
        contacts[i].id for i in (0, 2, 3, 5, 6)}


@pytest.mark.parametrize("oldest_first", [False, True])
@pytest.mark.parametrize("limit", [1, 2, 3])
def test_paging_within_one_day_has_no_gaps_and_no_repeats(world: World, oldest_first: bool,
                                                          limit: int) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    same_day = [contact_on(enrollment, date(2026, 8, 14)) for _ in range(6)]
    around = [contact_on(enrollment, date(2026, 8, d)) for d in (13, 15)]
    world.push(device, [*same_day, *around])
    _reviewed(world, supervisor, same_day, {0: "approved", 3: "has_issues"})
    shown = [c for i, c in enumerate(same_day) if i != 0] + around  # approved one left out
    query = ContactQuery(ContactFilters(worker_id=enrollment.worker_id),
                         ("received", "has_issues", "edited"), oldest_first)

    with world.sessions() as db:
        pages = _every_page(lambda cursor: contact_page(
            db, principal=supervisor, query=query, limit=limit, cursor=cursor))

    seen = [c["id"] for page in pages for c in page.items]
    assert seen == [c.id for c in sorted(shown, key=lambda c: (c.contact_date, c.id),
                                         reverse=not oldest_first)]
    assert all(len(page.items) == limit for page in pages[:-1])


@pytest.mark.parametrize("oldest_first", [False, True])
def test_contacts_of_one_day_come_in_the_order_they_were_recorded(world: World,
                                                                  oldest_first: bool) -> None:
    supervisor = world.staff["supervisor_a"]
    device, enrollment = world.phone(world.org_a)
    day = date(2026, 9, 9)
    recorded = [time(23, 10), time(8, 5), time(14, 0), time(14, 0), time(0, 30, 0, 500)]
    contacts = [make_contact(enrollment=enrollment, contact_date=day,
                             now=datetime.combine(day, at, tzinfo=UTC)) for at in recorded]
    world.push(device, [*contacts, contact_on(enrollment, date(2026, 9, 10))])
    query = ContactQuery(ContactFilters(worker_id=enrollment.worker_id, date_to=day), (),
                         oldest_first)

    with world.sessions() as db:
        pages = _every_page(lambda cursor: contact_page(
            db, principal=supervisor, query=query, limit=2, cursor=cursor))

    assert [c["id"] for page in pages for c in page.items] == [
        c.id for c in sorted(contacts, key=lambda c: (c.created_at, c.id),
                             reverse=not oldest_first)]

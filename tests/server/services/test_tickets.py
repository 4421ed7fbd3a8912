"""Download tickets: one use, one minute, one user of one organisation, and a signed content."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import time
from datetime import date

import pytest

from server.errors import Forbidden, InvalidInput
from server.services import accounts, audit
from server.services.contacts import ContactFilters
from server.services.export import header
from server.services.figures_csv import figures_csv
from server.services.principals import Role
from server.services.tickets import (
    CONTACTS,
    FIGURES,
    LIFETIME_SECONDS,
    BadTicket,
    contacts_ticket,
    fetch,
    figures_ticket,
    filters_from,
    filters_to,
    issue,
    redeem,
)
from tests.server.services.world import PASSWORD, World, contact_on


def test_a_ticket_gives_its_user_the_export_once(world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    ticket = issue(world.settings, principal=supervisor, kind=CONTACTS,
                   params={"municipality": "GM0983", "lang": "pl"})
    with world.sessions() as db:
        found = redeem(db, settings=world.settings, ticket=ticket)
        assert (found.principal, found.kind, found.params) == (
            supervisor, CONTACTS, {"municipality": "GM0983", "lang": "pl"})
        with pytest.raises(BadTicket):
            redeem(db, settings=world.settings, ticket=ticket)


def test_an_old_ticket_is_refused(world: World) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=FIGURES,
                   params={}, now=time.time() - LIFETIME_SECONDS - 1)
    with world.sessions() as db, pytest.raises(BadTicket):
        redeem(db, settings=world.settings, ticket=ticket)


@pytest.mark.parametrize("change", ["one character", "cut short", "other secret"])
def test_a_changed_or_forged_ticket_is_refused(world: World, change: str) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=CONTACTS,
                   params={"municipality": "GM0983"})
    settings = world.settings
    if change == "one character":
        middle = len(ticket) // 2
        ticket = ticket[:middle] + ("A" if ticket[middle] != "A" else "B") + ticket[middle + 1:]
    elif change == "cut short":
        ticket = ticket[:20]
    else:
        settings = dataclasses.replace(world.settings, secret="another-secret-" + "y" * 32)
    with world.sessions() as db, pytest.raises(BadTicket):
        redeem(db, settings=settings, ticket=ticket)


def test_a_ticket_shows_nothing_of_what_it_is_for(world: World) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=CONTACTS,
                   params={"municipality": "GM0983", "person_id": "p-123"})
    decoded = base64.urlsafe_b64decode(ticket + "==")
    for secret in (b"GM0983", b"p-123", world.staff["supervisor_a"].user_id.encode()):
        assert secret not in decoded


def test_a_ticket_dies_with_the_users_right_to_export(world: World) -> None:
    demoted = world.user(world.org_a, Role.SUPERVISOR)
    ticket = issue(world.settings, principal=demoted, kind=CONTACTS, params={})
    with world.sessions() as db:
        accounts.set_user(db, org_id=world.org_a, username=demoted.name, password=PASSWORD,
                          role=Role.WORKER)
        with pytest.raises(BadTicket):
            redeem(db, settings=world.settings, ticket=ticket)


def test_a_worker_gets_no_ticket(world: World) -> None:
    with pytest.raises(Forbidden):
        issue(world.settings, principal=world.staff["worker_a"], kind=CONTACTS, params={})


def test_figures_csv_has_a_bom_translated_labels_and_is_audited(world: World) -> None:
    supervisor = world.staff["supervisor_b"]
    device, enrollment = world.phone(world.org_b)
    world.push(device, [contact_on(enrollment, date(2026, 2, 3), nationality="RO",
                                   municipality="GM0772", outcome="voluntary_return")])
    with world.sessions() as db:
        text = figures_csv(db, principal=supervisor, lang="ro", date_from=date(2026, 2, 1),
                           date_to=date(2026, 2, 28), municipality="GM0772")
        exports = audit.read_log(db, principal=supervisor, action="export").items
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))  # Excel set to Romanian
    assert ["Contacte", "", "1"] in rows
    assert ["Cetățenie (persoane)", "România", "1"] in rows
    assert ["Ieșire pozitivă %", "", "100"] in rows
    assert exports, "the export is in the audit log"


def test_filters_survive_a_ticket_as_plain_values() -> None:
    filters = ContactFilters(review_state="approved", municipality="GM0518",
                             date_from=date(2026, 1, 1), nationality="PL")
    assert filters_from({**filters_to(filters), "lang": "pl"}) == filters
    with pytest.raises(ValueError):
        filters_from({"date_from": "yesterday"})


def test_fetching_a_ticket_gives_its_file_once(world: World) -> None:
    supervisor = world.staff["supervisor_b"]
    device, enrollment = world.phone(world.org_b)
    met = contact_on(enrollment, date(2026, 3, 9), municipality="GM0599")
    world.push(device, [met])
    with world.sessions() as db:
        ticket = contacts_ticket(db, principal=supervisor, settings=world.settings,
                                 filters=ContactFilters(person_id=met.person_id), lang="nl")
    found = fetch(world.sessions, settings=world.settings, ticket=ticket)
    text = "".join(found.chunks)
    assert found.filename == "contacts.csv" and text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))  # Excel set to Dutch
    assert rows[0] == header("nl") and [r[0] for r in rows[1:]] == [met.id]
    with pytest.raises(BadTicket):
        fetch(world.sessions, settings=world.settings, ticket=ticket)


def test_a_ticket_keeps_the_separator_asked_for(world: World) -> None:
    supervisor = world.staff["supervisor_b"]
    device, enrollment = world.phone(world.org_b)
    met = contact_on(enrollment, date(2026, 3, 10), municipality="GM0599")
    world.push(device, [met])
    with world.sessions() as db:
        comma = contacts_ticket(db, principal=supervisor, settings=world.settings,
                                filters=ContactFilters(person_id=met.person_id), lang="pl",
                                sep="comma")
        figures = figures_ticket(db, principal=supervisor, settings=world.settings,
                                 date_from=None, date_to=None, municipality=None, lang="en",
                                 sep="semicolon")
        with pytest.raises(InvalidInput):
            contacts_ticket(db, principal=supervisor, settings=world.settings,
                            filters=ContactFilters(), lang="pl", sep="tab")
    contacts = "".join(fetch(world.sessions, settings=world.settings, ticket=comma).chunks)
    assert next(csv.reader(io.StringIO(contacts[1:]))) == header("pl")
    text = "".join(fetch(world.sessions, settings=world.settings, ticket=figures).chunks)
    assert next(csv.reader(io.StringIO(text[1:]), delimiter=";")) == ["Figure", "Value", "Count"]


def test_a_figures_ticket_for_a_period_that_ends_before_it_starts_gives_no_file(
        world: World) -> None:
    supervisor = world.staff["supervisor_b"]
    with world.sessions() as db:
        good = figures_ticket(db, principal=supervisor, settings=world.settings,
                              date_from=date(2026, 2, 1), date_to=date(2026, 2, 28),
                              municipality=None, lang="bg")
        backwards = figures_ticket(db, principal=supervisor, settings=world.settings,
                                   date_from=date(2026, 2, 28), date_to=date(2026, 2, 1),
                                   municipality=None, lang="bg")
    found = fetch(world.sessions, settings=world.settings, ticket=good)
    assert found.filename == "figures.csv" and "".join(found.chunks).startswith("\ufeff")
    with pytest.raises(BadTicket):
        fetch(world.sessions, settings=world.settings, ticket=backwards)


def test_a_ticket_for_contacts_checks_the_filters_before_it_is_made(world: World) -> None:
    with world.sessions() as db, pytest.raises(InvalidInput):
        contacts_ticket(db, principal=world.staff["supervisor_a"], settings=world.settings,
                        filters=ContactFilters(municipality="atlantis"), lang="en")

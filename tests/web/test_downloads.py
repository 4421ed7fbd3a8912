"""Download tickets: one use, one minute, one user of one organisation, and a signed content."""

from __future__ import annotations

import base64
import csv
import dataclasses
import io
import time
from datetime import date

import pytest
import requests

from server.config import DEFAULT_SECRET, Settings
from server.errors import Forbidden
from server.services import accounts, audit
from server.services.principals import Principal, Role
from server.web.downloads import CONTACTS, FIGURES, LIFETIME_SECONDS, BadTicket, issue, redeem
from server.web.figures_csv import figures_csv
from tests.web.site import Site, password_of
from tests.web.world import PASSWORD, World, contact_on


def test_a_ticket_gives_its_user_the_export_once(world: World) -> None:
    supervisor = world.staff["supervisor_a"]
    ticket = issue(world.settings, principal=supervisor, kind=CONTACTS,
                   params={"municipality": "venlo", "lang": "pl"})
    with world.sessions() as db:
        found = redeem(db, world.settings, ticket)
        assert (found.principal, found.kind, found.params) == (
            supervisor, CONTACTS, {"municipality": "venlo", "lang": "pl"})
        with pytest.raises(BadTicket):
            redeem(db, world.settings, ticket)


def test_an_old_ticket_is_refused(world: World) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=FIGURES,
                   params={}, now=time.time() - LIFETIME_SECONDS - 1)
    with world.sessions() as db, pytest.raises(BadTicket):
        redeem(db, world.settings, ticket)


@pytest.mark.parametrize("change", ["one character", "cut short", "other secret"])
def test_a_changed_or_forged_ticket_is_refused(world: World, change: str) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=CONTACTS,
                   params={"municipality": "venlo"})
    settings = world.settings
    if change == "one character":
        middle = len(ticket) // 2
        ticket = ticket[:middle] + ("A" if ticket[middle] != "A" else "B") + ticket[middle + 1:]
    elif change == "cut short":
        ticket = ticket[:20]
    else:
        settings = dataclasses.replace(world.settings, secret="another-secret-" + "y" * 32)
    with world.sessions() as db, pytest.raises(BadTicket):
        redeem(db, settings, ticket)


def test_a_ticket_shows_nothing_of_what_it_is_for(world: World) -> None:
    ticket = issue(world.settings, principal=world.staff["supervisor_a"], kind=CONTACTS,
                   params={"municipality": "venlo", "person_id": "p-123"})
    decoded = base64.urlsafe_b64decode(ticket + "==")
    for secret in (b"venlo", b"p-123", world.staff["supervisor_a"].user_id.encode()):
        assert secret not in decoded


def test_a_ticket_dies_with_the_users_right_to_export(world: World) -> None:
    demoted = world.user(world.org_a, Role.SUPERVISOR)
    ticket = issue(world.settings, principal=demoted, kind=CONTACTS, params={})
    with world.sessions() as db:
        accounts.set_user(db, org_id=world.org_a, username=demoted.name, password=PASSWORD,
                          role=Role.WORKER)
        with pytest.raises(BadTicket):
            redeem(db, world.settings, ticket)


def test_a_worker_gets_no_ticket(world: World) -> None:
    with pytest.raises(Forbidden):
        issue(world.settings, principal=world.staff["worker_a"], kind=CONTACTS, params={})


def test_figures_csv_has_a_bom_translated_labels_and_is_audited(world: World) -> None:
    supervisor = world.staff["supervisor_b"]
    device, enrollment = world.phone(world.org_b)
    world.push(device, [contact_on(enrollment, date(2026, 2, 3), nationality="RO",
                                   municipality="eindhoven", outcome="voluntary_return")])
    with world.sessions() as db:
        text = figures_csv(db, principal=supervisor, lang="ro", params={
            "date_from": "2026-02-01", "date_to": "2026-02-28", "municipality": "eindhoven"})
        exports = audit.read_log(db, principal=supervisor, action="export").items
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert ["Contacte", "", "1"] in rows
    assert ["Cetățenie (persoane)", "România", "1"] in rows
    assert ["Ieșire pozitivă %", "", "100"] in rows
    assert exports, "the export is in the audit log"


def test_a_ticket_forged_with_the_development_secret_gets_nothing(site: Site) -> None:
    """The site was set up the normal way (`init`, then `serve`): it has a secret of its own,
    so knowing a supervisor's ids and the public development secret opens no export."""
    signed = requests.post(site.api("/session"), timeout=10, json={
        "username": "anna", "password": password_of("anna")}).json()["user"]
    anna = Principal(user_id=signed["id"], org_id=signed["org_id"], role=Role.SUPERVISOR,
                     name="anna")
    forged = issue(Settings(secret=DEFAULT_SECRET), principal=anna, kind=CONTACTS, params={})
    answer = requests.get(f"{site.url}/downloads/{forged}", timeout=10)
    assert answer.status_code == 410
    assert "csv" not in answer.headers["content-type"]

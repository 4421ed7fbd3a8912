"""Every download button of the pages gives its file: the figures of the chosen period, and a
copy of one person's contacts — each through a one-use link."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

import requests
from playwright.sync_api import expect

from server.config import DEFAULT_SECRET, Settings
from server.services.principals import Principal, Role
from server.services.tickets import CONTACTS, issue
from tests.browser import FletPage
from tests.web.site import Phone, Site, met, password_of
from tests.web.ui import show_figures

OpenPage = Callable[..., FletPage]


def _downloaded(page: FletPage, identifier: str) -> tuple[str, list[list[str]], str]:
    """Click a download button: the file's name, its rows, and the link it came from."""
    with page.page.expect_download() as started:
        page.click(identifier)
    download = started.value
    raw = download.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return download.suggested_filename, rows, download.url


def test_the_figures_page_downloads_the_figures_of_its_period_and_municipality(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "filip", "Figures download phone")
    phone.push([met(phone, date(2024, 11, d), municipality="GM0599", nationality="BG")
                for d in (4, 18)]
               + [met(phone, date(2024, 12, 2), municipality="GM0599", nationality="BG")])

    page = open_page("berta", "/figures")
    show_figures(page, "Rotterdam", "2024-11-01", "2024-11-30")
    expect(page.by_id("figures.contacts")).to_have_text("Contacts 2")
    name, rows, link = _downloaded(page, "figures.export")

    assert name == "figures.csv"
    assert rows[0] == ["Figure", "Value", "Count"]
    assert ["From", "2024-11-01", ""] in rows and ["To", "2024-11-30", ""] in rows
    assert ["Contacts", "", "2"] in rows
    assert ["Nationality (persons)", "Bulgaria", "2"] in rows
    assert requests.get(link, timeout=10).status_code == 410


def test_the_contact_page_downloads_a_copy_of_that_persons_contacts_only(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Person copy phone")
    first = met(phone, date(2024, 10, 1), municipality="GM0363", consent="given",
                alias="Radu C.")
    again = met(phone, date(2024, 10, 8), municipality="GM0363", person_id=first.person_id)
    someone_else = met(phone, date(2024, 10, 8), municipality="GM0363")
    phone.push([first, again, someone_else])

    page = open_page("anna", f"/contacts/{again.id}")
    expect(page.by_id("contact.person_export")).to_be_visible()
    name, rows, _link = _downloaded(page, "contact.person_export")

    assert name == "contacts.csv"
    assert sorted(r[0] for r in rows[1:]) == sorted([first.id, again.id])


def test_the_export_page_downloads_the_figures_as_well(site: Site, open_page: OpenPage) -> None:
    page = open_page("berta", "/export")
    expect(page.by_id("export.count")).to_contain_text("match")
    name, rows, _link = _downloaded(page, "export.figures")
    assert name == "figures.csv"
    assert rows[0] == ["Figure", "Value", "Count"] and rows[4][0] == "Contacts"


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


def test_a_used_or_forged_link_says_so_in_the_browsers_language(site: Site) -> None:
    link = f"{site.url}/downloads/not-a-ticket"
    polish = requests.get(link, headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"},
                          timeout=10)
    assert polish.status_code == 410
    assert polish.text.startswith("Ten link do pobrania wygasł lub został już użyty.")
    other = requests.get(link, headers={"Accept-Language": "de-DE,de;q=0.9"}, timeout=10)
    assert other.status_code == 410
    assert other.text.startswith("This download link has expired or was used already.")

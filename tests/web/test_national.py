"""The national figures page in the browser: a monitor sees every organisation and nothing
else; a supervisor sees the country beside their own organisation. Screenshots in Dutch and
Polish (desktop and 390×844) under test-artifacts/."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from playwright.sync_api import expect

from tests.browser import DESKTOP, PHONE, FletPage
from tests.web.site import MONITOR, ORG_A, ORG_B, Phone, Site, add_org, met
from tests.web.ui import expect_words, untagged_controls

OpenPage = Callable[..., FletPage]
ORG_E = "Leger des Heils Enschede"


def _data(site: Site) -> None:
    add_org(site, ORG_E, {"henk": "worker", "hanna": "supervisor"})
    phone = Phone(site, "henk", "Enschede phone")
    outcomes = [*["found_work"] * 6, "voluntary_return", "voluntary_return",
                "follow_up_facility", "forced_return", "back_to_street", "back_to_street",
                "lost_contact", None]
    phone.push([met(phone, date(2026, month, 1 + i), municipality="other",
                    municipality_other="Enschede", nationality="PL" if i % 3 else "RO",
                    outcome=outcomes[(i + month) % len(outcomes)])
                for month in (8, 9, 10, 11) for i in range(len(outcomes))])


def test_a_monitor_sees_every_organisation_and_no_other_page(site: Site,
                                                             open_page: OpenPage) -> None:
    _data(site)
    page = open_page(MONITOR, lang="nl")
    page.by_id("national.organisations").wait_for()  # "/" leads a monitor here
    expect(page.by_id("nav.inbox")).to_have_count(0)
    expect_words(page, "nav.national", "Landelijke cijfers")
    expect_words(page, "national.organisations", ORG_A, ORG_B, ORG_E)
    expect_words(page, "national.periods", "2026-11")
    page.screenshot("national-nl")
    assert untagged_controls(page) == []
    # At a phone's width (the page is drawn again for the new language, at that width).
    page.page.set_viewport_size(PHONE)
    page.choose("nav.language", "Polski")
    expect_words(page, "nav.national", "Dane krajowe")
    page.screenshot("national-pl-phone")
    page.choose("nav.language", "Nederlands")
    expect_words(page, "nav.national", "Landelijke cijfers")
    page.screenshot("national-nl-phone")

    page.page.set_viewport_size(DESKTOP)
    page.choose("nav.language", "Polski")
    expect_words(page, "nav.national", "Dane krajowe")
    page.choose("national.period", "Kwartalnie")
    expect_words(page, "national.periods", "2026-Q4")
    page.screenshot("national-pl")


def test_a_monitor_opens_no_organisation_page(site: Site, open_page: OpenPage) -> None:
    for path in ("/figures", "/audit"):
        page = open_page(MONITOR, path)
        expect(page.by_id("page.not_found")).to_be_visible()
        expect(page.by_id("figures.contacts")).to_have_count(0)


def test_a_supervisor_sees_only_their_own_organisation_beside_the_country(
        site: Site, open_page: OpenPage) -> None:
    page = open_page("anna", "/national")
    expect_words(page, "national.organisations", "Netherlands", ORG_A)
    text = page.by_id("national.organisations").inner_text()
    assert ORG_B not in text and ORG_E not in text

"""The monitoring figures of a hand-worked data set, and the CSV export for the case conference."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date

import requests
from playwright.sync_api import expect

from locales import field_label, label
from model.values import EntitlementQuestion
from server.services.export import header
from tests.browser import FletPage
from tests.web.site import Phone, Site, met
from tests.web.ui import show_figures

OpenPage = Callable[..., FletPage]
ALL_NO = {q.value: "no" for q in EntitlementQuestion}


def test_figures_page_shows_the_hand_worked_figures_of_a_seeded_month(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "filip", "Venlo phone")
    p1 = met(phone, date(2026, 2, 10), municipality="GM0983", nationality="PL")
    p1_march = met(phone, date(2026, 3, 3), municipality="GM0983", nationality="PL",
                   person_id=p1.person_id, entitlement={"works_now": "yes"},
                   referrals=frozenset({"work_guidance"}), outcome="found_work")
    p2 = met(phone, date(2026, 3, 5), municipality="GM0983", nationality="RO",
             referrals=frozenset({"barka_return", "pilot_shelter"}))
    p2_later = met(phone, date(2026, 3, 19), municipality="GM0983", nationality="RO",
                   person_id=p2.person_id, entitlement=ALL_NO,
                   referrals=frozenset({"barka_return"}), outcome="voluntary_return")
    p3 = met(phone, date(2026, 3, 10), municipality="GM0983", nationality="BG",
             entitlement={"works_now": "unknown"}, referrals=frozenset({"legal_advice"}),
             outcome="forced_return")
    p4 = met(phone, date(2026, 3, 12), municipality="GM0983", nationality="PL",
             entitlement=ALL_NO, referrals=frozenset({"pilot_shelter"}))
    p5 = met(phone, date(2026, 3, 20), municipality="GM0983", nationality="HU")
    elsewhere = met(phone, date(2026, 3, 25), municipality="GM0772", nationality="PL",
                    outcome="follow_up_facility")
    later = met(phone, date(2026, 4, 2), municipality="GM0983", nationality="PL",
                outcome="voluntary_return")
    phone.push([p1, p1_march, p2, p2_later, p3, p4, p5, elsewhere, later])

    page = open_page("berta", "/figures")
    # A screen reader hears what each choice is and what is chosen, also after a change.
    expect(page.by_id("figures.preset")).to_have_accessible_name("Period This month")
    show_figures(page, "Venlo", "2026-03-01", "2026-03-31")
    expect(page.by_id("figures.preset")).to_have_accessible_name("Period Chosen dates")
    expect(page.by_id("figures.municipality")).to_have_accessible_name("Municipality Venlo")

    # March, Venlo. Contacts: p1 3/3, p2 3/5 + 3/19, p3 3/10, p4 3/12, p5 3/20 = 6
    # (p1's February contact, Eindhoven and April are outside).
    expect(page.by_id("figures.contacts")).to_have_text("Contacts 6")
    # Persons met: p1..p5 = 5; new: p2..p5 = 4 (p1 was first met on 10 February).
    expect(page.by_id("figures.unique_persons")).to_have_text("Unique persons 5")
    expect(page.by_id("figures.new_persons")).to_have_text("New persons 4")
    # Outcomes: p1 found work, p2 voluntary return (positive), p3 forced return (not
    # positive) → 2 ÷ 3 = 66.7 % → "67%"; forced return counted apart: 1.
    expect(page.by_id("figures.positive_outflow")).to_have_text(
        "Positive outflow 67% 2 of 3 persons with an outcome")
    expect(page.by_id("figures.forced_return")).to_contain_text("1")
    # Indication per person (latest contact): p1 works now → A; p2 and p4 all "no" → B;
    # p3 "works now?" unknown → C; p5 no answers → none.
    expect(page.by_id("figures.chart.indication")).to_have_text(
        "A – possibly entitled (regular access, Wmo) 1 "
        "B – probably not entitled (pilot route) 2 "
        "C – unclear (check with the municipality) 1 No indication 1", use_inner_text=True)
    # Nationality per person: PL p1, p4; RO p2; BG p3; HU p5.
    expect(page.by_id("figures.chart.nationality")).to_contain_text("Poland 2")
    # Referrals per contact: Barka return p2 twice, pilot shelter p2 + p4, work guidance p1,
    # legal advice p3.
    referrals = page.by_id("figures.chart.referrals")
    expect(referrals).to_contain_text("Voluntary return (Barka) 2")
    expect(referrals).to_contain_text("Legal advice 1")
    expect(page.by_id("figures.chart.outcomes")).to_contain_text("Forced return 1")


def _download(page: FletPage, identifier: str) -> tuple[bytes, str]:
    """Click a download button: the file's bytes and the link it came from."""
    with page.page.expect_download() as started:
        page.click(identifier)
    return started.value.path().read_bytes(), started.value.url


def test_export_downloads_the_filtered_contacts_as_utf8_csv_with_polish_labels(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Export phone")
    people = [("Łukasz Wójcik", "PL"), ("Ștefan Ăvram", "RO"), ("Иван Петров", "BG")]
    contacts = [met(phone, date(2026, 9, day), municipality="GM0518", consent="given",
                    alias=alias, nationality=code) for day, (alias, code) in
                enumerate(people, start=1)]
    other_place = met(phone, date(2026, 9, 2), municipality="GM0983", consent="given",
                      alias="Not in this export", nationality="PL")
    phone.push([*contacts, other_place])

    page = open_page("anna")
    page.by_id(f"inbox.row.{other_place.id}").wait_for()
    page.choose("inbox.municipality", "The Hague")
    expect(page.by_id(f"inbox.row.{other_place.id}")).to_have_count(0)
    expect(page.by_id(f"inbox.row.{contacts[0].id}")).to_contain_text("Łukasz Wójcik")
    page.click("inbox.export")
    expect(page.by_id("export.count")).to_have_text("3 contacts match these filters.")
    page.choose("export.language", "Polski")
    # Excel set to Polish expects semicolons: the separator follows the file's language.
    expect(page.by_id("export.separator")).to_have_accessible_name(re.compile("Semicolon"))
    raw, link = _download(page, "export.contacts")

    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == header("pl")
    alias = rows[0].index(field_label("alias", "pl"))
    nationality = rows[0].index(field_label("nationality", "pl"))
    worker = rows[0].index(field_label("worker_id", "pl"))
    assert sorted((r[alias], r[nationality], r[worker]) for r in rows[1:]) == sorted(
        (name, label("nationality", code, "pl"), "wojtek") for name, code in people)

    page.choose("export.separator", "Comma (,)")
    with_commas, _link = _download(page, "export.contacts")
    assert list(csv.reader(io.StringIO(with_commas.decode("utf-8-sig")))) == rows

    used_again = requests.get(link, timeout=10)
    assert used_again.status_code == 410
    log = requests.get(site.api("/audit"), params={"action": "export"}, timeout=10,
                       headers={"Authorization": f"Bearer {site.session_token('anna')}"})
    assert log.json()["items"], "the export is in the audit log"

"""A supervisor reviews what came in from the street, and the phone hears about it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime

import requests
from playwright.sync_api import Locator, expect

from model import revise
from tests.browser import FletPage
from tests.web.site import Phone, Site, met
from tests.web.ui import expect_words, tab_to

OpenPage = Callable[..., FletPage]


def checkbox(page: FletPage, identifier: str) -> Locator:
    """The checkbox inside the control with `identifier` (it carries `aria-checked`)."""
    found = page.by_id(identifier)
    return found.locator("xpath=descendant-or-self::*[@aria-checked]").first


def review_changes(pulled: dict[str, object], contact_id: str) -> list[dict[str, object]]:
    changes = pulled["changes"]
    assert isinstance(changes, list)
    return [c for c in changes if c.get("contact_id") == contact_id and c["kind"] == "review"]


def test_flagged_contact_reaches_the_phone_and_is_approved_after_a_new_revision(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Review phone")
    first = met(phone, date(2026, 10, 14), municipality="GM0344", consent="given",
                alias="Łukasz R.", nationality="PL", referrals=frozenset({"barka_return"}))
    phone.push([first])

    page = open_page("anna")
    row = page.by_id(f"inbox.row.{first.id}")
    expect(row).to_contain_text("Łukasz R.")
    expect(row).to_contain_text("Utrecht")
    expect(row).to_contain_text("Voluntary return (Barka)")
    # A list short enough not to scroll: Flutter drops the identifiers of the rows of a
    # scrolled page, and the test could not tell which row has the focus.
    page.choose("inbox.municipality", "Utrecht")
    expect(page.page.locator("[flt-semantics-identifier^='inbox.row.']")).to_have_count(1)
    tab_to(page, f"inbox.row.{first.id}")  # the keyboard alone opens it
    page.page.keyboard.press("Enter")

    page.fill("contact.comment", "Please add where you met him.")
    page.click("contact.has_issues")
    page.click("contact.send_correction")
    expect(page.by_id("contact.state")).to_have_text("Needs correction")
    expect(page.by_id("contact.verdict.1")).to_contain_text("Needs correction by anna")
    expect(page.by_id("contact.verdict.1")).to_contain_text("Please add where you met him.")

    pulled = phone.pull()
    flagged = review_changes(pulled, first.id)
    assert [(c["state"], c["comment"]) for c in flagged] == [
        ("has_issues", "Please add where you met him.")]

    second = revise(first, {"area": "Utrecht Centraal"},
                    now=datetime(2026, 10, 15, 8, 0, tzinfo=UTC))
    phone.push([second])
    page.click("contact.back")
    expect(page.by_id(f"inbox.row.{first.id}")).to_contain_text("Changed, to review again")
    page.click(f"inbox.row.{first.id}")
    expect_words(page, "contact.revision.2", "Area: —", "changed to", "Utrecht Centraal")

    page.click("contact.approve")
    expect(page.by_id("contact.state")).to_have_text("Approved")
    expect(page.by_id("contact.verdict.2")).to_contain_text("Approved by anna")
    approved = review_changes(phone.pull(since=str(pulled["cursor"])), first.id)
    assert [c["state"] for c in approved] == ["edited", "approved"]


def test_flagged_fields_and_reasons_reach_the_phone_and_show_again_on_the_page(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Correction phone")
    first = met(phone, date(2026, 10, 21), municipality="GM0983", consent="given",
                alias="Bogdan S.", nationality="RO", age_band="25-34")
    phone.push([first])

    page = open_page("anna", f"/contacts/{first.id}")
    expect(page.by_id("contact.flag.age_band")).to_have_count(0)  # only after choosing
    page.click("contact.has_issues")
    page.click("contact.send_correction")  # nothing chosen yet: said, and nothing sent
    page.expect_text("Choose a reason or write a comment.")
    for field in ("age_band", "nationality"):
        page.click(f"contact.flag.{field}")
        expect(checkbox(page, f"contact.flag.{field}")).to_have_attribute("aria-checked", "true")
    for reason in ("wrong_value", "inconsistent"):
        page.click(f"contact.reason.{reason}")
    page.click("contact.send_correction")
    expect(page.by_id("contact.state")).to_have_text("Needs correction")
    expect(page.by_id("contact.verdict.1")).to_contain_text("Nationality, Age")

    flagged = review_changes(phone.pull(), first.id)
    assert [(c["state"], c["fields"], c["reasons"], c["comment"]) for c in flagged] == [
        ("has_issues", ["nationality", "age_band"], ["wrong_value", "inconsistent"], None)]
    answer = requests.get(site.api(f"/contacts/{first.id}"), timeout=10, headers={
        "Authorization": f"Bearer {site.session_token('anna')}"})
    assert (answer.json()["review"]["fields"], answer.json()["review"]["reasons"]) == (
        ["nationality", "age_band"], ["wrong_value", "inconsistent"])

    page.open(f"{site.url}/contacts/{first.id}")
    expect_words(page, "contact.flags", "Nationality, Age",
                 "Wrong value, Does not match the other answers")
    page.click("contact.has_issues")
    expect(checkbox(page, "contact.flag.age_band")).to_have_attribute("aria-checked", "true")
    expect(checkbox(page, "contact.flag.gender")).to_have_attribute("aria-checked", "false")


def test_a_supervisor_of_another_organisation_gets_not_found_for_its_url(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Isolation phone")
    theirs = met(phone, date(2026, 10, 20), municipality="GM0599", consent="given",
                 alias="Marek Z.", nationality="PL")
    phone.push([theirs])

    page = open_page("berta", f"/contacts/{theirs.id}")
    expect(page.by_id("page.not_found")).to_have_text("Not found.")
    expect(page.page.get_by_text("Marek Z.")).to_have_count(0)

    page.open(f"{site.url}/contacts/{uuid.uuid4()}")
    expect(page.by_id("page.not_found")).to_have_text("Not found.")

    page.click("nav.inbox")
    page.by_id("inbox.previous").wait_for()
    expect(page.by_id(f"inbox.row.{theirs.id}")).to_have_count(0)
    expect(page.page.get_by_text("Marek Z.")).to_have_count(0)


def test_erasing_a_person_removes_their_contacts_here_and_tells_the_phone(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Erasure phone")
    first = met(phone, date(2026, 7, 1), municipality="GM0772", consent="given",
                alias="Ionuț P.", nationality="RO")
    again = met(phone, date(2026, 7, 8), municipality="GM0772", consent="given",
                alias="Ionuț P.", nationality="RO", person_id=first.person_id)
    phone.push([first, again])

    page = open_page("anna", f"/contacts/{again.id}")
    page.click("contact.erase")
    page.click("contact.erase_confirm")
    page.by_id("inbox.previous").wait_for()
    expect(page.by_id(f"inbox.row.{first.id}")).to_have_count(0)
    page.open(f"{site.url}/contacts/{first.id}")
    expect(page.by_id("page.not_found")).to_have_text("Not found.")
    erased = [c for c in phone.pull()["changes"] if c["kind"] == "erase"]
    assert [c["person_id"] for c in erased] == [first.person_id]

"""Screenshots of the inbox, a contact (with the correction form open) and the figures in
Dutch, Polish and Bulgarian at 1280×800, and at tablet width, saved under test-artifacts/
for a person to look at; on each of those pages every interactive control carries a
semantics identifier."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from playwright.sync_api import expect

from tests.browser import FletPage
from tests.web.site import Phone, Site, met
from tests.web.ui import expect_words, untagged_controls

OpenPage = Callable[..., FletPage]
TABLET = {"width": 800, "height": 1100}


# language -> (its name in the menu, "Inbox" in it, "This year" in it)
SHOWN = {"nl": (None, "Inbox", "Dit jaar"), "pl": ("Polski", "Skrzynka", "Ten rok"),
         "bg": ("Български", "Входящи", "Тази година")}


def test_inbox_contact_and_figures_in_dutch_polish_and_bulgarian(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Screenshot phone")
    earlier = met(phone, date(2026, 8, 3), municipality="GM0599", consent="given",
                  alias="Grzegorz K.", nationality="PL", outcome=None,
                  referrals=frozenset({"pilot_shelter", "work_guidance"}),
                  entitlement={"worked_in_nl": "yes", "job_loss_involuntary": "yes",
                               "work_ended_within_6m": "unknown"})
    shown = met(phone, date(2026, 8, 17), municipality="GM0599", consent="given",
                alias="Grzegorz K.", nationality="PL", person_id=earlier.person_id,
                acute_needs=frozenset({"food", "shelter_tonight"}),
                referrals=frozenset({"barka_return"}), outcome="voluntary_return",
                notes="Wil terug naar Gdańsk; zus in Łódź.",
                entitlement={"worked_in_nl": "yes", "job_loss_involuntary": "yes",
                             "work_ended_within_6m": "yes"})
    phone.push([earlier, shown])

    page = open_page("anna", lang="nl")
    for lang, (language, inbox, this_year) in SHOWN.items():
        if language:
            page.choose("nav.language", language)
            expect_words(page, "nav.inbox", inbox)
            page.click("nav.inbox")
        expect(page.by_id(f"inbox.row.{shown.id}")).to_contain_text("Grzegorz K.")
        page.screenshot(f"inbox-{lang}")
        assert untagged_controls(page) == []
        if lang != "nl":  # "Всички теренни работници" fits whole, not "Всички терен…"
            assert (page.by_id("inbox.worker").bounding_box() or {"width": 0})["width"] >= 240
        page.click(f"inbox.row.{shown.id}")
        page.by_id("contact.approve").wait_for()
        page.screenshot(f"contact-{lang}")
        assert untagged_controls(page) == []
        if lang != "nl":
            page.click("contact.has_issues")
            page.by_id("contact.flag.notes").wait_for()
            page.screenshot(f"contact-correction-{lang}")
            assert untagged_controls(page) == []
            page.page.mouse.move(300, 500)
            page.page.mouse.wheel(0, 700)  # the reasons, the comment and the send button
            expect(page.by_id("contact.send_correction")).to_be_in_viewport()
            page.screenshot(f"contact-correction-{lang}-end")
        page.click("nav.figures")
        page.choose("figures.preset", this_year)
        expect(page.by_id("figures.preset")).to_have_accessible_name(re.compile(f"{this_year}$"))
        # Not zero (Playwright trims the text it looks for: " 0" would also refuse "10").
        expect(page.by_id("figures.contacts")).not_to_have_text(re.compile(r"\D0$"))
        page.screenshot(f"figures-{lang}")
        assert untagged_controls(page) == []

    page.page.set_viewport_size(TABLET)
    page.click("nav.inbox")
    page.by_id(f"inbox.row.{shown.id}").wait_for()
    page.screenshot("inbox-bg-tablet")
    page.click(f"inbox.row.{shown.id}")
    page.by_id("contact.approve").wait_for()
    page.screenshot("contact-bg-tablet")

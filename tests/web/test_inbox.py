"""The inbox shows when each contact was recorded, and the contacts of one day in that order."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from playwright.sync_api import expect

from tests.browser import FletPage
from tests.factories import make_contact
from tests.web.site import Phone, Site

OpenPage = Callable[..., FletPage]
DAY = date(2025, 3, 17)  # winter time: the clock in the Netherlands is UTC + 1


def _rows_top_to_bottom(page: FletPage) -> list[str]:
    rows = page.page.locator("[flt-semantics-identifier^='inbox.row.']")
    boxes = [(rows.nth(i).bounding_box() or {"y": 0.0}, rows.nth(i).get_attribute(
        "flt-semantics-identifier") or "") for i in range(rows.count())]
    return [name.removeprefix("inbox.row.") for box, name in sorted(
        boxes, key=lambda found: found[0]["y"])]


def test_contacts_of_one_day_show_their_time_and_come_newest_first(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Night shift phone")
    recorded = {  # recorded at (UTC) -> what the inbox shows (Amsterdam)
        datetime(2025, 3, 17, 6, 5, tzinfo=UTC): "7:05 AM",
        datetime(2025, 3, 17, 21, 45, tzinfo=UTC): "10:45 PM",
        datetime(2025, 3, 17, 12, 30, tzinfo=UTC): "1:30 PM",
        datetime(2025, 3, 18, 8, 0, tzinfo=UTC): "recorded 3/18/25, 9:00 AM",
    }
    made = [make_contact(enrollment=phone.enrollment, now=at, contact_date=DAY)
            for at in recorded]
    phone.push(made)

    page = open_page("anna")
    page.fill("inbox.date_from", DAY.isoformat())
    page.fill("inbox.date_to", DAY.isoformat())
    page.click("inbox.apply")
    newest_first = [c.id for c in sorted(made, key=lambda c: c.created_at, reverse=True)]
    # Only this day's rows: the list before the filter is gone.
    expect(page.page.locator("[flt-semantics-identifier^='inbox.row.']")).to_have_count(4)
    for contact in made:
        expect(page.by_id(f"inbox.row.{contact.id}")).to_contain_text(
            recorded[contact.created_at])
    assert _rows_top_to_bottom(page) == newest_first

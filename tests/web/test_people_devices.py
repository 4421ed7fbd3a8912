"""An administrator revokes a lost phone in the browser; the phone's next sync is refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import requests
from playwright.sync_api import expect

from tests.browser import FletPage
from tests.web.site import Phone, Site, met
from tests.web.ui import expect_words, words

OpenPage = Callable[..., FletPage]


def test_revoking_a_phone_makes_its_next_sync_answer_device_revoked(
    site: Site, open_page: OpenPage
) -> None:
    lost = Phone(site, "wojtek", "Lost phone")
    kept = Phone(site, "wojtek", "Kept phone")
    lost.push([met(lost, date(2026, 10, 1), municipality="GM0363")])

    page = open_page("adam", "/people")
    row = f"people.device.{lost.device_id}"
    expect_words(page, row, "Lost phone", "Active")
    page.click(f"people.revoke.{lost.device_id}")
    page.click("people.confirm")
    expect_words(page, row, "Lost phone", "Revoked")
    expect(page.by_id(f"people.revoke.{lost.device_id}")).to_have_count(0)

    refused = lost.push_raw([met(lost, date(2026, 10, 2), municipality="GM0363")])
    assert (refused.status_code, refused.json()["error"]) == (401, "device_revoked")
    assert kept.pull()["changes"] is not None, "the other phone still syncs"


def test_a_supervisor_has_no_people_page(site: Site, open_page: OpenPage) -> None:
    page = open_page("anna", "/people")
    expect(page.by_id("page.not_found")).to_be_visible()
    expect(page.by_id("nav.people")).to_have_count(0)


def test_an_admin_creates_a_user_and_sets_a_new_password_that_then_works(
    site: Site, open_page: OpenPage
) -> None:
    page = open_page("adam", "/people")
    page.fill("people.username", "nina")
    page.click("people.create")
    expect_words(page, "people.new_password", "-")
    first = words(page, "people.new_password")
    page.click("people.close")
    assert enroll(site, "nina", first).status_code == 201

    nina = next(u for u in admin_api(site, "/users") if u["name"] == "nina")
    assert nina["role"] == "worker"
    page.click(f"people.reset.{nina['id']}")
    expect_words(page, "people.new_password", "-")
    second = words(page, "people.new_password")
    assert second != first
    assert enroll(site, "nina", first).status_code == 401
    assert enroll(site, "nina", second).status_code == 201


def enroll(site: Site, username: str, password: str) -> requests.Response:
    return requests.post(site.api("/devices/enroll"), json={
        "username": username, "password": password, "device_name": "new"}, timeout=10)


def admin_api(site: Site, path: str) -> list[dict[str, str]]:
    answer = requests.get(site.api(path), timeout=10,
                          headers={"Authorization": f"Bearer {site.session_token('adam')}"})
    answer.raise_for_status()
    items: list[dict[str, str]] = answer.json()["items"]
    return items


def test_an_admin_keeps_the_municipalities_and_the_phones_pull_the_list(
    site: Site, open_page: OpenPage
) -> None:
    phone = Phone(site, "wojtek", "Municipality phone")
    since = phone.pull()["cursor"]
    page = open_page("adam", "/people")
    expect_words(page, "municipalities.row.GM0518", "GM0518", "'s-Gravenhage")
    page.fill("municipalities.code", "GM153")
    page.fill("municipalities.name", "Enschede")
    page.click("municipalities.add")
    expect_words(page, "municipalities.code", "GM and four digits")
    expect(page.by_id("municipalities.row.GM0153")).to_have_count(0)
    page.fill("municipalities.code", "GM0153")
    page.click("municipalities.add")
    expect_words(page, "municipalities.row.GM0153", "GM0153", "Enschede")
    lists = [c for c in phone.pull(since)["changes"] if c["kind"] == "municipalities"]
    assert {"code": "GM0153", "name": "Enschede"} in lists[-1]["items"]
    # A contact recorded there shows by that name in the supervisors' inbox.
    there = met(phone, date.today(), municipality="GM0153")
    phone.push([there])
    inbox = open_page("anna", "/")
    expect_words(inbox, f"inbox.row.{there.id}", "Enschede")

    page.click("municipalities.remove.GM0153")
    expect(page.by_id("municipalities.row.GM0153")).to_have_count(0)
    lists = [c for c in phone.pull(since)["changes"] if c["kind"] == "municipalities"]
    assert len(lists) == 1 and "GM0153" not in {i["code"] for i in lists[0]["items"]}

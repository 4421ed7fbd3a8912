"""A supervisor compares two records of one person in the browser, merges them, and undoes
the merge; the phones hear of both on their next pull."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import expect

from tests.browser import FletPage
from tests.web.site import Phone, Site, met
from tests.web.ui import expect_words

OpenPage = Callable[..., FletPage]


def test_a_supervisor_merges_likely_duplicates_and_undoes_it(site: Site,
                                                             open_page: OpenPage) -> None:
    phone, outsider = Phone(site, "wojtek", "Merge phone"), Phone(site, "filip", "Other org")
    today = datetime.now(UTC).date()
    alias = f"Wiesław {secrets.token_hex(2)}"
    older = met(phone, today - timedelta(days=4), consent="given", alias=alias,
                nationality="PL", municipality="GM0363")
    newer = met(phone, today - timedelta(days=1), consent="given", alias=alias.upper(),
                nationality="PL", age_band="45-54", municipality="GM0363")
    assert {r["status"] for r in phone.push([older, newer])} == {"stored"}
    cursor = phone.pull()["cursor"]

    page = open_page("anna", "/persons", lang="pl")
    pair = f"persons.pair.{older.person_id}"
    expect_words(page, pair, alias, alias.upper())
    page.screenshot("persons-duplicates-pl")
    page.click(f"persons.merge.{older.person_id}")
    expect(page.by_id(pair)).to_have_count(0, timeout=15_000)
    merged = phone.pull(cursor)
    assert {"kind": "merge", "from": older.person_id, "into": newer.person_id} \
        in merged["changes"]
    assert "merge" not in str(outsider.pull()["changes"])

    undo = page.page.locator("[flt-semantics-identifier^='persons.undo.']")
    expect(undo).to_have_count(1, timeout=15_000)
    undo.first.click()
    expect(undo).to_have_count(0, timeout=15_000)
    split = phone.pull(merged["cursor"])["changes"]
    assert {"kind": "split", "person_id": older.person_id, "from": newer.person_id,
            "contact_ids": [older.id]} in split
    expect_words(page, pair, alias)  # a pair again

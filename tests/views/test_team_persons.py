"""Persons across the team, end to end: two workers' phones, a third worker of another
organisation, the real server's feed of cards, real browsers; then two records of one
man made apart and merged by a supervisor in the pages (the same server and phones, to
keep the run short).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser import DESKTOP, FletPage, loopback_context
from tests.server.helpers import wait_until
from tests.sync.faultproxy import PASS, REFUSE, FaultProxy
from tests.sync.live_server import PASSWORD, LiveServer
from tests.sync.phone import Phone
from tests.views import flows
from tests.views.conftest import OpenApp
from tests.views.test_persons import search
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OTHER_ORG = "Other Outreach"
# Workers 1 and 2 and their supervisor: an organisation of their own, so the persons other
# tests record with the shared server are not in their team.
TEAM_ORG = "Team Outreach"
# What the form asks that the new contact's defaults do not answer.
ASKED_AGAIN = {"time_in_nl": "1_5y", "sleeping_situation": "public_space",
               "id_document": "valid", "brp_registered": "no"}


@pytest.fixture
def network(server: LiveServer) -> Iterator[FaultProxy]:
    """Worker 2's way to the server: `plan` PASS is online, REFUSE is no signal."""
    with FaultProxy(server.port) as proxy:
        yield proxy


def enrolled(open_app: OpenApp, *, url: str, user: tuple[str, str], name: str,
             lang: str) -> FletPage:
    app = open_app(server_url=url, name=name).app
    flows.first_run_enrolled(app, user, lang=lang)
    return app


def other_organisation_worker(server: LiveServer) -> tuple[str, str]:
    server.cli("create-org", OTHER_ORG)
    server.cli("create-user", "--org", OTHER_ORG, "--role", "worker", "outsider",
               password=PASSWORD)
    return "outsider", PASSWORD


def person_of(server: LiveServer, alias: str, supervisor: tuple[str, str]) -> str:
    [person] = {item["person_id"] for item in
                server.api("GET", "/contacts", as_user=supervisor)["items"]
                if item.get("alias") == alias}
    return str(person)


def test_a_person_met_by_one_worker_is_found_and_met_again_by_another_offline(
        open_app: OpenApp, server: LiveServer, network: FaultProxy, tmp_path: Path,
        browser: Browser) -> None:
    supervisor = server.add_user("supervisor", org=TEAM_ORG)
    one = enrolled(open_app, url=server.url, user=server.add_user("worker", org=TEAM_ORG),
                   name="one",
                   lang="pl")
    two = enrolled(open_app, url=network.url, user=server.add_user("worker", org=TEAM_ORG),
                   name="two",
                   lang="bg")

    flows.minimal_contact(one, person_language="bg", consent="given", alias="Георги",
                          municipality="GM0344")
    flows.minimal_contact(one, person_language="ro", consent="given", alias="Ștefan")
    flows.minimal_contact(one, person_language="pl", consent="refused")
    flows.tap(one, ids.LIST_SYNC_NOW)
    for row in range(3):
        flows.expect_row_state(one, row, "Wysłano")
    georgi = person_of(server, "Георги", supervisor)

    # Worker 2's phone pulls the team's persons: only those with consent.
    flows.tap(two, ids.LIST_SYNC_NOW)
    expect(two.by_id(ids.item(ids.LIST_ROW, 1))).to_be_attached(timeout=30_000)
    expect(two.by_id(ids.item(ids.LIST_ROW, 2))).to_have_count(0)
    two.screenshot("team-person-list-bg")
    network.plan = lambda _request: REFUSE  # no signal from here on
    search(two, "Щефан")  # Cyrillic for a Romanian name
    expect(two.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Ștefan")
    search(two, "Georgi")  # Latin for a Bulgarian name
    expect(two.by_id(ids.item(ids.LIST_ROW, 1))).to_have_count(0)
    flows.navigate(two, ids.item(ids.LIST_ROW, 0), then=ids.PERSON_NEW_CONTACT)
    expect(two.by_id(ids.PERSON_TEAM)).to_be_attached()
    two.screenshot("team-person-timeline-bg")
    flows.navigate(two, ids.PERSON_NEW_CONTACT, then=ids.FORM_SAVE)
    flows.tap(two, ids.FORM_CONSENT_OPEN)  # consent is asked on every contact
    flows.hand_over(two, "given")
    for name, value in ASKED_AGAIN.items():
        flows.choose(two, name, value)
    flows.tap(two, ids.FORM_SAVE)
    flows.wait_for(two, ids.item(ids.PERSON_CONTACT, 0))
    flows.navigate(two, ids.BACK, then=ids.LIST_NEW)

    network.plan = lambda _request: PASS  # back online: it goes by itself
    flows.expect_row_state(two, 0, "Изпратено", timeout=30_000)
    assert len(server.api("GET", f"/persons/{georgi}", as_user=supervisor)["contacts"]) == 2
    figures = server.api("GET", "/stats", as_user=supervisor)
    assert figures["unique_persons"] == 3  # Георги once, Ștefan, the anonymous person

    # A worker of another organisation never holds a card of this one.
    outsider = Phone(tmp_path / "outsider", server_url=server.url,
                     credentials=other_organisation_worker(server))
    assert outsider.sync().ok
    assert outsider.repository.cards.count() == 0

    # Erased at the person's request: gone from both phones on their next pulls.
    server.api("DELETE", f"/persons/{georgi}", as_user=supervisor)
    for phone in (one, two):
        search(phone, "Georgi")
        flows.tap(phone, ids.LIST_SYNC_NOW)
        expect(phone.by_id(ids.item(ids.LIST_ROW, 0))).to_have_count(0, timeout=30_000)

    merged_in_the_pages(browser, server, network, supervisor, phones=(one, two))


def merged_in_the_pages(browser: Browser, server: LiveServer, network: FaultProxy,
                        supervisor: tuple[str, str], *, phones: tuple[FletPage, FletPage]
                        ) -> None:
    """Worker 2 (offline) and worker 1 each record Marek, neither knowing of the other; a
    supervisor merges the two in the pages; both phones end with one Marek."""
    one, two = phones
    network.plan = lambda _request: REFUSE
    flows.minimal_contact(two, person_language="pl", consent="given", alias="Marek",
                          municipality="GM0344")
    flows.minimal_contact(one, person_language="pl", consent="given", alias="Marek",
                          municipality="GM0344")
    flows.tap(one, ids.LIST_SYNC_NOW)
    network.plan = lambda _request: PASS
    flows.tap(two, ids.LIST_SYNC_NOW)

    def mareks() -> list[str]:
        return sorted({item["person_id"] for item in server.api(
            "GET", "/contacts", as_user=supervisor)["items"] if item.get("alias") == "Marek"})

    wait_until(lambda: len(mareks()) == 2, timeout=60, what="both phones to send Marek")
    apart = mareks()  # two persons, as far as the server knows

    context = loopback_context(browser, viewport=DESKTOP)
    try:
        page = FletPage(context.new_page()).open(server.url + "/persons")
        page.fill("sign_in.username", supervisor[0])
        page.fill("sign_in.password", supervisor[1])
        page.click("sign_in.submit")
        # Same day for both: the lower id is shown left, and merged into the other.
        page.click(f"persons.merge.{apart[0]}")
        expect(page.by_id(f"persons.pair.{apart[0]}")).to_have_count(0, timeout=30_000)
    finally:
        context.close()

    for phone in phones:
        search(phone, "Marek")
        flows.tap(phone, ids.LIST_SYNC_NOW)
        expect(phone.by_id(ids.item(ids.LIST_ROW, 1))).to_have_count(0, timeout=30_000)
        expect(phone.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Marek")
    one.screenshot("team-person-list-pl")
    flows.navigate(one, ids.item(ids.LIST_ROW, 0), then=ids.PERSON_NEW_CONTACT)
    one.screenshot("team-person-timeline-pl")
    assert len(server.api("GET", f"/persons/{apart[1]}", as_user=supervisor)["contacts"]) == 2
    assert mareks() == [apart[1]]
    figures = server.api("GET", "/stats", as_user=supervisor)
    assert figures["unique_persons"] == 3  # Ștefan, the anonymous person, Marek once

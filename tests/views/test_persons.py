"""The person-centred phone in a real browser: the team's persons, a timeline, the same person.

The phone talks to the real server through a proxy that answers its pulls
with colleagues' cards (as the server's feed will), so these tests need only
the phone; pushes reach the real server.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from model.persons import PersonCard
from tests.browser import FletPage
from tests.factories import make_card, person_change
from tests.sync import faultproxy
from tests.sync.faultproxy import FaultProxy
from tests.sync.live_server import LiveServer
from tests.views import flows
from tests.views.conftest import OpenApp
from views import ids

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TODAY = date.today()
DAY = timedelta(days=1)
GEORGI = make_card(alias="Георги Иванов", last_contact_date=TODAY - DAY, area="Centraal Station",
                   contacts=3, follow_up_on=TODAY, last_worker_name="Anna de Vries")
STEFAN = make_card(alias="Ștefan", nationality="RO", person_language="ro",
                   last_contact_date=TODAY - 3 * DAY, municipality="GM0599",
                   last_worker_name="Piotr", follow_up_on=TODAY + 4 * DAY)
OTHERS = [make_card(alias=name, nationality=nat, person_language=lang,
                    last_contact_date=TODAY - days * DAY, last_worker_name=who)
          for name, nat, lang, days, who in (
              ("Marek Nowak", "PL", "pl", 2, "Anna de Vries"), ("Ioana", "RO", "ro", 5, None),
              ("Мария Стоянова", "BG", "bg", 8, "Piotr"), ("Gábor", "HU", "hu", 12, "Anna de Vries"))]
TEAM = [GEORGI, STEFAN, *OTHERS]
# The rest of a contact the cards do not hold: the worker answers it again.
ASKED_AGAIN = {"time_in_nl": "1_5y", "sleeping_situation": "public_space",
               "id_document": "valid", "brp_registered": "no"}


@pytest.fixture
def team_feed(server: LiveServer) -> Iterator[FaultProxy]:
    """The way to the server, whose pulls bring the team's cards."""
    with FaultProxy(server.port) as proxy:
        proxy.plan = _feed([person_change(card) for card in TEAM])
        yield proxy


def _feed(changes: list[dict[str, object]]) -> Callable[[bytes], faultproxy.Fault]:
    def plan(request: bytes) -> faultproxy.Fault:
        line = request.split(b"\r\n", 1)[0].decode()
        if "/sync/pull" not in line:
            return faultproxy.PASS
        first = not re.search(r"since=1\b", line)
        body = {"changes": changes if first else [], "cursor": "1", "more": False}
        return faultproxy.answer(200, json.dumps(body).encode())
    return plan


def team_org(lang: str) -> str:
    """An organisation of its own per test: the team is the stand-in feed's, not the
    persons other tests record with the shared server."""
    return f"Stand-in team {lang}"


def start(open_app: OpenApp, server: LiveServer, feed: FaultProxy, *, lang: str) -> FletPage:
    """A phone enrolled for a new worker, in `lang`, showing the team's persons."""
    worker = server.add_user("worker", org=team_org(lang))
    app = open_app(server_url=feed.url, name=f"phone-{lang}").app
    flows.first_run_enrolled(app, worker, lang=lang)
    expect(app.by_id(ids.item(ids.LIST_ROW, len(TEAM) - 1))).to_be_attached(timeout=30_000)
    return app


def search(app: FletPage, text: str) -> None:
    """Type into the list's search box (an empty text clears it)."""
    if text:
        flows.type_into(app, ids.LIST_SEARCH, text)
        return
    box = app.by_id(ids.LIST_SEARCH).locator("input").first
    box.click()
    expect(box).to_be_focused()
    app.page.keyboard.press("ControlOrMeta+a")
    app.page.keyboard.press("Backspace")
    expect(box).to_have_value("")


def answer_the_rest(app: FletPage) -> None:
    flows.tap(app, ids.FORM_CONSENT_OPEN)  # consent is asked on every contact
    flows.hand_over(app, "given")
    for name, value in ASKED_AGAIN.items():
        flows.choose(app, name, value)


def on_server(server: LiveServer, card: PersonCard, supervisor: tuple[str, str]) -> list[str]:
    """The aliases of the contacts the server holds for the card's person."""
    stored = server.api("GET", "/contacts", as_user=supervisor)["items"]
    return [item.get("alias") for item in stored if item["person_id"] == card.person_id]


def test_a_colleagues_person_is_found_opened_and_met_again_in_polish(
        open_app: OpenApp, server: LiveServer, team_feed: FaultProxy) -> None:
    supervisor = server.add_user("supervisor", org=team_org("pl"))
    app = start(open_app, server, team_feed, lang="pl")
    expect(app.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Георги Иванов")
    expect(app.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Anna de Vries")
    assert flows.untranslated(app, "pl") == set()
    assert flows.small_targets(app, [ids.item(ids.LIST_ROW, 0), ids.LIST_SEARCH]) == {}
    app.screenshot("persons-list-pl")

    search(app, "Georgi")  # Latin letters for a Bulgarian name
    expect(app.by_id(ids.item(ids.LIST_ROW, 1))).to_have_count(0)
    flows.navigate(app, ids.item(ids.LIST_ROW, 0), then=ids.PERSON_NEW_CONTACT)
    expect(app.by_id(ids.PERSON_HEAD)).to_contain_text("Георги Иванов")
    expect(app.by_id(ids.PERSON_TEAM)).to_contain_text("3 kontakty z zespołem łącznie")
    expect(app.by_id(ids.PERSON_TEAM)).to_contain_text("Centraal Station")
    assert flows.untranslated(app, "pl") == set()
    assert flows.unnamed_buttons(app) == 0
    assert flows.small_targets(app, [ids.PERSON_NEW_CONTACT, ids.BACK]) == {}
    app.screenshot("person-timeline-pl")

    # Met again by this worker: a follow-up of the same person, not a new one.
    flows.navigate(app, ids.PERSON_NEW_CONTACT, then=ids.FORM_SAVE)
    answer_the_rest(app)
    flows.tap(app, ids.FORM_SAVE)
    expect(app.by_id(ids.item(ids.PERSON_CONTACT, 0))).to_be_attached(timeout=15_000)
    expect(app.by_id(ids.PERSON_TEAM)).to_be_attached()
    flows.navigate(app, ids.BACK, then=ids.LIST_NEW)
    flows.tap(app, ids.LIST_SYNC_NOW)
    flows.expect_row_state(app, 0, "Wysłano")
    assert on_server(server, GEORGI, supervisor) == ["Георги Иванов"]

    # A new contact who looks like a known person: asked before a second person is made.
    search(app, "")
    flows.minimal_contact(app, person_language="ro", consent="given", alias="Стефан",
                          municipality="GM0599", save=False)
    flows.tap(app, ids.FORM_SAVE)
    flows.wait_for(app, ids.FORM_SAME_PERSON)
    # The question reads as one group: its texts are the group's label.
    question = app.by_id(ids.FORM_SAME_PERSON)
    expect(question).to_have_attribute("aria-label", re.compile("Ștefan.*RO.*35–44.*Piotr", re.S))
    assert flows.untranslated(app, "pl") == set()
    assert flows.small_targets(app, [ids.item(ids.FORM_SAME_PERSON_PICK, 0),
                                     ids.FORM_SAME_PERSON_NEW, ids.FORM_SAME_PERSON_BACK]) == {}
    app.screenshot("same-person-pl")
    flows.tap(app, ids.FORM_SAME_PERSON_BACK)  # nothing saved: the form is still there
    expect(app.by_id(ids.FORM_SAME_PERSON)).to_have_count(0)
    flows.tap(app, ids.FORM_SAVE)
    flows.tap(app, ids.item(ids.FORM_SAME_PERSON_PICK, 0))
    flows.wait_for(app, ids.LIST_NEW)
    flows.tap(app, ids.LIST_SYNC_NOW)
    expect(app.by_id(ids.item(ids.LIST_ROW, len(TEAM)))).to_have_count(0, timeout=15_000)
    flows.expect_row_state(app, 0, "Wysłano")
    assert on_server(server, STEFAN, supervisor) == ["Стефан"]


def test_the_team_in_bulgarian_a_romanian_name_found_in_cyrillic(
        open_app: OpenApp, server: LiveServer, team_feed: FaultProxy) -> None:
    app = start(open_app, server, team_feed, lang="bg")
    assert flows.untranslated(app, "bg") == set()
    app.screenshot("persons-list-bg")
    search(app, "Щефан")  # Cyrillic letters for a Romanian name
    expect(app.by_id(ids.item(ids.LIST_ROW, 0))).to_contain_text("Ștefan")
    expect(app.by_id(ids.item(ids.LIST_ROW, 1))).to_have_count(0)
    flows.navigate(app, ids.item(ids.LIST_ROW, 0), then=ids.PERSON_NEW_CONTACT)
    expect(app.by_id(ids.PERSON_TEAM)).to_contain_text("Piotr")
    assert flows.untranslated(app, "bg") == set()
    app.screenshot("person-timeline-bg")

"""The persons on the phone, own and the team's: the list, search, a timeline, the same-person question."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from fieldapp.app import FieldApp
from fieldapp.config import FieldAppConfig
from fieldapp.persons import PersonPage, TeamEntry
from fieldapp.summaries import ContactSummary, ListFilter, RowState
from model.protocol import PushResult, read_changes
from model.values import Consent
from sync.enrollment import current_enrollment
from tests.factories import make_card, person_change
from tests.sync.live_server import LiveServer

from .conftest import PIN, form

TODAY = date.today()
DAY = timedelta(days=1)


def pull(app: FieldApp, *items: object) -> None:
    """Changes as a sync brings them to the phone."""
    read = read_changes(items)
    assert (read.unknown, read.refused) == (0, 0)
    app.vault.repository().apply_feedback(read.changes)


def record(app: FieldApp, *, days_ago: int = 0, **changes: object) -> ContactSummary:
    """Save a new contact through the form; the contact as saved."""
    before = {s.contact.id for s in app.contacts.find(ListFilter.ALL, "")}
    assert app.contacts.save_new(form(app, contact_date=TODAY - days_ago * DAY, **changes)) == []
    [made] = [s for s in app.contacts.find(ListFilter.ALL, "") if s.contact.id not in before]
    return made


def follow_up(app: FieldApp, person_id: str, *, days_ago: int = 0, **changes: object) -> None:
    values = app.persons.follow_up_values(person_id)
    assert values is not None and values.get("consent") is None  # asked on every contact
    values.update(contact_date=TODAY - days_ago * DAY, consent=Consent.GIVEN, **changes)
    assert app.contacts.save_new(values) == []


def names(page: PersonPage) -> list[str | None]:
    return [row.name for row in page.rows]


def test_the_list_shows_each_person_once_own_and_the_teams_newest_last_contact_first(
        app: FieldApp) -> None:
    marek = record(app, consent=Consent.GIVEN, alias="Marek", days_ago=9)
    follow_up(app, marek.contact.person_id, days_ago=2, follow_up_on=TODAY + 3 * DAY)
    record(app, days_ago=4)  # no consent: no name
    pull(app, person_change(make_card(alias="Иван", last_contact_date=TODAY - DAY)),
         person_change(make_card(person_id=marek.contact.person_id, alias="Marek",
                                 nationality="PL", last_contact_date=TODAY - 9 * DAY)))
    page = app.persons.page(ListFilter.ALL, "")
    assert names(page) == ["Иван", "Marek", None]
    assert page.total == 3
    ivan, marek_row, anonymous = page.rows
    assert (ivan.by_me, ivan.own, ivan.worker_name, ivan.marks) == (False, False, "Anna", ())
    assert (ivan.nationality, ivan.municipality, ivan.last_contact) == (
        "BG", "GM0344", TODAY - DAY)
    # His own follow-up is newer than what his card tells: the row is the worker's.
    assert (marek_row.by_me, marek_row.last_contact, marek_row.follow_up_on) == (
        True, TODAY - 2 * DAY, TODAY + 3 * DAY)
    assert marek_row.marks == (RowState.NOT_SENT,)
    assert anonymous.own and anonymous.nationality == "PL"


def test_a_colleagues_later_contact_leads_the_row_and_own_marks_stay(app: FieldApp) -> None:
    mine = record(app, consent=Consent.GIVEN, alias="Marek", days_ago=6)
    pull(app, person_change(make_card(
        person_id=mine.contact.person_id, alias="Marek K.", last_contact_date=TODAY - DAY,
        municipality="venlo", follow_up_on=TODAY, last_worker_name=None)))
    [row] = app.persons.page(ListFilter.ALL, "").rows
    assert (row.name, row.municipality, row.last_contact, row.follow_up_on) == (
        "Marek K.", "venlo", TODAY - DAY, TODAY)
    assert (row.by_me, row.worker_name, row.own, row.marks) == (False, None, True,
                                                               (RowState.NOT_SENT,))


def test_filters_apply_to_persons(app: FieldApp) -> None:
    sent = record(app, consent=Consent.GIVEN, alias="Sent", days_ago=5)
    flagged = record(app, consent=Consent.GIVEN, alias="Flagged", days_ago=5)
    record(app, consent=Consent.GIVEN, alias="Waiting", days_ago=5)
    # An old follow-up date, but met again since without one: nothing is due.
    done = record(app, consent=Consent.GIVEN, alias="Done", days_ago=8, follow_up_on=TODAY - DAY)
    follow_up(app, done.contact.person_id, days_ago=1)
    repository = app.vault.repository()
    repository.mark_sent([PushResult(s.contact.id, 1, "stored") for s in (sent, flagged)])
    pull(app, {"kind": "review", "contact_id": flagged.contact.id, "state": "has_issues",
               "comment": "Which municipality?"},
         person_change(make_card(alias="Due", follow_up_on=TODAY)),
         person_change(make_card(alias="Later", follow_up_on=TODAY + DAY)))

    def shown(wanted: ListFilter) -> set[str | None]:
        return set(names(app.persons.page(wanted, "")))

    assert shown(ListFilter.ALL) == {"Sent", "Flagged", "Waiting", "Done", "Due", "Later"}
    assert shown(ListFilter.NEEDS_ATTENTION) == {"Flagged"}
    assert shown(ListFilter.NOT_SENT) == {"Waiting", "Done"}
    assert shown(ListFilter.FOLLOW_UP_DUE) == {"Due"}
    [row] = app.persons.page(ListFilter.NEEDS_ATTENTION, "").rows
    assert (row.marks, row.comment) == ((RowState.NEEDS_CORRECTION,), "Which municipality?")


def test_search_finds_own_and_team_persons_by_a_name_typed_in_another_script(
        app: FieldApp) -> None:
    record(app, consent=Consent.GIVEN, alias="Ștefan", nationality="RO", person_language="ro")
    pull(app, person_change(make_card(alias="Георги")), person_change(make_card(alias="Petar")))
    assert names(app.persons.page(ListFilter.ALL, "Georgi")) == ["Георги"]  # Latin for Bulgarian
    assert names(app.persons.page(ListFilter.ALL, "Щефан")) == ["Ștefan"]  # Cyrillic, Romanian
    assert names(app.persons.page(ListFilter.ALL, "STEF")) == ["Ștefan"]
    assert app.persons.page(ListFilter.ALL, "Olga").total == 0
    assert app.persons.page(ListFilter.NOT_SENT, "Georgi").total == 0  # filters still apply


def test_the_list_comes_a_page_at_a_time(app: FieldApp) -> None:
    pull(app, *(person_change(make_card(alias=f"Ivan {n}", last_contact_date=TODAY - n * DAY))
                for n in range(120)))
    first = app.persons.page(ListFilter.ALL, "")
    assert (len(first.rows), first.total) == (50, 120)
    assert names(first)[:2] == ["Ivan 0", "Ivan 1"]
    more = app.persons.page(ListFilter.ALL, "", limit=100)
    assert names(more)[:50] == names(first) and len(more.rows) == 100


def test_a_timeline_shows_own_contacts_and_the_colleagues_last_one_in_date_order(
        app: FieldApp) -> None:
    first = record(app, consent=Consent.GIVEN, alias="Marek", days_ago=10, area="Park")
    person = first.contact.person_id
    follow_up(app, person, days_ago=3)
    pull(app, person_change(make_card(person_id=person, alias="Marek", contacts=4, area="Station",
                                      last_contact_date=TODAY - 5 * DAY)))
    timeline = app.persons.timeline(person)
    assert timeline is not None
    newest, team, oldest = timeline.entries
    assert isinstance(newest, ContactSummary) and isinstance(oldest, ContactSummary)
    assert (newest.contact.contact_date, oldest.contact.id) == (TODAY - 3 * DAY, first.contact.id)
    assert team == TeamEntry(contact_date=TODAY - 5 * DAY, municipality="GM0344",
                             municipality_other=None, area="Station", by_me=False,
                             worker_name="Anna", contacts=4, follow_up_on=None, outcome=None)
    assert timeline.person.name == "Marek" and timeline.person.by_me
    assert app.persons.timeline("0b7e4c1a-1111-4000-8000-000000000000") is None


def test_a_new_contact_with_a_colleagues_person_keeps_the_person(app: FieldApp) -> None:
    card = make_card(alias="Иван", last_contact_date=TODAY - 2 * DAY)
    pull(app, person_change(card))
    values = app.persons.follow_up_values(card.person_id)
    assert values is not None
    assert (values["person_id"], values["alias"], values["nationality"]) == (
        card.person_id, "Иван", "BG")
    values.update(time_in_nl="1_5y", sleeping_situation="public_space", id_document="valid",
                  brp_registered="no", consent=Consent.GIVEN)  # consent: asked again
    assert app.contacts.save_new(values) == []
    [row] = app.persons.page(ListFilter.ALL, "").rows
    assert (row.person_id, row.by_me, row.last_contact, row.marks) == (
        card.person_id, True, TODAY, (RowState.NOT_SENT,))
    timeline = app.persons.timeline(card.person_id)
    assert timeline is not None
    assert [type(e) for e in timeline.entries] == [ContactSummary, TeamEntry]
    assert app.persons.follow_up_values("0b7e4c1a-1111-4000-8000-000000000000") is None


def test_a_new_person_who_looks_like_a_known_one_is_asked_about(app: FieldApp) -> None:
    own = record(app, consent=Consent.GIVEN, alias="Stefan", nationality="RO", days_ago=3)
    alike = make_card(alias="Стефан", nationality="RO", age_band="45-54",
                      last_contact_date=TODAY - DAY)
    pull(app, person_change(alike), person_change(make_card(alias="Stefan", nationality="PL")),
         person_change(make_card(alias="Stefania", nationality="RO")))
    values = form(app, consent=Consent.GIVEN, alias="Ștefan", nationality="RO")
    found = app.persons.same_person(values)
    assert [(r.person_id, r.name) for r in found] == [(alike.person_id, "Стефан"),
                                                      (own.contact.person_id, "Stefan")]
    assert found[0].age_band == "45-54"
    # Not asked: a follow-up, no consent, no name, or a form that cannot be saved yet.
    assert app.persons.same_person({**values, "person_id": own.contact.person_id}) == []
    assert app.persons.same_person({**values, "consent": Consent.REFUSED}) == []
    assert app.persons.same_person({**values, "alias": " "}) == []
    assert app.persons.same_person({**values, "gender": None}) == []


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(Path(tmp_path_factory.mktemp("server"))).start()
    yield live
    live.stop()


def test_a_card_of_ones_own_last_contact_made_on_another_phone_says_me(
        tmp_path: Path, server: LiveServer) -> None:
    app = FieldApp(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    app.settings.choose_language("bg")
    app.vault.create(PIN)
    username, password = server.add_user("worker")
    app.sync.enroll(server_url=server.url, username=username, password=password)
    enrollment = current_enrollment(app.vault.open_vault())
    assert enrollment is not None
    try:
        mine = record(app, consent=Consent.GIVEN, alias="Marek", days_ago=4)
        person = mine.contact.person_id
        pull(app, person_change(make_card(person_id=person, alias="Marek",
                                          last_contact_date=TODAY - 4 * DAY,
                                          last_worker_id=enrollment.worker_id)),
             person_change(make_card(alias="Other phone", last_worker_id=enrollment.worker_id)))
        rows = {row.name: row for row in app.persons.page(ListFilter.ALL, "").rows}
        assert rows["Other phone"].by_me and not rows["Other phone"].own
        timeline = app.persons.timeline(person)
        assert timeline is not None
        # The card tells of this very contact: it is not shown twice.
        assert [type(e) for e in timeline.entries] == [ContactSummary]
    finally:
        app.vault.lock()

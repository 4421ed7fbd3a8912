"""The worker's contacts through the field app: saving, editing, the list, one write per save."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fieldapp.app import FieldApp
from fieldapp.errors import ContactGone
from fieldapp.summaries import ContactSummary, ListFilter, RowState, matches_filter
from model.values import Consent
from storage.vault import DATA_FILE
from tests.factories import make_contact

from .conftest import PIN, every, form


def test_saved_contact_waits_to_be_sent_and_sets_the_next_default(app: FieldApp) -> None:
    assert app.contacts.save_new(form(app, municipality="GM0983")) == []
    [summary] = every(app)
    assert summary.state is RowState.NOT_SENT
    assert app.sync.summary().pending == 1
    assert app.contacts.new_form_values()["municipality"] == "GM0983"
    assert app.contacts.new_form_values()["contact_date"] == date.today()


def test_saving_a_contact_is_one_durable_write(app: FieldApp, commits: list[str]) -> None:
    assert app.contacts.save_new(form(app, municipality="GM0983")) == []
    assert commits == [DATA_FILE + ".commit"]


def test_the_next_form_starts_in_the_municipality_of_the_contact_recorded_last(
        app: FieldApp) -> None:
    assert app.contacts.new_form_values()["municipality"] is None  # nothing recorded yet
    app.contacts.save_new(form(app, municipality="GM0983"))
    [first] = every(app)
    app.contacts.save_new(form(app, municipality="GM0344"))
    # Editing an older contact is not recording one: the default stays.
    values = app.contacts.edit_values(first.contact.id)
    assert values is not None
    values["municipality"] = "GM0772"
    assert app.contacts.save_edit(first.contact.id, values) == []
    assert app.contacts.new_form_values()["municipality"] == "GM0344"
    # It is kept in the vault: it is there again after a lock.
    app.vault.lock()
    app.vault.unlock(PIN)
    assert app.contacts.new_form_values()["municipality"] == "GM0344"


def test_invalid_form_returns_field_errors_and_stores_nothing(app: FieldApp) -> None:
    errors = app.contacts.save_new(form(app, consent=Consent.GIVEN, alias="  ", gender=None))
    assert {e.field for e in errors} >= {"alias", "gender"}
    assert every(app) == []


def test_edit_makes_a_new_revision_and_follow_up_keeps_the_person(app: FieldApp) -> None:
    app.contacts.save_new(form(app, consent=Consent.GIVEN, alias="Ștefan"))
    [first] = every(app, "stefan")
    values = app.contacts.edit_values(first.contact.id)
    assert values is not None
    values["age_band"] = "45-54"
    assert app.contacts.save_edit(first.contact.id, values) == []
    edited = app.contacts.summary(first.contact.id)
    assert edited is not None and edited.revisions == 2
    assert edited.contact.age_band == "45-54"
    follow_up = app.contacts.follow_up_values(first.contact.id)
    assert follow_up is not None and follow_up.get("consent") is None  # asked every time
    follow_up["consent"] = Consent.GIVEN
    assert app.contacts.save_new(follow_up) == []
    assert {s.contact.person_id for s in every(app)} == {first.contact.person_id}


def test_a_contact_no_longer_on_the_phone_is_reported_as_gone(app: FieldApp) -> None:
    assert app.contacts.summary("no-such-contact") is None
    assert app.contacts.edit_values("no-such-contact") is None
    assert app.contacts.follow_up_values("no-such-contact") is None
    with pytest.raises(ContactGone):
        app.contacts.save_edit("no-such-contact", form(app))


def _summary(state: RowState, follow_up: date | None = None) -> ContactSummary:
    contact = make_contact(follow_up_on=follow_up)
    return ContactSummary(contact=contact, state=state, revisions=1)


def test_list_filters() -> None:
    today = date(2026, 11, 25)
    waiting = _summary(RowState.NOT_SENT)
    sent = _summary(RowState.SENT, follow_up=today - timedelta(days=1))
    flagged = _summary(RowState.NEEDS_CORRECTION)
    refused = _summary(RowState.QUARANTINED, follow_up=today + timedelta(days=3))
    every_one = [waiting, sent, flagged, refused]

    def shown(wanted: ListFilter) -> list[ContactSummary]:
        return [s for s in every_one if matches_filter(s, wanted, today=today)]

    assert shown(ListFilter.ALL) == every_one
    assert shown(ListFilter.NEEDS_ATTENTION) == [flagged, refused]
    assert shown(ListFilter.FOLLOW_UP_DUE) == [sent]
    assert shown(ListFilter.NOT_SENT) == [waiting, refused]

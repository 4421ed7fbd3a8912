"""The field app as a whole: its phases, wiping the phone, who keeps the data."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldapp.app import FieldApp, Phase
from fieldapp.config import FieldAppConfig
from fieldapp.errors import WrongPin
from model.values import Consent

from .conftest import PIN, every, form


def test_first_run_phases(tmp_path: Path) -> None:
    app = FieldApp(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    assert app.phase() is Phase.CHOOSE_LANGUAGE
    app.settings.choose_language("ro")
    assert app.phase() is Phase.CREATE_PIN
    app.vault.create(PIN)
    assert app.phase() is Phase.UNLOCKED
    app.vault.lock()
    assert app.phase() is Phase.LOCKED
    assert FieldApp(FieldAppConfig(data_dir=tmp_path)).settings.ui_language == "ro"


def test_wipe_needs_the_right_pin_and_keeps_only_the_language(app: FieldApp) -> None:
    app.settings.set_auto_lock_minutes(2)
    app.contacts.save_new(form(app))
    with pytest.raises(WrongPin):
        app.wipe("000000")
    assert len(every(app)) == 1
    app.wipe(PIN)
    assert app.phase() is Phase.CREATE_PIN
    assert app.settings.current.auto_lock_minutes == 5
    assert app.settings.ui_language == "pl"


def test_before_enrollment_the_privacy_notice_names_the_app(app: FieldApp) -> None:
    assert app.organisation_name() == "StreetContact"  # the server names it at enrollment


def test_an_unsaved_form_is_kept_encrypted_across_a_lock_until_the_worker_leaves_it(
        app: FieldApp, tmp_path: Path) -> None:
    values = form(app, consent=Consent.GIVEN, alias="Zofia Kowalska")
    app.drafts.keep("/contacts/new", values)
    app.vault.lock()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"Zofia" not in file.read_bytes(), file.name
    assert app.drafts.route() is None  # locked: nothing to read
    app.vault.unlock(PIN)
    assert app.drafts.route() == "/contacts/new"
    assert app.drafts.values_for("/contacts/x/edit") is None
    kept = app.drafts.values_for("/contacts/new")
    assert kept is not None and kept["alias"] == "Zofia Kowalska"
    app.drafts.drop_unless_at("/contacts/new")  # still on the form: kept
    assert app.drafts.route() == "/contacts/new"
    app.drafts.drop_unless_at("/")  # back on the list: gone
    assert app.drafts.route() is None
    assert app.drafts.values_for("/contacts/new") is None


def test_drafts_kept_on_purpose_are_several_encrypted_and_go_when_discarded(
        app: FieldApp, tmp_path: Path) -> None:
    first = app.drafts.save("/contacts/new", form(app, consent=Consent.GIVEN, alias="Zofia"))
    second = app.drafts.save("/contacts/new", form(app, consent=Consent.GIVEN, alias="Ion"))
    assert first != second
    app.vault.lock()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"Zofia" not in file.read_bytes(), file.name
    assert app.drafts.named() == []  # locked: nothing to read
    app.vault.unlock(PIN)
    assert [d.values["alias"] for d in app.drafts.named()] == ["Ion", "Zofia"]  # newest first
    kept = app.drafts.get(first)
    assert kept is not None and kept.open_route == f"/contacts/new?draft={first}"
    app.drafts.save("/contacts/new", {**kept.values, "alias": "Zofia K."}, draft_id=first)
    assert len(app.drafts.named()) == 2
    app.drafts.discard(first)
    assert [d.values["alias"] for d in app.drafts.named()] == ["Ion"]


def test_saving_a_new_contact_says_which_contact_it_made(app: FieldApp) -> None:
    saved = app.contacts.record(form(app))
    assert saved.errors == [] and saved.contact_id is not None
    summary = app.contacts.summary(saved.contact_id)
    assert summary is not None and summary.contact.person_id == saved.person_id
    assert app.contacts.record(form(app, gender=None)).contact_id is None

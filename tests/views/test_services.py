"""The field app's services over the real encrypted vault (no browser, no server)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from model.values import Consent
from tests.factories import REQUIRED_ANONYMOUS
from views.service_types import (
    ContactGone,
    DataDamaged,
    DataWiped,
    FieldAppConfig,
    ListFilter,
    Phase,
    RowState,
    WrongPin,
)
from views.services import AppServices

PIN = "135790"


@pytest.fixture
def services(tmp_path: Path) -> AppServices:
    made = AppServices(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    made.choose_language("pl")
    made.create_vault(PIN)
    return made


def _values(services: AppServices, **changes: object) -> dict[str, object]:
    values = services.new_form_values()
    values.update({**REQUIRED_ANONYMOUS, **changes})
    return values


def test_first_run_phases(tmp_path: Path) -> None:
    services = AppServices(FieldAppConfig(data_dir=tmp_path, fast_kdf=True))
    assert services.phase() is Phase.CHOOSE_LANGUAGE
    services.choose_language("ro")
    assert services.phase() is Phase.CREATE_PIN
    services.create_vault(PIN)
    assert services.phase() is Phase.UNLOCKED
    services.lock()
    assert services.phase() is Phase.LOCKED
    assert AppServices(FieldAppConfig(data_dir=tmp_path)).ui_language == "ro"


def test_saved_contact_waits_to_be_sent_and_sets_the_next_default(services: AppServices) -> None:
    assert services.save_new(_values(services, municipality="venlo")) == []
    [summary] = services.contacts(ListFilter.ALL, "")
    assert summary.state is RowState.NOT_SENT
    assert services.sync_status().pending == 1
    assert services.new_form_values()["municipality"] == "venlo"
    assert services.new_form_values()["contact_date"] == date.today()


def test_invalid_form_returns_field_errors_and_stores_nothing(services: AppServices) -> None:
    errors = services.save_new(_values(services, consent=Consent.GIVEN, alias="  ",
                                       gender=None))
    assert {e.field for e in errors} >= {"alias", "gender"}
    assert services.contacts(ListFilter.ALL, "") == []


def test_edit_makes_a_new_revision_and_follow_up_keeps_the_person(services: AppServices) -> None:
    services.save_new(_values(services, consent=Consent.GIVEN, alias="Ștefan"))
    [first] = services.contacts(ListFilter.ALL, "stefan")
    values = services.edit_form_values(first.contact.id)
    values["age_band"] = "45-54"
    assert services.save_edit(first.contact.id, values) == []
    edited = services.contact(first.contact.id)
    assert edited is not None and edited.revisions == 2
    assert edited.contact.age_band == "45-54"
    assert services.save_new(services.follow_up_form_values(first.contact.id)) == []
    persons = {s.contact.person_id for s in services.contacts(ListFilter.ALL, "")}
    assert persons == {first.contact.person_id}


def test_locked_data_needs_the_pin_and_wrong_pins_count(services: AppServices) -> None:
    services.save_new(_values(services))
    services.lock()
    with pytest.raises(WrongPin) as wrong:
        services.unlock("000000")
    assert wrong.value.attempts_left == 9
    services.unlock(PIN)
    assert len(services.contacts(ListFilter.ALL, "")) == 1


def test_ten_wrong_pins_erase_the_data(services: AppServices) -> None:
    services.lock()
    for _ in range(9):
        with pytest.raises(WrongPin):
            services.unlock("000000")
    with pytest.raises(DataWiped):
        services.unlock("000000")
    assert services.phase() is Phase.CREATE_PIN


def test_wipe_needs_the_right_pin(services: AppServices) -> None:
    services.save_new(_values(services))
    with pytest.raises(WrongPin):
        services.wipe("000000")
    assert len(services.contacts(ListFilter.ALL, "")) == 1
    services.wipe(PIN)
    assert services.phase() is Phase.CREATE_PIN


def test_new_pin_rules() -> None:
    assert AppServices.new_pin_problem("123456", "123456") is None
    assert AppServices.new_pin_problem("12345", "12345") == "too_short"
    assert AppServices.new_pin_problem("12345a", "12345a") == "not_digits"
    assert AppServices.new_pin_problem("123456", "123457") == "mismatch"


def test_an_unsaved_form_is_kept_encrypted_across_a_lock_until_the_worker_leaves_it(
        services: AppServices, tmp_path: Path) -> None:
    values = _values(services, consent=Consent.GIVEN, alias="Zofia Kowalska")
    services.keep_draft("/contacts/new", values)
    services.lock()
    for file in tmp_path.rglob("*"):
        if file.is_file():
            assert b"Zofia" not in file.read_bytes(), file.name
    assert services.draft_route() is None  # locked: nothing to read
    services.unlock(PIN)
    assert services.draft_route() == "/contacts/new"
    assert services.draft_for("/contacts/x/edit") is None
    kept = services.draft_for("/contacts/new")
    assert kept is not None and kept["alias"] == "Zofia Kowalska"
    services.drop_draft_unless_at("/contacts/new")  # still on the form: kept
    assert services.draft_route() == "/contacts/new"
    services.drop_draft_unless_at("/")  # back on the list: gone
    assert services.draft_route() is None
    assert services.draft_for("/contacts/new") is None


def test_a_ca_bundle_is_checked_before_it_is_kept(services: AppServices, tmp_path: Path) -> None:
    import certifi

    def kept() -> str | None:
        return services.settings.ca_bundle

    assert services.set_ca_bundle(str(tmp_path / "nowhere.pem")) == "missing"
    garbage = tmp_path / "notes.txt"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64 at all\n", encoding="utf-8")
    assert services.set_ca_bundle(str(garbage)) == "not_certificates"
    assert services.set_ca_bundle(str(tmp_path)) == "missing"  # a folder
    assert kept() is None
    assert services.set_ca_bundle(certifi.where()) is None
    assert kept() == certifi.where()
    assert services.set_ca_bundle(None) is None
    assert kept() is None


def test_a_damaged_vault_is_reported_as_damaged_and_nothing_is_erased(
        services: AppServices, tmp_path: Path) -> None:
    assert services.save_new(_values(services)) == []
    services.lock()
    data = tmp_path / "vault" / "contacts.db"
    damaged = bytearray(data.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    data.write_bytes(bytes(damaged))
    with pytest.raises(DataDamaged):
        services.unlock(PIN)
    assert data.read_bytes() == bytes(damaged)
    assert services.phase() is Phase.LOCKED  # not taken for a wrong PIN, not wiped


def test_a_contact_no_longer_on_the_phone_is_reported_as_gone(services: AppServices) -> None:
    assert services.contact("no-such-contact") is None
    assert services.edit_form_values("no-such-contact") is None
    assert services.follow_up_form_values("no-such-contact") is None
    with pytest.raises(ContactGone):
        services.save_edit("no-such-contact", _values(services))

"""Revisions: the only way a contact changes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from model import RevisionError, follow_up_fields, new_contact, revise, validate
from model.values import Consent
from tests.factories import ENROLLMENT, NOW, make_contact


def test_revise_bumps_rev_and_updated_at_and_keeps_identity() -> None:
    first = make_contact()
    later = NOW + timedelta(hours=2)
    second = revise(first, {"area": "Centraal Station"}, now=later)
    assert (second.rev, second.updated_at, second.area) == (2, later, "Centraal Station")
    assert (second.id, second.person_id, second.created_at) == (
        first.id, first.person_id, first.created_at)
    assert first.rev == 1 and first.area is None


def test_revise_never_moves_updated_at_backwards() -> None:
    first = make_contact()
    assert revise(first, {"area": "Park"}, now=NOW - timedelta(days=1)).updated_at == NOW


@pytest.mark.parametrize("field", ["id", "person_id", "rev", "worker_id", "org_id", "review",
                                   "created_at", "shoe_size"])
def test_revise_refuses_identity_and_unknown_fields(field: str) -> None:
    with pytest.raises(RevisionError):
        revise(make_contact(), {field: "x"})


def test_new_contacts_get_fresh_ids_and_today() -> None:
    a, b = make_contact(), make_contact()
    assert a.id != b.id and a.person_id != b.person_id
    assert a.rev == 1 and a.contact_date == NOW.date()
    assert (a.worker_id, a.device_id, a.org_id) == ("worker-1", "device-1", "org-1")


def test_follow_up_shares_person_and_asks_time_bound_questions_again() -> None:
    first = make_contact(consent=Consent.GIVEN, alias="Ionuț",
                         entitlement={"works_now": "no", "resident_5y": "yes"},
                         notes="do not carry", referrals=frozenset({"pilot_shelter"}))
    fields = follow_up_fields(first, today=NOW.date() + timedelta(days=7))
    assert "consent" not in fields  # asked on every contact, never carried over
    again = new_contact({**fields, "consent": Consent.GIVEN}, enrollment=ENROLLMENT, now=NOW + timedelta(days=7))
    assert again.person_id == first.person_id and again.id != first.id
    assert again.alias == "Ionuț"
    assert again.entitlement == {"resident_5y": "yes"}
    assert again.notes is None and again.referrals == frozenset()
    assert validate(again, today=again.contact_date) == []

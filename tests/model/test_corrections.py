"""What a supervisor can flag as needing correction: exactly the fields the worker fills in."""

from __future__ import annotations

from dataclasses import fields

from model import Contact, Review
from model.contact import IDENTITY_FIELDS
from model.form import ENTERED_FIELDS
from model.values import FIELD_VALUES, FLAGGABLE_FIELDS, CorrectionReason


def test_the_flaggable_fields_are_the_fields_of_the_form_each_once() -> None:
    assert len(set(FLAGGABLE_FIELDS)) == len(FLAGGABLE_FIELDS)
    assert set(FLAGGABLE_FIELDS) == set(ENTERED_FIELDS) - {"person_id"}


def test_nothing_the_app_fills_in_itself_can_be_flagged() -> None:
    contact_fields = {f.name for f in fields(Contact)}
    assert set(FLAGGABLE_FIELDS) <= contact_fields
    assert not set(FLAGGABLE_FIELDS) & {*IDENTITY_FIELDS, "rev", "updated_at", "review"}


def test_a_review_has_no_flags_unless_given_and_the_reasons_are_a_value_list() -> None:
    assert (Review().fields, Review().reasons) == ((), ())
    assert FIELD_VALUES["review_reasons"] == tuple(CorrectionReason)
    assert "other" in FIELD_VALUES["review_reasons"]

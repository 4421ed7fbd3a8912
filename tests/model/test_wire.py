"""Wire format: round trips, and nothing but the module's own error on bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from model import Contact, InvalidContact, WireFormatError, from_wire, to_wire, validate
from model.values import Consent
from tests.factories import NOW, make_contact, valid_contacts


@given(valid_contacts())
@settings(max_examples=300)
def test_round_trip_keeps_every_field(contact: Contact) -> None:
    assert validate(contact, today=NOW.date()) == []
    wire = json.loads(json.dumps(to_wire(contact)))
    assert from_wire(wire, today=NOW.date()) == contact


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=30,
)


@given(json_values)
@settings(max_examples=500)
def test_arbitrary_json_gives_a_contact_or_our_error(value: Any) -> None:
    try:
        contact = from_wire(value)
    except InvalidContact:
        return
    assert validate(contact) == []


@st.composite
def mutated_records(draw: st.DrawFn) -> dict[str, Any]:
    record = to_wire(draw(valid_contacts()))
    key = draw(st.sampled_from(sorted(record)))
    record[key] = draw(json_values)
    return record


@given(mutated_records())
@settings(max_examples=500)
def test_one_field_replaced_by_anything_never_crashes(record: dict[str, Any]) -> None:
    try:
        contact = from_wire(record, today=NOW.date())
    except InvalidContact as err:
        assert err.errors, "an error always names the fields"
        return
    assert validate(contact, today=NOW.date()) == []


def test_unknown_schema_is_refused() -> None:
    record = to_wire(make_contact()) | {"schema": 3}
    with pytest.raises(WireFormatError) as err:
        from_wire(record)
    assert [(e.field, e.code) for e in err.value.errors] == [("schema", "unsupported_schema")]


def test_unknown_field_is_refused_by_name() -> None:
    record = to_wire(make_contact()) | {"shoe_size": 44}
    with pytest.raises(WireFormatError) as err:
        from_wire(record)
    assert ("shoe_size", "unknown_field") in {(e.field, e.code) for e in err.value.errors}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rev", "2"),
        ("rev", True),
        ("contact_date", "20/11/2026"),
        ("created_at", "2026-11-20 21:30"),
        ("referrals", "pilot_shelter"),
        ("referrals", ["pilot_shelter", "pilot_shelter"]),
        ("location", {"lat": "52.1", "lon": 4.0}),
        ("entitlement", ["works_now"]),
    ],
)
def test_wrong_types_are_named(field: str, value: Any) -> None:
    record = to_wire(make_contact(consent=Consent.GIVEN)) | {field: value}
    with pytest.raises(WireFormatError) as err:
        from_wire(record, today=NOW.date())
    assert (field, "invalid_type") in {(e.field, e.code) for e in err.value.errors}


def test_missing_required_field_is_named() -> None:
    record = to_wire(make_contact())
    del record["nationality"]
    with pytest.raises(WireFormatError) as err:
        from_wire(record)
    assert ("nationality", "required") in {(e.field, e.code) for e in err.value.errors}


def test_rule_violation_is_invalid_contact_with_codes() -> None:
    record = to_wire(make_contact()) | {"alias": "Marek"}
    with pytest.raises(InvalidContact) as err:
        from_wire(record, today=NOW.date())
    assert not isinstance(err.value, WireFormatError)
    assert [(e.field, e.code) for e in err.value.errors] == [
        ("alias", "not_allowed_without_consent")
    ]


def test_wire_carries_the_computed_indication() -> None:
    record = to_wire(make_contact(entitlement={"works_now": "yes"}))
    assert record["schema"] == 2
    assert record["entitlement_indication"] == {"code": "A", "reasons": ["ground.works_now"]}
    tampered = record | {"entitlement_indication": {"code": "B", "reasons": []}}
    assert from_wire(tampered, today=NOW.date()).entitlement == {"works_now": "yes"}


def test_a_record_sent_without_its_indication_reads_back_the_same() -> None:
    contact = make_contact(entitlement={"worked_in_nl": "yes", "registered_uwv": "unknown"})
    lean = to_wire(contact, indication=False)
    assert lean["entitlement_indication"] is None
    assert to_wire(contact)["entitlement_indication"] is not None
    assert from_wire(json.loads(json.dumps(lean))) == contact

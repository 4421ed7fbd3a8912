"""Wire schema 2 names a municipality by its CBS code; schema 1 records keep their meaning."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from model import InvalidContact, WireFormatError, from_wire, to_wire
from model.municipalities import LEGACY_CODES
from model.wire_texts import canonical_text, revision_text, revision_texts, speaks_schema_1
from tests.factories import NOW, make_contact

TODAY = NOW.date()


def schema_1(**changes: Any) -> dict[str, Any]:
    """A record as a phone of wire schema 1 sends it."""
    return {**to_wire(make_contact(), schema=1), **changes}


def test_a_phone_writes_schema_2_with_the_code() -> None:
    wire = to_wire(make_contact(municipality="GM0153"))
    assert (wire["schema"], wire["municipality"]) == (2, "GM0153")


@pytest.mark.parametrize(("name", "code"), sorted(LEGACY_CODES.items()))
def test_each_schema_1_name_is_read_as_its_code(name: str, code: str) -> None:
    contact = from_wire(schema_1(municipality=name), today=TODAY)
    assert contact.municipality == code
    assert to_wire(contact, schema=1)["municipality"] == name  # and written back unchanged


def test_schema_1_other_keeps_the_typed_name() -> None:
    contact = from_wire(schema_1(municipality="other", municipality_other="Zeist"), today=TODAY)
    assert (contact.municipality, contact.municipality_other) == ("other", "Zeist")


@pytest.mark.parametrize("value", ["GM0363", "groningen", "Amsterdam"])
def test_schema_1_knows_only_its_six_names_and_other(value: str) -> None:
    with pytest.raises(WireFormatError) as err:
        from_wire(schema_1(municipality=value), today=TODAY)
    assert [(e.field, e.code) for e in err.value.errors] == [("municipality", "invalid_value")]


@pytest.mark.parametrize("value", ["amsterdam", "GM363", "gm0153", "GM01530", "GM０１５３", ""])
def test_schema_2_refuses_a_code_that_is_not_well_formed(value: str) -> None:
    record = {**to_wire(make_contact()), "municipality": value}
    with pytest.raises(InvalidContact) as err:
        from_wire(record, today=TODAY)
    assert {e.field for e in err.value.errors} == {"municipality"}


def test_the_canonical_text_does_not_depend_on_the_schema_it_came_in() -> None:
    contact = make_contact()
    old = from_wire({**to_wire(contact, schema=1), "municipality": "venlo"}, today=TODAY)
    new = from_wire({**to_wire(contact), "municipality": "GM0983"}, today=TODAY)
    assert old == new and canonical_text(old) == canonical_text(new)
    # ... and is the text a schema 1 revision was always kept (and hashed) as.
    assert '"schema":1,' in canonical_text(old) and '"municipality":"venlo"' in canonical_text(old)
    assert hashlib.sha256(canonical_text(old).encode()).hexdigest() != hashlib.sha256(
        canonical_text(make_contact(municipality="GM0153")).encode()).hexdigest()


def test_a_new_municipality_can_only_be_said_in_schema_2() -> None:
    assert not speaks_schema_1(make_contact(municipality="GM0153"))
    assert speaks_schema_1(make_contact(municipality="GM0363"))
    assert '"schema":2,' in canonical_text(make_contact(municipality="GM0153"))


@pytest.mark.parametrize(("place", "schema"), [("GM0363", 1), ("GM0363", 2), ("GM0153", 2),
                                               ("other", 1), ("other", 2)])
def test_one_wire_gives_the_revision_and_the_canonical_text(place: str, schema: int) -> None:
    fields = {"municipality_other": "Zeist"} if place == "other" else {}
    contact = make_contact(municipality=place, **fields)
    assert revision_texts(contact, schema=schema) == (
        revision_text(contact, schema=schema), canonical_text(contact))

"""The words of the sync protocol: push answers, field errors from the wire, pulled changes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from model import FieldError, Review, parse_wire, protocol, to_wire
from model.municipalities import Municipality
from model.protocol import (
    ACKNOWLEDGED,
    REFUSED,
    ChangeKind,
    EraseChange,
    InvalidChange,
    MunicipalitiesChange,
    PushStatus,
    ReviewChange,
    UnknownChange,
    field_error_from_wire,
    parse_change,
    read_changes,
)
from tests.factories import make_contact

CONTACT = "6f1c7d2e-0000-4000-8000-000000000000"
PERSON = "0b7e4c1a-1111-4000-8000-000000000000"
ERASE = {"kind": "erase", "person_id": PERSON}


def test_the_statuses_are_the_protocols_words() -> None:
    assert [s.value for s in PushStatus] == ["stored", "duplicate", "conflict", "stale", "invalid"]
    assert {PushStatus.STORED, PushStatus.DUPLICATE} == ACKNOWLEDGED
    assert {PushStatus.INVALID, PushStatus.CONFLICT} == REFUSED


@pytest.mark.parametrize(("raw", "read"), [
    ({"field": "alias", "code": "required", "params": {}}, FieldError("alias", "required")),
    ({"field": "notes", "code": "too_long", "params": {"max": 2000}},
     FieldError("notes", "too_long", {"max": 2000})),
    ({}, FieldError("record", "invalid")),
    (None, FieldError("record", "invalid")),
    ("alias", FieldError("record", "invalid")),
    ({"field": 7, "code": ["x"], "params": "max"}, FieldError("record", "invalid")),
    ({"field": "", "code": ""}, FieldError("record", "invalid")),
])
def test_a_field_error_from_the_wire_is_read_without_trusting_it(raw: object,
                                                                 read: FieldError) -> None:
    error = field_error_from_wire(raw)
    assert (error.field, error.code, error.params) == (read.field, read.code, read.params)


def test_a_field_error_from_the_wire_is_bounded() -> None:
    params = {"max": 5, "flag": True, "list": [1], "text": "t" * 1000, 3: "x",
              **{f"p{n}": n for n in range(20)}}
    error = field_error_from_wire({"field": "f" * 500, "code": "c" * 500, "params": params})
    assert (len(error.field), len(error.code)) == (64, 64)
    assert error.params["max"] == 5 and error.params["text"] == "t" * 200
    assert "flag" not in error.params and "list" not in error.params
    assert len(error.params) == 8


def test_a_review_and_an_erasure_are_read_as_typed_changes() -> None:
    review = parse_change({"kind": "review", "contact_id": CONTACT, "state": "has_issues",
                           "comment": "Wrong municipality?",
                           "reviewed_at": "2026-11-21T10:00:00Z", "reviewer": "Ann"})
    assert review == ReviewChange(CONTACT, Review(
        state="has_issues", comment="Wrong municipality?",
        reviewed_at=datetime(2026, 11, 21, 10, tzinfo=UTC), reviewer="Ann"))
    assert parse_change(ERASE) == EraseChange(PERSON)
    assert {k.value for k in ChangeKind} == {"review", "erase", "person", "person_gone",
                                            "merge", "split", "municipalities"}


@pytest.mark.parametrize("item", [
    {"kind": "review", "contact_id": CONTACT, "state": "great"},
    {"kind": "review", "contact_id": "not-an-id", "state": "approved"},
    {"kind": "erase"},
    {"kind": "review", "contact_id": CONTACT, "state": "approved", "reviewed_at": "yesterday"},
    {"kind": "review", "contact_id": CONTACT, "state": "approved",
     "reviewed_at": "2026-11-21T10:00:00"},
    {"kind": "review", "contact_id": CONTACT, "state": "approved", "comment": "x" * 2001},
    {"kind": "review", "contact_id": CONTACT, "state": "approved", "comment": 5},
    {"kind": None}, {"contact_id": CONTACT}, "erase", None,
])
def test_a_malformed_change_is_refused_on_its_own(item: object) -> None:
    with pytest.raises(InvalidChange):
        parse_change(item)
    read = read_changes([ERASE, item, ERASE])
    assert read.changes == (EraseChange(PERSON), EraseChange(PERSON))
    assert (read.unknown, read.refused) == (0, 1)


@pytest.mark.parametrize("kind", ["delete_everything", "people", "regions", ""])
def test_a_kind_this_version_does_not_know_is_skipped_and_counted(kind: str) -> None:
    item = {"kind": kind, "person_id": PERSON}
    with pytest.raises(UnknownChange):
        parse_change(item)
    read = read_changes([item, ERASE, item])
    assert read.changes == (EraseChange(PERSON),)
    assert (read.unknown, read.refused) == (2, 0)


LIST = {"kind": "municipalities", "items": [{"code": "GM0153", "name": "Enschede"},
                                            {"code": "GM0363", "name": " Amsterdam  "}]}


def test_the_organisations_municipalities_are_read_whole() -> None:
    assert parse_change(LIST) == MunicipalitiesChange((Municipality("GM0153", "Enschede"),
                                                       Municipality("GM0363", "Amsterdam")))
    assert parse_change({"kind": "municipalities", "items": []}) == MunicipalitiesChange(())


@pytest.mark.parametrize("items", [
    None, "GM0153", [{"code": "GM153", "name": "Enschede"}], [{"code": "GM0153"}],
    [{"code": "GM0153", "name": ""}], [{"code": "GM0153", "name": "x" * 81}],
    [{"code": "GM0153", "name": "Enschede"}, {"code": "GM0153", "name": "Enschede"}], ["GM0153"],
])
def test_a_malformed_list_is_refused_on_its_own(items: object) -> None:
    read = read_changes([ERASE, {"kind": "municipalities", "items": items}])
    assert (read.changes, read.refused) == ((EraseChange(PERSON),), 1)


def test_a_phone_of_the_version_before_skips_the_list_and_reads_the_rest(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(protocol._READERS, ChangeKind.MUNICIPALITIES)  # as it was before
    read = read_changes([LIST, ERASE])
    assert read.changes == (EraseChange(PERSON),)
    assert (read.unknown, read.refused) == (1, 0)


def test_a_review_brings_the_flagged_fields_and_reasons_and_an_older_servers_has_none() -> None:
    flagged = parse_change({"kind": "review", "contact_id": CONTACT, "state": "has_issues",
                            "comment": None, "reviewed_at": "2026-11-21T10:00:00Z",
                            "fields": ["nationality", "age_band", "shoe_size"],
                            "reasons": ["wrong_value", "a_newer_reason"],
                            "a_key_of_a_later_server": {"ignored": True}})
    assert isinstance(flagged, ReviewChange)
    # The value list's order; names a newer server knows and this phone does not are left out.
    assert flagged.review.fields == ("nationality", "age_band")
    assert flagged.review.reasons == ("wrong_value",)
    older = parse_change({"kind": "review", "contact_id": CONTACT, "state": "has_issues",
                          "comment": "Check the age band."})
    assert isinstance(older, ReviewChange)
    assert (older.review.fields, older.review.reasons) == ((), ())
    with pytest.raises(InvalidChange):
        parse_change({"kind": "review", "contact_id": CONTACT, "state": "has_issues",
                      "fields": "age_band"})


def test_the_flagged_fields_are_kept_with_the_contact_and_a_plain_review_stays_as_it_was() -> None:
    review = Review(state="has_issues", comment=None, fields=("alias",), reasons=("privacy",))
    contact = replace(make_contact(), review=review)
    assert parse_wire(to_wire(contact)).review == review
    plain = replace(make_contact(), review=Review(state="approved"))
    assert set(to_wire(plain)["review"]) == {"state", "comment", "reviewed_at", "reviewer"}

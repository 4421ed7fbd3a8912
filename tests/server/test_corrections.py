"""Structured corrections: a supervisor flags fields and picks reasons; the list, the contact
and the phone's pull carry them; a client that sends only a comment keeps working."""

from __future__ import annotations

from typing import Any

import pytest

import locales
from model import Enrollment, FieldError
from tests.server.conftest import World
from tests.server.helpers import Api, contact, wire


def _fresh_contact(world: World, **fields: Any) -> str:
    made = contact(Enrollment(world.alpha.worker_id, world.alpha.device_id, world.alpha.id),
                   **fields)
    assert [r["status"] for r in world.alpha.worker.push([wire(made)])] == ["stored"]
    return made.id


def _review(api: Api, contact_id: str, **body: Any) -> Any:
    return api.post(f"/api/v1/contacts/{contact_id}/review", json=body)


def _review_changes(world: World, since: str, contact_id: str) -> list[dict[str, Any]]:
    found, _cursor = world.alpha.worker.pull_all(since)
    return [c for c in found if c.get("contact_id") == contact_id]


def test_flagged_fields_and_reasons_reach_the_list_the_contact_and_the_phone(
        world: World) -> None:
    contact_id = _fresh_contact(world, consent="given", alias="Pjotr", age_band="25-34")
    _before, cursor = world.alpha.worker.pull_all()
    answer = _review(world.alpha.supervisor, contact_id, state="has_issues",
                     fields=["age_band", "alias", "alias"], reasons=["wrong_value", "privacy"])
    assert answer.status_code == 200, answer.text
    review = answer.json()["review"]
    # Each once, in the order of the form and of the reasons list; no comment needed.
    assert (review["fields"], review["reasons"], review["comment"]) == (
        ["alias", "age_band"], ["wrong_value", "privacy"], None)

    shown = world.alpha.supervisor.get(f"/api/v1/contacts/{contact_id}").json()
    assert (shown["review"]["fields"], shown["review"]["reasons"]) == (
        ["alias", "age_band"], ["wrong_value", "privacy"])
    listed = world.alpha.supervisor.get("/api/v1/contacts",
                                        params={"review_state": "has_issues"}).json()["items"]
    mine = [i["review"] for i in listed if i["id"] == contact_id]
    assert [(r["fields"], r["reasons"]) for r in mine] == [
        (["alias", "age_band"], ["wrong_value", "privacy"])]

    pulled = _review_changes(world, cursor, contact_id)
    assert [(c["state"], c["fields"], c["reasons"], c["comment"]) for c in pulled] == [
        ("has_issues", ["alias", "age_band"], ["wrong_value", "privacy"], None)]


def test_a_comment_alone_still_flags_a_contact_and_the_change_is_as_before(
        world: World) -> None:
    contact_id = _fresh_contact(world)
    _before, cursor = world.alpha.worker.pull_all()
    answer = _review(world.alpha.supervisor, contact_id, state="has_issues",
                     comment="Where did you meet him?")
    assert answer.status_code == 200, answer.text
    assert (answer.json()["review"]["fields"], answer.json()["review"]["reasons"]) == ([], [])
    pulled = _review_changes(world, cursor, contact_id)
    assert [set(c) for c in pulled] == [{"kind", "contact_id", "state", "comment",
                                         "reviewed_at"}]


def test_approving_clears_the_flags_of_an_earlier_correction(world: World) -> None:
    contact_id = _fresh_contact(world)
    flagged = _review(world.alpha.supervisor, contact_id, state="has_issues",
                      fields=["nationality"], reasons=["inconsistent"])
    assert flagged.status_code == 200, flagged.text
    approved = _review(world.alpha.supervisor, contact_id, state="approved")
    assert approved.status_code == 200, approved.text
    shown = world.alpha.supervisor.get(f"/api/v1/contacts/{contact_id}").json()["review"]
    assert (shown["state"], shown["fields"], shown["reasons"]) == ("approved", [], [])


@pytest.mark.parametrize(("body", "field"), [
    ({"state": "has_issues", "fields": ["shoe_size"], "reasons": ["missing"]}, "body.fields.0"),
    ({"state": "has_issues", "fields": ["alias"], "reasons": ["looks_odd"]}, "body.reasons.0"),
    ({"state": "has_issues", "fields": ["id", "alias"], "comment": "x"}, "body.fields.0"),
])
def test_an_unknown_field_or_reason_is_refused_with_a_translated_message(
        world: World, body: dict[str, Any], field: str) -> None:
    contact_id = world.alpha.contact_ids[0]
    answer = world.alpha.supervisor.post(f"/api/v1/contacts/{contact_id}/review", json=body,
                                         headers={"Accept-Language": "nl-NL,nl;q=0.9"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert [(d["field"], d["code"]) for d in detail] == [(field, "invalid_value")]
    dutch = locales.error_message(FieldError(field, "invalid_value"), "nl")
    assert detail[0]["message"] == dutch != locales.error_message(
        FieldError(field, "invalid_value"), "en")
    assert "shoe_size" not in answer.text and "looks_odd" not in answer.text


@pytest.mark.parametrize(("body", "errors"), [
    ({"state": "has_issues", "fields": ["alias"]},
     [("comment", "required"), ("reasons", "required")]),
    ({"state": "rejected", "comment": "  "}, [("comment", "required"), ("reasons", "required")]),
    ({"state": "approved", "reasons": ["missing"]}, [("reasons", "not_allowed")]),
    ({"state": "approved", "fields": ["alias"]}, [("fields", "not_allowed")]),
])
def test_a_verdict_needs_a_reason_or_a_comment_and_an_approval_takes_no_flags(
        world: World, body: dict[str, Any], errors: list[tuple[str, str]]) -> None:
    contact_id = world.alpha.contact_ids[0]
    answer = world.alpha.supervisor.post(f"/api/v1/contacts/{contact_id}/review", json=body,
                                         headers={"Accept-Language": "pl"})
    assert answer.status_code == 422
    detail = answer.json()["detail"]
    assert [(d["field"], d["code"]) for d in detail] == errors
    assert all(d["message"] for d in detail)


def test_a_reason_alone_is_enough_to_reject(world: World) -> None:
    contact_id = _fresh_contact(world)
    answer = _review(world.alpha.supervisor, contact_id, state="rejected",
                     reasons=["duplicate_person"])
    assert answer.status_code == 200, answer.text
    assert answer.json()["review"]["reasons"] == ["duplicate_person"]

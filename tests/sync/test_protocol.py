"""The server's answers are checked before anything is believed: half an answer acknowledges nothing."""

from __future__ import annotations

import pytest

from model import FieldError
from model.protocol import PushResult, PushStatus
from sync.errors import ServerError
from sync.protocol import parse_enroll, parse_pull, parse_push

GOOD = {"id": "c1", "rev": 2, "status": "stored", "errors": []}


@pytest.mark.parametrize("body", [
    None, [], "ok", {}, {"results": None}, {"results": [None]}, {"results": ["stored"]},
    {"results": [{**GOOD, "status": "saved"}]},  # a status the protocol does not have
    {"results": [{**GOOD, "rev": "2"}]}, {"results": [{**GOOD, "rev": True}]},
    {"results": [{**GOOD, "errors": ["bad"]}]}, {"results": [{**GOOD, "id": 7}]},
])
def test_a_push_answer_that_is_not_the_protocol_is_a_bad_answer(body: object) -> None:
    with pytest.raises(ServerError, match="bad_answer"):
        parse_push(body)


def test_a_push_answer_is_read_record_by_record() -> None:
    body = {"results": [GOOD, {"id": None, "rev": None, "status": "invalid",
                               "errors": [{"field": "record", "code": "invalid_type"}]}],
            "server_time": "ignored"}
    assert parse_push(body) == [
        PushResult("c1", 2, PushStatus.STORED),
        PushResult(None, None, PushStatus.INVALID, (FieldError("record", "invalid_type"),)),
    ]


@pytest.mark.parametrize("body", [
    {"changes": None, "cursor": "x"}, {"changes": ["erase"], "cursor": "x"},
    {"changes": [], "cursor": 1.5}, {"changes": [], "cursor": "x", "more": "yes"},
])
def test_a_pull_answer_that_is_not_the_protocol_is_a_bad_answer(body: object) -> None:
    with pytest.raises(ServerError, match="bad_answer"):
        parse_pull(body)


def test_a_pull_answer_keeps_the_changes_for_the_repository_to_read() -> None:
    change = {"kind": "review", "contact_id": "c1", "state": "approved"}
    answer = parse_pull({"changes": [change], "cursor": 42})
    assert (answer.changes, answer.cursor, answer.more) == ((change,), "42", False)


def test_an_enrollment_answer_needs_a_token_and_the_worker() -> None:
    with pytest.raises(ServerError):
        parse_enroll({"device_id": "d1", "worker": {"id": "w1", "name": "a", "org_id": "o1"}})
    answer = parse_enroll({"device_id": "d1", "token": "t",
                           "worker": {"id": "w1", "name": "a", "org_id": "o1"}})
    assert (answer.device_id, answer.worker_id, answer.org_id) == ("d1", "w1", "o1")
    assert answer.org_name is None  # a server that does not name the organisation


@pytest.mark.parametrize(("given", "kept"), [
    ("Barka NL", "Barka NL"), ("  Straat\nteam \t Utrecht ", "Straat team Utrecht"),
    ("", None), ("   ", None), (7, None), ("x" * 500, "x" * 120),
])
def test_the_organisation_name_is_kept_as_one_short_line(given: object, kept: str | None) -> None:
    answer = parse_enroll({"device_id": "d1", "token": "t",
                           "worker": {"id": "w1", "name": "a", "org_id": "o1", "org_name": given}})
    assert answer.org_name == kept

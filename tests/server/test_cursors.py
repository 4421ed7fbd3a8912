"""The one cursor codec of every paged list: round trips, the phones' stored pull cursors,
and garbage refused as a 422 naming the parameter, never a server error."""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from server.errors import InvalidInput
from server.services import changes, cursors
from tests.server.conftest import World

CONTACT_ID = "0b6e5f1c-5d2a-4b47-9c63-1f2a3b4c5d6e"
# Pull cursors exactly as phones in the field hold them (made by the first server version).
STORED_PULL_CURSORS = [("YzE6MA==", 0), ("YzE6NDI=", 42), ("YzE6MTIzNDU2Nw==", 1234567),
                       ("YzE6MTAwMDAwMDAwMDAwMDAwMDAw", 10**17)]
# A list cursor and an audit cursor of the first server version: short-lived, now refused.
OLD_LIST_CURSOR = "azF8MjAyNi0wNC0wMXwwYjZlNWYxYy01ZDJhLTRiNDctOWM2My0xZjJhM2I0YzVkNmU="
OLD_AUDIT_CURSOR = "YTE3"
# A list cursor of the version before the time of recording joined the list's order.
K2_LIST_CURSOR = "azI6MjAyNi0wNC0wMXwwYjZlNWYxYy01ZDJhLTRiNDctOWM2My0xZjJhM2I0YzVkNmU="
MOMENT = datetime(2026, 4, 1, 21, 5, 9, 123000, tzinfo=UTC)


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(("stored", "seq"), STORED_PULL_CURSORS)
def test_a_pull_cursor_a_phone_holds_still_means_the_same_place(stored: str, seq: int) -> None:
    assert changes.decode_cursor(stored) == seq
    assert changes.encode_cursor(seq) == stored


def test_no_pull_cursor_means_from_the_beginning() -> None:
    assert changes.decode_cursor(None) == changes.decode_cursor("") == 0


@pytest.mark.parametrize(("day", "created"), [
    (date(2026, 4, 1), MOMENT), (date(1999, 12, 31), datetime(1999, 12, 31, tzinfo=UTC)),
    (date(2026, 4, 1), datetime(2026, 4, 1, 23, 30, 0, 999999,
                                tzinfo=timezone(timedelta(hours=2))))])
def test_a_list_position_comes_back_unchanged(day: date, created: datetime) -> None:
    assert cursors.decode_position(cursors.encode_position(day, created, CONTACT_ID)) == (
        day, created, CONTACT_ID)


@pytest.mark.parametrize("number", [0, 1, 987654321, 10**18 - 1])
def test_a_number_comes_back_unchanged(number: int) -> None:
    encoded = cursors.encode_number(cursors.AUDIT, number)
    assert cursors.decode_number(encoded, tag=cursors.AUDIT) == number


GARBAGE = [
    "xyz", "!!!!", "żółw", "bm9wZQ==", _b64("k2:2026-04-01"), _b64("k2:2026-13-01|abc"),
    _b64("k2:2026-04-01|a b"), _b64("k2:2026-04-01|a\x00b"), _b64("k2:2026-04-01|" + "a" * 65),
    _b64("k2:2026-04-01|a|b"), _b64("c1:" + "9" * 19), _b64("a1:-5"), _b64("k2|2026-04-01|a"),
    OLD_LIST_CURSOR, OLD_AUDIT_CURSOR, K2_LIST_CURSOR,
    _b64("k3:2026-04-01|2026-04-01T21:05:09.123000Z"),
    _b64(f"k3:2026-04-01|2026-04-01T21:05:09Z|{CONTACT_ID}"),
    _b64(f"k3:2026-04-01|2026-04-31T21:05:09.123000Z|{CONTACT_ID}"),
    _b64(f"k3:2026-04-01|2026-04-01 21:05:09.123000+00:00|{CONTACT_ID}"),
]


@pytest.mark.parametrize("cursor", GARBAGE)
def test_garbage_is_invalid_input_naming_the_parameter(cursor: str) -> None:
    for decode, name in ((cursors.decode_position, "cursor"),
                         (lambda c: cursors.decode_number(c, tag=cursors.AUDIT), "cursor"),
                         (changes.decode_cursor, "since")):
        with pytest.raises(InvalidInput) as refused:
            decode(cursor)
        assert refused.value.detail == [{"field": name, "code": "invalid_format", "params": {}}]


def test_a_cursor_of_one_list_is_refused_by_another() -> None:
    pull = changes.encode_cursor(5)
    audit = cursors.encode_number(cursors.AUDIT, 5)
    with pytest.raises(InvalidInput):
        cursors.decode_number(pull, tag=cursors.AUDIT)
    with pytest.raises(InvalidInput):
        changes.decode_cursor(audit)
    with pytest.raises(InvalidInput):
        cursors.decode_position(audit)


@pytest.mark.parametrize("cursor", [OLD_LIST_CURSOR, OLD_AUDIT_CURSOR, K2_LIST_CURSOR, "żółw",
                                    _b64("a1:" + "9" * 30), _b64("k2:2026-04-01|a\x00b")])
def test_every_paged_endpoint_answers_a_bad_cursor_with_422(world: World, cursor: str) -> None:
    supervisor = world.alpha.supervisor
    for path, name in (("/api/v1/contacts", "cursor"), ("/api/v1/audit", "cursor")):
        answer = supervisor.get(path, params={name: cursor})
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["detail"][0]["field"] in (name, f"query.{name}")
    pull = world.alpha.worker.get("/api/v1/sync/pull", params={"since": cursor})
    assert pull.status_code == 422, pull.text
    assert pull.json()["detail"][0]["field"] in ("since", "query.since")


def test_the_server_still_hands_phones_pull_cursors_of_the_stored_form(world: World) -> None:
    _changes, cursor = world.alpha.worker.pull_all()
    assert re.fullmatch(r"c1:[0-9]+", base64.urlsafe_b64decode(cursor).decode("ascii"))
    assert world.alpha.worker.pull_all(cursor)[0] == []

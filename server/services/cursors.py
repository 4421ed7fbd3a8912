"""One codec for every paging cursor: the contact lists, the audit log and the phones' pull.

A cursor is URL-safe base64 of ASCII text `<tag>:<field>|<field>…`; the tag names
the list and the version of its fields, so a cursor of one list is refused by
another. The pull cursor (`c1:<sequence number>`) is stored on phones in the
field: its form never changes. Anything that is not a cursor of the expected
list is `InvalidInput` naming the query parameter, never a server error.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime

from server.errors import InvalidInput, field_errors

PULL = "c1"
AUDIT = "a1"
# k2 (contact date, id) came before the time of recording joined the order: now refused.
CONTACTS = "k3"
# Fields stay inside what the database takes: numbers fit a BIGINT, ids are plain ASCII.
_NUMBER = re.compile(r"[0-9]{1,18}")
_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_MOMENT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z")


def encode(tag: str, *fields: str) -> str:
    """The opaque cursor for `fields` of the list `tag`."""
    return base64.urlsafe_b64encode(f"{tag}:{'|'.join(fields)}".encode("ascii")).decode("ascii")


def decode(cursor: str, *, tag: str, count: int, name: str = "cursor") -> list[str]:
    """The `count` fields of a cursor of the list `tag`.

    Raises:
        InvalidInput: not a cursor of that list (the error names the parameter `name`).
    """
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
    except (ValueError, UnicodeError):
        raise _invalid(name) from None
    found, colon, fields = text.partition(":")
    parts = fields.split("|")
    if found != tag or not colon or len(parts) != count:
        raise _invalid(name)
    return parts


def encode_number(tag: str, number: int) -> str:
    """A cursor holding one sequence number or row id."""
    return encode(tag, str(number))


def decode_number(cursor: str, *, tag: str, name: str = "cursor") -> int:
    """The number in a cursor of `encode_number`.

    Raises:
        InvalidInput: not such a cursor of the list `tag`.
    """
    (number,) = decode(cursor, tag=tag, count=1, name=name)
    if not _NUMBER.fullmatch(number):
        raise _invalid(name)
    return int(number)


def encode_position(day: date, created: datetime, contact_id: str) -> str:
    """A place in a contact list ordered by contact date, time recorded, then id."""
    moment = created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return encode(CONTACTS, day.isoformat(), moment, contact_id)


def decode_position(cursor: str) -> tuple[date, datetime, str]:
    """The contact date, time recorded (UTC) and id of a cursor of `encode_position`.

    Raises:
        InvalidInput: not a contact list cursor (one of an older server version included).
    """
    day, moment, contact_id = decode(cursor, tag=CONTACTS, count=3)
    if not _ID.fullmatch(contact_id) or not _MOMENT.fullmatch(moment):
        raise _invalid("cursor")
    try:
        return (date.fromisoformat(day),
                datetime.strptime(moment, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC),
                contact_id)
    except ValueError:
        raise _invalid("cursor") from None


def _invalid(name: str) -> InvalidInput:
    return InvalidInput(field_errors((name, "invalid_format", {})))

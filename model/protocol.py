"""The words of sync protocol v1 that the phone and the server share.

- `PushStatus` and `PushResult`: the server's answer for one pushed record.
- `field_error_from_wire`: a field error as it travels, read without trusting it.
- `ChangeKind` and `read_changes`: what a phone pulls, each change as a typed value.

The pull grows by adding kinds, and phones already in the field skip kinds
they do not know: `read_changes` counts those apart, and refuses a malformed
change of a known kind on its own, so neither ever stops the others. Adding a
kind is a dataclass, a reader function and one entry in `_READERS`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from model import municipalities
from model.contact import Review
from model.errors import FieldError
from model.municipalities import Municipality
from model.persons import InvalidCard, PersonCard, card_from_wire
from model.values import FLAGGABLE_FIELDS, TEXT_LIMITS, CorrectionReason, ReviewState

NAME_LIMIT = 64
PARAMS_LIMIT = 8
PARAM_TEXT_LIMIT = 200


class PushStatus(StrEnum):
    """The server's verdict on one pushed (id, rev)."""

    STORED = "stored"
    DUPLICATE = "duplicate"  # this very revision, with this content, is there already
    CONFLICT = "conflict"  # this revision with other content, or another worker's contact
    STALE = "stale"  # older than what the server holds, or its person was erased
    INVALID = "invalid"  # breaks a rule: the field errors say which


# The server holds exactly the revision that was sent.
ACKNOWLEDGED = frozenset({PushStatus.STORED, PushStatus.DUPLICATE})
# Sending it again changes nothing: a person has to look at it.
REFUSED = frozenset({PushStatus.INVALID, PushStatus.CONFLICT})


@dataclass(frozen=True)
class PushResult:
    """What the server said about one pushed record.

    `id` or `rev` is None when the server could not read them from the record.
    """

    id: str | None
    rev: int | None
    status: PushStatus
    errors: tuple[FieldError, ...] = ()


def field_error_from_wire(raw: object) -> FieldError:
    """A field error as the other side sent it (`{"field", "code", "params"}`), bounded.

    Never raises: a missing or odd field reads as "record", a missing or odd code as
    that of an invalid record; only whole numbers and short texts are kept as
    parameters, a few at most.
    """
    item: Mapping[Any, Any] = raw if isinstance(raw, Mapping) else {}
    params = item.get("params")
    kept: dict[str, int | str] = {}
    for name, value in (params.items() if isinstance(params, Mapping) else ()):
        if len(kept) == PARAMS_LIMIT:
            break
        if isinstance(name, str) and (type(value) is int or isinstance(value, str)):
            kept[name[:NAME_LIMIT]] = value[:PARAM_TEXT_LIMIT] if isinstance(value, str) else value
    return FieldError(field=_name(item.get("field"), "record"),
                      code=_name(item.get("code"), PushStatus.INVALID.value), params=kept)


def _name(value: object, default: str) -> str:
    return value[:NAME_LIMIT] if isinstance(value, str) and value else default


class ChangeKind(StrEnum):
    """The kinds of change a phone pulls."""

    REVIEW = "review"
    ERASE = "erase"
    PERSON = "person"  # a team member's card is new or changed
    PERSON_GONE = "person_gone"  # the card must leave the phone
    MERGE = "merge"  # two persons are one: `from` becomes `into`
    SPLIT = "split"  # a merge undone: these contacts are `person_id`'s again
    MUNICIPALITIES = "municipalities"  # the organisation's list, whole: it replaces the last


@dataclass(frozen=True)
class ReviewChange:
    """A supervisor's verdict on one of the worker's contacts."""

    contact_id: str
    review: Review


@dataclass(frozen=True)
class EraseChange:
    """Every contact of one person is to be erased (the person asked, or retention ended)."""

    person_id: str


@dataclass(frozen=True)
class PersonChange:
    """A person's card, new or changed: the phone keeps (or replaces) it."""

    card: PersonCard


@dataclass(frozen=True)
class PersonGoneChange:
    """A person's card must leave the phone (erased, consent withdrawn, merged, sharing off)."""

    person_id: str


@dataclass(frozen=True)
class MergeChange:
    """Two records of one person: every contact of `from_person` is now `into_person`'s."""

    from_person: str
    into_person: str


@dataclass(frozen=True)
class SplitChange:
    """A merge undone: these contacts belong to `person_id` again (not to `from_person`)."""

    person_id: str
    from_person: str
    contact_ids: tuple[str, ...]


@dataclass(frozen=True)
class MunicipalitiesChange:
    """The municipalities the organisation works in, whole (the form offers them)."""

    items: tuple[Municipality, ...]


Change = (ReviewChange | EraseChange | PersonChange | PersonGoneChange | MergeChange
          | SplitChange | MunicipalitiesChange)


class UnknownChange(ValueError):
    """A pulled change of a kind this version does not know (a newer server sent it)."""


class InvalidChange(ValueError):
    """A pulled change of a known kind that is not what the protocol allows."""


@dataclass(frozen=True)
class PulledChanges:
    """A page of pulled changes as read: those to apply, and how many were left out."""

    changes: tuple[Change, ...] = ()
    unknown: int = 0
    refused: int = 0


def read_changes(items: Iterable[object]) -> PulledChanges:
    """Every change of `items` this version can read; the others counted, never raised."""
    changes: list[Change] = []
    unknown = refused = 0
    for item in items:
        try:
            changes.append(parse_change(item))
        except UnknownChange:
            unknown += 1
        except InvalidChange:
            refused += 1
    return PulledChanges(tuple(changes), unknown=unknown, refused=refused)


def parse_change(item: object) -> Change:
    """One pulled change (`{"kind": ..., ...}`) as a typed value.

    Raises:
        UnknownChange: a kind this version does not know.
        InvalidChange: not an object, no kind, or a missing or malformed field.
    """
    if not isinstance(item, Mapping) or not isinstance(item.get("kind"), str):
        raise InvalidChange("not a change")
    reader = _READERS.get(item["kind"])
    if reader is None:
        raise UnknownChange("unknown kind")
    return reader(item)


def _review(item: Mapping[str, Any]) -> ReviewChange:
    state = _text(item.get("state"))
    if state not in tuple(ReviewState):
        raise InvalidChange("unknown review state")
    comment = _optional_text(item.get("comment"))
    if comment is not None and len(comment) > TEXT_LIMITS["review_comment"]:
        raise InvalidChange("comment too long")
    verdict = Review(state=state, comment=comment, reviewed_at=_moment(item.get("reviewed_at")),
                     reviewer=_optional_text(item.get("reviewer")),
                     fields=_known(item.get("fields"), FLAGGABLE_FIELDS),
                     reasons=_known(item.get("reasons"), tuple(CorrectionReason)))
    return ReviewChange(contact_id=_uuid(item.get("contact_id")), review=verdict)


def _known(value: object, known: tuple[str, ...]) -> tuple[str, ...]:
    """A review's flagged fields or reasons: absent (an older server) is none; names this
    version does not know (a newer server's) are left out; each once, in `known`'s order."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidChange("expected a list of names")
    return tuple(name for name in known if name in value)


def _erase(item: Mapping[str, Any]) -> EraseChange:
    return EraseChange(person_id=_uuid(item.get("person_id")))


def _person(item: Mapping[str, Any]) -> PersonChange:
    person_id = _uuid(item.get("person_id"))
    try:
        return PersonChange(card_from_wire(person_id, item.get("card")))
    except InvalidCard as bad:
        raise InvalidChange(f"card: {bad}") from None


def _person_gone(item: Mapping[str, Any]) -> PersonGoneChange:
    return PersonGoneChange(person_id=_uuid(item.get("person_id")))


def _merge(item: Mapping[str, Any]) -> MergeChange:
    merged = MergeChange(from_person=_uuid(item.get("from")), into_person=_uuid(item.get("into")))
    if merged.from_person == merged.into_person:
        raise InvalidChange("a person merged into itself")
    return merged


def _split(item: Mapping[str, Any]) -> SplitChange:
    ids = item.get("contact_ids")
    if not isinstance(ids, list):
        raise InvalidChange("expected a list of contacts")
    split = SplitChange(person_id=_uuid(item.get("person_id")),
                        from_person=_uuid(item.get("from")),
                        contact_ids=tuple(_uuid(i) for i in ids))
    if split.person_id == split.from_person:
        raise InvalidChange("a person split from itself")
    return split


def _municipalities(item: Mapping[str, Any]) -> MunicipalitiesChange:
    try:
        return MunicipalitiesChange(municipalities.read_list(item.get("items")))
    except municipalities.InvalidList as bad:
        raise InvalidChange(str(bad)) from None


_READERS: dict[str, Callable[[Mapping[str, Any]], Change]] = {
    ChangeKind.REVIEW: _review,
    ChangeKind.ERASE: _erase,
    ChangeKind.PERSON: _person,
    ChangeKind.PERSON_GONE: _person_gone,
    ChangeKind.MERGE: _merge,
    ChangeKind.SPLIT: _split,
    ChangeKind.MUNICIPALITIES: _municipalities,
}


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidChange("expected text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(_text(value))
    except ValueError:
        raise InvalidChange("malformed time") from None
    if moment.tzinfo is None:
        raise InvalidChange("time without time zone")
    return moment


def _uuid(value: object) -> str:
    text = _text(value)
    try:
        uuid.UUID(text)
    except ValueError:
        raise InvalidChange("malformed id") from None
    return text

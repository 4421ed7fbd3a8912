"""The wire format of a contact: the JSON the phone sends and the server answers with.

`to_wire` gives a JSON-ready dict with `"schema": 2`. `from_wire` takes any
JSON-like value and returns a valid `Contact` or raises `InvalidContact`
(`WireFormatError` when the structure itself is wrong) — never another
exception, whatever it is fed.

Schema 2 names the municipality by its CBS code (`model.municipalities`);
schema 1 named the first pilot's six by a short name (`amsterdam`, ...). Both
are read: a schema 1 name becomes its code, so a `Contact` always holds codes.
A contact the first pilot's six (or "other") can place is still written in
schema 1 where that is asked for (`to_wire(schema=1)`, `model.wire_texts`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import MISSING, fields
from datetime import UTC, date, datetime
from typing import Any

from model import errors as e
from model import municipalities
from model.contact import Contact, Location, Review
from model.entitlement import entitlement_indication
from model.errors import FieldError, InvalidContact, WireFormatError
from model.validation import validate

SCHEMA = 2
SCHEMAS = (1, 2)
LEGACY_NAMES = {code: name for name, code in municipalities.LEGACY_CODES.items()}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$")
_CONTACT_FIELDS = {f.name for f in fields(Contact)}
# Computed from the answers; the server and phone recompute it, so what
# arrives is accepted and ignored.
_OUTPUT_ONLY = {"schema", "entitlement_indication"}
_REQUIRED = {
    f.name for f in fields(Contact) if f.default is MISSING and f.default_factory is MISSING
}


def to_wire(contact: Contact, *, indication: bool = True,
            schema: int = SCHEMA) -> dict[str, Any]:
    """The contact as a JSON-ready dict of wire schema 2 (or 1).

    Args:
        indication: include the computed entitlement indication. A reader
            recomputes it from the answers (it is output only), so a sender
            may leave it out: it is the costliest part of the record to make.
        schema: 1 writes the first pilot's six by their schema 1 names; only for a
            contact `speaks_schema_1` says it can.
    """
    computed = entitlement_indication(contact.entitlement) if indication else None
    review = contact.review
    municipality = contact.municipality
    if schema == 1:
        municipality = LEGACY_NAMES.get(municipality, municipality)
    # Longer than 40 lines: one line per field of the record, the wire format as a table.
    return {
        "schema": schema,
        "id": contact.id,
        "rev": contact.rev,
        "person_id": contact.person_id,
        "created_at": format_datetime(contact.created_at),
        "updated_at": format_datetime(contact.updated_at),
        "contact_date": contact.contact_date.isoformat(),
        "worker_id": contact.worker_id,
        "device_id": contact.device_id,
        "org_id": contact.org_id,
        "municipality": municipality,
        "municipality_other": contact.municipality_other,
        "area": contact.area,
        "location": (
            {"lat": contact.location.lat, "lon": contact.location.lon}
            if contact.location else None
        ),
        "consent": contact.consent,
        "person_language": contact.person_language,
        "alias": contact.alias,
        "nationality": contact.nationality,
        "gender": contact.gender,
        "age_band": contact.age_band,
        "time_in_nl": contact.time_in_nl,
        "time_homeless": contact.time_homeless,
        "sleeping_situation": contact.sleeping_situation,
        "entitlement": dict(sorted(contact.entitlement.items())),
        "entitlement_indication": (
            {"code": computed.code.value, "reasons": list(computed.reasons)}
            if computed else None
        ),
        "id_document": contact.id_document,
        "brp_registered": contact.brp_registered,
        "health_physical": contact.health_physical,
        "health_mental": contact.health_mental,
        "addiction": contact.addiction,
        "acute_needs": sorted(contact.acute_needs),
        "wish": contact.wish,
        "referrals": sorted(contact.referrals),
        "outcome": contact.outcome,
        "notes": contact.notes,
        "follow_up_on": contact.follow_up_on.isoformat() if contact.follow_up_on else None,
        "review": review_to_wire(review) if review else None,
    }


def review_to_wire(review: Review) -> dict[str, Any]:
    """The server-owned review part as JSON; flagged fields and reasons only when there are."""
    data: dict[str, Any] = {
        "state": review.state,
        "comment": review.comment,
        "reviewed_at": format_datetime(review.reviewed_at) if review.reviewed_at else None,
        "reviewer": review.reviewer,
    }
    if review.fields:
        data["fields"] = list(review.fields)
    if review.reasons:
        data["reasons"] = list(review.reasons)
    return data


def from_wire(data: object, *, today: date | None = None) -> Contact:
    """Parse and validate a wire record.

    Raises:
        WireFormatError: not a contact of schema 1 or 2 (unknown schema or fields, wrong types).
        InvalidContact: well-formed, but breaks a rule of the domain.
    """
    contact = parse_wire(data)
    problems = validate(contact, today=today)
    if problems:
        raise InvalidContact(problems)
    return contact


def parse_wire(data: object) -> Contact:
    """Turn a wire record into a `Contact`, checking structure and types only."""
    if not isinstance(data, dict):
        raise WireFormatError([FieldError("record", e.INVALID_TYPE)])
    schema = data.get("schema")
    if type(schema) is not int or schema not in SCHEMAS:
        raise WireFormatError([FieldError("schema", e.UNSUPPORTED_SCHEMA, {"supported": SCHEMA})])
    reader = _Reader(data)
    values = {name: reader.read(name) for name in sorted(_CONTACT_FIELDS)}
    if schema == 1:
        values["municipality"] = reader.legacy(values["municipality"])
    problems = list(reader.problems())
    if problems:
        raise WireFormatError(problems)
    present = {k: v for k, v in values.items() if v is not _ABSENT}
    return Contact(**present)


def format_datetime(value: datetime) -> str:
    """ISO 8601 in UTC with a Z, keeping microseconds."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


_ABSENT: Any = object()


class _Reader:
    """Reads one field at a time, collecting every problem instead of stopping."""

    def __init__(self, data: dict[Any, Any]) -> None:
        self.data = data
        self.errors: list[FieldError] = []

    def problems(self) -> Iterator[FieldError]:
        for key in self.data:
            if not isinstance(key, str) or (key not in _CONTACT_FIELDS and key not in _OUTPUT_ONLY):
                yield FieldError(str(key)[:64], e.UNKNOWN_FIELD)
        yield from self.errors

    def legacy(self, value: Any) -> Any:
        """A schema 1 municipality as its code: schema 1 knew only the six and "other"."""
        if value in municipalities.LEGACY_CODES:
            return municipalities.from_legacy(value)
        if isinstance(value, str) and value != municipalities.OTHER:
            self.errors.append(FieldError("municipality", e.INVALID_VALUE))
        return value

    def read(self, name: str) -> Any:
        if name not in self.data or self.data[name] is None:
            if name in _REQUIRED:
                self.errors.append(FieldError(name, e.REQUIRED))
                return None
            return _ABSENT
        try:
            return _PARSERS.get(name, _text)(self.data[name])
        except (TypeError, ValueError, OverflowError):
            self.errors.append(FieldError(name, e.INVALID_TYPE))
            return None


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError
    return value


def _integer(value: object) -> int:
    if type(value) is not int:
        raise TypeError
    return value


def _day(value: object) -> date:
    if not isinstance(value, str) or not _DATE.match(value):
        raise ValueError
    return date.fromisoformat(value)


def _moment(value: object) -> datetime:
    if not isinstance(value, str) or not _DATETIME.match(value):
        raise ValueError
    return datetime.fromisoformat(value)


def _number(value: object) -> float:
    if type(value) not in (int, float):
        raise TypeError
    return float(value)  # type: ignore[arg-type]


def _location(value: object) -> Location:
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        raise TypeError
    return Location(_number(value["lat"]), _number(value["lon"]))


def _string_set(value: object) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    if len(set(value)) != len(value):
        raise ValueError
    return frozenset(value)


def _answers(value: object) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise TypeError
    return dict(value)


def _review(value: object) -> Review:
    if not isinstance(value, dict) or not set(value) <= _REVIEW_KEYS:
        raise TypeError
    comment, reviewer, at = value.get("comment"), value.get("reviewer"), value.get("reviewed_at")
    return Review(
        state=_text(value.get("state")),
        comment=None if comment is None else _text(comment),
        reviewed_at=None if at is None else _moment(at),
        reviewer=None if reviewer is None else _text(reviewer),
        fields=_names(value.get("fields", [])),
        reasons=_names(value.get("reasons", [])),
    )


_REVIEW_KEYS = {"state", "comment", "reviewed_at", "reviewer", "fields", "reasons"}


def _names(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return tuple(value)


_PARSERS: dict[str, Callable[[object], Any]] = {
    "rev": _integer,
    "created_at": _moment,
    "updated_at": _moment,
    "contact_date": _day,
    "follow_up_on": _day,
    "location": _location,
    "acute_needs": _string_set,
    "referrals": _string_set,
    "entitlement": _answers,
    "review": _review,
}

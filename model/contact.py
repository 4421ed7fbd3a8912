"""The contact record: one meeting in the street, field by field as in docs/domain.md."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from model.values import ReviewState

# Fields filled by the app or the server, not typed by the worker.
IDENTITY_FIELDS: tuple[str, ...] = (
    "id", "person_id", "created_at", "worker_id", "device_id", "org_id",
)


@dataclass(frozen=True)
class Location:
    """Where the contact took place, rounded to 3 decimals (about 100 m)."""

    lat: float
    lon: float

    @classmethod
    def rounded(cls, lat: float, lon: float) -> Location:
        """A location rounded to the precision the privacy rules allow."""
        return cls(round(lat, 3), round(lon, 3))


@dataclass(frozen=True)
class Review:
    """The supervisor's verdict on a contact; owned by the server.

    With "needs correction", `fields` names the contact fields to correct
    (`model.values.FLAGGABLE_FIELDS`) and `reasons` says why
    (`model.values.CorrectionReason`); the comment is then optional.
    """

    state: str = ReviewState.RECEIVED
    comment: str | None = None
    reviewed_at: datetime | None = None
    reviewer: str | None = None
    fields: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Contact:
    """One contact, as stored on the phone, sent over the wire and kept by the server.

    Enumerated fields hold the string values of `model.values`; `validate`
    checks them. Sets (`acute_needs`, `referrals`) are frozensets, entitlement
    answers a mapping of question key to answer.
    """

    id: str
    rev: int
    person_id: str
    created_at: datetime
    updated_at: datetime
    contact_date: date
    worker_id: str
    device_id: str
    org_id: str
    municipality: str
    consent: str
    person_language: str
    nationality: str
    gender: str
    age_band: str
    time_in_nl: str
    sleeping_situation: str
    id_document: str
    brp_registered: str
    municipality_other: str | None = None
    area: str | None = None
    location: Location | None = None
    alias: str | None = None
    time_homeless: str | None = None
    entitlement: dict[str, str] = field(default_factory=dict)
    health_physical: str | None = None
    health_mental: str | None = None
    addiction: str | None = None
    acute_needs: frozenset[str] = frozenset()
    wish: str | None = None
    referrals: frozenset[str] = frozenset()
    outcome: str | None = None
    notes: str | None = None
    follow_up_on: date | None = None
    review: Review | None = None

    __hash__ = None  # type: ignore[assignment]  # holds a dict; compare, never hash


def new_id() -> str:
    """A fresh random UUID as text, made on the device."""
    return str(uuid.uuid4())


def utc_now() -> datetime:
    """Now in UTC, to the millisecond (what the wire format keeps)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)

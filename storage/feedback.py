"""The server's feedback a device pulls: review verdicts and erasures (DESIGN.md, sync pull).

`parse_feedback` turns one item of a pull answer into a typed value, or
refuses it; the repository applies a whole batch in one write.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from model.values import TEXT_LIMITS, ReviewState


class InvalidFeedback(ValueError):
    """A pulled feedback item is not one the protocol allows."""


@dataclass(frozen=True)
class ReviewFeedback:
    """A supervisor's verdict on one contact."""

    contact_id: str
    state: str
    comment: str | None = None
    reviewed_at: datetime | None = None
    reviewer: str | None = None


@dataclass(frozen=True)
class Erasure:
    """Every contact of one person is to be erased (subject's right, or the server's purge)."""

    person_id: str


Feedback = ReviewFeedback | Erasure


def parse_feedback(item: Mapping[str, Any] | Feedback) -> Feedback:
    """One pull item (`{"kind": "review", ...}` or `{"kind": "erase", ...}`) as a typed value.

    Raises:
        InvalidFeedback: an unknown kind, a missing or malformed field.
    """
    if isinstance(item, ReviewFeedback | Erasure):
        return _checked(item)
    if not isinstance(item, Mapping):
        raise InvalidFeedback("not an object")
    kind = item.get("kind")
    if kind == "erase":
        return _checked(Erasure(person_id=_text(item.get("person_id"))))
    if kind == "review":
        return _checked(ReviewFeedback(
            contact_id=_text(item.get("contact_id")),
            state=_text(item.get("state")),
            comment=_optional_text(item.get("comment")),
            reviewed_at=_moment(item.get("reviewed_at")),
            reviewer=_optional_text(item.get("reviewer")),
        ))
    raise InvalidFeedback("unknown kind")


def _checked(item: Feedback) -> Feedback:
    if isinstance(item, Erasure):
        _uuid(item.person_id)
        return item
    _uuid(item.contact_id)
    if item.state not in tuple(ReviewState):
        raise InvalidFeedback("unknown review state")
    if item.comment is not None and len(item.comment) > TEXT_LIMITS["review_comment"]:
        raise InvalidFeedback("comment too long")
    if item.reviewed_at is not None and item.reviewed_at.tzinfo is None:
        raise InvalidFeedback("reviewed_at without time zone")
    return item


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InvalidFeedback("expected text")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _moment(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        return datetime.fromisoformat(_text(value))
    except ValueError:
        raise InvalidFeedback("malformed time") from None


def _uuid(value: str) -> None:
    try:
        uuid.UUID(value)
    except ValueError:
        raise InvalidFeedback("malformed id") from None

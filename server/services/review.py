"""A supervisor's verdict on a contact; it flows back to the worker's phone on the next pull."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from model.values import TEXT_LIMITS, ReviewState
from server.errors import InvalidInput, field_errors
from server.services import audit, changes
from server.services.audit import Action, Actor
from server.services.contacts import find_contact, review_dict
from server.services.principals import Principal, Role

VERDICTS = (ReviewState.APPROVED.value, ReviewState.HAS_ISSUES.value,
            ReviewState.REJECTED.value)


def review_contact(db: Session, *, principal: Principal, contact_id: str, state: str,
                   comment: str | None) -> dict[str, Any]:
    """Approve, flag (`has_issues`) or reject a contact; a comment is required unless approved.

    Raises:
        NotFound: no such contact in the caller's organisation.
        InvalidInput: an unknown state, a missing or too long comment.
    """
    principal.require(Role.SUPERVISOR)
    comment = _check(state, comment)
    current = find_contact(db, principal=principal, contact_id=contact_id)
    current.review_state = state
    current.review_comment = comment
    current.reviewed_at = datetime.now(UTC)
    current.reviewer = principal.name
    changes.append(db, org_id=principal.org_id, entries=[{
        "worker_id": current.worker_id, "kind": "review", "contact_id": current.id,
        "state": state, "comment": comment, "reviewed_at": current.reviewed_at,
    }])
    audit.record(db, actor=Actor.of(principal), action=Action.REVIEW, object_id=current.id)
    db.commit()
    return review_dict(current)


def _check(state: str, comment: str | None) -> str | None:
    if state not in VERDICTS:
        raise InvalidInput(field_errors(("state", "invalid_value", {})))
    text = comment.strip() if comment else None
    limit = TEXT_LIMITS["review_comment"]
    if state != ReviewState.APPROVED and not text:
        raise InvalidInput(field_errors(("comment", "required", {})))
    if text and len(text) > limit:
        raise InvalidInput(field_errors(("comment", "too_long", {"max": limit})))
    if text and any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise InvalidInput(field_errors(("comment", "invalid_format", {})))
    return text or None

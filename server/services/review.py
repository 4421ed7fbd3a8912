"""A supervisor's verdict on a contact; it flows back to the worker's phone on the next pull."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from model.values import FIELD_VALUES, FLAGGABLE_FIELDS, TEXT_LIMITS, ReviewState
from server.errors import InvalidInput, field_errors
from server.services import audit, changes
from server.services.audit import Action, Actor
from server.services.changes import joined
from server.services.contacts import find_contact, review_dict
from server.services.principals import Principal, Role

VERDICTS = (ReviewState.APPROVED.value, ReviewState.HAS_ISSUES.value,
            ReviewState.REJECTED.value)
REASONS: tuple[str, ...] = FIELD_VALUES["review_reasons"]


def review_contact(db: Session, *, principal: Principal, contact_id: str, state: str,
                   comment: str | None, fields: Sequence[str] = (),
                   reasons: Sequence[str] = ()) -> dict[str, Any]:
    """Approve, flag (`has_issues`) or reject a contact.

    Flagging or rejecting needs a reason or a comment; `fields` names what to correct.
    An approval takes neither fields nor reasons.

    Raises:
        NotFound: no such contact in the caller's organisation.
        InvalidInput: an unknown state, field or reason; no reason and no comment where
            one is needed; a too long comment.
    """
    principal.require(Role.SUPERVISOR)
    comment = _check(state, comment)
    flagged, why = _flags(state, fields=fields, reasons=reasons, comment=comment)
    current = find_contact(db, principal=principal, contact_id=contact_id)
    current.review_state = state
    current.review_comment = comment
    current.review_fields, current.review_reasons = joined(flagged), joined(why)
    current.reviewed_at = datetime.now(UTC)
    current.reviewer = principal.name
    changes.append(db, org_id=principal.org_id, entries=[{
        "worker_id": current.worker_id, "kind": "review", "contact_id": current.id,
        "state": state, "comment": comment, "reviewed_at": current.reviewed_at,
        "fields": joined(flagged), "reasons": joined(why),
    }])
    audit.record(db, actor=Actor.of(principal), action=Action.REVIEW, object_id=current.id)
    db.commit()
    return review_dict(current)


def _check(state: str, comment: str | None) -> str | None:
    if state not in VERDICTS:
        raise InvalidInput(field_errors(("state", "invalid_value", {})))
    text = comment.strip() if comment else None
    limit = TEXT_LIMITS["review_comment"]
    if text and len(text) > limit:
        raise InvalidInput(field_errors(("comment", "too_long", {"max": limit})))
    if text and any(ord(ch) < 32 and ch not in "\n\t" for ch in text):
        raise InvalidInput(field_errors(("comment", "invalid_format", {})))
    return text or None


def _flags(state: str, *, fields: Sequence[str], reasons: Sequence[str],
           comment: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The flagged fields and the reasons, each once and in the value list's order."""
    bad: list[tuple[str, str, dict[str, Any]]] = [
        (name, "invalid_value", {}) for name, given, allowed in (
            ("fields", fields, FLAGGABLE_FIELDS), ("reasons", reasons, REASONS))
        if not set(given) <= set(allowed)]
    if state == ReviewState.APPROVED:
        bad += [(name, "not_allowed", {}) for name, given in (("fields", fields),
                                                               ("reasons", reasons)) if given]
    elif not reasons and not comment:
        # Older clients know only the comment: its error comes first, as it always did.
        bad += [("comment", "required", {}), ("reasons", "required", {})]
    if bad:
        raise InvalidInput(field_errors(*bad))
    return (tuple(f for f in FLAGGABLE_FIELDS if f in fields),
            tuple(r for r in REASONS if r in reasons))

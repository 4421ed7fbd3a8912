"""What the supervisors' inbox adds to the contact list: the count per review state, the
verdicts given on one contact, user names for the audit log.

The inbox's list itself is the contacts service's (`contacts.contact_page`, with several
states at once); the counts use the same conditions, so every query is scoped to the
caller's organisation exactly like that list and the two cannot drift apart. Nothing
here writes. The review history is only shown next to the contact, whose read the
contacts service logs.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from model.values import ReviewState
from server.models import AuditEntry, Change, CurrentContact, User
from server.services import changes
from server.services.audit import Action
from server.services.contacts import ContactFilters, conditions, find_contact
from server.services.principals import Principal, Role

TO_REVIEW: tuple[str, ...] = (ReviewState.RECEIVED.value, ReviewState.EDITED.value)
VERDICTS: tuple[str, ...] = (ReviewState.APPROVED.value, ReviewState.HAS_ISSUES.value,
                             ReviewState.REJECTED.value)


def count_by_state(db: Session, *, principal: Principal,
                   filters: ContactFilters) -> dict[str, int]:
    """How many contacts matching `filters` are in each review state (every state listed).

    Raises:
        InvalidInput: a filter value is not valid.
    """
    principal.require(Role.SUPERVISOR)
    filters.check()
    states = [state.value for state in ReviewState]
    scope = conditions(principal.org_id, filters)
    if filters == ContactFilters():
        # The whole organisation: counted from the state index alone.
        grouped = select(CurrentContact.review_state, func.count()).where(scope).group_by(
            CurrentContact.review_state)
        counts = dict.fromkeys(states, 0)
        counts.update({state: int(n) for state, n in db.execute(grouped)})
        return counts
    # One sum per state rather than GROUP BY: the planner then reads the rows through the
    # index of the filter, not every row of the organisation in state order.
    sums = [func.coalesce(func.sum(case((CurrentContact.review_state == state, 1), else_=0)), 0)
            for state in states]
    found = db.execute(select(*sums).where(scope)).one()
    return {state: int(count) for state, count in zip(states, found, strict=True)}


@dataclasses.dataclass(frozen=True)
class Verdict:
    """One review of a contact: what was decided, by whom, when, the comment, and for a
    correction the fields flagged and the reasons."""

    state: str
    comment: str | None
    at: datetime | None
    reviewer: str | None
    fields: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()


def review_history(db: Session, *, principal: Principal, contact_id: str) -> list[Verdict]:
    """Every verdict on the contact, oldest first.

    The organisation's change feed holds each verdict (state, comment, time);
    the audit entry written in the same transaction says who gave it.

    Raises:
        NotFound: no such contact in the caller's organisation.
    """
    principal.require(Role.SUPERVISOR)
    current = find_contact(db, principal=principal, contact_id=contact_id)
    verdicts = db.scalars(select(Change).where(
        Change.org_id == principal.org_id, Change.contact_id == current.id,
        Change.kind == "review", Change.state.in_(VERDICTS)).order_by(Change.seq)).all()
    who = db.execute(select(AuditEntry.id, User.username)
                     .outerjoin(User, User.id == AuditEntry.actor_id)
                     .where(AuditEntry.org_id == principal.org_id,
                            AuditEntry.action == Action.REVIEW.value,
                            AuditEntry.object_id == current.id)
                     .order_by(AuditEntry.id)).all()
    names = [name for _id, name in who]
    return [Verdict(str(v.state), v.comment, v.reviewed_at,
                    names[i] if i < len(names) else None, tuple(changes.split(v.fields)),
                    tuple(changes.split(v.reasons))) for i, v in enumerate(verdicts)]


def user_names(db: Session, *, principal: Principal) -> dict[str, str]:
    """The organisation's user names by user id (staff accounts, for the audit log)."""
    principal.require(Role.SUPERVISOR)
    rows = db.execute(select(User.id, User.username).where(User.org_id == principal.org_id))
    return {user_id: name for user_id, name in rows}


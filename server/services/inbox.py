"""The supervisors' inbox and what goes with it: contacts in several review states at
once, oldest first, and the count per state; the verdicts given on one contact; user
names for the audit log.

Built on `server.services.contacts.filtered`, so every query is scoped to the
caller's organisation exactly like the service's own list; nothing here
writes. The list, like the API's, is not a read of a person's record;
the review history is only shown next to the contact, whose read the contacts
service logs.
"""

from __future__ import annotations

import base64
import dataclasses
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from model.values import ReviewState
from server.errors import InvalidInput, field_errors
from server.models import AuditEntry, Change, CurrentContact, User
from server.services.audit import Action
from server.services.contacts import (
    MAX_PAGE,
    ContactFilters,
    ContactPage,
    filtered,
    find_contact,
    item,
)
from server.services.principals import Principal, Role

TO_REVIEW: tuple[str, ...] = (ReviewState.RECEIVED.value, ReviewState.EDITED.value)
VERDICTS: tuple[str, ...] = (ReviewState.APPROVED.value, ReviewState.HAS_ISSUES.value,
                             ReviewState.REJECTED.value)


@dataclasses.dataclass(frozen=True)
class InboxQuery:
    """The inbox's filters: the list filters without a state, plus the states to show."""

    filters: ContactFilters
    states: tuple[str, ...] = ()
    oldest_first: bool = False


def inbox_page(db: Session, *, principal: Principal, query: InboxQuery, limit: int = 50,
               cursor: str | None = None) -> ContactPage:
    """A page of contacts in any of `query.states` (all when empty), keyset-paged by date.

    Raises:
        InvalidInput: a filter value, a state or the cursor is not valid.
    """
    principal.require(Role.SUPERVISOR)
    _check(query)
    limit = max(1, min(limit, MAX_PAGE))
    c = CurrentContact
    page = select(c.id).where(_scope(principal, query.filters))
    if query.states:
        page = page.where(c.review_state.in_(query.states))
    if cursor:
        day, last_id = _decode(cursor)
        if query.oldest_first:
            page = page.where(c.contact_date >= day, (c.contact_date > day) | (c.id > last_id))
        else:
            page = page.where(c.contact_date <= day, (c.contact_date < day) | (c.id < last_id))
    order = ((c.contact_date.asc(), c.id.asc()) if query.oldest_first
             else (c.contact_date.desc(), c.id.desc()))
    # As the service's list does: pick the page from the indexed table alone, then join
    # only those rows to their content.
    ids = page.order_by(*order).limit(limit + 1).subquery()
    stmt = filtered(principal.org_id, query.filters).join(ids, ids.c.id == c.id)
    # Rows are (current, content, ...) as `filtered` selects them; `item` takes them whole.
    rows: list[Any] = list(db.execute(stmt.order_by(*order)))
    items = [item(*found) for found in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return ContactPage(items, _encode(last.contact_date, last.id) if last else None)


def count_by_state(db: Session, *, principal: Principal,
                   filters: ContactFilters) -> dict[str, int]:
    """How many contacts matching `filters` are in each review state (every state listed).

    Raises:
        InvalidInput: a filter value is not valid.
    """
    principal.require(Role.SUPERVISOR)
    filters.check()
    states = [state.value for state in ReviewState]
    scope = _scope(principal, filters)
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
    """One review of a contact: what was decided, by whom, when, and the comment."""

    state: str
    comment: str | None
    at: datetime | None
    reviewer: str | None


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
                    names[i] if i < len(names) else None) for i, v in enumerate(verdicts)]


def user_names(db: Session, *, principal: Principal) -> dict[str, str]:
    """The organisation's user names by user id (staff accounts, for the audit log)."""
    principal.require(Role.SUPERVISOR)
    rows = db.execute(select(User.id, User.username).where(User.org_id == principal.org_id))
    return {user_id: name for user_id, name in rows}


def _scope(principal: Principal, filters: ContactFilters) -> ColumnElement[bool]:
    """The conditions of the contacts service's own list (the organisation first), taken
    from `filtered` so they cannot drift apart; they name the contacts table only."""
    conditions = filtered(principal.org_id, filters).whereclause
    if conditions is None:  # never: the organisation is always a condition
        raise RuntimeError("the contacts service's list lost its organisation condition")
    return conditions


def _check(query: InboxQuery) -> None:
    query.filters.check()
    known = {s.value for s in ReviewState}
    if any(state not in known for state in query.states):
        raise InvalidInput(field_errors(("review_state", "invalid_value", {})))


def _encode(day: date, contact_id: str) -> str:
    return base64.urlsafe_b64encode(f"i1|{day.isoformat()}|{contact_id}".encode()).decode()


def _decode(cursor: str) -> tuple[date, str]:
    try:
        prefix, day, contact_id = (base64.urlsafe_b64decode(cursor.encode("ascii"))
                                   .decode("ascii").split("|"))
        if prefix == "i1" and len(contact_id) <= 64:
            return date.fromisoformat(day), contact_id
    except (ValueError, UnicodeError):
        pass
    raise InvalidInput(field_errors(("cursor", "invalid_format", {})))


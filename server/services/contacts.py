"""What supervisors see of contacts: the filtered list, one contact, one person; erasure."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, delete, select
from sqlalchemy.orm import Session

from model import municipalities
from model.values import FIELD_VALUES, NATIONALITIES
from model.wire_texts import as_current_schema
from server.errors import InvalidInput, NotFound, field_errors
from server.models import Change, ContactRevision, CurrentContact, ErasedPerson
from server.services import audit, changes, cursors, merges, national_cells, persons
from server.services.audit import Action, Actor
from server.services.principals import Principal, Role

MAX_PAGE = 200
INDICATIONS = (*FIELD_VALUES["entitlement_indication"], "none")


@dataclasses.dataclass(frozen=True)
class ContactFilters:
    """The list filters; None means no filter. Dates are contact dates, both ends included."""

    review_state: str | None = None
    municipality: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    worker_id: str | None = None
    nationality: str | None = None
    indication: str | None = None
    person_id: str | None = None

    def with_person(self, person_id: str) -> ContactFilters:
        """The same filters narrowed to one person's contacts."""
        return dataclasses.replace(self, person_id=person_id)

    def check(self) -> None:
        """Raise `InvalidInput` for a value outside its value list."""
        allowed = {"review_state": FIELD_VALUES["review_state"],
                   "nationality": NATIONALITIES, "indication": INDICATIONS}
        bad: list[tuple[str, str, dict[str, Any]]] = [
            (name, "invalid_value", {}) for name, values in allowed.items()
            if getattr(self, name) is not None and getattr(self, name) not in values]
        if self.municipality is not None and not municipalities.is_valid(self.municipality):
            bad.append(("municipality", "invalid_format", {}))
        if self.date_from and self.date_to and self.date_to < self.date_from:
            bad.append(("date_to", "before_start", {}))
        if bad:
            raise InvalidInput(field_errors(*bad))


@dataclasses.dataclass(frozen=True)
class ContactQuery:
    """What a list shows: the filters, several review states at once (none: every state),
    and the order of contact dates."""

    filters: ContactFilters = ContactFilters()
    states: tuple[str, ...] = ()
    oldest_first: bool = False

    def check(self) -> None:
        """Raise `InvalidInput` for a filter value or a state outside its value list."""
        self.filters.check()
        if not set(self.states) <= set(FIELD_VALUES["review_state"]):
            raise InvalidInput(field_errors(("review_state", "invalid_value", {})))


@dataclasses.dataclass(frozen=True)
class ContactPage:
    """One page of a list in the query's order; `next_cursor` None on the last page."""

    items: list[dict[str, Any]]
    next_cursor: str | None


def list_contacts(db: Session, *, principal: Principal, filters: ContactFilters,
                  limit: int = 50, cursor: str | None = None) -> ContactPage:
    """A page of the organisation's contacts matching `filters`, newest contact date first.

    Raises:
        InvalidInput: a filter value or the cursor is not valid.
    """
    return contact_page(db, principal=principal, query=ContactQuery(filters), limit=limit,
                        cursor=cursor)


def contact_page(db: Session, *, principal: Principal, query: ContactQuery, limit: int = 50,
                 cursor: str | None = None) -> ContactPage:
    """A page of the organisation's contacts (newest revision, with review), keyset-paged
    by contact date, then the time it was recorded, then id, so contacts of the same day
    come in the order they were met and are neither skipped nor repeated.

    Raises:
        InvalidInput: a filter value, a state or the cursor is not valid.
    """
    principal.require(Role.SUPERVISOR)
    query.check()
    limit = max(1, min(limit, MAX_PAGE))
    c = CurrentContact
    keys = (c.contact_date, c.created_at, c.id)
    order = [k.asc() if query.oldest_first else k.desc() for k in keys]
    page = select(c.id).where(conditions(principal.org_id, query.filters, states=query.states))
    if cursor:
        page = page.where(_beyond(cursors.decode_position(cursor), query.oldest_first))
    # The page is picked from the indexed table alone, then joined to its content:
    # a planner never joins every matching row before applying the limit.
    ids = page.order_by(*order).limit(limit + 1).subquery()
    rows = db.execute(_with_content(select(c).join(ids, ids.c.id == c.id)).order_by(*order)).all()
    items = [item(current, content, device) for current, content, device in rows[:limit]]
    last = rows[limit - 1][0] if len(rows) > limit else None
    return ContactPage(items, cursors.encode_position(last.contact_date, last.created_at, last.id)
                       if last else None)


def _beyond(position: tuple[date, datetime, str], oldest_first: bool) -> ColumnElement[bool]:
    """The contacts after `position` in the list's order (date, time recorded, id).

    Spelled out column by column, the first bound on the contact date alone, so each
    planner seeks the index instead of comparing a row value with every entry.
    """
    day, created, last_id = position
    c = CurrentContact
    if oldest_first:
        return and_(c.contact_date >= day, (c.contact_date > day) | and_(
            c.created_at >= created, (c.created_at > created) | (c.id > last_id)))
    return and_(c.contact_date <= day, (c.contact_date < day) | and_(
        c.created_at <= created, (c.created_at < created) | (c.id < last_id)))


def filtered(org_id: str, filters: ContactFilters) -> Select[CurrentContact, str, str]:
    """The newest revisions of the organisation's contacts matching `filters`, unordered."""
    return _with_content(select(CurrentContact).where(conditions(org_id, filters)))


def _with_content(query: Select[CurrentContact]) -> Select[CurrentContact, str, str]:
    return query.add_columns(ContactRevision.content, ContactRevision.device_id).join(
        ContactRevision, and_(ContactRevision.contact_id == CurrentContact.id,
                              ContactRevision.rev == CurrentContact.rev))


def conditions(org_id: str, filters: ContactFilters, *,
               states: tuple[str, ...] = ()) -> ColumnElement[bool]:
    """The organisation's contacts matching `filters` and in any of `states` (all when
    empty); they name the contacts table only, so counts can use them on their own."""
    found: list[ColumnElement[bool]] = [CurrentContact.org_id == org_id]
    for name in ("review_state", "municipality", "worker_id", "nationality", "indication",
                 "person_id"):
        value = getattr(filters, name)
        if value is not None:
            found.append(getattr(CurrentContact, name) == value)
    if states:
        found.append(CurrentContact.review_state.in_(states))
    if filters.date_from:
        found.append(CurrentContact.contact_date >= filters.date_from)
    if filters.date_to:
        found.append(CurrentContact.contact_date <= filters.date_to)
    return and_(*found)


def get_contact(db: Session, *, principal: Principal, contact_id: str) -> dict[str, Any]:
    """One contact with its review and every revision received (audited).

    Raises:
        NotFound: no such contact in the caller's organisation.
    """
    principal.require(Role.SUPERVISOR)
    current = _find(db, org_id=principal.org_id, contact_id=contact_id)
    revisions = db.scalars(select(ContactRevision).where(ContactRevision.contact_id == current.id,
                                                         ContactRevision.org_id == current.org_id)
                           .order_by(ContactRevision.rev)).all()
    newest = next(r for r in revisions if r.rev == current.rev)
    audit.record(db, actor=Actor.of(principal), action=Action.READ_CONTACT, object_id=current.id)
    db.commit()
    return {
        "contact": item(current, newest.content, newest.device_id),
        "review": review_dict(current),
        "revisions": [{"rev": r.rev, "received_at": _iso(r.received_at), "device_id": r.device_id,
                       "content": {**as_current_schema(json.loads(r.content)),
                                   "device_id": r.device_id}}
                      for r in revisions],
    }


def person_timeline(db: Session, *, principal: Principal, person_id: str) -> list[dict[str, Any]]:
    """All contacts with one person, oldest first (audited).

    Raises:
        NotFound: the organisation has no contact with this person.
    """
    principal.require(Role.SUPERVISOR)
    found = list(iter_person(db, org_id=principal.org_id, person_id=person_id))
    if not found:
        raise NotFound()
    audit.record(db, actor=Actor.of(principal), action=Action.READ_PERSON, object_id=person_id)
    db.commit()
    return found


def iter_person(db: Session, *, org_id: str, person_id: str) -> Iterator[dict[str, Any]]:
    """The person's contacts in the organisation, oldest first."""
    query = filtered(org_id, ContactFilters(person_id=person_id)).order_by(
        CurrentContact.contact_date, CurrentContact.created_at, CurrentContact.id)
    for current, content, device in db.execute(query):
        yield item(current, content, device)


def erase_person(db: Session, *, principal: Principal, person_id: str) -> int:
    """Erase every contact with the person, every revision and feedback; tell their devices.

    Returns the number of contacts erased.

    Raises:
        NotFound: the organisation has no contact with this person.
    """
    principal.require(Role.SUPERVISOR)
    org_id = principal.org_id
    person_id = merges.resolve(db, org_id=org_id, person_ids=[person_id]).get(person_id,
                                                                              person_id)
    rows = db.execute(select(CurrentContact.id, CurrentContact.worker_id).where(
        CurrentContact.org_id == org_id, CurrentContact.person_id == person_id)).all()
    if not rows:
        raise NotFound()
    ids = [r.id for r in rows]
    recount = national_cells.Recount(db, org_id=principal.org_id, persons=[person_id])
    db.execute(delete(Change).where(Change.org_id == principal.org_id, Change.contact_id.in_(ids)))
    db.execute(delete(ContactRevision).where(ContactRevision.org_id == principal.org_id,
                                             ContactRevision.contact_id.in_(ids)))
    db.execute(delete(CurrentContact).where(CurrentContact.org_id == principal.org_id,
                                            CurrentContact.id.in_(ids)))
    recount.done()
    # A merged person is one person: the persons merged into them are erased with them.
    erased = sorted({person_id, *merges.merged_into(db, org_id=org_id, person_id=person_id)})
    for each in erased:
        if db.get(ErasedPerson, (org_id, each)) is None:
            db.add(ErasedPerson(org_id=org_id, person_id=each, erased_at=datetime.now(UTC)))
    merges.finalise(db, org_id=org_id, person_ids=erased)
    changes.append(db, org_id=org_id, entries=[
        {"worker_id": w, "kind": "erase", "person_id": person_id}
        for w in sorted({r.worker_id for r in rows})
    ])
    persons.refresh(db, org_id=org_id, person_ids=erased)
    audit.record(db, actor=Actor.of(principal), action=Action.ERASE, object_id=person_id)
    db.commit()
    return len(ids)


def item(current: CurrentContact, content: str, device_id: str) -> dict[str, Any]:
    """A contact in wire form with the sending device and the server's review filled in."""
    # Shown in the current schema, whichever schema the phone sent it in.
    wire: dict[str, Any] = as_current_schema(json.loads(content))
    wire["device_id"] = device_id
    wire["review"] = review_dict(current)
    return wire


def review_dict(current: CurrentContact) -> dict[str, Any]:
    """The review part of a contact as JSON; `fields` and `reasons` are lists, empty when none."""
    return {"state": current.review_state, "comment": current.review_comment,
            "reviewed_at": _iso(current.reviewed_at), "reviewer": current.reviewer,
            "fields": changes.split(current.review_fields),
            "reasons": changes.split(current.review_reasons)}


def _find(db: Session, *, org_id: str, contact_id: str) -> CurrentContact:
    current = db.scalar(select(CurrentContact).where(CurrentContact.id == contact_id,
                                                     CurrentContact.org_id == org_id))
    if current is None:
        raise NotFound()
    return current


def find_contact(db: Session, *, principal: Principal, contact_id: str) -> CurrentContact:
    """The current row of a contact of the caller's organisation, or `NotFound`."""
    return _find(db, org_id=principal.org_id, contact_id=contact_id)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat().replace("+00:00", "Z") if value else None

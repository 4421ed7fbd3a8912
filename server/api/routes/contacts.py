"""Review API: the contact list, one contact, a verdict, a person's timeline, erasure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query

from server.api.deps import CurrentUser, SessionDep
from server.api.schemas import (
    IndicationValue,
    MunicipalityValue,
    NationalityValue,
    ReviewRequest,
    ReviewStateValue,
)
from server.services import contacts, review
from server.services.contacts import ContactFilters

router = APIRouter(tags=["review"])

ObjectId = Annotated[str, Path(min_length=1, max_length=64)]


def list_filters(
    review_state: ReviewStateValue | None = None,
    municipality: MunicipalityValue | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    worker_id: Annotated[str | None, Query(max_length=64)] = None,
    nationality: NationalityValue | None = None,
    indication: IndicationValue | None = None,
) -> ContactFilters:
    return ContactFilters(review_state=review_state, municipality=municipality,
                          date_from=date_from, date_to=date_to, worker_id=worker_id,
                          nationality=nationality, indication=indication)


Filters = Annotated[ContactFilters, Depends(list_filters)]


@router.get("/contacts")
def list_contacts(db: SessionDep, user: CurrentUser, filters: Filters,
                  limit: Annotated[int, Query(ge=1, le=contacts.MAX_PAGE)] = 50,
                  cursor: Annotated[str | None, Query(max_length=200)] = None) -> dict[str, Any]:
    """A page of contacts, newest contact date first; pass `next_cursor` for the next."""
    page = contacts.list_contacts(db, principal=user, filters=filters, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get("/contacts/{contact_id}")
def get_contact(contact_id: ObjectId, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """One contact with its review and all revisions (the read is audited)."""
    return contacts.get_contact(db, principal=user, contact_id=contact_id)


@router.post("/contacts/{contact_id}/review")
def review_contact(contact_id: ObjectId, body: ReviewRequest, db: SessionDep,
                   user: CurrentUser) -> dict[str, Any]:
    """Approve, flag (fields to correct and why) or reject; flagging or rejecting needs a
    reason or a comment."""
    return {"review": review.review_contact(db, principal=user, contact_id=contact_id,
                                            state=body.state, comment=body.comment,
                                            fields=body.fields, reasons=body.reasons)}


@router.get("/persons/{person_id}")
def person(person_id: ObjectId, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The person's contacts, oldest first (the read is audited)."""
    return {"person_id": person_id,
            "contacts": contacts.person_timeline(db, principal=user, person_id=person_id)}


@router.delete("/persons/{person_id}")
def erase_person(person_id: ObjectId, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Erase all the person's contacts; the workers' phones erase them on their next pull."""
    return {"person_id": person_id,
            "erased": contacts.erase_person(db, principal=user, person_id=person_id)}

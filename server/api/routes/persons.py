"""The person register for supervisors: likely duplicates, merges and their undo."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from server.api.deps import CurrentUser, SessionDep
from server.api.schemas import MergeRequest
from server.services import merges

router = APIRouter(tags=["persons"])


@router.get("/persons/duplicates")
def duplicates(db: SessionDep, user: CurrentUser,
               person_id: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    """Pairs of persons that look like one (same name in any script or spelling, same
    nationality, compatible age band and gender), for a supervisor to compare; with
    `person_id`, only the pairs that person is in."""
    return {"items": merges.duplicates(db, principal=user, person_id=person_id)}


@router.post("/persons/merge", status_code=201)
def merge(body: MergeRequest, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Make two persons one: every contact of `from` becomes `into`'s (audited)."""
    return merges.merge(db, principal=user, from_person=body.from_person, into_person=body.into)


@router.get("/persons/merges")
def list_merges(db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The organisation's merges, newest first, with whether each can still be undone."""
    return {"items": merges.list_merges(db, principal=user)}


@router.post("/persons/merges/{merge_id}/undo")
def undo_merge(merge_id: Annotated[str, Path(min_length=1, max_length=64)], db: SessionDep,
               user: CurrentUser) -> dict[str, Any]:
    """Undo a merge (until the next retention purge): its contacts are `from`'s again."""
    return merges.undo(db, principal=user, merge_id=merge_id)

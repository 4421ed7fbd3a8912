"""The phone's API: enroll, push contacts, pull feedback."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from server.api.deps import ClientAddress, CurrentDevice, SessionDep, SettingsDep
from server.api.i18n import request_language, with_messages
from server.api.schemas import EnrollRequest, PushRequest
from server.services import auth, municipalities, sync

router = APIRouter(tags=["sync"])


@router.post("/devices/enroll", status_code=201)
def enroll(body: EnrollRequest, db: SessionDep, settings: SettingsDep,
           client: ClientAddress) -> dict[str, Any]:
    """Enroll a phone; the token in the answer is shown only this once."""
    done = auth.enroll_device(db, settings=settings, username=body.username,
                              password=body.password, device_name=body.device_name,
                              client=client)
    worker = done.worker
    return {"device_id": done.device_id, "token": done.token,
            "worker": {"id": worker.user_id, "name": worker.name, "org_id": worker.org_id,
                       "org_name": done.org_name},
            "municipalities": municipalities.as_wire(done.municipalities)}


@router.post("/sync/push")
def push(body: PushRequest, db: SessionDep, device: CurrentDevice,
         request: Request) -> dict[str, Any]:
    """Store a batch of contacts; one result per record, in order."""
    results = sync.push(db, device=device, records=list(body.records))
    lang = request_language(request)
    if lang is not None:
        results = [{**r, "errors": with_messages(r["errors"], lang)} for r in results]
    return {"results": results}


@router.get("/sync/pull")
def pull(db: SessionDep, device: CurrentDevice,
         since: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    """Review changes and erasures for this device's worker since the cursor."""
    page = sync.pull(db, device=device, since=since)
    return {"changes": page.changes, "cursor": page.cursor, "more": page.more}

"""Organisation administration: users, devices, the audit log, the figures."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from server.api.deps import CurrentUser, SessionDep
from server.api.schemas import MunicipalityValue, NewMunicipality, NewUser
from server.services import accounts, audit, municipalities, stats
from server.services.principals import Role

router = APIRouter(tags=["admin"])


@router.get("/users")
def list_users(db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The organisation's users (admins)."""
    return {"items": accounts.list_users(db, principal=user)}


@router.post("/users", status_code=201)
def create_user(body: NewUser, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Add a user to the organisation (admins)."""
    return accounts.create_user(db, principal=user, username=body.username,
                                password=body.password, role=Role(body.role))


@router.get("/devices")
def list_devices(db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The organisation's phones with their last sync (supervisors and admins)."""
    return {"items": accounts.list_devices(db, principal=user)}


@router.post("/devices/{device_id}/revoke")
def revoke_device(device_id: Annotated[str, Path(min_length=1, max_length=64)], db: SessionDep,
                  user: CurrentUser) -> dict[str, Any]:
    """Revoke a phone (admins): its next call answers `device_revoked` and it wipes itself."""
    return accounts.revoke_device(db, principal=user, device_id=device_id)


@router.get("/municipalities")
def list_municipalities(db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """The municipalities the organisation works in, by name (supervisors and admins)."""
    return {"items": municipalities.as_wire(municipalities.listed_for(db, principal=user))}


@router.post("/municipalities", status_code=201)
def add_municipality(body: NewMunicipality, db: SessionDep, user: CurrentUser) -> dict[str, Any]:
    """Put a municipality on the organisation's list (admins); its phones pull the list."""
    added = municipalities.add_by(db, principal=user, code=body.code, name=body.name)
    return {"code": added.code, "name": added.name}


@router.delete("/municipalities/{code}", status_code=204)
def remove_municipality(code: Annotated[str, Path(min_length=1, max_length=16)],
                        db: SessionDep, user: CurrentUser) -> None:
    """Take a municipality off the list (admins); contacts recorded there keep its code."""
    municipalities.remove_by(db, principal=user, code=code)


@router.get("/stats")
def get_stats(db: SessionDep, user: CurrentUser, date_from: date | None = None,
              date_to: date | None = None,
              municipality: MunicipalityValue | None = None) -> dict[str, Any]:
    """The monitoring figures for a period and municipality."""
    return stats.stats(db, principal=user, date_from=date_from, date_to=date_to,
                       municipality=municipality)


@router.get("/audit")
def audit_log(db: SessionDep, user: CurrentUser,
              action: Annotated[audit.Action | None, Query()] = None,
              date_from: date | None = None, date_to: date | None = None,
              limit: Annotated[int, Query(ge=1, le=500)] = 100,
              cursor: Annotated[str | None, Query(max_length=64)] = None) -> dict[str, Any]:
    """The organisation's audit log, newest first (supervisors and admins)."""
    page = audit.read_log(db, principal=user, action=action, date_from=date_from,
                          date_to=date_to, limit=limit, cursor=cursor)
    return {"items": page.items, "next_cursor": page.next_cursor}

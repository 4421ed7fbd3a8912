"""Supervisors and admins sign in and out."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from server.api.deps import ClientAddress, CurrentUser, SessionDep, SessionToken, SettingsDep
from server.api.schemas import Credentials
from server.services import auth

router = APIRouter(tags=["session"])


@router.post("/session")
def login(body: Credentials, db: SessionDep, settings: SettingsDep,
          client: ClientAddress) -> dict[str, Any]:
    """A session token for the review API (expires after the idle timeout)."""
    done = auth.login(db, settings=settings, username=body.username, password=body.password,
                      client=client)
    user = done.principal
    return {"token": done.token, "user": {"id": user.user_id, "name": user.name,
                                          "role": user.role.value, "org_id": user.org_id}}


@router.delete("/session")
def logout(db: SessionDep, user: CurrentUser, token: SessionToken) -> dict[str, str]:
    """End this session."""
    auth.logout(db, principal=user, token=token)
    return {"status": "signed_out"}

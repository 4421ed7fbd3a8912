"""Dependencies as type aliases, so a route reads like its signature."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from server.config import Settings
from server.db import SessionFactory
from server.errors import InvalidInput, NotAuthenticated, field_errors
from server.services import auth
from server.services.principals import DevicePrincipal, Principal
from server.text import INVALID_FORMAT, unreadable_url_parts

_session_bearer = HTTPBearer(auto_error=False, scheme_name="session",
                             description="Session token from POST /api/v1/session")
_device_bearer = HTTPBearer(auto_error=False, scheme_name="device",
                            description="Device token from POST /api/v1/devices/enroll")


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_sessions(request: Request) -> SessionFactory:
    factory: SessionFactory = request.app.state.sessions
    return factory


def get_db(request: Request) -> Iterator[Session]:
    with get_sessions(request)() as session:
        yield session


SettingsDep = Annotated[Settings, Depends(get_settings)]
SessionDep = Annotated[Session, Depends(get_db)]
SessionsDep = Annotated[SessionFactory, Depends(get_sessions)]
SessionCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_session_bearer)]
DeviceCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_device_bearer)]


def session_token(credentials: SessionCredentials) -> str:
    if credentials is None:
        raise NotAuthenticated()
    return credentials.credentials


def current_user(db: SessionDep, settings: SettingsDep,
                 token: Annotated[str, Depends(session_token)]) -> Principal:
    return auth.authenticate_session(db, settings=settings, token=token)


def current_device(db: SessionDep, credentials: DeviceCredentials) -> DevicePrincipal:
    if credentials is None:
        # Not `device_revoked`: that makes the phone wipe itself, which a proxy
        # dropping the header must never cause.
        raise NotAuthenticated()
    return auth.authenticate_device(db, token=credentials.credentials)


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


SessionToken = Annotated[str, Depends(session_token)]
CurrentUser = Annotated[Principal, Depends(current_user)]
CurrentDevice = Annotated[DevicePrincipal, Depends(current_device)]
ClientAddress = Annotated[str, Depends(client_address)]


def refuse_unreadable_url_text(request: Request) -> None:
    """Refuse a path or query value with a NUL or bytes that are no UTF-8 text (server.text).

    Runs before every other dependency of an API route, so such a value never
    reaches a query of the database.
    """
    scope = request.scope
    found = unreadable_url_parts(raw_path=scope.get("raw_path") or scope["path"].encode(),
                                 query_string=scope.get("query_string", b""))
    if found:
        raise InvalidInput(field_errors(*((name, INVALID_FORMAT, {}) for name in found[:10])))


def reject_unknown_query(request: Request) -> None:
    """Refuse query parameters the route does not know: a typo must not silently match all."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant)
    unknown = sorted(k for k in request.query_params if k not in known)
    if unknown:
        raise InvalidInput(field_errors(*((f"query.{k[:64]}", "unknown_field", {})
                                          for k in unknown[:10])))


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names

"""Signing in (supervisor sessions), device enrollment and checking bearer tokens."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.orm import Session

from model.municipalities import Municipality
from server.config import Settings
from server.errors import (
    BadCredentials,
    DeviceRevoked,
    Forbidden,
    NotAuthenticated,
    UnknownDevice,
)
from server.models import Device, LoginSession, Organisation, User
from server.security import (
    dummy_password_check,
    hash_password,
    needs_rehash,
    new_token,
    token_hash,
    verify_password,
)
from server.services import audit, login_limits, municipalities
from server.services.audit import Action, Actor
from server.services.principals import MONITORS_ORG_ID, DevicePrincipal, Principal, Role

# A session's last use is written at most this often, not on every request.
_TOUCH_EVERY = timedelta(seconds=60)


@dataclasses.dataclass(frozen=True)
class SignedIn:
    """A new session: the token is shown to the caller once."""

    token: str
    principal: Principal


@dataclasses.dataclass(frozen=True)
class Enrolled:
    """A newly enrolled device: the token is shown to the phone once."""

    device_id: str
    token: str
    worker: Principal
    org_name: str
    municipalities: list[Municipality]


def login(db: Session, *, settings: Settings, username: str, password: str,
          client: str) -> SignedIn:
    """Open a session for a supervisor or admin.

    Raises:
        RateLimited: too many attempts for this account or from this address.
        BadCredentials: unknown user or wrong password.
        Forbidden: a worker account (workers use the phone app).
    """
    user = _check_password(db, settings=settings, username=username, password=password,
                           client=client, failed=Action.LOGIN_FAILED)
    principal = _principal(user)
    if principal.role == Role.WORKER:
        raise Forbidden()
    token = new_token()
    now = datetime.now(UTC)
    # The user's own sessions that timed out go now; the others' with the retention purge.
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                          ended(settings, now=now)))
    db.add(LoginSession(token_hash=token_hash(token), user_id=user.id, created_at=now,
                        last_seen_at=now))
    audit.record(db, actor=Actor.of(principal), action=Action.LOGIN, object_id=user.id)
    db.commit()
    return SignedIn(token, principal)


def ended(settings: Settings, *, now: datetime) -> ColumnElement[bool]:
    """Which sessions have ended: unused for the idle time, or opened longer ago than the
    longest a session lasts however much it is used."""
    return or_(
        LoginSession.last_seen_at < now - timedelta(seconds=settings.session_idle_seconds),
        LoginSession.created_at < now - timedelta(seconds=settings.session_max_seconds))


def authenticate_session(db: Session, *, settings: Settings, token: str) -> Principal:
    """The user a session token belongs to, while the session has not ended: used within the
    idle time, and opened at most `session_max_seconds` ago (12 hours by default).

    Raises:
        NotAuthenticated: unknown, ended or expired session.
    """
    row = db.execute(
        select(LoginSession, User).join(User, User.id == LoginSession.user_id)
        .where(LoginSession.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise NotAuthenticated()
    session, user = row
    now = datetime.now(UTC)
    if (now - session.last_seen_at > timedelta(seconds=settings.session_idle_seconds)
            or now - session.created_at > timedelta(seconds=settings.session_max_seconds)):
        db.delete(session)
        db.commit()
        raise NotAuthenticated()
    if now - session.last_seen_at > _TOUCH_EVERY:
        session.last_seen_at = now
    principal = _principal(user)
    # End the transaction: on SQLite an open one holds the write lock for the whole request.
    db.commit()
    return principal


def logout(db: Session, *, principal: Principal, token: str) -> None:
    """End the session of `token`."""
    db.execute(delete(LoginSession).where(LoginSession.token_hash == token_hash(token)))
    audit.record(db, actor=Actor.of(principal), action=Action.LOGOUT, object_id=principal.user_id)
    db.commit()


def enroll_device(db: Session, *, settings: Settings, username: str, password: str,
                  device_name: str, client: str) -> Enrolled:
    """Enroll a phone for the user; only the token's hash is stored.

    Raises:
        RateLimited: too many attempts for this account or from this address.
        BadCredentials: unknown user or wrong password.
        Forbidden: a monitor account (it records nothing; no phone is enrolled for it).
    """
    user = _check_password(db, settings=settings, username=username, password=password,
                           client=client, failed=Action.ENROLL_FAILED)
    if user.role == Role.MONITOR:
        raise Forbidden()
    token = new_token()
    device = Device(id=str(uuid.uuid4()), org_id=user.org_id, user_id=user.id, name=device_name,
                    token_hash=token_hash(token), created_at=datetime.now(UTC))
    db.add(device)
    audit.record(db, actor=Actor("user", user.id, user.org_id), action=Action.ENROLL,
                 object_id=device.id)
    org_name = db.scalar(select(Organisation.name).where(Organisation.id == user.org_id))
    listed = municipalities.listed(db, org_id=user.org_id)
    db.commit()
    return Enrolled(device.id, token, _principal(user), org_name or "", listed)


def authenticate_device(db: Session, *, token: str) -> DevicePrincipal:
    """The device a token belongs to.

    Only a device this server knows and has revoked is told so: that answer makes the
    phone wipe itself. A token it does not know (its database restored from a backup
    older than the enrollment, another server) must never cost the phone its unsent work.

    Raises:
        DeviceRevoked: the token's device is revoked.
        UnknownDevice: no device has this token.
    """
    device = db.scalar(select(Device).where(Device.token_hash == token_hash(token)))
    if device is None or device.revoked_at is not None:
        db.rollback()
        raise UnknownDevice() if device is None else DeviceRevoked()
    principal = DevicePrincipal(device_id=device.id, worker_id=device.user_id,
                                org_id=device.org_id)
    db.commit()
    return principal


def _check_password(db: Session, *, settings: Settings, username: str, password: str,
                    client: str, failed: Action) -> User:
    counted = login_limits.count_attempt(db, settings=settings, username=username,
                                         client=client)
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        dummy_password_check(password)
    if user is None or not verify_password(password, user.password_hash):
        audit.record(db, actor=Actor("anon", None, user.org_id if user else None), action=failed,
                     object_id=user.id if user else None)
        db.commit()
        raise BadCredentials()
    login_limits.refund(db, counted)
    if needs_rehash(user.password_hash):  # an scrypt hash of an earlier version
        user.password_hash = hash_password(password)
    db.commit()
    return user


def _principal(user: User) -> Principal:
    role = Role(user.role)
    # A monitor belongs to no organisation's data, whatever row holds the account.
    org_id = MONITORS_ORG_ID if role == Role.MONITOR else user.org_id
    return Principal(user_id=user.id, org_id=org_id, role=role,
                     name=user.username)

"""Organisations, users and devices: creating and listing them, passwords, revoking phones."""

from __future__ import annotations

import re
import secrets
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.errors import Conflict, InvalidInput, NotFound, field_errors
from server.models import CurrentContact, Device, LoginSession, Organisation, User
from server.security import hash_password
from server.services import audit, municipalities, national_cells
from server.services.audit import CLI, Action, Actor
from server.services.principals import Principal, Role

USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,63}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 256
DEFAULT_RETENTION_MONTHS = 24
# No 0/O, 1/l/I: a new password is read out or copied by hand.
_READABLE = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class OrganisationExists(Conflict):
    """An organisation of that name exists already."""

    code = "organisation_exists"


class UsernameTaken(Conflict):
    """That username is in use (usernames are unique across organisations)."""

    code = "username_taken"


def new_password() -> str:
    """A random password for a new or reset account: four groups of four (about 93 bits)."""
    return "-".join("".join(secrets.choice(_READABLE) for _ in range(4))
                    for _ in range(4))


def create_org(db: Session, *, name: str,
               retention_months: int = DEFAULT_RETENTION_MONTHS) -> Organisation:
    """A new organisation (command line only).

    Raises:
        OrganisationExists: the name is taken.
        InvalidInput: an empty name or a retention period below one month.
    """
    name = name.strip()
    if not name or len(name) > 120 or retention_months < 1:
        raise InvalidInput(field_errors(("name", "invalid_value", {})))
    if find_org(db, name=name) is not None:
        raise OrganisationExists()
    org = Organisation(id=str(uuid.uuid4()), name=name, retention_months=retention_months,
                       change_seq=0, created_at=datetime.now(UTC))
    db.add(org)
    db.flush()
    municipalities.start_list(db, org_id=org.id)
    db.commit()
    return org


def set_pilot(db: Session, *, org_id: str, in_pilot: bool) -> None:
    """Whether the organisation takes part in the pilot (command line; audited). Its
    persons are counted again into the national grid's pilot cells."""
    persons = set(db.scalars(select(CurrentContact.person_id)
                             .where(CurrentContact.org_id == org_id)))
    recount = national_cells.Recount(db, org_id=org_id, persons=persons)
    db.execute(update(Organisation).where(Organisation.id == org_id).values(in_pilot=in_pilot))
    recount.in_pilot = in_pilot
    recount.done()
    audit.record(db, actor=CLI, action=Action.SET_PILOT, object_id=org_id, org_id=org_id)
    db.commit()


def find_org(db: Session, *, name: str) -> Organisation | None:
    """The organisation called `name`, if any."""
    return db.scalar(select(Organisation).where(Organisation.name == name))


def set_user(db: Session, *, org_id: str, username: str, password: str, role: Role) -> User:
    """Create the user, or reset the password and role of an existing one (command line).

    Audited as `create_user` for a new user, `reset_password` for an existing one.

    Raises:
        InvalidInput: bad username or too short a password.
        UsernameTaken: the username belongs to another organisation.
    """
    _check_account(username, password)
    user = db.scalar(select(User).where(User.username == username))
    if user is not None and user.org_id != org_id:
        raise UsernameTaken()
    action = Action.RESET_PASSWORD
    if user is None:
        user = User(id=str(uuid.uuid4()), org_id=org_id, username=username,
                    created_at=datetime.now(UTC), role=role.value, password_hash="")
        db.add(user)
        action = Action.CREATE_USER
    user.role = role.value
    user.password_hash = hash_password(password)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    audit.record(db, actor=CLI, action=action, object_id=user.id, org_id=org_id)
    db.commit()
    return user


def find_user(db: Session, *, username: str) -> User | None:
    """The user called `username`, if any."""
    return db.scalar(select(User).where(User.username == username))


def create_user(db: Session, *, principal: Principal, username: str, password: str,
                role: Role) -> dict[str, Any]:
    """An admin adds a user to their own organisation.

    Raises:
        Forbidden: the caller is not an admin.
        UsernameTaken: the username exists.
        InvalidInput: bad username or too short a password.
    """
    principal.require(Role.ADMIN)
    _check_account(username, password)
    if find_user(db, username=username) is not None:
        raise UsernameTaken()
    user = User(id=str(uuid.uuid4()), org_id=principal.org_id, username=username,
                role=role.value, password_hash=hash_password(password),
                created_at=datetime.now(UTC))
    db.add(user)
    audit.record(db, actor=Actor.of(principal), action=Action.CREATE_USER, object_id=user.id)
    db.commit()
    return user_dict(user)


def reset_password(db: Session, *, principal: Principal, user_id: str, password: str) -> None:
    """An admin sets a new password for a user of their organisation; their sessions end.

    Audited as `reset_password` on the user (the password itself is never logged).

    Raises:
        Forbidden: the caller is not an admin.
        NotFound: no such user in the caller's organisation.
        InvalidInput: too short or too long a password.
    """
    principal.require(Role.ADMIN)
    user = db.scalar(select(User).where(User.id == user_id, User.org_id == principal.org_id))
    if user is None:
        raise NotFound()
    problem = _password_problem(password)
    if problem is not None:
        raise InvalidInput(field_errors(problem))
    user.password_hash = hash_password(password)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
    audit.record(db, actor=Actor.of(principal), action=Action.RESET_PASSWORD, object_id=user.id)
    db.commit()


def list_users(db: Session, *, principal: Principal) -> list[dict[str, Any]]:
    """The users of the caller's organisation (admins only)."""
    principal.require(Role.ADMIN)
    users = db.scalars(select(User).where(User.org_id == principal.org_id)
                       .order_by(User.username)).all()
    return [user_dict(u) for u in users]


def list_devices(db: Session, *, principal: Principal) -> list[dict[str, Any]]:
    """The devices of the caller's organisation with their last sync (supervisors and admins)."""
    principal.require(Role.SUPERVISOR)
    rows = db.execute(select(Device, User.username).join(User, User.id == Device.user_id)
                      .where(Device.org_id == principal.org_id)
                      .order_by(Device.created_at, Device.id)).all()
    return [device_dict(d, worker_name=name) for d, name in rows]


def revoke_device(db: Session, *, principal: Principal, device_id: str) -> dict[str, Any]:
    """An admin revokes a phone of their organisation; its next call gets `device_revoked`.

    Raises:
        Forbidden: the caller is not an admin.
        NotFound: no such device in the caller's organisation.
    """
    principal.require(Role.ADMIN)
    device = db.scalar(select(Device).where(Device.id == device_id,
                                            Device.org_id == principal.org_id))
    if device is None:
        raise NotFound()
    return _revoke(db, device=device, actor=Actor.of(principal))


def revoke_device_by_id(db: Session, *, device_id: str) -> dict[str, Any]:
    """Revoke any device by id (command line).

    Raises:
        NotFound: no such device.
    """
    device = db.get(Device, device_id)
    if device is None:
        raise NotFound()
    return _revoke(db, device=device, actor=CLI)


def _revoke(db: Session, *, device: Device, actor: Actor) -> dict[str, Any]:
    if device.revoked_at is None:
        device.revoked_at = datetime.now(UTC)
    audit.record(db, actor=actor, action=Action.REVOKE, object_id=device.id,
                 org_id=device.org_id)
    db.commit()
    return device_dict(device)


def user_dict(user: User) -> dict[str, Any]:
    """A user as the API shows it."""
    return {"id": user.id, "name": user.username, "role": user.role, "org_id": user.org_id}


def device_dict(device: Device, *, worker_name: str | None = None) -> dict[str, Any]:
    """A device as the API shows it (never its token)."""
    def iso(value: datetime | None) -> str | None:
        return value.isoformat().replace("+00:00", "Z") if value else None

    found = {"id": device.id, "name": device.name, "worker_id": device.user_id,
             "org_id": device.org_id, "created_at": iso(device.created_at),
             "last_sync_at": iso(device.last_sync_at), "revoked_at": iso(device.revoked_at)}
    if worker_name is not None:
        found["worker_name"] = worker_name
    return found


def _check_account(username: str, password: str) -> None:
    problems: list[tuple[str, str, dict[str, Any]]] = []
    if not USERNAME.match(username):
        problems.append(("username", "invalid_format", {}))
    password_problem = _password_problem(password)
    if password_problem is not None:
        problems.append(password_problem)
    if problems:
        raise InvalidInput(field_errors(*problems))


def _password_problem(password: str) -> tuple[str, str, dict[str, Any]] | None:
    if len(password) < MIN_PASSWORD:
        return ("password", "too_short", {"min": MIN_PASSWORD})
    if len(password) > MAX_PASSWORD:
        return ("password", "too_long", {"max": MAX_PASSWORD})
    return None

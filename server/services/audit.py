"""The audit log: who did what to which object, when — ids and actions, never personal data."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.models import AuditEntry
from server.services import cursors
from server.services.principals import Principal, Role


class Action(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    ENROLL = "enroll"
    ENROLL_FAILED = "enroll_failed"
    REVOKE = "revoke"
    READ_CONTACT = "read_contact"
    READ_PERSON = "read_person"
    REVIEW = "review"
    ERASE = "erase"
    EXPORT = "export"
    CREATE_USER = "create_user"
    RESET_PASSWORD = "reset_password"  # noqa: S105 - an action name, not a password
    PURGE = "purge"
    TEAM_SHARE = "team_share"  # a phone pulled cards of the register: `count` says how many
    MERGE = "merge_persons"
    UNDO_MERGE = "undo_merge"
    SET_SHARING = "set_sharing"
    MUNICIPALITIES = "municipalities"  # the organisation's list changed (object: the code)
    NATIONAL_STATS = "national_stats"
    NATIONAL_EXPORT = "national_export"
    SET_PILOT = "set_pilot"


@dataclasses.dataclass(frozen=True)
class Actor:
    """Who acted: a user, a device or the command line (`kind`), with the organisation."""

    kind: str
    id: str | None
    org_id: str | None

    @classmethod
    def of(cls, principal: Principal) -> Actor:
        return cls("user", principal.user_id, principal.org_id)


CLI = Actor("cli", None, None)


@dataclasses.dataclass(frozen=True)
class AuditPage:
    """A page of the log, newest first."""

    items: list[dict[str, object]]
    next_cursor: str | None


def record(db: Session, *, actor: Actor, action: Action, object_id: str | None = None,
           org_id: str | None = None, count: int | None = None) -> None:
    """Add one entry; the caller's transaction commits it."""
    db.add(AuditEntry(at=datetime.now(UTC), org_id=org_id or actor.org_id, actor_kind=actor.kind,
                      actor_id=actor.id, action=action.value, object_id=object_id, count=count))


def read_log(
    db: Session, *, principal: Principal, action: str | None = None,
    date_from: date | None = None, date_to: date | None = None,
    limit: int = 100, cursor: str | None = None,
) -> AuditPage:
    """The organisation's log, newest first, for supervisors and admins."""
    principal.require(Role.SUPERVISOR)
    query = select(AuditEntry).where(AuditEntry.org_id == principal.org_id)
    if action:
        query = query.where(AuditEntry.action == action)
    if date_from:
        query = query.where(AuditEntry.at >= datetime.combine(date_from, time(), UTC))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time(), UTC)
        query = query.where(AuditEntry.at < end)
    if cursor:
        query = query.where(AuditEntry.id < cursors.decode_number(cursor, tag=cursors.AUDIT))
    rows = db.scalars(query.order_by(AuditEntry.id.desc()).limit(limit + 1)).all()
    items = [_entry(e) for e in rows[:limit]]
    last = rows[limit - 1].id if len(rows) > limit else None
    return AuditPage(items, None if last is None else cursors.encode_number(cursors.AUDIT, last))


def _entry(e: AuditEntry) -> dict[str, object]:
    return {"id": e.id, "at": e.at.isoformat().replace("+00:00", "Z"), "org_id": e.org_id,
            "actor_kind": e.actor_kind, "actor_id": e.actor_id, "action": e.action,
            "object_id": e.object_id, "count": e.count}

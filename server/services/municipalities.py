"""Each organisation's municipalities: what its phones offer and what its figures name.

Its admins keep the list (pages, API, command line). Every change puts one
organisation-wide entry in the feed (replacing the one before), so each of the
organisation's phones pulls the whole list once, whenever it was last seen.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from model import municipalities
from model.municipalities import Municipality
from model.protocol import ChangeKind
from server.errors import InvalidInput, NotFound, field_errors
from server.models import Change, OrgMunicipality
from server.services import audit, changes
from server.services.audit import Action, Actor
from server.services.principals import Principal, Role
from server.text import storable

# The feed's entry for "the list changed": for every worker of the organisation.
FEED_KIND = "places"  # the feed's column is short; the phone reads ChangeKind.MUNICIPALITIES
EVERY_WORKER = changes.EVERY_WORKER
CODE_FIELD = "municipality_code"
NAME_FIELD = "municipality_name"


def listed(db: Session, *, org_id: str) -> list[Municipality]:
    """The organisation's municipalities, by name."""
    rows = db.execute(select(OrgMunicipality.code, OrgMunicipality.name)
                      .where(OrgMunicipality.org_id == org_id)
                      .order_by(OrgMunicipality.name, OrgMunicipality.code)).all()
    return [Municipality(code, name) for code, name in rows]


def names(db: Session, *, org_id: str) -> dict[str, str]:
    """The organisation's name for each code on its list."""
    return {m.code: m.name for m in listed(db, org_id=org_id)}


def as_wire(found: list[Municipality]) -> list[dict[str, str]]:
    """A list as the phones receive it."""
    return [{"code": m.code, "name": m.name} for m in found]


def start_list(db: Session, *, org_id: str) -> None:
    """A new organisation's list: the first pilot's six (the caller commits)."""
    db.add_all(OrgMunicipality(org_id=org_id, code=code, name=name)
               for code, name in municipalities.PILOT_NAMES.items())


def add(db: Session, *, org_id: str, code: str, name: str, actor: Actor) -> Municipality:
    """Put a municipality on the organisation's list.

    Raises:
        InvalidInput: a code that is not `GM` + four digits, one on the list already,
            or an empty or too long name.
    """
    name = " ".join(name.split())
    problems: list[tuple[str, str, dict[str, Any]]] = []
    if not municipalities.is_code(code):
        problems.append((CODE_FIELD, "invalid_format", {}))
    elif db.get(OrgMunicipality, (org_id, code)) is not None:
        problems.append((CODE_FIELD, "duplicate_value", {}))
    if not name:
        problems.append((NAME_FIELD, "required", {}))
    elif len(name) > municipalities.NAME_LIMIT:
        problems.append((NAME_FIELD, "too_long", {"max": municipalities.NAME_LIMIT}))
    elif not storable(name):
        problems.append((NAME_FIELD, "invalid_format", {}))
    if problems:
        raise InvalidInput(field_errors(*problems))
    db.add(OrgMunicipality(org_id=org_id, code=code, name=name))
    _changed(db, org_id=org_id, code=code, actor=actor)
    return Municipality(code, name)


def remove(db: Session, *, org_id: str, code: str, actor: Actor) -> None:
    """Take a municipality off the list (contacts recorded there keep their code).

    Raises:
        NotFound: it is not on the list.
    """
    found = db.get(OrgMunicipality, (org_id, code))
    if found is None:
        raise NotFound()
    db.delete(found)
    _changed(db, org_id=org_id, code=code, actor=actor)


def known_names(db: Session) -> dict[str, str]:
    """A name for every code on any organisation's list (the public CBS names; the first
    by code order when two organisations spell one differently)."""
    names: dict[str, str] = {}
    for code, name in db.execute(select(OrgMunicipality.code, OrgMunicipality.name)
                                 .order_by(OrgMunicipality.code, OrgMunicipality.name)):
        names.setdefault(code, name)
    return names


def listed_for(db: Session, *, principal: Principal) -> list[Municipality]:
    """The caller's organisation's list (supervisors and admins)."""
    principal.require(Role.SUPERVISOR)
    return listed(db, org_id=principal.org_id)


def add_by(db: Session, *, principal: Principal, code: str, name: str) -> Municipality:
    """`add`, by an admin of the organisation (`Forbidden` for anyone else)."""
    principal.require(Role.ADMIN)
    return add(db, org_id=principal.org_id, code=code, name=name, actor=Actor.of(principal))


def remove_by(db: Session, *, principal: Principal, code: str) -> None:
    """`remove`, by an admin of the organisation (`Forbidden` for anyone else)."""
    principal.require(Role.ADMIN)
    remove(db, org_id=principal.org_id, code=code, actor=Actor.of(principal))


def _changed(db: Session, *, org_id: str, code: str, actor: Actor) -> None:
    """One feed entry for the whole list (the newest replaces the one before), audited."""
    db.execute(delete(Change).where(Change.org_id == org_id, Change.kind == FEED_KIND))
    changes.append(db, org_id=org_id, entries=[{"worker_id": EVERY_WORKER, "kind": FEED_KIND}])
    audit.record(db, actor=actor, action=Action.MUNICIPALITIES, object_id=code, org_id=org_id)
    db.commit()


def feed_entry(db: Session, *, org_id: str) -> dict[str, Any]:
    """The change a phone pulls for the feed's entry: the whole list as it is now."""
    return {"kind": ChangeKind.MUNICIPALITIES.value,
            "items": as_wire(listed(db, org_id=org_id))}

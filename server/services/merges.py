"""Persons recorded twice, made one by a supervisor: likely duplicates, merge, undo.

A merge moves every contact of `from` to `into` (their stored revisions say so
too, so a phone resending one after it learnt of the merge sends the same
content) and keeps the moved contact ids, so an undo restores exactly those.
Every phone of the organisation gets `{"kind": "merge", "from", "into"}`, and
the cards follow (`from` leaves, `into` changes). A revision pushed later with
the old id is stored under the new one (`resolve`). An undo sends
`{"kind": "split", "person_id", "from", "contact_ids"}`; it is possible until
the next retention purge, or the erasure of the person, makes the merge final.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import uuid
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from model import errors as e
from model.persons import Traits, likely_same
from model.protocol import ChangeKind
from model.search_keys import loose
from model.wire_texts import canonical_of_record
from server.errors import Conflict, InvalidInput, NotFound, field_errors
from server.models import ContactRevision, CurrentContact, PersonMerge, User
from server.services import audit, changes, national_cells, persons
from server.services.audit import Action, Actor
from server.services.principals import Principal, Role

MAX_PAIRS = 200


class SamePerson(InvalidInput):
    """A person merged into themselves."""

    code = "same_person"


class MergeFinal(Conflict):
    """The merge was undone already, or a retention purge or an erasure made it final."""

    code = "merge_final"


def resolve(db: Session, *, org_id: str, person_ids: Iterable[str]) -> dict[str, str]:
    """For each of `person_ids` merged into another person (and not undone), that person
    (following merges of merges)."""
    into: dict[str, str] = {}
    pending = sorted(set(person_ids))
    if not pending or db.scalar(select(PersonMerge.id).where(
            PersonMerge.org_id == org_id, PersonMerge.undone_at.is_(None)).limit(1)) is None:
        return into  # the usual case: nobody was merged
    for _hop in range(16):
        if not pending:
            break
        found = {source: target for source, target in db.execute(
            select(PersonMerge.from_person, PersonMerge.into_person).where(
                PersonMerge.org_id == org_id, PersonMerge.undone_at.is_(None),
                PersonMerge.from_person.in_(pending)))}
        for source, target in found.items():
            for first, last in list(into.items()):
                if last == source:
                    into[first] = target
            into.setdefault(source, target)
        pending = sorted(set(found.values()))
    return into


def merged_into(db: Session, *, org_id: str, person_id: str) -> set[str]:
    """The persons merged (directly or not, and not undone) into `person_id`."""
    found: set[str] = set()
    pending = {person_id}
    while pending:
        sources = set(db.scalars(select(PersonMerge.from_person).where(
            PersonMerge.org_id == org_id, PersonMerge.undone_at.is_(None),
            PersonMerge.into_person.in_(sorted(pending))))) - found
        found |= sources
        pending = sources
    return found


def merge(db: Session, *, principal: Principal, from_person: str,
          into_person: str) -> dict[str, Any]:
    """Make `from_person` one with `into_person` (supervisors; audited).

    Raises:
        SamePerson: a person merged into themselves.
        NotFound: either person has no contact in the caller's organisation.
    """
    principal.require(Role.SUPERVISOR)
    if from_person == into_person:
        raise SamePerson(field_errors(("into", e.DUPLICATE_VALUE, {})))
    moving = _contacts_of(db, principal.org_id, from_person)
    if not moving or not _contacts_of(db, principal.org_id, into_person):
        raise NotFound()
    # The national figures count persons: two become one.
    recount = national_cells.Recount(db, org_id=principal.org_id,
                                     persons=[from_person, into_person])
    _move(db, org_id=principal.org_id, contact_ids=moving, person_id=into_person)
    recount.done()
    done = PersonMerge(id=str(uuid.uuid4()), org_id=principal.org_id, from_person=from_person,
                       into_person=into_person, contact_ids=" ".join(moving),
                       merged_at=datetime.now(UTC), merged_by=principal.user_id, final=False)
    db.add(done)
    changes.append(db, org_id=principal.org_id, entries=[{
        "worker_id": persons.ALL, "kind": ChangeKind.MERGE.value, "person_id": from_person,
        "data": json.dumps({"from": from_person, "into": into_person})}])
    persons.refresh(db, org_id=principal.org_id, person_ids=[from_person, into_person])
    audit.record(db, actor=Actor.of(principal), action=Action.MERGE, object_id=done.id,
                 count=len(moving))
    db.commit()
    return _merge_dict(done, None)


def undo(db: Session, *, principal: Principal, merge_id: str) -> dict[str, Any]:
    """Undo a merge: its contacts are `from`'s again (supervisors; audited).

    Raises:
        NotFound: no such merge in the caller's organisation.
        MergeFinal: the merge was undone already, or is final.
    """
    principal.require(Role.SUPERVISOR)
    done = db.scalar(select(PersonMerge).where(PersonMerge.id == merge_id,
                                               PersonMerge.org_id == principal.org_id))
    if done is None:
        raise NotFound()
    if done.undone_at is not None or done.final:
        raise MergeFinal()
    owners: dict[str, list[str]] = defaultdict(list)
    for contact_id, owner in db.execute(select(CurrentContact.id, CurrentContact.person_id).where(
            CurrentContact.org_id == principal.org_id,
            CurrentContact.id.in_(done.contact_ids.split())).order_by(CurrentContact.id)):
        owners[owner].append(contact_id)
    restored = [cid for ids in owners.values() for cid in ids]
    recount = national_cells.Recount(db, org_id=principal.org_id,
                                     persons=[done.from_person, *owners])
    _move(db, org_id=principal.org_id, contact_ids=restored, person_id=done.from_person)
    recount.done()
    done.undone_at = datetime.now(UTC)
    changes.append(db, org_id=principal.org_id, entries=[{
        "worker_id": persons.ALL, "kind": ChangeKind.SPLIT.value, "person_id": done.from_person,
        "data": json.dumps({"person_id": done.from_person, "from": owner, "contact_ids": ids})}
        for owner, ids in sorted(owners.items())])
    persons.refresh(db, org_id=principal.org_id, person_ids=[done.from_person, *owners])
    audit.record(db, actor=Actor.of(principal), action=Action.UNDO_MERGE, object_id=done.id,
                 count=len(restored))
    db.commit()
    return _merge_dict(done, None)


def list_merges(db: Session, *, principal: Principal, limit: int = 100) -> list[dict[str, Any]]:
    """The organisation's merges, newest first (supervisors)."""
    principal.require(Role.SUPERVISOR)
    rows = db.execute(select(PersonMerge, User.username).outerjoin(
        User, User.id == PersonMerge.merged_by).where(PersonMerge.org_id == principal.org_id)
        .order_by(PersonMerge.merged_at.desc(), PersonMerge.id).limit(limit)).all()
    return [_merge_dict(done, name) for done, name in rows]


def finalise(db: Session, *, org_id: str, person_ids: Iterable[str] | None = None) -> None:
    """Make the organisation's merges (or those of `person_ids`) final: no undo any more."""
    query = update(PersonMerge).where(PersonMerge.org_id == org_id, PersonMerge.final.is_(False))
    if person_ids is not None:
        wanted = sorted(set(person_ids))
        query = query.where(PersonMerge.from_person.in_(wanted)
                            | PersonMerge.into_person.in_(wanted))
    db.execute(query.values(final=True))


def duplicates(db: Session, *, principal: Principal,
               person_id: str | None = None) -> list[dict[str, Any]]:
    """Pairs of the register's persons that look like one (`model.persons.likely_same`),
    for a supervisor to compare; at most `MAX_PAIRS`; with `person_id`, only its pairs."""
    principal.require(Role.SUPERVISOR)
    groups: dict[str, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for found_id, card in sorted(persons.register(db, org_id=principal.org_id).items()):
        groups[loose(card["alias"])].append((found_id, card))
    if person_id is not None:
        groups = {key: found for key, found in groups.items()
                  if any(found_id == person_id for found_id, _ in found)}
    pairs = _pairs(groups)
    if person_id is not None:
        pairs = (p for p in pairs if person_id in (p["a"]["person_id"], p["b"]["person_id"]))
    return list(itertools.islice(pairs, MAX_PAIRS))


def _pairs(groups: dict[str, list[tuple[str, dict[str, Any]]]]) -> Iterator[dict[str, Any]]:
    """The likely pairs within each group of one name key, group by group."""
    for key in sorted(k for k in groups if k):
        found = groups[key]
        for n, (a_id, a) in enumerate(found):
            for b_id, b in found[n + 1:]:
                if likely_same(_traits(a), _traits(b)):
                    yield {"a": _summary(a_id, a), "b": _summary(b_id, b)}


def _traits(card: dict[str, Any]) -> Traits:
    return Traits(card["alias"], card["nationality"], card["age_band"], card["gender"])


def _summary(person_id: str, card: dict[str, Any]) -> dict[str, Any]:
    return {"person_id": person_id, **{k: card[k] for k in (
        "alias", "nationality", "gender", "age_band", "last_contact_date", "municipality",
        "contacts", "last_worker_name")}}


def _merge_dict(done: PersonMerge, merged_by_name: str | None) -> dict[str, Any]:
    return {"id": done.id, "from": done.from_person, "into": done.into_person,
            "contacts": len(done.contact_ids.split()),
            "merged_at": done.merged_at.isoformat().replace("+00:00", "Z"),
            "merged_by": merged_by_name,
            "undone_at": done.undone_at.isoformat().replace("+00:00", "Z")
            if done.undone_at else None,
            "undoable": done.undone_at is None and not done.final}


def _contacts_of(db: Session, org_id: str, person_id: str) -> list[str]:
    return list(db.scalars(select(CurrentContact.id).where(
        CurrentContact.org_id == org_id, CurrentContact.person_id == person_id)
        .order_by(CurrentContact.id)))


_REVISION = (update(ContactRevision.__table__)  # type: ignore[arg-type]
             .where(ContactRevision.__table__.c.contact_id == bindparam("b_id"),
                    ContactRevision.__table__.c.rev == bindparam("b_rev"))
             .values(content=bindparam("b_content"), content_hash=bindparam("b_hash")))
_CURRENT = (update(CurrentContact.__table__)  # type: ignore[arg-type]
            .where(CurrentContact.__table__.c.id == bindparam("b_id"))
            .values(person_id=bindparam("b_person")))
_CURRENT_HASH = (update(CurrentContact.__table__)  # type: ignore[arg-type]
                 .where(CurrentContact.__table__.c.id == bindparam("b_id"),
                        CurrentContact.__table__.c.rev == bindparam("b_rev"))
                 .values(content_hash=bindparam("b_hash")))


def _move(db: Session, *, org_id: str, contact_ids: list[str], person_id: str) -> None:
    """The contacts are now `person_id`'s, in every revision stored (and its hash)."""
    if not contact_ids:
        return
    rewritten = []
    for contact_id, rev, content in db.execute(
            select(ContactRevision.contact_id, ContactRevision.rev, ContactRevision.content)
            .where(ContactRevision.org_id == org_id, ContactRevision.contact_id.in_(contact_ids))):
        wire = json.loads(content)
        wire["person_id"] = person_id
        text = json.dumps(wire, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256(canonical_of_record(wire).encode()).hexdigest()
        rewritten.append({"b_id": contact_id, "b_rev": rev, "b_content": text, "b_hash": digest})
    if rewritten:
        db.execute(_REVISION, rewritten)
        db.execute(_CURRENT_HASH, [{k: r[k] for k in ("b_id", "b_rev", "b_hash")}
                                   for r in rewritten])
    db.execute(_CURRENT, [{"b_id": cid, "b_person": person_id} for cid in contact_ids])

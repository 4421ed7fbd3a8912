"""The phone's side of the API: push contacts (idempotent per id and rev), pull feedback.

A batch is first written in one SAVEPOINT (fast: one read, a few bulk
statements). If the database refuses it — another process stored the same
contact at the same moment — that savepoint is rolled back and every record
is decided and written again in a SAVEPOINT of its own, so one record never
blocks the others.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    Table,
    bindparam,
    case,
    insert,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from model.protocol import ChangeKind, PushStatus
from server.errors import InvalidInput, field_errors
from server.models import Change, ContactRevision, CurrentContact, Device, ErasedPerson
from server.services import audit, changes, merges, municipalities, national_cells, persons
from server.services.among import among
from server.services.audit import Action, Actor
from server.services.ingest import (
    REVIEWED,
    Incoming,
    Stored,
    classify,
    current_row,
    moved,
    prepare,
    revision_row,
)
from server.services.principals import DevicePrincipal

MAX_BATCH = 500
# Plain tables, not the ORM classes: bulk statements run as one executemany each.
_REVISIONS = cast(Table, ContactRevision.__table__)
_CONTACTS = cast(Table, CurrentContact.__table__)
PULL_LIMIT = 500


class BatchTooLarge(InvalidInput):
    """More records in one push than the protocol allows."""

    status = 413
    code = "batch_too_large"


@dataclasses.dataclass(frozen=True)
class PullPage:
    """Changes for the device since its cursor; `more` says whether to pull again at once."""

    changes: list[dict[str, Any]]
    cursor: str
    more: bool


def push(db: Session, *, device: DevicePrincipal, records: list[object],
         today: date | None = None) -> list[dict[str, Any]]:
    """Store a batch of wire records; one result per record, in order.

    Raises:
        BatchTooLarge: more than `MAX_BATCH` records.
    """
    if len(records) > MAX_BATCH:
        raise BatchTooLarge(field_errors(("records", "too_long", {"max": MAX_BATCH})))
    today = today or datetime.now(UTC).date()
    items = _merged(db, device, [prepare(r, device=device, today=today) for r in records])
    valid = [i for i, item in enumerate(items) if item.contact is not None]
    statuses: dict[int, PushStatus] = {}
    try:
        with db.begin_nested():
            statuses = _write(db, device=device, items=items, indexes=valid)
    except IntegrityError:
        for index in valid:
            statuses[index] = _write_one(db, device=device, items=items, index=index)
    kept = [c for i, status in statuses.items()
            if status == PushStatus.STORED and (c := items[i].contact) is not None]
    persons.refresh(db, org_id=device.org_id, person_ids=[c.person_id for c in kept],
                    known={c.id: c for c in kept})
    _touch(db, device)
    db.commit()
    return [_result(item, statuses.get(i)) for i, item in enumerate(items)]


def pull(db: Session, *, device: DevicePrincipal, since: str | None,
         limit: int = PULL_LIMIT) -> PullPage:
    """Review changes and erasures for the device's worker, and the organisation's cards,
    merges, splits and municipality list, since the cursor `since` (a page of at most
    `limit`; the team share's pull is audited as a count of cards).

    Raises:
        InvalidInput: `since` is not a cursor this server made.
    """
    start = changes.decode_cursor(since)
    rows = db.scalars(
        select(Change).where(Change.org_id == device.org_id,
                             Change.worker_id.in_([device.worker_id, changes.EVERY_WORKER]),
                             Change.seq > start).order_by(Change.seq).limit(limit + 1)
    ).all()
    page = rows[:limit]
    cards = sum(1 for c in page if c.kind == ChangeKind.PERSON)
    if cards:  # how many, never which
        audit.record(db, actor=Actor("device", device.device_id, device.org_id),
                     action=Action.TEAM_SHARE, count=cards)
    found = [municipalities.feed_entry(db, org_id=device.org_id)
             if c.kind == municipalities.FEED_KIND else _change(c) for c in page]
    _touch(db, device)
    db.commit()
    last = page[-1].seq if page else start
    return PullPage(found, changes.encode_cursor(last), len(rows) > limit)


def _merged(db: Session, device: DevicePrincipal, items: list[Incoming]) -> list[Incoming]:
    """The records of persons a supervisor merged into another, as of that other person."""
    into = merges.resolve(db, org_id=device.org_id, person_ids=[
        i.contact.person_id for i in items if i.contact is not None])
    return [moved(i, into[i.contact.person_id])
            if i.contact is not None and i.contact.person_id in into else i for i in items]


def _write_one(db: Session, *, device: DevicePrincipal, items: list[Incoming],
               index: int) -> PushStatus:
    for _attempt in range(3):
        try:
            with db.begin_nested():
                return _write(db, device=device, items=items, indexes=[index])[index]
        except IntegrityError:
            continue  # stored by someone else meanwhile: decide again on what is there now
    raise RuntimeError("a contact kept changing while it was being stored")


def _write(db: Session, *, device: DevicePrincipal, items: list[Incoming],
           indexes: list[int]) -> dict[int, PushStatus]:
    held = _snapshot(db, [items[i] for i in indexes])
    erased = _erased(db, device.org_id, [items[i] for i in indexes])
    now = datetime.now(UTC)
    statuses: dict[int, PushStatus] = {}
    revisions: list[dict[str, Any]] = []
    fresh: dict[str, dict[str, Any]] = {}
    newer: dict[str, dict[str, Any]] = {}
    edited: dict[str, str] = {}
    for index in indexes:
        item = items[index]
        assert item.id is not None and item.rev is not None
        stored = held.get(item.id)
        assert item.contact is not None
        statuses[index] = status = classify(item, stored, device=device,
                                            erased=item.contact.person_id in erased)
        if status != PushStatus.STORED:
            continue
        revisions.append(revision_row(item, device=device, now=now))
        row = current_row(item)
        if stored is None:
            fresh[item.id] = row
            held[item.id] = Stored(device.org_id, device.worker_id, item.contact.person_id,
                                   item.rev, item.content_hash, "received")
        else:
            (fresh if item.id in fresh else newer)[item.id] = row
            if stored.review_state in REVIEWED:
                edited[item.id] = item.id
            stored.revision_hashes[stored.rev] = stored.content_hash
            stored.rev, stored.content_hash = item.rev, item.content_hash
    _save(db, device=device, revisions=revisions, fresh=fresh, newer=newer, edited=edited)
    return statuses


def _snapshot(db: Session, items: list[Incoming]) -> dict[str, Stored]:
    ids = sorted({i.id for i in items if i.id is not None})
    if not ids:
        return {}
    held = {
        row.id: Stored(row.org_id, row.worker_id, row.person_id, row.rev, row.content_hash,
                       row.review_state)
        for row in db.execute(select(
            CurrentContact.id, CurrentContact.org_id, CurrentContact.worker_id,
            CurrentContact.person_id, CurrentContact.rev, CurrentContact.content_hash,
            CurrentContact.review_state,
        ).where(among(db, CurrentContact.id, ids)))
    }
    older = sorted({(i.id, i.rev) for i in items
                    if i.id in held and i.rev is not None and i.rev < held[i.id].rev})
    if older:
        for cid, rev, digest in db.execute(
            select(ContactRevision.contact_id, ContactRevision.rev, ContactRevision.content_hash)
            .where(tuple_(ContactRevision.contact_id, ContactRevision.rev).in_(older))
        ):
            held[cid].revision_hashes[rev] = digest
    return held


def _erased(db: Session, org_id: str, items: list[Incoming]) -> set[str]:
    persons = sorted({i.contact.person_id for i in items if i.contact is not None})
    return set(db.scalars(select(ErasedPerson.person_id).where(
        ErasedPerson.org_id == org_id, among(db, ErasedPerson.person_id, persons)))) \
        if persons else set()


def _save(db: Session, *, device: DevicePrincipal, revisions: list[dict[str, Any]],
          fresh: dict[str, dict[str, Any]], newer: dict[str, dict[str, Any]],
          edited: dict[str, str]) -> None:
    recount = _recount(db, device=device, rows=[*fresh.values(), *newer.values()],
                       edited_ids=list(newer)) if fresh or newer else None
    if revisions:
        db.execute(insert(_REVISIONS), revisions)
    if fresh:
        db.execute(insert(_CONTACTS),
                   [{**row, "review_state": "received"} for row in fresh.values()])
    if newer:
        db.execute(_UPDATE, [{f"b_{k}": v for k, v in row.items()} for row in newer.values()])
    if recount is not None:
        recount.done()
    if edited:
        changes.append(db, org_id=device.org_id, entries=[
            {"worker_id": device.worker_id, "kind": ChangeKind.REVIEW.value, "contact_id": cid,
             "state": "edited"} for cid in edited
        ])


def _recount(db: Session, *, device: DevicePrincipal, rows: list[dict[str, Any]],
             edited_ids: list[str]) -> national_cells.Recount:
    """The persons the write touches, counted before it: those it names, and those an
    edited contact named until now."""
    touched = {str(row["person_id"]) for row in rows}
    if edited_ids:
        touched |= set(db.scalars(select(CurrentContact.person_id).where(
            CurrentContact.org_id == device.org_id, among(db, CurrentContact.id, edited_ids))))
    return national_cells.Recount(db, org_id=device.org_id, persons=touched)


_COLUMNS = ("rev", "content_hash", "person_id", "contact_date", "created_at", "updated_at",
            "municipality", "nationality", "age_band", "sleeping_situation", "indication",
            "entitlement", "referrals", "outcome")
# Only ever moves forward: a slower transaction carrying an older rev changes nothing.
_UPDATE = (
    update(_CONTACTS)
    .where(_CONTACTS.c.id == bindparam("b_id"), _CONTACTS.c.rev < bindparam("b_rev"))
    .values({
        **{name: bindparam(f"b_{name}") for name in _COLUMNS},
        # Equalities, not IN: an IN list becomes an "expanding" parameter, which an
        # executemany of several rows refuses.
        "review_state": case((or_(*(_CONTACTS.c.review_state == s for s in REVIEWED)), "edited"),
                             else_=_CONTACTS.c.review_state),
    })
)


def _touch(db: Session, device: DevicePrincipal) -> None:
    db.execute(update(Device).where(Device.id == device.device_id)
               .values(last_sync_at=datetime.now(UTC)))


def _result(item: Incoming, status: PushStatus | None) -> dict[str, Any]:
    return {"id": item.id, "rev": item.rev, "status": (status or PushStatus.INVALID).value,
            "errors": item.errors}


def _change(c: Change) -> dict[str, Any]:
    if c.kind in (ChangeKind.ERASE, ChangeKind.PERSON_GONE):
        return {"kind": c.kind, "person_id": c.person_id}
    if c.kind == ChangeKind.PERSON:
        return {"kind": c.kind, "person_id": c.person_id, "card": json.loads(c.data or "{}")}
    if c.kind in (ChangeKind.MERGE, ChangeKind.SPLIT):
        return {"kind": c.kind, **json.loads(c.data or "{}")}
    at = c.reviewed_at.isoformat().replace("+00:00", "Z") if c.reviewed_at else None
    change: dict[str, Any] = {"kind": ChangeKind.REVIEW.value, "contact_id": c.contact_id,
                              "state": c.state, "comment": c.comment, "reviewed_at": at}
    # Structured corrections only where there are some: an older phone reads the rest.
    for key, value in (("fields", c.fields), ("reasons", c.reasons)):
        if value:
            change[key] = changes.split(value)
    return change

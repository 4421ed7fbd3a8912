"""The server's retention: contacts older than the organisation's period are deleted.

What survives a purge is the number of contacts per organisation,
municipality and month (`purged_counts`), so the stats can still say how many
contacts a purged month had — but no longer who, how many persons, or any
breakdown.

The same purge clears what is of no use any more:

- sessions that have ended — idle past the idle time, or opened longer ago than a session
  lasts however much it is used (they can no longer be used);
- attempt counters whose window has passed, and used download tickets' counters
  once the ticket has expired;
- from the person register: the cards past their keep-until date (the phones drop them
  on that date themselves), with their feed entries; a purged contact's person gets a
  new card, or leaves the phones with their last contact; merges so far become final
  (no undo after a purge);
- from the change feed devices pull: a contact's changes go with the contact
  (here and when a person is erased). A contact's verdicts stay while it does:
  they are its review history too. An `edited` change that a later change of the
  same contact follows goes: a device that has not pulled it gets the later one,
  which it applies instead, so its end state is the same. An erasure's change stays
  for the organisation's retention period after the erasure, so a phone that comes
  back within that time still removes the person; the tombstone stays for good, so
  even a later phone cannot push the person's contacts back.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, exists, select, update
from sqlalchemy.orm import Session, aliased

from server.config import Settings
from server.models import (
    Change,
    ContactRevision,
    CurrentContact,
    ErasedPerson,
    LoginSession,
    Organisation,
    PurgedCount,
)
from server.services import audit, auth, merges, national_cells, persons, ratelimit
from server.services.audit import CLI, Action, Actor

_CHUNK = 500
_DEFAULTS = Settings()


@dataclasses.dataclass(frozen=True)
class PurgeReport:
    """How many contacts each organisation lost to retention (by organisation id), and how
    many sessions, attempt counters and feed changes were cleared."""

    deleted: dict[str, int]
    sessions: int = 0
    counters: int = 0
    changes: int = 0


def cutoff(today: date, months: int) -> date:
    """The first contact date that is kept: `months` before `today` (day clamped to the month)."""
    total = today.year * 12 + today.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for day in range(today.day, 0, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable: day 1 exists in every month")


def purge(db: Session, *, settings: Settings = _DEFAULTS, today: date | None = None,
          now: datetime | None = None, actor: Actor = CLI) -> PurgeReport:
    """Delete every organisation's contacts dated before its retention cut-off, then clear
    expired sessions, dead attempt counters and feed changes no device needs (see above).

    `settings` gives the session lifetimes and the attempt window (the server's own);
    `actor` is who the audit log names (the command line, or the server's own schedule).
    """
    now = now or datetime.now(UTC)
    today = today or now.date()
    deleted: dict[str, int] = {}
    changes = 0
    for org in db.scalars(select(Organisation).order_by(Organisation.name)).all():
        first_kept = cutoff(today, org.retention_months)
        count = _purge_org(db, org_id=org.id, before=first_kept, today=today)
        _purge_register(db, org_id=org.id, today=today)
        if count:
            deleted[org.id] = count
            audit.record(db, actor=actor, action=Action.PURGE, org_id=org.id)
            db.commit()
        changes += _purge_changes(db, org_id=org.id, erased_before=first_kept)
    sessions = db.execute(delete(LoginSession).where(auth.ended(settings, now=now)))
    counters = ratelimit.purge(db, window=settings.login_window_seconds, now=now.timestamp())
    db.commit()
    return PurgeReport(deleted, sessions=int(getattr(sessions, "rowcount", 0) or 0),
                       counters=counters, changes=changes)


def _purge_changes(db: Session, *, org_id: str, erased_before: date) -> int:
    later = aliased(Change)
    superseded = db.execute(delete(Change).where(
        Change.org_id == org_id, Change.kind == "review", Change.state == "edited",
        exists().where(later.org_id == Change.org_id, later.contact_id == Change.contact_id,
                       later.seq > Change.seq)))
    old = datetime.combine(erased_before, time(), tzinfo=UTC)
    erasures = db.execute(delete(Change).where(
        Change.org_id == org_id, Change.kind == "erase",
        exists().where(ErasedPerson.org_id == Change.org_id,
                       ErasedPerson.person_id == Change.person_id,
                       ErasedPerson.erased_at < old)))
    db.commit()
    return sum(int(getattr(r, "rowcount", 0) or 0) for r in (superseded, erasures))


def _purge_register(db: Session, *, org_id: str, today: date) -> None:
    """Cards past their date leave the register; merges so far can no longer be undone."""
    persons.expire(db, org_id=org_id, today=today)
    merges.finalise(db, org_id=org_id)
    db.commit()


def _purge_org(db: Session, *, org_id: str, before: date, today: date) -> int:
    total = 0
    while True:
        rows = db.execute(select(CurrentContact.id, CurrentContact.municipality,
                                 CurrentContact.contact_date, CurrentContact.person_id)
                          .where(CurrentContact.org_id == org_id,
                                 CurrentContact.contact_date < before)
                          .limit(_CHUNK)).all()
        if not rows:
            return total
        ids = [r.id for r in rows]
        recount = national_cells.Recount(db, org_id=org_id, persons={r.person_id for r in rows})
        _keep_counts(db, org_id=org_id, counts=Counter(
            (r.municipality, r.contact_date.isoformat()[:7]) for r in rows))
        db.execute(delete(Change).where(Change.org_id == org_id, Change.contact_id.in_(ids)))
        db.execute(delete(ContactRevision).where(ContactRevision.contact_id.in_(ids)))
        db.execute(delete(CurrentContact).where(CurrentContact.id.in_(ids)))
        # Their persons' cards lose these contacts, or leave the phones with the last one.
        persons.refresh(db, org_id=org_id, person_ids={r.person_id for r in rows}, today=today)
        recount.done()
        db.commit()
        total += len(ids)


def _keep_counts(db: Session, *, org_id: str, counts: Counter[tuple[str, str]]) -> None:
    for (municipality, month), n in counts.items():
        key = (PurgedCount.org_id == org_id, PurgedCount.municipality == municipality,
               PurgedCount.month == month)
        result = db.execute(update(PurgedCount).where(*key)
                            .values(contacts=PurgedCount.contacts + n))
        if getattr(result, "rowcount", 0) == 0:
            db.add(PurgedCount(org_id=org_id, municipality=municipality, month=month,
                               contacts=n))
            db.flush()

"""The server's retention: contacts older than the organisation's period are deleted.

What survives a purge is the number of contacts per organisation,
municipality and month (`purged_counts`), so the stats can still say how many
contacts a purged month had — but no longer who, how many persons, or any
breakdown.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import UTC, date, datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from server.models import Change, ContactRevision, CurrentContact, Organisation, PurgedCount
from server.services import audit
from server.services.audit import CLI, Action

_CHUNK = 500


@dataclasses.dataclass(frozen=True)
class PurgeReport:
    """How many contacts each organisation lost to retention (by organisation id)."""

    deleted: dict[str, int]


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


def purge(db: Session, *, today: date | None = None) -> PurgeReport:
    """Delete every organisation's contacts dated before its retention cut-off."""
    today = today or datetime.now(UTC).date()
    deleted: dict[str, int] = {}
    for org in db.scalars(select(Organisation).order_by(Organisation.name)).all():
        count = _purge_org(db, org_id=org.id, before=cutoff(today, org.retention_months))
        if count:
            deleted[org.id] = count
            audit.record(db, actor=CLI, action=Action.PURGE, org_id=org.id)
            db.commit()
    return PurgeReport(deleted)


def _purge_org(db: Session, *, org_id: str, before: date) -> int:
    total = 0
    while True:
        rows = db.execute(select(CurrentContact.id, CurrentContact.municipality,
                                 CurrentContact.contact_date)
                          .where(CurrentContact.org_id == org_id,
                                 CurrentContact.contact_date < before)
                          .limit(_CHUNK)).all()
        if not rows:
            return total
        ids = [r.id for r in rows]
        _keep_counts(db, org_id=org_id, counts=Counter(
            (r.municipality, r.contact_date.isoformat()[:7]) for r in rows))
        db.execute(delete(Change).where(Change.org_id == org_id, Change.contact_id.in_(ids)))
        db.execute(delete(ContactRevision).where(ContactRevision.contact_id.in_(ids)))
        db.execute(delete(CurrentContact).where(CurrentContact.id.in_(ids)))
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

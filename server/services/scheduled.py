"""Work that runs once per period however many processes serve one database.

Each kind of work has a row with the time it last started. A process that finds
the work due claims it with one conditional UPDATE of that row ("started now, if
the last start is a period ago"): PostgreSQL re-checks the condition on the row a
concurrent transaction just changed, and SQLite runs one writer at a time, so of
any number of processes (`serve --workers N`, several servers) exactly one wins.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.orm import Session

from server.config import Settings
from server.db import SessionFactory
from server.models import ScheduledRun
from server.services import retention
from server.services.audit import Actor

PURGE = "purge"
# The actor of the audit entries of work the server did by itself.
SERVER = Actor("server", None, None)


def claim(db: Session, *, name: str, every_seconds: int, now: datetime | None = None) -> bool:
    """Note that `name` starts now if it last started `every_seconds` ago or never;
    returns whether this caller is the one to do it (committed at once)."""
    now = now or datetime.now(UTC)
    result = db.execute(
        update(ScheduledRun)
        .where(ScheduledRun.name == name,
               or_(ScheduledRun.last_started_at.is_(None),
                   ScheduledRun.last_started_at <= now - timedelta(seconds=every_seconds)))
        .values(last_started_at=now))
    db.commit()
    return int(getattr(result, "rowcount", 0) or 0) == 1


def purge_if_due(sessions: SessionFactory, *, settings: Settings,
                 now: datetime | None = None) -> retention.PurgeReport | None:
    """Run the retention purge if it is due and no other process has claimed it; returns its
    report, or None when it was not this caller's to run."""
    with sessions() as db:
        if not claim(db, name=PURGE, every_seconds=settings.purge_every_seconds, now=now):
            return None
        return retention.purge(db, settings=settings, actor=SERVER)

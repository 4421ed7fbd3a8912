"""Fixed-window attempt counters kept in the database, so every server process agrees."""

from __future__ import annotations

import time

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from server.errors import RateLimited
from server.models import RateCounter


def hit(db: Session, *, key: str, limit: int, window: int, now: float | None = None) -> int:
    """Count one attempt under `key`; raise `RateLimited` once `limit` is passed in this window.

    The counter is committed at once, so a failed attempt counts even when the
    caller's work is rolled back afterwards. Returns the window's start, for `refund`.
    """
    now = time.time() if now is None else now
    start = int(now // window * window)
    count = _increment(db, key=key, start=start)
    if count == 1:
        db.execute(delete(RateCounter).where(RateCounter.key == key,
                                             RateCounter.window_start < start))
    db.commit()
    if count > limit:
        raise RateLimited(retry_after=max(1, int(start + window - now + 0.999)))
    return start


def count(db: Session, *, key: str, window: int, now: float | None = None) -> int:
    """How many attempts `key` has in the current window (none counted here)."""
    now = time.time() if now is None else now
    start = int(now // window * window)
    return int(db.scalar(select(RateCounter.count).where(
        RateCounter.key == key, RateCounter.window_start == start)) or 0)


def refund(db: Session, *, key: str, start: int) -> None:
    """Take back one attempt counted by `hit` in the window starting at `start`.

    Counting first and refunding an attempt that turned out to be allowed keeps
    the limit exact under concurrent attempts: no two requests can both pass
    the check and count afterwards. Not committed: part of the caller's work.
    """
    db.execute(update(RateCounter)
               .where(RateCounter.key == key, RateCounter.window_start == start,
                      RateCounter.count > 0)
               .values(count=RateCounter.count - 1))


def use_once(db: Session, *, key: str, until: int) -> None:
    """Count the one use of something valid until `until` (epoch seconds); committed at once.

    The row's `window_start` is `until`, so `purge` knows when it is no longer needed.

    Raises:
        RateLimited: `key` was used already.
    """
    try:
        with db.begin_nested():
            db.add(RateCounter(key=key, window_start=until, count=1))
    except IntegrityError:
        db.rollback()
        raise RateLimited(retry_after=1) from None
    db.commit()


def purge(db: Session, *, window: int, now: float | None = None) -> int:
    """Delete the counters no attempt can touch any more; returns how many.

    A counter of `hit` is dead once its window (`window` seconds, the longest in
    use) has passed; one of `use_once` once that long after its end of validity.
    Not committed: part of the caller's work.
    """
    now = time.time() if now is None else now
    result = db.execute(delete(RateCounter).where(RateCounter.window_start < now - window))
    return int(getattr(result, "rowcount", 0) or 0)


def _increment(db: Session, *, key: str, start: int) -> int:
    match = (RateCounter.key == key, RateCounter.window_start == start)
    result = db.execute(update(RateCounter).where(*match).values(count=RateCounter.count + 1))
    if getattr(result, "rowcount", 0) == 0:
        try:
            with db.begin_nested():
                db.add(RateCounter(key=key, window_start=start, count=1))
        except IntegrityError:
            db.execute(update(RateCounter).where(*match).values(count=RateCounter.count + 1))
    return int(db.scalar(select(RateCounter.count).where(*match)) or 0)

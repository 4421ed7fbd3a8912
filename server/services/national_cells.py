"""The national grid kept up to date in the database (`national_cells`), in the same
transaction as every write that changes a contact.

A person's cells depend only on that person's contacts (`model.national.count_person`).
So a write recounts just the persons it touches: their cells before the write are
subtracted and their cells after it added. The organisation's row is locked first (its
`figures_seq` is raised), so two writes of one organisation never count from the same
"before". The table is then always the grid of every contact, exactly as a count from
scratch gives it — `tests/server/test_national_cells.py` compares the two.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from model.national import Cell, Seen, national_grid
from server.models import CurrentContact, NationalCell, Organisation

_BATCH = 500


def seen_of(db: Session, *, where: Iterable[ColumnElement[bool]]) -> dict[str, list[Seen]]:
    """The contacts matching `where`, as the national figures see them, per person."""
    c = CurrentContact
    found: dict[str, list[Seen]] = defaultdict(list)
    for row in db.execute(select(c.org_id, c.person_id, c.municipality, c.contact_date,
                                 c.updated_at, c.nationality, c.indication, c.outcome)
                          .where(*where)):
        seen = Seen(*row)
        found[seen.person_id].append(seen)
    return found


def counted(db: Session, *, org_id: str, persons: Iterable[str], in_pilot: bool
            ) -> Counter[Cell]:
    """The cells of these persons of the organisation, as their contacts are now."""
    grid: Counter[Cell] = Counter()
    ids = sorted(set(persons))
    pilot = frozenset({org_id}) if in_pilot else frozenset()
    for i in range(0, len(ids), _BATCH):
        seen = seen_of(db, where=[CurrentContact.org_id == org_id,
                                  CurrentContact.person_id.in_(ids[i:i + _BATCH])])
        grid.update(national_grid(seen.values(), pilot=pilot))
    return grid


class Recount:
    """Around a write: `Recount(db, org_id=, persons=)` before it, `.done()` after it."""

    def __init__(self, db: Session, *, org_id: str, persons: Iterable[str]) -> None:
        self.db, self.org_id, self.persons = db, org_id, set(persons)
        db.execute(update(Organisation).where(Organisation.id == org_id)
                   .values(figures_seq=Organisation.figures_seq + 1))
        self.in_pilot = bool(db.scalar(select(Organisation.in_pilot)
                                       .where(Organisation.id == org_id)))
        self.before = counted(db, org_id=org_id, persons=self.persons, in_pilot=self.in_pilot)

    def add(self, persons: Iterable[str]) -> None:
        """More persons the write touches (counted before it, if not already)."""
        more = set(persons) - self.persons
        if more:
            self.before.update(counted(self.db, org_id=self.org_id, persons=more,
                                       in_pilot=self.in_pilot))
            self.persons |= more

    def done(self) -> None:
        """Count the persons again and apply the difference to the table."""
        after = counted(self.db, org_id=self.org_id, persons=self.persons,
                        in_pilot=self.in_pilot)
        after.subtract(self.before)
        apply(self.db, after)


def apply(db: Session, delta: Counter[Cell]) -> None:
    """Add `delta` to the stored cells (new cells are made, none is removed)."""
    rows = [{"period": p, "slice": s, "metric": m, "count": n}
            for (p, s, m), n in sorted(delta.items()) if n]
    if not rows:
        return
    keys = ["period", "slice", "metric"]
    if db.get_bind().dialect.name == "postgresql":
        pg = postgresql.insert(NationalCell)
        statement: Any = pg.on_conflict_do_update(
            index_elements=keys, set_={"count": NationalCell.count + pg.excluded.count})
    else:
        lite = sqlite.insert(NationalCell)
        statement = lite.on_conflict_do_update(
            index_elements=keys, set_={"count": NationalCell.count + lite.excluded.count})
    for i in range(0, len(rows), _BATCH):
        db.execute(statement, rows[i:i + _BATCH])


def cells(db: Session, *, year: str | None = None) -> Counter[Cell]:
    """Every stored cell with a count (of one year's periods: "2026", "2026-Q1", "2026-03")."""
    t = NationalCell
    query = select(t.period, t.slice, t.metric, t.count).where(t.count != 0)
    if year is not None:
        query = query.where(t.period >= year, t.period < str(int(year) + 1))
    return Counter({(p, s, m): int(n) for p, s, m, n in db.execute(query)})


def rebuild(db: Session) -> int:
    """Count every contact from scratch into the table (after a bulk load; the caller
    commits). Returns the number of cells."""
    db.execute(delete(NationalCell))
    grid = from_scratch(db)
    apply(db, grid)
    db.execute(update(Organisation).values(figures_seq=Organisation.figures_seq + 1))
    return len(grid)


def from_scratch(db: Session) -> Counter[Cell]:
    """The grid of every contact, counted now (what the table must always equal)."""
    pilot = frozenset(db.scalars(select(Organisation.id).where(Organisation.in_pilot)))
    return national_grid(_every_person(db), pilot=pilot)


def _every_person(db: Session) -> Iterable[list[Seen]]:
    c = CurrentContact
    rows = db.execute(select(c.org_id, c.person_id, c.municipality, c.contact_date,
                             c.updated_at, c.nationality, c.indication, c.outcome)
                      .order_by(c.org_id, c.person_id).execution_options(yield_per=5000))
    person: list[Seen] = []
    for row in rows:
        seen = Seen(*row)
        if person and (person[0].org_id, person[0].person_id) != (seen.org_id, seen.person_id):
            yield person
            person = []
        person.append(seen)
    if person:
        yield person

"""The national grid (`model.national`) of every organisation's contacts, as the database
keeps it (`national_cells`), suppressed (`model.suppression`) and kept in memory per data
version.

The version is every organisation's `figures_seq` (raised in the same transaction as
each push, erasure and purge that changes a contact), pilot flag and name: a grid is
reused only while none of them changed, so the figures shown are always those of the
data as it is — exact, never an estimate.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from model.national import MUNICIPALITY_PREFIX, Cell
from model.suppression import grid_lines, suppress
from server.models import Organisation
from server.services import national_cells
from server.services.principals import MONITORS_ORG_ID

_KEEP = 12  # year grids kept (a few years; several databases in one process: the tests)

Version = tuple[tuple[str, str, bool, int], ...]


@dataclasses.dataclass(frozen=True)
class OrgInfo:
    """An organisation as the national figures name it."""

    id: str
    name: str
    in_pilot: bool


@dataclasses.dataclass(frozen=True)
class Grid:
    """Every cell's count, the hidden cells, and which breakdown keys each (period, slice) has."""

    values: Counter[Cell]
    marks: dict[Cell, str]
    metrics: dict[tuple[str, str], list[str]]
    orgs: tuple[OrgInfo, ...]

    def org(self, org_id: str) -> OrgInfo | None:
        return next((o for o in self.orgs if o.id == org_id), None)

    @property
    def municipalities(self) -> list[str]:
        """The municipality codes (and `other`) with any contact, in code order."""
        prefix = MUNICIPALITY_PREFIX
        return sorted({w[len(prefix):] for _, w in self.metrics if w.startswith(prefix)})


_lock = threading.Lock()
_grids: dict[tuple[str, Version, str], Grid] = {}


def current(db: Session, years: Iterable[str]) -> dict[str, Grid]:
    """The suppressed grid of each of `years` ("2026") as the data is now, built again for
    a year when the data changed.

    Every sum the suppression knows lies within one calendar year (a year of its quarters
    and months, a period of its organisations or municipalities), so each year is decided
    on its own and the same way whichever question reads it.
    """
    orgs = db.execute(select(Organisation.id, Organisation.name, Organisation.in_pilot,
                             Organisation.figures_seq)
                      .where(Organisation.id != MONITORS_ORG_ID)
                      .order_by(Organisation.id)).all()
    version: Version = tuple((o.id, o.name, bool(o.in_pilot), int(o.figures_seq)) for o in orgs)
    url = db.get_bind().engine.url.render_as_string(hide_password=True)
    infos = tuple(OrgInfo(o.id, o.name, bool(o.in_pilot)) for o in orgs)
    found: dict[str, Grid] = {}
    for year in sorted(set(years)):
        key = (url, version, year)
        with _lock:
            grid = _grids.get(key)
        if grid is None:
            grid = build(db, infos, year)
            with _lock:
                while len(_grids) >= _KEEP:
                    _grids.pop(next(iter(_grids)))
                _grids[key] = grid
        found[year] = grid
    return found


def forget() -> None:
    """Drop every kept grid (tests that change data behind the counters' back)."""
    with _lock:
        _grids.clear()


def build(db: Session, orgs: tuple[OrgInfo, ...], year: str) -> Grid:
    """Read one year's stored cells and decide which to hide."""
    pilot = frozenset(o.id for o in orgs if o.in_pilot)
    values = national_cells.cells(db, year=year)
    marks = suppress(values, grid_lines(values, orgs=[o.id for o in orgs], pilot=pilot))
    metrics: dict[tuple[str, str], list[str]] = defaultdict(list)
    for period, where, metric in {*values, *marks}:  # a hidden zero is listed, as "x"
        metrics[(period, where)].append(metric)
    return Grid(values, marks, {k: sorted(v) for k, v in metrics.items()}, orgs)

"""National figures: a monitor sees every organisation and municipality, a supervisor (or
admin) the whole country and their own organisation — never another one by name. Only
aggregated counts, small cells suppressed (`model.suppression`); every read audited.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from model.municipalities import OTHER, from_legacy, is_code, name_of
from model.national import (
    COUNTS,
    GRANULARITIES,
    INDICATION,
    MONTH,
    NATIONAL,
    NATIONALITY,
    OUTCOME,
    PILOT,
    QUARTER,
    municipality_code,
    municipality_slice,
    org_slice,
    period_bounds,
    periods_between,
)
from model.suppression import HIDDEN, SMALL_COUNT, outflow_pct, shown
from server.config import Settings
from server.errors import Forbidden, InvalidInput, field_errors
from server.services import audit, municipalities, national_grid
from server.services.audit import Action, Actor
from server.services.national_grid import Grid, OrgInfo
from server.services.principals import Principal, Role

MAX_PERIODS = 120
FIRST_YEAR, LAST_YEAR = 2000, 2100
# The pilot is run and reported in the Netherlands: "today" is today there.
REPORTING_ZONE = ZoneInfo("Europe/Amsterdam")
BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("by_indication", INDICATION), ("by_outcome", OUTCOME), ("by_nationality", NATIONALITY))


@dataclasses.dataclass(frozen=True)
class NationalQuery:
    """Which national figures: whole months, quarters or years from the one holding
    `date_from` to the one holding `date_to`; one municipality or all; the pilot only."""

    period: str = MONTH
    date_from: date | None = None
    date_to: date | None = None
    municipality: str | None = None
    pilot_only: bool = False

    def bounds(self, today: date) -> tuple[date, date]:
        """The first and last day asked for (default: this year up to today)."""
        end = self.date_to or max(today, self.date_from or today)
        return self.date_from or date(end.year, 1, 1), end

    def periods(self, today: date) -> list[str]:
        """The period keys asked for."""
        return periods_between(*self.bounds(today), self.period)

    def check(self, today: date) -> None:
        """Raises InvalidInput: an unknown period or municipality, an end before the start,
        a year outside 2000–2100, or more than MAX_PERIODS periods."""
        problems: list[tuple[str, str, dict[str, Any]]] = []
        if self.period not in GRANULARITIES:
            problems.append(("period", "invalid_value", {}))
        if self.municipality is not None and not (
                self.municipality == OTHER or is_code(from_legacy(self.municipality))):
            problems.append(("municipality", "invalid_value", {}))
        for name, day in (("date_from", self.date_from), ("date_to", self.date_to)):
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                problems.append((name, "out_of_range", {"min": FIRST_YEAR, "max": LAST_YEAR}))
        if problems:
            raise InvalidInput(field_errors(*problems))
        start, end = self.bounds(today)
        if end < start:
            problems.append(("date_to", "before_start", {}))
        elif _count(start, end, self.period) > MAX_PERIODS:
            problems.append(("date_from", "too_long", {"max": MAX_PERIODS}))
        if problems:
            raise InvalidInput(field_errors(*problems))


def _count(start: date, end: date, period: str) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if period == MONTH:
        return months
    if period == QUARTER:
        return (end.year - start.year) * 4 + (end.month - 1) // 3 - (start.month - 1) // 3 + 1
    return end.year - start.year + 1


def reporting_today() -> date:
    """Today in the Netherlands: where the periods are counted up to by default."""
    return datetime.now(REPORTING_ZONE).date()


def municipality_name(code: str, names: dict[str, str] | None = None) -> str:
    """The name shown for a municipality code: the name an organisation's list gives it,
    else the first pilot's name, else the code (CBS names are public: no organisation
    is told by it)."""
    return (names or {}).get(code) or name_of(code)


def allowed(principal: Principal) -> bool:
    """Whether the caller may see national figures: monitors, supervisors, admins."""
    return principal.is_monitor or principal.role in (Role.SUPERVISOR, Role.ADMIN)


def national_stats(db: Session, *, principal: Principal, settings: Settings,
                   query: NationalQuery, today: date) -> dict[str, Any]:
    """The national figures asked for, as the caller may see them (audited).

    Raises:
        Forbidden: a worker.
        InvalidInput: see `NationalQuery.check`.
    """
    found = answer(db, principal=principal, query=query, today=today,
                    reference=settings.outflow_reference_pct)
    audit.record(db, actor=Actor.of(principal), action=Action.NATIONAL_STATS)
    db.commit()
    return found


def answer(db: Session, *, principal: Principal, query: NationalQuery, today: date,
           reference: float) -> dict[str, Any]:
    """The figures as the caller may see them (not audited: the callers audit).

    Raises:
        Forbidden: a worker.
        InvalidInput: see `NationalQuery.check`.
    """
    if not allowed(principal):
        raise Forbidden()
    query.check(today)
    keys = query.periods(today)
    grids = national_grid.current(db, {key[:4] for key in keys})
    orgs = _organisations(next(iter(grids.values())), principal, query)
    place = municipality_code(query.municipality) if query.municipality else None
    places = [place] if place else sorted({m for g in grids.values() for m in g.municipalities})
    names = municipalities.known_names(db)
    rows = [{
        "period": key, "start": period_bounds(key)[0].isoformat(),
        "end": period_bounds(key)[1].isoformat(),
        "national": figures(grids[key[:4]], key, PILOT if query.pilot_only else NATIONAL),
        "municipalities": [
            {"code": code, "name": municipality_name(code, names),
             **figures(grids[key[:4]], key,
                       municipality_slice(code, pilot_only=query.pilot_only))}
            for code in places],
        "organisations": [
            {"name": org.name, "in_pilot": org.in_pilot,
             "own": org.id == principal.org_id, **figures(grids[key[:4]], key, org_slice(org.id))}
            for org in orgs],
    } for key in keys]
    return {
        "period": query.period, "date_from": rows[0]["start"], "date_to": rows[-1]["end"],
        "municipality": place, "pilot_only": query.pilot_only,
        "scope": "national" if principal.is_monitor else "own_organisation",
        "reference_pct": reference, "small_count": SMALL_COUNT, "hidden": HIDDEN,
        "periods": rows,
    }


def _organisations(grid: Grid, principal: Principal, query: NationalQuery) -> list[OrgInfo]:
    if not principal.is_monitor:
        own = grid.org(principal.org_id)
        return [own] if own else []
    return [o for o in sorted(grid.orgs, key=lambda o: o.name.casefold())
            if o.in_pilot or not query.pilot_only]


def figures(grid: Grid, period: str, where: str) -> dict[str, Any]:
    """One slice's figures in one period: counts (or "<5" / "x") and the breakdowns."""
    values, marks = grid.values, grid.marks
    found: dict[str, Any] = {m: shown(values, marks, (period, where, m)) for m in COUNTS}
    found["positive_outflow_pct"] = outflow_pct(values, marks, period, where)
    present = grid.metrics.get((period, where), [])
    for key, prefix in BREAKDOWNS:
        found[key] = {m[len(prefix):]: shown(values, marks, (period, where, m))
                      for m in present if m.startswith(prefix)}
    return found

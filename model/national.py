"""National monitoring figures: every organisation's contacts counted on one grid of cells.

A cell is (period, slice, metric): the period a calendar month (`2026-03`), quarter
(`2026-Q1`) or year (`2026`); the slice the whole country, the pilot's organisations,
one organisation or one municipality (by CBS code); the metric a count (docs/domain.md,
"Monitoring figures"). The definitions are those of `model.figures`: a person is
counted once per period and slice, with their latest contact there; new when their
first contact ever falls in the period; their outcome the latest recorded there.

The grid is built one person at a time (all of a person's contacts together), so
memory grows with the number of cells, not of contacts. `model.suppression` then
decides which cells may be shown.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from model.municipalities import OTHER, from_legacy, is_code
from model.values import POSITIVE_OUTCOMES, Outcome

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"
GRANULARITIES: tuple[str, ...] = (MONTH, QUARTER, YEAR)

NATIONAL = "national"
PILOT = "pilot"
ORG_PREFIX = "org:"
MUNICIPALITY_PREFIX = "mun:"
PILOT_MUNICIPALITY_PREFIX = "pmun:"  # a municipality, the pilot's organisations only

CONTACTS = "contacts"
UNIQUE_PERSONS = "unique_persons"
NEW_PERSONS = "new_persons"
WITH_OUTCOME = "persons_with_outcome"
POSITIVE = "positive_outflow_persons"
FORCED_RETURN = "forced_return_persons"
INDICATION = "indication:"
NATIONALITY = "nationality:"
OUTCOME = "outcome:"
# The counts shown as such (the breakdowns follow under their prefixes).
COUNTS: tuple[str, ...] = (CONTACTS, UNIQUE_PERSONS, NEW_PERSONS, WITH_OUTCOME, POSITIVE,
                           FORCED_RETURN)

Cell = tuple[str, str, str]


def municipality_code(value: str) -> str:
    """What a stored `municipality` is counted under: a schema 1 name as its code, a code as
    itself, anything else (`other`, nonsense) as `other`."""
    code = from_legacy(value)
    return code if is_code(code) else OTHER


def org_slice(org_id: str) -> str:
    return ORG_PREFIX + org_id


def municipality_slice(code: str, *, pilot_only: bool = False) -> str:
    return (PILOT_MUNICIPALITY_PREFIX if pilot_only else MUNICIPALITY_PREFIX) + code


def period_of(day: date, granularity: str) -> str:
    """The period `day` falls in: `2026-03`, `2026-Q1` or `2026`."""
    if granularity == MONTH:
        return f"{day.year}-{day.month:02d}"
    if granularity == QUARTER:
        return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
    return str(day.year)


def period_bounds(key: str) -> tuple[date, date]:
    """The first and last day of a period key."""
    year = int(key[:4])
    if len(key) == 4:
        return date(year, 1, 1), date(year, 12, 31)
    if key[5] == "Q":
        first_month = 3 * (int(key[6]) - 1) + 1
        months = 3
    else:
        first_month, months = int(key[5:7]), 1
    start = date(year, first_month, 1)
    after = date(year + (first_month + months - 1) // 12, (first_month + months - 1) % 12 + 1, 1)
    return start, after - timedelta(days=1)


def periods_between(start: date, end: date, granularity: str) -> list[str]:
    """The whole periods from the one holding `start` to the one holding `end`."""
    found: list[str] = []
    day = date(start.year, start.month, 1)
    while day <= end:
        key = period_of(day, granularity)
        if not found or found[-1] != key:
            found.append(key)
        day = period_bounds(key)[1] + timedelta(days=1)
    return found


@functools.lru_cache(maxsize=4096)
def sub_periods(key: str) -> tuple[tuple[str, ...], ...]:
    """The ways a period is made of smaller ones: a year of its quarters and of its months,
    a quarter of its months; a month of nothing."""
    start, end = period_bounds(key)
    if len(key) == 4:
        return (tuple(periods_between(start, end, QUARTER)),
                tuple(periods_between(start, end, MONTH)))
    if key[5] == "Q":
        return (tuple(periods_between(start, end, MONTH)),)
    return ()


@dataclass(frozen=True)
class Seen:
    """One contact as the national figures need it: no name, alias, note or answer."""

    org_id: str
    person_id: str
    municipality: str
    day: date
    updated_at: datetime
    nationality: str
    indication: str
    outcome: str | None


def count_person(grid: Counter[Cell], contacts: list[Seen], *, in_pilot: bool) -> None:
    """Add one person's contacts (all of them, ever, in one organisation) to `grid`."""
    first = min(c.day for c in contacts)
    whole = [NATIONAL, org_slice(contacts[0].org_id), *([PILOT] if in_pilot else [])]
    for granularity in GRANULARITIES:
        first_period = period_of(first, granularity)
        by_period: dict[str, list[Seen]] = {}
        for c in contacts:
            by_period.setdefault(period_of(c.day, granularity), []).append(c)
        for period, seen in by_period.items():
            new = period == first_period
            _count(grid, period, whole, seen, new=new)
            by_place: dict[str, list[Seen]] = {}
            for c in seen:
                by_place.setdefault(municipality_code(c.municipality), []).append(c)
            for code, there in by_place.items():
                places = [municipality_slice(code)]
                if in_pilot:
                    places.append(municipality_slice(code, pilot_only=True))
                _count(grid, period, places, there, new=new)


def _count(grid: Counter[Cell], period: str, slices: list[str], seen: list[Seen], *,
           new: bool) -> None:
    latest = max(seen, key=lambda c: (c.day, c.updated_at))
    metrics = [UNIQUE_PERSONS, NATIONALITY + latest.nationality, INDICATION + latest.indication]
    if new:
        metrics.append(NEW_PERSONS)
    with_outcome = [c for c in seen if c.outcome]
    if with_outcome:
        outcome = max(with_outcome, key=lambda c: (c.day, c.updated_at, c.outcome or "")).outcome
        metrics += [WITH_OUTCOME, OUTCOME + str(outcome)]
        if outcome in POSITIVE_OUTCOMES:
            metrics.append(POSITIVE)
        if outcome == Outcome.FORCED_RETURN:
            metrics.append(FORCED_RETURN)
    for where in slices:
        grid[(period, where, CONTACTS)] += len(seen)
        for metric in metrics:
            grid[(period, where, metric)] += 1


def national_grid(persons: Iterable[list[Seen]], *, pilot: frozenset[str]) -> Counter[Cell]:
    """The grid of every person's contacts (`pilot`: the organisations in the pilot)."""
    grid: Counter[Cell] = Counter()
    for contacts in persons:
        if contacts:
            count_person(grid, contacts, in_pilot=contacts[0].org_id in pilot)
    return grid

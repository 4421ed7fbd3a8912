"""The reporting periods offered on the figures page, as contact-date ranges."""

from __future__ import annotations

from datetime import date, timedelta

from server.services.national import reporting_today

THIS_MONTH = "this_month"
LAST_MONTH = "last_month"
THIS_QUARTER = "this_quarter"
LAST_QUARTER = "last_quarter"
THIS_YEAR = "this_year"
LAST_YEAR = "last_year"
ALL_TIME = "all_time"
CUSTOM = "custom"

PRESETS: tuple[str, ...] = (THIS_MONTH, LAST_MONTH, THIS_QUARTER, LAST_QUARTER, THIS_YEAR,
                            LAST_YEAR, ALL_TIME, CUSTOM)

def today() -> date:
    return reporting_today()


def period(preset: str, *, on: date) -> tuple[date | None, date | None]:
    """The first and last day of `preset` as seen on the day `on` (None: open end)."""
    if preset == THIS_MONTH:
        return on.replace(day=1), _month_end(on)
    if preset == LAST_MONTH:
        last = on.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if preset in (THIS_QUARTER, LAST_QUARTER):
        start = date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
        if preset == LAST_QUARTER:
            start = _quarter_start(start - timedelta(days=1))
        return start, _month_end(date(start.year, start.month + 2, 1))
    if preset == THIS_YEAR:
        return date(on.year, 1, 1), date(on.year, 12, 31)
    if preset == LAST_YEAR:
        return date(on.year - 1, 1, 1), date(on.year - 1, 12, 31)
    return None, None


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _month_end(day: date) -> date:
    first_next = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return first_next - timedelta(days=1)


def every_week(counts: dict[str, int]) -> list[tuple[str, int]]:
    """Counts per ISO week ("2026-W07") from the first to the last, empty weeks as 0."""
    if not counts:
        return []
    first, last = (date.fromisocalendar(int(k[:4]), int(k[6:]), 1) for k in (min(counts),
                                                                              max(counts)))
    weeks: list[tuple[str, int]] = []
    day = first
    while day <= last:
        iso = day.isocalendar()
        key = f"{iso.year}-W{iso.week:02d}"
        weeks.append((key, counts.get(key, 0)))
        day += timedelta(days=7)
    return weeks

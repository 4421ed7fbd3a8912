"""Dates, times and numbers are written the way each language writes them, in Dutch time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from locales import (
    format_date,
    format_datetime,
    format_decimal,
    format_number,
    format_percent,
    list_separator,
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "Mar 7, 2025"), ("nl", "7 mrt 2025"), ("pl", "7 mar 2025"),
     ("ro", "7 mar. 2025"), ("bg", "7.03.2025\u202fг.")],
)
def test_date_is_written_per_language(lang: str, expected: str) -> None:
    assert format_date(date(2025, 3, 7), lang) == expected


def test_winter_time_is_one_hour_ahead_of_utc() -> None:
    assert format_datetime(datetime(2025, 1, 15, 22, 30, tzinfo=UTC), "nl") == "15-01-2025, 23:30"


def test_summer_time_moves_a_late_utc_evening_to_the_next_day() -> None:
    assert format_datetime(datetime(2025, 7, 7, 22, 30, tzinfo=UTC), "pl") == "8.07.2025, 00:30"


def test_a_time_from_another_zone_is_shown_in_dutch_time() -> None:
    athens = timezone(timedelta(hours=3))
    assert format_datetime(datetime(2025, 7, 7, 12, 0, tzinfo=athens), "ro") == "07.07.2025, 11:00"


def test_naive_datetime_counts_as_utc() -> None:
    assert format_datetime(datetime(2025, 1, 15, 22, 30), "nl") == "15-01-2025, 23:30"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "12,345.5"), ("nl", "12.345,5"), ("pl", "12\xa0345,5"), ("ro", "12.345,5"),
     ("bg", "12\xa0345,5")],
)
def test_number_separators_follow_the_language(lang: str, expected: str) -> None:
    assert format_number(12345.5, lang) == expected
    assert format_decimal(12345.5, lang) == expected


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "62%"), ("nl", "62%"), ("ro", "62\xa0%"), ("bg", "62%")]
)
def test_positive_outflow_share_as_percent(lang: str, expected: str) -> None:
    assert format_percent(0.62, lang) == expected


def test_unknown_language_formats_as_english() -> None:
    assert format_date(date(2025, 3, 7), "xx") == "Mar 7, 2025"


@pytest.mark.parametrize(("lang", "separator"), [
    ("en", ","), ("nl", ";"), ("pl", ";"), ("ro", ";"), ("bg", ";"), ("xx", ",")])
def test_csv_cells_are_separated_as_a_spreadsheet_in_the_language_expects(
        lang: str, separator: str) -> None:
    assert list_separator(lang) == separator

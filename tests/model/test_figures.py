"""Monitoring figures on a small data set worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from model import Period, monitoring_figures, new_contact
from tests.factories import ENROLLMENT, REQUIRED_ANONYMOUS

P = "00000000-0000-4000-8000-0000000000"  # person ids: P + two digits


def at(day: date, person: str, **fields: object):  # type: ignore[no-untyped-def]
    now = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    values = {**REQUIRED_ANONYMOUS, "person_id": P + person, "contact_date": day, **fields}
    return new_contact(values, enrollment=ENROLLMENT, now=now)


NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30))

# Person 01: seen in October and twice in November; found work.
# Person 02: first seen in November, Romanian; voluntary return.
# Person 03: first seen in November, Bulgarian; forced return (never positive).
# Person 04: first seen in November in Rotterdam; no outcome; indication A.
# Person 05: back to the street in October only (outside the period).
DATA = [
    at(date(2026, 10, 20), "01", nationality="PL"),
    at(date(2026, 11, 2), "01", nationality="PL", referrals=frozenset({"work_guidance"})),
    at(date(2026, 11, 16), "01", nationality="PL", outcome="found_work"),
    at(date(2026, 11, 3), "02", nationality="RO",
       referrals=frozenset({"barka_return", "pilot_shelter"})),
    at(date(2026, 11, 17), "02", nationality="RO", outcome="voluntary_return"),
    at(date(2026, 11, 10), "03", nationality="BG", outcome="forced_return",
       referrals=frozenset({"pilot_shelter"})),
    at(date(2026, 11, 11), "04", nationality="PL", municipality="GM0599",
       entitlement={"works_now": "yes"}),
    at(date(2026, 10, 5), "05", nationality="HU", outcome="back_to_street"),
]


def test_november_figures_match_the_hand_count() -> None:
    f = monitoring_figures(DATA, period=NOVEMBER)
    assert f.contacts == 6
    assert f.unique_persons == 4
    assert f.new_persons == 3  # 01 was first seen in October
    assert f.by_nationality == {"PL": 2, "RO": 1, "BG": 1}
    assert f.by_referral == {"pilot_shelter": 2, "work_guidance": 1, "barka_return": 1}
    assert f.by_outcome == {"found_work": 1, "voluntary_return": 1, "forced_return": 1}
    assert f.persons_with_outcome == 3
    assert f.positive_outflow_persons == 2
    assert f.forced_return_persons == 1
    assert f.positive_outflow_pct == pytest.approx(66.7)
    assert f.by_indication == {"A": 1, "none": 3}
    assert f.contacts_per_week == {"2026-W45": 2, "2026-W46": 2, "2026-W47": 2}


def test_figures_per_municipality() -> None:
    f = monitoring_figures(DATA, period=NOVEMBER, municipality="GM0599")
    assert (f.contacts, f.unique_persons, f.new_persons) == (1, 1, 1)
    assert f.positive_outflow_pct is None  # no outcomes: no percentage, not 0 %


def test_latest_outcome_of_a_person_counts_once() -> None:
    day = date(2026, 11, 5)
    data = [at(day, "07", outcome="back_to_street"),
            at(day + timedelta(days=9), "07", outcome="follow_up_facility")]
    f = monitoring_figures(data, period=NOVEMBER)
    assert f.by_outcome == {"follow_up_facility": 1}
    assert f.positive_outflow_pct == 100.0


def test_open_period_counts_everything() -> None:
    f = monitoring_figures(DATA, period=Period())
    assert (f.contacts, f.unique_persons, f.new_persons) == (8, 5, 5)
    assert f.positive_outflow_pct == pytest.approx(50.0)


def test_empty_input_gives_zero_figures() -> None:
    f = monitoring_figures([], period=NOVEMBER)
    assert (f.contacts, f.unique_persons, f.positive_outflow_pct) == (0, 0, None)
